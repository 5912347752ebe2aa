"""Actions of the update-deadline tracker."""

from __future__ import annotations

import datetime as dt
from typing import Any, cast

import ckan.model as model
import ckan.plugins.toolkit as tk
from ckan.logic import validate
from ckan.types import Context, DataDict

from ... import clock, db, jobs
from ...periods import local_day, parse_period, period_containing, previous_period
from ..model import ReminderLog
from ..status import STATUS_LABELS
from . import report_cache, schema
from .schedules import package_schedule, period_status_dict
from .updates import package_events, record_event


def _now(context: Context) -> dt.datetime:
    """The clock; tests and the CLI inject one through the context (never from the API)."""
    return cast(dict, context).get("huequality_now") or clock.now()


@tk.side_effect_free
@validate(schema.deadline_status_schema)
def huequality_deadline_status(context: Context, data_dict: DataDict) -> dict[str, Any]:
    """The update schedule of one dataset: the next deadline, its status and past periods.

    :param id: the dataset's id or name
    :returns: ``frequency``, ``status`` (on_time, late, due_soon, overdue, upcoming,
        not_required), ``status_label``, ``current`` (the period whose deadline comes next),
        ``periods`` (oldest first) and ``updates`` (the recorded data updates, newest first)
    """
    tk.check_access("huequality_deadline_status", context, data_dict)
    package = model.Package.get(data_dict["id"])
    schedule = package_schedule(package, _now(context))
    return {
        "package_id": package.id,
        "frequency": schedule.frequency,
        "status": schedule.status.value,
        "status_label": tk._(STATUS_LABELS[schedule.status]),
        "current": period_status_dict(schedule.current) if schedule.current else None,
        "periods": [period_status_dict(s) for s in schedule.periods],
        "updates": [
            {
                "kind": e.kind,
                "occurred_at": e.occurred_at.isoformat(),
                "resource_id": e.resource_id,
                "user_id": e.user_id,
                "note": e.note,
            }
            for e in package_events(package.id)
        ],
    }


def _default_report_period(now: dt.datetime) -> str:
    """The quarter that ended most recently: the one agencies are reporting on."""
    return previous_period(period_containing("quarterly", local_day(now))).key


@tk.side_effect_free
@validate(schema.deadline_report_schema)
def huequality_deadline_report(context: Context, data_dict: DataDict) -> dict[str, Any]:
    """Compliance with update deadlines per agency for one period (public).

    :param period: ``2026-Q1``, ``2026-H1``, ``2026-03`` or ``2026`` (default: the previous quarter)
    :param organization: restrict to one agency (id or name)
    :returns: ``city`` totals and ``agencies``: datasets_required, on_time, late, overdue,
        pending, on_time_pct, datasets_published, data_updates
    """
    tk.check_access("huequality_deadline_report", context, data_dict)
    now = _now(context)
    period = parse_period(data_dict.get("period") or _default_report_period(now))
    org_id = None
    if data_dict.get("organization"):
        org_id = model.Group.get(data_dict["organization"]).id
    return report_cache.report(period, now, org_id)


@validate(schema.record_update_schema)
def huequality_record_update(context: Context, data_dict: DataDict) -> dict[str, Any]:
    """Records a data update that the content check cannot see (called by harvesters).

    :param package_id: the dataset's id or name
    :param kind: ``harvest`` (default), ``resource_changed`` or ``resource_added``
    :param note: free text, e.g. the harvest job id
    """
    tk.check_access("huequality_record_update", context, data_dict)
    package = model.Package.get(data_dict["package_id"])
    user = model.User.get(context.get("user") or "")
    event = record_event(
        package.id,
        data_dict["kind"],
        _now(context),
        owner_org=package.owner_org,
        user_id=user.id if user else None,
        note=data_dict["note"],
    )
    # The dataset's job (fingerprints, score) runs after this commit, so it sees this update.
    jobs.dataset_changed(package.id)
    db.commit(context)
    return {"package_id": package.id, "kind": event.kind, "occurred_at": event.occurred_at.isoformat()}


@validate(schema.confirm_no_change_schema)
def huequality_confirm_no_change(context: Context, data_dict: DataDict) -> dict[str, Any]:
    """The agency confirms that the dataset's data did not change this period (who and when kept).

    :param package_id: the dataset's id or name
    :param note: why nothing changed
    """
    tk.check_access("huequality_confirm_no_change", context, data_dict)
    package = model.Package.get(data_dict["package_id"])
    user = model.User.get(context.get("user") or "")
    if user is None:
        raise tk.NotAuthorized(tk._("A confirmation must come from a signed-in user"))
    event = record_event(
        package.id, "no_change", _now(context), owner_org=package.owner_org, user_id=user.id, note=data_dict["note"]
    )
    jobs.dataset_changed(package.id)  # the timeliness score reads the confirmation
    db.commit(context)
    return {
        "package_id": package.id,
        "kind": event.kind,
        "user": user.name,
        "occurred_at": event.occurred_at.isoformat(),
    }


@tk.side_effect_free
@validate(schema.reminder_log_schema)
def huequality_reminder_log_list(context: Context, data_dict: DataDict) -> list[dict[str, Any]]:
    """Reminder e-mails sent (sysadmins only).

    :param package_id: restrict to one dataset
    :param limit: at most this many rows, newest first (default 100)
    """
    tk.check_access("huequality_reminder_log_list", context, data_dict)
    query = model.Session.query(ReminderLog)
    if data_dict.get("package_id"):
        query = query.filter(ReminderLog.package_id == model.Package.get(data_dict["package_id"]).id)
    rows = query.order_by(ReminderLog.sent_at.desc()).limit(data_dict["limit"])
    return [
        {
            "package_id": r.package_id,
            "period": r.period_key,
            "stage": r.stage,
            "recipients": r.recipients.split(","),
            "sent_at": r.sent_at.isoformat(),
        }
        for r in rows
    ]
