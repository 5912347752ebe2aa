"""The Solr syntax CKAN and extensions send, parsed as Solr would."""
from __future__ import annotations

import pytest

from ckanext.huesearch.search import query_parser as qp

MUST, SHOULD, NOT = qp.Occur.MUST, qp.Occur.SHOULD, qp.Occur.MUST_NOT


def _parse(text, op="AND"):
    return qp.StandardParser(default_field="text", default_operator=op).parse(text)


def _shape(node):
    """A compact form: (occur, node) pairs for booleans, nodes otherwise."""
    if isinstance(node, qp.BoolQuery):
        return [(c.occur.name, _shape(c.node)) for c in node.clauses]
    return node


@pytest.mark.parametrize("text, expected", [
    ("*:*", qp.MatchAll()),
    ("", qp.MatchAll()),
    ("name:abc", qp.Term("name", "abc")),
    ('tags:"giáo dục"', qp.Phrase("tags", "giáo dục")),
    ("name:my-dataset", qp.Term("name", "my-dataset")),
    (r"id:a\:b", qp.Term("id", "a:b")),
    ("res_format:*", qp.Exists("res_format")),
    ("x:[* TO *]", qp.Exists("x")),
    ("metadata_modified:[2025-01-01T00:00:00Z TO NOW]",
     qp.Range("metadata_modified", "2025-01-01T00:00:00Z", "NOW", True, True)),
    ("n:{1 TO 5]", qp.Range("n", "1", "5", False, True)),
    ("hue", qp.Term("text", "hue")),
])
def test_single_clauses(text, expected):
    assert _parse(text) == expected


@pytest.mark.parametrize("text, op, expected", [
    ("+a:1 +b:2", "AND", [("MUST", qp.Term("a", "1")), ("MUST", qp.Term("b", "2"))]),
    ("a:1 b:2", "AND", [("MUST", qp.Term("a", "1")), ("MUST", qp.Term("b", "2"))]),
    ("a:1 b:2", "OR", [("SHOULD", qp.Term("a", "1")), ("SHOULD", qp.Term("b", "2"))]),
    ("a:1 OR b:2", "AND", [("SHOULD", qp.Term("a", "1")), ("SHOULD", qp.Term("b", "2"))]),
    ("a:1 AND b:2", "OR", [("MUST", qp.Term("a", "1")), ("MUST", qp.Term("b", "2"))]),
    ("-a:1", "AND", [("MUST_NOT", qp.Term("a", "1"))]),
    ("NOT a:1", "AND", [("MUST_NOT", qp.Term("a", "1"))]),
    ("a:1 -b:2", "OR", [("SHOULD", qp.Term("a", "1")), ("MUST_NOT", qp.Term("b", "2"))]),
    ('f:(x OR "y z")', "AND", [("SHOULD", qp.Term("f", "x")), ("SHOULD", qp.Phrase("f", "y z"))]),
])
def test_boolean_clauses_follow_lucene(text, op, expected):
    assert _shape(_parse(text, op)) == expected


def test_ckan_permission_filter_parses_as_any_of_the_labels():
    node = _parse('+permission_labels:("public" OR "member-abc" OR "creator-1")')
    assert _shape(node) == [("SHOULD", qp.Phrase("permission_labels", v)) for v in ("public", "member-abc", "creator-1")]


@pytest.mark.parametrize("text", ["title:(truong", 'name:"open', "x:[1 TO", "(", "a:"])
def test_broken_queries_raise_a_syntax_error(text):
    with pytest.raises(qp.QuerySyntaxError):
        _parse(text)


@pytest.mark.parametrize("optional, required", [(1, 1), (2, 2), (3, 2), (5, 4), (6, 4), (10, 8)])
def test_ckan_minimum_should_match(optional, required):
    # CKAN's mm "2<-1 5<80%": all of 1–2 words, all but one of 3–5, 80% above 5
    assert qp.minimum_should_match("2<-1 5<80%", optional) == required


def test_dismax_words_phrases_and_signs():
    node = qp.parse_dismax('truong +hoc -"mam non"', "text", "2<-1 5<80%")
    assert _shape(node) == [("SHOULD", qp.Term("text", "truong")), ("MUST", qp.Term("text", "hoc")),
                            ("MUST_NOT", qp.Phrase("text", "mam non"))]
