"""`make run`'s local VNeID: the demo provider process and config/ckan.ini with the settings the
local run adds, signed in through over HTTP as both demo people."""
from __future__ import annotations

import configparser
import re
import subprocess
import sys
import time
from collections.abc import Callable, Iterator
from html import unescape
from typing import Any

import pytest
import requests

from ckanext.huesso import demo_vneid
from tests.shipped_portal import ROOT, Portal, free_port

pytestmark = pytest.mark.timeout(600)


@pytest.fixture(scope="module")
def demo_provider() -> Iterator[str]:
    """The provider as scripts/run-portal.sh starts it (``python -m ckanext.huesso.demo_vneid serve``)."""
    port = free_port()
    process = subprocess.Popen([sys.executable, "-m", "ckanext.huesso.demo_vneid", "serve", "--port", str(port)],
                               cwd=ROOT, stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True)
    issuer = demo_vneid.issuer(port)
    deadline = time.monotonic() + 60
    while True:
        try:
            if requests.get(issuer + "/.well-known/openid-configuration", timeout=5).ok:
                break
        except requests.ConnectionError:
            pass
        if process.poll() is not None or time.monotonic() > deadline:
            process.kill()
            raise RuntimeError(f"demo provider did not start:\n{process.communicate()[0]}")
        time.sleep(0.2)
    yield issuer
    process.terminate()
    output = process.communicate(timeout=10)[0]
    # The demo ID numbers are never logged, not even by the provider.
    for claims in demo_vneid.IDENTITIES.values():
        assert claims["SoDinhDanh"] not in output


@pytest.fixture(scope="module")
def local_portal(portal_factory: Callable[..., Portal], demo_provider: str, tmp_path_factory: Any,
                 request: pytest.FixtureRequest) -> Portal:
    # The settings the local run's generated ini adds to config/ckan.ini, read back from that ini.
    ini = tmp_path_factory.mktemp("local") / "run-local.ini"
    demo_vneid.write_ini(ROOT / "config" / "ckan.ini", ini, demo_provider)
    parser = configparser.ConfigParser(interpolation=None)
    parser.read(ini, encoding="utf-8")
    overrides = {key: value for key, value in parser["app:main"].items() if key.startswith("ckanext.huesso.")}
    assert overrides["ckanext.huesso.issuer"] == demo_provider
    portal = portal_factory("localsso", overrides, owner=request)
    # The demo agency as `make demo` seeds it (name and agency code)
    portal.create_agency(demo_vneid.DEMO_AGENCY, agency_code=demo_vneid.DEMO_AGENCY_CODE)
    return portal


def sign_in_as(portal: Portal, sub: str) -> requests.Session:
    """Login page → VNeID button → the provider's page → the demo person's button → the portal."""
    session = requests.Session()
    page = session.get(portal.url + "/user/login", timeout=60)
    button = re.search(r'class="btn[^"]*huesso-login-button"\s+href="([^"]+)"', page.text)
    assert button, "the login page shows no VNeID button"
    to_provider = session.get(portal.url + unescape(button.group(1)), allow_redirects=False, timeout=60)
    assert to_provider.status_code == 302
    authorize_url = to_provider.headers["Location"]
    provider_page = session.get(authorize_url, timeout=30)
    assert f'value="{sub}"' in provider_page.text  # the newcomer picks the demo person here
    callback = session.post(authorize_url, data={"sub": sub}, allow_redirects=False, timeout=30)
    assert callback.status_code == 302
    landed = session.get(callback.headers["Location"], timeout=60)
    assert landed.status_code == 200, landed.text[-2000:]
    return session


def signed_in_user(portal: Portal, session: requests.Session, sub: str) -> dict[str, Any]:
    """The account the session is signed in to, found by the demo person's full name."""
    dashboard = session.get(portal.url + "/dashboard/datasets", allow_redirects=False, timeout=60)
    assert dashboard.status_code == 200, "not signed in"
    fullname = demo_vneid.IDENTITIES[sub]["HoVaTen"]
    users = [user for user in portal.admin().action.user_list(all_fields=True) if user["fullname"] == fullname]
    assert len(users) == 1
    assert users[0]["name"] in dashboard.text
    return users[0]


def test_the_demo_clerk_signs_in_through_the_local_vneid_and_edits_for_the_demo_agency(local_portal: Portal) -> None:
    session = sign_in_as(local_portal, demo_vneid.CLERK_SUB)
    clerk = signed_in_user(local_portal, session, demo_vneid.CLERK_SUB)
    orgs = local_portal.admin().action.organization_list_for_user(id=clerk["id"], permission="read")
    assert [org["name"] for org in orgs] == [demo_vneid.DEMO_AGENCY]
    # editor: may add datasets to the agency (the agency role of huesso's claim mapping)
    can_publish = local_portal.admin().action.organization_list_for_user(id=clerk["id"], permission="create_dataset")
    assert [org["name"] for org in can_publish] == [demo_vneid.DEMO_AGENCY]
    # the ID number itself is nowhere in the account
    assert demo_vneid.IDENTITIES[demo_vneid.CLERK_SUB]["SoDinhDanh"] not in str(clerk)


def test_the_demo_citizen_signs_in_through_the_local_vneid_and_belongs_to_no_agency(local_portal: Portal) -> None:
    session = sign_in_as(local_portal, demo_vneid.CITIZEN_SUB)
    citizen = signed_in_user(local_portal, session, demo_vneid.CITIZEN_SUB)
    assert local_portal.admin().action.organization_list_for_user(id=citizen["id"], permission="read") == []
    assert demo_vneid.IDENTITIES[demo_vneid.CITIZEN_SUB]["SoDinhDanh"] not in str(citizen)


def test_production_never_points_at_a_demo_provider() -> None:
    production = configparser.ConfigParser(interpolation=None)
    production.read(ROOT / "config" / "production.ini", encoding="utf-8")
    app = production["app:main"]
    assert app["ckanext.huesso.issuer"] == "${HUESSO_ISSUER}"
    assert app["ckanext.huesso.client_id"] == "${HUESSO_CLIENT_ID}"
    text = (ROOT / "config" / "production.ini").read_text(encoding="utf-8")
    for demo_value in (demo_vneid.CLIENT_ID, demo_vneid.CLIENT_SECRET, demo_vneid.ID_HMAC_SECRET,
                       f":{demo_vneid.DEFAULT_PORT}", "demo_vneid"):
        assert demo_value not in text
    # nor does the shipped config (the local run's settings live only in its generated ini)
    assert "ckanext.huesso.issuer" not in (ROOT / "config" / "ckan.ini").read_text(encoding="utf-8")

