"""Update events are found by agency and time (an agency's rows of the deadline report).

A kept report of a closed period recomputes only the agencies whose inputs changed
(deadlines/logic/report_cache.py); their "data updates" count reads the events of those agencies
in the period, which without this index scanned every event of the city.

Revision ID: 0004_huequality_event_agency
Revises: 0003_huequality_by_dataset
Create Date: 2026-12-03
"""

from __future__ import annotations

from alembic import op

revision = "0004_huequality_event_agency"
down_revision = "0003_huequality_by_dataset"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.execute("CREATE INDEX huequality_update_event_agency_idx ON huequality_update_event (owner_org, occurred_at)")


def downgrade() -> None:
    op.execute("DROP INDEX huequality_update_event_agency_idx")
