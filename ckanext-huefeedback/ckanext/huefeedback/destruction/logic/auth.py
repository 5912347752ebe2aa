"""Auth functions of the destruction: sysadmins (and, where allowed, the owning agency's admins)
destroy; only sysadmins read the log. Nobody edits or deletes it: no action exists for that."""
from __future__ import annotations

import ckan.model as model
import ckan.plugins.toolkit as tk
from ckan.types import AuthResult, Context, DataDict

from ... import config
from ...shared import people


def huefeedback_dataset_destroy(context: Context, data_dict: DataDict) -> AuthResult:
    user = people.user_of(context)
    if people.is_sysadmin(user):
        return {"success": True}
    package = model.Package.get(data_dict.get("id") or "")
    if config.destroy_allow_agency_admins() and package is not None and people.is_admin_of(user, package.owner_org):
        return {"success": True}
    return {"success": False, "msg": tk._("Only system administrators may destroy datasets.")}


def _sysadmins_only(context: Context, data_dict: DataDict) -> AuthResult:
    if people.is_sysadmin(people.user_of(context)):
        return {"success": True}
    return {"success": False, "msg": tk._("Only system administrators may read the destruction log.")}


huefeedback_destruction_log_list = _sysadmins_only
huefeedback_destruction_log_verify = _sysadmins_only
