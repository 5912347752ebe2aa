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

import http.server
import json
import secrets
import threading
from collections.abc import Iterator
from typing import Any

import pytest

from tests.datastore.conftest import load_status, make_publisher, wait_loaded
from tests.shipped_portal import Portal

pytestmark = pytest.mark.timeout(600)

MARKER = f"INTERNAL{secrets.token_hex(6).upper()}"


class _Handler(http.server.BaseHTTPRequestHandler):
    requests: list[str] = []

    def do_GET(self) -> None:  # noqa: N802 (http.server's naming)
        type(self).requests.append(self.path)
        body = f"id,{MARKER}\n1,{MARKER}_value\n".encode()
        self.send_response(200)
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        self.wfile.write(body)

    def log_message(self, *args: Any) -> None:
        pass


@pytest.fixture(scope="module")
def ds_publisher(shipped_portal: Portal) -> dict[str, Any]:
    return make_publisher(shipped_portal)


@pytest.fixture
def internal_server() -> Iterator[http.server.ThreadingHTTPServer]:
    _Handler.requests = []
    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), _Handler)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        yield server
    finally:
        server.shutdown()
        server.server_close()


@pytest.mark.parametrize("fmt, path", [("CSV", "/secret.csv"), ("GeoJSON", "/layer.geojson"),
                                       ("XLSX", "/report.xlsx")])
def test_a_linked_resource_on_an_internal_address_is_never_fetched(
        shipped_portal: Portal, ds_publisher: dict, internal_server: http.server.ThreadingHTTPServer,
        fmt: str, path: str) -> None:
    portal = shipped_portal
    url = f"http://127.0.0.1:{internal_server.server_address[1]}{path}"
    resource = portal.api(ds_publisher["editor"]["token"]).action.resource_create(
        package_id=ds_publisher["dataset"]["id"], name=f"internal {fmt}", format=fmt, url=url)
    status = wait_loaded(portal, resource["id"], state="error")
    assert json.loads(status["error"])["vi"] == "Địa chỉ trỏ tới mạng nội bộ hoặc địa chỉ không công khai."
    assert _Handler.requests == []
    assert not portal.api().action.resource_show(id=resource["id"]).get("datastore_active")
    answer = portal.action("datastore_search", method="GET", resource_id=resource["id"])
    assert answer.status_code == 404 and MARKER not in answer.text
    page = portal.get(f"/dataset/{ds_publisher['dataset']['name']}/resource/{resource['id']}").text
    assert "Địa chỉ trỏ tới mạng nội bộ" in page and MARKER not in page
    assert MARKER not in portal.log_text()
    assert load_status(portal, resource["id"])["state"] == "error"


def test_a_public_name_resolving_to_a_private_address_is_refused(monkeypatch: pytest.MonkeyPatch) -> None:
    from ckanext.huedata import fetching
    from ckanext.huedata.dataapi import jobs, tables

    connections: list[tuple[str, int]] = []

    def resolver(host: str, port: int) -> list[str]:
        connections.append((host, port))
        return ["10.20.30.40"]

    monkeypatch.setattr(fetching, "resolver", resolver)
    with pytest.raises(tables.LoadError) as refused:
        jobs.read_source({"id": "x", "url": "http://du-lieu.example.vn/ds.csv", "url_type": ""})
    assert refused.value.message_en == "The URL points to a private, local or otherwise non-public address."
    assert connections == [("du-lieu.example.vn", 80)]
