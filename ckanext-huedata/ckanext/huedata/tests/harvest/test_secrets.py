"""No credential of the LGSP reaches the API, the pages or the logs."""
from __future__ import annotations

import logging

import pytest
from ckan.tests import factories

from .conftest import catalogue_config, create_source, lgsp_settings, run_job
from .lgsp_server import CONSUMER_KEY, CONSUMER_SECRET

pytestmark = pytest.mark.usefixtures("with_plugins", "clean_db", "clean_queues")
PLUGINS = "harvest lgsp_harvester huedata_harvest huesearch"


_settings = lgsp_settings(plugins=PLUGINS)


@pytest.fixture
def harvested(lgsp):
    org = factories.Organization()
    source = create_source(f"{lgsp.url}/sotnmt/datasets", catalogue_config(lgsp), org["id"])
    job = run_job(source["id"])
    lgsp.state.inject("/sotnmt/datasets", "401")  # a second token, and a refresh on 401
    lgsp.state.catalogue[0]["cap_nhat"] = "2999-01-01"
    run_job(source["id"])
    return {"org": org, "source": source, "job": job}


def _readings(app, source, job, headers=None):
    name = source["name"]
    urls = [
        f"/api/3/action/harvest_source_show?id={name}",
        "/api/3/action/harvest_source_list",
        f"/api/3/action/package_show?id={name}",
        "/api/3/action/package_search?fq=dataset_type:harvest",
        f"/api/3/action/harvest_job_report?id={job['id']}",
        "/harvest/",
        f"/harvest/{name}",
        f"/harvest/about/{name}",
        f"/harvest/{name}/job/{job['id']}",
    ]
    return {url: app.get(url, headers=headers or {}).get_data(as_text=True) for url in urls}


def _assert_no_credential(pages, lgsp):
    assert len(lgsp.state.issued) >= 2
    for url, text in pages.items():
        assert CONSUMER_SECRET not in text, url
        assert CONSUMER_KEY not in text, url
        for token in lgsp.state.issued:
            assert token not in text, url


@_settings
def test_visitor_sees_neither_credentials_nor_tokens_nor_the_source_config(app, lgsp, harvested):
    pages = _readings(app, harvested["source"], harvested["job"])

    _assert_no_credential(pages, lgsp)
    assert '"name": "lgsp-source"' in pages["/api/3/action/harvest_source_show?id=lgsp-source"]
    for url in ("/api/3/action/harvest_source_show?id=lgsp-source",
                "/api/3/action/harvest_source_list", "/harvest/about/lgsp-source"):
        assert "hue-secret" not in pages[url] and "token_url" not in pages[url], url


@_settings
def test_editor_of_another_agency_does_not_see_the_source_config(app, lgsp, harvested):
    other = factories.Organization()
    editor = factories.UserWithToken()
    from ckan.tests.helpers import call_action
    call_action("organization_member_create", id=other["id"], username=editor["name"],
                role="editor")

    pages = _readings(app, harvested["source"], harvested["job"],
                      {"Authorization": editor["token"]})

    _assert_no_credential(pages, lgsp)
    assert "hue-secret" not in pages["/api/3/action/harvest_source_show?id=lgsp-source"]


@_settings
def test_editor_of_the_owning_agency_sees_secret_names_but_never_values(app, lgsp, harvested):
    editor = factories.UserWithToken()
    from ckan.tests.helpers import call_action
    call_action("organization_member_create", id=harvested["org"]["id"],
                username=editor["name"], role="editor")

    pages = _readings(app, harvested["source"], harvested["job"],
                      {"Authorization": editor["token"]})

    _assert_no_credential(pages, lgsp)
    assert "hue-secret" in pages["/api/3/action/harvest_source_show?id=lgsp-source"]


@_settings
def test_harvest_logs_carry_no_credential_or_token(lgsp, caplog):
    caplog.set_level(logging.DEBUG)
    for name in list(logging.root.manager.loggerDict):  # CKAN's logging set-up disabled them
        if name.startswith(("ckanext", "urllib3", "requests")):
            logging.getLogger(name).disabled = False
    source = create_source(f"{lgsp.url}/sotnmt/datasets", catalogue_config(lgsp))
    lgsp.state.inject("/sotnmt/datasets", "500", "401", "429")
    run_job(source["id"])
    lgsp.state.token_down = True
    lgsp.state.tokens.clear()
    run_job(source["id"])

    text = caplog.text
    assert "sotnmt/datasets" in text  # the retries were logged
    assert CONSUMER_SECRET not in text and CONSUMER_KEY not in text
    assert lgsp.state.issued
    for token in lgsp.state.issued:
        assert token not in text
