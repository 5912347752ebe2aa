from __future__ import annotations

from pathlib import Path
from typing import Any

import yaml

import ckan.plugins as p
import ckan.plugins.toolkit as tk
from ckan.lib.plugins import DefaultTranslation

from ckanext.dcat.interfaces import IDCATURIGenerator

from ckanext.huedata import cli, downloads, facets, helpers
from ckanext.huedata.dataapi import helpers as dataapi_helpers, logic as dataapi, views as dataapi_views
from ckanext.huedata.dcat import actions as dcat_actions
from ckanext.huedata.dcat import cache as dcat_cache
from ckanext.huedata.dcat import iris
from ckanext.huedata.logic import validators, visibility


def _actions() -> dict[str, Any]:
    return {**dcat_actions.get_actions(), **visibility.get_actions()}


def _helpers() -> dict[str, Any]:
    return {**helpers.get_helpers(), **dataapi_helpers.get_helpers()}


@tk.blanket.actions(_actions)
@tk.blanket.cli(cli.get_commands)
@tk.blanket.helpers(_helpers)
@tk.blanket.blueprints(dataapi_views.get_blueprints)
@tk.blanket.validators(validators.get_validators)
class HuedataPlugin(p.SingletonPlugin, DefaultTranslation):
    """Wires ckanext-huedata into CKAN; the logic lives in the modules beside this one."""

    p.implements(p.IConfigurer)
    p.implements(p.IConfigDeclaration)
    p.implements(p.ITranslation)
    p.implements(p.IMiddleware, inherit=True)
    p.implements(IDCATURIGenerator, inherit=True)
    p.implements(p.IPackageController, inherit=True)
    p.implements(p.IOrganizationController, inherit=True)
    p.implements(p.IFacets, inherit=True)
    p.implements(p.IResourceController, inherit=True)

    # IConfigurer
    def update_config(self, config: Any) -> None:
        tk.add_template_directory(config, "templates")
        tk.add_public_directory(config, "public")
        tk.add_resource("assets", "huedata")  # webassets: huedata/slug
        dcat_cache.install()

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

    # IMiddleware
    def make_middleware(self, app: Any, config: Any) -> Any:
        return downloads.install(app)

    # IDCATURIGenerator: a dataset's or resource's own `uri` that is not a valid IRI is replaced
    def dataset_uri(self, dataset_dict: dict[str, Any], default_uri: str) -> str | None:
        return iris.dataset_uri(dataset_dict, default_uri)

    def resource_uri(self, resource_dict: dict[str, Any], default_uri: str) -> str | None:
        return iris.resource_uri(resource_dict, default_uri)

    # IPackageController, IOrganizationController: the catalogue pages change once these commit
    def after_dataset_create(self, context: Any, pkg_dict: dict[str, Any]) -> None:
        dcat_cache.mark_changed(context.get("session"))

    def after_dataset_update(self, context: Any, pkg_dict: dict[str, Any]) -> None:
        dcat_cache.mark_changed(context.get("session"))

    def after_dataset_delete(self, context: Any, pkg_dict: dict[str, Any]) -> None:
        dcat_cache.mark_changed(context.get("session"))

    def create(self, entity: Any) -> None:
        dcat_cache.mark_changed()

    def edit(self, entity: Any) -> None:
        dcat_cache.mark_changed()

    def delete(self, entity: Any) -> None:
        dcat_cache.mark_changed()

    # IResourceController: tabular files go to the DataStore (dataapi/)
    def after_resource_create(self, context: Any, resource: dict[str, Any]) -> None:
        dataapi.enqueue_load(resource)

    def after_resource_update(self, context: Any, resource: dict[str, Any]) -> None:
        dataapi.enqueue_load(resource)
