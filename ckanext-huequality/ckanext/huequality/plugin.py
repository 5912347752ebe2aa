"""Wires ckanext-huequality into CKAN: update deadlines (``deadlines/``) and data quality
(``quality/``), and what they share (the top-level modules). Wiring only: every action, auth
function, validator and helper named ``huequality_*`` in a feature's modules is registered,
so adding one needs no list here."""

from __future__ import annotations

import importlib
from collections.abc import Callable
from pathlib import Path
from types import ModuleType
from typing import Any

import ckan.plugins as p
import ckan.plugins.toolkit as tk
import yaml
from ckan.common import CKANConfig
from ckan.lib.plugins import DefaultTranslation
from ckan.types import Context

from . import jobs

HERE = Path(__file__).parent
# The packages that hold each kind of module: the whole extension, then each feature.
PACKAGES = ("", ".deadlines", ".quality")


def _modules(name: str) -> list[ModuleType]:
    found = []
    for package in PACKAGES:
        try:
            found.append(importlib.import_module(f"{__package__}{package}.{name}"))
        except ModuleNotFoundError as error:
            if error.name != f"{__package__}{package}.{name}":
                raise
    return found


def _named(name: str) -> Callable[[], dict[str, Any]]:
    """The ``huequality_*`` functions defined in every ``<package>.<name>`` module."""

    def collect() -> dict[str, Any]:
        return {
            key: value
            for module in _modules(name)
            for key, value in vars(module).items()
            if key.startswith("huequality_")
            and callable(value)
            and getattr(value, "__module__", None) == module.__name__
        }

    return collect


@tk.blanket.actions(_named("logic.action"))
@tk.blanket.auth_functions(_named("logic.auth"))
@tk.blanket.validators(_named("logic.validators"))
@tk.blanket.helpers(_named("helpers"))
@tk.blanket.blueprints(lambda: [module.blueprint for module in _modules("views")])
@tk.blanket.cli
class HuequalityPlugin(p.SingletonPlugin, DefaultTranslation):
    p.implements(p.IConfigurer)
    p.implements(p.IConfigDeclaration)
    p.implements(p.ITranslation)
    p.implements(p.IFacets, inherit=True)
    p.implements(p.IPackageController, inherit=True)

    # IConfigurer
    def update_config(self, config: CKANConfig) -> None:
        tk.add_template_directory(config, "templates")
        tk.add_resource("assets", "huequality")

    # IConfigDeclaration: each package's options, each declared once beside its getters
    def declare_config_options(self, declaration: Any, key: Any) -> None:
        for package in PACKAGES:
            path = HERE / package.strip(".") / "config_declaration.yaml"
            declaration.load_dict(yaml.safe_load(path.read_text(encoding="utf-8")))

    # IFacets
    def dataset_facets(self, facets_dict: dict[str, Any], package_type: str) -> dict[str, Any]:
        facets_dict["quality_badge"] = tk._("Data quality")
        return facets_dict

    # IPackageController
    def before_dataset_index(self, pkg_dict: dict[str, Any]) -> dict[str, Any]:
        from .quality.logic.index_fields import add_badge

        return add_badge(pkg_dict)

    def after_dataset_show(self, context: Context, pkg_dict: dict[str, Any]) -> None:
        # The badge travels with search results only (see quality/logic/index_fields.py).
        pkg_dict.pop("quality_badge", None)

    def after_dataset_search(self, search_results: dict[str, Any], search_params: dict[str, Any]) -> dict[str, Any]:
        # Facet items show the badge's name instead of its code.
        facet = (search_results.get("search_facets") or {}).get("quality_badge")
        for item in (facet or {}).get("items", []):
            item["display_name"] = tk.h.huequality_badge_label(item["name"])
        return search_results

    # A save may have added or replaced data: the dataset's job runs after the commit.
    def after_dataset_create(self, context: Context, pkg_dict: dict[str, Any]) -> None:
        jobs.dataset_changed(pkg_dict["id"])

    def after_dataset_update(self, context: Context, pkg_dict: dict[str, Any]) -> None:
        jobs.dataset_changed(pkg_dict["id"])
