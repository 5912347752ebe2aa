from __future__ import annotations

from pathlib import Path
from typing import Any

import yaml

import ckan.plugins as p
import ckan.plugins.toolkit as tk
from ckan.lib.plugins import DefaultTranslation

from ckanext.huedata import cli, facets, helpers
from ckanext.huedata.logic import validators


@tk.blanket.cli(cli.get_commands)
@tk.blanket.helpers(helpers.get_helpers)
@tk.blanket.validators(validators.get_validators)
class HuedataPlugin(p.SingletonPlugin, DefaultTranslation):
    """Wires ckanext-huedata into CKAN; the logic lives in the modules beside this one."""

    p.implements(p.IConfigurer)
    p.implements(p.IConfigDeclaration)
    p.implements(p.ITranslation)
    p.implements(p.IFacets, inherit=True)
    p.implements(p.IPackageController, inherit=True)

    # IConfigurer
    def update_config(self, config: Any) -> None:
        tk.add_template_directory(config, "templates")

    # IFacets: the catalogue's facets (facets.py)
    def dataset_facets(self, facets_dict: dict[str, Any], package_type: str) -> dict[str, Any]:
        return facets.dataset_facets(facets_dict)

    # IPackageController
    def after_dataset_search(self, search_results: dict[str, Any], search_params: dict[str, Any]) -> dict[str, Any]:
        return facets.name_facet_items(search_results)

    # IConfigDeclaration
    def declare_config_options(self, declaration: Any, key: Any) -> None:
        path = Path(__file__).with_name("config_declaration.yaml")
        declaration.load_dict(yaml.safe_load(path.read_text(encoding="utf-8")))
