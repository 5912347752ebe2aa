"""Update-deadline tracking: data-update history, resource fingerprints, reminder log.

Revision ID: 0001_huequality_deadlines
Revises:
Create Date: 2026-11-23
"""

from __future__ import annotations

from alembic import op

revision = "0001_huequality_deadlines"
down_revision = None
branch_labels = None
depends_on = None


def upgrade() -> None:
    # Append-only: a past quarter's status must stay explainable, so rows are never updated.
    op.execute("""
    CREATE TABLE huequality_update_event (
        id bigserial PRIMARY KEY,
        package_id text NOT NULL,
        owner_org text,
        kind text NOT NULL CHECK (kind IN ('resource_added', 'resource_changed', 'harvest', 'no_change')),
        resource_id text,
        content_hash text,
        user_id text,
        note text NOT NULL DEFAULT '',
        occurred_at timestamptz NOT NULL,
        recorded_at timestamptz NOT NULL DEFAULT now()
    )""")
    op.execute(
        "CREATE INDEX huequality_update_event_package_idx" " ON huequality_update_event (package_id, occurred_at)"
    )
    # The last content seen per resource, to tell a data change from a metadata edit.
    op.execute("""
    CREATE TABLE huequality_resource_fingerprint (
        resource_id text PRIMARY KEY,
        package_id text NOT NULL,
        url text NOT NULL DEFAULT '',
        content_hash text,
        checked_at timestamptz NOT NULL
    )""")
    op.execute("""
    CREATE TABLE huequality_reminder_log (
        id bigserial PRIMARY KEY,
        package_id text NOT NULL,
        period_key text NOT NULL,
        stage text NOT NULL CHECK (stage IN ('due_soon', 'missed', 'escalated')),
        recipients text NOT NULL,
        sent_at timestamptz NOT NULL,
        UNIQUE (package_id, period_key, stage)
    )""")


def downgrade() -> None:
    op.execute("DROP TABLE huequality_reminder_log")
    op.execute("DROP TABLE huequality_resource_fingerprint")
    op.execute("DROP TABLE huequality_update_event")
