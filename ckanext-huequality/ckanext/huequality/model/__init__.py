"""Tables of ckanext-huequality (created by the alembic migrations in migration/huequality)."""
from __future__ import annotations

import datetime as dt
from typing import Optional

from sqlalchemy import BigInteger, Column, DateTime, Text, UniqueConstraint
from sqlalchemy.orm import Mapped

import ckan.plugins.toolkit as tk


class UpdateEvent(tk.BaseModel):  # type: ignore[misc, valid-type]
    """One data update of a dataset; never updated nor deleted (history explains past periods)."""

    __tablename__ = "huequality_update_event"

    id: Mapped[int] = Column(BigInteger, primary_key=True)
    package_id: Mapped[str] = Column(Text, nullable=False)
    owner_org: Mapped[Optional[str]] = Column(Text)
    kind: Mapped[str] = Column(Text, nullable=False)
    resource_id: Mapped[Optional[str]] = Column(Text)
    content_hash: Mapped[Optional[str]] = Column(Text)
    user_id: Mapped[Optional[str]] = Column(Text)
    note: Mapped[str] = Column(Text, nullable=False, default="")
    occurred_at: Mapped[dt.datetime] = Column(DateTime(timezone=True), nullable=False)
    recorded_at: Mapped[dt.datetime] = Column(
        DateTime(timezone=True), nullable=False, default=lambda: dt.datetime.now(dt.timezone.utc))


class ResourceFingerprint(tk.BaseModel):  # type: ignore[misc, valid-type]
    __tablename__ = "huequality_resource_fingerprint"

    resource_id: Mapped[str] = Column(Text, primary_key=True)
    package_id: Mapped[str] = Column(Text, nullable=False)
    url: Mapped[str] = Column(Text, nullable=False, default="")
    content_hash: Mapped[Optional[str]] = Column(Text)
    checked_at: Mapped[dt.datetime] = Column(DateTime(timezone=True), nullable=False)


class ReminderLog(tk.BaseModel):  # type: ignore[misc, valid-type]
    __tablename__ = "huequality_reminder_log"
    __table_args__ = (UniqueConstraint("package_id", "period_key", "stage"),)

    id: Mapped[int] = Column(BigInteger, primary_key=True)
    package_id: Mapped[str] = Column(Text, nullable=False)
    period_key: Mapped[str] = Column(Text, nullable=False)
    stage: Mapped[str] = Column(Text, nullable=False)
    recipients: Mapped[str] = Column(Text, nullable=False)
    sent_at: Mapped[dt.datetime] = Column(DateTime(timezone=True), nullable=False)
