"""Pages of the data requests: the E-Form, the public list, and the agency's decision."""
from __future__ import annotations

from typing import Any

from flask import Blueprint

import ckan.plugins.toolkit as tk

from ..shared import antispam, web
from . import rules

huefeedback_requests = web.protect_forms(Blueprint("huefeedback_requests", __name__, url_prefix="/yeu-cau-du-lieu"))

FIELDS = ("title", "description", "purpose", "organization", "sector", "requester_name", "requester_email")


def _agencies() -> list[dict[str, Any]]:
    return tk.get_action("organization_list")({}, {"all_fields": True, "sort": "title asc", "limit": 1000})


@huefeedback_requests.route("/")
def index() -> str:
    """The public list: every request, its status and the agency's decision."""
    args = {key: tk.request.args.get(key) for key in ("organization", "status", "sector") if tk.request.args.get(key)}
    page = max(tk.h.get_page_number(tk.request.args), 1)
    try:
        result = tk.get_action("huefeedback_request_list")(
            web.context(), {**args, "limit": 50, "offset": (page - 1) * 50})
    except (tk.ValidationError, tk.ObjectNotFound):
        tk.abort(400, tk._("Invalid parameters"))
    return tk.render("huefeedback/requests/index.html", {
        "result": result, "args": args, "page": page, "statuses": rules.STATUSES, "agencies": _agencies()})


@huefeedback_requests.route("/moi", methods=["GET", "POST"])
def new() -> Any:
    """The E-Form ("Yêu cầu dữ liệu"); ?organization= preselects the agency."""
    errors: dict[str, list[str]] = {}
    values: dict[str, Any] = {"organization": tk.request.args.get("organization", "")}
    status = 200
    if tk.request.method == "POST":
        values = web.form_values(FIELDS)
        data = {**values, antispam.TOKEN_FIELD: tk.request.form.get(antispam.TOKEN_FIELD, ""),
                antispam.HONEYPOT_FIELD: tk.request.form.get(antispam.HONEYPOT_FIELD, "")}
        try:
            request = tk.get_action("huefeedback_request_create")(web.context(), data)
        except tk.ValidationError as error:
            errors = web.messages(error)
            status = 429 if "rate_limit" in errors else 400
        else:
            tk.h.flash_success(tk._("Thank you: your request #{ref} was registered.").format(ref=request["ref"]))
            return tk.redirect_to("huefeedback_requests.show", id=request["id"])
    return tk.render("huefeedback/requests/new.html", {
        "values": values, "errors": errors, "agencies": _agencies(),
        "sectors": tk.h.huefeedback_sector_choices(), "form_token": antispam.issue_form_token()}), status


def _show(id: str, errors: dict[str, list[str]] | None = None, values: dict[str, Any] | None = None,
          status: int = 200) -> Any:
    try:
        request = tk.get_action("huefeedback_request_show")(web.context(), {"id": id})
    except tk.ObjectNotFound:
        tk.abort(404, tk._("Data request not found"))
    return tk.render("huefeedback/requests/show.html", {
        "request": request, "errors": errors or {}, "values": values or {},
        "agencies": _agencies() if request["can_route"] else []}), status


@huefeedback_requests.route("/<id>")
def show(id: str) -> Any:
    return _show(id)


def _act(id: str, action: str, data: dict[str, Any], done: str) -> Any:
    try:
        tk.get_action(action)(web.context(), {"id": id, **data})
    except tk.ObjectNotFound:
        tk.abort(404, tk._("Data request not found"))
    except tk.NotAuthorized:
        tk.abort(403, tk._("Only the agency the request is addressed to may answer it."))
    except tk.ValidationError as error:
        return _show(id, web.messages(error), data, 400)
    tk.h.flash_success(done)
    return tk.redirect_to("huefeedback_requests.show", id=id)


@huefeedback_requests.route("/<id>/quyet-dinh", methods=["POST"])
def decide(id: str) -> Any:
    """Approve with a planned date, or refuse with a written reason."""
    form = tk.request.form
    return _act(id, "huefeedback_request_decide", {"decision": form.get("decision", ""),
                "planned_date": form.get("planned_date", ""), "note": form.get("note", "")},
                tk._("The decision was saved and the requester told."))


@huefeedback_requests.route("/<id>/cong-bo", methods=["POST"])
def publish(id: str) -> Any:
    form = tk.request.form
    return _act(id, "huefeedback_request_publish", {"package_id": form.get("package_id", "").strip(),
                "note": form.get("note", "")}, tk._("The dataset was linked and the requester told."))


@huefeedback_requests.route("/<id>/chuyen", methods=["POST"])
def route(id: str) -> Any:
    form = tk.request.form
    return _act(id, "huefeedback_request_route", {"organization": form.get("organization", ""),
                "note": form.get("note", "")}, tk._("The request was routed to the agency."))
