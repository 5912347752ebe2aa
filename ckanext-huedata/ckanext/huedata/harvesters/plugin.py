"""Plugin ``huedata_harvest``: harvest source privacy and DCAT output on the Huế contract.

Wiring only; the logic is in :mod:`.privacy` and :mod:`.contract`.
"""
from __future__ import annotations

import json
from typing import Any

import ckan.plugins as p
from ckanext.dcat.interfaces import IDCATRDFHarvester

from . import actions, privacy, source_facets
from .contract import map_package


def _defaults(harvest_object: Any) -> dict[str, Any]:
    try:
        return json.loads(harvest_object.source.config or "{}").get("default_fields", {})
    except ValueError:
        return {}


class HuedataHarvestPlugin(p.SingletonPlugin):
    p.implements(p.IActions)
    p.implements(p.IConfigurable)
    p.implements(p.IPackageController, inherit=True)
    p.implements(IDCATRDFHarvester, inherit=True)
    p.implements(p.IFacets, inherit=True)

    # IActions
    def get_actions(self) -> dict[str, Any]:
        return {**privacy.get_actions(),
                "harvest_source_create": actions.harvest_source_create,
                "harvest_source_update": actions.harvest_source_update}

    # IConfigurable
    def configure(self, config: Any) -> None:
        privacy.install_log_filter()

    # IPackageController
    def after_dataset_show(self, context: Any, pkg_dict: dict[str, Any]) -> dict[str, Any]:
        if pkg_dict.get("type") == "harvest":
            privacy.hide_config(context, pkg_dict)
        return pkg_dict

    def before_dataset_index(self, pkg_dict: dict[str, Any]) -> dict[str, Any]:
        return privacy.strip_from_index(pkg_dict)

    def after_dataset_search(self, search_results: dict[str, Any],
                             search_params: dict[str, Any]) -> dict[str, Any]:
        search_results = privacy.hide_in_search({"user": privacy.current_user_name()}, search_results)
        return source_facets.name_items(search_results)

    # IFacets: the harvest source list's facets in Vietnamese (source_facets.py)
    def dataset_facets(self, facets_dict: dict[str, Any], package_type: str) -> dict[str, Any]:
        return source_facets.titles(facets_dict, package_type)

    def organization_facets(self, facets_dict: dict[str, Any], organization_type: str,
                            package_type: str) -> dict[str, Any]:
        return source_facets.titles(facets_dict, package_type)

    # IDCATRDFHarvester
    def before_download(self, url: str, harvest_job: Any) -> tuple[str, list[str]]:
        return actions.dcat_before_download(url, harvest_job)

    def update_session(self, session: Any) -> Any:
        return actions.dcat_update_session(session)

    def before_create(self, harvest_object: Any, dataset_dict: dict[str, Any],
                      temp_dict: dict[str, Any]) -> None:
        self._map(harvest_object, dataset_dict)

    def before_update(self, harvest_object: Any, dataset_dict: dict[str, Any],
                      temp_dict: dict[str, Any]) -> None:
        self._map(harvest_object, dataset_dict)

    @staticmethod
    def _map(harvest_object: Any, dataset_dict: dict[str, Any]) -> None:
        mapped = map_package(dataset_dict, _defaults(harvest_object),
                             p.plugin_loaded("scheming_datasets"))
        dataset_dict.clear()
        dataset_dict.update(mapped)
