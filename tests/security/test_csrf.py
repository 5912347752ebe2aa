"""Every state-changing view of the suite refuses a cross-site POST (issue 11, item 4).

The views are read from the URL map of the app built from the shipped config (all of the suite's
blueprints, whatever the extensions add later); each one is POSTed with a logged-in sysadmin's
cookie, without the CSRF token and with a foreign Origin, and must be refused before it runs.
"""
from __future__ import annotations

import json
import re
import subprocess
import sys

import pytest

from tests.shipped_portal import ROOT, Portal

pytestmark = pytest.mark.timeout(900)

_LIST_VIEWS = r"""
import json, sys
from ckan.cli import load_config
from ckan.config.middleware import make_app
app = make_app(load_config(sys.argv[1]))
app = getattr(app, "_wsgi_app", app)
flask_app = getattr(app, "app", app)
rows = []
for rule in flask_app.url_map.iter_rules():
    view = flask_app.view_functions.get(rule.endpoint)
    module = getattr(view, "__module__", "") or ""
    if "POST" in (rule.methods or ()) and module.startswith("ckanext.hue"):
        rows.append({"rule": rule.rule, "endpoint": rule.endpoint, "module": module})
print("VIEWS=" + json.dumps(rows))
"""


@pytest.fixture(scope="module")
def suite_post_views(shipped_portal: Portal) -> list[dict[str, str]]:
    result = subprocess.run([sys.executable, "-c", _LIST_VIEWS, str(shipped_portal.ini)], cwd=ROOT,
                            capture_output=True, text=True, timeout=300, check=False)
    line = next((li for li in result.stdout.splitlines() if li.startswith("VIEWS=")), None)
    assert line, result.stderr[-3000:]
    return json.loads(line[len("VIEWS="):])


def _path(rule: str) -> str:
    return re.sub(r"<(?:[^:>]+:)?([^>]+)>", "x", rule)


def test_the_suite_has_state_changing_views_to_guard(suite_post_views):
    endpoints = {v["endpoint"] for v in suite_post_views}
    assert any("pending" in v["rule"] for v in suite_post_views), endpoints
    assert any("deadlines" in v["rule"] for v in suite_post_views), endpoints


def test_every_suite_post_view_refuses_a_cross_site_post(shipped_portal: Portal, suite_post_views):
    admin = shipped_portal.create_user(sysadmin=True)
    browser = shipped_portal.login(admin)
    tried, refused = [], []
    for view in suite_post_views:
        response = browser.post(shipped_portal.url + _path(view["rule"]), timeout=60, allow_redirects=False,
                                data={"user_id": "x", "action": "approve", "note": "forged"},
                                headers={"Origin": "https://evil.example", "Referer": "https://evil.example/"})
        tried.append(view["rule"])
        if response.status_code in (400, 403) and ("csrf" in response.text.lower() or "token" in response.text.lower()):
            refused.append(view["rule"])
    assert sorted(tried) == sorted(refused), f"accepted without a token: {sorted(set(tried) - set(refused))}"
