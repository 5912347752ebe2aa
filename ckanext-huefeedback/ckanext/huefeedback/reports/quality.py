"""Open wrong-value reports in the quality accuracy dimension (1046 Art 14–15).

ckanext-huequality asks every ``IQualityDimension`` plugin for adjustments when it scores a
dataset; the final accuracy is ``(1 - weight) × computed + weight × score``. The interface is
imported only when huequality offers it, so this plugin loads without it.
"""
from __future__ import annotations

import logging
from typing import Any

import sqlalchemy as sa

import ckan.model as model
import ckan.plugins.toolkit as tk

from .. import config
from ..model import Report
from ..shared import people
from . import rules

log = logging.getLogger(__name__)
RECOMPUTE_ACTION = "huequality_dataset_quality_recompute"

try:
    from ckanext.huequality.interfaces import IQualityDimension, QualityAdjustment
except ImportError:  # huequality without the interface (older) or not installed
    IQualityDimension = None  # type: ignore[assignment,misc]
    QualityAdjustment = None  # type: ignore[assignment,misc]


def open_accuracy_reports(package_id: str) -> int:
    return (model.Session.query(sa.func.count(Report.id))
            .filter(Report.package_id == package_id, Report.status.in_(rules.OPEN_STATUSES),
                    Report.category.in_(rules.ACCURACY_CATEGORIES)).scalar() or 0)


def quality_adjustments(dataset: dict[str, Any]) -> list[Any]:
    """What the open wrong-value reports of ``dataset`` do to its accuracy (nothing when none)."""
    if QualityAdjustment is None or not dataset.get("id"):
        return []
    count = open_accuracy_reports(dataset["id"])
    score = rules.report_score(count, config.penalty_per_report())
    if score is None:
        return []
    return [QualityAdjustment(
        dimension="accuracy", weight=config.accuracy_weight(), score=score,
        evidence={"open_reports": count,
                  "message_vi": f"{count} báo lỗi sai giá trị chưa được xử lý",
                  "message_en": f"{count} open wrong-value error report(s)"})]


def request_rescore(package_id: str) -> None:
    """Asks huequality for a new score in the background, when it offers the action."""
    try:
        tk.get_action(RECOMPUTE_ACTION)
    except KeyError:
        return
    try:
        tk.enqueue_job(rescore, [package_id], title=f"huefeedback: rescore {package_id}")
    except Exception as error:  # noqa: BLE001 — Redis down: the nightly scoring catches up
        log.warning("huefeedback: rescore of %s not queued (%s)", package_id, type(error).__name__)


def rescore(package_id: str) -> None:
    """Job: score the dataset again through huequality's action."""
    try:
        action = tk.get_action(RECOMPUTE_ACTION)
    except KeyError:
        return
    try:
        action(people.site_user_context(), {"id": package_id})
    except tk.ObjectNotFound:
        log.info("huefeedback: dataset %s is gone, no rescore", package_id)
