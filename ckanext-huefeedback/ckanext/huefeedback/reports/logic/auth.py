"""Auth functions of the error reports.

Anyone who may read a dataset may report an error in it. Only the owning agency's editors and
admins, and the Department (sysadmins), change a report's status. Reading is open: what each
viewer sees of a report (reporter, personal-data details) is decided row by row in the actions.
"""
from __future__ import annotations

import ckan.plugins.toolkit as tk
from ckan.types import AuthResult, Context, DataDict

from ...model import Report
from ...shared import people


@tk.auth_allow_anonymous_access
def huefeedback_report_create(context: Context, data_dict: DataDict) -> AuthResult:
    try:
        tk.check_access("package_show", context, {"id": data_dict.get("package_id")})
    except tk.ObjectNotFound:
        return {"success": False, "msg": tk._("Dataset not found")}
    except tk.NotAuthorized:
        return {"success": False, "msg": tk._("You may not report errors in this dataset.")}
    return {"success": True}


@tk.auth_allow_anonymous_access
def huefeedback_report_show(context: Context, data_dict: DataDict) -> AuthResult:
    return {"success": True}


@tk.auth_allow_anonymous_access
def huefeedback_report_list(context: Context, data_dict: DataDict) -> AuthResult:
    return {"success": True}


def huefeedback_report_status_update(context: Context, data_dict: DataDict) -> AuthResult:
    report = Report.get(data_dict.get("id")) if data_dict.get("id") else None
    if report is None:
        return {"success": False, "msg": tk._("Error report not found")}
    import ckan.model as model

    package = model.Package.get(report.package_id)
    if people.is_staff_of(people.user_of(context), package.owner_org if package else None):
        return {"success": True}
    return {"success": False, "msg": tk._("Only the agency that owns the dataset handles its error reports.")}
