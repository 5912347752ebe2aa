"""Reading and writing stored scores (the only module that touches the score tables)."""
from __future__ import annotations

from typing import Any

from ckan import model
from sqlalchemy import func

from ..model.quality import QualityScore
from .types import QualityResult


def save(result: QualityResult, owner_org: str | None) -> QualityScore:
    row = QualityScore(
        package_id=result.package_id, owner_org=owner_org, algorithm_version=result.algorithm_version,
        composite=result.composite, badge=result.badge, scores=result.scores(),
        evidence=result.evidence(), below_threshold=result.below_threshold,
    )
    model.Session.add(row)
    model.Session.commit()
    return row


def latest(package_id: str) -> QualityScore | None:
    return (model.Session.query(QualityScore).filter(QualityScore.package_id == package_id)
            .order_by(QualityScore.computed_at.desc(), QualityScore.id.desc()).first())


def latest_badge(package_id: str) -> str | None:
    row = (model.Session.query(QualityScore.badge).filter(QualityScore.package_id == package_id)
           .order_by(QualityScore.computed_at.desc(), QualityScore.id.desc()).first())
    return row[0] if row else None


def history(package_id: str, limit: int = 20) -> list[dict[str, Any]]:
    rows = (model.Session.query(QualityScore).filter(QualityScore.package_id == package_id)
            .order_by(QualityScore.computed_at.desc(), QualityScore.id.desc()).limit(limit))
    return [{"computed_at": r.computed_at.isoformat(), "composite": r.composite, "badge": r.badge,
             "algorithm_version": r.algorithm_version} for r in rows]


def latest_for_all() -> list[QualityScore]:
    """The newest score of every active dataset."""
    newest = (model.Session.query(QualityScore.package_id, func.max(QualityScore.id).label("id"))
              .group_by(QualityScore.package_id).subquery())
    return (model.Session.query(QualityScore)
            .join(newest, QualityScore.id == newest.c.id)
            .join(model.Package, model.Package.id == QualityScore.package_id)
            .filter(model.Package.state == "active", model.Package.private.is_(False)).all())
