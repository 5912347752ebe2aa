"""Demand is public: counts of public datasets only."""
from __future__ import annotations

import ckan.plugins.toolkit as tk
from ckan.types import AuthResult, Context, DataDict


@tk.auth_allow_anonymous_access
def huefeedback_demand(context: Context, data_dict: DataDict) -> AuthResult:
    return {"success": True}
