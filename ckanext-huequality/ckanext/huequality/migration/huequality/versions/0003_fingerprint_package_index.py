"""Fingerprints and reminders are found by dataset (the dataset-history purge, the job).

Revision ID: 0003_huequality_by_dataset
Revises: 0002_huequality_quality
Create Date: 2026-12-02
"""

from __future__ import annotations

from alembic import op

revision = "0003_huequality_by_dataset"
down_revision = "0002_huequality_quality"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.execute(
        "CREATE INDEX huequality_resource_fingerprint_package_idx" " ON huequality_resource_fingerprint (package_id)"
    )
    op.execute("CREATE INDEX huequality_reminder_log_package_idx ON huequality_reminder_log (package_id)")


def downgrade() -> None:
    op.execute("DROP INDEX huequality_reminder_log_package_idx")
    op.execute("DROP INDEX huequality_resource_fingerprint_package_idx")
