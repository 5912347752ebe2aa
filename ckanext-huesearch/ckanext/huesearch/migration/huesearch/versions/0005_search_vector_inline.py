"""The search vector stays in the row, out of TOAST.

A document row is several kilobytes (the stored dataset, terms, sort keys), so PostgreSQL's
toaster moved the search vector out of line too, and ranking a free-text query with many
matches read it back from the TOAST table once per matching row: at 100,000 datasets, ranking
the 13,600 matches of "du lich hue" took 250 ms, 140 ms with the vector in the row
(EXPLAIN ANALYZE, same data). ``STORAGE MAIN`` keeps it in the row (compressed if need be); the
toaster moves the larger columns out instead. Rows written before this migration keep their
layout until they are indexed again (``ckan search-index rebuild``).

Revision ID: 0005_huesearch
Revises: 0004_huesearch
Create Date: 2026-12-03
"""
from __future__ import annotations

from alembic import op

revision = "0005_huesearch"
down_revision = "0004_huesearch"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.execute("ALTER TABLE huesearch_document ALTER COLUMN search_vector SET STORAGE MAIN")


def downgrade() -> None:
    op.execute("ALTER TABLE huesearch_document ALTER COLUMN search_vector SET STORAGE EXTENDED")
