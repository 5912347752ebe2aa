"""Fixtures for harvest tests: the test LGSP server and a driver for real harvest jobs.

Jobs go through ckanext-harvest's Redis queues: the job is queued by ``harvest_job_create``,
the gather message is popped and handed to ``gather_callback``, every fetch message to
``fetch_callback`` (what the gather and fetch consumers do in production), and
``harvest_jobs_run`` marks the job finished.
"""
from __future__ import annotations

import json
from collections.abc import Iterator
from typing import Any

import pytest
from ckan import model
from ckan.plugins import toolkit
from ckan.tests import factories

from ckanext.harvest import queue

from .lgsp_server import CONSUMER_KEY, CONSUMER_SECRET, LgspServer, sample_catalogue, sample_rows

PLUGINS = "harvest lgsp_harvester huesearch"
LGSP_SETTINGS = {
    "ckanext.huedata.lgsp.secret.hue-key": CONSUMER_KEY,
    "ckanext.huedata.lgsp.secret.hue-secret": CONSUMER_SECRET,
    "ckanext.huedata.lgsp.request_timeout": "0.5",
    "ckanext.huedata.lgsp.max_retries": "2",
    "ckanext.huedata.lgsp.backoff": "0.01",
    "ckanext.huedata.lgsp.retry_after_max": "0.2",
    "ckanext.huedata.lgsp.max_pages": "50",
    # the test LGSP listens on loopback, which the guarded fetcher refuses unless allowed
    "ckanext.huedata.outbound.allowed_hosts": "127.0.0.1",
}


def lgsp_settings(func: Any = None, *, plugins: str = PLUGINS) -> Any:
    """Stack the ckan_config marks every LGSP harvest test needs (``plugins`` to change them)."""
    def mark(func: Any) -> Any:
        for key, value in LGSP_SETTINGS.items():
            func = pytest.mark.ckan_config(key, value)(func)
        return pytest.mark.ckan_config("ckan.plugins", plugins)(func)
    return mark(func) if func is not None else mark


@pytest.fixture
def lgsp() -> Iterator[LgspServer]:
    server = LgspServer().start()
    server.state.catalogue = sample_catalogue(5)
    server.state.hospitals = sample_rows(120)
    server.state.sites = sample_rows(60, prefix="DL")
    server.state.stations = sample_rows(90, prefix="QT")
    try:
        yield server
    finally:
        server.stop()


@pytest.fixture
def clean_queues(with_plugins: Any) -> None:
    queue.purge_queues()


def auth_config(server: LgspServer) -> dict[str, str]:
    return {"token_url": f"{server.url}/token", "consumer_key": "hue-key",
            "consumer_secret": "hue-secret"}


def catalogue_config(server: LgspServer, **overrides: Any) -> dict[str, Any]:
    cfg = {
        "mode": "catalogue",
        "auth": auth_config(server),
        "pagination": {"style": "page", "items": "/data", "size": 2, "total": "/total"},
        "modified_since_param": "updated_since",
        "mapping": {
            "guid": "/ma", "title": "/ten", "notes": "/mo_ta", "tags": "/tu_khoa",
            "sector": {"pointer": "/linh_vuc",
                       "values": {"Y tế": "health", "Giáo dục": "education",
                                  "Du lịch": "tourism"}},
            "contact_name": "/lien_he/ten", "contact_email": "/lien_he/email",
            "update_frequency": {"const": "monthly"},
        },
    }
    cfg.update(overrides)
    return cfg


def records_config(server: LgspServer, path: str, pagination: dict[str, Any],
                   **overrides: Any) -> dict[str, Any]:
    cfg = {
        "mode": "records",
        "auth": auth_config(server),
        "pagination": pagination,
        "dataset": {"title": "Danh sách cơ sở", "notes": "Đồng bộ qua LGSP",
                    "sector": "health", "update_frequency": "monthly"},
    }
    cfg.update(overrides)
    return cfg


def sysadmin_context() -> dict[str, Any]:
    user = toolkit.get_action("get_site_user")({"ignore_auth": True}, {})["name"]
    return {"model": model, "session": model.Session, "user": user, "ignore_auth": True}


def create_source(url: str, cfg: dict[str, Any], org_id: str | None = None,
                  name: str = "lgsp-source") -> dict[str, Any]:
    org_id = org_id or factories.Organization()["id"]
    return toolkit.get_action("harvest_source_create")(sysadmin_context(), {
        "url": url, "name": name, "title": "Nguồn LGSP", "source_type": "lgsp",
        "config": json.dumps(cfg, ensure_ascii=False), "owner_org": org_id,
        "frequency": "MANUAL",
    })


def run_job(source_id: str) -> dict[str, Any]:
    """One harvest job end to end through the Redis gather and fetch queues."""
    context = sysadmin_context()
    job = toolkit.get_action("harvest_job_create")(context, {"source_id": source_id,
                                                             "run": True})
    gather = queue.get_gather_consumer()
    fetch = queue.get_fetch_consumer()
    reply = gather.basic_get(queue.get_gather_queue_name())
    assert reply[2] is not None, "the job was not queued for gathering"
    queue.gather_callback(gather, *reply)
    while True:
        reply = fetch.basic_get(queue.get_fetch_queue_name())
        if reply[2] is None:
            break
        queue.fetch_callback(fetch, *reply)
    toolkit.get_action("harvest_jobs_run")(sysadmin_context(), {"source_id": source_id})
    return toolkit.get_action("harvest_job_show")(sysadmin_context(), {"id": job["id"]})


def job_errors(job_id: str) -> list[str]:
    report = toolkit.get_action("harvest_job_report")(sysadmin_context(), {"id": job_id})
    messages = [e["message"] for e in report["gather_errors"]]
    for errors in report["object_errors"].values():
        messages += [e["message"] for e in errors["errors"]]
    return messages


def source_datasets(source_id: str, include_private: bool = True) -> list[dict[str, Any]]:
    from ckanext.harvest.model import HarvestObject
    ids = {row.package_id for row in model.Session.query(HarvestObject.package_id)
           .filter(HarvestObject.harvest_source_id == source_id)
           .filter(HarvestObject.package_id.isnot(None))}
    return [toolkit.get_action("package_show")(sysadmin_context(), {"id": i}) for i in ids]


def extra(package: dict[str, Any], key: str) -> Any:
    """A contract field: top-level with the Huế schema, else an extra."""
    if key in package:
        return package[key]
    return {e["key"]: e["value"] for e in package.get("extras", [])}.get(key)
