"""Test-only stand-in for the deadline tracker's public action (not in this branch yet)."""
from __future__ import annotations

from typing import Any

import ckan.plugins as p
from ckan.plugins import toolkit as tk


@tk.side_effect_free
def huequality_deadline_status(context: Any, data_dict: dict[str, Any]) -> dict[str, Any]:
    return {"id": data_dict["id"], "periods": [
        {"period": "2026-Q3", "status": "late"}, {"period": "2026-Q2", "status": "on_time"},
        {"period": "2026-Q1", "status": "overdue"}, {"period": "2025-Q4", "status": "not_required"}]}


class DeadlineStubPlugin(p.SingletonPlugin):
    p.implements(p.IActions)

    def get_actions(self) -> dict[str, Any]:
        return {"huequality_deadline_status": huequality_deadline_status}
