from __future__ import annotations

from pathlib import Path
from typing import Any

import yaml

import ckan.plugins as p
import ckan.plugins.toolkit as tk
from ckan.common import CKANConfig
from ckan.lib.plugins import DefaultTranslation
from ckan.types import Context

from . import helpers, quality_helpers, quality_views, views
from .logic import action, auth, quality_action, quality_auth, updates
from .quality import service, store

HERE = Path(__file__).parent
QUALITY_ACTIONS = ("huequality_dataset_quality", "huequality_dataset_quality_recompute",
                   "huequality_index", "huequality_index_compute")
DEADLINE_ACTIONS = ("huequality_deadline_status", "huequality_deadline_report", "huequality_record_update",
                    "huequality_confirm_no_change", "huequality_reminder_log_list")


def _named(module: Any, names: tuple[str, ...]) -> dict[str, Any]:
    return {name: getattr(module, name) for name in names}


@tk.blanket.actions(lambda: {**_named(action, DEADLINE_ACTIONS), **_named(quality_action, QUALITY_ACTIONS)})
@tk.blanket.auth_functions(lambda: {**_named(auth, DEADLINE_ACTIONS), **_named(quality_auth, QUALITY_ACTIONS)})
@tk.blanket.validators
@tk.blanket.helpers(lambda: {**{name: getattr(helpers, name) for name in dir(helpers)
                                 if name.startswith("huequality_")}, **quality_helpers.helpers()})
@tk.blanket.blueprints(lambda: [views.huequality_deadlines, *quality_views.blueprints()])
@tk.blanket.cli
class HuequalityPlugin(p.SingletonPlugin, DefaultTranslation):
    """Wires ckanext-huequality into CKAN: update deadlines (deadlines/, logic/) and data quality (quality/)."""

    p.implements(p.IConfigurer)
    p.implements(p.IConfigDeclaration)
    p.implements(p.ITranslation)
    p.implements(p.IFacets, inherit=True)
    p.implements(p.IPackageController, inherit=True)

    # IConfigurer
    def update_config(self, config: CKANConfig) -> None:
        tk.add_template_directory(config, "templates")

    # IConfigDeclaration: the deadline options and the quality options, each declared once
    def declare_config_options(self, declaration: Any, key: Any) -> None:
        for path in (HERE / "config_declaration.yaml", HERE / "quality" / "config_declaration.yaml"):
            declaration.load_dict(yaml.safe_load(path.read_text(encoding="utf-8")))

    # IFacets
    def dataset_facets(self, facets_dict: dict[str, Any], package_type: str) -> dict[str, Any]:
        facets_dict["quality_badge"] = tk._("Data quality")
        return facets_dict

    # IPackageController
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

    # A save may have added or replaced data: jobs check the content and score the dataset again.
    def after_dataset_create(self, context: Context, pkg_dict: dict[str, Any]) -> None:
        updates.enqueue_resource_check(pkg_dict["id"])
        service.enqueue(pkg_dict["id"])

    def after_dataset_update(self, context: Context, pkg_dict: dict[str, Any]) -> None:
        updates.enqueue_resource_check(pkg_dict["id"])
        service.enqueue(pkg_dict["id"])
