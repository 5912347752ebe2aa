"""Validators of ckanext-huequality."""

from __future__ import annotations

from typing import Any

import ckan.plugins.toolkit as tk

from ...periods import parse_period
from .updates import DATA_KINDS


def huequality_period_key(value: Any) -> str:
    try:
        return parse_period(str(value)).key
    except ValueError:
        raise tk.Invalid(tk._("Not a period: use e.g. 2026-Q1, 2026-H2, 2026-03 or 2026")) from None


def huequality_update_kind(value: Any) -> str:
    if value not in DATA_KINDS:
        raise tk.Invalid(tk._("Unknown kind of update: use one of {kinds}").format(kinds=", ".join(DATA_KINDS)))
    return value
