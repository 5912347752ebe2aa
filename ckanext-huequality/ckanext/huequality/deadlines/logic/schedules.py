"""Deadline status of stored datasets: the pure schedule fed with the database's history."""

from __future__ import annotations

import datetime as dt
from collections import defaultdict
from typing import Any

import ckan.model as model

from ...periods import DEFAULT_FREQUENCY, normalise_frequency
from .. import config
from ..model import UpdateEvent
from ..status import URGENCY, DatasetSchedule, PeriodStatus, dataset_schedule

FREQUENCY_KEY = "update_frequency"


def frequency_of(pkg_dict: dict[str, Any]) -> str:
    """The data contract's top-level ``update_frequency``, else an extra of that name, else quarterly."""
    value = pkg_dict.get(FREQUENCY_KEY)
    if not value:
        value = next((e.get("value") for e in pkg_dict.get("extras") or [] if e.get("key") == FREQUENCY_KEY), None)
    return normalise_frequency(value or DEFAULT_FREQUENCY)


def _aware(moment: dt.datetime) -> dt.datetime:
    # CKAN stores metadata_created as naive UTC.
    return moment if moment.tzinfo else moment.replace(tzinfo=dt.timezone.utc)


def package_schedule(
    package: model.Package, now: dt.datetime, updates: list[dt.datetime] | None = None
) -> DatasetSchedule:
    if updates is None:
        updates = [
            row[0] for row in model.Session.query(UpdateEvent.occurred_at).filter(UpdateEvent.package_id == package.id)
        ]
    frequency = normalise_frequency(package.extras.get(FREQUENCY_KEY))
    return dataset_schedule(
        frequency,
        _aware(package.metadata_created),
        updates,
        now,
        config.deadline_rule(),
        history=config.status_history_periods(),
    )


def organization_schedules(org_id: str, now: dt.datetime) -> list[tuple[model.Package, DatasetSchedule]]:
    """Every active dataset of an agency with its schedule, most urgent first."""
    packages = (
        model.Session.query(model.Package)
        .filter(model.Package.owner_org == org_id, model.Package.state == "active", model.Package.type == "dataset")
        .all()
    )
    updates: dict[str, list[dt.datetime]] = defaultdict(list)
    if packages:
        rows = model.Session.query(UpdateEvent.package_id, UpdateEvent.occurred_at).filter(
            UpdateEvent.package_id.in_([p.id for p in packages])
        )
        for package_id, occurred_at in rows:
            updates[package_id].append(occurred_at)
    result = [(p, package_schedule(p, now, updates[p.id])) for p in packages]
    result.sort(
        key=lambda item: (
            URGENCY[item[1].status],
            item[1].current.days_left if item[1].current else 10**6,
            item[0].title or item[0].name,
        )
    )
    return result


def period_status_dict(status: PeriodStatus) -> dict[str, Any]:
    deadline = status.deadline
    return {
        "period": status.period.key,
        "period_start": status.period.start.isoformat(),
        "period_end": status.period.last_day.isoformat(),
        "deadline": deadline.day.isoformat(),
        "window_opens_at": deadline.opens_at.isoformat(),
        "late_after": deadline.closes_at.isoformat(),
        "status": status.status.value,
        "updated_at": status.updated_at.isoformat() if status.updated_at else None,
        "days_left": status.days_left,
    }
