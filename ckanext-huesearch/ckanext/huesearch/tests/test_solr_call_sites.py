"""Every place the installed CKAN and extensions reach Solr is one huesearch serves.

An upgrade that adds a new Solr call site fails here, not at a user's request.
"""
from __future__ import annotations

import ast
import pathlib
import pkgutil

import pytest

import ckan
import ckanext
from ckanext.huesearch.search import patches

# names whose use means "this module talks to Solr"
SOLR_NAMES = {"make_connection", "pysolr", "PackageSearchIndex", "PackageSearchQuery", "check_solr_schema_version",
              "SolrSettings", "query_for", "index_for", "get_index"}


def _installed_modules():
    roots = [("ckan", pathlib.Path(ckan.__file__).parent)]
    roots += [(f"ckanext.{p.name}", pathlib.Path(p.module_finder.path) / p.name)
              for p in pkgutil.iter_modules(ckanext.__path__)]
    for prefix, root in roots:
        if not root.is_dir():
            continue
        for path in root.rglob("*.py"):
            rel = path.relative_to(root).with_suffix("")
            parts = [p for p in rel.parts if p != "__init__"]
            if any(p in ("tests", "test", "migration") or p.startswith("test_") for p in parts):
                continue
            yield ".".join([prefix, *parts]), path


def _uses_solr(path: pathlib.Path) -> set[str]:
    tree = ast.parse(path.read_text(encoding="utf-8"))
    used = set()
    for node in ast.walk(tree):
        if isinstance(node, ast.Name) and node.id in SOLR_NAMES:
            used.add(node.id)
        elif isinstance(node, ast.Attribute) and node.attr in SOLR_NAMES:
            used.add(node.attr)
        elif isinstance(node, (ast.Import, ast.ImportFrom)):
            for alias in node.names:
                if alias.name.split(".")[0] == "pysolr" or alias.name in SOLR_NAMES:
                    used.add(alias.name)
            if isinstance(node, ast.ImportFrom) and (node.module or "").startswith("pysolr"):
                used.add("pysolr")
    return used


def test_every_solr_call_site_in_installed_code_is_known():
    found = {name: _uses_solr(path) for name, path in _installed_modules()}
    found = {name: uses for name, uses in found.items()
             if uses and not name.startswith(("ckanext.huesearch", "ckanext.example_", "ckan.lib.search.")) and
             name != "ckan.lib.search"}
    unknown = sorted(set(found) - set(patches.SOLR_CALL_SITES))
    assert not unknown, (
        "These modules reach the search index and are not listed in huesearch's SOLR_CALL_SITES; "
        "check how each reaches Solr and make huesearch serve it: " + ", ".join(unknown))


@pytest.mark.usefixtures("with_plugins")
def test_every_module_that_bound_make_connection_gets_the_postgres_index():
    import sys

    from ckanext.huesearch.search.backend import PostgresIndexConnection

    for name, module in list(sys.modules.items()):
        bound = getattr(module, "make_connection", None)
        if not callable(bound) or not (name.startswith("ckan") and module is not patches):
            continue
        if getattr(bound, "__module__", "") in ("ckan.lib.search.common", "ckanext.huesearch.search.patches"):
            assert bound is patches.make_connection, f"{name}.make_connection still points at Solr"
    assert isinstance(patches.make_connection(), PostgresIndexConnection)


def test_without_the_plugin_ckan_gets_solr_back():
    import pysolr

    from ckan.lib.search import common

    assert isinstance(common.make_connection(), pysolr.Solr)
