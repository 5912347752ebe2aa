"""Turns a parsed query (``query_parser.Node``) into a SQL condition on ``huesearch_document``.

Every value reaches PostgreSQL as a bound parameter; field names too (they are
JSON keys, never identifiers), so no query text is ever spliced into SQL.
"""
from __future__ import annotations

import datetime as dt
import json
import re
from dataclasses import dataclass, field
from typing import Any

from . import query_parser as qp
from .fields import Kind, index_schema
from .text import fold, folded_words, tokens
from .values import query_term

# The free-text vector holds every field Solr copies into ``text``.
FREE_TEXT_FIELD = "text"
NO_RANK = "0.0"


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
            return f"(d.terms ? {self.bind(node.field)})"
        if isinstance(node, qp.Range):
            return self._range(node)
        if isinstance(node, (qp.Term, qp.Phrase)):
            return self._match(node)
        raise TypeError(node)

    def _boolean(self, node: qp.BoolQuery) -> str:
        must = [self.condition(c.node) for c in node.clauses if c.occur is qp.Occur.MUST]
        must_not = [self.condition(c.node) for c in node.clauses if c.occur is qp.Occur.MUST_NOT]
        should = [self.condition(c.node) for c in node.clauses if c.occur is qp.Occur.SHOULD]
        parts = list(must)
        parts += [f"NOT {cond}" for cond in must_not]
        if should:
            needed = node.minimum_should_match or (0 if must else 1)
            if needed >= len(should):
                parts += should
            elif needed == 1:
                parts.append("(" + " OR ".join(should) + ")")
            elif needed > 1:
                counted = " + ".join(f"({cond})::int" for cond in should)
                # the OR lets PostgreSQL use the indexes before counting
                parts.append("((" + " OR ".join(should) + f") AND ({counted}) >= {int(needed)})")
        if not parts:
            return "TRUE"
        return "(" + " AND ".join(parts) + ")"

    def _match(self, node: qp.Term | qp.Phrase) -> str:
        kind = index_schema().kind(node.field)
        wildcard = isinstance(node, qp.Term) and node.wildcard
        if node.field == FREE_TEXT_FIELD:
            return self._free_text(node)
        if kind is Kind.NGRAM:
            # any part of a word, as Solr's n-gram fields do for autocomplete
            parts = [f"strpos(d.phrases ->> {self.bind(node.field)}, {self.bind(word)}) > 0"
                     for word in fold(node.value.replace(qp.WILDCARD_MARK, " ").replace(qp.WILDCARD_ONE, " ")).split()]
            return "(" + " AND ".join(parts) + ")" if parts else "FALSE"
        if kind is Kind.TEXT:
            if wildcard:
                return self._like(node.field, _like_pattern(node.value, fold_accents=True))
            words = tokens(node.value)
            if not words:
                return "FALSE"
            if isinstance(node, qp.Phrase) and len(words) > 1:
                pattern = r"\m" + re.escape(" ".join(words)).replace("\\ ", " ") + r"\M"
                return (f"(d.terms @> {self._contains(node.field, words)} "
                        f"AND d.phrases ->> {self.bind(node.field)} ~ {self.bind(pattern)})")
            return f"(d.terms @> {self._contains(node.field, words)})"
        if wildcard:
            return self._like(node.field, _like_pattern(node.value, fold_accents=False))
        try:
            term = query_term(kind, node.value, self.now)
        except ValueError:
            return "FALSE"
        return f"(d.terms @> {self._contains(node.field, [term])})"

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

    def _contains(self, field_name: str, terms: list[str]) -> str:
        return f"CAST({self.bind(json.dumps({field_name: terms}))} AS jsonb)"

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
            if kind is Kind.TEXT:
                term = folded_words(term)
            if numeric:
                bounds.append(f"CAST(v.t AS numeric) {op} CAST({self.bind(term)} AS numeric)")
            else:
                bounds.append(f"v.t {op} {self.bind(term)}")
        if not bounds:
            return f"(d.terms ? {self.bind(node.field)})"
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


def _like_pattern(value: str, fold_accents: bool) -> str:
    escaped = value.replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_")
    if fold_accents:
        escaped = fold(escaped)
    return escaped.replace(qp.WILDCARD_MARK, "%").replace(qp.WILDCARD_ONE, "_")
