"""Deadline pages: city dashboard, agency dashboard, dataset box, downloads."""

from __future__ import annotations

import csv
import io

import ckan.model as model
import pytest
from ckan.tests import factories
from openpyxl import load_workbook

from ckanext.huequality.deadlines.model import UpdateEvent
from ckanext.huequality.tests.conftest import PLUGINS, hue

NOW = hue(2026, 5, 1)


@pytest.fixture
def at_now(frozen_now):
    frozen_now(NOW)


@pytest.mark.ckan_config("ckan.plugins", PLUGINS)
@pytest.mark.usefixtures("with_plugins", "clean_db", "at_now")
class TestCityDashboard:
    def test_shows_each_agency_compliance_and_the_chart(self, app, city):
        html = app.get("/deadlines/", query_string={"period": "2026-Q1"}).body
        assert "Sở Tài nguyên và Môi trường" in html and "UBND phường Phú Hội" in html
        assert "<svg" in html and "2025-Q2" in html and "2026-Q1" in html  # 8 quarters: 2024-Q2 .. 2026-Q1
        assert "2024-Q2" in html and "2024-Q1" not in html
        assert "60.0" in html and "57.1" in html

    def test_default_page_is_in_vietnamese(self, app, city):
        html = app.get("/deadlines/", query_string={"period": "2026-Q1"}).body
        assert "Hạn cập nhật dữ liệu của các cơ quan" in html

    def test_sorting_by_on_time_rate(self, app, city):
        html = app.get("/deadlines/", query_string={"period": "2026-Q1", "sort": "on_time_pct", "dir": "desc"}).body
        assert html.index("Sở Tài nguyên") < html.index("UBND phường Phú Hội") < html.index("Sở chưa có dữ liệu")
        html = app.get("/deadlines/", query_string={"period": "2026-Q1", "sort": "on_time_pct", "dir": "asc"}).body
        assert html.index("UBND phường Phú Hội") < html.index("Sở Tài nguyên") < html.index("Sở chưa có dữ liệu")

    def test_bad_period_is_a_clear_400(self, app):
        response = app.get("/deadlines/", query_string={"period": "quý 1"}, status=400)
        assert "Kỳ không hợp lệ" in response.body
        response = app.get("/en/deadlines/", query_string={"period": "quý 1"}, status=400)
        assert "Not a period" in response.body

    def test_csv_has_the_dashboard_numbers(self, app, city):
        response = app.get("/en/deadlines/report.csv", query_string={"period": "2026-Q1"})
        rows = list(csv.reader(io.StringIO(response.body.lstrip("\ufeff"))))
        assert rows[0][:3] == ["Agency", "Datasets with a deadline", "On time"]
        by_name = {row[0]: row for row in rows[1:]}
        assert by_name["Sở Tài nguyên và Môi trường"][1:8] == ["5", "3", "1", "1", "0", "60.0", "1"]
        assert by_name["Whole city"][1:7] == ["7", "4", "1", "2", "0", "57.1"]

    def test_xlsx_has_the_same_numbers_as_the_csv(self, app, city):
        response = app.get("/en/deadlines/report.xlsx", query_string={"period": "2026-Q1"})
        sheet = load_workbook(io.BytesIO(response.data)).active
        rows = {r[0]: r for r in sheet.iter_rows(min_row=3, values_only=True)}
        assert rows["Sở Tài nguyên và Môi trường"][1:7] == (5, 3, 1, 1, 0, 60.0)
        assert rows["Whole city"][6] == 57.1

    def test_unknown_download_format_is_404(self, app):
        app.get("/deadlines/report.pdf", status=404)


@pytest.mark.ckan_config("ckan.plugins", PLUGINS)
@pytest.mark.usefixtures("with_plugins", "clean_db", "at_now")
class TestAgencyDashboard:
    def test_lists_datasets_most_urgent_first(self, app, city, frozen_now):
        frozen_now(hue(2026, 4, 12))  # Q1 deadline in 3 days: unmet ones are due soon
        html = app.get("/en/deadlines/agency/so-tnmt").body
        assert html.index("a-late") < html.index("a-on-time")
        assert html.index("a-overdue") < html.index("a-irregular")
        assert "Due soon" in html and "Not required" in html

    def test_private_datasets_only_for_members(self, app):
        member = factories.User()
        org = factories.Organization(users=[{"name": member["name"], "capacity": "editor"}])
        factories.Dataset(owner_org=org["id"], private=True, name="secret-plans")
        assert "secret-plans" not in app.get(f"/deadlines/agency/{org['name']}").body
        html = app.get(
            f"/deadlines/agency/{org['name']}",
            headers={"Authorization": factories.APIToken(user=member["name"])["token"]},
        ).body
        assert "secret-plans" in html

    def test_unknown_agency_is_404(self, app):
        app.get("/deadlines/agency/no-such-agency", status=404)


@pytest.mark.ckan_config("ckan.plugins", PLUGINS)
@pytest.mark.usefixtures("with_plugins", "clean_db", "at_now")
class TestDatasetPage:
    def test_shows_next_deadline_and_status(self, app, city):
        html = app.get("/en/dataset/a-overdue").body
        assert "Update deadline" in html and "2026-Q2" in html
        assert "huequality-status-overdue" in html  # Q1 in the recent periods

    def test_editor_confirms_no_change_from_the_page(self, app, city):
        editor = factories.User()
        helpers_org = model.Group.get("so-tnmt")
        member = model.Member(
            group=helpers_org,
            table_id=model.User.get(editor["name"]).id,
            table_name="user",
            capacity="editor",
            state="active",
        )
        model.Session.add(member)
        model.Session.commit()
        token = factories.APIToken(user=editor["name"])["token"]
        html = app.get("/en/dataset/a-overdue", headers={"Authorization": token}).body
        assert "Confirm no change this period" in html
        app.post(
            "/deadlines/dataset/a-overdue/confirm",
            data={"note": "nothing new"},
            headers={"Authorization": token},
            follow_redirects=False,
            status=302,
        )
        event = model.Session.query(UpdateEvent).filter_by(kind="no_change", note="nothing new").one()
        assert event.user_id == model.User.get(editor["name"]).id

    def test_anonymous_cannot_confirm(self, app, city):
        assert "Confirm no change" not in app.get("/en/dataset/a-overdue").body
        app.post("/deadlines/dataset/a-overdue/confirm", data={"note": "x"}, status=403)


@pytest.mark.ckan_config("ckan.plugins", PLUGINS)
@pytest.mark.usefixtures("with_plugins", "clean_db", "at_now")
def test_demo_history_fills_the_city_dashboard(app):
    from ckanext.huequality.deadlines.logic.demo import seed_demo_history

    org = factories.Organization(name="so-du-lich", title="Sở Du lịch")
    for n in range(6):
        factories.Dataset(owner_org=org["id"], name=f"du-lich-{n}")
    assert seed_demo_history(NOW) > 6
    assert seed_demo_history(NOW) == 0  # datasets with history are left alone
    report = app.get("/api/3/action/huequality_deadline_report", query_string={"period": "2026-Q1"}).json["result"]
    [row] = report["agencies"]
    assert row["datasets_required"] == 6 and row["on_time"] + row["late"] + row["overdue"] == 6
    html = app.get("/deadlines/", query_string={"period": "2026-Q1"}).body
    assert "Sở Du lịch" in html and html.count("<rect") == 8
