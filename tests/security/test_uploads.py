"""Uploaded files never run on the portal's origin (issue 11, item 7)."""
from __future__ import annotations

import pytest
import requests

from tests.security.conftest import Scene

pytestmark = pytest.mark.timeout(900)

ACTIVE = [
    ("evil.html", b"<html><script>alert(document.cookie)</script></html>"),
    ("evil.htm", b"<script>alert(1)</script>"),
    ("evil.svg", b'<svg xmlns="http://www.w3.org/2000/svg"><script>alert(1)</script></svg>'),
    ("evil.xml", b'<?xml version="1.0"?><x:script xmlns:x="http://www.w3.org/1999/xhtml">alert(1)</x:script>'),
    ("evil.xhtml", b'<html xmlns="http://www.w3.org/1999/xhtml"><script>alert(1)</script></html>'),
    ("evil.js", b"alert(1)"),
    ("evil.csv", b"<script>alert(1)</script>"),          # a sniffable payload under a harmless name
    ("evil.txt", b"<html><script>alert(1)</script>"),
]


def _upload(scene: Scene, filename: str, content: bytes) -> dict:
    response = requests.post(f"{scene.portal.url}/api/3/action/resource_create", timeout=60,
                             headers={"Authorization": scene.owner["token"]},
                             data={"package_id": scene.public["id"], "name": filename},
                             files={"upload": (filename, content)})
    assert response.status_code == 200, response.text[:500]
    return response.json()["result"]


@pytest.mark.parametrize(("filename", "content"), ACTIVE, ids=[a[0] for a in ACTIVE])
def test_an_uploaded_file_is_never_rendered_on_the_portal_origin(scene: Scene, filename, content):
    resource = _upload(scene, filename, content)
    response = requests.get(resource["url"].replace("http://localhost", scene.portal.url), timeout=60)
    if not resource["url"].startswith(scene.portal.url):
        response = scene.portal.get(f"/dataset/{scene.public['id']}/resource/{resource['id']}/download/{filename}")
    assert response.status_code == 200
    assert response.headers.get("X-Content-Type-Options") == "nosniff"
    assert "sandbox" in response.headers.get("Content-Security-Policy", "")
    if filename.rsplit(".", 1)[1] in {"html", "htm", "svg", "xml", "xhtml", "js"}:
        assert response.headers.get("Content-Disposition", "").startswith("attachment")


@pytest.mark.parametrize("path", ["/", "/dataset/", "/api/3/action/status_show", "/user/login"])
def test_every_page_forbids_type_sniffing(scene: Scene, path):
    assert scene.portal.get(path).headers.get("X-Content-Type-Options") == "nosniff"


def test_the_shipped_nginx_adds_the_browser_guards():
    from tests.shipped_portal import ROOT

    conf = (ROOT / "docker" / "nginx" / "default.conf").read_text()
    for header in ("X-Content-Type-Options nosniff", "Referrer-Policy", "Content-Security-Policy"):
        assert f"add_header {header}" in conf
    csp = next(line for line in conf.splitlines() if "Content-Security-Policy" in line)
    assert "frame-ancestors 'self'" in csp and "object-src 'none'" in csp
