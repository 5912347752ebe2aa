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

The statuses come from the deadline tracker (``quality/logic/service.timeliness_statuses``,
same plugin, same rule), so the quality score and the deadline pages never disagree.
"""

from __future__ import annotations

from typing import Any

STATUS_SCORES: dict[str, float | None] = {
    "on_time": 100.0,
    "late": 50.0,
    "overdue": 0.0,
    "due_soon": None,
    "upcoming": None,
    "not_required": None,
}


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


def timeliness_score(statuses: list[str]) -> tuple[float | None, dict[str, int]]:
    counts: dict[str, int] = {}
    for status in statuses:
        counts[status] = counts.get(status, 0) + 1
    scored = [STATUS_SCORES[s] for s in statuses if STATUS_SCORES.get(s) is not None]
    if not scored:
        return None, counts
    return round(sum(scored) / len(scored), 1), counts  # type: ignore[arg-type]
