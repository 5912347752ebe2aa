"""From an agency's JSON to the fields of the Huế data contract (pure functions)."""
from __future__ import annotations

import datetime as dt
import hashlib
import json
from decimal import Decimal, InvalidOperation
from typing import Any

from .source_config import CONTRACT_FIELDS, FieldRule

_MISSING = object()


def resolve(document: Any, pointer: str) -> Any:
    """RFC 6901 JSON pointer lookup; returns ``None`` when any step is absent."""
    if pointer == "":
        return document
    current = document
    for token in pointer.split("/")[1:]:
        token = token.replace("~1", "/").replace("~0", "~")
        if isinstance(current, list):
            if not token.isdigit() or int(token) >= len(current):
                return None
            current = current[int(token)]
        elif isinstance(current, dict):
            current = current.get(token, _MISSING)
            if current is _MISSING:
                return None
        else:
            return None
    return current


class TransformError(ValueError):
    """A value that does not match its declared date or number format (value not repeated)."""


def _one(value: Any, rule: FieldRule) -> Any:
    if isinstance(value, str) and rule.trim:
        value = value.strip()
    if rule.values and isinstance(value, str):
        value = rule.values.get(value, value)
    if value in (None, ""):
        return None
    if rule.date_format and isinstance(value, str):
        try:
            return dt.datetime.strptime(value, rule.date_format).date().isoformat()  # noqa: DTZ007
        except ValueError:
            raise TransformError(f"not a date in the format {rule.date_format}") from None
    if rule.number and isinstance(value, str):
        text = value.replace(rule.group_char, "") if rule.group_char else value
        text = text.replace(rule.decimal_char, ".").replace(" ", "").replace("\u00a0", "")
        try:
            number = Decimal(text)
        except InvalidOperation:
            raise TransformError("not a number") from None
        return int(number) if number == number.to_integral_value() else float(number)
    return value


def apply_rule(document: Any, rule: FieldRule) -> Any:
    """The value of one field: pointer, then trim, split, value map, date/number parsing."""
    if rule.pointer is None:
        return rule.const
    value = resolve(document, rule.pointer)
    if rule.split and isinstance(value, str):
        parts = [_one(part, rule) for part in value.split(rule.split)]
        return [p for p in parts if p not in (None, "")]
    if isinstance(value, list) and (rule.values or rule.date_format or rule.number):
        return [v for v in (_one(item, rule) for item in value) if v not in (None, "")]
    return _one(value, rule)


def map_fields(document: Any, mapping: dict[str, FieldRule]) -> dict[str, Any]:
    """Every mapped field whose value is present in ``document``."""
    out = {}
    for name, rule in mapping.items():
        value = apply_rule(document, rule)
        if value is not None and value != "":
            out[name] = value
    return out


def content_hash(value: Any) -> str:
    """A stable hash of JSON-able content: key order and whitespace do not matter."""
    raw = json.dumps(value, sort_keys=True, ensure_ascii=False, separators=(",", ":"))
    return hashlib.sha256(raw.encode("utf-8")).hexdigest()


def _tags(value: Any) -> list[dict[str, str]]:
    if isinstance(value, str):
        value = [t.strip() for t in value.split(",")]
    return [{"name": str(t)[:100]} for t in value or [] if str(t).strip()]


def package_fields(fields: dict[str, Any], contract_top_level: bool) -> dict[str, Any]:
    """CKAN package keys for mapped fields.

    With the Huế schema loaded the contract fields are top-level keys; with CKAN's default
    schema they travel as extras (lists and booleans JSON-encoded).
    """
    package: dict[str, Any] = {}
    extras = []
    for name, value in fields.items():
        if name in ("guid", "modified", "deleted"):
            continue
        if name == "tags":
            package["tags"] = _tags(value)
        elif name in CONTRACT_FIELDS and not contract_top_level:
            text = value if isinstance(value, str) else json.dumps(value, ensure_ascii=False)
            extras.append({"key": name, "value": text})
        elif name == "spatial_coverage" and isinstance(value, str):
            package[name] = [value]
        else:
            package[name] = value
    if extras:
        package["extras"] = extras
    return package
