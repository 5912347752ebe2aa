"""Server-side request forgery through the quality scorer and the deadline fingerprint job.

Probes go through portals built from config/ckan.ini over HTTP: a publisher sets resource URLs
that point at an internal server (127.0.0.1 stands for the city's internal network); the
portal's jobs must never connect there, and nothing of the internal file may appear anywhere
(scores, evidence, pages, search, update history). The guard is on as shipped: no allowed
hosts. The redirect probes use a second instance whose allow-list names only the redirector's
host:port, so the first hop is fetched and every later hop must be refused. DNS rebinding needs
a resolver that changes its answer: that probe runs in-process with the resolver stubbed (the
portal's resolver cannot be replaced from outside), never connecting anywhere.
"""
from __future__ import annotations

import io
import json
import secrets
from collections.abc import Iterator
from typing import Any

import pytest

from tests.security.conftest import InternalServer, serve_internal

pytestmark = pytest.mark.timeout(900)

MARKER = f"INTERNAL{secrets.token_hex(6).upper()}"
SECRET_CSV = f"id,{MARKER}_column\n1,{MARKER}_value\n2,{MARKER}_value\n".encode()


@pytest.fixture(scope="module")
def internal() -> Iterator[InternalServer]:
    """The "internal" service holding a secret file."""
    with serve_internal() as server:
        yield server


@pytest.fixture(scope="module")
def redirector() -> Iterator[InternalServer]:
    """A server the operator allowed (stands for a public host) that redirects."""
    with serve_internal() as server:
        yield server


def _publish(portal: Any, urls: dict[str, str]) -> tuple[dict[str, Any], dict[str, Any]]:
    owner = portal.create_user()
    agency = portal.create_agency()
    portal.add_member(agency["name"], owner["name"], "editor")
    api = portal.api(owner["token"])
    pkg = api.action.package_create(
        name=f"ssrf-{secrets.token_hex(4)}", title="Dữ liệu thử", owner_org=agency["id"], notes="x",
        license_id="cc-by", update_frequency="quarterly", sector="education", spatial_coverage=["city"],
        contact_email="a@hue.gov.vn")
    for name, url in urls.items():
        api.action.resource_create(package_id=pkg["id"], name=name, url=url, format="CSV")
    api.action.resource_create(package_id=pkg["id"], name="public-upload", format="CSV",
                               upload=("ok.csv", io.BytesIO(b"id\n1\n")))
    return owner, api.action.package_show(id=pkg["id"])


def _nothing_leaked(portal: Any, owner: dict[str, Any], pkg: dict[str, Any]) -> dict[str, Any]:
    """Everything a person could read about the dataset, checked for the secret."""
    quality = portal.api().action.huequality_dataset_quality(id=pkg["id"])
    seen = {
        "quality (anonymous)": json.dumps(quality, ensure_ascii=False),
        "quality (owner)": json.dumps(portal.api(owner["token"]).action.huequality_dataset_quality(id=pkg["id"]),
                                      ensure_ascii=False),
        "deadline status": json.dumps(portal.api().action.huequality_deadline_status(id=pkg["id"]),
                                      ensure_ascii=False),
        "search": json.dumps(portal.api().action.package_search(fq=f"name:{pkg['name']}"), ensure_ascii=False),
        "dataset page": portal.get(f"/dataset/{pkg['name']}").text,
        "dataset page (en)": portal.get(f"/en/dataset/{pkg['name']}").text,
        "DCAT": portal.get(f"/dataset/{pkg['name']}.ttl").text,
    }
    for where, text in seen.items():
        assert MARKER not in text, f"the internal file leaked through {where}"
    return quality


def _refusals(quality: dict[str, Any]) -> dict[str, dict[str, str]]:
    return {m["resource"]: m for m in quality["evidence"]["accuracy"]["messages"] if "resource" in m}


def _probes(internal: InternalServer) -> dict[str, str]:
    port = internal.server_address[1]
    return {
        "loopback": f"http://127.0.0.1:{port}/secret.csv",
        "backslash": f"http://127.0.0.1:{port}\\@1.1.1.1/../secret.csv",
        "userinfo": f"http://1.1.1.1@127.0.0.1:{port}/secret.csv",
        "localhost": f"http://localhost:{port}/secret.csv",
        "ipv4-mapped": f"http://[::ffff:127.0.0.1]:{port}/secret.csv",
        "ipv6-loopback": f"http://[::1]:{port}/secret.csv",
        "decimal": f"http://2130706433:{port}/secret.csv",
        "hex": f"http://0x7f000001:{port}/secret.csv",
        "short": f"http://127.1:{port}/secret.csv",
        "zero": f"http://0.0.0.0:{port}/secret.csv",
        "metadata": "http://169.254.169.254/latest/meta-data/",
        "tab": f"http://127.0.0.1:{port}/sec\tret.csv",
    }


def test_resource_urls_to_internal_addresses_are_never_fetched_by_the_jobs(portal_factory, internal, request):
    """Through the shipped configuration with two real job workers (fingerprint and score)."""
    internal.routes["/secret.csv"] = SECRET_CSV
    portal = portal_factory("ssrfjobs", owner=request)
    portal.start_workers("jobs")
    probes = _probes(internal)
    owner, pkg = _publish(portal, probes)
    portal.wait_until(lambda: portal.api().action.huequality_dataset_quality(id=pkg["id"])["history"],
                      timeout=180, message="the dataset's job")
    quality = _nothing_leaked(portal, owner, pkg)
    assert internal.requests == [], f"the portal connected to the internal server: {internal.requests}"
    refused = _refusals(quality)
    assert set(refused) == set(probes)      # each one scored as unreadable, with the reason
    for name, message in refused.items():
        assert message["message_vi"] and message["message_en"] and message["message_vi"] != message["message_en"], name
    status = portal.api().action.huequality_deadline_status(id=pkg["id"])
    hashes = {u["resource_id"]: u for u in status["updates"]}
    assert len(hashes) == len(probes) + 1   # each resource counted as added, by URL only
    tried = len(probes)
    print(f"SSRF probes through the job worker: tried {tried}, refused {len(refused)}, "
          f"requests reaching the internal server {len(internal.requests)}")


def test_the_recompute_action_refuses_them_too(shipped_portal, internal):
    """Scoring in the web process (``huequality_dataset_quality_recompute``) goes through the same guard."""
    internal.routes["/secret.csv"] = SECRET_CSV
    before = len(internal.requests)
    probes = _probes(internal)
    owner, pkg = _publish(shipped_portal, probes)
    shipped_portal.api(owner["token"]).action.huequality_dataset_quality_recompute(id=pkg["id"])
    quality = _nothing_leaked(shipped_portal, owner, pkg)
    assert len(internal.requests) == before
    assert set(_refusals(quality)) == set(probes)


def test_redirects_to_internal_addresses_are_refused_at_every_hop(portal_factory, internal, redirector, request):
    internal.routes["/secret.csv"] = SECRET_CSV
    port = internal.server_address[1]
    targets = {
        "to-loopback": f"http://127.0.0.1:{port}/secret.csv",
        "to-localhost": f"http://localhost:{port}/secret.csv",
        "to-ipv4-mapped": f"http://[::ffff:127.0.0.1]:{port}/secret.csv",
        "to-metadata": "http://169.254.169.254/latest/meta-data/",
        "to-backslash": f"http://127.0.0.1:{port}\\@1.1.1.1/secret.csv",
        "chain": "/to-loopback",
    }
    for name, location in targets.items():
        redirector.routes[f"/{name}"] = ("redirect", location)
    portal = portal_factory("hqredirects", overrides={
        "ckanext.huedata.outbound.allowed_hosts": f"127.0.0.1:{redirector.server_address[1]}"}, owner=request)
    urls = {name: f"{redirector.base}/{name}" for name in targets}
    owner, pkg = _publish(portal, urls)
    portal.api(owner["token"]).action.huequality_dataset_quality_recompute(id=pkg["id"])
    quality = _nothing_leaked(portal, owner, pkg)
    assert internal.requests == []
    assert set(redirector.requests) >= {f"/{name}" for name in targets}   # first hop fetched
    assert set(_refusals(quality)) == set(targets)
    print(f"SSRF redirect probes: tried {len(targets)}, refused {len(_refusals(quality))}")


def test_dns_rebinding_cannot_move_the_connection(monkeypatch, stub_resolver):
    """In-process, resolver stubbed: the address checked is the address connected to, a name
    with any non-public answer is refused, and no connection leaves this machine."""
    import requests

    from ckanext.huedata import fetching
    from ckanext.huequality.resources import local_copy

    stub_resolver.answers = {"rebind.example": [["93.184.216.34"], ["127.0.0.1"]],
                             "mixed.example": [["93.184.216.34", "127.0.0.1"]],
                             "mapped.example": [["::ffff:127.0.0.1"]]}
    connected: list[str] = []

    def no_connection(self: Any, request: Any, *args: Any, **kwargs: Any) -> Any:
        connected.append(request._hue_target.address)
        raise requests.ConnectionError("tests never connect to a public address")

    monkeypatch.setattr(fetching.GuardedAdapter, "get_connection_with_tls_context", no_connection)
    monkeypatch.setattr(fetching.config, "outbound_allowed_hosts", list)
    for host in list(stub_resolver.answers):
        with local_copy({"id": "r", "url": f"http://{host}/data.csv"}) as copy:
            assert copy.path is None and copy.failure is not None
    # the rebinding name was resolved once and the connection went to that checked public address
    assert [host for host, _ in stub_resolver.asked].count("rebind.example") == 1
    assert connected == ["93.184.216.34"]
