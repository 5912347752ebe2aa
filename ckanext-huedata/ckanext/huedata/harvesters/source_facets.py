"""The facets of the harvest source list (/harvest/) in the reader's language.

ckanext-harvest titles them "Frequency" and "Type" without ``_()`` and shows the stored codes
(``MANUAL``, ``ckan``); ``huedata_harvest`` is listed after ``harvest``, so its titles are the last
word, and the values are named as the harvest form names them.
"""
from __future__ import annotations

from collections import OrderedDict
from typing import Any

import ckan.plugins.toolkit as tk

HARVEST_TYPE = "harvest"


def titles(facets_dict: dict[str, Any], package_type: str) -> dict[str, Any]:
    if package_type != HARVEST_TYPE:
        return facets_dict
    return OrderedDict([("frequency", tk._("Harvest frequency")), ("source_type", tk._("Source type"))])


def name_items(search_results: dict[str, Any]) -> dict[str, Any]:
    facets = search_results.get("search_facets") or {}
    if "source_type" not in facets and "frequency" not in facets:
        return search_results
    try:
        names = {
            "frequency": {choice["value"]: choice["text"] for choice in tk.h.harvest_frequencies()},
            "source_type": {choice["value"]: choice["text"] for choice in tk.h.harvester_types()},
        }
    except (AttributeError, RuntimeError):  # outside a request: the codes stay
        return search_results
    for field, by_code in names.items():
        for item in (facets.get(field) or {}).get("items", []):
            item["display_name"] = by_code.get(item.get("name"), item.get("display_name"))
    return search_results
