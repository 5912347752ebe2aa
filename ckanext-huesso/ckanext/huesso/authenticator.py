"""The IAuthenticator side of the plugin: local-login limits, password expiry, RP-initiated logout."""
from __future__ import annotations

import json

from flask import Response

import ckan.plugins.toolkit as tk
from ckan import model
from ckan.common import current_user, g, request, session

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
    if endpoint in _EXPIRED_ALLOWED or endpoint.startswith("huesso."):
        return None
    api = endpoint.startswith("api.") or request.path.startswith("/api/")
    if api and _token_authenticated():
        # API tokens are bounded by their own lifetime (logic/api_token.py).
        return None
    user = model.User.get(current_user.id)
    if user is None or not password_expired(user):
        return None
    if api:
        return _api_refusal()
    tk.h.flash_error(tk._("Your password is older than {n} days. Please choose a new one.").format(
        n=config.password_max_age_days()))
    return tk.redirect_to("user.edit", id=user.name)


def _token_authenticated() -> bool:
    """True when CKAN identified the caller by an API token (the cookie wins over a header)."""
    return bool(g.get("login_via_auth_header"))


_API_EXPIRED_EN = ("Your password is older than {n} days: API calls made with your browser "
                   "session are refused until you change it at /user/edit.")


def _api_refusal() -> Response:
    """403 for an API call made with the cookie of a user whose password expired."""
    english = _API_EXPIRED_EN.format(n=config.password_max_age_days())
    translated = tk._(_API_EXPIRED_EN).format(n=config.password_max_age_days())
    message = translated if translated == english else f"{translated} / {english}"
    body = {"success": False, "help": request.url,
            "error": {"__type": "Authorization Error", "message": message}}
    return Response(json.dumps(body, ensure_ascii=False), status=403,
                    content_type="application/json;charset=utf-8")


def sso_logout() -> Response | None:
    return logout_response()
