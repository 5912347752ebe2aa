from __future__ import annotations

from pathlib import Path
from typing import Any

import yaml

import ckan.plugins as p
import ckan.plugins.toolkit as tk
from ckan.lib.plugins import DefaultTranslation

from ckanext.huedata import cli, downloads, helpers
from ckanext.huedata.logic import validators, visibility


@tk.blanket.cli(cli.get_commands)
@tk.blanket.helpers(helpers.get_helpers)
@tk.blanket.validators(validators.get_validators)
@tk.blanket.actions(visibility.get_actions)
class HuedataPlugin(p.SingletonPlugin, DefaultTranslation):
    """Wires ckanext-huedata into CKAN; the logic lives in the modules beside this one."""

    p.implements(p.IConfigurer)
    p.implements(p.IConfigDeclaration)
    p.implements(p.ITranslation)
    p.implements(p.IMiddleware, inherit=True)

    # IConfigurer
    def update_config(self, config: Any) -> None:
        tk.add_template_directory(config, "templates")

    # IConfigDeclaration
    def declare_config_options(self, declaration: Any, key: Any) -> None:
        path = Path(__file__).with_name("config_declaration.yaml")
        declaration.load_dict(yaml.safe_load(path.read_text(encoding="utf-8")))

    # IMiddleware
    def make_middleware(self, app: Any, config: Any) -> Any:
        return downloads.install(app)
