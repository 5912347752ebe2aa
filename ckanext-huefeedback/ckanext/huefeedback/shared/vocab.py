"""The suite's vocabularies (owned by ckanext-huedata), labelled in the reader's language."""
from __future__ import annotations

from typing import Any

from ckanext.huedata.vocabularies import SECTORS


def _language() -> str:
    try:
        from flask_babel import get_locale

        return str(get_locale() or "vi")[:2]
    except (RuntimeError, AttributeError, ImportError):
        return "vi"


def sector_label(code: str | None) -> str:
    for term in SECTORS:
        if term.code == code:
            return term.en if _language() == "en" else term.vi
    return code or ""


def sector_labels() -> dict[str, str]:
    return {term.code: sector_label(term.code) for term in SECTORS}


def sector_choices() -> list[dict[str, Any]]:
    return [{"value": term.code, "text": sector_label(term.code)} for term in SECTORS]
