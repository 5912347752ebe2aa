"""Template helpers of ckanext-huesso."""
from __future__ import annotations

from typing import Any

import ckan.plugins.toolkit as tk

from ckanext.huesso import config


def huesso_enabled() -> bool:
    return config.enabled()


def huesso_login_url(came_from: str | None = None) -> str:
    from ckanext.huesso.views import safe_came_from
    args = {"came_from": safe_came_from(came_from)} if came_from else {}
    return tk.h.url_for("huesso.login", **args)


def huesso_local_login_sysadmins_only() -> bool:
    return config.enabled() and config.local_login_sysadmins_only()


def get_helpers() -> dict[str, Any]:
    return {
        "huesso_enabled": huesso_enabled,
        "huesso_login_url": huesso_login_url,
        "huesso_local_login_sysadmins_only": huesso_local_login_sysadmins_only,
    }
