"""The in-process CKAN configuration the DCAT tests share: the Huế schemas and DCAT profiles."""
from __future__ import annotations

from collections.abc import Callable
from typing import Any, TypeVar

import pytest

from ckanext.huedata.tests.conftest import HUE_PLUGINS

Test = TypeVar("Test", bound=Callable[..., Any])


def dcat_portal(profiles: str = "hue_dcat_ap hue_quality_dqv", *, quality: bool = True,
                clean_db: bool = True) -> Callable[[Test], Test]:
    """Decorates a test to run with dcat + the Huế plugins (+ huequality), the Huế scheming schemas,
    ``profiles`` and the portal's base URI; ``clean_db`` empties the database first."""
    marks = [
        pytest.mark.ckan_config("ckan.plugins", "dcat " + HUE_PLUGINS + (" huequality" if quality else "")),
        pytest.mark.ckan_config("scheming.dataset_schemas", "ckanext.huedata.schemas:dataset.yaml"),
        pytest.mark.ckan_config("scheming.organization_schemas", "ckanext.huedata.schemas:organization.yaml"),
        pytest.mark.ckan_config("ckanext.dcat.rdf.profiles", profiles),
        pytest.mark.ckan_config("ckanext.dcat.base_uri", "https://data.hue.gov.vn"),
        pytest.mark.usefixtures("with_plugins", *(["clean_db"] if clean_db else [])),
    ]

    def apply(test: Test) -> Test:
        for mark in marks:
            test = mark(test)
        return test

    return apply
