"""What keeps anonymous submissions human without a third-party CAPTCHA (the machine is offline).

Three checks, in the order a submission meets them:
- a honeypot field people never see (``website``) must stay empty;
- a signed form token: the form must have been served by this portal at least
  ``form.min_seconds`` and at most ``form.max_age_hours`` before it is sent;
- a rate limit per client address (``rate_limit.*``), counted in Redis under a keyed hash of
  the address: no address is ever stored.
The client address is the connection's, or — only when the connection comes from a trusted
proxy — the right-most X-Forwarded-For address that is not itself a trusted proxy.
"""
from __future__ import annotations

import hashlib
import hmac
import ipaddress
import logging
from typing import Optional

import ckan.plugins.toolkit as tk

from .. import config
from . import clock

log = logging.getLogger(__name__)

HONEYPOT_FIELD = "website"
TOKEN_FIELD = "form_token"


def _secret() -> bytes:
    secret = tk.config.get("SECRET_KEY") or tk.config.get("beaker.session.secret") or ""
    return ("huefeedback|" + str(secret)).encode("utf-8")


def _keyed(text: str) -> str:
    return hmac.new(_secret(), text.encode("utf-8"), hashlib.sha256).hexdigest()


# --- the client's address --------------------------------------------------------------------

def _networks(entries: list[str]) -> list[ipaddress.IPv4Network | ipaddress.IPv6Network]:
    networks = []
    for entry in entries:
        try:
            networks.append(ipaddress.ip_network(entry.strip(), strict=False))
        except ValueError:
            log.warning("huefeedback: ignoring trusted proxy %r (not an address or network)", entry)
    return networks


def _parse(address: str) -> Optional[ipaddress.IPv4Address | ipaddress.IPv6Address]:
    try:
        return ipaddress.ip_address(address.strip().split("%")[0])
    except ValueError:
        return None


def client_address(remote_addr: Optional[str], forwarded_for: Optional[str],
                   trusted: list[str]) -> Optional[str]:
    """The address a submission counts against (see the module's docstring)."""
    remote = _parse(remote_addr or "")
    if remote is None:
        return None
    networks = _networks(trusted)

    def is_trusted(address: ipaddress.IPv4Address | ipaddress.IPv6Address) -> bool:
        return any(address in network for network in networks)

    if not is_trusted(remote) or not forwarded_for:
        return str(remote)
    for hop in reversed(forwarded_for.split(",")):
        address = _parse(hop)
        if address is None:
            # a garbled hop added by someone untrusted: stop at the last address we can vouch for
            break
        if not is_trusted(address):
            return str(address)
        remote = address
    return str(remote)


def request_client_address() -> Optional[str]:
    """The client address of the current request; None outside a request (commands, jobs)."""
    try:
        environ = tk.request.environ
    except (RuntimeError, AttributeError, TypeError):
        return None
    return client_address(environ.get("REMOTE_ADDR"), environ.get("HTTP_X_FORWARDED_FOR"),
                          config.trusted_proxies())


def visitor_key(address: str, user_agent: str) -> str:
    """A visitor for the demand counts: a keyed hash, never the address itself."""
    return _keyed(f"visitor|{address}|{user_agent}")[:24]


# --- the form token ------------------------------------------------------------------------------

def issue_form_token() -> str:
    issued = str(int(clock.now().timestamp()))
    return f"{issued}.{_keyed('form|' + issued)[:32]}"


def check_form_token(token: Optional[str]) -> None:
    """Raises a ValidationError unless a person could have filled this form."""
    error = tk.ValidationError({TOKEN_FIELD: [
        tk._("This form has expired or was not sent from the portal's page. Reload the page and send it again.")]})
    issued_text, _sep, signature = (token or "").partition(".")
    if not issued_text.isdigit() or not hmac.compare_digest(signature, _keyed("form|" + issued_text)[:32]):
        raise error
    age = clock.now().timestamp() - int(issued_text)
    if age > config.form_max_age_hours() * 3600 or age < -60:
        raise error
    if age < config.form_min_seconds():
        raise tk.ValidationError({TOKEN_FIELD: [
            tk._("The form was sent too quickly. Please check what you wrote and send it again.")]})


def check_honeypot(value: Optional[str]) -> None:
    if value:
        raise tk.ValidationError({TOKEN_FIELD: [
            tk._("This submission looks automated and was not accepted.")]})


# --- the rate limit ------------------------------------------------------------------------------

def _rate_key(address: str) -> str:
    return f"huefeedback:rate:{tk.config.get('ckan.site_id')}:{_keyed('ip|' + address)[:32]}"


def _redis():
    from ckan.lib.redis import connect_to_redis

    return connect_to_redis()


def check_rate_limit(address: Optional[str]) -> None:
    """Refuses a submission once the address has used up its window."""
    limit = config.rate_limit_max_submissions()
    if limit <= 0 or not address:
        return
    try:
        used = int(_redis().get(_rate_key(address)) or 0)
    except Exception as error:  # noqa: BLE001 — Redis down must not close the forms
        log.warning("huefeedback: rate limit not checked (%s)", type(error).__name__)
        return
    if used >= limit:
        raise tk.ValidationError({"rate_limit": [
            tk._("Too many submissions from your network. Please try again in {minutes} minutes.").format(
                minutes=config.rate_limit_window_minutes())]})


def record_submission(address: Optional[str]) -> None:
    if config.rate_limit_max_submissions() <= 0 or not address:
        return
    key = _rate_key(address)
    try:
        redis = _redis()
        # the window starts with the first submission; INCR keeps the TTL that SET NX gave
        redis.set(key, 0, ex=config.rate_limit_window_minutes() * 60, nx=True)
        redis.incr(key)
    except Exception as error:  # noqa: BLE001
        log.warning("huefeedback: submission not counted (%s)", type(error).__name__)


def guard_anonymous(data_dict: dict) -> Optional[str]:
    """All three checks for an anonymous submission; returns the address to count it against."""
    check_honeypot(data_dict.get(HONEYPOT_FIELD))
    check_form_token(data_dict.get(TOKEN_FIELD))
    address = request_client_address()
    check_rate_limit(address)
    return address
