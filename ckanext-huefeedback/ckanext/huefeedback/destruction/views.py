"""Pages of the destruction: the confirmation form on a dataset, the log for sysadmins."""
from __future__ import annotations

from typing import Any

from flask import Blueprint, Response

import ckan.plugins.toolkit as tk

from ..shared import web
from . import export

huefeedback_destruction = web.protect_forms(Blueprint("huefeedback_destruction", __name__))


@huefeedback_destruction.route("/dataset/<id>/huy", methods=["GET", "POST"])
def confirm(id: str) -> Any:
    """Asks for the reason and the dataset's name, then destroys it."""
    try:
        tk.check_access("huefeedback_dataset_destroy", web.context(), {"id": id})
        pkg_dict = tk.get_action("package_show")(web.context(), {"id": id})
    except tk.ObjectNotFound:
        tk.abort(404, tk._("Dataset not found"))
    except tk.NotAuthorized:
        tk.abort(403, tk._("Only system administrators may destroy datasets."))
    errors: dict[str, list[str]] = {}
    values = {"reason": "", "confirm": ""}
    if tk.request.method == "POST":
        values = web.form_values(("reason", "confirm"))
        try:
            entry = tk.get_action("huefeedback_dataset_destroy")(web.context(), {"id": pkg_dict["id"], **values})
        except tk.ValidationError as error:
            errors = web.messages(error)
        else:
            tk.h.flash_success(tk._("The dataset {name} was destroyed; the log keeps entry {entry}.").format(
                name=entry["package_name"], entry=entry["id"]))
            can_read_log = tk.h.check_access("huefeedback_destruction_log_list")
            return tk.redirect_to("huefeedback_destruction.log_page" if can_read_log else "home.index")
    return tk.render("huefeedback/destruction/confirm.html", {
        "pkg_dict": pkg_dict, "dataset_type": pkg_dict.get("type") or "dataset",
        "errors": errors, "values": values}), 400 if errors else 200


def _entries(limit: int | None) -> dict[str, Any]:
    try:
        return tk.get_action("huefeedback_destruction_log_list")(web.context(), {"limit": limit or 10000})
    except tk.NotAuthorized:
        tk.abort(403, tk._("Only system administrators may read the destruction log."))
    raise AssertionError("unreachable")


@huefeedback_destruction.route("/ckan-admin/nhat-ky-huy")
def log_page() -> str:
    result = _entries(200)
    verified = tk.get_action("huefeedback_destruction_log_verify")(web.context(), {})
    return tk.render("huefeedback/destruction/log.html", {"result": result, "verified": verified})


@huefeedback_destruction.route("/ckan-admin/nhat-ky-huy.<fmt>")
def log_export(fmt: str) -> Response:
    if fmt not in ("csv", "json"):
        tk.abort(404, tk._("Unknown format: use csv or json"))
    entries = _entries(None)["results"]
    body = export.as_csv(entries) if fmt == "csv" else export.as_json(entries)
    mimetype = "text/csv; charset=utf-8" if fmt == "csv" else "application/json"
    return Response(body, mimetype=mimetype,
                    headers={"Content-Disposition": f'attachment; filename="nhat-ky-huy-du-lieu.{fmt}"'})
