"""Typed getters for ckanext-huesearch's options (declared once in config_declaration.yaml).

The search backend also runs where the plugin's declaration is not loaded (tests that load
plugins one by one), so an undeclared option falls back to the default of the declaration file.
"""
from __future__ import annotations

from functools import cache
from pathlib import Path
from typing import Any

import yaml

from ckan.plugins import toolkit

DECLARATION = Path(__file__).with_name("config_declaration.yaml")


@cache
def _declared_defaults() -> dict[str, Any]:
    data = yaml.safe_load(DECLARATION.read_text(encoding="utf-8"))
    return {o["key"]: o.get("default") for g in data["groups"] for o in g["options"]}


def _int(key: str) -> int:
    value = toolkit.config.get(key)
    return int(_declared_defaults()[key] if value is None else value)


def statement_timeout_ms() -> int:
    return _int("ckanext.huesearch.statement_timeout")


def max_query_length() -> int:
    return _int("ckanext.huesearch.max_query_length")


def max_clauses() -> int:
    return _int("ckanext.huesearch.max_clauses")


def max_depth() -> int:
    return _int("ckanext.huesearch.max_depth")


def max_start() -> int:
    return _int("ckanext.huesearch.max_start")


def max_facet_limit() -> int:
    return _int("ckanext.huesearch.max_facet_limit")


def max_facet_fields() -> int:
    return _int("ckanext.huesearch.max_facet_fields")


def max_rows() -> int:
    """``package_search`` itself caps ``rows`` at ``ckan.search.rows_max`` for every caller;
    CKAN's own index checks (``search-index rebuild -o``) ask for every id at once, so the
    index only refuses what no catalogue holds."""
    return 10_000_000
