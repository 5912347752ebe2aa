"""Totals and facet counts of the public catalogue, read from ``huesearch_public_count``.

The table is kept exact by triggers in every transaction that writes the index (migration
0002), so the search page without a query needs no recount after a write, in any process.
It answers a request whose only conditions are the ones CKAN adds for everyone (site,
active state, public capacity, the ``public`` permission label, a dataset type) and whose
facet fields are all counted; anything else is counted live (``backend.QueryPlan``).
"""
from __future__ import annotations

from dataclasses import dataclass
from typing import Any

import sqlalchemy as sa
from sqlalchemy import event
from sqlalchemy.orm import Session

from . import query_parser as qp

#: set to False to count everything live (the benchmark's "before" side)
ENABLED = True

_SCOPE_FIELDS = {"site_id", "state", "capacity", "permission_labels", "dataset_type"}


@dataclass(frozen=True)
class Scope:
    site_id: str
    dataset_type: str | None


def public_scope(match: qp.Node, filters: list[qp.Node]) -> Scope | None:
    """The public catalogue (of one dataset type) when that is all a request selects, else None."""
    if not isinstance(match, qp.MatchAll):
        return None
    required: dict[str, set[str]] = {}
    labels: set[str] | None = None
    for node in filters:
        for kind, field, values in _conditions(node) or [("bad", "", set())]:
            if kind == "bad" or field not in _SCOPE_FIELDS:
                return None
            if kind == "any":
                if field != "permission_labels" or labels is not None:
                    return None
                labels = values
            else:
                required.setdefault(field, set()).update(values)
    if any(len(values) != 1 for values in required.values()):
        return None
    single = {field: next(iter(values)) for field, values in required.items()}
    if labels is None and "permission_labels" in single:
        labels = {single.pop("permission_labels")}
    # a dataset labelled "public" is active and not private (CKAN's permission labels), and a
    # public active dataset carries that label alone: either condition selects exactly the
    # public rows (organisation counts ask for public active datasets without labels).
    public_active = single.get("capacity") == "public" and single.get("state") == "active"
    if labels is None and not public_active:
        return None  # a sysadmin's search: private rows too
    if labels is not None and ("public" not in labels or (labels != {"public"} and not public_active)):
        return None
    if single.get("state", "active") != "active" or single.get("capacity", "public") != "public":
        return None
    if "site_id" not in single:
        return None
    return Scope(site_id=single["site_id"], dataset_type=single.get("dataset_type"))


def _conditions(node: qp.Node) -> list[tuple[str, str, set[str]]] | None:
    """("all", field, {value}) for each required exact term, ("any", field, values) for a group."""
    if isinstance(node, qp.MatchAll):
        return []
    if isinstance(node, qp.Phrase) or (isinstance(node, qp.Term) and not node.wildcard):
        return [("all", node.field, {node.value})]
    if not isinstance(node, qp.BoolQuery):
        return None
    occurs = {c.occur for c in node.clauses}
    if occurs == {qp.Occur.SHOULD} and node.minimum_should_match <= 1:
        leaves = [_conditions(c.node) for c in node.clauses]
        if all(leaf and len(leaf) == 1 and leaf[0][0] == "all" for leaf in leaves):
            fields = {leaf[0][1] for leaf in leaves if leaf}
            if len(fields) == 1:
                return [("any", fields.pop(), {v for leaf in leaves if leaf for v in leaf[0][2]})]
        return None
    if occurs == {qp.Occur.MUST}:
        out: list[tuple[str, str, set[str]]] = []
        for clause in node.clauses:
            found = _conditions(clause.node)
            if found is None:
                return None
            out += found
        return out
    return None


_counted: frozenset[str] | None = None


def counted_fields(session: Any) -> frozenset[str]:
    global _counted
    if _counted is None:
        _counted = frozenset(r[0] for r in session.execute(sa.text("SELECT field FROM huesearch_facet_field")))
    return _counted


def read(session: Any, scope: Scope, facet_fields: list[str], limit: int,
         mincount: int) -> tuple[int, dict[str, list[Any]]] | None:
    """(total, {field: [value, count, ...]}) from the counts, or None when a field is not counted."""
    if not ENABLED or not set(facet_fields) <= counted_fields(session):
        return None
    params: dict[str, Any] = {"site_id": scope.site_id, "fields": ["", *dict.fromkeys(facet_fields)],
                              "mincount": max(mincount, 0), "limit": limit}
    type_filter = ""
    if scope.dataset_type is not None:
        type_filter = "AND dataset_type = :dataset_type"
        params["dataset_type"] = scope.dataset_type
    rows = session.execute(sa.text(f"""
        SELECT field, value, n FROM (
            SELECT field, value, sum(n) AS n,
                   row_number() OVER (PARTITION BY field ORDER BY sum(n) DESC, value) AS position
            FROM huesearch_public_count
            WHERE site_id = :site_id {type_filter} AND field = ANY(:fields)
            GROUP BY field, value
            HAVING sum(n) >= CASE WHEN field = '' THEN 0 ELSE :mincount END AND sum(n) > 0
        ) counted
        WHERE field = '' OR :limit < 0 OR position <= :limit
        ORDER BY field, n DESC, value"""), params)
    total = 0
    facets: dict[str, list[Any]] = {name: [] for name in facet_fields}
    for field, value, n in rows:
        if field == "":
            total = int(n)
        else:
            facets[field] += [value, int(n)]
    return total, facets


# -- bulk writes ----------------------------------------------------------------------------
DEFERRED_FLAG = "huesearch_counts_deferred"
#: set to False to count bulk writes per statement (the benchmark's side before migration 0004)
DEFER_BULK = True


def defer_in(session: Session) -> None:
    """The index writes of this transaction skip the count triggers; the counts are recounted
    once just before it commits (migration 0004: per-statement counting inside one long
    transaction slows down quadratically)."""
    if DEFER_BULK and not session.info.get(DEFERRED_FLAG):
        session.execute(sa.text("SELECT set_config('huesearch.deferred_counts', 'on', true)"))
        session.info[DEFERRED_FLAG] = True


def _recount_before_commit(session: Session) -> None:
    if session.info.pop(DEFERRED_FLAG, False):
        # writers that already counted finish first and later ones wait for this commit, so the
        # recount sees every committed document and no delta is applied twice or lost
        session.execute(sa.text("LOCK TABLE huesearch_public_count IN SHARE ROW EXCLUSIVE MODE"))
        session.execute(sa.text("SELECT huesearch_recount_public()"))
        session.execute(sa.text("SELECT set_config('huesearch.deferred_counts', 'off', true)"))


def _forget(session: Session, *_: object) -> None:
    session.info.pop(DEFERRED_FLAG, None)


def install() -> None:
    if not event.contains(Session, "before_commit", _recount_before_commit):
        event.listen(Session, "before_commit", _recount_before_commit)
        event.listen(Session, "after_soft_rollback", _forget)
