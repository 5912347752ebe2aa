"""Harvest source configs reach only those who may edit the source (issue 11, item 1).

The source's config carries a unique marker; every probe is a route by which a config has
leaked in CKAN + ckanext-harvest, tried as an anonymous visitor and as another agency's
editor. Refused means: the marker appears nowhere in the answer, and search cannot find the
source by it.
"""
from __future__ import annotations

import pytest

from tests.security.conftest import CALLERS, Scene

pytestmark = pytest.mark.timeout(900)

SEARCH = "package_search"
HARVEST = "dataset_type:harvest"

# (probe name, action, parameters); "{source}" stands for the source's id.
ACTION_PROBES = [
    ("search fl=validated_data_dict", SEARCH, {"fq": HARVEST, "fl": "validated_data_dict"}),
    ("search fl=*", SEARCH, {"fq": HARVEST, "fl": "*"}),
    ("search fl=data_dict", SEARCH, {"fq": HARVEST, "fl": "data_dict"}),
    ("search fl=extras_config", SEARCH, {"fq": HARVEST, "fl": "id,extras_config,config"}),
    ("search fl=default_extras", SEARCH, {"fq": HARVEST, "fl": "id,default_extras,extras_default_extras"}),
    ("search use_default_schema", SEARCH, {"fq": HARVEST, "use_default_schema": "true"}),
    ("search include_private", SEARCH, {"fq": HARVEST, "include_private": "true"}),
    ("search facet extras_config", SEARCH, {"fq": HARVEST, "facet.field": ["extras_config"]}),
    ("search facet config", SEARCH, {"fq": HARVEST, "facet.field": ["config", "default_tags"]}),
    ("search default rows", SEARCH, {"q": "*:*", "rows": 1000}),
    ("package_show", "package_show", {"id": "{source}"}),
    ("package_show default schema", "package_show", {"id": "{source}", "use_default_schema": "true"}),
    ("package_show plugin data", "package_show", {"id": "{source}", "include_plugin_data": "true"}),
    ("harvest_source_show", "harvest_source_show", {"id": "{source}"}),
    ("harvest_source_show_status", "harvest_source_show_status", {"id": "{source}"}),
    ("harvest_source_list", "harvest_source_list", {}),
    ("harvest_source_list all", "harvest_source_list", {"organization_id": "{agency}"}),
    ("activity list include_data", "package_activity_list", {"id": "{source}", "include_data": "true"}),
    ("activity list hidden", "package_activity_list", {"id": "{source}", "include_hidden_activity": "true"}),
    ("organization activity", "organization_activity_list", {"id": "{agency}"}),
    ("recently changed", "recently_changed_packages_activity_list", {}),
    ("package_autocomplete", "package_autocomplete", {"q": "src-"}),
]

PAGE_PROBES = [
    ("source page", "/harvest/{name}"),
    ("source about page", "/harvest/about/{name}"),
    ("dataset page", "/dataset/{name}"),
    ("activity page", "/dataset/activity/{name}"),
    ("organization page", "/organization/{agency_name}"),
    ("harvest list page", "/harvest/"),
    ("DCAT catalogue", "/catalog.ttl"),
    ("DCAT source", "/dataset/{name}.jsonld"),
]


def _fill(value, scene: Scene):
    if isinstance(value, str):
        return value.format(source=scene.source["id"], agency=scene.agency["id"],
                            name=scene.source["name"], agency_name=scene.agency["name"])
    return value


@pytest.mark.parametrize("caller", CALLERS)
@pytest.mark.parametrize(("probe", "action", "params"), ACTION_PROBES, ids=[p[0] for p in ACTION_PROBES])
def test_no_action_shows_a_source_config_to_a_reader_who_cannot_edit_it(scene: Scene, caller, probe,
                                                                       action, params):
    response = scene.call(caller, action, **{k: _fill(v, scene) for k, v in params.items()})
    assert response.status_code < 500, response.text[:300]
    assert scene.marker not in response.text
    assert scene.marker.lower() not in response.text


@pytest.mark.parametrize("caller", CALLERS)
@pytest.mark.parametrize(("probe", "path"), PAGE_PROBES, ids=[p[0] for p in PAGE_PROBES])
def test_no_page_shows_a_source_config_to_a_reader_who_cannot_edit_it(scene: Scene, caller, probe, path):
    response = scene.page(caller, _fill(path, scene))
    assert response.status_code < 500, response.text[:300]
    assert scene.marker not in response.text
    assert scene.marker.lower() not in response.text


@pytest.mark.parametrize("caller", (*CALLERS, "owner"))
@pytest.mark.parametrize("query", ["{marker}", "config:*{marker}*", "extras_config:*{marker}*",
                                   "validated_data_dict:*{marker}*", "text:{lower}"])
def test_search_cannot_confirm_a_guessed_secret(scene: Scene, caller, query):
    q = query.format(marker=scene.marker, lower=scene.marker.lower())
    response = scene.call(caller, SEARCH, q=q, fq=HARVEST, include_private="true")
    assert response.status_code in (200, 400, 409), response.text[:300]
    if response.status_code == 200:
        assert scene.source["id"] not in [r["id"] for r in response.json()["result"]["results"]]


def test_activity_records_of_a_source_never_hold_its_config(scene: Scene):
    activities = scene.call("owner", "package_activity_list", id=scene.source["id"],
                            include_data="true").json()["result"]
    assert activities, "creating the source records an activity"
    for activity in activities:
        for action in ("activity_show", "activity_data_show"):
            for caller in (*CALLERS, "owner"):
                response = scene.call(caller, action, id=activity["id"], include_data="true")
                assert scene.marker not in response.text, (caller, action)
        diff = scene.call("anonymous", "activity_diff", id=activity["id"], object_type="package")
        assert scene.marker not in diff.text


def test_the_owner_still_reads_and_edits_the_config(scene: Scene):
    shown = scene.call("owner", "harvest_source_show", id=scene.source["id"]).json()["result"]
    # the marker is in every config the conftest tries, lower-cased
    assert scene.marker.lower() in shown["config"]
    package = scene.call("owner", "package_show", id=scene.source["id"]).json()["result"]
    assert scene.marker.lower() in package["config"]
    edit = scene.page("owner", f"/harvest/edit/{scene.source['name']}")
    assert edit.status_code == 200 and scene.marker.lower() in edit.text


def test_the_harvest_log_lines_carry_no_config(scene: Scene):
    assert scene.marker not in scene.portal.log_text()
    assert scene.marker.lower() not in scene.portal.log_text()
