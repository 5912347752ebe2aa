"""Reading and writing stored scores (the only module that touches the score table).

Writes only add to the session: the caller commits (``jobs.process``, or an action through
``db.commit``).
"""

from __future__ import annotations

import datetime as dt
from typing import Any

import ckan.model as model
from sqlalchemy import func

from ckanext.huedata.dcat import cache as dcat_cache

from ...db import content_hash
from ..model import QualityScore
from ..types import QualityResult


def add(result: QualityResult, owner_org: str | None, computed_at: dt.datetime) -> QualityScore:
    row = QualityScore(
        package_id=result.package_id,
        owner_org=owner_org,
        algorithm_version=result.algorithm_version,
        composite=result.composite,
        badge=result.badge,
        scores=result.scores(),
        evidence=result.evidence(),
        below_threshold=result.below_threshold,
        computed_at=computed_at,
    )
    model.Session.add(row)
    dcat_cache.mark_changed(model.Session)  # the DCAT export shows the newest scores
    return row


def _newest_first(query: Any) -> Any:
    return query.order_by(QualityScore.computed_at.desc(), QualityScore.id.desc())


def latest(package_id: str) -> QualityScore | None:
    return _newest_first(model.Session.query(QualityScore).filter(QualityScore.package_id == package_id)).first()


def latest_many(package_ids: list[str]) -> dict[str, QualityScore]:
    """The newest score of each of these datasets, by id, in one statement."""
    if not package_ids:
        return {}
    rows = (
        model.Session.query(QualityScore)
        .filter(QualityScore.package_id.in_(set(package_ids)))
        .distinct(QualityScore.package_id)
        .order_by(QualityScore.package_id, QualityScore.computed_at.desc(), QualityScore.id.desc())
    )
    return {row.package_id: row for row in rows}


def latest_badge(package_id: str) -> str | None:
    row = _newest_first(model.Session.query(QualityScore.badge).filter(QualityScore.package_id == package_id)).first()
    return row[0] if row else None


def latest_of(package_ids: list[str]) -> dict[str, QualityScore]:
    """The newest score of each of ``package_ids`` that has one, in one query."""
    if not package_ids:
        return {}
    rows = (
        model.Session.query(QualityScore)
        .filter(QualityScore.package_id.in_(package_ids))
        .distinct(QualityScore.package_id)
        .order_by(QualityScore.package_id, QualityScore.computed_at.desc(), QualityScore.id.desc())
    )
    return {row.package_id: row for row in rows}


def history(package_id: str, limit: int = 20) -> list[dict[str, Any]]:
    rows = _newest_first(model.Session.query(QualityScore).filter(QualityScore.package_id == package_id)).limit(limit)
    return [
        {
            "computed_at": r.computed_at.isoformat(),
            "composite": r.composite,
            "badge": r.badge,
            "algorithm_version": r.algorithm_version,
        }
        for r in rows
    ]


def latest_for_all() -> list[QualityScore]:
    """The newest score of every active public dataset."""
    newest = (
        model.Session.query(QualityScore.package_id, func.max(QualityScore.id).label("id"))
        .group_by(QualityScore.package_id)
        .subquery()
    )
    return (
        model.Session.query(QualityScore)
        .join(newest, QualityScore.id == newest.c.id)
        .join(model.Package, model.Package.id == QualityScore.package_id)
        .filter(model.Package.state == "active", model.Package.private.is_(False))
        .all()
    )


def purge(package_id: str) -> list[str]:
    """Deletes every score of a dataset (in the session); returns their content hashes."""
    rows = (
        model.Session.query(QualityScore).filter(QualityScore.package_id == package_id).order_by(QualityScore.id).all()
    )
    hashes = [content_hash(row) for row in rows]
    for row in rows:
        model.Session.delete(row)
    if rows:
        dcat_cache.mark_changed(model.Session)
    return hashes
