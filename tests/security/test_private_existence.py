"""A private dataset's existence, tags and formats reach only its agency (issue 11, item 9)."""
from __future__ import annotations

import pytest

from tests.security.conftest import CALLERS, Scene

pytestmark = pytest.mark.timeout(900)

PROBES = [
    ("member_list packages", "member_list", {"id": "{agency}", "object_type": "package"}, "{private_id}"),
    ("member_list all", "member_list", {"id": "{agency}"}, "{private_id}"),
    ("tag_list", "tag_list", {}, "{tag}"),
    ("tag_list all_fields", "tag_list", {"all_fields": "true"}, "{tag}"),
    ("tag_list query", "tag_list", {"query": "{tag}"}, "{tag}"),
    ("tag_search", "tag_search", {"query": "{tag}"}, "{tag}"),
    ("tag_autocomplete", "tag_autocomplete", {"q": "{tag}"}, "{tag}"),
    ("tag_show", "tag_show", {"id": "{tag}"}, "{tag}"),
    ("tag_show datasets", "tag_show", {"id": "{tag}", "include_datasets": "true"}, "{private_id}"),
    ("format_autocomplete", "format_autocomplete", {"q": "{fmt}"}, "{fmt}"),
    ("package_autocomplete", "package_autocomplete", {"q": "{private_name}"}, "{private_id}"),
    ("package_search q", "package_search", {"q": "{tag}", "include_private": "true"}, "{private_id}"),
    ("package_search fq", "package_search", {"fq": "tags:{tag}", "include_private": "true"}, "{private_id}"),
    ("package_search facets", "package_search", {"facet.field": ["tags", "res_format"],
                                                  "facet.limit": -1, "include_private": "true"}, "{tag}"),
    ("package_search drafts", "package_search", {"q": "{tag}", "include_drafts": "true"}, "{private_id}"),
    ("package_show", "package_show", {"id": "{private_id}"}, "{tag}"),
    ("resource_show", "resource_show", {"id": "{private_resource}"}, "{fmt}"),
    ("organization_show", "organization_show", {"id": "{agency}", "include_datasets": "true"}, "{private_id}"),
    ("current_package_list", "current_package_list_with_resources", {}, "{private_id}"),
    ("package_list", "package_list", {}, "{private_name}"),
    ("activity list", "package_activity_list", {"id": "{private_id}"}, "{tag}"),
    ("org activity", "organization_activity_list", {"id": "{agency}"}, "{private_id}"),
    ("recently changed", "recently_changed_packages_activity_list", {}, "{private_id}"),
    ("dataset quality", "huequality_dataset_quality", {"id": "{private_id}"}, "{tag}"),
]

PAGES = [
    ("dataset page", "/dataset/{private_name}", "{tag}"),
    ("tag facet", "/dataset/?tags={tag}", "{private_name}"),
    ("organization page", "/organization/{agency_name}", "{private_name}"),
    ("DCAT dataset", "/dataset/{private_name}.ttl", "{tag}"),
    ("DCAT catalogue", "/catalog.ttl", "{private_name}"),
    ("resource download", "/dataset/{private_id}/resource/{private_resource}/download/data.csv", "{fmt}"),
]


def _fill(value, scene: Scene):
    if isinstance(value, list):
        return value
    if not isinstance(value, str):
        return value
    return value.format(agency=scene.agency["id"], agency_name=scene.agency["name"], tag=scene.secret_tag,
                        fmt=scene.secret_format, private_id=scene.private["id"],
                        private_name=scene.private["name"], private_resource=scene.private["resources"][0]["id"])


@pytest.mark.parametrize("caller", CALLERS)
@pytest.mark.parametrize(("probe", "action", "params", "secret"), PROBES, ids=[p[0] for p in PROBES])
def test_no_action_reveals_a_private_dataset(scene: Scene, caller, probe, action, params, secret):
    response = scene.call(caller, action, **{k: _fill(v, scene) for k, v in params.items()})
    assert response.status_code < 500, response.text[:300]
    assert _fill(secret, scene) not in response.text
    assert _fill(secret, scene).lower() not in response.text.lower()


@pytest.mark.parametrize("caller", CALLERS)
@pytest.mark.parametrize(("probe", "path", "secret"), PAGES, ids=[p[0] for p in PAGES])
def test_no_page_reveals_a_private_dataset(scene: Scene, caller, probe, path, secret):
    response = scene.page(caller, _fill(path, scene))
    assert response.status_code < 500, response.text[:300]
    assert _fill(secret, scene).lower() not in response.text.lower()


@pytest.mark.parametrize(("action", "params", "secret"), [
    ("member_list", {"id": "{agency}", "object_type": "package"}, "{private_id}"),
    ("tag_list", {}, "{tag}"),
    ("tag_autocomplete", {"q": "{tag}"}, "{tag}"),
    ("tag_show", {"id": "{tag}"}, "{tag}"),
    ("format_autocomplete", {"q": "{fmt}"}, "{fmt}"),
])
def test_the_owner_still_sees_its_own_private_dataset(scene: Scene, action, params, secret):
    response = scene.call("owner", action, **{k: _fill(v, scene) for k, v in params.items()})
    assert response.status_code == 200, response.text[:300]
    assert _fill(secret, scene).lower() in response.text.lower()


def test_tags_of_public_datasets_stay_listed(scene: Scene):
    public_tag = scene.public["tags"][0]["name"]
    for caller in CALLERS:
        assert public_tag in scene.call(caller, "tag_list").json()["result"]
        assert scene.call(caller, "tag_show", id=public_tag).status_code == 200
