from __future__ import annotations

from typing import Any

from ckan.plugins import toolkit as tk


def dataset_quality_schema() -> dict[str, Any]:
    not_empty = tk.get_validator("not_empty")
    unicode_safe = tk.get_validator("unicode_safe")
    return {"id": [not_empty, unicode_safe]}


def index_schema() -> dict[str, Any]:
    ignore_missing = tk.get_validator("ignore_missing")
    unicode_safe = tk.get_validator("unicode_safe")
    return {"period": [ignore_missing, unicode_safe, period_validator],
            "org_id": [ignore_missing, unicode_safe]}


def period_validator(value: Any) -> Any:
    from ..quality.index import parse_period

    try:
        parse_period(value)
    except ValueError:
        raise tk.Invalid(tk._("Period must look like 2026-Q4")) from None
    return value
