"""A PostgreSQL search index that answers CKAN the way a pysolr connection does.

CKAN builds Solr documents and Solr queries itself (``ckan.lib.search``) and
hands them to ``make_connection()``. ``PostgresIndexConnection`` takes that
place: ``add`` / ``delete`` / ``commit`` / ``search`` with pysolr's signatures,
so CKAN's own indexing code (``before_dataset_index`` hooks, permission
labels, validated data dicts) and query building (``fq`` with permission
labels, drafts, site id) run unchanged, and only the engine differs.

Transactions: a dataset is indexed inside CKAN's ``before_commit`` hook, in
the same session and transaction as the dataset itself (``indexing_session``).
The index row and the dataset row are committed together or not at all, so the
index cannot drift from the database through a failed request. Writes from
outside a commit (``search-index rebuild``, bulk updates, harvest clears) go to
``model.Session`` and are committed when the caller asks Solr to commit.
"""
from __future__ import annotations

import contextvars
import datetime as dt
import logging
import re
from dataclasses import dataclass, field
from typing import Any, Iterable, Iterator

import sqlalchemy as sa
from sqlalchemy.orm import Session

import ckan.model as model

from .. import config
from . import cache, counts, limits
from . import query_parser as qp
from .document import build_row
from .fields import Kind, index_schema
from .sql import COLUMN_FIELDS, NO_RANK, SqlBuilder

log = logging.getLogger(__name__)

TABLE = "huesearch_document"

#: The session being committed while CKAN indexes inside ``before_commit``.
indexing_session: contextvars.ContextVar[Session | None] = contextvars.ContextVar(
    "huesearch_indexing_session", default=None
)

_UPSERT = sa.text(f"""
INSERT INTO {TABLE} (index_id, site_id, package_id, state, capacity, permission_labels, metadata_modified,
                    stored, terms, phrases, ngrams, sort_keys, search_vector, indexed_at)
VALUES (:index_id, :site_id, :package_id, :state, :capacity, :permission_labels, :metadata_modified,
        CAST(:stored AS jsonb), CAST(:terms AS jsonb),
        CAST(:phrases AS jsonb), CAST(:ngrams AS jsonb), CAST(:sort_keys AS jsonb),
        setweight(to_tsvector('simple', :text_a), 'A') || setweight(to_tsvector('simple', :text_b), 'B') ||
        setweight(to_tsvector('simple', :text_c), 'C') || setweight(to_tsvector('simple', :text_d), 'D'),
        now())
ON CONFLICT (index_id) DO UPDATE SET
    site_id = EXCLUDED.site_id, package_id = EXCLUDED.package_id, state = EXCLUDED.state,
    capacity = EXCLUDED.capacity, permission_labels = EXCLUDED.permission_labels,
    metadata_modified = EXCLUDED.metadata_modified, stored = EXCLUDED.stored,
    terms = EXCLUDED.terms, phrases = EXCLUDED.phrases, ngrams = EXCLUDED.ngrams, sort_keys = EXCLUDED.sort_keys,
    search_vector = EXCLUDED.search_vector, indexed_at = EXCLUDED.indexed_at
""")

_SORT_RE = re.compile(r"^\s*([\w.\-]+)\s+(asc|desc)\s*$", re.IGNORECASE)


@dataclass
class SearchResults:
    """What pysolr's ``Results`` offers and CKAN reads."""

    docs: list[dict[str, Any]]
    hits: int
    facets: dict[str, Any] = field(default_factory=dict)

    def __len__(self) -> int:
        return len(self.docs)

    def __iter__(self) -> Iterator[dict[str, Any]]:
        return iter(self.docs)


class PostgresIndexConnection:
    """Stands in for ``pysolr.Solr``; see the module docstring."""

    url = "postgresql:huesearch"

    def __init__(self, now: dt.datetime | None = None) -> None:
        self._now = now

    # -- writing ------------------------------------------------------------------------
    def add(self, docs: Iterable[dict[str, Any]], commit: bool = True, **_: Any) -> None:
        rows = [build_row(doc).as_params() for doc in docs]
        if rows:
            self._write(_UPSERT, rows, commit)

    def delete(self, id: str | list[str] | None = None, q: str | None = None,
               commit: bool = True, **_: Any) -> None:
        if id is not None:
            ids = [id] if isinstance(id, str) else list(id)
            self._write(sa.text(f"DELETE FROM {TABLE} d WHERE d.index_id = ANY(:ids)"), {"ids": ids}, commit)
            return
        if q is None:
            raise ValueError("delete() needs an id or a query")
        builder = SqlBuilder(now=self._now)
        node = _parse_standard(q, default_operator="OR")
        condition = builder.condition(node)
        self._write(sa.text(f"DELETE FROM {TABLE} d WHERE {condition}"), builder.params, commit)

    def commit(self, **_: Any) -> None:
        if indexing_session.get() is None:
            model.Session.commit()

    def optimize(self, **_: Any) -> None:
        """Solr merges segments here; PostgreSQL needs nothing."""

    def _write(self, statement: sa.sql.elements.TextClause, params: Any, commit: bool) -> None:
        from ckan.lib.search.common import SearchIndexError

        session = indexing_session.get()
        try:
            if session is not None:
                # inside the dataset's own transaction: committed (or rolled back) with it
                session.connection().execute(statement, params)
                cache.mark_written(session)
            else:
                if not commit:  # a bulk write (search-index rebuild): counted once at its commit
                    counts.defer_in(model.Session())
                model.Session.execute(statement, params)
                cache.mark_written(model.Session())
                if commit:
                    model.Session.commit()
        except sa.exc.SQLAlchemyError as error:
            raise SearchIndexError(f"huesearch could not write the index: {error.__class__.__name__}") from error

    # -- reading ------------------------------------------------------------------------
    def search(self, q: str = "*:*", **params: Any) -> SearchResults:
        """Runs a Solr request; a refusal reaches CKAN as ``SearchQueryError`` / ``SearchError``.

        CKAN wraps a ``pysolr.SolrError`` into a message that repeats the whole query and the
        error's class: refusals are raised as CKAN's own search errors instead, with a message
        that names the limit (``limits.message``).
        """
        from ckan.lib.search.common import SearchError, SearchQueryError

        session = indexing_session.get() or model.Session
        try:
            plan = QueryPlan.from_params(q, params, now=self._now)
            return plan.run_bounded(session, config.statement_timeout_ms())
        except qp.QueryLimitError as error:
            raise SearchQueryError(limits.message(error.limit, error.value)) from None
        except _InvalidSort as error:
            raise SearchQueryError('Invalid "sort" parameter') from error
        except (qp.QuerySyntaxError, ValueError) as error:
            raise SearchQueryError(limits.message("syntax", _short(str(error)))) from None
        except _Cancelled:
            raise SearchError(limits.message("timeout", config.statement_timeout_ms())) from None
        except sa.exc.SQLAlchemyError:
            log.exception("huesearch query failed")
            raise SearchError(limits.message("failed")) from None


class _Cancelled(Exception):
    """PostgreSQL cancelled the statement (statement_timeout)."""


class _InvalidSort(ValueError):
    pass


def _short(text: str, length: int = 200) -> str:
    return text if len(text) <= length else text[:length] + "…"


def _parse_standard(text: str, default_field: str = "text", default_operator: str = "AND",
                    budget: qp.Budget | None = None) -> qp.Node:
    return qp.StandardParser(default_field=default_field, default_operator=default_operator,
                             budget=budget or qp.Budget()).parse(text)


def _as_list(value: Any) -> list[str]:
    if value is None:
        return []
    if isinstance(value, (list, tuple)):
        return [str(v) for v in value]
    return [str(value)]


@dataclass
class QueryPlan:
    """A Solr request, parsed: what to match, rank, sort, return and count."""

    match: qp.Node
    filters: list[qp.Node]
    sort: list[tuple[str, str]]
    rows: int
    start: int
    fields: list[str] | None  # None: every stored field
    with_score: bool
    facet_fields: list[str]
    facet_limit: int
    facet_mincount: int
    now: dt.datetime | None = None

    @classmethod
    def from_params(cls, q: str, params: dict[str, Any], now: dt.datetime | None = None) -> QueryPlan:
        q = (q or params.pop("q", None) or "*:*").strip() or "*:*"
        params.pop("q", None)
        op = str(params.get("q.op", "OR")).upper()
        df = str(params.get("df", "text"))
        def_type = str(params.get("defType", "lucene"))
        budget = limits.budget()
        fqs = [fq for fq in _as_list(params.get("fq")) if fq and fq.strip()]
        for text in [q, *fqs]:
            limits.check_text(text)
        facet_fields = (_as_list(params.get("facet.field"))
                        if str(params.get("facet", "false")).lower() == "true" else [])
        fl_raw = " ".join(_as_list(params.get("fl")))
        limits.check_names([*facet_fields, fl_raw, str(params.get("sort") or ""), df])
        if len(facet_fields) > config.max_facet_fields():
            raise qp.QueryLimitError("facet_fields", config.max_facet_fields())
        rows = limits.bounded_int(params, "rows", 10, 0, config.max_rows(), "rows")
        start = limits.bounded_int(params, "start", 0, 0, config.max_start(), "start")
        facet_limit = limits.bounded_int(params, "facet.limit", 100, -1, config.max_facet_limit(), "facet_limit")
        facet_mincount = limits.bounded_int(params, "facet.mincount", 0, 0, 1 << 31, "facet_limit")
        if def_type == "dismax" and q != "*:*":
            match = qp.parse_dismax(q, df, str(params.get("mm", "100%")), budget)
        else:
            match = _parse_standard(q, default_field=df, default_operator=op, budget=budget)
        # CKAN's own permission filter is as long as the user's memberships: outside the budget
        filters = [_parse_standard(fq, default_field=df, default_operator=op,
                                   budget=qp.Budget(max_clauses=1 << 20) if limits.is_permission_filter(fq) else budget)
                   for fq in fqs]
        fl = [f for f in re.split(r"[\s,]+", fl_raw) if f]
        with_score = "score" in fl
        fields = None if (not fl or "*" in fl) else [f for f in fl if f != "score"]
        return cls(
            match=match,
            filters=filters,
            sort=_parse_sort(params.get("sort")),
            rows=rows,
            start=start,
            fields=fields,
            with_score=with_score,
            facet_fields=facet_fields,
            facet_limit=facet_limit,
            facet_mincount=facet_mincount,
            now=now,
        )

    def run_bounded(self, session: Any, timeout_ms: int) -> SearchResults:
        """``run`` inside a savepoint whose statements stop after ``timeout_ms``.

        ``SET LOCAL`` inside a savepoint is undone by rolling back to it: the timeout never
        outlives the search, even inside the transaction of a dataset being written.
        """
        connection = session.connection()
        connection.exec_driver_sql(f"SAVEPOINT huesearch_query; SET LOCAL statement_timeout = {int(timeout_ms)}")
        try:
            return self.run(session)
        except sa.exc.OperationalError as error:
            if getattr(getattr(error, "orig", None), "pgcode", None) == "57014":  # query_canceled
                raise _Cancelled() from error
            raise
        finally:
            connection.exec_driver_sql("ROLLBACK TO SAVEPOINT huesearch_query; RELEASE SAVEPOINT huesearch_query")

    def run(self, session: Any) -> SearchResults:
        builder = SqlBuilder(now=self.now)
        where = " AND ".join([builder.condition(self.match)] + [builder.condition(f) for f in self.filters])
        rank = builder.rank(self.match)
        docs: list[dict[str, Any]] = []
        hits = None
        if self.rows > 0:
            # the page is chosen on narrow rows; only its own rows' stored fields are read
            sql = (f"SELECT d.stored, page.score FROM (SELECT d.index_id, {rank} AS score FROM {TABLE} d "
                   f"WHERE {where} ORDER BY {self._order_by(builder, rank)} LIMIT {self.rows} OFFSET {self.start}) "
                   f"AS page JOIN {TABLE} d USING (index_id) ORDER BY {self._order_by(builder, 'page.score')}")
            result = session.execute(sa.text(sql), builder.params).fetchall()
            docs = [self._project(row.stored, row.score) for row in result]
            if len(result) < self.rows and (result or self.start == 0):
                hits = self.start + len(result)  # the last page: no need to count again
        facets: dict[str, list[Any]] = {}
        if hits is None or self.facet_fields:
            counted, facets = self._stats(session, builder, where, hits is None)
            hits = hits if hits is not None else counted
        return SearchResults(docs=docs, hits=hits or 0, facets={"facet_fields": facets})

    def _order_by(self, builder: SqlBuilder, rank: str) -> str:
        parts = []
        for name, direction in self.sort:
            if name == "score":
                if rank != NO_RANK:
                    parts.append(f"{rank} {direction}")
                continue
            key = builder.bind(name)
            kind = index_schema().kind(name)
            if name in COLUMN_FIELDS and COLUMN_FIELDS[name][1] != "text[]":
                parts.append(f"d.{COLUMN_FIELDS[name][0]} {direction} NULLS LAST")
            elif kind is Kind.NUMBER:
                parts.append(f"CAST(d.terms -> {key} ->> 0 AS numeric) {direction} NULLS LAST")
            elif kind in (Kind.DATE, Kind.BOOLEAN):
                parts.append(f"(d.terms -> {key} ->> 0) {direction} NULLS LAST")
            else:
                # accent-insensitive order first ("Đà Lạt" sorts with "Da"), the exact value breaks ties
                parts.append(f"(d.sort_keys ->> {key}) {direction} NULLS LAST")
                parts.append(f"(d.terms -> {key} ->> 0) {direction} NULLS LAST")
        parts.append("d.index_id")
        return ", ".join(parts)

    def _stats(self, session: Any, builder: SqlBuilder, where: str, want_count: bool) -> tuple[int, dict[str, list[Any]]]:
        scope = counts.public_scope(self.match, self.filters)
        if scope is not None:
            # the public catalogue: counts kept exact by the index's own transactions, no recount
            found = counts.read(session, scope, self.facet_fields, self.facet_limit, self.facet_mincount)
            if found is not None:
                return found
        key = (cache.generation(session), where, repr(sorted(builder.params.items())),
               tuple(self.facet_fields), self.facet_limit, self.facet_mincount, want_count)
        hits, facets = cache.cached(key, lambda: self._compute_stats(session, builder, where, want_count))
        return hits, {name: list(values) for name, values in facets.items()}  # CKAN edits them in place

    def _compute_stats(self, session: Any, builder: SqlBuilder, where: str,
                       want_count: bool) -> tuple[int, dict[str, list[Any]]]:
        branches = []
        if want_count:
            branches.append("(SELECT NULL::text AS facet, NULL::text AS value, count(*) AS n FROM matched)")
        limit = "" if self.facet_limit < 0 else f" LIMIT {int(self.facet_limit)}"
        for name in dict.fromkeys(self.facet_fields):
            key = builder.bind(name)
            branches.append(
                f"(SELECT CAST({key} AS text) AS facet, v.t AS value, count(*) AS n FROM matched, "
                f"jsonb_array_elements_text(matched.terms -> {key}) AS v(t) GROUP BY v.t "
                f"HAVING count(*) >= {max(self.facet_mincount, 0)} ORDER BY count(*) DESC, v.t{limit})")
        if not branches:
            return 0, {}
        if not self.facet_fields:
            return int(session.execute(sa.text(f"SELECT count(*) FROM {TABLE} d WHERE {where}"),
                                       builder.params).scalar() or 0), {}
        sql = (f"WITH matched AS MATERIALIZED (SELECT d.terms FROM {TABLE} d WHERE {where}) "
               + " UNION ALL ".join(branches))
        hits = 0
        facets: dict[str, list[Any]] = {name: [] for name in self.facet_fields}
        for row in session.execute(sa.text(sql), builder.params):
            if row.facet is None:
                hits = int(row.n)
            else:
                facets[row.facet] += [row.value, int(row.n)]
        return hits, facets

    def _project(self, stored: dict[str, Any], score: float) -> dict[str, Any]:
        if self.fields is None:
            doc = dict(stored)
        else:
            doc = {name: stored[name] for name in self.fields if name in stored}
        if self.with_score:
            doc["score"] = float(score)
        return doc


def _parse_sort(sort: Any) -> list[tuple[str, str]]:
    out = []
    for part in str(sort or "score desc").split(","):
        if not part.strip():
            continue
        m = _SORT_RE.match(part)
        if not m:
            raise _InvalidSort(f"Can't determine a Sort Order (asc or desc) in sort spec {part.strip()!r}")
        out.append((m.group(1), m.group(2).lower()))
    return out
