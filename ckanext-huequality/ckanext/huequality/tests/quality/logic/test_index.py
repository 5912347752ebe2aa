"""Timeliness from the deadline tracker, and the Data Quality Index (the job: tests/test_jobs.py)."""

from __future__ import annotations

import pytest
from ckan.tests import factories, helpers

from ..conftest import QUALITY_PLUGINS


@pytest.mark.usefixtures("with_plugins", "clean_db", "with_request_context")
class TestTimeliness:
    @pytest.mark.ckan_config("ckan.plugins", QUALITY_PLUGINS)
    def test_an_irregular_dataset_has_no_timeliness_score_from_the_tracker(self):
        pkg = factories.Dataset(extras=[{"key": "update_frequency", "value": "irregular"}])
        result = helpers.call_action("huequality_dataset_quality_recompute", id=pkg["id"])
        assert result["scores"]["timeliness"] is None


@pytest.mark.ckan_config("ckan.plugins", QUALITY_PLUGINS)
@pytest.mark.usefixtures("with_plugins", "clean_db", "with_request_context")
class TestQualityIndex:
    def _scored(self, org, text, csv_upload):
        pkg = factories.Dataset(owner_org=org["id"])
        csv_upload(pkg["id"], text)
        return helpers.call_action("huequality_dataset_quality_recompute", id=pkg["id"])

    def test_index_per_agency_and_city_for_a_quarter(self, csv_upload, app):
        department = factories.Organization(name="so-khoa-hoc-cong-nghe", title="Sở Khoa học và Công nghệ")
        org_a = factories.Organization(title="Sở A")
        org_b = factories.Organization(title="Sở B")
        a1 = self._scored(org_a, "id\n1\n2\n", csv_upload)
        a2 = self._scored(org_a, "id\n1\n1\n", csv_upload)
        b1 = self._scored(org_b, "id\n1\n2\n3\n", csv_upload)
        sysadmin = factories.Sysadmin()
        helpers.call_action("huequality_index_compute", {"user": sysadmin["name"]}, period="2026-Q4")
        index = helpers.call_action("huequality_index", {"user": ""}, period="2026-Q4")
        by_org = {r["org_id"]: r for r in index["rows"]}
        assert index["periods"] == ["2026-Q4"]
        assert by_org[org_a["id"]]["datasets"] == 2
        assert by_org[org_a["id"]]["score"] == round((a1["composite"] + a2["composite"]) / 2, 1)
        assert by_org[org_b["id"]]["score"] == b1["composite"]
        assert by_org[None]["datasets"] == 3
        assert by_org[None]["algorithm_version"] == "hue-dq-1.1"

        csv_body = app.get("/chat-luong-du-lieu/chi-so.csv").body
        header = csv_body.splitlines()[0]
        assert header.startswith("Kỳ (quý),Phạm vi,Mã cơ quan,Cơ quan,Điểm chất lượng,Số bộ dữ liệu")
        assert "Xuất sắc" in header and "Điểm tính chính xác" in header and not any(c in header for c in "_")
        assert "2026-Q4,cơ quan," in csv_body and "2026-Q4,thành phố," in csv_body and "hue-dq-1.1" in csv_body
        page = app.get("/chat-luong-du-lieu").body
        assert "<svg" in page and "Sở A" in page
        published = helpers.call_action("package_show", id="chi-so-chat-luong-du-lieu")
        assert published["owner_org"] == department["id"] and not published["private"]
        assert published["resources"][0]["url"].endswith("/chat-luong-du-lieu/chi-so.csv")
        assert "hue-dq-1.1" in published["resources"][0]["description"]

    def test_each_quarter_is_kept(self, csv_upload):
        factories.Organization(name="so-khoa-hoc-cong-nghe")
        org = factories.Organization()
        self._scored(org, "id\n1\n", csv_upload)
        sysadmin = factories.Sysadmin()
        for period in ("2026-Q3", "2026-Q4", "2026-Q4"):
            helpers.call_action("huequality_index_compute", {"user": sysadmin["name"]}, period=period)
        index = helpers.call_action("huequality_index", {"user": ""})
        assert index["periods"] == ["2026-Q4", "2026-Q3"]
        assert len(index["rows"]) == 4  # city + agency, per quarter
        assert len(helpers.call_action("package_show", id="chi-so-chat-luong-du-lieu")["resources"]) == 1

    def test_without_the_departments_organisation_the_index_is_kept_but_publication_fails_loudly(self, csv_upload):
        self._scored(factories.Organization(), "id\n1\n", csv_upload)
        sysadmin = factories.Sysadmin()
        with pytest.raises(helpers.logic.ValidationError) as error:
            helpers.call_action("huequality_index_compute", {"user": sysadmin["name"]}, period="2026-Q4")
        assert "so-khoa-hoc-cong-nghe" in str(error.value.error_dict)
        assert helpers.call_action("huequality_index", period="2026-Q4")["rows"]

    def test_index_compute_is_for_sysadmins_and_checks_the_period(self):
        user = factories.User()
        with pytest.raises(helpers.logic.NotAuthorized):
            helpers.call_action("huequality_index_compute", {"user": user["name"], "ignore_auth": False})
        sysadmin = factories.Sysadmin()
        with pytest.raises(helpers.logic.ValidationError):
            helpers.call_action("huequality_index_compute", {"user": sysadmin["name"]}, period="Q5-2026")
