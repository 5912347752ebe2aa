"""The dataset form in the browser's two languages: Vietnamese by default, English under /en/."""
from __future__ import annotations

import re

import pytest

from ckan.tests.helpers import call_action

from ckanext.huedata import vocabularies as vocab
from ckanext.huedata.tests.conftest import hue_schema


def _auth(user: dict) -> dict:
    return {"Authorization": user["token"]}


def _form(agency: dict, **overrides) -> dict:
    data = {
        "name": "tram-y-te", "title": "Danh sách trạm y tế phường", "notes": "Trạm y tế các phường, xã",
        "owner_org": agency["id"], "sector": "health", "data_kind": "sector_data",
        "update_frequency": "monthly", "spatial_coverage": vocab.wards()[1].code,
        "temporal_start": "2025-01-01", "temporal_end": "2025-12-31", "tag_string": "y tế,trạm y tế",
        "license_id": "cc-by", "legal_basis": "Quyết định 06/2021/QĐ-UBND", "access_level": "open",
        "shared_catalogue": "True", "contact_name": "Trần Thị Bình", "contact_email": "syt@hue.gov.vn",
        "contact_phone": "0234 3822 000", "save": "continue", "_ckan_phase": "dataset_new_1", "pkg_name": "",
    }
    data.update(overrides)
    return data


@hue_schema
class TestDatasetForm:
    def test_new_dataset_form_shows_vietnamese_labels_and_choices(self, app, editor):
        page = app.get("/dataset/new", headers=_auth(editor)).body
        for label in ("Lĩnh vực", "Loại dữ liệu", "Tần suất cập nhật", "Phạm vi không gian",
                      "Thời gian bắt đầu", "Căn cứ pháp lý", "Mức độ truy cập", "Thuộc Danh mục CSDL dùng chung",
                      "Người liên hệ", "Du lịch", "Hằng quý", "Toàn thành phố Huế", vocab.wards()[0].vi):
            assert label in page, label
        assert '<option value="quarterly" selected' in page

    def test_english_form_under_en_prefix(self, app, editor):
        page = app.get("/en/dataset/new", headers=_auth(editor)).body
        for label in ("Sector", "Kind of data", "Update frequency", "Quarterly", "The whole city of Huế"):
            assert label in page, label

    def test_invalid_email_shows_vietnamese_error_and_keeps_the_entered_values(self, app, editor, agency):
        response = app.post("/dataset/new", headers=_auth(editor),
                            data=_form(agency, contact_email="khong-phai-email"))
        page = response.body
        assert "Địa chỉ thư điện tử không hợp lệ" in page
        assert 'value="khong-phai-email"' in page
        assert "Danh sách trạm y tế phường" in page
        assert 'value="Trần Thị Bình"' in page
        assert re.search(rf'value="{vocab.wards()[1].code}"\s+selected', page)
        assert '<option value="monthly" selected' in page
        assert call_action("package_search", q="name:tram-y-te")["count"] == 0

    def test_invalid_date_shows_english_error_under_en(self, app, editor, agency):
        page = app.post("/en/dataset/new", headers=_auth(editor),
                        data=_form(agency, temporal_start="2025-13-45")).body
        assert "Date must be written as YYYY-MM-DD" in page
        assert 'value="2025-13-45"' in page

    def test_a_valid_form_creates_the_dataset_with_every_field(self, app, editor, agency):
        app.post("/dataset/new", headers=_auth(editor), data=_form(agency))
        shown = call_action("package_show", id="tram-y-te")
        assert shown["sector"] == "health"
        assert shown["spatial_coverage"] == [vocab.wards()[1].code]
        assert shown["shared_catalogue"] is True
        assert shown["contact_phone"] == "0234 3822 000"
        assert {t["name"] for t in shown["tags"]} == {"y tế", "trạm y tế"}

    def test_dataset_page_shows_attribution_and_names_of_codes(self, app, agency):
        call_action("package_create", name="di-tich", title="Di tích Cố đô", notes="Danh sách di tích",
                    owner_org=agency["id"], sector="culture", spatial_coverage=[vocab.wards()[2].code])
        page = app.get("/dataset/di-tich").body
        assert ("Khi sử dụng dữ liệu, vui lòng trích dẫn nguồn: Cổng dữ liệu mở thành phố Huế "
                "(data.hue.gov.vn)") in page
        assert vocab.wards()[2].vi in page
        assert "Văn hóa" in page
        english = app.get("/en/dataset/di-tich").body
        assert "please cite the source: Huế City Open Data Portal (data.hue.gov.vn)" in english
        assert "Culture" in english


@pytest.fixture
def editor(agency):
    from ckan.tests import factories

    user = factories.UserWithToken()
    call_action("organization_member_create", id=agency["id"], username=user["name"], role="editor")
    return user
