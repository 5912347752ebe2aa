"""Actions of the quality scores and the Data Quality Index."""

from __future__ import annotations

from typing import Any

from ckan.plugins import toolkit as tk
from ckan.types import Context, DataDict

from ... import clock, db, jobs
from ...periods import quarter_of
from . import index as qindex
from . import schema, store


def _dataset_id(context: Context, data_dict: DataDict) -> str:
    pkg = tk.get_action("package_show")({**context, "ignore_auth": True}, {"id": data_dict["id"]})
    return pkg["id"]


@tk.side_effect_free
@tk.validate(schema.dataset_quality_schema)
def huequality_dataset_quality(context: Context, data_dict: DataDict) -> dict[str, Any]:
    """The newest quality score of a dataset: five scores, composite, badge and evidence.

    :param id: dataset id or name
    :returns: ``scores`` (dimension -> 0–100 or null when it does not apply), ``composite``,
        ``badge`` (xuat_sac, tot, dat, chua_dat or null when never scored), ``evidence``
        (per dimension: ``counted``, ``examples``, ``messages`` with ``message_vi`` and
        ``message_en``, ``adjustments`` from other extensions), ``below_threshold``,
        ``algorithm_version``, ``computed_at`` and ``history``.
    """
    tk.check_access("huequality_dataset_quality", context, data_dict)
    package_id = _dataset_id(context, data_dict)
    row = store.latest(package_id)
    if row is None:
        return {
            "package_id": package_id,
            "badge": None,
            "composite": None,
            "scores": None,
            "evidence": None,
            "below_threshold": [],
            "algorithm_version": None,
            "computed_at": None,
            "history": [],
        }
    return {**row.as_dict(), "history": store.history(package_id)}


@tk.validate(schema.dataset_quality_schema)
def huequality_dataset_quality_recompute(context: Context, data_dict: DataDict) -> dict[str, Any]:
    """Score a dataset now (editors of the dataset); returns what huequality_dataset_quality returns.

    Reads the dataset's files in this request (the background job does the same after every
    change); commits unless ``defer_commit``.
    """
    tk.check_access("huequality_dataset_quality_recompute", context, data_dict)
    package_id = _dataset_id(context, data_dict)
    jobs.process(package_id, clock.now(), fingerprint=False, score=True, commit=False)
    db.commit(context)
    return huequality_dataset_quality({**context, "ignore_auth": True}, {"id": package_id})


@tk.side_effect_free
@tk.validate(schema.index_schema)
def huequality_index(context: Context, data_dict: DataDict) -> dict[str, Any]:
    """The Data Quality Index: the city and each agency, per quarter.

    :param period: optional quarter (``2026-Q4``); all periods when absent
    :param org_id: optional agency id; the city and every agency when absent
    :returns: ``periods`` (newest first) and ``rows`` (period, org_id null for the city, score, …)
    """
    tk.check_access("huequality_index", context, data_dict)
    return qindex.stored(data_dict.get("period"), data_dict.get("org_id"))


@tk.validate(schema.index_schema)
def huequality_index_compute(context: Context, data_dict: DataDict) -> dict[str, Any]:
    """Compute and store the index of a quarter (default: the current one, in Huế time) and
    publish its CSV; commits unless ``defer_commit``."""
    tk.check_access("huequality_index_compute", context, data_dict)
    period = data_dict.get("period") or quarter_of(clock.now()).key
    qindex.compute_and_store(period)
    db.commit(context)
    qindex.publish(context)
    return qindex.stored(period, None)
