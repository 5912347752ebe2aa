"""Auth functions of ckanext-huesso; the chained ones add the SSO rules to core checks."""
from __future__ import annotations

from typing import Any

import ckan.plugins.toolkit as tk
from ckan import authz
from ckan.types import AuthFunction, AuthResult, Context, DataDict

from ckanext.huesso import config
from ckanext.huesso.logic.login import last_loa


def _sysadmins_only(context: Context, data_dict: DataDict) -> AuthResult:
    return {"success": False, "msg": tk._("Only system administrators may do this.")}


huesso_identity_link = _sysadmins_only
huesso_pending_list = _sysadmins_only
huesso_approve = _sysadmins_only


def _loa_refusal(context: Context) -> AuthResult | None:
    """A refusal when publishing needs a higher level of assurance than the user's last SSO login."""
    needed = config.publish_acr_level()
    user = context.get("auth_user_obj") or (tk.current_user if tk.current_user.is_authenticated else None)
    if not config.enabled() or needed <= 0 or user is None or getattr(user, "sysadmin", False):
        return None
    loa = last_loa(user.id)
    if loa is None or loa >= needed:
        return None  # local accounts are governed by the local-login rules instead
    return {"success": False,
            "msg": tk._("Publishing data needs a sign-in with VNeID level 2. Please sign in again with a verified chip ID.")}


@tk.chained_auth_function
def package_create(next_auth: AuthFunction, context: Context, data_dict: DataDict | None) -> AuthResult:
    return _loa_refusal(context) or next_auth(context, data_dict)  # type: ignore[call-arg]


@tk.chained_auth_function
def package_update(next_auth: AuthFunction, context: Context, data_dict: DataDict | None) -> AuthResult:
    return _loa_refusal(context) or next_auth(context, data_dict)  # type: ignore[call-arg]


@tk.auth_allow_anonymous_access
@tk.chained_auth_function
def user_create(next_auth: AuthFunction, context: Context, data_dict: DataDict | None) -> AuthResult:
    if config.enabled() and not config.allow_registration() and not authz.is_sysadmin(context.get("user")):
        return {"success": False,
                "msg": tk._("Accounts are created by signing in with VNeID / the city SSO.")}
    return next_auth(context, data_dict)  # type: ignore[call-arg]


def get_auth_functions() -> dict[str, Any]:
    return {
        "huesso_identity_link": huesso_identity_link,
        "huesso_pending_list": huesso_pending_list,
        "huesso_approve": huesso_approve,
        "package_create": package_create,
        "package_update": package_update,
        "user_create": user_create,
    }
