"""Catalogue mode end to end: the agency lists datasets, each becomes one CKAN dataset."""
from __future__ import annotations

import pytest
from ckan import model

from ckanext.harvest.model import HarvestObject

from .conftest import (
    catalogue_config, create_source, extra, job_errors, lgsp_settings, run_job, source_datasets,
)

pytestmark = pytest.mark.usefixtures("with_plugins", "clean_db", "clean_queues")


@lgsp_settings
def test_first_run_creates_one_dataset_per_agency_item_with_mapped_fields(lgsp):
    source = create_source(f"{lgsp.url}/sotnmt/datasets", catalogue_config(lgsp))

    job = run_job(source["id"])

    assert job["status"] == "Finished"
    assert job["stats"]["added"] == 5 and job["stats"]["errored"] == 0
    datasets = {d["title"]: d for d in source_datasets(source["id"])}
    first = datasets["Bộ dữ liệu quan trắc số 1"]
    assert first["notes"] == "Số liệu quan trắc môi trường điểm 1"
    assert first["owner_org"] == source["owner_org"]
    assert {t["name"] for t in first["tags"]} == {"moi-truong", "diem-1"}
    assert extra(first, "sector") == "education"
    assert extra(first, "contact_email") == "snnmt@hue.gov.vn"
    assert extra(first, "update_frequency") == "monthly"
    # page/size pagination walked all three pages with a bearer token from one token request
    assert [q["page"] for p, q in lgsp.state.requests if p == "/sotnmt/datasets"] == ["1", "2", "3"]
    assert lgsp.state.token_requests == 1


@lgsp_settings
def test_rerun_of_an_unchanged_source_creates_no_duplicate_and_no_new_revision(lgsp):
    source = create_source(f"{lgsp.url}/sotnmt/datasets",
                           catalogue_config(lgsp, modified_since_param=None))
    run_job(source["id"])
    before = {d["id"]: d["metadata_modified"] for d in source_datasets(source["id"])}

    job = run_job(source["id"])

    assert job["stats"]["not modified"] == 5
    assert job["stats"]["added"] == job["stats"]["updated"] == 0
    after = {d["id"]: d["metadata_modified"] for d in source_datasets(source["id"])}
    assert after == before
    assert model.Session.query(model.Package).filter_by(type="dataset").count() == 5


@lgsp_settings
def test_changed_item_updates_its_dataset_in_place(lgsp):
    source = create_source(f"{lgsp.url}/sotnmt/datasets",
                           catalogue_config(lgsp, modified_since_param=None))
    run_job(source["id"])
    lgsp.state.catalogue[0]["ten"] = "Tên mới"

    job = run_job(source["id"])

    assert job["stats"]["updated"] == 1 and job["stats"]["not modified"] == 4
    titles = sorted(d["title"] for d in source_datasets(source["id"]))
    assert "Tên mới" in titles and len(titles) == 5


@lgsp_settings
def test_incremental_run_asks_only_for_items_modified_since_the_last_successful_run(lgsp):
    source = create_source(f"{lgsp.url}/sotnmt/datasets", catalogue_config(lgsp))
    run_job(source["id"])
    lgsp.state.requests.clear()
    lgsp.state.catalogue[2].update(ten="Đã sửa", cap_nhat="2999-01-01T00:00:00")

    job = run_job(source["id"])

    since = [q.get("updated_since") for p, q in lgsp.state.requests if p == "/sotnmt/datasets"]
    assert since and all(since)
    assert job["stats"]["updated"] == 1
    assert job["stats"]["added"] == job["stats"]["deleted"] == 0
    assert len(source_datasets(source["id"])) == 5


@lgsp_settings
def test_item_gone_at_the_source_is_withdrawn_from_the_public(lgsp):
    source = create_source(f"{lgsp.url}/sotnmt/datasets",
                           catalogue_config(lgsp, modified_since_param=None))
    run_job(source["id"])
    gone = lgsp.state.catalogue.pop(1)

    job = run_job(source["id"])

    assert job["stats"]["deleted"] == 1
    withdrawn = [d for d in source_datasets(source["id"]) if d["title"] == gone["ten"]]
    assert withdrawn[0]["private"] is True and withdrawn[0]["state"] == "active"
    public = [d for d in source_datasets(source["id"]) if not d["private"]]
    assert len(public) == 4


@lgsp_settings
def test_item_gone_at_the_source_is_deleted_when_the_source_says_delete(lgsp):
    source = create_source(f"{lgsp.url}/sotnmt/datasets",
                           catalogue_config(lgsp, modified_since_param=None, on_delete="delete"))
    run_job(source["id"])
    gone = lgsp.state.catalogue.pop(0)

    run_job(source["id"])

    states = {d["title"]: d["state"] for d in source_datasets(source["id"])}
    assert states[gone["ten"]] == "deleted"
    assert list(states.values()).count("active") == 4


@lgsp_settings
def test_item_that_comes_back_is_published_again_in_the_same_dataset(lgsp):
    source = create_source(f"{lgsp.url}/sotnmt/datasets",
                           catalogue_config(lgsp, modified_since_param=None))
    run_job(source["id"])
    gone = lgsp.state.catalogue.pop(1)
    run_job(source["id"])
    lgsp.state.catalogue.append(gone)

    job = run_job(source["id"])

    assert job["stats"]["updated"] == 1
    back = [d for d in source_datasets(source["id"]) if d["title"] == gone["ten"]]
    assert len(back) == 1 and back[0]["private"] is False


@lgsp_settings
def test_harvest_object_keeps_a_content_hash_of_what_was_imported(lgsp):
    source = create_source(f"{lgsp.url}/sotnmt/datasets", catalogue_config(lgsp))
    run_job(source["id"])

    current = model.Session.query(HarvestObject).filter_by(current=True).all()
    hashes = [{e.key: e.value for e in o.extras}.get("content_hash") for o in current]
    assert len(current) == 5 and all(h and len(h) == 64 for h in hashes)
    assert not job_errors(current[0].harvest_job_id)


@lgsp_settings(plugins="harvest lgsp_harvester huedata_harvest_test_tracker huesearch")
def test_every_harvested_change_counts_as_the_dataset_update_for_the_deadline_tracker(lgsp):
    from ckanext.huedata.tests.harvest.tracker import CALLS
    CALLS.clear()
    source = create_source(f"{lgsp.url}/sotnmt/datasets",
                           catalogue_config(lgsp, modified_since_param=None))
    run_job(source["id"])
    created = {c["package_id"] for c in CALLS}
    run_job(source["id"])  # nothing changed: nothing to report
    unchanged_calls = len(CALLS)
    lgsp.state.catalogue[0]["ten"] = "Sửa"
    lgsp.state.catalogue.pop(1)
    run_job(source["id"])

    ids = {d["id"] for d in source_datasets(source["id"])}
    assert created == ids and unchanged_calls == 5
    assert len(CALLS) == 7 and {c["kind"] for c in CALLS} == {"harvest"}


@lgsp_settings
def test_same_identifier_listed_twice_gives_one_dataset_with_the_later_content(lgsp):
    lgsp.state.catalogue.append(dict(lgsp.state.catalogue[0], ten="Bản sau"))
    source = create_source(f"{lgsp.url}/sotnmt/datasets", catalogue_config(lgsp))

    job = run_job(source["id"])

    assert job["stats"]["added"] == 5
    titles = [d["title"] for d in source_datasets(source["id"])]
    assert "Bản sau" in titles and "Bộ dữ liệu quan trắc số 1" not in titles


@lgsp_settings
def test_item_that_failed_is_asked_for_again_even_if_unchanged_since(lgsp):
    lgsp.state.catalogue[3]["ten"] = ""
    source = create_source(f"{lgsp.url}/sotnmt/datasets", catalogue_config(lgsp))
    assert run_job(source["id"])["stats"]["errored"] == 1
    lgsp.state.requests.clear()

    lgsp.state.catalogue[3]["ten"] = "Đã có tên"  # fixed at the source, date not bumped
    job = run_job(source["id"])

    assert not any("updated_since" in q for p, q in lgsp.state.requests)
    assert job["stats"]["added"] == 1 and job["stats"]["errored"] == 0
    assert len(source_datasets(source["id"])) == 5


@pytest.mark.ckan_config("scheming.dataset_schemas", "ckanext.huedata.schemas:dataset.yaml")
@pytest.mark.ckan_config("scheming.organization_schemas",
                         "ckanext.huedata.schemas:organization.yaml")
@lgsp_settings(plugins="scheming_datasets scheming_organizations huedata harvest lgsp_harvester "
                       "huesearch")
def test_with_the_huế_schema_mapped_fields_are_top_level_contract_fields(lgsp):
    source = create_source(f"{lgsp.url}/sotnmt/datasets", catalogue_config(lgsp))

    job = run_job(source["id"])

    assert job["stats"]["added"] == 5, job_errors(job["id"])
    first = {d["title"]: d for d in source_datasets(source["id"])}["Bộ dữ liệu quan trắc số 1"]
    assert first["sector"] == "education" and first["update_frequency"] == "monthly"
    assert first["contact_email"] == "snnmt@hue.gov.vn"
    assert {t["name"] for t in first["tags"]} == {"moi-truong", "diem-1"}
    assert not any(e["key"] == "sector" for e in first.get("extras", []))


@lgsp_settings(plugins="harvest lgsp_harvester huequality huesearch")
def test_harvest_runs_with_the_real_deadline_tracker_loaded(lgsp):
    source = create_source(f"{lgsp.url}/sotnmt/datasets", catalogue_config(lgsp))

    job = run_job(source["id"])

    assert job["stats"]["added"] == 5 and not job_errors(job["id"])
