"""The cast of the security suite: one portal from config/ckan.ini, three kinds of caller.

``scene`` builds, once per session on ``shipped_portal``: an agency with its admin (the
*owner*), a user who belongs to *another* agency, a public and a private dataset of the
owner's agency, and a harvest source of that agency whose config carries a unique marker.
Probes run as ``anonymous``, ``other`` (the other agency's editor) and ``owner``.
"""
from __future__ import annotations

import http.server
import json
import secrets
import threading
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from typing import Any

import pytest
import requests

from tests.shipped_portal import Portal, csrf_token

CALLERS = ("anonymous", "other")


@dataclass
class Scene:
    portal: Portal
    owner: dict[str, Any]
    other: dict[str, Any]
    agency: dict[str, Any]
    public: dict[str, Any]
    private: dict[str, Any]
    source: dict[str, Any]
    marker: str
    secret_tag: str
    secret_format: str
    tokens: dict[str, str | None] = field(default_factory=dict)

    def token(self, caller: str) -> str | None:
        return {"anonymous": None, "other": self.other["token"], "owner": self.owner["token"]}[caller]

    def call(self, caller: str, action: str, method: str = "GET", **data: Any) -> requests.Response:
        if method == "GET":
            data = {k: json.dumps(v) if isinstance(v, list | dict) else v for k, v in data.items()}
        return self.portal.action(action, self.token(caller), method=method, **data)

    def page(self, caller: str, path: str) -> requests.Response:
        headers = {"Authorization": self.owner["token"] if caller == "owner" else self.other["token"]} \
            if caller != "anonymous" else {}
        return self.portal.get(path, headers=headers)


def _dataset(portal: Portal, token: str, agency: dict[str, Any], *, private: bool, tag: str,
             fmt: str, title: str) -> dict[str, Any]:
    return portal.api(token).action.package_create(
        name=f"sec-{secrets.token_hex(5)}", title=title, owner_org=agency["id"], private=private,
        notes="Bộ dữ liệu thử an ninh", sector="education", update_frequency="quarterly",
        data_kind="sector_data", access_level="open", license_id="cc-by",
        spatial_coverage=["city"], contact_email="sec@hue.gov.vn", tags=[{"name": tag}],
        resources=[{"url": "https://example.org/data.csv", "format": fmt, "name": "data"}])


def _harvest_source(portal: Portal, token: str, agency: dict[str, Any], marker: str) -> dict[str, Any]:
    """A ``ckan`` source whose config carries the marker in a field the harvesters accept."""
    configs = [{"api_key": marker, "organizations_filter_include": [marker.lower()]},
               {"organizations_filter_include": [marker.lower()]}]
    errors = []
    name = f"src-{secrets.token_hex(5)}"
    for config in configs:
        response = requests.post(f"{portal.url}/api/3/action/harvest_source_create", timeout=60,
                                 headers={"Authorization": token}, json={
                                     "url": f"https://ckan.example.org/{name}", "name": name,
                                     "title": "Nguồn thử an ninh", "source_type": "ckan",
                                     "config": json.dumps(config), "owner_org": agency["id"],
                                     "frequency": "MANUAL"})
        if response.status_code == 200:
            return response.json()["result"]
        errors.append(response.text[:500])
    raise AssertionError(f"no config accepted: {errors}")


@pytest.fixture(scope="session")
def scene(shipped_portal: Portal) -> Scene:
    portal = shipped_portal
    suffix = secrets.token_hex(4)
    agency = portal.create_agency(f"sec-owner-{suffix}")
    foreign = portal.create_agency(f"sec-other-{suffix}")
    owner = portal.create_user(f"sec-owner-{suffix}")
    other = portal.create_user(f"sec-other-{suffix}")
    portal.add_member(agency["name"], owner["name"], "admin")
    portal.add_member(foreign["name"], other["name"], "editor")
    marker = f"SECRET{secrets.token_hex(6).upper()}"
    secret_tag = f"mat-{secrets.token_hex(4)}"
    secret_format = f"FMT{secrets.token_hex(3).upper()}"
    public = _dataset(portal, owner["token"], agency, private=False, tag=f"cong-khai-{suffix}",
                      fmt="CSV", title="Danh sách trường học công khai")
    private = _dataset(portal, owner["token"], agency, private=True, tag=secret_tag,
                       fmt=secret_format, title=f"Riêng tư {secret_tag}")
    source = _harvest_source(portal, owner["token"], agency, marker)
    return Scene(portal, owner, other, agency, public, private, source, marker, secret_tag, secret_format)


def logged_in(portal: Portal, user: dict[str, Any]) -> requests.Session:
    return portal.login(user)


__all__ = ["CALLERS", "Scene", "csrf_token", "logged_in"]


class InternalServer(http.server.ThreadingHTTPServer):
    """A service on 127.0.0.1 standing for the city's internal network. Serves ``routes[path]``:
    bytes (200) or ``("redirect", location)`` (302), 404 otherwise; records every path asked."""

    def __init__(self) -> None:
        super().__init__(("127.0.0.1", 0), _InternalHandler)
        self.routes: dict[str, Any] = {}
        self.requests: list[str] = []

    @property
    def base(self) -> str:
        return f"http://127.0.0.1:{self.server_address[1]}"


class _InternalHandler(http.server.BaseHTTPRequestHandler):
    server: InternalServer

    def do_GET(self) -> None:  # noqa: N802 (http.server's naming)
        self.server.requests.append(self.path)
        route = self.server.routes.get(self.path.split("?")[0])
        if isinstance(route, tuple):
            self.send_response(302)
            self.send_header("Location", route[1])
            self.end_headers()
            return
        if route is None:
            self.send_response(404)
            self.end_headers()
            return
        self.send_response(200)
        self.send_header("Content-Length", str(len(route)))
        self.end_headers()
        self.wfile.write(route)

    def log_message(self, *args: Any) -> None:
        pass


@contextmanager
def serve_internal() -> Iterator[InternalServer]:
    """An ``InternalServer`` running for the duration of the ``with`` block."""
    server = InternalServer()
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        yield server
    finally:
        server.shutdown()
        server.server_close()


@dataclass
class ResolverStub:
    """The suite's outbound resolver replaced in-process: ``answers[host]`` is a queue of answers
    (the last one repeats); ``asked`` records every (host, port) looked up. Nothing resolves for real."""

    answers: dict[str, list[list[str]]] = field(default_factory=dict)
    asked: list[tuple[str, int]] = field(default_factory=list)

    def __call__(self, host: str, port: int) -> list[str]:
        self.asked.append((host, port))
        queue = self.answers[host]
        return queue.pop(0) if len(queue) > 1 else queue[0]


@pytest.fixture
def stub_resolver(monkeypatch: pytest.MonkeyPatch) -> ResolverStub:
    """``ckanext.huedata.fetching.resolver`` replaced by a ``ResolverStub`` for one test."""
    from ckanext.huedata import fetching

    stub = ResolverStub()
    monkeypatch.setattr(fetching, "resolver", stub)
    return stub
