"""Stored quality scores (every computation kept, newest wins) and the Data Quality Index
(mapped as ``db.py`` explains)."""

from __future__ import annotations

import datetime as dt
from typing import Any

import sqlalchemy as sa
from sqlalchemy.dialects.postgresql import JSONB
from sqlalchemy.orm import Mapped

from ..db import Row, map_table, metadata, utcnow

quality_score_table = sa.Table(
    "huequality_quality_score",
    metadata,
    sa.Column("id", sa.Integer, primary_key=True),
    sa.Column("package_id", sa.UnicodeText, nullable=False, index=True),
    sa.Column("owner_org", sa.UnicodeText),
    sa.Column("computed_at", sa.DateTime(timezone=True), nullable=False, default=utcnow),
    sa.Column("algorithm_version", sa.UnicodeText, nullable=False),
    sa.Column("composite", sa.Float),
    sa.Column("badge", sa.UnicodeText, nullable=False),
    sa.Column("scores", JSONB, nullable=False),
    sa.Column("evidence", JSONB, nullable=False),
    sa.Column("below_threshold", JSONB, nullable=False),
)

quality_index_table = sa.Table(
    "huequality_quality_index",
    metadata,
    sa.Column("id", sa.Integer, primary_key=True),
    sa.Column("period", sa.UnicodeText, nullable=False),
    sa.Column("org_id", sa.UnicodeText, nullable=False),
    sa.Column("org_title", sa.UnicodeText, nullable=False),
    sa.Column("score", sa.Float),
    sa.Column("datasets", sa.Integer, nullable=False),
    sa.Column("badges", JSONB, nullable=False),
    sa.Column("dimensions", JSONB, nullable=False),
    sa.Column("algorithm_version", sa.UnicodeText, nullable=False),
    sa.Column("computed_at", sa.DateTime(timezone=True), nullable=False, default=utcnow),
    sa.UniqueConstraint("period", "org_id"),
)


class QualityScore(Row):
    id: Mapped[int]
    package_id: Mapped[str]
    owner_org: Mapped[str | None]
    computed_at: Mapped[dt.datetime]
    algorithm_version: Mapped[str]
    composite: Mapped[float | None]
    badge: Mapped[str]
    scores: Mapped[dict[str, float | None]]
    evidence: Mapped[dict[str, Any]]
    below_threshold: Mapped[list[str]]

    def as_dict(self) -> dict[str, Any]:
        return {
            "package_id": self.package_id,
            "computed_at": self.computed_at.isoformat(),
            "algorithm_version": self.algorithm_version,
            "composite": self.composite,
            "badge": self.badge,
            "scores": self.scores,
            "evidence": self.evidence,
            "below_threshold": self.below_threshold,
        }


class QualityIndex(Row):
    """One row per period and scope: the city (org_id '') or one agency."""

    id: Mapped[int]
    period: Mapped[str]
    org_id: Mapped[str]
    org_title: Mapped[str]
    score: Mapped[float | None]
    datasets: Mapped[int]
    badges: Mapped[dict[str, int]]
    dimensions: Mapped[dict[str, float | None]]
    algorithm_version: Mapped[str]
    computed_at: Mapped[dt.datetime]

    def as_dict(self) -> dict[str, Any]:
        return {
            "period": self.period,
            "org_id": self.org_id or None,
            "org_title": self.org_title,
            "score": self.score,
            "datasets": self.datasets,
            "badges": self.badges,
            "dimensions": self.dimensions,
            "algorithm_version": self.algorithm_version,
            "computed_at": self.computed_at.isoformat(),
        }


map_table(QualityScore, quality_score_table)
map_table(QualityIndex, quality_index_table)
