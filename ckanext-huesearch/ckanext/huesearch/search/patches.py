"""Every place where CKAN or an installed extension reaches Solr, and what huesearch puts there.

This is the only module that replaces anything in CKAN. Each replacement
checks ``is_active()`` and falls back to the original when the ``huesearch``
plugin is not loaded, so a deployment that drops ``huesearch`` from
``ckan.plugins`` gets plain Solr back (and tests that unload plugins are safe).

``SOLR_CALL_SITES`` lists the modules known to reach Solr and how each is
served; ``tests/test_solr_call_sites.py`` scans the installed CKAN and
extensions and fails when a module appears that is not listed here.
"""
from __future__ import annotations

import sys
import logging
from typing import Any, Callable

import ckan.plugins as plugins
from ckan.common import config

from . import cache, counts
from .backend import PostgresIndexConnection, indexing_session

log = logging.getLogger(__name__)

PLUGIN_NAME = "huesearch"

#: module -> how huesearch serves its Solr use
SOLR_CALL_SITES: dict[str, str] = {
    "ckan.lib.search.common": "make_connection replaced; is_available uses it",
    "ckan.lib.search": "make_connection (imported name) replaced; check_solr_schema_version replaced",
    "ckan.lib.search.index": "make_connection (imported name) replaced: PackageSearchIndex writes to PostgreSQL",
    "ckan.lib.search.query": "make_connection (imported name) replaced: PackageSearchQuery reads PostgreSQL",
    "ckan.lib.dictization.model_dictize": "PackageSearchQuery goes through make_connection; "
                                          "get_group_dataset_counts counts public datasets only",
    "ckan.logic.action.update": "PackageSearchIndex/PackageSearchQuery go through make_connection",
    "ckan.logic.action.get": "query_for/search.show go through make_connection",
    "ckanext.datastore.logic.action": "PackageSearchIndex goes through make_connection",
    "ckanext.harvest.logic.action.update": "make_connection (imported name) replaced",
    "ckan.config.environment": "calls check_solr_schema_version, replaced",
    "ckan.cli.search_index": "calls rebuild/check/show/clear, all through make_connection",
}

#: modules that bound ``make_connection`` by name at import time
_MAKE_CONNECTION_HOLDERS = (
    "ckan.lib.search.common",
    "ckan.lib.search",
    "ckan.lib.search.index",
    "ckan.lib.search.query",
    "ckanext.harvest.logic.action.update",
)

_originals: dict[tuple[str, str], Any] = {}


def is_active() -> bool:
    return plugins.plugin_loaded(PLUGIN_NAME)


def is_configured() -> bool:
    """huesearch is in ``ckan.plugins``, loaded or not yet (see :func:`check_solr_schema_version`)."""
    configured = config.get("ckan.plugins") or []
    names = configured.split() if isinstance(configured, str) else configured
    return PLUGIN_NAME in names


def make_connection(decode_dates: bool = True) -> Any:
    if is_active():
        return PostgresIndexConnection()
    return _originals[("ckan.lib.search.common", "make_connection")](decode_dates)


def check_solr_schema_version(schema_file: str | None = None) -> bool:
    # CKAN's load_all() (run again in every jobs work horse) first unloads every plugin, and each
    # unload re-runs update_config and this check: a configured huesearch skips it then too, so
    # no Solr traceback is logged per job.
    if is_active() or is_configured():
        # huesearch types fields from the installed CKAN's own schema.xml: nothing can be out of date
        return True
    return _originals[("ckan.lib.search", "check_solr_schema_version")](schema_file)


def get_group_dataset_counts() -> dict[str, Any]:
    """Dataset counts per group and organisation, counting public datasets only.

    CKAN's version counts private datasets too, and shows the numbers to anyone
    on /organization and /group: a count is already a disclosure.
    """
    if not is_active():
        return _originals[("ckan.lib.dictization.model_dictize", "get_group_dataset_counts")]()
    from ckan.lib import search

    query = search.PackageSearchQuery()
    query.run({"q": "", "fq": "+capacity:public", "fl": "groups",
               "facet.field": ["groups", "owner_org"], "facet.limit": -1, "rows": 1})
    return query.facets


def _before_commit(original: Callable[..., Any]) -> Callable[..., Any]:
    def before_commit(self: Any, session: Any) -> Any:
        token = indexing_session.set(session if is_active() else None)
        try:
            return original(self, session)
        finally:
            indexing_session.reset(token)

    before_commit.__wrapped__ = original  # type: ignore[attr-defined]
    return before_commit


def _replace(module_name: str, attribute: str, replacement: Any) -> None:
    module = sys.modules.get(module_name)
    if module is None:
        # Not imported yet (e.g. ckanext-harvest when its plugin is off): importing it here would
        # add its models to every request. When it is imported later, its
        # ``from ckan.lib.search.common import make_connection`` picks up the replacement.
        return
    key = (module_name, attribute)
    current = getattr(module, attribute)
    if key not in _originals:
        _originals[key] = current
    setattr(module, attribute, replacement)


def install() -> None:
    """Put every replacement in place; safe to call more than once (it runs at each plugins update)."""
    import ckan.lib.dictization.model_dictize  # noqa: F401  (imported so that it can be patched)
    import ckan.lib.search  # noqa: F401

    for module_name in _MAKE_CONNECTION_HOLDERS:
        _replace(module_name, "make_connection", make_connection)
    _replace("ckan.lib.search", "check_solr_schema_version", check_solr_schema_version)
    _replace("ckan.lib.dictization.model_dictize", "get_group_dataset_counts", get_group_dataset_counts)

    cache.install()
    counts.install()

    from ckan.model.modification import DomainObjectModificationExtension

    if not hasattr(DomainObjectModificationExtension.before_commit, "__wrapped__"):
        DomainObjectModificationExtension.before_commit = _before_commit(  # type: ignore[method-assign]
            DomainObjectModificationExtension.before_commit)

