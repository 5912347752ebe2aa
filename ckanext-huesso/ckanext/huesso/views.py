"""Blueprint of the SSO sign-in: ``/user/sso/login``, ``/user/sso/callback``, ``/user/sso/logout``."""
from __future__ import annotations

import dataclasses
import hashlib
import logging
import secrets
import time
from typing import Any
from urllib.parse import urlsplit

from flask import Blueprint, Response

import ckan.plugins.toolkit as tk
from ckan.common import current_user, login_user, logout_user, request, session
from ckan.lib.redis import connect_to_redis

from ckanext.huesso import config
from ckanext.huesso.identity import ClaimMapping, to_identity
from ckanext.huesso.logic.login import complete_login
from ckanext.huesso.oidc import client
from ckanext.huesso.oidc.errors import SsoError

log = logging.getLogger(__name__)
huesso = Blueprint("huesso", __name__)

PENDING_KEY = "huesso_pending"
SSO_FLAG = "huesso_sso"
MAX_PENDING = 5  # sign-ins started in other tabs of the same browser
PENDING_SECONDS = 600
NONCE_SECONDS = 24 * 3600


def safe_came_from(target: str | None) -> str:
    """A path on this site to return to; anything pointing elsewhere becomes the dashboard."""
    default = tk.h.url_for("dashboard.datasets")
    if not target:
        return default
    target = target.strip()
    parts = urlsplit(target)
    site = urlsplit(tk.config.get("ckan.site_url") or "")
    if parts.scheme or parts.netloc:
        if (parts.scheme, parts.netloc) != (site.scheme, site.netloc):
            return default
        target = parts.path + (f"?{parts.query}" if parts.query else "")
        parts = urlsplit(target)
    # "//evil.example" and "/\evil.example" are read as other hosts by browsers.
    if not target.startswith("/") or target.startswith("//") or target.startswith("/\\") or "\\" in parts.path:
        return default
    if any(ord(char) < 32 for char in target):
        return default
    return target


def _redirect_uri() -> str:
    return tk.h.url_for("huesso.callback", _external=True)


def _remember_nonce(nonce: str) -> bool:
    """False when this nonce was already used by an accepted ID token (replay)."""
    key = "huesso:nonce:" + hashlib.sha256(nonce.encode()).hexdigest()
    return bool(connect_to_redis().set(key, "1", nx=True, ex=NONCE_SECONDS))


def _refuse(error: SsoError) -> tuple[str, int]:
    # The code only: never claims, tokens or the query string, which may carry them.
    log.warning("SSO sign-in refused: %s", error.code)
    return tk.render("huesso/login_error.html", {"error_message": error.message, "error_code": error.code}), 403


def _require_configuration() -> None:
    if len(config.id_hmac_secret()) < 32:
        raise SsoError("not_configured")  # without the HMAC key no person could be recognised


def login() -> Any:
    if not config.enabled():
        return tk.abort(404, tk._("Sign-in through the city SSO is not set up on this portal."))
    came_from = safe_came_from(request.args.get("came_from"))
    try:
        _require_configuration()
        url, pending = client.start_login(_redirect_uri(), came_from)
    except SsoError as error:
        return _refuse(error)
    waiting: dict[str, Any] = dict(session.get(PENDING_KEY) or {})
    waiting[pending.state] = dataclasses.asdict(pending)
    newest = sorted(waiting.items(), key=lambda item: item[1]["started_at"])[-MAX_PENDING:]
    session[PENDING_KEY] = dict(newest)
    return tk.redirect_to(url)


def _pending_for(state: str) -> client.PendingLogin:
    waiting: dict[str, Any] = dict(session.get(PENDING_KEY) or {})
    data = waiting.pop(state, None) if state else None
    session[PENDING_KEY] = waiting  # one use only, accepted or not
    if not data or time.time() - float(data.get("started_at", 0)) > PENDING_SECONDS:
        raise SsoError("state_mismatch")
    try:
        return client.PendingLogin(**data)
    except TypeError as error:
        raise SsoError("state_mismatch") from error


def _sign_in(pending: client.PendingLogin) -> Response:
    _require_configuration()
    if request.args.get("error"):
        raise SsoError("provider_error")
    code = request.args.get("code")
    if not code:
        raise SsoError("provider_error")
    if not pending.code_verifier:
        raise SsoError("pkce_missing")
    tokens = client.exchange_code(code, pending, _redirect_uri())
    claims = client.validate_id_token(tokens["id_token"], pending.nonce)
    if not _remember_nonce(pending.nonce):
        raise SsoError("nonce_replayed")
    userinfo = client.fetch_userinfo(tokens.get("access_token", ""), str(claims["sub"]))
    merged = {**userinfo, **claims}  # the signed ID token wins over userinfo
    mapping = ClaimMapping(*(tuple(config.claim_names(name)) for name in ("id_number", "full_name", "email", "agency")))
    identity = to_identity(merged, client.provider_metadata().issuer, mapping,
                           config.id_hmac_secret(), config.acr_levels())
    if identity.loa < config.required_acr_level():
        raise SsoError("loa_too_low")
    user = complete_login(identity)

    from ckan.views.user import regenerate_session, rotate_token
    regenerate_session()
    login_user(user)
    rotate_token()
    # The ID token is not kept (it carries the ID number): logout names the client instead of an id_token_hint.
    session[SSO_FLAG] = True
    log.info("SSO sign-in of user %s (LoA %s)", user.name, identity.loa)
    return tk.redirect_to(pending.came_from)


def callback() -> Any:
    try:
        pending = _pending_for(request.args.get("state", ""))
        return _sign_in(pending)
    except SsoError as error:
        return _refuse(error)


def logout_response() -> Response | None:
    """RP-initiated logout for SSO sessions; None lets CKAN log out a local session as usual."""
    if not config.enabled() or not session.get(SSO_FLAG):
        return None
    logout_user()
    session.clear()
    after = config.post_logout_redirect_url() or tk.h.url_for("home.index", _external=True)
    target = client.logout_url(None, after, secrets.token_urlsafe(16))
    return tk.redirect_to(target or after)


def logout() -> Any:
    if current_user.is_authenticated:
        response = logout_response()
        if response is not None:
            return response
    return tk.redirect_to("user.logout")


def pending() -> Any:
    """Sysadmins give a role to SSO users who signed in without an agency claim."""
    context: Any = {"user": current_user.name}
    try:
        tk.check_access("huesso_pending_list", context, {})
    except tk.NotAuthorized:
        return tk.abort(403, tk._("Only system administrators may do this."))
    errors: dict[str, Any] = {}
    if request.method == "POST":
        form = {key: request.form.get(key, "") for key in ("user", "organization", "role")}
        try:
            tk.get_action("huesso_approve")(dict(context), form)
        except tk.ValidationError as error:
            errors = error.error_dict
        else:
            tk.h.flash_success(tk._("{user} is now {role} of {organization}.").format(**form))
            return tk.redirect_to("huesso.pending")
    rows = tk.get_action("huesso_pending_list")(dict(context), {})
    organizations = tk.get_action("organization_list")(
        dict(context), {"all_fields": True, "include_dataset_count": False})
    return tk.render("huesso/pending.html", {"rows": rows, "organizations": organizations, "errors": errors})


huesso.add_url_rule("/user/sso/login", view_func=login)
huesso.add_url_rule("/ckan-admin/sso-pending", view_func=pending, methods=("GET", "POST"))
huesso.add_url_rule("/user/sso/callback", view_func=callback)
huesso.add_url_rule("/user/sso/logout", view_func=logout)


def get_blueprints() -> list[Blueprint]:
    return [huesso]
