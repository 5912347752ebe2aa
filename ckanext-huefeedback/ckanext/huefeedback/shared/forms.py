"""The form token action: what an anonymous caller of the Action API asks for before submitting."""
from __future__ import annotations

from typing import Any

import ckan.plugins.toolkit as tk
from ckan.types import AuthResult, Context, DataDict

from . import antispam


@tk.auth_allow_anonymous_access
def huefeedback_form_token_auth(context: Context, data_dict: DataDict) -> AuthResult:
    return {"success": True}


@tk.side_effect_free
def huefeedback_form_token(context: Context, data_dict: DataDict) -> dict[str, Any]:
    """A signed form token for an anonymous error report or data request.

    Send it as ``form_token`` no sooner than ``min_seconds`` and no later than ``max_age_hours``.
    """
    tk.check_access("huefeedback_form_token", context, data_dict)
    from .. import config

    return {"form_token": antispam.issue_form_token(), "min_seconds": config.form_min_seconds(),
            "max_age_hours": config.form_max_age_hours()}


def get_actions() -> dict[str, Any]:
    return {"huefeedback_form_token": huefeedback_form_token}


def get_auth_functions() -> dict[str, Any]:
    return {"huefeedback_form_token": huefeedback_form_token_auth}
