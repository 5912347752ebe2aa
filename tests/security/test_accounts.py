"""An expired password stops the browser session on the API too; API tokens expire (issue 11, item 6)."""
from __future__ import annotations

import base64
import json
import time

import pytest

from tests.security.conftest import Scene
from tests.shipped_portal import _psql, csrf_token

pytestmark = pytest.mark.timeout(900)


def _claims(token: str) -> dict:
    payload = token.split(".")[1]
    return json.loads(base64.urlsafe_b64decode(payload + "=" * (-len(payload) % 4)))


@pytest.fixture(scope="module")
def expired(scene: Scene):
    """A member of the owner's agency whose password is 100 days old, logged in by cookie."""
    portal = scene.portal
    user = portal.create_user()
    portal.add_member(scene.agency["name"], user["name"], "editor")
    browser = portal.login(user)
    _psql(f"UPDATE huesso_password_history SET created = now() - interval '100 days' "
          f"WHERE user_id = '{user['id']}'; UPDATE \"user\" SET created = now() - interval '100 days' "
          f"WHERE id = '{user['id']}'", database=portal.ckan_db)
    return user, browser


@pytest.mark.parametrize(("action", "method", "data"), [
    ("package_show", "GET", {"id": "{private}"}),
    ("package_search", "GET", {"include_private": "true", "q": "*:*"}),
    ("package_patch", "POST", {"id": "{private}", "notes": "patched by an expired session"}),
    ("api_token_create", "POST", {"user": "{user}", "name": "sneaky"}),
    ("user_show", "GET", {"id": "{user}"}),
])
def test_an_expired_password_refuses_cookie_api_calls(scene: Scene, expired, action, method, data):
    user, browser = expired
    data = {k: v.format(private=scene.private["id"], user=user["name"]) for k, v in data.items()}
    url = f"{scene.portal.url}/api/3/action/{action}"
    if method == "GET":
        response = browser.get(url, params=data, timeout=60)
    else:
        page = browser.get(f"{scene.portal.url}/dataset/", timeout=60).text
        headers = {"X-CSRFToken": csrf_token(page)} if "_csrf_token" in page else {}
        response = browser.post(url, json=data, headers=headers, timeout=60)
    assert response.status_code == 403, response.text[:300]
    body = response.json()
    assert body["success"] is False and "90" in body["error"]["message"]
    assert "patched" not in scene.call("owner", "package_show", id=scene.private["id"]).text


def test_an_expired_password_still_reaches_the_form_that_changes_it(scene: Scene, expired):
    user, browser = expired
    response = browser.get(f"{scene.portal.url}/user/edit/{user['name']}", timeout=60, allow_redirects=False)
    assert response.status_code == 200


def test_api_tokens_get_a_bounded_lifetime(scene: Scene):
    admin = scene.portal.admin()
    forever = admin.action.api_token_create(user=scene.other["name"], name="forever")["token"]
    claims = _claims(forever)
    assert "exp" in claims and claims["exp"] - claims["iat"] <= 90 * 86400 + 5
    long = admin.action.api_token_create(user=scene.other["name"], name="long", expires_in=5, unit=31536000)
    claims = _claims(long["token"])
    assert claims["exp"] - claims["iat"] <= 90 * 86400 + 5


def test_an_expired_token_no_longer_authenticates(scene: Scene):
    token = scene.portal.admin().action.api_token_create(user=scene.owner["name"], name="short",
                                                         expires_in=1, unit=1)["token"]
    assert scene.portal.action("package_show", token, method="GET", id=scene.private["id"]).status_code == 200
    time.sleep(2.5)
    assert scene.portal.action("package_show", token, method="GET", id=scene.private["id"]).status_code == 403


def test_the_sso_approval_page_is_an_admin_tab(scene: Scene):
    admin = scene.portal.create_user(sysadmin=True)
    page = scene.portal.get("/ckan-admin/", headers={"Authorization": admin["token"]})
    assert page.status_code == 200 and 'href="/ckan-admin/sso-pending"' in page.text
    for caller in ("anonymous", "other", "owner"):
        assert scene.page(caller, "/ckan-admin/sso-pending").status_code in (302, 403, 401)
