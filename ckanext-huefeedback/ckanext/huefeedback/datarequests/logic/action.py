"""Actions of the data requests (E-Form, 41/2024 Art 27): ask, route, decide, publish."""
from __future__ import annotations

import datetime as dt
from typing import Any, Optional

import ckan.model as model
import ckan.plugins.toolkit as tk
from ckan.types import Context, DataDict

from ... import config
from ...model import DataRequest, RequestEvent
from ...shared import antispam, clock, people
from ...shared.people import Viewer
from .. import notify, rules
from . import schema


def _commit(context: Context) -> None:
    if not context.get("defer_commit"):
        model.repo.commit()


def _validated(context: Context, data_dict: DataDict, schema_fn: Any) -> dict[str, Any]:
    data, errors = tk.navl_validate(dict(data_dict), schema_fn(), context)
    if errors:
        raise tk.ValidationError(errors)
    return data


def _agency(id_or_name: str, field: str = "organization") -> model.Group:
    group = model.Group.get(id_or_name)
    if group is None or not group.is_organization or group.state != "active":
        raise tk.ValidationError({field: [tk._("Agency not found")]})
    return group


def request_dict(request: DataRequest, viewer: Viewer,
                 events: Optional[list[RequestEvent]] = None) -> dict[str, Any]:
    """A request as this viewer may see it: requesters and their purpose stay with the agency and
    the Department."""
    manages = viewer.manages(request.organization_id)
    agency = model.Group.get(request.organization_id) if request.organization_id else None
    package = model.Package.get(request.package_id) if request.package_id else None
    visible_package = package is not None and package.state == "active" and (
        not package.private or viewer.reads_private(package.owner_org))
    out: dict[str, Any] = {
        "id": request.id, "ref": request.ref, "title": request.title, "description": request.description,
        "organization": {"id": agency.id, "name": agency.name, "title": agency.title or agency.name}
        if agency is not None else None,
        "sector": request.sector, "status": request.status,
        "planned_date": request.planned_date.isoformat() if request.planned_date else None,
        "decision_note": request.decision_note,
        "package": {"id": package.id, "name": package.name, "title": package.title or package.name}
        if visible_package and package is not None else None,
        "created": request.created.isoformat(), "updated": request.updated.isoformat(),
        "decided_at": request.decided_at.isoformat() if request.decided_at else None,
        "published_at": request.published_at.isoformat() if request.published_at else None,
        "overdue": rules.is_overdue(request.status, request.created, clock.now(), config.request_decision_days()),
        "can_manage": manages, "can_route": viewer.sysadmin,
    }
    if manages:
        user = model.User.get(request.requester_user_id) if request.requester_user_id else None
        out["purpose"] = request.purpose
        out["requester"] = {"user": user.name if user else None,
                            "name": request.requester_name or (user.fullname if user else None),
                            "email": request.requester_email or (user.email if user else None)}
    if events is not None:
        out["history"] = [_event_dict(event, manages) for event in events]
    return out


def _event_dict(event: RequestEvent, manages: bool) -> dict[str, Any]:
    row = {"created": event.created.isoformat(), "role": event.actor_role,
           "from_status": event.from_status, "to_status": event.to_status, "note": event.note}
    if manages:
        user = model.User.get(event.actor_user_id) if event.actor_user_id else None
        row["user"] = user.name if user else None
    return row


def _events(request_id: str) -> list[RequestEvent]:
    return (model.Session.query(RequestEvent).filter(RequestEvent.request_id == request_id)
            .order_by(RequestEvent.id).all())


def _record(request: DataRequest, user: Optional[model.User], role: str, previous: Optional[str],
            note: Optional[str], now: dt.datetime) -> None:
    model.Session.add(RequestEvent(request_id=request.id, created=now, actor_user_id=user.id if user else None,
                                   actor_role=role, from_status=previous, to_status=request.status,
                                   note=note or None))


def huefeedback_request_create(context: Context, data_dict: DataDict) -> dict[str, Any]:
    """Request data that is not published (anyone).

    :param title: what data (5–200 characters)
    :param description: which fields, area, period (10–5000 characters)
    :param purpose: what the data will be used for (seen by the agency and the Department only)
    :param organization: the agency (id or name); leave out when not sure: the Department routes it
    :param sector: optional sector code of the Huế vocabulary
    :param requester_name: optional; :param requester_email: required from anonymous requesters
    :param form_token: from ``huefeedback_form_token`` (anonymous requesters); ``website`` must stay empty
    """
    data = _validated(context, data_dict, schema.request_create_schema)
    tk.check_access("huefeedback_request_create", context, data)
    user = people.user_of(context)
    agency = _agency(data["organization"]) if data.get("organization") else None
    if user is None and not data.get("requester_email"):
        raise tk.ValidationError({"requester_email": [
            tk._("Give an e-mail address so that you can be told of the agency's decision.")]})
    address = antispam.guard_anonymous(data) if user is None else None
    now = clock.now()
    request = DataRequest(title=data["title"], description=data["description"], purpose=data["purpose"],
                          organization_id=agency.id if agency else None, sector=data.get("sector") or None,
                          requester_user_id=user.id if user else None,
                          requester_name=data.get("requester_name") or None,
                          requester_email=data.get("requester_email") or None,
                          status="new", created=now, updated=now)
    model.Session.add(request)
    model.Session.flush()
    _record(request, user, "requester", None, None, now)
    _commit(context)
    antispam.record_submission(address)
    notify.request_created(request)
    return request_dict(request, people.viewer_of(context))


@tk.side_effect_free
def huefeedback_request_show(context: Context, data_dict: DataDict) -> dict[str, Any]:
    """One data request with its history (public; requester and purpose only for the agency).

    :param id: the request's id
    """
    data = _validated(context, data_dict, schema.request_show_schema)
    tk.check_access("huefeedback_request_show", context, data)
    request = DataRequest.get(data["id"])
    if request is None:
        raise tk.ObjectNotFound(tk._("Data request not found"))
    return request_dict(request, people.viewer_of(context), _events(request.id))


@tk.side_effect_free
def huefeedback_request_list(context: Context, data_dict: DataDict) -> dict[str, Any]:
    """Data requests, newest first (public).

    :param organization: one agency's requests; :param sector: one sector's
    :param unrouted: only those addressed to no agency yet
    :param assigned_to_me: only those the caller answers (their agencies; all for sysadmins)
    :param status: new, approved, refused, published, open (new or approved) or all (default)
    :param limit: at most this many (default 50); :param offset: skip this many
    :returns: ``{"count": n, "results": [...]}``
    """
    data = _validated(context, data_dict, schema.request_list_schema)
    tk.check_access("huefeedback_request_list", context, data)
    viewer = people.viewer_of(context)
    query = model.Session.query(DataRequest)
    if data.get("organization"):
        group = model.Group.get(data["organization"])
        if group is None or not group.is_organization:
            raise tk.ObjectNotFound(tk._("Agency not found"))
        query = query.filter(DataRequest.organization_id == group.id)
    if data.get("sector"):
        query = query.filter(DataRequest.sector == data["sector"])
    if data["unrouted"]:
        query = query.filter(DataRequest.organization_id.is_(None))
    if data["assigned_to_me"] and not viewer.sysadmin:
        query = query.filter(DataRequest.organization_id.in_(list(viewer.staff_orgs) or [""]))
    status = data["status"]
    if status == "open":
        query = query.filter(DataRequest.status.in_(("new", "approved")))
    elif status != "all":
        query = query.filter(DataRequest.status == status)
    count = query.count()
    rows = query.order_by(DataRequest.created.desc(), DataRequest.ref.desc()).offset(data["offset"]).limit(
        data["limit"]).all()
    return {"count": count, "results": [request_dict(row, viewer) for row in rows]}


def huefeedback_request_route(context: Context, data_dict: DataDict) -> dict[str, Any]:
    """The Department addresses a request to an agency (or to another one).

    :param id: the request's id; :param organization: the agency (id or name); :param note: optional
    """
    data = _validated(context, data_dict, schema.request_route_schema)
    tk.check_access("huefeedback_request_route", context, data)
    request = DataRequest.get(data["id"], for_update=True)
    if request is None:
        raise tk.ObjectNotFound(tk._("Data request not found"))
    if request.status != "new":
        raise tk.ValidationError({"organization": [tk._("Only a request waiting for a decision can be routed.")]})
    agency = _agency(data["organization"])
    user, now = people.user_of(context), clock.now()
    request.organization_id, request.updated = agency.id, now
    _record(request, user, people.actor_role(user), request.status,
            data.get("note") or tk._("Routed to {agency}").format(agency=agency.title or agency.name), now)
    _commit(context)
    notify.request_routed(request)
    return request_dict(request, people.viewer_of(context), _events(request.id))


def huefeedback_request_decide(context: Context, data_dict: DataDict) -> dict[str, Any]:
    """The agency approves a request (with a planned publication date) or refuses it (with a reason).

    :param id: the request's id
    :param decision: approved or refused
    :param planned_date: YYYY-MM-DD, required to approve
    :param note: the written reason, required to refuse
    """
    data = _validated(context, data_dict, schema.request_decide_schema)
    request = DataRequest.get(data["id"], for_update=True)
    if request is None:
        raise tk.ObjectNotFound(tk._("Data request not found"))
    tk.check_access("huefeedback_request_decide", context, data)
    decision, note = data["decision"], data.get("note") or ""
    if not rules.can_move(request.status, decision):
        raise tk.ValidationError({"decision": [tk._("This request has already been decided.")]})
    errors: dict[str, list[str]] = {}
    if decision == "refused" and not note:
        errors["note"] = [tk._("A refusal needs a written reason.")]
    if decision == "approved":
        planned = data.get("planned_date")
        if not planned:
            errors["planned_date"] = [tk._("An approval needs the planned publication date.")]
        elif planned < clock.local_date(clock.now()):
            errors["planned_date"] = [tk._("The planned publication date cannot be in the past.")]
    if errors:
        raise tk.ValidationError(errors)
    user, now, previous = people.user_of(context), clock.now(), request.status
    request.status, request.decision_note, request.updated, request.decided_at = decision, note or None, now, now
    request.planned_date = data.get("planned_date") if decision == "approved" else None
    _record(request, user, people.actor_role(user), previous, note, now)
    _commit(context)
    notify.request_decided(request)
    return request_dict(request, people.viewer_of(context), _events(request.id))


def huefeedback_request_publish(context: Context, data_dict: DataDict) -> dict[str, Any]:
    """The agency links the published dataset that answers the request; the requester is told.

    :param id: the request's id
    :param package_id: the dataset (id or name): public, and the agency's own
    :param note: optional
    """
    data = _validated(context, data_dict, schema.request_publish_schema)
    request = DataRequest.get(data["id"], for_update=True)
    if request is None:
        raise tk.ObjectNotFound(tk._("Data request not found"))
    tk.check_access("huefeedback_request_publish", context, data)
    if not rules.can_move(request.status, "published"):
        raise tk.ValidationError({"package_id": [tk._("A refused or already published request cannot be published.")]})
    package = model.Package.get(data["package_id"])
    if package is None or package.state != "active" or package.private:
        raise tk.ValidationError({"package_id": [tk._("Link a published (public) dataset.")]})
    user = people.user_of(context)
    if package.owner_org != request.organization_id and not people.is_sysadmin(user):
        raise tk.ValidationError({"package_id": [tk._("The dataset must belong to the agency the request is addressed to.")]})
    now, previous = clock.now(), request.status
    request.status, request.package_id, request.published_at, request.updated = "published", package.id, now, now
    if request.decided_at is None:
        request.decided_at = now   # publishing straight away answers the request
    _record(request, user, people.actor_role(user), previous, data.get("note"), now)
    _commit(context)
    notify.request_published(request, package)
    return request_dict(request, people.viewer_of(context), _events(request.id))
