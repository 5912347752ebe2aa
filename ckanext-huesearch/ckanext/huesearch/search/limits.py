"""Bounds on one search request, and the messages that refuse what goes beyond them.

Anyone may send ``package_search`` a query: its length, its clauses, its nesting, its date
math, ``rows``/``start``/``facet.limit`` and its characters are bounded before any SQL is
written (the bounds are options, see ``config_declaration.yaml``), and every statement runs
under PostgreSQL's ``statement_timeout``. A refusal names the limit in Vietnamese and English,
and never a database or Python class name.
"""
from __future__ import annotations

import gettext
import re
from functools import cache
from pathlib import Path
from typing import Any

from .. import config
from .query_parser import Budget, QueryLimitError

I18N = Path(__file__).resolve().parent.parent / "i18n"
DOMAIN = "ckanext-huesearch"

# C0 controls but tab, line feed and carriage return; DEL and C1 controls
_CONTROL = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f]")
# the permission filter CKAN itself appends to every query: bounded by the user's memberships
_PERMISSION_FILTER = re.compile(r'^\+permission_labels:\((?:"[^"\\]*"(?: OR "[^"\\]*")*)\)$')

MESSAGES = {
    "length": "The search query is longer than {limit} characters.",
    "clauses": "The search has more than {limit} words, phrases and field conditions.",
    "depth": "The search nests parentheses more than {limit} levels deep.",
    "date_math": "Date math may move a date by at most {limit} years.",
    "rows": "\"rows\" must be a whole number from 0 to {limit}.",
    "start": "\"start\" must be a whole number from 0 to {limit}.",
    "facet_limit": "\"facet.limit\" must be -1 (every value) or a whole number from 0 to {limit}.",
    "facet_fields": "At most {limit} facet fields may be asked for.",
    "control": "The search holds control characters, which are not allowed.",
    "timeout": "The search took longer than {limit} ms and was stopped: narrow it down.",
    "syntax": "The search query is not valid: {limit}",
    "failed": "The search could not be run.",
}


@cache
def _vietnamese() -> gettext.NullTranslations:
    return gettext.translation(DOMAIN, localedir=str(I18N), languages=["vi"], fallback=True)


def message(limit: str, value: Any = "") -> str:
    """The refusal in Vietnamese then English, whatever the request's language."""
    english = MESSAGES[limit]
    return f"{_vietnamese().gettext(english).format(limit=value)} / {english.format(limit=value)}"


def budget() -> Budget:
    return Budget(max_clauses=config.max_clauses(), max_depth=config.max_depth())


def is_permission_filter(text: str) -> bool:
    return bool(_PERMISSION_FILTER.match(text))


def check_text(text: str) -> None:
    """A ``q`` or ``fq``: no control characters, not longer than the bound."""
    if _CONTROL.search(text):
        raise QueryLimitError("control", "")
    if len(text) > config.max_query_length() and not is_permission_filter(text):
        raise QueryLimitError("length", config.max_query_length())


def check_names(values: list[str]) -> None:
    """Field names (``facet.field``, ``fl``, ``sort``): no control characters."""
    if any(_CONTROL.search(v) for v in values):
        raise QueryLimitError("control", "")


def bounded_int(params: dict[str, Any], name: str, default: int, low: int, high: int, limit: str) -> int:
    """``params[name]`` as an int in [low, high]; anything else is refused naming ``limit``."""
    raw = params.get(name, default)
    try:
        value = int(str(raw).strip()) if raw not in (None, "") else default
    except ValueError:
        raise QueryLimitError(limit, high) from None
    if not low <= value <= high:
        raise QueryLimitError(limit, high)
    return value
