"""Demand (counted visits, requests, reports) and the annual agency report: page, CSV and XLSX agree."""
from __future__ import annotations

import csv
import datetime as dt
import io

import pytest
from openpyxl import load_workbook

from ckanext.huefeedback.tests.conftest import PLUGINS, call

NOW = dt.datetime(2026, 11, 20, 3, 0, tzinfo=dt.timezone.utc)


@pytest.fixture
def busy_city(city, frozen_now, app):
    """Visits counted through the pages, a report, and requests (one answered, one waiting)."""
    frozen_now(NOW)
    resource_id = city["public"]["resources"][0]["id"]
    for agent in ("Mozilla/5.0 A", "Mozilla/5.0 B", "Mozilla/5.0 B"):      # B twice on one day: counted once
        app.get("/dataset/quan-trac-nuoc", headers={"User-Agent": agent})
        app.get(f"/dataset/quan-trac-nuoc/resource/{resource_id}/download", headers={"User-Agent": agent},
                follow_redirects=False)
    app.get("/dataset/quan-trac-nuoc", headers={"User-Agent": "Googlebot/2.1"})          # a robot: not counted
    app.get("/dataset/noi-bo", headers={"User-Agent": "Mozilla/5.0 A"},
            extra_environ={"REMOTE_USER": "a-editor"})                                   # private: not counted
    app.get("/dataset/truong-hoc", headers={"User-Agent": "Mozilla/5.0 C"})
    with app.flask_app.test_request_context():
        call("huefeedback_report_create", "citizen", package_id="quan-trac-nuoc", category="wrong_value",
             description="Sai đơn vị đo độ đục")
        answered = call("huefeedback_request_create", "citizen", title="Chất lượng nước sông Hương",
                        description="Theo tháng", purpose="Báo chí", organization="so-tnmt", sector="environment")
        call("huefeedback_request_publish", "a-editor", id=answered["id"], package_id="quan-trac-nuoc")
        call("huefeedback_request_create", "citizen", title="Điểm trường mầm non tư thục", description="Địa chỉ, quy mô",
             purpose="Phụ huynh chọn trường", organization="so-gddt", sector="education")
    return city


@pytest.mark.ckan_config("ckan.plugins", PLUGINS)
@pytest.mark.usefixtures("with_plugins", "clean_db")
class TestDemand:
    def test_counts_distinct_visitors_of_public_datasets_without_robots(self, busy_city):
        demand = call("huefeedback_demand", None, days=30)
        wanted = {row["name"]: row for row in demand["most_wanted"]}
        assert (wanted["quan-trac-nuoc"]["views"], wanted["quan-trac-nuoc"]["downloads"]) == (2, 2)
        assert (wanted["quan-trac-nuoc"]["reports"], wanted["quan-trac-nuoc"]["requests"]) == (1, 1)
        assert wanted["truong-hoc"]["views"] == 1 and "noi-bo" not in wanted
        assert demand["most_wanted"][0]["name"] == "quan-trac-nuoc"
        assert [row["name"] for row in demand["most_downloaded"]] == ["quan-trac-nuoc"]
        assert [r["title"] for r in demand["requested_not_published"]] == ["Điểm trường mầm non tư thục"]

    def test_per_agency_and_per_sector(self, busy_city):
        demand = call("huefeedback_demand", None, days=30)
        agencies = {row["title"]: row for row in demand["agencies"]}
        assert agencies["Sở Tài nguyên và Môi trường"]["views"] == 2
        assert agencies["Sở Giáo dục và Đào tạo"]["requests_open"] == 1
        sectors = {row["key"]: row for row in demand["sectors"]}
        assert sectors["environment"]["downloads"] == 2 and sectors["education"]["requests"] == 1
        assert sectors["environment"]["title"] == "Môi trường"
        one = call("huefeedback_demand", None, organization="so-gddt")
        assert [row["name"] for row in one["most_wanted"]] == ["truong-hoc"]
        assert one["requested_not_published"][0]["organization"]["name"] == "so-gddt"

    def test_city_and_agency_pages(self, app, busy_city):
        html = app.get("/nhu-cau-du-lieu").get_data(as_text=True)
        assert "Được quan tâm nhiều nhất" in html and "Quan trắc nước" in html
        assert "Được yêu cầu nhưng chưa công bố" in html and "Điểm trường mầm non tư thục" in html
        html = app.get("/organization/so-tnmt/nhu-cau").get_data(as_text=True)
        assert "Quan trắc nước" in html and "Trường học" not in html
        assert "Dữ liệu nội bộ" not in html


@pytest.mark.ckan_config("ckan.plugins", PLUGINS)
@pytest.mark.usefixtures("with_plugins", "clean_db")
class TestAnnualReport:
    def test_action_counts_each_agency_year(self, busy_city):
        report = call("huefeedback_annual_report", None, year=2026)
        rows = {row["name"]: row for row in report["agencies"]}
        a = rows["so-tnmt"]
        assert a["datasets_total"] == 1                      # the private dataset is not published
        assert a["resources_total"] == 1
        assert a["reports_received"] == 1 and a["reports_on_time"] == 0
        assert a["requests_received"] == 1 and a["requests_answered"] == 1 and a["requests_on_time"] == 1
        assert (a["views"], a["downloads"]) == (2, 2)
        assert rows["so-gddt"]["requests_received"] == 1 and rows["so-gddt"]["requests_answered"] == 0
        assert report["city"]["datasets_total"] == 2
        assert sum(a[f"new_q{q}"] for q in (1, 2, 3, 4)) == a["datasets_new"]
        assert a["badge_none"] + sum(a[f"badge_{b}"] for b in ("xuat_sac", "tot", "dat", "chua_dat")) == 1
        assert call("huefeedback_annual_report", None, year=2025)["city"]["datasets_total"] == 0

    def test_page_csv_and_xlsx_show_the_same_numbers(self, app, busy_city):
        report = call("huefeedback_annual_report", None, year=2026)
        page = app.get("/bao-cao-nam/", query_string={"year": 2026}).get_data(as_text=True)
        text = app.get("/bao-cao-nam/bao-cao.csv", query_string={"year": 2026}).get_data(as_text=True)
        rows = list(csv.reader(io.StringIO(text.lstrip("\ufeff"))))
        book = load_workbook(io.BytesIO(app.get("/bao-cao-nam/bao-cao.xlsx", query_string={"year": 2026}).data))
        sheet = [[("" if c is None else str(c)) for c in row] for row in book.active.iter_rows(values_only=True)]
        assert rows[0][0] == "Cơ quan" and "Yêu cầu dữ liệu trả lời đúng hạn" in rows[0]
        assert rows == sheet
        by_name = {row["title"]: row for row in report["agencies"]}
        for line in rows[1:-1]:
            expected = by_name[line[0]]
            assert line[rows[0].index("Báo lỗi đã nhận")] == str(expected["reports_received"])
            assert line[rows[0].index("Lượt tải về")] == str(expected["downloads"])
            assert line[0] in page
        assert rows[-1][0] == "Toàn thành phố"
        assert rows[-1][rows[0].index("Bộ dữ liệu đã công bố (cuối năm)")] == str(report["city"]["datasets_total"])

    def test_bad_year_is_a_clear_error(self, app, busy_city):
        response = app.get("/bao-cao-nam/", query_string={"year": "1999"}, status=400)
        assert "Nhập năm từ 2000 đến 2100." in response.get_data(as_text=True)
        app.get("/bao-cao-nam/", query_string={"organization": "khong-co"}, status=404)
        app.get("/bao-cao-nam/bao-cao.pdf", status=404)
