"""The city's local password policy (62/2021 Art 9): pure rules, then the history kept in the database."""
from __future__ import annotations

import datetime as dt
import string
from dataclasses import dataclass

from passlib.hash import pbkdf2_sha512

import ckan.plugins.toolkit as tk
from ckan import model

from ckanext.huesso import config
from ckanext.huesso.model import PasswordHistory


@dataclass(frozen=True)
class PasswordPolicy:
    min_length: int = 8
    require_classes: bool = True
    history: int = 5
    max_age_days: int = 90

    @classmethod
    def from_config(cls) -> PasswordPolicy:
        return cls(config.password_min_length(), config.password_require_classes(),
                   config.password_history(), config.password_max_age_days())


def strength_errors(password: str, policy: PasswordPolicy) -> list[str]:
    """Messages (translated) for each rule the password breaks; empty when it is acceptable."""
    errors: list[str] = []
    if len(password) < policy.min_length:
        errors.append(tk._("Password must be at least {n} characters long.").format(n=policy.min_length))
    if policy.require_classes:
        has = (
            any(c.isupper() for c in password),
            any(c.islower() for c in password),
            any(c.isdigit() for c in password),
            any(c in string.punctuation or not (c.isalnum() or c.isspace()) for c in password),
        )
        if not all(has):
            errors.append(tk._("Password must contain an upper-case letter, a lower-case letter, "
                               "a digit and a special character."))
    return errors


def is_expired(changed_at: dt.datetime, now: dt.datetime, policy: PasswordPolicy) -> bool:
    if policy.max_age_days <= 0:
        return False
    if changed_at.tzinfo is None:
        changed_at = changed_at.replace(tzinfo=dt.timezone.utc)
    return now - changed_at > dt.timedelta(days=policy.max_age_days)


def reuses_recent(user: model.User, password: str, policy: PasswordPolicy) -> bool:
    """True when the password is the current one or one of the last ``history`` ones."""
    if policy.history <= 0:
        return False
    if user.password and user.validate_password(password):
        return True
    return any(pbkdf2_sha512.verify(password, row.password_hash)
               for row in PasswordHistory.recent(user.id, policy.history))


def record_change(user: model.User) -> None:
    """Keep the user's current hash as the newest of the history (older ones beyond the limit are dropped)."""
    model.Session.add(PasswordHistory(user_id=user.id, password_hash=user.password))
    model.Session.flush()
    limit = max(config.password_history(), 1)
    old = (model.Session.query(PasswordHistory).filter(PasswordHistory.user_id == user.id)
           .order_by(PasswordHistory.created.desc()).offset(limit).all())
    for row in old:
        model.Session.delete(row)


def last_change(user: model.User) -> dt.datetime:
    rows = PasswordHistory.recent(user.id, 1)
    changed = rows[0].created if rows else user.created
    return changed if changed.tzinfo else changed.replace(tzinfo=dt.timezone.utc)


def password_expired(user: model.User, now: dt.datetime | None = None) -> bool:
    now = now or dt.datetime.now(dt.timezone.utc)
    return is_expired(last_change(user), now, PasswordPolicy.from_config())
