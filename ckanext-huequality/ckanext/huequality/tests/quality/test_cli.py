"""`ckan huequality recompute` and `ckan huequality index`."""

from __future__ import annotations

import pytest
from ckan.tests import factories, helpers

from ckanext.huequality.cli import huequality

from .conftest import QUALITY_PLUGINS


@pytest.mark.ckan_config("ckan.plugins", QUALITY_PLUGINS)
@pytest.mark.usefixtures("with_plugins", "clean_db", "with_request_context")
def test_recompute_scores_every_dataset_and_index_is_computed_for_the_period(cli):
    department = factories.Organization(name="so-khoa-hoc-cong-nghe")
    org = factories.Organization()
    first = factories.Dataset(owner_org=org["id"])
    second = factories.Dataset(owner_org=org["id"])
    result = cli.invoke(huequality, ["recompute"])
    assert result.exit_code == 0, result.output
    assert "Scored 2 dataset(s), 0 failed." in result.output
    for pkg in (first, second):
        assert helpers.call_action("huequality_dataset_quality", id=pkg["id"])["badge"]
    result = cli.invoke(huequality, ["index", "--period", "2026-Q3"])
    assert result.exit_code == 0, result.output
    rows = helpers.call_action("huequality_index", period="2026-Q3")["rows"]
    assert {r["org_id"] for r in rows} == {None, org["id"]}
    assert helpers.call_action("package_show", id="chi-so-chat-luong-du-lieu")["owner_org"] == department["id"]


@pytest.mark.ckan_config("ckan.plugins", QUALITY_PLUGINS)
@pytest.mark.usefixtures("with_plugins", "clean_db", "with_request_context")
def test_index_command_fails_when_the_index_cannot_be_published(cli):
    result = cli.invoke(huequality, ["index", "--period", "2026-Q3"])
    assert result.exit_code == 1
    assert "not published" in result.output and "so-khoa-hoc-cong-nghe" in result.output
