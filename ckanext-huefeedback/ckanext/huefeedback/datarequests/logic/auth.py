"""Auth functions of the data requests.

Anyone may send a request and read the public list. The agency a request is addressed to
(editors and admins) decides it and links the published dataset; the Department (sysadmins)
routes requests and may act for any agency.
"""
from __future__ import annotations

import ckan.plugins.toolkit as tk
from ckan.types import AuthResult, Context, DataDict

from ...model import DataRequest
from ...shared import people


@tk.auth_allow_anonymous_access
def huefeedback_request_create(context: Context, data_dict: DataDict) -> AuthResult:
    return {"success": True}


@tk.auth_allow_anonymous_access
def huefeedback_request_show(context: Context, data_dict: DataDict) -> AuthResult:
    return {"success": True}


@tk.auth_allow_anonymous_access
def huefeedback_request_list(context: Context, data_dict: DataDict) -> AuthResult:
    return {"success": True}


def huefeedback_request_route(context: Context, data_dict: DataDict) -> AuthResult:
    if people.is_sysadmin(people.user_of(context)):
        return {"success": True}
    return {"success": False, "msg": tk._("Only the Department routes data requests.")}


def _addressed_agency(context: Context, data_dict: DataDict) -> AuthResult:
    request = DataRequest.get(data_dict.get("id"))
    if request is None:
        return {"success": False, "msg": tk._("Data request not found")}
    if people.is_staff_of(people.user_of(context), request.organization_id):
        return {"success": True}
    return {"success": False, "msg": tk._("Only the agency the request is addressed to may answer it.")}


huefeedback_request_decide = _addressed_agency
huefeedback_request_publish = _addressed_agency
