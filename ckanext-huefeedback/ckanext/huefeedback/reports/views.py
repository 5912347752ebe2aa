"""Pages of the error reports: the form on every dataset and resource, the public list, the answer."""
from __future__ import annotations

from typing import Any

from flask import Blueprint

import ckan.plugins.toolkit as tk

from ..shared import antispam, web
from . import rules

huefeedback_reports = web.protect_forms(Blueprint("huefeedback_reports", __name__))

FIELDS = ("category", "description", "location", "reporter_name", "reporter_email", "resource_id")


def _dataset(id: str) -> dict[str, Any]:
    try:
        return tk.get_action("package_show")(web.context(), {"id": id})
    except tk.ObjectNotFound:
        tk.abort(404, tk._("Dataset not found"))
    except tk.NotAuthorized:
        tk.abort(404, tk._("Dataset not found"))
    raise AssertionError("unreachable")


@huefeedback_reports.route("/dataset/<id>/bao-loi")
def dataset_reports(id: str) -> str:
    """The public list of a dataset's error reports (reporters never shown)."""
    pkg_dict = _dataset(id)
    status = tk.request.args.get("status", "all")
    try:
        reports = tk.get_action("huefeedback_report_list")(
            web.context(), {"package_id": pkg_dict["id"], "status": status, "limit": 200})
    except tk.ValidationError:
        tk.abort(400, tk._("Invalid parameters"))
    return tk.render("huefeedback/reports/dataset.html", {
        "pkg_dict": pkg_dict, "dataset_type": pkg_dict.get("type") or "dataset",
        "reports": reports, "status": status})


@huefeedback_reports.route("/dataset/<id>/bao-loi/moi", methods=["GET", "POST"])
def new(id: str) -> Any:
    """The "Báo lỗi dữ liệu" form (a resource is preselected with ?resource_id=)."""
    pkg_dict = _dataset(id)
    errors: dict[str, list[str]] = {}
    values: dict[str, Any] = {"resource_id": tk.request.args.get("resource_id", "")}
    status = 200
    if tk.request.method == "POST":
        values = web.form_values(FIELDS)
        data = {**values, "package_id": pkg_dict["id"],
                antispam.TOKEN_FIELD: tk.request.form.get(antispam.TOKEN_FIELD, ""),
                antispam.HONEYPOT_FIELD: tk.request.form.get(antispam.HONEYPOT_FIELD, "")}
        try:
            report = tk.get_action("huefeedback_report_create")(web.context(), data)
        except tk.ValidationError as error:
            errors = web.messages(error)
            status = 429 if "rate_limit" in errors else 400
        except tk.NotAuthorized:
            tk.abort(403, tk._("You may not report errors in this dataset."))
        else:
            tk.h.flash_success(tk._("Thank you: your report #{ref} was sent to the agency that owns the data.")
                               .format(ref=report["ref"]))
            return tk.redirect_to("huefeedback_reports.show", id=report["id"])
    return tk.render("huefeedback/reports/new.html", {
        "pkg_dict": pkg_dict, "dataset_type": pkg_dict.get("type") or "dataset", "values": values,
        "errors": errors, "categories": rules.CATEGORIES, "form_token": antispam.issue_form_token(),
    }), status


@huefeedback_reports.route("/bao-loi/<id>")
def show(id: str) -> str:
    try:
        report = tk.get_action("huefeedback_report_show")(web.context(), {"id": id})
    except tk.ObjectNotFound:
        tk.abort(404, tk._("Error report not found"))
    return tk.render("huefeedback/reports/show.html", {
        "report": report, "statuses": rules.STATUSES, "categories": rules.CATEGORIES,
        "next_statuses": rules.TRANSITIONS.get(report["status"], ()), "errors": {}, "values": {}})


@huefeedback_reports.route("/bao-loi/<id>/trang-thai", methods=["POST"])
def status(id: str) -> Any:
    """The owning agency's answer: acknowledge, resolve, or reject with a reason."""
    data = {"id": id, "status": tk.request.form.get("status", ""), "note": tk.request.form.get("note", "")}
    try:
        tk.get_action("huefeedback_report_status_update")(web.context(), data)
    except tk.ObjectNotFound:
        tk.abort(404, tk._("Error report not found"))
    except tk.NotAuthorized:
        tk.abort(403, tk._("Only the agency that owns the dataset handles its error reports."))
    except tk.ValidationError as error:
        report = tk.get_action("huefeedback_report_show")(web.context(), {"id": id})
        return tk.render("huefeedback/reports/show.html", {
            "report": report, "statuses": rules.STATUSES, "categories": rules.CATEGORIES,
            "next_statuses": rules.TRANSITIONS.get(report["status"], ()),
            "errors": web.messages(error), "values": data}), 400
    tk.h.flash_success(tk._("The report's status was changed and the reporter told."))
    return tk.redirect_to("huefeedback_reports.show", id=id)
