"""Create the SSO identity and password history tables.

Revision ID: 0001_huesso
Revises:
Create Date: 2026-11-23
"""
from __future__ import annotations

from alembic import op

revision = "0001_huesso"
down_revision = None
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.execute("""
    CREATE TABLE huesso_identity (
        id text PRIMARY KEY,
        issuer text NOT NULL,
        subject text,                     -- empty until the first login of a pre-linked identity
        id_hash text UNIQUE,              -- HMAC-SHA256 of the ID number; the number itself is never stored
        user_id text NOT NULL REFERENCES "user" (id) ON DELETE CASCADE,
        agency_code text,
        granted_org_id text,              -- organisation whose membership this login granted
        approval text NOT NULL DEFAULT 'none',
        last_loa integer NOT NULL DEFAULT 0,
        created timestamptz NOT NULL DEFAULT now(),
        last_login timestamptz,
        UNIQUE (issuer, subject)
    )""")
    op.execute("CREATE INDEX huesso_identity_user_idx ON huesso_identity (user_id)")
    op.execute("""
    CREATE TABLE huesso_password_history (
        id text PRIMARY KEY,
        user_id text NOT NULL REFERENCES "user" (id) ON DELETE CASCADE,
        password_hash text NOT NULL,
        created timestamptz NOT NULL DEFAULT now()
    )""")
    op.execute("CREATE INDEX huesso_password_history_user_idx ON huesso_password_history (user_id, created DESC)")


def downgrade() -> None:
    op.execute("DROP TABLE huesso_password_history")
    op.execute("DROP TABLE huesso_identity")
