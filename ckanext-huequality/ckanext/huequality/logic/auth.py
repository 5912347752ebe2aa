"""Access rules of the actions that span both features."""

from __future__ import annotations

import ckan.plugins.toolkit as tk
from ckan.types import AuthResult, Context, DataDict


def huequality_dataset_history_purge(context: Context, data_dict: DataDict) -> AuthResult:
    # Destroying a dataset's history is irreversible: sysadmins only (they pass every check).
    return {"success": False, "msg": tk._("Only sysadmins may destroy a dataset's quality history")}
