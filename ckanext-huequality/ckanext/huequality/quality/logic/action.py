"""Actions of the quality scores and the Data Quality Index."""

from __future__ import annotations

from typing import Any

import ckan.model as model
import sqlalchemy as sa
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


# The most datasets one call of huequality_dataset_quality_list reads: callers page through more.
LIST_LIMIT = 1000


@tk.side_effect_free
@tk.validate(schema.dataset_quality_list_schema)
def huequality_dataset_quality_list(context: Context, data_dict: DataDict) -> dict[str, Any]:
    """The newest score of many datasets in one call (what reports need, without the evidence).

    :param ids: dataset ids or names, at most 1000 (page through more)
    :returns: ``scores``: package id -> ``package_id``, ``scores``, ``composite``, ``badge``
        (null when never scored), ``below_threshold``, ``algorithm_version``, ``computed_at``;
        ``missing``: the ids given that name no dataset the caller may read.
    """
    tk.check_access("huequality_dataset_quality_list", context, data_dict)
    wanted = list(dict.fromkeys(data_dict["ids"]))
    if len(wanted) > LIST_LIMIT:
        raise tk.ValidationError({"ids": [tk._("At most {limit} datasets per call").format(limit=LIST_LIMIT)]})
    packages = (
        model.Session.query(model.Package.id, model.Package.name, model.Package.private)
        .filter(sa.or_(model.Package.id.in_(wanted), model.Package.name.in_(wanted)))
        .filter(model.Package.state == "active")
        .all()
    )
    readable = [p for p in packages if not p.private or _may_read(context, p.id)]
    rows = store.latest_of([p.id for p in readable])
    never_scored: dict[str, Any] = {
        "scores": None,
        "composite": None,
        "badge": None,
        "below_threshold": [],
        "algorithm_version": None,
        "computed_at": None,
    }
    scores: dict[str, Any] = {}
    for package in readable:
        row = rows.get(package.id)
        found = row.as_dict() if row else dict(never_scored)
        found.pop("evidence", None)
        scores[package.id] = {**found, "package_id": package.id}
    known = {p.id for p in readable} | {p.name for p in readable}
    return {"scores": scores, "missing": [i for i in wanted if i not in known]}


def _may_read(context: Context, package_id: str) -> bool:
    try:
        tk.check_access("package_show", {**context}, {"id": package_id})
    except tk.NotAuthorized:
        return False
    return True


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
    publish it as an open dataset of the Department's organisation (every required field filled);
    commits unless ``defer_commit``. The stored index stays when the publication fails, which is
    raised as a ``ValidationError`` (e.g. the organisation is missing)."""
    tk.check_access("huequality_index_compute", context, data_dict)
    period = data_dict.get("period") or quarter_of(clock.now()).key
    qindex.compute_and_store(period)
    db.commit(context)
    try:
        qindex.publish(context)
    except qindex.IndexNotPublished as error:
        raise tk.ValidationError({"index_organization": [str(error)]}) from None
    return qindex.stored(period, None)
