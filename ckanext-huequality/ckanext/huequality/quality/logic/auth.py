"""Access rules of the quality actions: scores are as public as their dataset, the index is
published; computing is for the dataset's editors (a score) or sysadmins (the index)."""

from __future__ import annotations

from ckan.plugins import toolkit as tk
from ckan.types import AuthResult, Context, DataDict


@tk.auth_allow_anonymous_access
def huequality_dataset_quality(context: Context, data_dict: DataDict) -> AuthResult:
    tk.check_access("package_show", context, {"id": data_dict.get("id")})
    return {"success": True}


@tk.auth_allow_anonymous_access
def huequality_dataset_quality_list(context: Context, data_dict: DataDict) -> AuthResult:
    return {"success": True}  # the action leaves out the datasets the caller may not read


def huequality_dataset_quality_recompute(context: Context, data_dict: DataDict) -> AuthResult:
    tk.check_access("package_update", context, {"id": data_dict.get("id")})
    return {"success": True}


@tk.auth_allow_anonymous_access
def huequality_index(context: Context, data_dict: DataDict) -> AuthResult:
    return {"success": True}  # the index is published: transparency


def huequality_index_compute(context: Context, data_dict: DataDict) -> AuthResult:
    return {"success": False, "msg": tk._("Only sysadmins can compute the Data Quality Index")}
