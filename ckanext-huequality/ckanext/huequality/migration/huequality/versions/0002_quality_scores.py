"""Quality scores with history, and the Data Quality Index.

Revision ID: 0002_huequality_quality
Revises: 0001_huequality_deadlines
Create Date: 2026-11-23
"""

from __future__ import annotations

from alembic import op

revision = "0002_huequality_quality"
down_revision = "0001_huequality_deadlines"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.execute("""
    CREATE TABLE huequality_quality_score (
        id serial PRIMARY KEY,
        package_id text NOT NULL,
        owner_org text,
        computed_at timestamptz NOT NULL DEFAULT now(),
        algorithm_version text NOT NULL,
        composite double precision,
        badge text NOT NULL,
        scores jsonb NOT NULL,
        evidence jsonb NOT NULL,
        below_threshold jsonb NOT NULL
    )""")
    op.execute(
        "CREATE INDEX huequality_quality_score_latest_idx" " ON huequality_quality_score (package_id, computed_at DESC)"
    )
    op.execute("""
    CREATE TABLE huequality_quality_index (
        id serial PRIMARY KEY,
        period text NOT NULL,
        org_id text NOT NULL,
        org_title text NOT NULL,
        score double precision,
        datasets integer NOT NULL,
        badges jsonb NOT NULL,
        dimensions jsonb NOT NULL,
        algorithm_version text NOT NULL,
        computed_at timestamptz NOT NULL DEFAULT now(),
        UNIQUE (period, org_id)
    )""")


def downgrade() -> None:
    op.execute("DROP TABLE huequality_quality_index")
    op.execute("DROP TABLE huequality_quality_score")
