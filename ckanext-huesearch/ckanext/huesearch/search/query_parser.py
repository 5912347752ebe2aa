"""A parser for the Solr query syntax CKAN and its extensions send.

Two grammars, as in Solr:

* the *standard* (Lucene) syntax, used for ``fq`` and for a ``q`` that names
  fields: ``field:value``, ``+field:"a phrase"``, ``-field:value``,
  ``field:(a OR b)``, ``field:[lo TO hi]``, ``field:*``, ``*:*``, ``AND`` /
  ``OR`` / ``NOT``, groups in parentheses, backslash escapes;
* the *dismax* syntax, used for a free-text ``q``: words and "phrases", each
  optionally prefixed with ``+`` or ``-``, matched in the query fields, with a
  minimum-should-match rule (``mm``).

Both produce the same small tree (``Node``), which ``sql.py`` turns into SQL.
Boolean clauses follow Lucene's rules (``add_clause`` below), so
``a OR b +c -d`` means what it means to Solr.
"""
from __future__ import annotations

import enum
import math
import re
from dataclasses import dataclass, field
from typing import Union


class QuerySyntaxError(ValueError):
    """The query cannot be parsed; the message says where."""


class QueryLimitError(Exception):
    """The query goes beyond a bound the portal sets (``limit`` names it, ``value`` is the bound).

    Not a ``ValueError``: callers that turn a value their field cannot hold into "matches
    nothing" must not swallow it; it is refused with a message that names the limit.
    """

    def __init__(self, limit: str, value: int | str) -> None:
        super().__init__(f"{limit} > {value}")
        self.limit = limit
        self.value = value


@dataclass
class Budget:
    """Bounds on one search request, shared by every query of it (``q`` and each ``fq``)."""

    max_clauses: int = 256
    max_depth: int = 16
    clauses: int = 0

    def add_clause(self) -> None:
        self.clauses += 1
        if self.clauses > self.max_clauses:
            raise QueryLimitError("clauses", self.max_clauses)

    def check_depth(self, depth: int) -> None:
        if depth > self.max_depth:
            raise QueryLimitError("depth", self.max_depth)


class Occur(enum.Enum):
    MUST = "+"
    SHOULD = ""
    MUST_NOT = "-"


@dataclass(frozen=True)
class MatchAll:
    pass


@dataclass(frozen=True)
class Term:
    field: str
    value: str
    wildcard: bool = False  # value holds unescaped * or ? wildcards


@dataclass(frozen=True)
class Phrase:
    field: str
    value: str


@dataclass(frozen=True)
class Range:
    field: str
    low: str | None  # None: open ("*")
    high: str | None
    include_low: bool = True
    include_high: bool = True


@dataclass(frozen=True)
class Exists:
    field: str


@dataclass
class Clause:
    occur: Occur
    node: Node


@dataclass
class BoolQuery:
    clauses: list[Clause] = field(default_factory=list)
    minimum_should_match: int = 0  # 0: Lucene's default (one SHOULD when there is no MUST)


Node = Union[MatchAll, Term, Phrase, Range, Exists, BoolQuery]

WILDCARD_MARK = "\x00"  # stands for an unescaped * inside Term.value until it is turned into SQL LIKE
WILDCARD_ONE = "\x01"  # an unescaped ?

_SPECIAL = set('+-&|!(){}[]^"~*?:\\/')
_WS = " \t\r\n\u3000"


class _Lexer:
    def __init__(self, text: str) -> None:
        self.text = text
        self.pos = 0

    def peek(self) -> str:
        return self.text[self.pos] if self.pos < len(self.text) else ""

    def skip_ws(self) -> None:
        while self.pos < len(self.text) and self.text[self.pos] in _WS:
            self.pos += 1

    def at_end(self) -> bool:
        self.skip_ws()
        return self.pos >= len(self.text)

    def error(self, message: str) -> QuerySyntaxError:
        return QuerySyntaxError(f"{message} at position {self.pos} of {self.text!r}")


# -- standard (Lucene) syntax --------------------------------------------------------------


@dataclass
class StandardParser:
    """Parses the Lucene syntax with a default field and a default operator."""

    default_field: str = "text"
    default_operator: str = "AND"  # q.op
    budget: Budget = field(default_factory=Budget)

    def parse(self, text: str) -> Node:
        lexer = _Lexer(text)
        node = self._query(lexer, self.default_field, top=True)
        if not lexer.at_end():
            raise lexer.error("Unexpected text")
        return node

    def _query(self, lx: _Lexer, default_field: str, top: bool = False, depth: int = 0) -> Node:
        self.budget.check_depth(depth)
        clauses: list[Clause] = []
        conj = ""
        while True:
            lx.skip_ws()
            ch = lx.peek()
            if ch == "" or ch == ")":
                break
            word = self._keyword(lx)
            if word in ("AND", "OR"):
                conj = word
                continue
            mods = ""
            if word == "NOT":
                mods = "-"
            elif ch in "+-!":
                mods = "-" if ch in "-!" else "+"
                lx.pos += 1
            node = self._clause(lx, default_field, depth)
            self.budget.add_clause()
            self._add_clause(clauses, conj, mods, node)
            conj = ""
        if not clauses:
            if top:
                return MatchAll()
            raise lx.error("Empty group")
        if len(clauses) == 1 and clauses[0].occur != Occur.MUST_NOT:
            return clauses[0].node
        return BoolQuery(clauses)

    _KEYWORD = re.compile(r"(AND|OR|NOT|&&|\|\|)(?=[\s(\"]|$)")

    def _keyword(self, lx: _Lexer) -> str:
        m = self._KEYWORD.match(lx.text, lx.pos)
        if not m:
            return ""
        lx.pos = m.end()
        return {"&&": "AND", "||": "OR"}.get(m.group(1), m.group(1))

    def _add_clause(self, clauses: list[Clause], conj: str, mods: str, node: Node) -> None:
        # Lucene's QueryParserBase.addClause, so that mixed AND/OR/+/- mean what they mean to Solr.
        if clauses and conj == "AND" and clauses[-1].occur != Occur.MUST_NOT:
            clauses[-1].occur = Occur.MUST
        if clauses and self.default_operator == "AND" and conj == "OR" and clauses[-1].occur != Occur.MUST_NOT:
            clauses[-1].occur = Occur.SHOULD
        prohibited = mods == "-"
        if self.default_operator == "OR":
            required = mods == "+" or (conj == "AND" and not prohibited)
        else:
            required = not prohibited and conj != "OR"
        occur = Occur.MUST if required else Occur.MUST_NOT if prohibited else Occur.SHOULD
        clauses.append(Clause(occur, node))

    def _clause(self, lx: _Lexer, default_field: str, depth: int) -> Node:
        lx.skip_ws()
        if lx.peek() == "(":
            lx.pos += 1
            node = self._query(lx, default_field, depth=depth + 1)
            self._expect(lx, ")")
            self._skip_boost(lx)
            return node
        start = lx.pos
        name = self._field_name(lx)
        if name is not None:
            lx.skip_ws()
            if lx.peek() == "(":
                lx.pos += 1
                node = self._query(lx, name, depth=depth + 1)
                self._expect(lx, ")")
                self._skip_boost(lx)
                return node
            return self._value(lx, name)
        lx.pos = start
        return self._value(lx, default_field)

    def _field_name(self, lx: _Lexer) -> str | None:
        m = re.compile(r"([A-Za-z_*][\w.\-*]*)\s*:").match(lx.text, lx.pos)
        if not m:
            return None
        lx.pos = m.end()
        return m.group(1)

    def _value(self, lx: _Lexer, field_name: str) -> Node:
        lx.skip_ws()
        ch = lx.peek()
        if ch == '"':
            value = self._quoted(lx)
            self._skip_proximity_and_boost(lx)
            return Phrase(field_name, value)
        if ch in "[{":
            return self._range(lx, field_name)
        raw, wildcard = self._term(lx)
        if raw == "":
            raise lx.error("Expected a value")
        self._skip_proximity_and_boost(lx)
        if field_name == "*" and raw == WILDCARD_MARK:
            return MatchAll()
        if raw == WILDCARD_MARK:
            return Exists(field_name)
        return Term(field_name, raw, wildcard)

    def _quoted(self, lx: _Lexer) -> str:
        lx.pos += 1
        out = []
        while True:
            ch = lx.peek()
            if ch == "":
                raise lx.error("Unterminated quote")
            lx.pos += 1
            if ch == "\\":
                out.append(lx.peek())
                lx.pos += 1
            elif ch == '"':
                return "".join(out)
            else:
                out.append(ch)

    def _term(self, lx: _Lexer) -> tuple[str, bool]:
        out: list[str] = []
        wildcard = False
        first = True
        while True:
            ch = lx.peek()
            if ch == "" or ch in _WS or ch in "()[]{}\"^~:" or (ch in "+!" and first):
                break
            if ch == "-" and first:
                break
            lx.pos += 1
            first = False
            if ch == "\\":
                nxt = lx.peek()
                if nxt == "":
                    raise lx.error("Dangling escape")
                out.append(nxt)
                lx.pos += 1
            elif ch == "*":
                out.append(WILDCARD_MARK)
                wildcard = True
            elif ch == "?":
                out.append(WILDCARD_ONE)
                wildcard = True
            else:
                out.append(ch)
        value = "".join(out)
        return value, wildcard and value != WILDCARD_MARK

    def _range(self, lx: _Lexer, field_name: str) -> Node:
        include_low = lx.peek() == "["
        lx.pos += 1
        low = self._range_bound(lx)
        lx.skip_ws()
        if lx.text[lx.pos:lx.pos + 2] != "TO":
            raise lx.error("Expected TO in range")
        lx.pos += 2
        high = self._range_bound(lx)
        lx.skip_ws()
        ch = lx.peek()
        if ch not in "]}" or ch == "":
            raise lx.error("Unterminated range")
        lx.pos += 1
        self._skip_boost(lx)
        include_high = ch == "]"
        if low is None and high is None:
            return Exists(field_name)
        return Range(field_name, low, high, include_low, include_high)

    def _range_bound(self, lx: _Lexer) -> str | None:
        lx.skip_ws()
        if lx.peek() == '"':
            return self._quoted(lx)
        out = []
        while True:
            ch = lx.peek()
            if ch == "" or ch in _WS or ch in "]}":
                break
            lx.pos += 1
            if ch == "\\":
                out.append(lx.peek())
                lx.pos += 1
            else:
                out.append(ch)
        value = "".join(out)
        if value == "":
            raise lx.error("Empty range bound")
        return None if value == "*" else value

    def _expect(self, lx: _Lexer, ch: str) -> None:
        lx.skip_ws()
        if lx.peek() != ch:
            raise lx.error(f"Expected {ch!r}")
        lx.pos += 1

    def _skip_boost(self, lx: _Lexer) -> None:
        m = re.compile(r"\^[0-9.]+").match(lx.text, lx.pos)
        if m:
            lx.pos = m.end()

    def _skip_proximity_and_boost(self, lx: _Lexer) -> None:
        m = re.compile(r"(~[0-9.]*)?(\^[0-9.]+)?").match(lx.text, lx.pos)
        if m:
            lx.pos = m.end()


# -- dismax syntax ---------------------------------------------------------------------


_DISMAX_TOKEN = re.compile(r'([+-]?)("([^"]*)"?|\S+)')


def parse_dismax(text: str, query_field: str, mm: str, budget: Budget | None = None) -> Node:
    """A free-text query: words and phrases matched in ``query_field``, ``mm`` of them required."""
    budget = budget or Budget()
    clauses: list[Clause] = []
    for m in _DISMAX_TOKEN.finditer(text):
        budget.add_clause()
        sign, whole, phrase = m.group(1), m.group(2), m.group(3)
        if phrase is not None:
            node: Node = Phrase(query_field, phrase)
        else:
            if whole in ("AND", "OR", "NOT", "&&", "||"):
                continue  # dismax treats these as plain words, which match nothing useful
            node = Term(query_field, whole)
        occur = Occur.MUST if sign == "+" else Occur.MUST_NOT if sign == "-" else Occur.SHOULD
        clauses.append(Clause(occur, node))
    if not clauses:
        return MatchAll()
    optional = sum(1 for c in clauses if c.occur == Occur.SHOULD)
    return BoolQuery(clauses, minimum_should_match=minimum_should_match(mm, optional))


def minimum_should_match(spec: str, optional: int) -> int:
    """How many of ``optional`` clauses must match under a Solr ``mm`` spec such as ``2<-1 5<80%``."""
    spec = (spec or "100%").strip()
    if optional == 0:
        return 0
    if "<" not in spec:
        return _apply_mm(spec, optional)
    required = optional
    for part in spec.split():
        threshold, _, rule = part.partition("<")
        if optional > int(threshold):
            required = _apply_mm(rule, optional)
    return required


def _apply_mm(rule: str, optional: int) -> int:
    if rule.endswith("%"):
        pct = int(rule[:-1])
        value = math.floor(optional * abs(pct) / 100)
        result = value if pct >= 0 else optional - value
    else:
        number = int(rule)
        result = number if number >= 0 else optional + number
    return max(1, min(optional, result))
