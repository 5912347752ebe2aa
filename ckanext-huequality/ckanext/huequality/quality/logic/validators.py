"""Validators of the quality actions (registered by the plugin: every ``huequality_*`` here)."""

from __future__ import annotations

from typing import Any

import ckan.plugins.toolkit as tk

from ...periods import parse_quarter


def huequality_quarter(value: Any) -> str:
    """A quarter of the Data Quality Index, normalised (``2026-q4`` → ``2026-Q4``)."""
    try:
        return parse_quarter(str(value)).key
    except ValueError:
        raise tk.Invalid(tk._("Period must look like 2026-Q4")) from None
