"""The IAuthenticator side of the plugin: local-login limits, password expiry, RP-initiated logout."""
from __future__ import annotations

from flask import Response

import ckan.plugins.toolkit as tk
from ckan import model
from ckan.common import current_user, request, session

from ckanext.huesso import config
from ckanext.huesso.logic.password import password_expired
from ckanext.huesso.views import SSO_FLAG, logout_response

# Where a user whose password expired may still go: the form to change it, and out.
_EXPIRED_ALLOWED = {"user.edit", "user.logout", "user.logged_out_redirect", "huesso.logout", "static",
                    "webassets.index", "_debug_toolbar.static"}


def local_login_refusal() -> Response | str | None:
    """While SSO is on, the password form logs in sysadmins only (break-glass)."""
    if request.method != "POST" or not (config.enabled() and config.local_login_sysadmins_only()):
        return None
    login = request.form.get("login") or ""
    user = model.User.by_name(login) or model.User.by_email(login)
    if user is not None and user.sysadmin:
        return None
    tk.h.flash_error(tk._("Password sign-in is reserved for system administrators. "
                          "Please sign in with VNeID / the city SSO."))
    return tk.render("user/login.html", {})


def expired_password_redirect() -> Response | None:
    """Send a local user whose password is too old to the form that changes it."""
    if not current_user.is_authenticated or session.get(SSO_FLAG):
        return None
    endpoint = request.endpoint or ""
    if endpoint in _EXPIRED_ALLOWED or endpoint.startswith("api.") or endpoint.startswith("huesso."):
        return None
    user = model.User.get(current_user.id)
    if user is None or not password_expired(user):
        return None
    tk.h.flash_error(tk._("Your password is older than {n} days. Please choose a new one.").format(
        n=config.password_max_age_days()))
    return tk.redirect_to("user.edit", id=user.name)


def sso_logout() -> Response | None:
    return logout_response()
