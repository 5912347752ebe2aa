"""Tables of ckanext-huesso (created by alembic migrations in ``migration/huesso``)."""
from __future__ import annotations

import datetime as dt

from sqlalchemy import Column, DateTime, Integer, UnicodeText, UniqueConstraint

import ckan.plugins.toolkit as tk
from ckan import model


def _now() -> dt.datetime:
    return dt.datetime.now(dt.timezone.utc)


def _id() -> str:
    import uuid
    return str(uuid.uuid4())


class Identity(tk.BaseModel):  # type: ignore[misc, valid-type]
    """One person at the SSO ↔ one CKAN user. ``id_hash`` is the HMAC of the ID number, never the number."""

    __tablename__ = "huesso_identity"
    __table_args__ = (UniqueConstraint("issuer", "subject"),)

    id = Column(UnicodeText, primary_key=True, default=_id)
    issuer = Column(UnicodeText, nullable=False)
    subject = Column(UnicodeText)  # empty until the first login of an identity a sysadmin linked
    id_hash = Column(UnicodeText, unique=True)
    user_id = Column(UnicodeText, nullable=False, index=True)
    agency_code = Column(UnicodeText)
    granted_org_id = Column(UnicodeText)
    approval = Column(UnicodeText, nullable=False, default="none")  # none | pending | approved | claim
    last_loa = Column(Integer, nullable=False, default=0)
    created = Column(DateTime(timezone=True), nullable=False, default=_now)
    last_login = Column(DateTime(timezone=True))

    @classmethod
    def find(cls, issuer: str, subject: str, id_hash: str | None) -> Identity | None:
        query = model.Session.query(cls)
        if id_hash:
            found = query.filter(cls.id_hash == id_hash).first()
            if found:
                return found
        return query.filter(cls.issuer == issuer, cls.subject == subject).first()

    @classmethod
    def for_user(cls, user_id: str) -> Identity | None:
        return model.Session.query(cls).filter(cls.user_id == user_id).order_by(cls.last_login.desc()).first()


class PasswordHistory(tk.BaseModel):  # type: ignore[misc, valid-type]
    """Previous local password hashes (passlib), to refuse reuse and to date the last change."""

    __tablename__ = "huesso_password_history"

    id = Column(UnicodeText, primary_key=True, default=_id)
    user_id = Column(UnicodeText, nullable=False, index=True)
    password_hash = Column(UnicodeText, nullable=False)
    created = Column(DateTime(timezone=True), nullable=False, default=_now)

    @classmethod
    def recent(cls, user_id: str, limit: int) -> list[PasswordHistory]:
        return (model.Session.query(cls).filter(cls.user_id == user_id)
                .order_by(cls.created.desc()).limit(limit).all())


__all__ = ["Identity", "PasswordHistory"]
