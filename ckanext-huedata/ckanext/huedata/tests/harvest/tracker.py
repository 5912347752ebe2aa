"""A stand-in for huequality's deadline tracker: records every ``huequality_record_update`` call.

Registered under ``ckan.test_plugins`` as ``huedata_harvest_test_tracker``.
"""
from __future__ import annotations

from typing import Any

import ckan.plugins as p

CALLS: list[dict[str, Any]] = []


def huequality_record_update(context: Any, data_dict: dict[str, Any]) -> dict[str, Any]:
    CALLS.append(dict(data_dict))
    return {"recorded": True}


class RecordingTrackerPlugin(p.SingletonPlugin):
    p.implements(p.IActions)

    def get_actions(self) -> dict[str, Any]:
        return {"huequality_record_update": huequality_record_update}
