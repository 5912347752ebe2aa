"""Faults at the LGSP: retried with bounded backoff, recorded as harvest errors, data kept."""
from __future__ import annotations

import datetime
import time

import pytest
from ckan.plugins import toolkit

from ckanext.harvest.model import HarvestJob

from .conftest import (
    catalogue_config, create_source, job_errors, lgsp_settings, run_job, source_datasets,
    sysadmin_context,
)

pytestmark = pytest.mark.usefixtures("with_plugins", "clean_db", "clean_queues")
PATH = "/sotnmt/datasets"


def _snapshot(source_id: str) -> dict[str, tuple[str, str, bool]]:
    return {d["id"]: (d["metadata_modified"], d["state"], d["private"])
            for d in source_datasets(source_id)}


@pytest.fixture
def harvested(lgsp):
    """A source harvested once, successfully, with a full listing on every run."""
    source = create_source(f"{lgsp.url}{PATH}", catalogue_config(lgsp, modified_since_param=None))
    run_job(source["id"])
    return source


@lgsp_settings
@pytest.mark.parametrize("fault", ["timeout", "500", "429", "malformed"])
def test_transient_fault_is_retried_and_the_run_succeeds(lgsp, fault):
    lgsp.state.slow_seconds = 1.0
    lgsp.state.inject(PATH, fault)
    source = create_source(f"{lgsp.url}{PATH}", catalogue_config(lgsp))

    job = run_job(source["id"])

    assert job["stats"]["added"] == 5
    assert not job_errors(job["id"])
    assert [p for p, _ in lgsp.state.requests].count(PATH) == 4  # 3 pages + 1 retry


@lgsp_settings
@pytest.mark.parametrize("fault", ["timeout", "500", "429", "malformed"])
def test_persistent_fault_fails_the_run_and_keeps_earlier_data_exactly(lgsp, harvested, fault):
    before = _snapshot(harvested["id"])
    lgsp.state.slow_seconds = 1.0
    lgsp.state.catalogue = lgsp.state.catalogue[:1]  # would withdraw four if the run went through
    lgsp.state.inject(PATH, *[fault] * 3)  # max_retries = 2: three attempts, all failing

    job = run_job(harvested["id"])

    assert job["status"] == "Finished"
    [error] = job_errors(job["id"])
    assert PATH in error and "3 attempts" in error
    assert _snapshot(harvested["id"]) == before


@lgsp_settings
@pytest.mark.parametrize("path, pagination", [
    (PATH, {"style": "page", "items": "/data", "size": 2}),
    ("/sdl/diem-du-lich", {"style": "next", "items": "/results"}),
    ("/sotnmt/quan-trac", {"style": "cursor", "items": "/rows",
                           "cursor_pointer": "/meta/next_cursor"}),
])
def test_endless_pagination_loop_is_stopped_and_recorded(lgsp, path, pagination):
    lgsp.state.endless = True
    cfg = catalogue_config(lgsp, pagination=pagination)
    source = create_source(f"{lgsp.url}{path}", cfg)

    job = run_job(source["id"])

    assert job["status"] == "Finished"
    assert "endless pagination" in job_errors(job["id"])[0]
    assert len([p for p, _ in lgsp.state.requests if p == path]) <= 50
    assert source_datasets(source["id"]) == []


@lgsp_settings
def test_token_endpoint_down_fails_the_run_without_withdrawing_anything(lgsp, harvested):
    before = _snapshot(harvested["id"])
    lgsp.state.token_down = True
    lgsp.state.catalogue = []

    job = run_job(harvested["id"])

    [error] = job_errors(job["id"])
    assert "token endpoint" in error and "HTTP 503" in error
    assert _snapshot(harvested["id"]) == before


@lgsp_settings
def test_revoked_token_is_renewed_once_on_401(lgsp):
    source = create_source(f"{lgsp.url}{PATH}", catalogue_config(lgsp))
    lgsp.state.inject(PATH, "ok", "401")  # the second page finds its token revoked

    job = run_job(source["id"])

    assert job["stats"]["added"] == 5
    assert lgsp.state.token_requests == 2


@lgsp_settings
def test_expired_token_is_renewed_before_the_next_call(lgsp):
    lgsp.state.token_ttl = 0.3
    source = create_source(f"{lgsp.url}{PATH}", catalogue_config(lgsp, modified_since_param=None))
    run_job(source["id"])
    first = lgsp.state.token_requests

    time.sleep(0.35)
    lgsp.state.catalogue[0]["ten"] = "Đổi tên"
    job = run_job(source["id"])

    assert job["stats"]["updated"] == 1
    # renewed before the calls (how often depends on the machine's speed), never by a 401
    assert lgsp.state.token_requests > first
    assert not [a for a in lgsp.state.answered if a[1] == 401]


@lgsp_settings
def test_invalid_item_is_one_object_error_and_the_others_are_imported(lgsp):
    lgsp.state.catalogue[3]["ten"] = ""  # no title
    lgsp.state.catalogue[4]["tu_khoa"] = ["không/hợp!lệ"]  # CKAN refuses this tag
    source = create_source(f"{lgsp.url}{PATH}", catalogue_config(lgsp))

    job = run_job(source["id"])

    assert job["stats"]["added"] == 3 and job["stats"]["errored"] == 2
    errors = job_errors(job["id"])
    assert any("TNMT-0004" in e and "no title at /ten" in e for e in errors)
    assert any("TNMT-0005" in e and "tags" in e for e in errors)


@lgsp_settings
@pytest.mark.ckan_config("ckan.harvest.timeout", "30")
def test_job_is_never_left_running_past_the_timeout(lgsp):
    source = create_source(f"{lgsp.url}{PATH}", catalogue_config(lgsp))
    job = toolkit.get_action("harvest_job_create")(sysadmin_context(),
                                                   {"source_id": source["id"], "run": True})
    # The gather consumer died: the job was queued but nothing ever happened.
    stuck = HarvestJob.get(job["id"])
    stuck.created = datetime.datetime.utcnow() - datetime.timedelta(minutes=31)
    stuck.save()

    toolkit.get_action("harvest_jobs_run")(sysadmin_context(), {"source_id": source["id"]})

    shown = toolkit.get_action("harvest_job_show")(sysadmin_context(), {"id": job["id"]})
    assert shown["status"] == "Finished"
    assert "timeout" in job_errors(job["id"])[0]
