"""package_search on huesearch, as a table: parameters → the datasets a user gets back.

Expected names are written in the order the results must come in where the
test says ``ordered``; otherwise as a set.
"""
from __future__ import annotations

import json

import pytest

from ckan.lib.search.common import SearchError, SearchQueryError

PUBLIC_ACTIVE = {"truong-hoc", "tram-y-te", "khong-khi", "di-tich", "duong-pho"}

# (id, parameters, expected names, ordered)
ANONYMOUS_QUERIES = [
    ("everything public", {}, PUBLIC_ACTIVE, False),
    ("accent-free words find accented title", {"q": "truong hoc"},
     ["truong-hoc", "tram-y-te", "khong-khi"], True),
    ("accented words find the same", {"q": "Trường học"}, ["truong-hoc", "tram-y-te", "khong-khi"], True),
    ("three words: any two must match, as CKAN's mm says", {"q": "truong hoc hue"},
     {"truong-hoc", "tram-y-te", "khong-khi"}, False),
    ("Hue finds Huế", {"q": "Hue"}, {"truong-hoc", "di-tich"}, False),
    ("d matches đ", {"q": "duong pho"}, {"duong-pho"}, False),
    ("đ matches đ", {"q": "đường"}, {"duong-pho"}, False),
    ("upper case and tone marks ignored", {"q": "LĂNG TẨM"}, {"di-tich"}, False),
    ("organisation name words match too", {"q": "di tich"}, {"di-tich", "duong-pho"}, False),
    ("phrase must be adjacent", {"q": '"pho truong"'}, set(), False),
    ("phrase in order matches", {"q": '"co do hue"'}, {"di-tich"}, False),
    ("minus excludes a word", {"q": "truong -chat"}, {"truong-hoc", "tram-y-te"}, False),
    ("organisation title is searchable", {"q": "so y te"}, {"tram-y-te", "khong-khi"}, False),
    ("tag is searchable", {"q": "du lich"}, {"di-tich"}, False),
    ("no match", {"q": "hoa sen"}, set(), False),
    ("fielded query on title", {"q": "title:khong"}, {"khong-khi"}, False),
    ("fq field:value", {"fq": "organization:so-y-te"}, {"tram-y-te", "khong-khi"}, False),
    ("fq +field:\"value\"", {"fq": '+organization:"so-giao-duc"'}, {"truong-hoc"}, False),
    ("fq -field:value", {"fq": "-organization:so-y-te"}, {"truong-hoc", "di-tich", "duong-pho"}, False),
    ("fq field:(a OR b)", {"fq": "res_format:(JSON OR XLSX)"}, {"tram-y-te", "di-tich"}, False),
    ("fq two clauses are both required", {"fq": "res_format:CSV organization:so-y-te"}, {"khong-khi"}, False),
    ("fq tag with a space", {"fq": 'tags:"giáo dục"'}, {"truong-hoc"}, False),
    ("fq group", {"fq": "groups:ban-do"}, {"truong-hoc", "di-tich"}, False),
    ("fq date range up to NOW", {"fq": "metadata_modified:[2025-01-01T00:00:00Z TO NOW]"},
     {"tram-y-te", "khong-khi", "di-tich", "duong-pho"}, False),
    ("fq date range closed", {"fq": "metadata_modified:[2025-01-01T00:00:00Z TO 2025-07-01T00:00:00Z]"},
     {"tram-y-te", "khong-khi"}, False),
    ("fq exclusive range end", {"fq": "metadata_modified:[* TO 2025-02-01T08:00:00Z}"}, {"truong-hoc"}, False),
    ("fq number range", {"fq": "num_resources:[2 TO *]"}, {"di-tich"}, False),
    ("fq field exists", {"fq": "res_format:*"}, PUBLIC_ACTIVE - {"duong-pho"}, False),
    ("fq wildcard on a string field", {"fq": "name:tr*"}, {"truong-hoc", "tram-y-te"}, False),
    ("free text and filter", {"q": "truong", "fq": "res_format:CSV"}, {"truong-hoc", "khong-khi"}, False),
    ("sort by title, accents folded", {"sort": "title_string asc"},
     ["khong-khi", "duong-pho", "truong-hoc", "di-tich", "tram-y-te"], True),
    ("sort by name descending", {"sort": "name desc"},
     ["truong-hoc", "tram-y-te", "khong-khi", "duong-pho", "di-tich"], True),
    ("sort by metadata_modified", {"sort": "metadata_modified desc"},
     ["duong-pho", "di-tich", "khong-khi", "tram-y-te", "truong-hoc"], True),
    ("paging", {"sort": "name asc", "rows": 2, "start": 2}, ["khong-khi", "tram-y-te"], True),
    ("paging past the end", {"sort": "name asc", "rows": 2, "start": 10}, [], True),
]


@pytest.mark.parametrize("params, expected, ordered",
                         [pytest.param(p, e, o, id=i) for i, p, e, o in ANONYMOUS_QUERIES])
def test_anonymous_search(corpus, search_as, params, expected, ordered):
    result = search_as(None, **params)
    names = [d["name"] for d in result["results"]]
    if ordered:
        assert names == list(expected)
    else:
        assert set(names) == set(expected)
    if "rows" not in params:
        assert result["count"] == len(expected)


def test_count_is_the_total_not_the_page(corpus, search_as):
    result = search_as(None, rows=2)
    assert result["count"] == len(PUBLIC_ACTIVE)
    assert len(result["results"]) == 2


def test_fl_returns_only_the_fields_asked_for(corpus, search_as):
    result = search_as(None, q="lang tam", fl="name,title")
    assert result["results"] == [{"name": "di-tich", "title": "Di tích Cố đô Huế"}]


def test_facets_count_datasets_per_value_with_limit_and_mincount(corpus, search_as):
    result = search_as(None, **{"facet.field": json.dumps(["organization", "res_format", "tags"]),
                                "facet.limit": 1, "facet.mincount": 1})
    assert result["facets"]["organization"] == {"so-y-te": 2} or result["facets"]["organization"] == {
        "trung-tam-bao-ton-di-tich": 2}
    assert result["facets"]["res_format"] == {"CSV": 3}
    full = search_as(None, **{"facet.field": json.dumps(["res_format"]), "facet.mincount": 2})
    assert full["facets"]["res_format"] == {"CSV": 3}
    items = {i["name"]: i for i in full["search_facets"]["res_format"]["items"]}
    assert items["CSV"]["count"] == 3


def test_facets_follow_the_query(corpus, search_as):
    result = search_as(None, q="truong hoc", **{"facet.field": json.dumps(["organization"])})
    assert result["facets"]["organization"] == {"so-giao-duc": 1, "so-y-te": 2}


@pytest.mark.parametrize("who, include_private, expected_private", [
    ("anonymous", True, False),
    ("outsider", True, False),
    ("editor", False, False),
    ("editor", True, True),
    ("sysadmin", True, True),
])
def test_private_datasets_reach_only_users_with_rights(corpus, search_as, who, include_private, expected_private):
    user = None if who == "anonymous" else getattr(corpus, who)
    result = search_as(user, include_private=include_private,
                       **{"facet.field": json.dumps(["organization", "tags"])})
    names = {d["name"] for d in result["results"]}
    assert ("diem-thi" in names) is expected_private
    # the facet counts tell the same story: a private dataset is not counted for those who cannot see it
    assert result["facets"]["tags"].get("giáo dục") == (2 if expected_private else 1)


def test_private_dataset_not_found_by_words_without_rights(corpus, search_as):
    assert search_as(corpus.outsider, q="diem thi", include_private=True)["count"] == 0
    assert search_as(corpus.editor, q="diem thi", include_private=True)["count"] == 1


def test_drafts_only_with_include_drafts_and_rights(corpus, search_as):
    assert search_as(corpus.editor, q="ban nhap")["count"] == 0
    assert search_as(corpus.editor, q="ban nhap", include_drafts=True)["count"] == 1
    assert search_as(None, q="ban nhap", include_drafts=True)["count"] == 0




def test_autocomplete_matches_part_of_a_word_and_hides_private(corpus):
    from ckan.tests import helpers

    def autocomplete(user, q):
        context = {"user": user["name"] if user else "", "ignore_auth": False}
        return [d["name"] for d in helpers.call_action("package_autocomplete", context=context, q=q)]

    assert autocomplete(None, "truo") == ["truong-hoc"]
    assert autocomplete(None, "Điểm") == []
    assert autocomplete(corpus.editor, "diem") == ["diem-thi"]


def test_invalid_sort_is_a_clear_error(corpus, search_as):
    with pytest.raises(SearchQueryError, match='Invalid "sort" parameter'):
        search_as(None, sort="title_string sideways")


def test_unbalanced_query_is_a_search_error_not_a_crash(corpus, search_as):
    with pytest.raises(SearchError, match="Expected"):
        search_as(None, q="title:(truong")


def test_search_errors_reach_api_users_as_an_error_not_a_500(corpus, app):
    response = app.get("/api/3/action/package_search", query_string={"q": "title:(truong"}, status=400)
    assert response.json["success"] is False
    message = response.json["error"]["message"]
    assert "Câu truy vấn tìm kiếm không hợp lệ" in message and "The search query is not valid" in message
    assert "Solr" not in message and "Error(" not in message
