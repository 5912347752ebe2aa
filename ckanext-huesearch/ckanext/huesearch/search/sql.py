"""Turns a parsed query (``query_parser.Node``) into a SQL condition on ``huesearch_document``.

Every value reaches PostgreSQL as a bound parameter; field names too (they are
JSON keys, never identifiers), so no query text is ever spliced into SQL.
"""
from __future__ import annotations

import datetime as dt
import itertools
import json
import math
import re
from dataclasses import dataclass, field
from typing import Any

from . import query_parser as qp
from .fields import Kind, index_schema
from .text import fold, tokens
from .values import date_from_term, query_term

# The free-text vector holds every field Solr copies into ``text``.
FREE_TEXT_FIELD = "text"
NO_RANK = "0.0"

#: Fields CKAN filters or sorts on in (nearly) every query, kept in columns of their own so that
#: PostgreSQL can filter, sort and count on narrow typed values. field -> (column, SQL type)
COLUMN_FIELDS: dict[str, tuple[str, str]] = {
    "state": ("state", "text"),
    "capacity": ("capacity", "text"),
    "site_id": ("site_id", "text"),
    "permission_labels": ("permission_labels", "text[]"),
    "metadata_modified": ("metadata_modified", "timestamp"),
}


@dataclass
class SqlBuilder:
    """Collects bound parameters while conditions are written."""

    params: dict[str, Any] = field(default_factory=dict)
    now: dt.datetime | None = None

    def bind(self, value: Any) -> str:
        name = f"p{len(self.params)}"
        self.params[name] = value
        return f":{name}"

    # -- conditions ---------------------------------------------------------------------
    def condition(self, node: qp.Node) -> str:
        if isinstance(node, qp.MatchAll):
            return "TRUE"
        if isinstance(node, qp.BoolQuery):
            return self._boolean(node)
        if isinstance(node, qp.Exists):
            if node.field in COLUMN_FIELDS:
                return f"(d.{COLUMN_FIELDS[node.field][0]} IS NOT NULL)"
            return f"(d.terms ? {self.bind(node.field)})"
        if isinstance(node, qp.Range):
            return self._range(node)
        if isinstance(node, (qp.Term, qp.Phrase)):
            return self._match(node)
        raise TypeError(node)

    def _boolean(self, node: qp.BoolQuery) -> str:
        must_nodes = [c.node for c in node.clauses if c.occur is qp.Occur.MUST]
        # Required exact terms become ONE containment test (one pass over the row's terms,
        # and one lookup in the GIN index) instead of one test per clause.
        contained: dict[str, list[str]] = {}
        must: list[str] = []
        for child in must_nodes:
            terms = self._exact_terms(child)
            if terms is None:
                must.append(self.condition(child))
            else:
                for name, values in terms.items():
                    contained.setdefault(name, []).extend(v for v in values if v not in contained.get(name, []))
        if contained:
            must.insert(0, f"(d.terms @> CAST({self.bind(json.dumps(contained))} AS jsonb))")
        must_not = [self.condition(c.node) for c in node.clauses if c.occur is qp.Occur.MUST_NOT]
        should_nodes = [c.node for c in node.clauses if c.occur is qp.Occur.SHOULD]
        parts = list(must)
        parts += [f"NOT {cond}" for cond in must_not]
        if should_nodes:
            needed = node.minimum_should_match or (0 if must else 1)
            any_of = self._any_term_of_one_field(should_nodes) if needed == 1 else None
            should = [any_of] if any_of else [self.condition(n) for n in should_nodes]
            if needed >= len(should):
                parts += should
            elif needed == 1:
                parts.append("(" + " OR ".join(should) + ")")
            elif needed > 1 and (combined := self._free_text_minimum_match(should_nodes, needed)):
                parts.append(combined)
            elif needed > 1:
                counted = " + ".join(f"({cond})::int" for cond in should)
                # the OR lets PostgreSQL use the indexes before counting
                parts.append("((" + " OR ".join(should) + f") AND ({counted}) >= {int(needed)})")
        if not parts:
            return "TRUE"
        return "(" + " AND ".join(parts) + ")"

    def _exact_terms(self, node: qp.Node) -> dict[str, list[str]] | None:
        """{field: [term]} when ``node`` is an exact match on a non-text field, else None."""
        if not isinstance(node, (qp.Term, qp.Phrase)) or (isinstance(node, qp.Term) and node.wildcard):
            return None
        kind = index_schema().kind(node.field)
        if node.field == FREE_TEXT_FIELD or node.field in COLUMN_FIELDS or kind in (Kind.TEXT, Kind.NGRAM):
            return None
        try:
            return {node.field: [query_term(kind, node.value, self.now)]}
        except ValueError:
            return None

    def _any_term_of_one_field(self, nodes: list[qp.Node]) -> str | None:
        """``field:(a OR b OR c)`` as one test, e.g. CKAN's permission labels."""
        column_values = [self._column_value(n) for n in nodes]
        if len(nodes) > 1 and all(column_values) and len({c[0] for c in column_values if c}) == 1:
            column, sql_type = column_values[0][0], COLUMN_FIELDS_BY_COLUMN[column_values[0][0]]  # type: ignore[index]
            values = [c[1] for c in column_values if c]
            if sql_type == "text[]":
                return f"(d.{column} && CAST({self.bind(values)} AS text[]))"
            return f"(d.{column} = ANY(CAST({self.bind(values)} AS {sql_type}[])))"
        terms = [self._exact_terms(n) for n in nodes]
        if len(nodes) < 2 or any(t is None for t in terms) or len({next(iter(t)) for t in terms}) != 1:
            return None
        name = next(iter(terms[0]))
        values = [t[name][0] for t in terms]
        return f"((d.terms -> {self.bind(name)}) ?| CAST({self.bind(values)} AS text[]))"

    def _column_value(self, node: qp.Node) -> tuple[str, Any] | None:
        """(column, value) when ``node`` is an exact match on a field kept in its own column."""
        if not isinstance(node, (qp.Term, qp.Phrase)) or node.field not in COLUMN_FIELDS:
            return None
        if isinstance(node, qp.Term) and node.wildcard:
            return None
        column, sql_type = COLUMN_FIELDS[node.field]
        try:
            value = query_term(index_schema().kind(node.field), node.value, self.now)
        except ValueError:
            return None
        return column, _column_param(value, sql_type)

    def _match(self, node: qp.Term | qp.Phrase) -> str:
        kind = index_schema().kind(node.field)
        wildcard = isinstance(node, qp.Term) and node.wildcard
        if node.field == FREE_TEXT_FIELD:
            return self._free_text(node)
        if node.field in COLUMN_FIELDS and not wildcard:
            found = self._column_value(node)
            if found is None:
                return "FALSE"
            column, value = found
            if COLUMN_FIELDS[node.field][1] == "text[]":
                return f"(d.{column} @> ARRAY[CAST({self.bind(value)} AS text)])"
            return f"(d.{column} = {self.bind(value)})"
        if kind is Kind.NGRAM:
            # any part of a word, as Solr's n-gram fields do for autocomplete
            parts = [f"strpos(d.ngrams ->> {self.bind(node.field)}, {self.bind(word)}) > 0"
                     for word in fold(node.value.replace(qp.WILDCARD_MARK, " ").replace(qp.WILDCARD_ONE, " ")).split()]
            return "(" + " AND ".join(parts) + ")" if parts else "FALSE"
        if kind is Kind.TEXT:
            return self._text_field(node, wildcard)
        if wildcard:
            return self._like(node.field, _like_pattern(node.value))
        exact = self._exact_terms(node)
        if exact is None:
            return "FALSE"  # a value its field's type cannot hold (e.g. a word for a date)
        return f"(d.terms @> CAST({self.bind(json.dumps(exact))} AS jsonb))"

    def _text_field(self, node: qp.Term | qp.Phrase, wildcard: bool) -> str:
        """A word, words or a phrase in one text field, matched on its folded words."""
        column = f"(d.phrases ->> {self.bind(node.field)})"
        if wildcard:
            regex = "".join(
                "[a-z0-9]*" if ch == qp.WILDCARD_MARK else "[a-z0-9]" if ch == qp.WILDCARD_ONE else re.escape(ch)
                for ch in fold(node.value))
            return f"({column} ~ {self.bind(_whole_words(regex))})"
        words = tokens(node.value)
        if not words:
            return "FALSE"
        if isinstance(node, qp.Phrase):
            return f"({column} ~ {self.bind(_whole_words(' '.join(words)))})"
        return "(" + " AND ".join(f"{column} ~ {self.bind(_whole_words(w))}" for w in words) + ")"

    def _free_text_minimum_match(self, nodes: list[qp.Node], needed: int) -> str | None:
        """"k of these n words" as one full-text query: any k-word combination, all in the index."""
        queries = [self._free_text_query(n) for n in nodes]
        if any(q is None for q in queries) or math.comb(len(queries), needed) > 64:
            return None
        alternatives = " | ".join("(" + " & ".join(f"({q})" for q in combo) + ")"
                                  for combo in itertools.combinations(queries, needed))
        return f"(d.search_vector @@ to_tsquery('simple', {self.bind(alternatives)}))"

    def _free_text_query(self, node: qp.Node) -> str | None:
        if not isinstance(node, (qp.Term, qp.Phrase)) or node.field != FREE_TEXT_FIELD:
            return None
        if isinstance(node, qp.Term) and node.wildcard:
            return None
        words = tokens(node.value)
        return " <-> ".join(words) if words else None

    def _free_text(self, node: qp.Term | qp.Phrase) -> str:
        value = node.value
        prefix = False
        if isinstance(node, qp.Term) and node.wildcard:
            # only a trailing * can use the vector (as a prefix); other wildcards match whole words
            prefix = value.endswith(qp.WILDCARD_MARK)
            value = value.replace(qp.WILDCARD_MARK, " ").replace(qp.WILDCARD_ONE, " ")
        words = tokens(value)
        if not words:
            return "FALSE"
        # words that one value splits into ("data.hue.gov.vn") must stay together, as in a phrase
        tsquery = " <-> ".join(words) + (":*" if prefix else "")
        return f"(d.search_vector @@ to_tsquery('simple', {self.bind(tsquery)}))"

    def _like(self, field_name: str, pattern: str) -> str:
        return (f"EXISTS (SELECT 1 FROM jsonb_array_elements_text(d.terms -> {self.bind(field_name)}) AS v(t) "
                f"WHERE v.t LIKE {self.bind(pattern)})")

    def _range(self, node: qp.Range) -> str:
        kind = index_schema().kind(node.field)
        bounds = []
        numeric = kind is Kind.NUMBER
        for value, op in ((node.low, ">=" if node.include_low else ">"), (node.high, "<=" if node.include_high else "<")):
            if value is None:
                continue
            try:
                term = query_term(kind, value, self.now)
            except ValueError:
                return "FALSE"
            if kind in (Kind.TEXT, Kind.NGRAM):
                return "FALSE"  # Solr compares analysed tokens here; CKAN never sends such ranges
            if node.field in COLUMN_FIELDS and COLUMN_FIELDS[node.field][1] != "text[]":
                column, sql_type = COLUMN_FIELDS[node.field]
                bounds.append(f"d.{column} {op} {self.bind(_column_param(term, sql_type))}")
            elif numeric:
                bounds.append(f"CAST(v.t AS numeric) {op} CAST({self.bind(term)} AS numeric)")
            else:
                bounds.append(f"v.t {op} {self.bind(term)}")
        if not bounds:
            return self.condition(qp.Exists(node.field))
        if node.field in COLUMN_FIELDS and COLUMN_FIELDS[node.field][1] != "text[]":
            return "(" + " AND ".join(bounds) + ")"
        return (f"EXISTS (SELECT 1 FROM jsonb_array_elements_text(d.terms -> {self.bind(node.field)}) AS v(t) "
                f"WHERE {' AND '.join(bounds)})")

    # -- ranking and sorting ------------------------------------------------------------
    def rank(self, text_query: qp.Node | None) -> str:
        words = _positive_words(text_query) if text_query is not None else []
        if not words:
            return NO_RANK
        # weights D, C, B, A, ten times apart: a title/name/tag match outranks any number of notes matches,
        # which outrank resources and extras
        weights = "'{0.001, 0.01, 0.1, 1.0}'"
        rank = f"ts_rank({weights}, d.search_vector, to_tsquery('simple', {self.bind(' | '.join(words))}), 1)"
        if len(words) > 1:
            # Vietnamese words are several syllables ("trường học"), and a syllable alone means
            # something else ("môi trường"): the query's words side by side weigh ten times more.
            rank += (f" + 10 * ts_rank({weights}, d.search_vector, "
                     f"to_tsquery('simple', {self.bind(' <-> '.join(words))}), 1)")
        return f"({rank})"


def _positive_words(node: qp.Node) -> list[str]:
    out: list[str] = []
    if isinstance(node, qp.BoolQuery):
        for clause in node.clauses:
            if clause.occur is not qp.Occur.MUST_NOT:
                out += _positive_words(clause.node)
    elif isinstance(node, (qp.Term, qp.Phrase)) and node.field in (FREE_TEXT_FIELD, "title", "notes", "name", "tags"):
        out += tokens(node.value.replace(qp.WILDCARD_MARK, " ").replace(qp.WILDCARD_ONE, " "))
    return list(dict.fromkeys(out))


COLUMN_FIELDS_BY_COLUMN = {column: sql_type for column, sql_type in COLUMN_FIELDS.values()}


def _column_param(term: str, sql_type: str) -> Any:
    if sql_type == "timestamp":
        return date_from_term(term)
    return term


def _whole_words(regex: str) -> str:
    return r"\m" + regex + r"\M"


def _like_pattern(value: str) -> str:
    escaped = value.replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_")
    return escaped.replace(qp.WILDCARD_MARK, "%").replace(qp.WILDCARD_ONE, "_")
