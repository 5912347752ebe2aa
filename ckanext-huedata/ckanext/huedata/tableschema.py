"""Frictionless Table Schema, read one way for the whole suite.

A resource's data dictionary (the Huế schema's ``data_dictionary``) and an LGSP records
mapping describe their columns as a Table Schema (https://specs.frictionlessdata.io/table-schema/).
This module turns such a schema into DataStore fields and turns text cells into typed values,
so that the records harvest, DataStore loading and the quality scorer agree on what a column
holds. Pure functions: no CKAN, no database.
"""
from __future__ import annotations

import datetime as dt
import json
import re
from dataclasses import dataclass, field
from decimal import Decimal, InvalidOperation
from typing import Any

# Table Schema type -> DataStore (PostgreSQL) column type
DATASTORE_TYPES: dict[str, str] = {
    "string": "text",
    "integer": "int8",
    "number": "numeric",
    "boolean": "bool",
    "date": "date",
    "datetime": "timestamp",
    "time": "time",
    "year": "int4",
    "object": "json",
    "array": "json",
}
DEFAULT_MISSING = ("",)
DEFAULT_TRUE = ("true", "True", "TRUE", "1")
DEFAULT_FALSE = ("false", "False", "FALSE", "0")
_FIELD_NAME = re.compile(r"^[^\"%]{1,63}$")  # what a DataStore column name may be (no quotes, no %)


class SchemaError(ValueError):
    """The Table Schema itself is not usable; ``message_vi``/``message_en`` for the publisher."""

    def __init__(self, message_vi: str, message_en: str) -> None:
        super().__init__(message_en)
        self.message_vi = message_vi
        self.message_en = message_en


class CastError(ValueError):
    """A cell that does not match its column's type or format (the value is not repeated:
    cells may hold personal data)."""

    def __init__(self, column: str, type_: str, format_: str | None) -> None:
        detail = f"{type_}" + (f", {format_}" if format_ and format_ != "default" else "")
        self.column = column
        self.message_vi = f"Cột “{column}”: giá trị không đúng kiểu {detail}."
        self.message_en = f"Column “{column}”: a value is not a valid {detail}."
        super().__init__(self.message_en)


@dataclass(frozen=True)
class Field:
    name: str
    type: str = "string"
    format: str = "default"
    title: str = ""
    description: str = ""
    decimal_char: str = "."
    group_char: str = ""
    bare_number: bool = True
    true_values: tuple[str, ...] = DEFAULT_TRUE
    false_values: tuple[str, ...] = DEFAULT_FALSE
    missing_values: tuple[str, ...] = DEFAULT_MISSING
    extra: dict[str, Any] = field(default_factory=dict)  # other properties (e.g. an LGSP "pointer")

    @property
    def datastore_type(self) -> str:
        return DATASTORE_TYPES.get(self.type, "text")


KNOWN = {"name", "type", "format", "title", "description", "decimalChar", "groupChar", "bareNumber",
         "trueValues", "falseValues", "missingValues", "constraints", "rdfType", "example"}


def parse_schema(schema: Any) -> list[Field]:
    """The fields of a Table Schema given as a dict or JSON text; raises :class:`SchemaError`."""
    if isinstance(schema, str):
        try:
            schema = json.loads(schema) if schema.strip() else {}
        except ValueError:
            raise SchemaError("Từ điển dữ liệu không phải JSON hợp lệ.", "The data dictionary is not valid JSON.") from None
    if isinstance(schema, list):  # a bare list of fields
        schema = {"fields": schema}
    if not isinstance(schema, dict) or not isinstance(schema.get("fields", []), list):
        raise SchemaError("Từ điển dữ liệu phải có danh sách “fields”.", "The data dictionary needs a “fields” list.")
    missing = tuple(str(v) for v in schema.get("missingValues", DEFAULT_MISSING))
    fields: list[Field] = []
    seen: set[str] = set()
    for raw in schema.get("fields", []):
        if not isinstance(raw, dict) or not isinstance(raw.get("name"), str) or not _FIELD_NAME.match(raw["name"]):
            raise SchemaError("Mỗi cột cần một tên hợp lệ (tối đa 63 ký tự, không có dấu nháy kép hay %).",
                              "Every column needs a valid name (at most 63 characters, no double quote or %).")
        name = raw["name"]
        if name in seen:
            raise SchemaError(f"Tên cột “{name}” bị lặp.", f"The column name “{name}” is repeated.")
        seen.add(name)
        type_ = str(raw.get("type") or "string")
        if type_ not in DATASTORE_TYPES and type_ not in ("any", "geopoint", "geojson", "duration", "yearmonth"):
            raise SchemaError(f"Cột “{name}”: kiểu “{type_}” không được hỗ trợ.",
                              f"Column “{name}”: the type “{type_}” is not supported.")
        fields.append(Field(
            name=name, type=type_, format=str(raw.get("format") or "default"),
            title=str(raw.get("title") or ""), description=str(raw.get("description") or ""),
            decimal_char=str(raw.get("decimalChar", ".")), group_char=str(raw.get("groupChar", "")),
            bare_number=bool(raw.get("bareNumber", True)),
            true_values=tuple(str(v) for v in raw.get("trueValues", DEFAULT_TRUE)),
            false_values=tuple(str(v) for v in raw.get("falseValues", DEFAULT_FALSE)),
            missing_values=missing,
            extra={k: v for k, v in raw.items() if k not in KNOWN},
        ))
    return fields


def datastore_fields(fields: list[Field]) -> list[dict[str, Any]]:
    """DataStore ``fields`` for ``datastore_create``, with the titles as data dictionary labels."""
    result = []
    for f in fields:
        info = {k: v for k, v in (("label", f.title), ("notes", f.description)) if v}
        entry: dict[str, Any] = {"id": f.name, "type": f.datastore_type}
        if info:
            entry["info"] = info
        result.append(entry)
    return result


def _strptime_pattern(format_: str) -> str | None:
    if format_ in ("default", "any", ""):
        return None
    return format_[4:] if format_.startswith("fmt:") else format_  # "fmt:" is the v1.0-rc prefix


def _number_text(text: str, f: Field) -> str:
    if f.group_char:
        text = text.replace(f.group_char, "")
    if f.decimal_char != ".":
        text = text.replace(f.decimal_char, ".")
    if not f.bare_number:
        text = re.sub(r"[^0-9eE+\-.]", "", text)
    return text.replace(" ", "").replace("\u00a0", "")


def cast(value: Any, f: Field) -> Any:
    """The typed value of one cell (None for a missing value); raises :class:`CastError`.

    Values already of the right Python type pass through (JSON APIs often send numbers).
    """
    if value is None:
        return None
    if isinstance(value, str):
        text = value.strip()
        if text in f.missing_values or value in f.missing_values:
            return None
    else:
        text = ""
    try:
        return _cast(value, text, f)
    except (ValueError, InvalidOperation, TypeError, OverflowError):
        raise CastError(f.name, f.type, f.format) from None


def _cast(value: Any, text: str, f: Field) -> Any:
    t = f.type
    if t in ("string", "any", "geopoint", "duration", "yearmonth"):
        return value if isinstance(value, str) else json.dumps(value, ensure_ascii=False)
    if t in ("object", "array", "geojson"):
        parsed = json.loads(text) if isinstance(value, str) else value
        expected = list if t == "array" else dict
        if not isinstance(parsed, expected):
            raise ValueError(t)
        return parsed
    if t == "boolean":
        if isinstance(value, bool):
            return value
        if text in f.true_values:
            return True
        if text in f.false_values:
            return False
        raise ValueError(t)
    if t == "integer":
        if isinstance(value, bool):
            raise ValueError(t)
        if isinstance(value, int):
            return value
        number = Decimal(_number_text(text, f)) if isinstance(value, str) else Decimal(str(value))
        if number != number.to_integral_value():
            raise ValueError(t)
        return int(number)
    if t == "number":
        if isinstance(value, bool):
            raise ValueError(t)
        number = Decimal(_number_text(text, f)) if isinstance(value, str) else Decimal(str(value))
        if not number.is_finite():
            raise ValueError(t)
        return number
    if t == "year":
        year = int(text) if isinstance(value, str) else int(value)
        if not 0 < year < 10000:
            raise ValueError(t)
        return year
    if not isinstance(value, str):
        raise ValueError(t)
    pattern = _strptime_pattern(f.format)
    if t == "date":
        return dt.datetime.strptime(text, pattern).date() if pattern else dt.date.fromisoformat(text)  # noqa: DTZ007 (a cell has no zone)
    if t == "datetime":
        parsed = dt.datetime.strptime(text, pattern) if pattern else dt.datetime.fromisoformat(text.replace("Z", "+00:00"))  # noqa: DTZ007 (a cell has no zone)
        return parsed
    if t == "time":
        return dt.datetime.strptime(text, pattern).time() if pattern else dt.time.fromisoformat(text)  # noqa: DTZ007 (a cell has no zone)
    raise ValueError(t)


def to_text(value: Any) -> str:
    """A typed value written for a CSV file or a DataStore text parameter (ISO dates, '.' decimals)."""
    if value is None:
        return ""
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, (dt.date, dt.time)):  # datetime is a date
        return value.isoformat()
    if isinstance(value, Decimal):
        return format(value, "f")
    if isinstance(value, (dict, list)):
        return json.dumps(value, ensure_ascii=False)
    return str(value)
