from __future__ import annotations

from typing import Any

import ckan.plugins as p
from ckan.lib.plugins import DefaultTranslation
from ckan.plugins import toolkit as tk

from . import quality_cli, quality_helpers, quality_views
from .logic import quality_action, quality_auth
from .quality import service, store


@tk.blanket.actions(lambda: {name: getattr(quality_action, name) for name in (
    "huequality_dataset_quality", "huequality_dataset_quality_recompute",
    "huequality_index", "huequality_index_compute")})
@tk.blanket.auth_functions(lambda: {name: getattr(quality_auth, name) for name in (
    "huequality_dataset_quality", "huequality_dataset_quality_recompute",
    "huequality_index", "huequality_index_compute")})
@tk.blanket.helpers(quality_helpers.helpers)
@tk.blanket.blueprints(quality_views.blueprints)
@tk.blanket.cli(quality_cli.commands)
@tk.blanket.config_declarations("quality/config_declaration.yaml")
class HuequalityPlugin(p.SingletonPlugin, DefaultTranslation):
    """Wires ckanext-huequality into CKAN; the logic lives in the modules beside this one."""

    p.implements(p.IConfigurer)
    p.implements(p.ITranslation)
    p.implements(p.IFacets, inherit=True)
    p.implements(p.IPackageController, inherit=True)

    def update_config(self, config: Any) -> None:
        tk.add_template_directory(config, "templates")

    def dataset_facets(self, facets_dict: dict[str, Any], package_type: str) -> dict[str, Any]:
        facets_dict["quality_badge"] = tk._("Data quality")
        return facets_dict

    def before_dataset_index(self, pkg_dict: dict[str, Any]) -> dict[str, Any]:
        # Reads the stored badge only: scoring happens in a background job.
        badge = store.latest_badge(pkg_dict["id"])
        if badge:
            pkg_dict["quality_badge"] = badge
        return pkg_dict

    def after_dataset_search(self, search_results: dict[str, Any], search_params: dict[str, Any]) -> dict[str, Any]:
        # Facet items show the Vietnamese badge name instead of the code.
        facet = (search_results.get("search_facets") or {}).get("quality_badge")
        for item in (facet or {}).get("items", []):
            item["display_name"] = quality_helpers.badge_label(item["name"])
        return search_results

    def after_dataset_create(self, context: Any, pkg_dict: dict[str, Any]) -> None:
        service.enqueue(pkg_dict["id"])

    def after_dataset_update(self, context: Any, pkg_dict: dict[str, Any]) -> None:
        service.enqueue(pkg_dict["id"])
