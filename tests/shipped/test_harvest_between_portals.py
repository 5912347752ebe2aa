"""Harvesting as it ships: two running portals built from config/ckan.ini, over HTTP.

The "main" instance is the source portal; a second instance ("harvester", its own databases
and port) harvests it with every source type of the shipped plugin list (ckan, ckan_hue,
dcat_rdf) and harvests the test LGSP (lgsp). Jobs run through the second instance's own
Redis queues and gather/fetch consumers, exactly as in production (issue 12).
"""
from __future__ import annotations

import json
import re
import secrets
import time
from collections.abc import Iterator
from typing import Any

import pytest
import requests

from ckanext.huedata.tests.harvest.lgsp_server import (
    CONSUMER_KEY, CONSUMER_SECRET, LgspServer, sample_catalogue,
)

HARVESTER_OVERRIDES = {
    # the source portal and the test LGSP listen on loopback
    "ckanext.huedata.outbound.allowed_hosts": "127.0.0.1",
    "ckanext.huedata.lgsp.secret.hue-key": CONSUMER_KEY,
    "ckanext.huedata.lgsp.secret.hue-secret": CONSUMER_SECRET,
    "ckanext.huedata.lgsp.backoff": "0.05",
    "ckanext.huedata.lgsp.retry_after_max": "1",
}
# Contract fields of the Huế schema a harvest must give back (sector from theme, frequency,
# wards, access level, legal basis, agency code, contact).
CONTRACT = {
    "sector": "health", "update_frequency": "quarterly", "spatial_coverage": ["city"],
    "access_level": "open", "data_kind": "shared_data",
    "legal_basis": "Quyết định 06/2021/QĐ-UBND", "contact_name": "Phòng Kế hoạch",
    "contact_email": "khth@hue.gov.vn", "contact_phone": "0234 3822 111",
}


@pytest.fixture(scope="module")
def lgsp() -> Iterator[LgspServer]:
    server = LgspServer().start()
    server.state.catalogue = sample_catalogue(4)
    try:
        yield server
    finally:
        server.stop()


@pytest.fixture(scope="module")
def portals(portal_factory: Any, request: pytest.FixtureRequest) -> tuple[Any, Any]:
    source = portal_factory("main")
    harvester = portal_factory("harvester", overrides=HARVESTER_OVERRIDES, owner=request)
    harvester.start_workers("gather", "fetch")
    return source, harvester


@pytest.fixture(scope="module")
def published(portals: tuple[Any, Any]) -> dict[str, Any]:
    """On the source portal: two agencies, each with datasets carrying every contract field."""
    source, _ = portals
    admin = source.admin()
    out: dict[str, Any] = {}
    for key, count in (("ckan", 2), ("ckan_hue", 6), ("dcat", 1)):
        code = f"H57.{secrets.token_hex(1).upper()}.{secrets.token_hex(1).upper()}"
        agency = source.create_agency(agency_code=code)
        datasets = [admin.action.package_create(
            name=f"{key.replace('_', '-')}-{secrets.token_hex(4)}",
            title=f"Bộ dữ liệu {key} số {i} {secrets.token_hex(2)}", notes="Dữ liệu thử thu thập",
            owner_org=agency["id"], license_id="cc-by", tag_string="thu-thap,lien-thong",
            temporal_start="2025-01-01", temporal_end="2025-12-31", **CONTRACT)
            for i in range(count)]
        out[key] = {"agency": agency, "code": code, "datasets": datasets}
    return out


def create_source(portal: Any, source_type: str, url: str, config: dict[str, Any]
                  ) -> dict[str, Any]:
    agency = portal.create_agency()
    return portal.admin().action.harvest_source_create(
        name=f"src-{source_type.replace('_', '-')}-{secrets.token_hex(3)}",
        title=f"Nguồn {source_type}", url=url, source_type=source_type,
        config=json.dumps(config, ensure_ascii=False), owner_org=agency["id"],
        frequency="MANUAL")


def run(portal: Any, source_id: str, timeout: float = 240) -> dict[str, Any]:
    """One job through the instance's Redis queues and consumers, closed like `harvester run`."""
    admin = portal.admin()
    job = admin.action.harvest_job_create(source_id=source_id, run=True)
    # harvest_jobs_run re-publishes every WAITING object not yet in the Redis queue: called
    # while the gather consumer is between committing its objects and publishing them, it
    # queues them twice (ckanext-harvest 1.6.3). Close the job only after the gather.
    portal.wait_until(lambda: admin.action.harvest_job_show(id=job["id"])["gather_finished"],
                      timeout=timeout, interval=1, message="gather finished")
    time.sleep(3)

    def finished() -> dict[str, Any] | None:
        admin.action.harvest_jobs_run(source_id=source_id)
        shown = admin.action.harvest_job_show(id=job["id"])
        return shown if shown["status"] == "Finished" else None

    return portal.wait_until(finished, timeout=timeout, interval=1, message="job finished")


def errors(portal: Any, job_id: str) -> list[str]:
    report = portal.admin().action.harvest_job_report(id=job_id)
    found = [e["message"] for e in report["gather_errors"]]
    for item in report["object_errors"].values():
        found += [e["message"] for e in item["errors"]]
    return found


def harvested(portal: Any) -> list[dict[str, Any]]:
    return portal.admin().action.current_package_list_with_resources(limit=1000)


def by_title(portal: Any, title: str) -> dict[str, Any]:
    admin = portal.admin()
    names = [p["name"] for p in harvested(portal) if p["title"] == title]
    if not names:  # private datasets are not in the public list
        names = [p["name"] for p in admin.action.package_search(
            q=f'"{title}"', include_private=True, rows=50)["results"] if p["title"] == title]
    assert names, f"{title!r} was not harvested"
    return admin.action.package_show(id=names[0])


def post(portal: Any, action: str, **data: Any) -> Any:
    """A raw Action API call as the sysadmin (``name`` is a field here, not the action)."""
    return requests.post(f"{portal.url}/api/3/action/{action}", json=data, timeout=60,
                         headers={"Authorization": portal.sysadmin_token})


def test_every_source_type_of_the_shipped_plugin_list_is_registered(portals):
    _, harvester = portals
    # an unknown type is refused with the list of registered types
    response = post(harvester, "harvest_source_create", name="probe", url="http://example.org", source_type="nope",
                                title="x", config="{}")
    message = json.dumps(response.json()["error"], ensure_ascii=False)
    for source_type in ("ckan", "ckan_hue", "dcat_rdf", "lgsp"):
        assert f"'{source_type}'" in message, message


def test_stock_ckan_type_copies_the_source_portal(portals, published):
    source, harvester = portals
    src = create_source(harvester, "ckan", source.url, {
        "organizations_filter_include": [published["ckan"]["agency"]["name"]]})

    job = run(harvester, src["id"])

    assert job["stats"]["added"] == 2 and not errors(harvester, job["id"])
    for dataset in published["ckan"]["datasets"]:
        copy = harvester.admin().action.package_show(id=dataset["name"])
        assert copy["sector"] == "health" and copy["update_frequency"] == "quarterly"
    assert run(harvester, src["id"])["stats"].get("added", 0) == 0


def test_ckan_hue_copies_then_withdraws_what_disappeared_under_the_safety_guard(
        portals, published):
    source, harvester = portals
    datasets = published["ckan_hue"]["datasets"]
    src = create_source(harvester, "ckan_hue", source.url, {
        "organizations_filter_include": [published["ckan_hue"]["agency"]["name"]],
        "default_fields": {"shared_catalogue": "open"}})

    first = run(harvester, src["id"])
    assert first["stats"]["added"] == 6 and not errors(harvester, first["id"])

    # one of six gone upstream (17 % < 20 %): withdrawn, with a note
    source.admin().action.package_delete(id=datasets[0]["id"])
    second = run(harvester, src["id"])
    assert not errors(harvester, second["id"])
    gone = harvester.admin().action.package_show(id=datasets[0]["name"])
    assert gone["private"] is True and gone["state"] == "active"
    assert "Withdrawn on" in gone["notes"] and "Đã rút khỏi công khai" in gone["notes"]

    # three of the five left gone at once (60 %): nothing changes, the error names the numbers
    for dataset in datasets[1:4]:
        source.admin().action.package_delete(id=dataset["id"])
    blocked = run(harvester, src["id"])
    [error] = errors(harvester, blocked["id"])
    assert "3 of 5 (60 %)" in error
    assert all(not harvester.admin().action.package_show(id=d["name"])["private"]
               for d in datasets[1:4])

    # an operator forces the next run once
    harvester.admin().action.huedata_harvest_force_once(id=src["id"])
    forced = run(harvester, src["id"])
    assert not errors(harvester, forced["id"])
    assert all(harvester.admin().action.package_show(id=d["name"])["private"]
               for d in datasets[1:4])


def test_ckan_hue_api_key_is_a_secret_name_and_a_literal_key_is_refused(portals):
    source, harvester = portals
    response = post(harvester, "harvest_source_create", name=f"lit-{secrets.token_hex(3)}", url=source.url,
                                source_type="ckan_hue", title="x",
                                config=json.dumps({"api_key": "0f1e2d3c-literal-key-value!"}))
    assert response.status_code == 409
    message = json.dumps(response.json()["error"], ensure_ascii=False)
    assert "NAME of a secret" in message and "TÊN của một bí mật" in message
    assert "literal-key-value" not in message


def test_lgsp_type_harvests_the_test_agency_api(portals, lgsp):
    _, harvester = portals
    src = create_source(harvester, "lgsp", f"{lgsp.url}/sotnmt/datasets", {
        "mode": "catalogue",
        "auth": {"token_url": f"{lgsp.url}/token", "consumer_key": "hue-key",
                 "consumer_secret": "hue-secret", "method": "client_secret_post"},
        "pagination": {"style": "page", "items": "/data", "size": 3, "total": "/total"},
        "mapping": {"guid": "/ma", "title": "/ten", "notes": "/mo_ta", "tags": "/tu_khoa",
                    "sector": {"pointer": "/linh_vuc",
                               "values": {"Y tế": "health", "Giáo dục": "education",
                                          "Du lịch": "tourism"}},
                    "contact_email": "/lien_he/email"},
    })

    job = run(harvester, src["id"])

    assert job["stats"]["added"] == 4 and not errors(harvester, job["id"]), (
        job["stats"], errors(harvester, job["id"]))
    copy = by_title(harvester, "Bộ dữ liệu quan trắc số 1")
    assert copy["name"] == "bo-du-lieu-quan-trac-so-1" and copy["sector"] == "education"


# -- DCAT round trip ------------------------------------------------------------------------

@pytest.fixture(scope="module")
def dcat_copy(portals: tuple[Any, Any], published: dict[str, Any]) -> dict[str, Any]:
    source, harvester = portals
    src = create_source(harvester, "dcat_rdf", f"{source.url}/catalog.ttl",
                        {"rdf_format": "text/turtle"})
    job = run(harvester, src["id"], timeout=400)
    original = published["dcat"]["datasets"][0]
    found = [p for p in harvested(harvester) if p["title"] == original["title"]]
    return {"job": job, "errors": errors(harvester, job["id"])[:5], "original": original,
            "copy": by_title(harvester, original["title"]) if found else None,
            "code": published["dcat"]["code"]}


def test_dcat_rdf_harvests_this_portals_catalogue_without_errors(dcat_copy):
    assert dcat_copy["copy"] is not None, (dcat_copy["job"]["stats"], dcat_copy["errors"])
    assert not [e for e in dcat_copy["errors"] if dcat_copy["original"]["title"] in e]
    assert dcat_copy["copy"]["notes"] == "Dữ liệu thử thu thập"
    assert {t["name"] for t in dcat_copy["copy"]["tags"]} >= {"thu-thap", "lien-thong"}


@pytest.mark.parametrize("field", [
    pytest.param("sector", id="sector-from-theme"),
    pytest.param("update_frequency", id="frequency"),
    pytest.param("contact_email", id="contact-email"),
    pytest.param("contact_name", id="contact-name"),
    pytest.param("spatial_coverage", id="wards"),
    pytest.param("access_level", id="access-level"),
    pytest.param("legal_basis", id="legal-basis"),
    pytest.param("data_kind", id="data-kind"),
    pytest.param("contact_phone", id="contact-phone"),
    pytest.param("temporal_start", id="temporal-start"),
    pytest.param("temporal_end", id="temporal-end"),
])
def test_dcat_round_trip_gives_back_every_contract_field(dcat_copy, field):
    assert dcat_copy["copy"] is not None, (dcat_copy["job"]["stats"], dcat_copy["errors"])
    copy, original = dcat_copy["copy"].get(field), dcat_copy["original"][field]
    if field == "contact_phone":  # exported as a tel: IRI, which carries no spaces
        copy, original = re.sub(r"\D", "", copy or ""), re.sub(r"\D", "", original)
    assert copy == original


def test_dcat_round_trip_gives_back_the_agency_code(dcat_copy):
    assert dcat_copy["copy"] is not None, (dcat_copy["job"]["stats"], dcat_copy["errors"])
    assert dcat_copy["code"] in json.dumps(dcat_copy["copy"], ensure_ascii=False)
