"""What CKAN and DCAT sources bring, mapped onto the Huế data contract (pure functions).

Mapped: contact (maintainer/author, DCAT contactPoint), temporal coverage, update frequency
(EU frequency vocabulary or the CKAN extra), sector (EU data themes, where one matches),
access level (DCAT access rights), tags, licence, resources and formats.

Not mappable from these sources, left to the source's ``default_fields`` or to the owning
agency: ``data_kind``, ``legal_basis``, ``spatial_coverage`` (ward/commune codes of Huế),
``shared_catalogue``, the per-resource ``data_dictionary``, and ``sector`` when the source's
theme has no Huế counterpart (e.g. EU JUST, INTR, GOVE, OP_DATPRO).
"""
from __future__ import annotations

import json
from typing import Any

from .source_config import CONTRACT_FIELDS

FREQUENCIES = {
    "CONT": "continuous", "UPDATE_CONT": "continuous", "DAILY": "daily", "WEEKLY": "weekly",
    "MONTHLY": "monthly", "QUARTERLY": "quarterly", "BIANNUAL": "semiannual",
    "ANNUAL": "annual", "IRREG": "irregular", "NEVER": "never",
}
FREQUENCY_WORDS = {v: v for v in FREQUENCIES.values()} | {"semiannual": "semiannual"}
EU_THEMES = {
    "AGRI": "agriculture", "ECON": "economy_trade", "EDUC": "education", "HEAL": "health",
    "ENVI": "environment", "ENER": "energy", "TECH": "technology", "SOCI": "society",
    "REGI": "localities", "TRAN": "infrastructure",
}
SYNONYMS = {
    "frequency": "update_frequency", "accrual_periodicity": "update_frequency",
    "theme": "sector", "access_rights": "access_level",
}


def _code(value: str) -> str:
    """The last segment of a URI (http://…/frequency/MONTHLY → MONTHLY)."""
    return value.rstrip("/").rsplit("/", 1)[-1].rsplit("#", 1)[-1].upper()


def normalise(name: str, value: Any) -> Any:
    """A source value in the contract's vocabulary, or None when there is no counterpart."""
    if not isinstance(value, str):
        return value
    if name == "update_frequency":
        return FREQUENCIES.get(_code(value)) or FREQUENCY_WORDS.get(value.lower())
    if name == "sector":
        try:
            themes = json.loads(value) if value.startswith("[") else [value]
        except ValueError:
            themes = [value]
        for theme in themes:
            if str(theme) in EU_THEMES.values():
                return theme
            if _code(str(theme)) in EU_THEMES:
                return EU_THEMES[_code(str(theme))]
        return None
    if name == "access_level":
        code = _code(value)
        return "open" if code in ("PUBLIC", "OPEN") else "on_request"
    if name == "contact_email":
        return value.removeprefix("mailto:")
    return value


def map_package(package: dict[str, Any], defaults: dict[str, Any],
                contract_top_level: bool) -> dict[str, Any]:
    """The package with contract fields filled from extras, core fields and defaults."""
    extras = {e["key"]: e["value"] for e in package.get("extras", []) if "key" in e}
    found: dict[str, Any] = {}
    # ckanext-dcat's scheming profile puts these at the top level, as lists of objects.
    contact = (package.get("contact") or [{}])[0]
    temporal = (package.get("temporal_coverage") or [{}])[0]
    flattened = {"contact_name": contact.get("name"), "contact_email": contact.get("email"),
                 "temporal_start": temporal.get("start"), "temporal_end": temporal.get("end")}
    top = [(k, package.get(k)) for k in (*CONTRACT_FIELDS, *SYNONYMS)]
    for key, value in list(extras.items()) + top + list(flattened.items()):
        name = SYNONYMS.get(key, key)
        if isinstance(value, list) and name == "sector":
            value = json.dumps(value)
        if name in CONTRACT_FIELDS and value not in (None, "", []) and name not in found:
            mapped = normalise(name, value)
            if mapped is not None:
                found[name] = mapped
    found.setdefault("contact_name", package.get("maintainer") or package.get("author"))
    found.setdefault("contact_email", package.get("maintainer_email")
                     or package.get("author_email"))
    for name, value in defaults.items():
        found.setdefault(name, value)
    found = {k: v for k, v in found.items() if v not in (None, "")}
    if not contract_top_level:
        kept = [e for e in package.get("extras", []) if e.get("key") not in found
                and SYNONYMS.get(e.get("key")) not in found]
        kept += [{"key": k, "value": v if isinstance(v, str) else json.dumps(v)}
                 for k, v in found.items()]
        return dict(package, extras=kept)
    kept = [e for e in package.get("extras", [])
            if e.get("key") not in CONTRACT_FIELDS and e.get("key") not in SYNONYMS]
    return dict(package, extras=kept, **found)
