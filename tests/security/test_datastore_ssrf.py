"""Server-side request forgery through the DataStore loader.

A publisher links a resource (CSV, XLSX, GeoJSON) instead of uploading it; the portal's job
worker then downloads it to load the DataStore. The link must go through the suite's guard
(ckanext/huedata/fetching.py): a link to an internal address is refused before any
connection, the refusal is the load's reason on the resource page, and nothing of the
internal file reaches the DataStore. The shipped portal (config/ckan.ini, real worker) is
probed with 127.0.0.1 standing for the city's internal network; the DNS case (a public-looking
name that resolves to a private address) runs in-process with the resolver stubbed.
"""
from __future__ import annotations

import json
import secrets
from collections.abc import Iterator
from typing import Any

import pytest

from tests.datastore.conftest import load_status, make_publisher, wait_loaded
from tests.security.conftest import InternalServer, ResolverStub, serve_internal
from tests.shipped_portal import Portal

pytestmark = pytest.mark.timeout(600)

MARKER = f"INTERNAL{secrets.token_hex(6).upper()}"


@pytest.fixture(scope="module")
def ds_publisher(shipped_portal: Portal) -> dict[str, Any]:
    return make_publisher(shipped_portal)


@pytest.fixture
def internal_server() -> Iterator[InternalServer]:
    """The internal service: every file the probes link holds the marker."""
    body = f"id,{MARKER}\n1,{MARKER}_value\n".encode()
    with serve_internal() as server:
        server.routes.update({path: body for path in ("/secret.csv", "/layer.geojson", "/report.xlsx")})
        yield server


@pytest.mark.parametrize("fmt, path", [("CSV", "/secret.csv"), ("GeoJSON", "/layer.geojson"),
                                       ("XLSX", "/report.xlsx")])
def test_a_linked_resource_on_an_internal_address_is_never_fetched(
        shipped_portal: Portal, ds_publisher: dict, internal_server: InternalServer,
        fmt: str, path: str) -> None:
    portal = shipped_portal
    url = f"http://127.0.0.1:{internal_server.server_address[1]}{path}"
    resource = portal.api(ds_publisher["editor"]["token"]).action.resource_create(
        package_id=ds_publisher["dataset"]["id"], name=f"internal {fmt}", format=fmt, url=url)
    status = wait_loaded(portal, resource["id"], state="error")
    assert json.loads(status["error"])["vi"] == "Địa chỉ trỏ tới mạng nội bộ hoặc địa chỉ không công khai."
    assert internal_server.requests == []
    assert not portal.api().action.resource_show(id=resource["id"]).get("datastore_active")
    answer = portal.action("datastore_search", method="GET", resource_id=resource["id"])
    assert answer.status_code == 404 and MARKER not in answer.text
    page = portal.get(f"/dataset/{ds_publisher['dataset']['name']}/resource/{resource['id']}").text
    assert "Địa chỉ trỏ tới mạng nội bộ" in page and MARKER not in page
    assert MARKER not in portal.log_text()
    assert load_status(portal, resource["id"])["state"] == "error"


def test_a_public_name_resolving_to_a_private_address_is_refused(stub_resolver: ResolverStub) -> None:
    from ckanext.huedata.dataapi import jobs, tables

    stub_resolver.answers["du-lieu.example.vn"] = [["10.20.30.40"]]
    with pytest.raises(tables.LoadError) as refused:
        jobs.read_source({"id": "x", "url": "http://du-lieu.example.vn/ds.csv", "url_type": ""})
    assert refused.value.message_en == "The URL points to a private, local or otherwise non-public address."
    assert stub_resolver.asked == [("du-lieu.example.vn", 80)]
