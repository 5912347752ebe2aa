"""Timeliness input: the status of a dataset's reporting periods.

The rule (score = mean over the periods that count):

================  =====  ===========================================================
status            score  meaning
================  =====  ===========================================================
``on_time``       100    updated before the period's deadline
``late``          50     updated, but after the deadline
``overdue``       0      deadline passed, not updated
``due_soon``      —      deadline ahead, not yet updated: neutral, not counted
``upcoming``      —      the period has not ended yet: neutral
``not_required``  —      irregular/historical data, or the period precedes the dataset
================  =====  ===========================================================

The statuses come from the deadline tracker's public action ``huequality_deadline_status``
when that action is loaded. Otherwise a fallback rule reads ``metadata_modified`` against
``update_frequency``: an update within one period (plus the grace days) is on time, within
two periods late, older overdue; irregular, never and unknown frequencies are not required.
"""
from __future__ import annotations

from datetime import datetime, timedelta, timezone
from typing import Any

STATUS_SCORES: dict[str, float | None] = {
    "on_time": 100.0, "late": 50.0, "overdue": 0.0, "due_soon": None, "upcoming": None,
    "not_required": None,
}
# Days in one period of each update frequency (the fallback rule only).
PERIOD_DAYS = {"continuous": 1, "daily": 1, "weekly": 7, "monthly": 31, "quarterly": 92,
               "semiannual": 183, "annual": 366}
GRACE_DAYS = 15  # 06/2021 Art 4.6.b: 15 days after the period ends


def timeliness_input(package_dict: dict[str, Any], now: datetime | None = None) -> list[str]:
    """Statuses of the dataset's periods (see the module docstring); their order does not matter."""
    from ckan.plugins import toolkit

    try:
        action = toolkit.get_action("huequality_deadline_status")
    except KeyError:
        return fallback_statuses(package_dict, now or datetime.now(timezone.utc))
    result = action({"ignore_auth": True}, {"id": package_dict["id"]})
    return statuses_from_tracker(result)


def statuses_from_tracker(result: Any) -> list[str]:
    """Statuses out of the tracker's answer: a list of periods, or a dict holding ``periods``."""
    periods = result.get("periods", []) if isinstance(result, dict) else result or []
    if isinstance(result, dict) and not periods and result.get("current"):
        periods = [result["current"]]
    statuses = []
    for period in periods:
        status = period.get("status") if isinstance(period, dict) else period
        if status in STATUS_SCORES:
            statuses.append(status)
    return statuses


def fallback_statuses(package_dict: dict[str, Any], now: datetime) -> list[str]:
    frequency = package_dict.get("update_frequency") or next(
        (e.get("value") for e in package_dict.get("extras") or [] if e.get("key") == "update_frequency"), "")
    days = PERIOD_DAYS.get(str(frequency))
    modified = package_dict.get("metadata_modified")
    if not days or not modified:
        return ["not_required"]
    last = datetime.fromisoformat(str(modified))
    if last.tzinfo is None:
        last = last.replace(tzinfo=timezone.utc)  # CKAN stores metadata_modified in UTC
    age = now - last
    if age <= timedelta(days=days + GRACE_DAYS):
        return ["on_time"]
    if age <= timedelta(days=2 * days + GRACE_DAYS):
        return ["late"]
    return ["overdue"]


def timeliness_score(statuses: list[str]) -> tuple[float | None, dict[str, int]]:
    counts: dict[str, int] = {}
    for status in statuses:
        counts[status] = counts.get(status, 0) + 1
    scored = [STATUS_SCORES[s] for s in statuses if STATUS_SCORES.get(s) is not None]
    if not scored:
        return None, counts
    return round(sum(scored) / len(scored), 1), counts  # type: ignore[arg-type]
