"""The stock CKAN harvester with its output mapped onto the Huế data contract.

Same behaviour and config as ckanext-harvest's ``ckan`` harvester (remote CKAN 2.x, e.g.
the national portal), plus ``"default_fields": {"data_kind": "shared_data", ...}`` in the
source config for contract fields the remote site does not know.
"""
from __future__ import annotations

from typing import Any

from ckan.plugins import plugin_loaded, toolkit
from ckanext.harvest.harvesters.ckanharvester import CKANHarvester

from .contract import map_package


class HueCkanHarvester(CKANHarvester):
    def info(self) -> dict[str, str]:
        return {
            "name": "ckan_hue",
            "title": toolkit._("CKAN (Huế data contract)"),
            "description": toolkit._("Remote CKAN sites, mapped onto the Huế data contract"),
            "form_config_interface": "Text",
        }

    def modify_package_dict(self, package_dict: dict[str, Any], harvest_object: Any
                            ) -> dict[str, Any]:
        defaults = (self.config or {}).get("default_fields", {})
        return map_package(package_dict, defaults, plugin_loaded("scheming_datasets"))
