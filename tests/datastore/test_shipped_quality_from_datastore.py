"""The quality scorer reads a loaded resource from the DataStore, not from its URL again.

A second shipped portal allows the loopback server (the agency's file server) as an outbound
host; the test counts the requests that server receives: one for the DataStore load, none for
a quality recomputation afterwards.
"""
from __future__ import annotations

import http.server
import json
import threading
from collections.abc import Iterator
from typing import Any, Callable

import pytest

from tests.datastore.conftest import make_publisher, wait_loaded
from tests.shipped_portal import Portal

pytestmark = pytest.mark.timeout(600)
BODY = "phuong,dan_so\nPhường Phú Hội,12450\nPhường Vỹ Dạ,\nXã Hương Thọ,8120\n".encode()


class _Handler(http.server.BaseHTTPRequestHandler):
    hits: list[str] = []

    def do_GET(self) -> None:  # noqa: N802 (http.server's naming)
        type(self).hits.append(self.path)
        self.send_response(200)
        self.send_header("Content-Type", "text/csv")
        self.send_header("Content-Length", str(len(BODY)))
        self.end_headers()
        self.wfile.write(BODY)

    def log_message(self, *args: Any) -> None:
        pass


@pytest.fixture(scope="module")
def agency_server() -> Iterator[http.server.ThreadingHTTPServer]:
    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), _Handler)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    yield server
    server.shutdown()
    server.server_close()


def test_quality_is_scored_from_the_datastore_without_a_second_download(
        portal_factory: Callable[..., Portal], agency_server: http.server.ThreadingHTTPServer,
        request: pytest.FixtureRequest) -> None:
    port = agency_server.server_address[1]
    portal = portal_factory("dsquality", {"ckanext.huedata.outbound.allowed_hosts": f"127.0.0.1:{port}"}, owner=request)
    portal.start_workers("jobs")
    publisher = make_publisher(portal)
    resource = portal.api(publisher["editor"]["token"]).action.resource_create(
        package_id=publisher["dataset"]["id"], name="dan-so.csv", format="CSV",
        url=f"http://127.0.0.1:{port}/dan-so.csv",
        data_dictionary=json.dumps({"fields": [{"name": "phuong", "type": "string"},
                                               {"name": "dan_so", "type": "integer"}]}))
    wait_loaded(portal, resource["id"])
    quality = portal.api(publisher["editor"]["token"]).action
    portal.wait_until(lambda: quality.huequality_dataset_quality(id=publisher["dataset"]["id"])["computed_at"],
                      timeout=120, message="the first quality score")
    before = len(_Handler.hits)
    result = quality.huequality_dataset_quality_recompute(id=publisher["dataset"]["id"])
    assert len(_Handler.hits) == before, "the scorer downloaded the file again"
    assert result["scores"]["completeness"] is not None and result["scores"]["completeness"] < 100
    assert "dan_so" in json.dumps(result["evidence"], ensure_ascii=False)
