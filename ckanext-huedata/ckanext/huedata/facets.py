"""The search facets of the Huế catalogue and the names their values show.

Facets: agency, sector, ward/commune, kind of data, update frequency, quality badge (named by
ckanext-huequality), format, licence, keywords. Coded values (sectors, wards, kinds,
frequencies) are shown by their name in the reader's language. The counts come from the
search index (ckanext-huesearch indexes multiple-choice fields as lists, so a dataset covering
several wards counts once under each).
"""
from __future__ import annotations

from typing import Any

import ckan.plugins as p
import ckan.plugins.toolkit as tk

from ckanext.huedata import vocabularies as vocab


def dataset_facets(facets_dict: dict[str, Any]) -> dict[str, Any]:
    """The catalogue's facets, in the order the search page lists them."""
    titles: dict[str, Any] = {
        "organization": tk._("Agency"),
        "sector": tk._("Sector"),
        "spatial_coverage": tk._("Ward or commune"),
        "data_kind": tk._("Kind of data"),
        "update_frequency": tk._("Update frequency"),
    }
    if p.plugin_loaded("huequality"):
        titles["quality_badge"] = tk._("Data quality")  # kept in place when huequality names it
    titles.update({
        "res_format": tk._("Format"),
        "license_id": tk._("Licence"),
        "tags": tk._("Keywords"),
    })
    facets_dict.clear()
    facets_dict.update(titles)
    return facets_dict


def _terms() -> dict[str, dict[str, vocab.Term]]:
    return {
        "sector": vocab.by_code(vocab.SECTORS),
        "data_kind": vocab.by_code(vocab.DATA_KINDS),
        "update_frequency": vocab.by_code(vocab.FREQUENCIES),
        "spatial_coverage": vocab.by_code(vocab.spatial_terms()),
    }


def name_facet_items(search_results: dict[str, Any]) -> dict[str, Any]:
    """Facet items of coded fields show their name (Vietnamese or English) instead of the code."""
    facets = search_results.get("search_facets") or {}
    if not facets:
        return search_results
    try:
        english = tk.h.lang() == "en"
    except RuntimeError:  # no request (a command or a job): the portal's language
        english = False
    for field, terms in _terms().items():
        for item in (facets.get(field) or {}).get("items", []):
            term = terms.get(str(item.get("name")))
            if term:
                item["display_name"] = term.en if english else term.vi
    return search_results
