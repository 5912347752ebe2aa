"""Tables of the update-deadline tracker (mapped as ``db.py`` explains)."""

from __future__ import annotations

import datetime as dt

import sqlalchemy as sa
from sqlalchemy.orm import Mapped

from ..db import Row, map_table, metadata, utcnow

update_event_table = sa.Table(
    "huequality_update_event",
    metadata,
    sa.Column("id", sa.BigInteger, primary_key=True),
    sa.Column("package_id", sa.Text, nullable=False),
    sa.Column("owner_org", sa.Text),
    sa.Column("kind", sa.Text, nullable=False),
    sa.Column("resource_id", sa.Text),
    sa.Column("content_hash", sa.Text),
    sa.Column("user_id", sa.Text),
    sa.Column("note", sa.Text, nullable=False, default=""),
    sa.Column("occurred_at", sa.DateTime(timezone=True), nullable=False),
    sa.Column("recorded_at", sa.DateTime(timezone=True), nullable=False, default=utcnow),
)

resource_fingerprint_table = sa.Table(
    "huequality_resource_fingerprint",
    metadata,
    sa.Column("resource_id", sa.Text, primary_key=True),
    sa.Column("package_id", sa.Text, nullable=False),
    sa.Column("url", sa.Text, nullable=False, default=""),
    sa.Column("content_hash", sa.Text),
    sa.Column("checked_at", sa.DateTime(timezone=True), nullable=False),
)

reminder_log_table = sa.Table(
    "huequality_reminder_log",
    metadata,
    sa.Column("id", sa.BigInteger, primary_key=True),
    sa.Column("package_id", sa.Text, nullable=False),
    sa.Column("period_key", sa.Text, nullable=False),
    sa.Column("stage", sa.Text, nullable=False),
    sa.Column("recipients", sa.Text, nullable=False),
    sa.Column("sent_at", sa.DateTime(timezone=True), nullable=False),
    sa.UniqueConstraint("package_id", "period_key", "stage"),
)


class UpdateEvent(Row):
    """One data update of a dataset; never updated (history explains past periods). Only the
    dataset's irreversible destruction (``huequality_dataset_history_purge``) deletes rows."""

    id: Mapped[int]
    package_id: Mapped[str]
    owner_org: Mapped[str | None]
    kind: Mapped[str]
    resource_id: Mapped[str | None]
    content_hash: Mapped[str | None]
    user_id: Mapped[str | None]
    note: Mapped[str]
    occurred_at: Mapped[dt.datetime]
    recorded_at: Mapped[dt.datetime]


class ResourceFingerprint(Row):
    """The last content seen per resource, to tell a data change from a metadata edit."""

    resource_id: Mapped[str]
    package_id: Mapped[str]
    url: Mapped[str]
    content_hash: Mapped[str | None]
    checked_at: Mapped[dt.datetime]


class ReminderLog(Row):
    """One reminder stage sent for one dataset and period (sent at most once)."""

    id: Mapped[int]
    package_id: Mapped[str]
    period_key: Mapped[str]
    stage: Mapped[str]
    recipients: Mapped[str]
    sent_at: Mapped[dt.datetime]


map_table(UpdateEvent, update_event_table)
map_table(ResourceFingerprint, resource_fingerprint_table)
map_table(ReminderLog, reminder_log_table)
