"""Validators of ckanext-huesso. ``user_password_validator`` replaces CKAN's own (length only)."""
from __future__ import annotations

from typing import Any

import ckan.plugins.toolkit as tk
from ckan import model
from ckan.types import Context, FlattenDataDict, FlattenErrorDict, FlattenKey

from ckanext.huesso.logic.password import PasswordPolicy, reuses_recent, strength_errors


def huesso_password_policy(key: FlattenKey, data: FlattenDataDict, errors: FlattenErrorDict,
                           context: Context) -> Any:
    """City password policy: length, character classes, and no reuse of recent passwords."""
    value = data.get(key)
    if value is tk.missing or value in (None, ""):
        return
    if not isinstance(value, str):
        errors[("password",)].append(tk._("Passwords must be strings"))
        return
    policy = PasswordPolicy.from_config()
    errors[("password",)].extend(strength_errors(value, policy))
    user = context.get("user_obj")
    user_id = data.get(("id",))
    if user is None and isinstance(user_id, str):
        user = model.User.get(user_id)
    if user is not None and reuses_recent(user, value, policy):
        errors[("password",)].append(
            tk._("Password must not be one of your last {n} passwords.").format(n=policy.history))


def get_validators() -> dict[str, Any]:
    return {
        "huesso_password_policy": huesso_password_policy,
        # Core schemas look validators up by name: this puts the policy into user_create/user_update.
        "user_password_validator": huesso_password_policy,
    }
