"""Where staff find what waits for them: the agency's tab and the user's dashboard tab."""
from __future__ import annotations

from flask import Blueprint

import ckan.plugins.toolkit as tk

from ..shared import web

huefeedback_inbox = Blueprint("huefeedback_inbox", __name__)


def _open_items(data: dict) -> tuple[dict, dict]:
    reports = tk.get_action("huefeedback_report_list")(web.context(), {**data, "status": "open", "limit": 500})
    requests = tk.get_action("huefeedback_request_list")(web.context(), {**data, "status": "open", "limit": 500})
    return reports, requests


@huefeedback_inbox.route("/organization/<id>/phan-hoi")
def agency(id: str) -> str:
    """The agency's open error reports and data requests (its editors and admins, the Department)."""
    try:
        org = tk.get_action("organization_show")(web.context(), {"id": id, "include_datasets": False})
    except (tk.ObjectNotFound, tk.NotAuthorized):
        tk.abort(404, tk._("Agency not found"))
    if not tk.h.huefeedback_is_staff(org["id"]):
        tk.abort(403, tk._("Only the agency's editors and admins see its feedback."))
    reports, requests = _open_items({"organization": org["id"]})
    return tk.render("huefeedback/inbox/agency.html", {
        "group_dict": org, "organization": org, "group_type": "organization",
        "reports": reports, "requests": requests})


@huefeedback_inbox.route("/dashboard/phan-hoi")
def dashboard() -> str:
    """Everything waiting for the signed-in user's agencies (everything, for the Department)."""
    if not tk.current_user.is_authenticated:
        return tk.redirect_to("user.login")
    reports, requests = _open_items({"assigned_to_me": True})
    unrouted = None
    if tk.current_user.sysadmin:
        unrouted = tk.get_action("huefeedback_request_list")(web.context(), {"unrouted": True, "status": "new"})
    user_dict = tk.get_action("user_show")(web.context(), {"id": tk.current_user.id})
    return tk.render("huefeedback/inbox/dashboard.html", {
        "reports": reports, "requests": requests, "unrouted": unrouted,
        # what CKAN's dashboard pages give their base template
        "user_dict": user_dict, "is_myself": True, "is_sysadmin": bool(tk.current_user.sysadmin),
        "about_formatted": tk.h.render_markdown(user_dict.get("about") or "")})
