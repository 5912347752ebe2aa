"""How document values become index terms, and query values become comparable terms.

Solr stores each field by its schema type; huesearch keeps, per field, a list
of *terms* in one JSONB column: exact strings for string fields, folded words
for text fields, fixed-width UTC timestamps for dates (so that text order is
time order), canonical decimals for numbers, ``true``/``false`` for booleans.
"""
from __future__ import annotations

import calendar
import datetime as dt
import re
from decimal import Decimal, InvalidOperation
from typing import Any, Iterable

from dateutil.parser import ParserError, isoparse, parse

from .fields import Kind
from .query_parser import QueryLimitError
from .text import tokens

_DATE_FORMAT = "%Y-%m-%dT%H:%M:%S.%fZ"
#: date math may move a date by at most this many years (Solr overflows further; Python cannot hold it)
MAX_DATE_MATH_YEARS = 1000
_DATE_MATH = re.compile(r"([+-])(\d+)(YEARS?|MONTHS?|DAYS?|DATE|HOURS?|MINUTES?|SECONDS?)|/(YEAR|MONTH|DAY|HOUR|MINUTE|SECOND)")


class QueryValueError(ValueError):
    """A query value does not fit its field's type."""


def as_list(value: Any) -> list[Any]:
    if value is None:
        return []
    if isinstance(value, (list, tuple, set)):
        return [v for v in value if v is not None and v != ""]
    if value == "":
        return []
    return [value]


def date_term(value: Any) -> str | None:
    """A date as a fixed-width UTC string, or None when it is not a date."""
    if isinstance(value, dt.datetime):
        moment = value
    elif isinstance(value, dt.date):
        moment = dt.datetime(value.year, value.month, value.day)
    else:
        try:
            moment = isoparse(str(value).strip())
        except (ValueError, ParserError):
            try:
                moment = parse(str(value))
            except (ValueError, ParserError, OverflowError):
                return None
    if moment.tzinfo is not None:
        moment = moment.astimezone(dt.timezone.utc).replace(tzinfo=None)
    return moment.strftime(_DATE_FORMAT)


def date_from_term(term: str) -> dt.datetime:
    """A date term (see ``date_term``) back as a naive UTC datetime."""
    return dt.datetime.strptime(term, _DATE_FORMAT)


def number_term(value: Any) -> str | None:
    if isinstance(value, bool):
        return None
    try:
        number = Decimal(str(value).strip())
    except (InvalidOperation, ValueError):
        return None
    if not number.is_finite():
        return None
    return format(number.normalize(), "f")


def bool_term(value: Any) -> str | None:
    if isinstance(value, bool):
        return "true" if value else "false"
    text = str(value).strip().lower()
    if text in ("true", "t", "1", "yes", "on"):
        return "true"
    if text in ("false", "f", "0", "no", "off"):
        return "false"
    return None


def index_terms(kind: Kind, values: Iterable[Any]) -> list[str]:
    """The distinct terms of a document field (facet counts count documents, not repeats)."""
    out: dict[str, None] = {}
    for value in values:
        if kind is Kind.TEXT:
            for token in tokens(str(value)):
                out[token] = None
            continue
        term = _scalar_term(kind, value)
        if term is not None:
            out[term] = None
    return list(out)


def _scalar_term(kind: Kind, value: Any) -> str | None:
    if kind is Kind.DATE:
        return date_term(value)
    if kind is Kind.NUMBER:
        return number_term(value)
    if kind is Kind.BOOLEAN:
        return bool_term(value)
    if isinstance(value, (dict, list)):
        return None
    return str(value)


def query_term(kind: Kind, value: str, now: dt.datetime | None = None) -> str:
    """A query value as the term it must equal; raises QueryValueError when it cannot be one."""
    term: str | None
    if kind is Kind.DATE:
        term = solr_date(value, now)
    elif kind is Kind.NUMBER:
        term = number_term(value)
    elif kind is Kind.BOOLEAN:
        term = bool_term(value)
    else:
        term = value
    if term is None:
        raise QueryValueError(f"Invalid {kind.value} value: {value!r}")
    return term


def solr_date(value: str, now: dt.datetime | None = None) -> str | None:
    """A Solr date (ISO 8601 with Z, or NOW with date math such as NOW-1DAY/DAY) as a term."""
    text = value.strip().upper()
    if text.startswith("NOW"):
        moment = now or dt.datetime.now(dt.timezone.utc).replace(tzinfo=None)
        rest = text[3:]
    else:
        match = re.match(r"^(\d{4}-\d{2}-\d{2}(T[\d:.]+Z?)?)", value.strip())
        if not match:
            return None
        base = date_term(match.group(1))
        if base is None:
            return None
        moment = date_from_term(base)
        rest = value.strip()[match.end():].upper()
    pos = 0
    while pos < len(rest):
        m = _DATE_MATH.match(rest, pos)
        if not m:
            return None
        pos = m.end()
        if m.group(4):
            moment = _round_down(moment, m.group(4))
        else:
            amount, unit = int(m.group(2)), m.group(3)
            if amount > _MAX_AMOUNT[unit.rstrip("S")]:
                raise QueryLimitError("date_math", MAX_DATE_MATH_YEARS)
            try:
                moment = _shift(moment, amount * (1 if m.group(1) == "+" else -1), unit)
            except (OverflowError, ValueError) as error:
                raise QueryLimitError("date_math", MAX_DATE_MATH_YEARS) from error
    return moment.strftime(_DATE_FORMAT)


_MAX_AMOUNT = {"YEAR": MAX_DATE_MATH_YEARS, "MONTH": 12 * MAX_DATE_MATH_YEARS, "DAY": 366 * MAX_DATE_MATH_YEARS,
               "DATE": 366 * MAX_DATE_MATH_YEARS, "HOUR": 24 * 366 * MAX_DATE_MATH_YEARS,
               "MINUTE": 60 * 24 * 366 * MAX_DATE_MATH_YEARS, "SECOND": 3600 * 24 * 366 * MAX_DATE_MATH_YEARS}


def _round_down(moment: dt.datetime, unit: str) -> dt.datetime:
    parts = {"YEAR": 1, "MONTH": 2, "DAY": 3, "HOUR": 4, "MINUTE": 5, "SECOND": 6}[unit]
    fields = [moment.year, moment.month, moment.day, moment.hour, moment.minute, moment.second]
    defaults = [moment.year, 1, 1, 0, 0, 0]
    kept = fields[:parts] + defaults[parts:]
    return dt.datetime(*kept)


def _shift(moment: dt.datetime, amount: int, unit: str) -> dt.datetime:
    unit = unit[:-1] if unit.endswith("S") else unit
    if unit in ("DAY", "DATE"):
        return moment + dt.timedelta(days=amount)
    if unit == "HOUR":
        return moment + dt.timedelta(hours=amount)
    if unit == "MINUTE":
        return moment + dt.timedelta(minutes=amount)
    if unit == "SECOND":
        return moment + dt.timedelta(seconds=amount)
    months = moment.month - 1 + (amount * 12 if unit == "YEAR" else amount)
    year, month = moment.year + months // 12, months % 12 + 1
    day = min(moment.day, calendar.monthrange(year, month)[1])
    return moment.replace(year=year, month=month, day=day)
