"""One ordered job per dataset change: queued after the commit, deduplicated, fingerprints and
score from one read, the harvester's update record in place before it runs (real DB and Redis;
the job is run in this process; two real workers: test_shipped_portal.py)."""

from __future__ import annotations

from typing import Any

import ckan.model as model
import pytest
from ckan.lib import jobs as ckan_jobs
from ckan.tests import factories, helpers
from rq import SimpleWorker

from ckanext.huequality import jobs
from ckanext.huequality.deadlines.model import UpdateEvent
from ckanext.huequality.quality.model import QualityScore
from ckanext.huequality.tests.conftest import PLUGINS, hue


def _queued(package_id: str | None = None) -> list[Any]:
    return [
        j
        for j in ckan_jobs.get_queue().jobs
        if j.func_name.endswith("dataset_job") and (package_id is None or j.args[0] == package_id)
    ]


def _run_jobs() -> None:
    queue = ckan_jobs.get_queue()
    SimpleWorker([queue], connection=queue.connection).work(burst=True)
    model.Session.remove()


def _scores(package_id: str) -> int:
    return model.Session.query(QualityScore).filter(QualityScore.package_id == package_id).count()


@pytest.fixture
def empty_queue(with_plugins):
    ckan_jobs.get_queue().empty()
    yield
    ckan_jobs.get_queue().empty()


@pytest.mark.ckan_config("ckan.plugins", PLUGINS)
@pytest.mark.usefixtures("with_plugins", "clean_db", "with_request_context", "empty_queue")
class TestOneJobPerChange:
    def test_creating_a_dataset_enqueues_one_job_and_a_worker_stores_the_badge(self):
        pkg = factories.Dataset(notes="x", license_id="cc-by")
        assert [j.args for j in _queued()] in ([[pkg["id"]]], [(pkg["id"],)])
        assert helpers.call_action("huequality_dataset_quality", id=pkg["id"])["badge"] is None
        _run_jobs()
        scored = helpers.call_action("huequality_dataset_quality", id=pkg["id"])
        assert scored["badge"] in ("xuat_sac", "tot", "dat", "chua_dat")
        found = helpers.call_action("package_search", fq=f"quality_badge:{scored['badge']}")
        assert [p["id"] for p in found["results"]] == [pkg["id"]]
        # the result row carries the badge from the index; package_show does not
        assert found["results"][0]["quality_badge"] == scored["badge"]
        assert "quality_badge" not in helpers.call_action("package_show", id=pkg["id"])

    def test_adding_a_resource_rescores_the_dataset(self, csv_upload):
        pkg = factories.Dataset()
        _run_jobs()
        csv_upload(pkg["id"], "id\n1\n1\n1\n2\n")
        assert any(j.args[0] == pkg["id"] for j in ckan_jobs.get_queue().jobs)
        _run_jobs()
        scored = helpers.call_action("huequality_dataset_quality", id=pkg["id"])
        assert scored["scores"]["uniqueness"] == 50.0
        assert len(scored["history"]) == 2

    def test_a_burst_of_saves_is_checked_and_scored_once(self, file_server):
        file_server.bodies["/a.csv"] = b"id\n1\n2\n"
        pkg = factories.Dataset(resources=[{"url": file_server.url + "/a.csv", "format": "CSV"}])
        for n in range(5):
            helpers.call_action("package_patch", id=pkg["id"], notes=f"version {n}")
        assert len(_queued(pkg["id"])) == 1
        _run_jobs()
        assert _scores(pkg["id"]) == 1
        kinds = [e.kind for e in model.Session.query(UpdateEvent).filter(UpdateEvent.package_id == pkg["id"])]
        assert kinds == ["resource_added"]
        # the score and the fingerprint came from the same read of the same file
        scored = helpers.call_action("huequality_dataset_quality", id=pkg["id"])
        assert scored["evidence"]["uniqueness"]["counted"]["resources"][0]["rows"] == 2

    def test_a_save_that_is_rolled_back_queues_nothing(self):
        pkg = factories.Dataset()
        _run_jobs()
        context = {"user": factories.Sysadmin()["name"], "defer_commit": True}
        helpers.call_action("package_patch", context, id=pkg["id"], notes="never committed")
        model.Session.rollback()
        assert _queued(pkg["id"]) == []

    def test_an_update_inside_another_actions_transaction_waits_for_its_commit(self):
        sysadmin = factories.Sysadmin()
        pkg = factories.Dataset()
        _run_jobs()
        helpers.call_action(
            "huequality_record_update",
            {"user": sysadmin["name"], "defer_commit": True},
            package_id=pkg["id"],
            note="harvest job 7",
        )
        assert _queued(pkg["id"]) == []  # nothing visible yet
        model.Session.commit()
        assert len(_queued(pkg["id"])) == 1

    def test_a_dataset_gone_before_its_job_runs_is_skipped(self):
        pkg = factories.Dataset()
        helpers.call_action("dataset_purge", id=pkg["id"])
        _run_jobs()
        assert _scores(pkg["id"]) == 0


@pytest.mark.ckan_config("ckan.plugins", PLUGINS)
@pytest.mark.usefixtures("with_plugins", "clean_db", "with_request_context", "empty_queue")
def test_the_harvesters_update_record_is_in_place_before_the_job_runs(frozen_now, backdate):
    """A harvest saves the dataset, then records its update (two commits): one job, after both,
    whose score counts the harvest update as the on-time update of Q1."""
    frozen_now(hue(2026, 4, 10))
    sysadmin = factories.Sysadmin()
    pkg = factories.Dataset(owner_org=factories.Organization()["id"])
    backdate(pkg["id"], hue(2026, 1, 5))  # only Q1 2026 is due
    _run_jobs()
    helpers.call_action("package_patch", {"user": sysadmin["name"]}, id=pkg["id"], notes="harvested")
    helpers.call_action(
        "huequality_record_update", {"user": sysadmin["name"]}, package_id=pkg["id"], note="harvest job 42"
    )
    assert len(_queued(pkg["id"])) == 1
    _run_jobs()
    scored = helpers.call_action("huequality_dataset_quality", id=pkg["id"])
    assert scored["evidence"]["timeliness"]["counted"]["periods"] == {"on_time": 1, "upcoming": 1}
    assert scored["scores"]["timeliness"] == 100.0
    assert len(scored["history"]) == 2  # the creation's job, then this one


@pytest.mark.ckan_config("ckan.plugins", PLUGINS)
@pytest.mark.usefixtures("with_plugins", "clean_db")
def test_redis_down_never_fails_a_save(monkeypatch):
    from redis.exceptions import ConnectionError as RedisConnectionError

    def down(*args, **kwargs):
        raise RedisConnectionError("down")

    monkeypatch.setattr(jobs, "connect_to_redis", down)
    pkg = factories.Dataset()  # commits; the job cannot be queued; the save stands
    assert model.Package.get(pkg["id"]) is not None
