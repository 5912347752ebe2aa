"""Access rules: the compliance report is public (transparency); the reminder log is not."""

from __future__ import annotations

import ckan.plugins.toolkit as tk
from ckan.types import AuthResult, Context, DataDict


@tk.auth_allow_anonymous_access
def huequality_deadline_report(context: Context, data_dict: DataDict) -> AuthResult:
    return {"success": True}


@tk.auth_allow_anonymous_access
def huequality_deadline_status(context: Context, data_dict: DataDict) -> AuthResult:
    return tk.check_access("package_show", context, {"id": data_dict.get("id")}) and {"success": True}


def huequality_record_update(context: Context, data_dict: DataDict) -> AuthResult:
    """The dataset's editors (and harvest jobs running as the site user) record updates."""
    return _can_update(context, data_dict.get("package_id"))


def huequality_confirm_no_change(context: Context, data_dict: DataDict) -> AuthResult:
    return _can_update(context, data_dict.get("package_id"))


def huequality_reminder_log_list(context: Context, data_dict: DataDict) -> AuthResult:
    # Who was e-mailed when is internal: sysadmins only (they pass every check before this).
    return {"success": False, "msg": tk._("Only sysadmins may read the reminder log")}


def _can_update(context: Context, package_id: str | None) -> AuthResult:
    try:
        tk.check_access("package_update", context, {"id": package_id})
    except tk.NotAuthorized:
        return {"success": False, "msg": tk._("You may not record updates of this dataset")}
    return {"success": True}
