"""``dcat_catalog_show`` chained: pages served from the shared cache, built with one query per kind.

ckanext-dcat's own action searches, then serialises dataset by dataset; its profiles read the
agency and the quality score of each dataset with their own queries. Here the page is searched
with ckanext-dcat's own helpers, the profiles' data is loaded once for the page
(:mod:`.prefetch`), and the serialisation is kept per generation and format (:mod:`.cache`).
"""
from __future__ import annotations

from typing import Any

from ckan.plugins import toolkit
from ckanext.dcat import logic as dcat_logic
from ckanext.dcat.processors import RDFSerializer

from . import cache, prefetch, turtle

# Request arguments ckanext-dcat reads for a catalogue page (and writes into its paging links).
PAGE_ARGS = ("page", "modified_since", "q", "fq", "format", "profiles")
# Formats whose pages are assembled from per-dataset blocks (N3 reads Turtle).
TURTLE_FORMATS = ("ttl", "turtle", "n3")


def _serialise(context: dict[str, Any], data_dict: dict[str, Any]) -> str:
    query = dcat_logic._search_ckan_datasets(context, data_dict)
    datasets = query["results"]
    pagination = dcat_logic._pagination_info(query, data_dict)
    if data_dict.get("format") in TURTLE_FORMATS:
        return turtle.page(datasets, pagination, data_dict.get("profiles"))
    serializer = RDFSerializer(profiles=data_dict.get("profiles"))
    with prefetch.page(datasets):
        return serializer.serialize_catalog({}, datasets, _format=data_dict.get("format"),
                                            pagination_info=pagination)


@toolkit.chained_action
@toolkit.side_effect_free
def dcat_catalog_show(up_func: Any, context: dict[str, Any], data_dict: dict[str, Any]) -> str:
    """The same page ckanext-dcat would serve: only public datasets, whoever asks."""
    toolkit.check_access("dcat_catalog_show", context, data_dict)
    key = {name: data_dict.get(name) for name in PAGE_ARGS}
    try:
        request = toolkit.request
        key["path"] = request.path
        key["args"] = sorted((k, v) for k, v in request.args.items() if k in PAGE_ARGS)
    except RuntimeError:  # called outside a request (ckanext-dcat then builds no page links)
        key["path"] = None
    return cache.cached(key, lambda: _serialise(context, data_dict))


def get_actions() -> dict[str, Any]:
    from ckan import plugins

    return {"dcat_catalog_show": dcat_catalog_show} if plugins.plugin_loaded("dcat") else {}
