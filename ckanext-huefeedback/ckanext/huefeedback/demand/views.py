"""Demand pages: the city's and each agency's (a tab of the agency page)."""
from __future__ import annotations

from typing import Any

from flask import Blueprint

import ckan.plugins.toolkit as tk

from ..shared import vocab, web

huefeedback_demand = Blueprint("huefeedback_demand", __name__)


def _demand(organization: str | None) -> dict[str, Any]:
    data: dict[str, Any] = {"limit": 10}
    for key in ("sector", "days"):
        if tk.request.args.get(key):
            data[key] = tk.request.args[key]
    if organization:
        data["organization"] = organization
    try:
        return tk.get_action("huefeedback_demand")(web.context(), data)
    except tk.ObjectNotFound:
        tk.abort(404, tk._("Agency not found"))
    except tk.ValidationError:
        tk.abort(400, tk._("Invalid parameters"))
    raise AssertionError("unreachable")


@huefeedback_demand.route("/nhu-cau-du-lieu")
def city() -> str:
    """The city's demand dashboard: most wanted, most downloaded, requested but not published."""
    return tk.render("huefeedback/demand/city.html", {
        "demand": _demand(None), "sectors": vocab.sector_choices(), "args": dict(tk.request.args)})


@huefeedback_demand.route("/organization/<id>/nhu-cau")
def agency(id: str) -> str:
    try:
        org = tk.get_action("organization_show")(web.context(), {"id": id, "include_datasets": False})
    except (tk.ObjectNotFound, tk.NotAuthorized):
        tk.abort(404, tk._("Agency not found"))
    return tk.render("huefeedback/demand/agency.html", {
        "demand": _demand(org["id"]), "group_dict": org, "organization": org, "group_type": "organization",
        "sectors": vocab.sector_choices(), "args": dict(tk.request.args)})
