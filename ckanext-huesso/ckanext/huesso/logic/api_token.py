"""API tokens live at most ``ckanext.huesso.api_token.max_lifetime_days``.

The same rule as CKAN's ``expire_api_token`` plugin (an ``exp`` claim in the token, checked by
CKAN's decoder on every call, and the expiry kept in the token's extras so that the user's token
page shows it), without that plugin's requirement that every caller names a lifetime: a token
asked for without ``expires_in`` gets the maximum, one asked for longer is cut to it.
"""
from __future__ import annotations

import datetime as dt
from typing import Any

import ckan.lib.api_token as api_token
import ckan.plugins.toolkit as tk
from ckan import model
from ckan.types import Schema

from ckanext.huesso import config


def lifetime_seconds(expires_in: Any, unit: Any, max_days: int) -> int | None:
    """Seconds the token lives: the asked lifetime bounded by the maximum (None: no limit)."""
    try:
        asked = int(expires_in or 0) * int(unit or 0)
    except (TypeError, ValueError):
        asked = 0
    ceiling = max_days * 86400
    if not ceiling:
        return asked or None
    return min(asked, ceiling) if asked > 0 else ceiling


def update_schema(schema: Schema) -> Schema:
    ignore_missing = tk.get_validator("ignore_missing")
    positive = tk.get_validator("is_positive_integer")
    schema.setdefault("expires_in", [ignore_missing, positive])
    schema.setdefault("unit", [ignore_missing, positive])
    return schema


def add_expiry(data: dict[str, Any], jti: str, data_dict: dict[str, Any]) -> dict[str, Any]:
    seconds = lifetime_seconds(data_dict.get("expires_in"), data_dict.get("unit"),
                               config.api_token_max_lifetime_days())
    if seconds is None:
        return data
    expire_at = dt.datetime.now(dt.timezone.utc) + dt.timedelta(seconds=seconds)
    data["exp"] = min(int(data.get("exp") or api_token.into_seconds(expire_at)),
                      api_token.into_seconds(expire_at))
    token = model.ApiToken.get(jti)
    if token is not None:
        token.set_extra("expire_api_token", {"exp": expire_at.replace(tzinfo=None).isoformat()}, True)
    return data
