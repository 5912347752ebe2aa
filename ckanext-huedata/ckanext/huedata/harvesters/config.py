"""Typed getters for the LGSP harvester's options (declared in config_declaration.yaml)."""
from __future__ import annotations

import os
import re

from ckan.plugins import toolkit

SECRET_PREFIX = "ckanext.huedata.lgsp.secret."
SECRET_NAME = re.compile(r"^[A-Za-z0-9_.-]{1,64}$")


def request_timeout() -> float:
    return float(toolkit.config["ckanext.huedata.lgsp.request_timeout"])


def max_retries() -> int:
    return toolkit.config["ckanext.huedata.lgsp.max_retries"]


def backoff() -> float:
    return float(toolkit.config["ckanext.huedata.lgsp.backoff"])


def retry_after_max() -> float:
    return float(toolkit.config["ckanext.huedata.lgsp.retry_after_max"])


def max_pages() -> int:
    return toolkit.config["ckanext.huedata.lgsp.max_pages"]


def secret(name: str) -> str | None:
    """The value of the secret called ``name``: CKAN config first, then the environment."""
    value = toolkit.config.get(SECRET_PREFIX + name)
    if value:
        return str(value)
    env = "HUEDATA_LGSP_SECRET_" + re.sub(r"[^A-Za-z0-9]", "_", name).upper()
    return os.environ.get(env) or None


def safety_share() -> float:
    return float(toolkit.config["ckanext.huedata.harvest.safety_share"])
