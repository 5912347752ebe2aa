from __future__ import annotations

from pathlib import Path
from typing import Any

import yaml

import ckan.plugins as p
import ckan.plugins.toolkit as tk
from ckan.common import CKANConfig
from ckan.lib.plugins import DefaultTranslation

from .logic import action
from .search import document, patches


@tk.blanket.actions(action.get_actions)
class HuesearchPlugin(p.SingletonPlugin, DefaultTranslation):
    """Serves CKAN's search index from PostgreSQL instead of Solr (see search/backend.py)."""

    p.implements(p.IConfigurer)
    p.implements(p.IConfigDeclaration)
    p.implements(p.ITranslation)
    p.implements(p.IPackageController, inherit=True)

    def update_config(self, config: CKANConfig) -> None:
        # IConfigurer runs before CKAN checks the Solr schema at start-up, so the
        # replacements are in place before anything reaches for Solr.
        patches.install()

    # IPackageController
    def before_dataset_index(self, pkg_dict: dict[str, Any]) -> dict[str, Any]:
        return document.multiple_choice_as_lists(pkg_dict)

    # IConfigDeclaration
    def declare_config_options(self, declaration: Any, key: Any) -> None:
        path = Path(__file__).with_name("config_declaration.yaml")
        declaration.load_dict(yaml.safe_load(path.read_text(encoding="utf-8")))
