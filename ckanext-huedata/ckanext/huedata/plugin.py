from __future__ import annotations

from typing import Any

import ckan.plugins as p
import ckan.plugins.toolkit as tk
from ckan.lib.plugins import DefaultTranslation

from ckanext.huedata import helpers
from ckanext.huedata.logic import validators


@tk.blanket.cli
@tk.blanket.helpers(helpers.get_helpers)
@tk.blanket.validators(validators.get_validators)
class HuedataPlugin(p.SingletonPlugin, DefaultTranslation):
    """Wires ckanext-huedata into CKAN; the logic lives in the modules beside this one."""

    p.implements(p.IConfigurer)
    p.implements(p.ITranslation)

    # IConfigurer
    def update_config(self, config: Any) -> None:
        tk.add_template_directory(config, "templates")
