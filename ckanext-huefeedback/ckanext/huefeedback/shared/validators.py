"""Validators of the huefeedback schemas (registered as ``huefeedback_*``)."""
from __future__ import annotations

import datetime as dt
import re
from collections.abc import Callable
from typing import Any

import ckan.plugins.toolkit as tk

# A description with this many links is advertising, not a report about data.
MAX_LINKS = 3
_LINK = re.compile(r"https?://|www\.", re.IGNORECASE)
# Control characters other than tab and line breaks have no place in text people typed.
_CONTROL = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f]")


def huefeedback_text(max_length: int, min_length: int = 0) -> Callable[[Any], Any]:
    """Free text: control characters removed, surrounding blanks trimmed, length bounded."""

    def validator(value: Any) -> Any:
        if value is None or value is tk.missing:
            return value
        text = _CONTROL.sub("", str(value)).strip()
        if min_length and len(text) < min_length:
            raise tk.Invalid(tk._("Please write at least {n} characters.").format(n=min_length))
        if len(text) > max_length:
            raise tk.Invalid(tk._("Please write at most {n} characters.").format(n=max_length))
        if len(_LINK.findall(text)) > MAX_LINKS:
            raise tk.Invalid(tk._("Too many links: describe the problem in words."))
        return text

    return validator


def huefeedback_one_line(value: Any) -> Any:
    """A name or a short label: one line, at most 100 characters."""
    if value is None or value is tk.missing:
        return value
    text = " ".join(_CONTROL.sub("", str(value)).split())
    if len(text) > 100:
        raise tk.Invalid(tk._("Please write at most {n} characters.").format(n=100))
    return text


def huefeedback_email(value: Any) -> Any:
    """An e-mail address (CKAN's rule), trimmed; empty stays empty."""
    if value is None or value is tk.missing or not str(value).strip():
        return value
    text = str(value).strip()
    if len(text) > 254 or any(c.isspace() for c in text):
        raise tk.Invalid(tk._("Please give a valid e-mail address."))
    try:
        tk.get_validator("email_validator")(text, {})
    except tk.Invalid:
        raise tk.Invalid(tk._("Please give a valid e-mail address.")) from None
    return text


def huefeedback_sector(value: Any) -> Any:
    """A sector code of the Huế vocabulary (ckanext-huedata owns the list)."""
    if value is None or value is tk.missing or value == "":
        return value
    from ckanext.huedata.vocabularies import SECTORS

    if value not in {term.code for term in SECTORS}:
        raise tk.Invalid(tk._("Unknown sector."))
    return value


def huefeedback_date(value: Any) -> Any:
    """A calendar day as YYYY-MM-DD (or a date)."""
    if value is None or value is tk.missing or value == "":
        return value
    if isinstance(value, dt.date):
        return value
    try:
        return dt.date.fromisoformat(str(value).strip())
    except ValueError:
        raise tk.Invalid(tk._("Give a date as YYYY-MM-DD.")) from None


def huefeedback_at_most(maximum: int) -> Callable[[Any], Any]:
    """A whole number no larger than ``maximum`` (larger asks are cut to it)."""

    def validator(value: Any) -> Any:
        if value is None or value is tk.missing:
            return value
        return min(int(value), maximum)

    return validator


def huefeedback_year(value: Any) -> Any:
    if value is None or value is tk.missing:
        return value
    if not 2000 <= int(value) <= 2100:
        raise tk.Invalid(tk._("Give a year between 2000 and 2100."))
    return int(value)


def huefeedback_bool(value: Any) -> Any:
    if value is None or value is tk.missing:
        return value
    return tk.asbool(value)


def get_validators() -> dict[str, Any]:
    return {name: value for name, value in globals().items()
            if name.startswith("huefeedback_") and callable(value)}
