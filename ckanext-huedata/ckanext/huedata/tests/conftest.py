from __future__ import annotations

import pytest

HUE_PLUGINS = "scheming_datasets scheming_organizations huedata huesearch"


def hue_schema(func):
    """Load the Huế schemas (and the plugins they need) for a test or a test class."""
    for mark in (
        pytest.mark.ckan_config("ckan.plugins", HUE_PLUGINS),
        pytest.mark.ckan_config("scheming.dataset_schemas", "ckanext.huedata.schemas:dataset.yaml"),
        pytest.mark.ckan_config("scheming.organization_schemas", "ckanext.huedata.schemas:organization.yaml"),
        pytest.mark.usefixtures("with_plugins", "clean_db"),
    ):
        func = mark(func)
    return func


@pytest.fixture
def agency():
    from ckan.tests import factories

    return factories.Organization(
        name="so-giao-duc", title="Sở Giáo dục và Đào tạo", agency_code="H57.12",
        agency_level="department", contact_email="sgd@hue.gov.vn")
