"""Records mode end to end: the agency returns rows; one dataset holds them as CSV, JSON, DataStore."""
from __future__ import annotations

import csv
import io
import json

import pytest
from ckan.tests.helpers import call_action

from .conftest import create_source, extra, lgsp_settings, records_config, run_job, source_datasets

pytestmark = pytest.mark.usefixtures("with_plugins", "clean_db", "clean_queues")

OFFSET = {"style": "offset", "items": "/items", "size": 50}
NEXT = {"style": "next", "items": "/results", "next_pointer": "/links/next"}
CURSOR = {"style": "cursor", "items": "/rows", "cursor_pointer": "/meta/next_cursor"}


def _file_rows(resource: dict) -> bytes:
    from ckan.lib.uploader import get_resource_uploader
    path = get_resource_uploader(resource).get_path(resource["id"])
    with open(path, "rb") as handle:
        return handle.read()


@lgsp_settings
@pytest.mark.parametrize("path, pagination, count", [
    ("/syt/benh-vien", OFFSET, 120),
    ("/sdl/diem-du-lich", NEXT, 60),
    ("/sotnmt/quan-trac", CURSOR, 90),
])
def test_records_become_one_dataset_with_csv_and_json_regenerated_from_every_row(
        lgsp, path, pagination, count):
    source = create_source(f"{lgsp.url}{path}", records_config(lgsp, path, pagination))

    job = run_job(source["id"])

    assert job["stats"]["added"] == 1 and job["stats"]["errored"] == 0
    [dataset] = source_datasets(source["id"])
    assert dataset["title"] == "Danh sách cơ sở"
    assert extra(dataset, "sector") == "health"
    formats = {r["format"]: r for r in dataset["resources"]}
    assert set(formats) == {"CSV", "JSON"}
    rows = list(csv.DictReader(io.StringIO(_file_rows(formats["CSV"]).decode("utf-8"))))
    assert len(rows) == count and rows[0]["ten"] == "Cơ sở 1"
    assert len(json.loads(_file_rows(formats["JSON"]))) == count


@lgsp_settings
def test_records_rerun_with_the_same_rows_changes_nothing_and_new_rows_replace_the_files(lgsp):
    # the agency really drops most rows here: the safety guard is opened for this source
    source = create_source(f"{lgsp.url}/syt/benh-vien",
                           records_config(lgsp, "/syt/benh-vien", OFFSET, safety_share=100))
    run_job(source["id"])
    [before] = source_datasets(source["id"])

    unchanged = run_job(source["id"])
    lgsp.state.hospitals = lgsp.state.hospitals[:10]
    changed = run_job(source["id"])

    assert unchanged["stats"]["not modified"] == 1
    [after] = source_datasets(source["id"])
    assert after["id"] == before["id"]
    assert changed["stats"]["updated"] == 1
    assert {r["id"] for r in after["resources"]} == {r["id"] for r in before["resources"]}
    csv_resource = next(r for r in after["resources"] if r["format"] == "CSV")
    assert _file_rows(csv_resource).decode().count("\n") == 11


@lgsp_settings(plugins="harvest lgsp_harvester datastore huesearch")
def test_records_are_loaded_into_a_datastore_table_when_datastore_is_on(lgsp):
    source = create_source(f"{lgsp.url}/syt/benh-vien",
                           records_config(lgsp, "/syt/benh-vien", OFFSET, safety_share=100))
    run_job(source["id"])
    lgsp.state.hospitals = lgsp.state.hospitals[:7]
    run_job(source["id"])

    [dataset] = source_datasets(source["id"])
    csv_resource = next(r for r in dataset["resources"] if r["format"] == "CSV")
    table = call_action("datastore_search", resource_id=csv_resource["id"], limit=1000)
    assert table["total"] == 7
    types = {f["id"]: f["type"] for f in table["fields"]}
    assert types["so_giuong"] == "int8" and types["ten"] == "text"


@lgsp_settings(plugins="harvest lgsp_harvester datastore huesearch")
def test_records_fetch_failure_keeps_the_earlier_rows_exactly(lgsp):
    source = create_source(f"{lgsp.url}/syt/benh-vien",
                           records_config(lgsp, "/syt/benh-vien", OFFSET))
    run_job(source["id"])
    [before] = source_datasets(source["id"])
    lgsp.state.hospitals = []
    lgsp.state.inject("/syt/benh-vien", "500", "500", "500")

    job = run_job(source["id"])

    assert job["status"] == "Finished" and job["stats"]["errored"] == 1
    [after] = source_datasets(source["id"])
    assert after["metadata_modified"] == before["metadata_modified"]
    csv_resource = next(r for r in after["resources"] if r["format"] == "CSV")
    assert _file_rows(csv_resource).decode().count("\n") == 121
    assert call_action("datastore_search", resource_id=csv_resource["id"])["total"] == 120


@pytest.mark.ckan_config("scheming.dataset_schemas", "ckanext.huedata.schemas:dataset.yaml")
@pytest.mark.ckan_config("scheming.organization_schemas",
                         "ckanext.huedata.schemas:organization.yaml")
@lgsp_settings(plugins="scheming_datasets scheming_organizations huedata harvest lgsp_harvester "
                       "huesearch")
def test_records_dataset_is_valid_under_the_huế_schema(lgsp):
    source = create_source(f"{lgsp.url}/syt/benh-vien",
                           records_config(lgsp, "/syt/benh-vien", OFFSET))

    job = run_job(source["id"])

    assert job["stats"]["added"] == 1
    [dataset] = source_datasets(source["id"])
    assert dataset["sector"] == "health" and dataset["update_frequency"] == "monthly"
    assert {r["format"] for r in dataset["resources"]} == {"CSV", "JSON"}
