"""Placeholder for the deadline tracker's first migration (branch `quality` only).

The deadline tracker's branch owns revision ``0001_huequality``; this empty revision lets
``0002_huequality_quality`` apply before the two branches merge. Delete it at merge.

Revision ID: 0001_huequality
Revises:
Create Date: 2026-11-23
"""
from __future__ import annotations

revision = "0001_huequality"
down_revision = None
branch_labels = None
depends_on = None


def upgrade() -> None:
    pass


def downgrade() -> None:
    pass
