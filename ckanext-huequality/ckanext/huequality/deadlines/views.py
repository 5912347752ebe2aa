"""Pages of the update-deadline tracker: dashboards, report downloads, the no-change confirmation."""

from __future__ import annotations

from typing import Any

import ckan.authz as authz
import ckan.plugins.toolkit as tk
from flask import Blueprint, Response

from .. import clock
from ..periods import parse_period, period_containing, previous_period
from .logic import export
from .logic.schedules import organization_schedules, period_status_dict
from .status import STATUS_LABELS

blueprint = Blueprint("huequality_deadlines", __name__, url_prefix="/deadlines")

SORT_KEYS = ("title", "datasets_required", "on_time", "late", "overdue", "on_time_pct", "datasets_published")
CHART_QUARTERS = 8


def _report(period: str | None, organization: str | None = None) -> dict[str, Any]:
    data_dict = {"period": period} if period else {}
    if organization:
        data_dict["organization"] = organization
    try:
        return tk.get_action("huequality_deadline_report")({}, data_dict)
    except tk.ValidationError as error:
        tk.abort(400, "; ".join(m for ms in error.error_dict.values() for m in ms))
    raise AssertionError("unreachable")


def _sorted(agencies: list[dict[str, Any]], key: str, descending: bool) -> list[dict[str, Any]]:
    # Agencies without a figure (nothing due) go last whichever the direction.
    present = [a for a in agencies if a[key] is not None]
    missing = [a for a in agencies if a[key] is None]
    present.sort(key=lambda a: (a[key].lower() if isinstance(a[key], str) else a[key]), reverse=descending)
    return present + missing


def _chart(shown: dict[str, Any]) -> list[dict[str, Any]]:
    """The city's on-time rate for the chosen quarter and the seven before it, oldest first."""
    period = parse_period(shown["period"])
    if period.frequency != "quarterly":
        period = period_containing("quarterly", period.last_day)
    keys = []
    for _ in range(CHART_QUARTERS):
        keys.append(period.key)
        period = previous_period(period)
    bars = []
    for key in reversed(keys):
        report = shown if key == shown["period"] else _report(key)
        bars.append(
            {
                "period": key,
                "on_time_pct": report["city"]["on_time_pct"],
                "agencies": {a["organization_id"]: a["on_time_pct"] for a in report["agencies"]},
            }
        )
    return bars


@blueprint.route("/")
def city() -> str:
    """DST's dashboard: every agency's compliance for a period, with the last 8 quarters."""
    report = _report(tk.request.args.get("period"))
    sort = tk.request.args.get("sort", "title")
    sort = sort if sort in SORT_KEYS else "title"
    descending = tk.request.args.get("dir", "asc") == "desc"
    chart = _chart(report)
    for agency in report["agencies"]:
        agency["history"] = [bar["agencies"].get(agency["organization_id"]) for bar in chart]
    return tk.render(
        "huequality/deadlines/city.html",
        {
            "report": report,
            "agencies": _sorted(report["agencies"], sort, descending),
            "sort": sort,
            "descending": descending,
            "chart": chart,
        },
    )


@blueprint.route("/report.<fmt>")
def download(fmt: str) -> Response:
    """The dashboard's report as CSV or XLSX (same action, same numbers)."""
    report = _report(tk.request.args.get("period"), tk.request.args.get("organization"))
    name = f"huequality-deadlines-{report['period']}"
    if fmt == "csv":
        return Response(
            export.report_csv(report),
            mimetype="text/csv; charset=utf-8",
            headers={"Content-Disposition": f'attachment; filename="{name}.csv"'},
        )
    if fmt == "xlsx":
        return Response(
            export.report_xlsx(report),
            mimetype="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
            headers={"Content-Disposition": f'attachment; filename="{name}.xlsx"'},
        )
    tk.abort(404, tk._("Unknown format: use csv or xlsx"))
    raise AssertionError("unreachable")


@blueprint.route("/agency/<id>")
def agency(id: str) -> str:
    """An agency's datasets, most urgent first; private ones only for the agency's members."""
    try:
        org = tk.get_action("organization_show")({}, {"id": id, "include_datasets": False})
    except (tk.ObjectNotFound, tk.NotAuthorized):
        tk.abort(404, tk._("Agency not found"))
    member = bool(
        tk.current_user.is_authenticated
        and authz.has_user_permission_for_group_or_org(org["id"], tk.current_user.name, "read")
    )
    rows = []
    for package, schedule in organization_schedules(org["id"], clock.now()):
        if package.private and not member:
            continue
        rows.append(
            {
                "package": package,
                "frequency": schedule.frequency,
                "status": schedule.status.value,
                "current": period_status_dict(schedule.current) if schedule.current else None,
            }
        )
    counts = {code.value: sum(1 for r in rows if r["status"] == code.value) for code in STATUS_LABELS}
    return tk.render(
        "huequality/deadlines/agency.html",
        {
            "group_dict": org,
            "organization": org,
            "rows": rows,
            "counts": counts,
            "group_type": "organization",
        },
    )


@blueprint.route("/dataset/<id>/confirm", methods=["POST"])
def confirm(id: str) -> Any:
    """The agency's "no change this period" button on the dataset page."""
    context = {"user": tk.current_user.name if tk.current_user.is_authenticated else ""}
    try:
        tk.get_action("huequality_confirm_no_change")(
            context, {"package_id": id, "note": tk.request.form.get("note", "")}
        )
    except tk.NotAuthorized:
        tk.abort(403, tk._("You may not record updates of this dataset"))
    except tk.ValidationError:
        tk.abort(404, tk._("Dataset not found"))
    tk.h.flash_success(tk._("Recorded: no change of the data this period."))
    return tk.redirect_to("dataset.read", id=id)
