from __future__ import annotations

from typing import Any

from ckan.plugins import toolkit as tk
from ckan.types import AuthResult, Context


@tk.auth_allow_anonymous_access
def huequality_dataset_quality(context: Context, data_dict: dict[str, Any]) -> AuthResult:
    return tk.check_access("package_show", context, data_dict) and {"success": True}  # type: ignore[return-value]


def huequality_dataset_quality_recompute(context: Context, data_dict: dict[str, Any]) -> AuthResult:
    return tk.check_access("package_update", context, data_dict) and {"success": True}  # type: ignore[return-value]


@tk.auth_allow_anonymous_access
def huequality_index(context: Context, data_dict: dict[str, Any]) -> AuthResult:
    return {"success": True}  # the index is published: transparency


def huequality_index_compute(context: Context, data_dict: dict[str, Any]) -> AuthResult:
    return {"success": False, "msg": tk._("Only sysadmins can compute the Data Quality Index")}
