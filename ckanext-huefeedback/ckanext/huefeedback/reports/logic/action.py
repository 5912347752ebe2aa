"""Actions of the error reports: send one, read them, and the owning agency's answer."""
from __future__ import annotations

from typing import Any, Optional

import sqlalchemy as sa

import ckan.model as model
import ckan.plugins.toolkit as tk
from ckan.types import Context, DataDict

from ... import config
from ...model import Report, ReportEvent
from ...shared import antispam, clock, people
from ...shared.people import Viewer
from .. import notify, quality, rules
from . import schema


def _commit(context: Context) -> None:
    if not context.get("defer_commit"):
        model.repo.commit()


def _validated(context: Context, data_dict: DataDict, schema_fn: Any) -> dict[str, Any]:
    data, errors = tk.navl_validate(dict(data_dict), schema_fn(), context)
    if errors:
        raise tk.ValidationError(errors)
    return data


def report_dict(report: Report, package: model.Package, viewer: Viewer,
                events: Optional[list[ReportEvent]] = None) -> dict[str, Any]:
    """A report as this viewer may see it: reporters are never shown outside the owning agency
    and the Department, nor the details of a personal-data report."""
    manages = viewer.manages(package.owner_org)
    hidden = report.category in rules.CONFIDENTIAL_CATEGORIES and not manages
    resource = model.Resource.get(report.resource_id) if report.resource_id else None
    out = {
        "id": report.id, "ref": report.ref, "package_id": package.id, "package_name": package.name,
        "package_title": package.title or package.name, "organization_id": package.owner_org,
        "resource_id": report.resource_id,
        "resource_name": (resource.name or resource.id) if resource is not None else None,
        "category": report.category, "status": report.status,
        "description": None if hidden else report.description,
        "location": None if hidden else report.location,
        "details_hidden": hidden,
        "created": report.created.isoformat(), "updated": report.updated.isoformat(),
        "closed_at": report.closed_at.isoformat() if report.closed_at else None,
        "overdue": rules.is_overdue(report.status, report.created, clock.now(), config.report_overdue_days()),
        "can_manage": manages,
    }
    if manages:
        user = model.User.get(report.reporter_user_id) if report.reporter_user_id else None
        out["reporter"] = {"user": user.name if user else None,
                           "name": report.reporter_name or (user.fullname if user else None),
                           "email": report.reporter_email or (user.email if user else None)}
    if events is not None:
        out["history"] = [_event_dict(event, manages, hidden) for event in events]
    return out


def _event_dict(event: ReportEvent, manages: bool, hidden: bool) -> dict[str, Any]:
    row = {"created": event.created.isoformat(), "role": event.actor_role,
           "from_status": event.from_status, "to_status": event.to_status,
           "note": None if hidden else event.note}
    if manages:
        user = model.User.get(event.actor_user_id) if event.actor_user_id else None
        row["user"] = user.name if user else None
    return row


def _events(report_id: str) -> list[ReportEvent]:
    return (model.Session.query(ReportEvent).filter(ReportEvent.report_id == report_id)
            .order_by(ReportEvent.id).all())


def _active_package(id_or_name: str) -> model.Package:
    package = model.Package.get(id_or_name)
    if package is None or package.state != "active":
        raise tk.ObjectNotFound(tk._("Dataset not found"))
    return package


def huefeedback_report_create(context: Context, data_dict: DataDict) -> dict[str, Any]:
    """Report an error in a dataset or one of its resources (anyone who may read the dataset).

    :param package_id: the dataset's id or name
    :param resource_id: optional, one of the dataset's resources
    :param category: wrong_value, out_of_date, broken_link, personal_data or other
    :param description: what is wrong (10–5000 characters)
    :param location: optional row/column reference ("row 12, column Dân số")
    :param reporter_name: optional
    :param reporter_email: required from anonymous reporters (they are told of each change)
    :param form_token: from ``huefeedback_form_token`` (anonymous reporters; at least a few
        seconds old); ``website`` must stay empty
    :returns: the report as the caller may see it
    """
    data = _validated(context, data_dict, schema.report_create_schema)
    package = _active_package(data["package_id"])
    tk.check_access("huefeedback_report_create", context, {"package_id": package.id})
    user = people.user_of(context)
    if user is None and not data.get("reporter_email"):
        raise tk.ValidationError({"reporter_email": [
            tk._("Give an e-mail address so that you can be told what happens to your report.")]})
    resource_id = data.get("resource_id") or None
    if resource_id and not any(r.id == resource_id for r in package.resources):
        raise tk.ValidationError({"resource_id": [tk._("This resource is not part of the dataset.")]})
    address = antispam.guard_anonymous(data) if user is None else None

    now = clock.now()
    report = Report(package_id=package.id, resource_id=resource_id, category=data["category"],
                    description=data["description"], location=data.get("location") or None,
                    reporter_user_id=user.id if user else None, reporter_name=data.get("reporter_name") or None,
                    reporter_email=data.get("reporter_email") or None, status="new", created=now, updated=now)
    model.Session.add(report)
    model.Session.flush()
    model.Session.add(ReportEvent(report_id=report.id, created=now, actor_user_id=user.id if user else None,
                                  actor_role="reporter", from_status=None, to_status="new"))
    _commit(context)
    antispam.record_submission(address)
    notify.report_created(report, package)
    if report.category in rules.ACCURACY_CATEGORIES:
        quality.request_rescore(package.id)
    return report_dict(report, package, people.viewer_of(context))


@tk.side_effect_free
def huefeedback_report_show(context: Context, data_dict: DataDict) -> dict[str, Any]:
    """One error report with its history, as the caller may see it.

    :param id: the report's id
    """
    data = _validated(context, data_dict, schema.report_show_schema)
    tk.check_access("huefeedback_report_show", context, data)
    report = Report.get(data["id"])
    package = model.Package.get(report.package_id) if report else None
    viewer = people.viewer_of(context)
    if report is None or package is None:
        raise tk.ObjectNotFound(tk._("Error report not found"))
    if (package.private or package.state != "active") and not viewer.reads_private(package.owner_org):
        raise tk.ObjectNotFound(tk._("Error report not found"))
    return report_dict(report, package, viewer, _events(report.id))


@tk.side_effect_free
def huefeedback_report_list(context: Context, data_dict: DataDict) -> dict[str, Any]:
    """Error reports, newest first, as the caller may see them.

    :param package_id: one dataset's reports
    :param organization: one agency's reports
    :param assigned_to_me: only the reports the caller handles (their agencies; all for sysadmins)
    :param status: new, acknowledged, resolved, rejected, open, closed or all (default)
    :param limit: at most this many (default 50); :param offset: skip this many
    :returns: ``{"count": n, "results": [...]}``
    """
    data = _validated(context, data_dict, schema.report_list_schema)
    tk.check_access("huefeedback_report_list", context, data)
    viewer = people.viewer_of(context)
    query = (model.Session.query(Report, model.Package)
             .join(model.Package, model.Package.id == Report.package_id))
    if data.get("package_id"):
        package = model.Package.get(data["package_id"])
        if package is None:
            raise tk.ObjectNotFound(tk._("Dataset not found"))
        tk.check_access("package_show", context, {"id": package.id})
        query = query.filter(Report.package_id == package.id)
    if data.get("organization"):
        group = model.Group.get(data["organization"])
        if group is None or not group.is_organization:
            raise tk.ObjectNotFound(tk._("Agency not found"))
        query = query.filter(model.Package.owner_org == group.id)
    if data["assigned_to_me"] and not viewer.sysadmin:
        query = query.filter(model.Package.owner_org.in_(list(viewer.staff_orgs) or [""]))
    if not viewer.sysadmin:
        query = query.filter(sa.or_(sa.and_(model.Package.state == "active", model.Package.private.is_(False)),
                                    model.Package.owner_org.in_(list(viewer.member_orgs) or [""])))
    status = data["status"]
    if status == "open":
        query = query.filter(Report.status.in_(rules.OPEN_STATUSES))
    elif status == "closed":
        query = query.filter(Report.status.in_(rules.CLOSED_STATUSES))
    elif status != "all":
        query = query.filter(Report.status == status)
    count = query.count()
    rows = query.order_by(Report.created.desc(), Report.ref.desc()).offset(data["offset"]).limit(data["limit"]).all()
    return {"count": count, "results": [report_dict(report, package, viewer) for report, package in rows]}


def huefeedback_report_status_update(context: Context, data_dict: DataDict) -> dict[str, Any]:
    """The owning agency (or the Department) acknowledges, resolves or rejects a report.

    :param id: the report's id
    :param status: acknowledged, resolved or rejected
    :param note: what was done; required to reject (the reporter and the public read it)
    """
    data = _validated(context, data_dict, schema.report_status_update_schema)
    report = Report.get(data["id"], for_update=True)
    if report is None:
        raise tk.ObjectNotFound(tk._("Error report not found"))
    tk.check_access("huefeedback_report_status_update", context, data)
    target, note = data["status"], data.get("note") or ""
    if not rules.can_move(report.status, target):
        raise tk.ValidationError({"status": [tk._("A report that is {current} cannot become {target}.").format(
            current=tk._(rules.STATUSES[report.status]).lower(), target=tk._(rules.STATUSES[target]).lower())]})
    if rules.needs_reason(target) and not note:
        raise tk.ValidationError({"note": [tk._("Give the reason for rejecting the report.")]})
    user = people.user_of(context)
    now, previous = clock.now(), report.status
    report.status, report.updated = target, now
    if target in rules.CLOSED_STATUSES:
        report.closed_at = now
    model.Session.add(ReportEvent(report_id=report.id, created=now, actor_user_id=user.id if user else None,
                                  actor_role=people.actor_role(user), from_status=previous, to_status=target,
                                  note=note or None))
    _commit(context)
    package = model.Package.get(report.package_id)
    notify.report_status_changed(report, package, note)
    if report.category in rules.ACCURACY_CATEGORIES:
        quality.request_rescore(package.id)
    return report_dict(report, package, people.viewer_of(context), _events(report.id))
