"""Typed getters for ckanext-huedata's own options (declared once in config_declaration.yaml).

The outbound options are read by every extension of the suite that downloads something,
whether or not the ``huedata`` plugin (which declares them) is loaded in that process, so an
undeclared option falls back to the default written in the declaration file itself.
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


def _get(key: str) -> Any:
    value = toolkit.config.get(key)
    return _declared_defaults()[key] if value is None else value


def outbound_allowed_hosts() -> list[str]:
    value = _get("ckanext.huedata.outbound.allowed_hosts")
    return value.split() if isinstance(value, str) else [str(v) for v in value or []]


def outbound_max_bytes() -> int:
    return int(_get("ckanext.huedata.outbound.max_size_mb")) * (1 << 20)


def outbound_timeout() -> float:
    return float(_get("ckanext.huedata.outbound.timeout"))


def outbound_max_redirects() -> int:
    return int(_get("ckanext.huedata.outbound.max_redirects"))


def dcat_cache_seconds() -> int:
    return int(_get("ckanext.huedata.dcat.cache_seconds"))
