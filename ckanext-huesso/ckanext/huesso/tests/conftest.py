"""Fixtures of the huesso tests: real OpenID providers on 127.0.0.1 and the settings pointing CKAN at them."""
from __future__ import annotations

import json
import os
import re
from typing import Any, Callable
from urllib.parse import urlsplit

import pytest

from ckanext.huesso.oidc import client as oidc_client
from ckanext.huesso.tests.providers import CraftedProvider, MockProvider

# The providers speak plain HTTP on 127.0.0.1; Authlib refuses that unless told it is a test.
os.environ.setdefault("AUTHLIB_INSECURE_TRANSPORT", "1")

CLIENT_ID = CraftedProvider.client_id
CLIENT_SECRET = "client-secret-value-never-shown"
HMAC_SECRET = "test-hmac-secret-0123456789abcdefghijklmnopqrstuvwxyz"
ID_NUMBER = "079201001234"
STRONG_PASSWORD = "Hue@2026abc"  # CKAN factories default to one the city policy refuses


@pytest.fixture(scope="session")
def mock_provider():
    provider = MockProvider().start()
    yield provider
    provider.stop()


@pytest.fixture
def crafted_provider():
    provider = CraftedProvider().start()
    yield provider
    provider.stop()


@pytest.fixture
def sso_settings(ckan_config, monkeypatch) -> Callable[..., None]:
    """Point the portal at a provider; extra keyword settings are ``ckanext.huesso.<key>`` values."""

    def configure(issuer: str, **extra: Any) -> None:
        values = {
            "enabled": True, "issuer": issuer, "client_id": CLIENT_ID, "client_secret": CLIENT_SECRET,
            "id_hmac_secret": HMAC_SECRET, "scopes": "openid profile email",
        }
        values.update({key.replace("__", "."): value for key, value in extra.items()})
        for key, value in values.items():
            monkeypatch.setitem(ckan_config, "ckanext.huesso." + key, value)
        oidc_client.clear_cache()

    yield configure
    oidc_client.clear_cache()


def start_login(client, came_from: str | None = "/dataset/"):
    query = {"came_from": came_from} if came_from is not None else {}
    response = client.get("/user/sso/login", query_string=query, follow_redirects=False)
    assert response.status_code == 302, response.get_data(as_text=True)
    return response.headers["Location"]


def follow_callback(client, callback_url: str):
    parts = urlsplit(callback_url)
    return client.get(f"{parts.path}?{parts.query}", follow_redirects=False)


def sso_login(client, provider, sub: str = "", came_from: str | None = "/dataset/"):
    """The whole browser round trip: portal → provider → portal callback. Returns the callback answer."""
    return follow_callback(client, provider.authorize(start_login(client, came_from), sub))


def logged_in_name(client) -> str | None:
    """The user name the portal shows for this browser, or None when nobody is signed in."""
    response = client.get("/user/edit", follow_redirects=False)
    if response.status_code != 200:
        return None
    found = re.search(r'id="field-username"[^>]*value="([^"]+)"|value="([^"]+)"[^>]*id="field-username"',
                      response.get_data(as_text=True))
    return (found.group(1) or found.group(2)) if found else None


def edit_session(app, client, change: Callable[[dict], None]) -> None:
    """Change the browser's signed session cookie, as an attacker with the cookie key could not."""
    flask_app = app.flask_app
    serializer = flask_app.session_interface.get_signing_serializer(flask_app)
    name = flask_app.config["SESSION_COOKIE_NAME"]
    cookie = _find_cookie(client, name)
    data = serializer.loads(cookie.value)
    change(data)
    client.set_cookie(name, serializer.dumps(data), domain=cookie.domain, path=cookie.path)


def session_cookie(app, client) -> str:
    """What the browser holds in its session cookie, decoded."""
    flask_app = app.flask_app
    cookie = _find_cookie(client, flask_app.config["SESSION_COOKIE_NAME"])
    if cookie is None:
        return ""
    return json.dumps(flask_app.session_interface.get_signing_serializer(flask_app).loads(cookie.value),
                      default=str, ensure_ascii=False)


def _find_cookie(client, name: str):
    return next((cookie for (_domain, _path, key), cookie in client._cookies.items() if key == name), None)


def session_cookie_raw(app, client) -> str:
    return _find_cookie(client, app.flask_app.config["SESSION_COOKIE_NAME"]).value


def set_session_cookie_raw(app, client, value: str) -> None:
    client.set_cookie(app.flask_app.config["SESSION_COOKIE_NAME"], value, domain="test.ckan.net")
