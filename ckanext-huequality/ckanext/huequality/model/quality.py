"""Stored quality scores (every computation kept, newest wins) and the Data Quality Index."""
from __future__ import annotations

from datetime import datetime, timezone
from typing import Any

from ckan.plugins import toolkit as tk
from sqlalchemy import Column, DateTime, Float, Integer, UnicodeText, UniqueConstraint
from sqlalchemy.dialects.postgresql import JSONB


def _now() -> datetime:
    return datetime.now(timezone.utc)


class QualityScore(tk.BaseModel):  # type: ignore[misc,valid-type]
    __tablename__ = "huequality_quality_score"

    id = Column(Integer, primary_key=True)
    package_id = Column(UnicodeText, nullable=False, index=True)
    owner_org = Column(UnicodeText)
    computed_at = Column(DateTime(timezone=True), nullable=False, default=_now)
    algorithm_version = Column(UnicodeText, nullable=False)
    composite = Column(Float)
    badge = Column(UnicodeText, nullable=False)
    scores = Column(JSONB, nullable=False)
    evidence = Column(JSONB, nullable=False)
    below_threshold = Column(JSONB, nullable=False)

    def as_dict(self) -> dict[str, Any]:
        return {
            "package_id": self.package_id, "computed_at": self.computed_at.isoformat(),
            "algorithm_version": self.algorithm_version, "composite": self.composite,
            "badge": self.badge, "scores": self.scores, "evidence": self.evidence,
            "below_threshold": self.below_threshold,
        }


class QualityIndex(tk.BaseModel):  # type: ignore[misc,valid-type]
    """One row per period and scope: the city (org_id '') or one agency."""

    __tablename__ = "huequality_quality_index"
    __table_args__ = (UniqueConstraint("period", "org_id"),)

    id = Column(Integer, primary_key=True)
    period = Column(UnicodeText, nullable=False)
    org_id = Column(UnicodeText, nullable=False)
    org_title = Column(UnicodeText, nullable=False)
    score = Column(Float)
    datasets = Column(Integer, nullable=False)
    badges = Column(JSONB, nullable=False)
    dimensions = Column(JSONB, nullable=False)
    algorithm_version = Column(UnicodeText, nullable=False)
    computed_at = Column(DateTime(timezone=True), nullable=False, default=_now)

    def as_dict(self) -> dict[str, Any]:
        return {
            "period": self.period, "org_id": self.org_id or None, "org_title": self.org_title,
            "score": self.score, "datasets": self.datasets, "badges": self.badges,
            "dimensions": self.dimensions, "algorithm_version": self.algorithm_version,
            "computed_at": self.computed_at.isoformat(),
        }
