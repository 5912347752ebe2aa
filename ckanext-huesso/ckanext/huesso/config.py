"""One typed getter per option of ``config_declaration.yaml`` (defaults live only there)."""
from __future__ import annotations

import os

import ckan.plugins.toolkit as tk

PREFIX = "ckanext.huesso."
SECRET_ENV = "CKANEXT_HUESSO_CLIENT_SECRET"
HMAC_ENV = "CKANEXT_HUESSO_ID_HMAC_SECRET"


def _get(name: str):
    return tk.config.get(PREFIX + name)


def _list(name: str) -> list[str]:
    return [str(item) for item in tk.aslist(_get(name) or [])]


def _bool(name: str) -> bool:
    return tk.asbool(_get(name))


def enabled() -> bool:
    return _bool("enabled")


def issuer() -> str:
    return (_get("issuer") or "").rstrip("/")


def client_id() -> str:
    return _get("client_id") or ""


def client_secret() -> str:
    # The environment wins so that production keeps the secret out of ini files.
    return os.environ.get(SECRET_ENV) or _get("client_secret") or ""


def scopes() -> list[str]:
    return _list("scopes")


def acr_values() -> str:
    return _get("acr_values") or ""


def acr_levels() -> dict[str, int]:
    levels: dict[str, int] = {}
    for pair in _list("acr_levels"):
        value, _sep, level = pair.rpartition(":")
        if value and level.isdigit():
            levels[value] = int(level)
    return levels


def required_acr_level() -> int:
    return int(_get("required_acr_level"))


def publish_acr_level() -> int:
    return int(_get("publish_acr_level"))


def claim_names(field: str) -> list[str]:
    """Claim names for ``id_number``, ``full_name``, ``email`` or ``agency``."""
    return _list("claim." + field)


def id_hmac_secret() -> str:
    return os.environ.get(HMAC_ENV) or _get("id_hmac_secret") or ""


def agency_map() -> dict[str, str]:
    mapping: dict[str, str] = {}
    for pair in _list("agency_map"):
        code, sep, org = pair.partition("=")
        if sep and code and org:
            mapping[code.strip()] = org.strip()
    return mapping


def agency_role() -> str:
    return _get("agency_role") or "editor"


def allow_registration() -> bool:
    return _bool("allow_registration")


def local_login_sysadmins_only() -> bool:
    return _bool("local_login_sysadmins_only")


def post_logout_redirect_url() -> str:
    return _get("post_logout_redirect_url") or ""


def http_timeout() -> int:
    return int(_get("http_timeout"))


def metadata_cache_seconds() -> int:
    return int(_get("metadata_cache_seconds"))


def clock_skew_seconds() -> int:
    return int(_get("clock_skew_seconds"))


def password_min_length() -> int:
    return int(_get("password.min_length"))


def password_require_classes() -> bool:
    return _bool("password.require_classes")


def password_history() -> int:
    return int(_get("password.history"))


def password_max_age_days() -> int:
    return int(_get("password.max_age_days"))


def api_token_max_lifetime_days() -> int:
    return int(_get("api_token.max_lifetime_days"))
