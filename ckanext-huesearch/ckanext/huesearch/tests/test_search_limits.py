"""Bounds on a search request: each refused with a message naming the limit, never a crash.

The same probes run over HTTP against the shipped portal in tests/security/test_search_limits.py;
here they run through CKAN's action layer, and the statement timeout is proved with a lock.
"""
from __future__ import annotations

import json
import re
import threading

import pytest
import sqlalchemy as sa

import ckan.model as model
from ckan.lib.search.common import SearchError, SearchQueryError

from ckanext.huesearch.search import limits
from ckanext.huesearch.search.query_parser import Budget, QueryLimitError, StandardParser, parse_dismax
from ckanext.huesearch.search.values import solr_date

CLASS_NAME = re.compile(r"\w+(Error|Exception)\b|psycopg|sqlalchemy|Traceback|SELECT ", re.IGNORECASE)

# (id, package_search parameters, the limit named in the refusal)
REFUSED = [
    ("100 KB of words", {"q": "truong " * 15000}, "length"),
    ("300 words", {"q": " ".join(f"w{i}" for i in range(300))}, "clauses"),
    ("300 -n filters", {"fq": " ".join(["-n:a"] * 300)}, "clauses"),
    ("500 nested parentheses", {"fq": "(" * 500 + "name:a" + ")" * 500}, "depth"),
    ("date math overflow", {"fq": "metadata_modified:NOW/DAY+1000000000DAYS"}, "date_math"),
    ("date math in a range", {"fq": "metadata_modified:[* TO NOW+20000YEARS]"}, "date_math"),
    ("date past year 9999", {"fq": "metadata_modified:[9999-12-31T00:00:00Z+2DAYS TO *]"}, "date_math"),
    ("NUL facet field", {"facet.field": json.dumps(["\u0000"])}, "control"),
    ("escape in q", {"q": "truong\u001bhoc"}, "control"),
    ("NUL in fq", {"fq": "name:\u0000"}, "control"),
    ("start 1e19", {"start": 10**19}, "start"),
    ("facet.limit 1e19", {"facet.limit": 10**19, "facet.field": json.dumps(["tags"])}, "facet_limit"),
    ("100 facet fields", {"facet.field": json.dumps([f"f{i}" for i in range(100)])}, "facet_fields"),
    ("unbalanced parenthesis", {"q": "title:(truong"}, "syntax"),
]


@pytest.mark.parametrize("params, limit", [pytest.param(p, limit, id=i) for i, p, limit in REFUSED])
def test_a_request_beyond_a_limit_is_refused_naming_the_limit(corpus, search_as, params, limit):
    with pytest.raises(SearchQueryError) as refused:
        search_as(None, **params)
    text = str(refused.value)
    english = limits.MESSAGES[limit].split("{")[0]
    assert english in text
    assert " / " in text and text.split(" / ")[0] != text.split(" / ")[1]  # Vietnamese, then English
    assert not CLASS_NAME.search(text), text


def test_within_the_limits_the_search_runs(corpus, search_as):
    assert search_as(None, q=" ".join(["truong"] * 200))["count"] >= 1
    assert search_as(None, fq="(" * 10 + "name:truong-hoc" + ")" * 10)["count"] == 1
    assert search_as(None, fq="metadata_modified:[NOW-100YEARS TO NOW+1DAY]")["count"] == 5
    assert search_as(None, **{"facet.limit": -1, "facet.field": json.dumps(["tags"])})["count"] == 5


@pytest.mark.ckan_config("ckanext.huesearch.max_clauses", "8")
def test_the_bounds_are_options(corpus, search_as):
    # CKAN's own filters (site, state, dataset type) count too; its permission filter does not
    assert search_as(None, q="truong hoc hue")["count"] >= 1
    with pytest.raises(SearchQueryError, match="8 words"):
        search_as(None, q=" ".join(["truong"] * 9))


@pytest.mark.ckan_config("ckanext.huesearch.statement_timeout", "300")
def test_a_search_longer_than_the_statement_timeout_is_cancelled(corpus, search_as):
    """An exclusive lock held elsewhere makes the search wait: the timeout stops it, cleanly."""
    locked, release = threading.Event(), threading.Event()

    def hold_lock() -> None:
        with model.meta.engine.connect() as connection, connection.begin():
            connection.execute(sa.text("LOCK TABLE huesearch_document IN ACCESS EXCLUSIVE MODE"))
            locked.set()
            release.wait(10)

    holder = threading.Thread(target=hold_lock)
    holder.start()
    try:
        assert locked.wait(10)
        with pytest.raises(SearchError) as cancelled:
            search_as(None, q="truong")
        assert "300 ms" in str(cancelled.value) and not CLASS_NAME.search(str(cancelled.value))
    finally:
        release.set()
        holder.join()
    # the session goes on, and the timeout did not outlive the search
    assert search_as(None, q="truong")["count"] >= 1
    assert model.Session.execute(sa.text("SHOW statement_timeout")).scalar() in ("0", "0ms")


def test_parser_bounds_without_a_database():
    with pytest.raises(QueryLimitError) as deep:
        StandardParser(budget=Budget(max_depth=3)).parse("((((a))))")
    assert deep.value.limit == "depth"
    with pytest.raises(QueryLimitError):
        parse_dismax("a b c", "text", "100%", Budget(max_clauses=2))
    shared = Budget(max_clauses=3)
    StandardParser(budget=shared).parse("a b")
    with pytest.raises(QueryLimitError):
        StandardParser(budget=shared).parse("c d")  # q and fq share one budget
    with pytest.raises(QueryLimitError):
        solr_date("NOW+1001YEARS")
    assert solr_date("NOW-999YEARS") is not None
