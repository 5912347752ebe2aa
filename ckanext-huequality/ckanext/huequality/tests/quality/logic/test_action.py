"""Scores through actions, the search index, pages and the background job (real DB and Redis)."""

from __future__ import annotations

import pytest
from ckan.tests import factories, helpers

from ..conftest import QUALITY_PLUGINS

HUNDRED_ROWS_THREE_DUPLICATES = "id,name\n" + "".join(f"{i},n{i}\n" for i in range(97)) + "1,n1\n2,n2\n3,n3\n"


def _dataset(**extra):
    org = factories.Organization()
    return factories.Dataset(
        owner_org=org["id"], notes="Mô tả", license_id="cc-by", tags=[{"name": "giao-duc"}], **extra
    )


@pytest.mark.ckan_config("ckan.plugins", QUALITY_PLUGINS)
@pytest.mark.usefixtures("with_plugins", "clean_db", "with_request_context")
class TestDatasetQualityAction:
    def test_recompute_stores_scores_badge_and_evidence_from_the_uploaded_file(self, csv_upload):
        pkg = _dataset()
        csv_upload(pkg["id"], HUNDRED_ROWS_THREE_DUPLICATES)
        sysadmin = factories.Sysadmin()
        result = helpers.call_action("huequality_dataset_quality_recompute", {"user": sysadmin["name"]}, id=pkg["name"])
        assert result["scores"]["uniqueness"] == 97.0
        assert result["evidence"]["uniqueness"]["examples"][0]["row"] == 99
        assert result["algorithm_version"] == "hue-dq-1.1"
        assert result["badge"] in ("xuat_sac", "tot", "dat", "chua_dat")
        shown = helpers.call_action("huequality_dataset_quality", {"user": ""}, id=pkg["id"])
        assert shown["scores"] == result["scores"]
        assert len(shown["history"]) == 1

    def test_every_computation_is_kept_in_the_history(self, csv_upload):
        pkg = _dataset()
        sysadmin = factories.Sysadmin()
        helpers.call_action("huequality_dataset_quality_recompute", {"user": sysadmin["name"]}, id=pkg["id"])
        csv_upload(pkg["id"], HUNDRED_ROWS_THREE_DUPLICATES)
        helpers.call_action("huequality_dataset_quality_recompute", {"user": sysadmin["name"]}, id=pkg["id"])
        shown = helpers.call_action("huequality_dataset_quality", {"user": ""}, id=pkg["id"])
        assert len(shown["history"]) == 2
        assert shown["scores"]["uniqueness"] == 97.0

    def test_dataset_never_scored_has_no_badge(self):
        pkg = _dataset()
        shown = helpers.call_action("huequality_dataset_quality", {"user": ""}, id=pkg["id"])
        assert shown["badge"] is None and shown["history"] == []

    def test_bulk_read_gives_the_newest_score_of_each_readable_dataset_in_one_call(self, csv_upload):
        scored, unscored = _dataset(), _dataset()
        hidden = _dataset(private=True)
        sysadmin = factories.Sysadmin()
        csv_upload(scored["id"], HUNDRED_ROWS_THREE_DUPLICATES)
        for pkg in (scored, hidden):
            helpers.call_action("huequality_dataset_quality_recompute", {"user": sysadmin["name"]}, id=pkg["id"])
        newest = helpers.call_action("huequality_dataset_quality", {"user": ""}, id=scored["id"])
        ids = [scored["id"], unscored["name"], hidden["id"], "khong-co"]

        anonymous = helpers.call_action("huequality_dataset_quality_list", {"user": "", "ignore_auth": False}, ids=ids)

        assert set(anonymous["scores"]) == {scored["id"], unscored["id"]}
        listed = anonymous["scores"][scored["id"]]
        assert (listed["badge"], listed["composite"], listed["scores"]) == (
            newest["badge"],
            newest["composite"],
            newest["scores"],
        )
        assert "evidence" not in listed
        assert anonymous["scores"][unscored["id"]]["badge"] is None
        assert anonymous["missing"] == [hidden["id"], "khong-co"]
        admin = helpers.call_action("huequality_dataset_quality_list", {"user": sysadmin["name"]}, ids=ids)
        assert admin["scores"][hidden["id"]]["badge"] is not None

    def test_bulk_read_refuses_more_than_a_thousand_ids(self):
        with pytest.raises(helpers.logic.ValidationError):
            helpers.call_action("huequality_dataset_quality_list", ids=[f"id-{i}" for i in range(1001)])

    def test_only_editors_can_recompute(self):
        pkg = _dataset()
        user = factories.User()
        with pytest.raises(helpers.logic.NotAuthorized):
            helpers.call_action(
                "huequality_dataset_quality_recompute", {"user": user["name"], "ignore_auth": False}, id=pkg["id"]
            )

    def test_unreadable_file_is_scored_with_a_clear_message(self, create_with_upload):
        pkg = _dataset()
        create_with_upload(b"PK\x03\x04 broken", "bad.xlsx", package_id=pkg["id"], format="XLSX", name="bad.xlsx")
        sysadmin = factories.Sysadmin()
        result = helpers.call_action("huequality_dataset_quality_recompute", {"user": sysadmin["name"]}, id=pkg["id"])
        message = result["evidence"]["accuracy"]["messages"][0]
        assert "not a readable XLSX workbook" in message["message_en"]
        assert message["message_vi"] == "không phải tệp XLSX đọc được"
        assert result["badge"] in ("dat", "chua_dat")


@pytest.mark.ckan_config("ckan.plugins", QUALITY_PLUGINS)
@pytest.mark.usefixtures("with_plugins", "clean_db", "with_request_context")
class TestBadgeInSearch:
    def test_badge_filter_and_facet_served_by_the_search_index(self, csv_upload):
        good = _dataset(title="Dữ liệu tốt")
        csv_upload(good["id"], "id,name\n1,a\n2,b\n")
        plain = _dataset(title="Chưa chấm điểm")
        sysadmin = factories.Sysadmin()
        scored = helpers.call_action("huequality_dataset_quality_recompute", {"user": sysadmin["name"]}, id=good["id"])
        badge = scored["badge"]
        found = helpers.call_action("package_search", fq=f"quality_badge:{badge}", **{"facet.field": ["quality_badge"]})
        assert [p["name"] for p in found["results"]] == [good["name"]]
        assert found["facets"]["quality_badge"] == {badge: 1}
        everything = helpers.call_action("package_search")
        assert {p["name"] for p in everything["results"]} == {good["name"], plain["name"]}

    def test_dataset_page_and_search_results_show_the_badge_and_scores(self, app, csv_upload):
        pkg = _dataset()
        csv_upload(pkg["id"], HUNDRED_ROWS_THREE_DUPLICATES)
        sysadmin = factories.Sysadmin()
        scored = helpers.call_action("huequality_dataset_quality_recompute", {"user": sysadmin["name"]}, id=pkg["id"])
        page = app.get(f"/dataset/{pkg['name']}").body
        assert f'data-quality-badge="{scored["badge"]}"' in page
        assert 'data-dimension="uniqueness"' in page and "97.0" in page
        search = app.get("/dataset/").body
        assert f'data-quality-badge="{scored["badge"]}"' in search
        heading = search[search.index('class="dataset-heading"') :]
        heading = heading[: heading.index("</h2>")]
        assert "data-quality-badge" not in heading  # under the title, not read as part of it
        line = search[search.index('class="huequality-badge-line"') :]
        assert line.index("data-quality-badge") < line.index("</p>")
        assert "quality_badge" in search  # the facet block
        labels = {"xuat_sac": "Xuất sắc", "tot": "Tốt", "dat": "Đạt", "chua_dat": "Chưa đạt"}
        assert "Chất lượng dữ liệu" in search and labels[scored["badge"]] in search


@pytest.mark.ckan_config("ckan.plugins", QUALITY_PLUGINS)
@pytest.mark.usefixtures("with_plugins", "clean_db", "with_request_context")
def test_changing_a_resource_structure_between_versions_lowers_consistency(csv_upload):
    pkg = _dataset()
    res = csv_upload(pkg["id"], "id,v\n1,2\n2,3\n")
    first = helpers.call_action("huequality_dataset_quality_recompute", id=pkg["id"])
    schema = '{"fields": [{"name": "id", "type": "integer"}, {"name": "v", "type": "date"}]}'
    helpers.call_action("resource_patch", id=res["id"], data_dictionary=schema)
    second = helpers.call_action("huequality_dataset_quality_recompute", id=pkg["id"])
    assert first["scores"]["consistency"] is None
    assert second["scores"]["consistency"] == 0.0
    assert second["evidence"]["consistency"]["counted"]["versions_same_structure"] == "0/1"


@pytest.mark.ckan_config("ckan.plugins", QUALITY_PLUGINS)
@pytest.mark.usefixtures("with_plugins", "clean_db", "with_request_context")
def test_linked_files_are_downloaded_and_a_missing_one_is_reported(file_server):
    pkg = _dataset()
    good = file_server("schools.json", '[{"id": 1, "lat": 16.46}, {"id": 2, "lat": 21.0}]')
    helpers.call_action("resource_create", package_id=pkg["id"], url=good, format="JSON", name="schools")
    helpers.call_action(
        "resource_create", package_id=pkg["id"], url=f"{file_server.base}/gone.csv", format="CSV", name="gone"
    )
    result = helpers.call_action("huequality_dataset_quality_recompute", id=pkg["id"])
    accuracy = result["evidence"]["accuracy"]
    assert {
        "resource": "gone",
        "message_vi": "Máy chủ trả lời mã HTTP 404.",
        "message_en": "The server answered HTTP 404.",
    } in accuracy["messages"]
    assert {"resource": "schools", "row": 3, "column": "lat", "value": "21.0", "problem": "outside_hue"} in accuracy[
        "examples"
    ]
