"""E-mails through CKAN's mailer, Vietnamese first and English second (recipients read either)."""
from __future__ import annotations

import logging
import smtplib
from collections.abc import Callable, Iterable

from flask_babel import force_locale

import ckan.plugins.toolkit as tk
from ckan.lib import mailer

from .people import Recipient

log = logging.getLogger(__name__)


def one_line(text: str, limit: int = 150) -> str:
    """Header-safe text: no line breaks (no header injection), bounded length."""
    flat = " ".join(str(text or "").split())
    return flat if len(flat) <= limit else flat[: limit - 1] + "…"


def bilingual(compose: Callable[[], tuple[str, str]]) -> tuple[str, str]:
    """Runs ``compose`` (returns subject, body in the current locale) in Vietnamese then English."""
    with force_locale("vi"):
        subject_vi, body_vi = compose()
    with force_locale("en"):
        subject_en, body_en = compose()
    return one_line(f"{subject_vi} / {subject_en}", 250), f"{body_vi}\n\n---\n\n{body_en}\n"


def send(recipients: Iterable[Recipient], compose: Callable[[], tuple[str, str]]) -> int:
    """Sends one message to each distinct address; returns how many the SMTP server accepted.

    A refused message is logged and never fails the action that caused it: the change is saved
    and visible on the portal whether or not the e-mail went out.
    """
    seen: set[str] = set()
    subject, body = bilingual(compose)
    sent = 0
    for recipient in recipients:
        address = recipient.email.strip().lower()
        if not address or address in seen:
            continue
        seen.add(address)
        try:
            mailer.mail_recipient(one_line(recipient.name, 80), recipient.email.strip(), subject, body)
            sent += 1
        except (mailer.MailerException, smtplib.SMTPException, OSError) as error:
            # the address is personal data and SMTP errors quote it: log the kind of failure only
            log.error("huefeedback: an e-mail (%s) was not sent: %s", subject[:60], type(error).__name__)
    return sent


def url(endpoint: str, **values: str) -> str:
    return tk.url_for(endpoint, _external=True, **values)
