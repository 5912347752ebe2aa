"""The public catalogue's totals and facet counts come from counts kept by the index's own
transactions, and always equal a live count."""
from __future__ import annotations

import json

import pytest
import sqlalchemy as sa

import ckan.model as model
from ckan.tests import factories

from ckanext.huesearch.search import counts
from ckanext.huesearch.search.backend import QueryPlan

FACETS = json.dumps(["organization", "tags", "res_format", "license_id", "groups"])


def _both_ways(search_as, user=None, **params):
    """package_search answered from the counts, and again with every count made live."""
    fast = search_as(user, **params)
    counts.ENABLED = False
    try:
        live = search_as(user, **params)
    finally:
        counts.ENABLED = True
    return fast, live


def _same(fast, live):
    assert fast["count"] == live["count"]
    assert fast["facets"] == live["facets"]
    assert [d["name"] for d in fast["results"]] == [d["name"] for d in live["results"]]


@pytest.mark.parametrize("params", [
    {"facet.field": FACETS},
    {"facet.field": FACETS, "facet.limit": 1},
    {"facet.field": FACETS, "facet.mincount": 2},
    {"facet.field": FACETS, "facet.limit": -1, "rows": 0},
    {"fq": "+dataset_type:dataset", "facet.field": FACETS},
    {"include_private": True, "facet.field": FACETS},
])
def test_counts_equal_a_live_count(corpus, search_as, params, monkeypatch):
    answered = []
    original = counts.read
    monkeypatch.setattr(counts, "read", lambda *a: answered.append(original(*a)) or answered[-1])
    _same(*_both_ways(search_as, **params))
    assert answered[0] is not None  # the anonymous search page was answered from the counts


def test_the_search_page_scope_is_recognised_and_others_are_not():
    def scope(fq_list, q="*:*"):
        plan = QueryPlan.from_params(q, {"fq": fq_list, "q.op": "AND"})
        return counts.public_scope(plan.match, plan.filters)

    base = ['+site_id:"default"', '+permission_labels:("public")']
    assert scope(["+capacity:public  +state:(active)", *base]) is not None
    assert scope(["+dataset_type:dataset +state:(active)", *base]).dataset_type == "dataset"
    assert scope(['+capacity:public +state:(active)', '+site_id:"default"',
                  '+permission_labels:("public" OR "creator-1" OR "member-2")']) is not None
    # a logged-in user seeing private datasets, a sysadmin, drafts, a filter, a query: counted live
    assert scope(['+state:(active)', '+site_id:"default"', '+permission_labels:("public" OR "member-2")']) is None
    assert scope(["+capacity:public +state:(active)", '+site_id:"default"']) is not None  # organisation counts
    assert scope(["+state:(active)", '+site_id:"default"']) is None  # a sysadmin
    assert scope(["+state:(active OR draft)", *base]) is None
    assert scope(["res_format:CSV +state:(active)", *base]) is None
    assert scope(["+state:(active)", *base], q="truong") is None


def test_writes_keep_the_counts_exact_in_their_own_transaction(corpus, search_as):
    org = model.Group.get("so-y-te").id
    before = search_as(None, **{"facet.field": FACETS})
    dataset = factories.Dataset(name="dem-moi", owner_org=org, tags=[{"name": "y tế"}],
                                resources=[{"url": "http://example.org/x.csv", "format": "CSV"}])
    try:
        after, live = _both_ways(search_as, **{"facet.field": FACETS})
        _same(after, live)
        assert after["count"] == before["count"] + 1
        assert after["facets"]["res_format"]["CSV"] == before["facets"]["res_format"]["CSV"] + 1
        from ckan.tests.helpers import call_action

        call_action("package_patch", id=dataset["id"], private=True)  # leaves the public counts
        _same(*_both_ways(search_as, **{"facet.field": FACETS}))
        assert search_as(None, **{"facet.field": FACETS})["count"] == before["count"]
    finally:
        from ckan.tests.helpers import call_action

        call_action("dataset_purge", id=dataset["id"])
    _same(*_both_ways(search_as, **{"facet.field": FACETS}))
    assert search_as(None, **{"facet.field": FACETS})["facets"] == before["facets"]


def test_organisation_counts_equal_a_live_count(corpus):
    from ckan.lib.dictization import model_dictize

    fast = model_dictize.get_group_dataset_counts()
    counts.ENABLED = False
    try:
        live = model_dictize.get_group_dataset_counts()
    finally:
        counts.ENABLED = True
    assert fast == live and fast["owner_org"]


def _stored_counts() -> dict[tuple[str, str, str, str], int]:
    rows = model.Session.execute(sa.text("SELECT site_id, dataset_type, field, value, n FROM huesearch_public_count"))
    return {tuple(row[:4]): row[4] for row in rows}


def test_a_whole_index_rebuild_in_one_transaction_leaves_exact_counts(corpus, search_as):
    """``ckan search-index rebuild`` writes every dataset in one transaction (defer_commit): the
    counts are recounted once at its commit and equal a live count afterwards."""
    from ckan.lib import search

    before = _stored_counts()
    model.Session.execute(sa.text("DELETE FROM huesearch_public_count"))  # wrong counts to start from
    model.Session.commit()
    search.rebuild(quiet=True, defer_commit=True)
    assert _stored_counts() == before
    _same(*_both_ways(search_as, **{"facet.field": FACETS}))


def test_a_rolled_back_bulk_write_changes_no_count(corpus, search_as):
    from ckan.lib.search.common import make_connection

    before = _stored_counts()
    make_connection().delete(q='+site_id:"default"', commit=False)  # a bulk delete, not committed
    model.Session.rollback()
    assert _stored_counts() == before
    model.Session.execute(sa.text("SELECT 1"))  # a later transaction counts per statement again
    assert model.Session.execute(
        sa.text("SELECT current_setting('huesearch.deferred_counts', true)")).scalar() in (None, "", "off")
    model.Session.rollback()
