"""A small Vietnamese catalogue indexed once per test module, and users with different rights."""
from __future__ import annotations

from dataclasses import dataclass
from typing import Any

import pytest
import datetime as dt

import ckan.model as model
import ckan.plugins as plugins
from ckan.lib import search
from ckan.tests import factories, helpers


@dataclass
class Corpus:
    sysadmin: dict[str, Any]
    editor: dict[str, Any]  # editor of so-giao-duc
    outsider: dict[str, Any]  # a logged-in user with no organisation
    datasets: dict[str, dict[str, Any]]


def _dataset(name: str, **fields: Any) -> dict[str, Any]:
    return factories.Dataset(name=name, **fields)


@pytest.fixture(scope="module")
def corpus(reset_db, reset_index, migrate_db_for) -> Corpus:
    """Loaded once per module: tests read it and must not change it."""
    loaded_here = not plugins.plugin_loaded("huesearch")
    if loaded_here:
        plugins.load("huesearch")
    reset_db()
    migrate_db_for("huesearch")
    reset_index()

    sysadmin = factories.Sysadmin(name="quan-tri")
    editor = factories.User(name="bien-tap-giao-duc")
    outsider = factories.User(name="nguoi-ngoai")
    giao_duc = factories.Organization(name="so-giao-duc", title="Sở Giáo dục và Đào tạo",
                                      users=[{"name": editor["name"], "capacity": "editor"}])
    y_te = factories.Organization(name="so-y-te", title="Sở Y tế")
    van_hoa = factories.Organization(name="trung-tam-bao-ton-di-tich", title="Trung tâm Bảo tồn di tích Cố đô Huế")
    ban_do = factories.Group(name="ban-do", title="Bản đồ")

    datasets = {}
    datasets["truong-hoc"] = _dataset(
        "truong-hoc", title="Danh sách trường học thành phố Huế", owner_org=giao_duc["id"],
        notes="Các trường mầm non, tiểu học và trung học cơ sở.",
        tags=[{"name": "giáo dục"}, {"name": "trường học"}], license_id="cc-by",
        groups=[{"name": ban_do["name"]}],
        resources=[{"url": "http://example.org/truong.csv", "format": "CSV", "name": "Danh sách trường"}])
    datasets["tram-y-te"] = _dataset(
        "tram-y-te", title="Trạm y tế phường, xã", owner_org=y_te["id"],
        notes="Trạm y tế gần trường học và chợ.", tags=[{"name": "y tế"}], license_id="odc-by",
        resources=[{"url": "http://example.org/tram.json", "format": "JSON", "name": "Trạm y tế"}])
    datasets["khong-khi"] = _dataset(
        "khong-khi", title="Chất lượng không khí", owner_org=y_te["id"],
        notes="Dữ liệu quan trắc bụi mịn PM2.5 hằng giờ.", tags=[{"name": "môi trường"}],
        license_id="cc-by",
        resources=[{"url": "http://example.org/aqi.csv", "format": "CSV", "name": "Quan trắc",
                    "description": "Trạm đặt tại trường học Quốc Học"}])
    datasets["di-tich"] = _dataset(
        "di-tich", title="Di tích Cố đô Huế", owner_org=van_hoa["id"],
        notes="Đại Nội, lăng tẩm và các điểm tham quan.", tags=[{"name": "du lịch"}, {"name": "Huế"}],
        license_id="cc-by", groups=[{"name": ban_do["name"]}],
        resources=[{"url": "http://example.org/ditich.csv", "format": "CSV"},
                   {"url": "http://example.org/ditich.xlsx", "format": "XLSX"}])
    datasets["duong-pho"] = _dataset(
        "duong-pho", title="Danh mục đường phố", owner_org=van_hoa["id"],
        notes="Tên đường, phố trên địa bàn.", license_id="cc-by")
    datasets["diem-thi"] = _dataset(
        "diem-thi", title="Điểm thi tuyển sinh lớp 10", owner_org=giao_duc["id"], private=True,
        notes="Chỉ dành cho cán bộ Sở.", tags=[{"name": "giáo dục"}], license_id="cc-by",
        resources=[{"url": "http://example.org/diem.csv", "format": "CSV"}])
    datasets["ban-nhap"] = _dataset(
        "ban-nhap", title="Bản nháp trường học", owner_org=giao_duc["id"], state="draft",
        license_id="cc-by")
    # when each dataset was last modified, as the date-range and sort tests expect
    modified = {"truong-hoc": "2024-03-10", "tram-y-te": "2025-02-01", "khong-khi": "2025-06-15",
                "di-tich": "2025-09-01", "duong-pho": "2025-10-01", "diem-thi": "2025-10-01",
                "ban-nhap": "2025-10-01"}
    for name, day in modified.items():
        model.Session.query(model.Package).filter_by(name=name).update(
            {"metadata_modified": dt.datetime.fromisoformat(day + "T08:00:00")})
    model.Session.commit()
    search.rebuild(package_ids=[d["id"] for d in datasets.values()], quiet=True)

    yield Corpus(sysadmin=sysadmin, editor=editor, outsider=outsider, datasets=datasets)
    if loaded_here:
        plugins.unload("huesearch")


@pytest.fixture
def search_as():
    """package_search with a real user's permissions (None: anonymous)."""

    def search(user: dict[str, Any] | None, **params: Any) -> dict[str, Any]:
        context = {"user": user["name"] if user else "", "ignore_auth": False}
        return helpers.call_action("package_search", context=context, **params)

    return search
