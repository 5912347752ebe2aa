"""A resource's file read as a typed table: decoding, parsing, column types, casting.

Pure functions, no CKAN: bytes in, :class:`Table` out. Every failure is a :class:`LoadError`
with a Vietnamese and an English message that the resource page shows as they are.

- Text is decoded as UTF-8 (with or without BOM), else as Windows-1258 (the Vietnamese
  code page older office software writes), never as Latin-1: a cp1258 file read as
  cp1252 turns "Phường" into mojibake without any error.
- CSV (delimiter sniffed among , ; tab |), XLSX (first sheet, dates kept), GeoJSON
  (properties as columns plus a ``geometry`` JSON column) and JSON arrays of objects.
- Column types come from the data dictionary (a Frictionless Table Schema, read by
  :mod:`ckanext.huedata.tableschema`) where it names the column, else they are inferred
  from every value (codes with leading zeros stay text).
"""
from __future__ import annotations

import codecs
import csv
import datetime as dt
import io
import json
import re
import unicodedata
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from typing import Any

from ckanext.huedata import tableschema as ts

CSV_FORMATS = {"csv", "tsv", "text/csv", "text/tab-separated-values"}
XLSX_FORMATS = {"xlsx", "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"}
JSON_FORMATS = {"geojson", "json", "application/geo+json", "application/json"}
SUPPORTED_FORMATS = CSV_FORMATS | XLSX_FORMATS | JSON_FORMATS
_RESERVED = {"_id", "_full_text"}


class LoadError(Exception):
    """A file that cannot become a DataStore table; the messages are shown to people."""

    def __init__(self, message_vi: str, message_en: str) -> None:
        super().__init__(message_en)
        self.message_vi = message_vi
        self.message_en = message_en


@dataclass
class Table:
    fields: list[ts.Field]
    rows: list[list[Any]]  # typed values, one list per row, in the order of ``fields``
    encoding: str = ""

    def datastore_fields(self) -> list[dict[str, Any]]:
        return ts.datastore_fields(self.fields)


def normalise_format(fmt: str | None, url: str = "") -> str:
    fmt = (fmt or "").strip().lower().lstrip(".")
    if not fmt and url:
        fmt = url.rsplit("?", 1)[0].rsplit(".", 1)[-1].lower()
    return fmt


def is_supported(fmt: str | None, url: str = "") -> bool:
    return normalise_format(fmt, url) in SUPPORTED_FORMATS


# --- decoding -----------------------------------------------------------------------------

def decode(data: bytes) -> tuple[str, str]:
    """``(text, encoding)``: UTF-8 with BOM, UTF-8, else Windows-1258; the text in NFC (cp1258
    writes tone marks as combining characters: "ờ" is "ơ" + U+0300)."""
    text, encoding = _decode(data)
    return unicodedata.normalize("NFC", text), encoding


def _decode(data: bytes) -> tuple[str, str]:
    if data.startswith(codecs.BOM_UTF8):
        return data[len(codecs.BOM_UTF8):].decode("utf-8", errors="strict"), "utf-8-sig"
    if data.startswith((codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)):
        return data.decode("utf-16"), "utf-16"
    try:
        return data.decode("utf-8"), "utf-8"
    except UnicodeDecodeError:
        pass
    try:
        return data.decode("cp1258"), "cp1258"
    except UnicodeDecodeError:
        raise LoadError("Không đọc được bảng mã của tệp (hãy lưu tệp dạng UTF-8).",
                        "The file's character encoding cannot be read (save it as UTF-8).") from None


# --- parsing to text cells ----------------------------------------------------------------

def _cell_text(value: Any) -> str | None:
    """A spreadsheet or JSON value as the text the type inference reads."""
    if value is None:
        return None
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, dt.datetime):
        if value.time() == dt.time(0):
            return value.date().isoformat()
        return value.isoformat(timespec="seconds")
    if isinstance(value, (dt.date, dt.time)):
        return value.isoformat()
    if isinstance(value, float) and value.is_integer() and abs(value) < 1e15:
        return str(int(value))
    if isinstance(value, (dict, list)):
        return json.dumps(value, ensure_ascii=False)
    return str(value)


def _read_csv(text: str, fmt: str) -> tuple[list[str], Iterator[list[str]]]:
    sample = text[:65536]
    delimiter = "\t" if fmt in ("tsv", "text/tab-separated-values") else ","
    if delimiter == ",":
        try:
            delimiter = csv.Sniffer().sniff(sample.split("\n", 20)[0] if sample else ",", ",;\t|").delimiter
        except csv.Error:
            delimiter = ","
    reader = csv.reader(io.StringIO(text, newline=""), delimiter=delimiter, strict=True)
    try:
        header = next(reader)
    except StopIteration:
        raise LoadError("Tệp trống.", "The file is empty.") from None
    except csv.Error:
        raise LoadError("Dòng tiêu đề của tệp CSV không đọc được.", "The CSV header row cannot be read.") from None
    return header, reader


def _read_xlsx(data: bytes) -> tuple[list[str], Iterator[list[str | None]]]:
    import openpyxl

    try:
        book = openpyxl.load_workbook(io.BytesIO(data), read_only=True, data_only=True)
    except Exception:  # openpyxl raises many kinds (zipfile, KeyError, XML errors)
        raise LoadError("Tệp XLSX bị hỏng hoặc không phải XLSX.", "The XLSX file is broken or not XLSX.") from None
    sheet = book.worksheets[0]
    rows = sheet.iter_rows(values_only=True)
    try:
        header = [_cell_text(v) or "" for v in next(rows)]
    except StopIteration:
        raise LoadError("Tệp trống.", "The file is empty.") from None
    while header and not header[-1]:
        header.pop()

    def body() -> Iterator[list[str | None]]:
        for row in rows:
            cells = [_cell_text(v) for v in row[:len(header)]]
            if any(c not in (None, "") for c in cells):
                yield cells
    return header, body()


def _read_json(text: str) -> tuple[list[str], Iterator[list[str | None]]]:
    try:
        document = json.loads(text)
    except ValueError:
        raise LoadError("Tệp JSON không hợp lệ.", "The JSON file is not valid.") from None
    records: list[dict[str, Any]]
    if isinstance(document, dict) and document.get("type") == "FeatureCollection":
        records = []
        for feature in document.get("features") or []:
            if not isinstance(feature, dict):
                continue
            record = dict(feature.get("properties") or {})
            record["geometry"] = feature.get("geometry")
            records.append(record)
    elif isinstance(document, list) and all(isinstance(r, dict) for r in document):
        records = document
    elif isinstance(document, dict) and isinstance(document.get("data"), list):
        records = [r for r in document["data"] if isinstance(r, dict)]
    else:
        raise LoadError("Tệp JSON phải là GeoJSON FeatureCollection hoặc một mảng đối tượng.",
                        "The JSON file must be a GeoJSON FeatureCollection or an array of objects.")
    header: list[str] = []
    for record in records:
        for key in record:
            if key not in header:
                header.append(str(key))
    return header, ([_cell_text(r.get(k)) for k in header] for r in records)


# --- types --------------------------------------------------------------------------------

_INTEGER = re.compile(r"^[+-]?(0|[1-9]\d{0,17})$")
_NUMBER = re.compile(r"^[+-]?(0|[1-9]\d*)(\.\d+)?([eE][+-]?\d+)?$")
_DATE = re.compile(r"^\d{4}-\d{2}-\d{2}$")
_DATE_VN = re.compile(r"^\d{1,2}/\d{1,2}/\d{4}$")
_DATETIME = re.compile(r"^\d{4}-\d{2}-\d{2}[T ]\d{2}:\d{2}(:\d{2}(\.\d+)?)?$")


def _valid(pattern: str, value: str) -> bool:
    try:
        dt.datetime.strptime(value, pattern)  # noqa: DTZ007 (a cell has no zone)
    except ValueError:
        return False
    return True


def infer_field(name: str, values: Iterable[str | None], json_column: bool = False) -> ts.Field:
    """The narrowest type every non-empty value fits: integer, number, date, datetime or string."""
    if json_column:
        return ts.Field(name=name, type="object")
    candidates = ["integer", "number", "date", "date_vn", "datetime"]
    seen = False
    for value in values:
        if value is None or value.strip() == "":
            continue
        seen = True
        value = value.strip()
        candidates = [c for c in candidates if (
            (c == "integer" and _INTEGER.match(value)) or
            (c == "number" and _NUMBER.match(value)) or
            (c == "date" and _DATE.match(value) and _valid("%Y-%m-%d", value)) or
            (c == "date_vn" and _DATE_VN.match(value) and _valid("%d/%m/%Y", value)) or
            (c == "datetime" and _DATETIME.match(value)))]
        if not candidates:
            break
    if not seen or not candidates:
        return ts.Field(name=name)
    best = candidates[0]
    if best == "date_vn":
        return ts.Field(name=name, type="date", format="%d/%m/%Y")
    return ts.Field(name=name, type=best)


def _clean_header(header: list[str]) -> list[str]:
    names: list[str] = []
    for index, raw in enumerate(header):
        name = (raw or "").strip().replace('"', "'").replace("%", " phần trăm")[:63] or f"cot_{index + 1}"
        if name in _RESERVED or name.startswith("_"):
            name = "c" + name
        base, n = name, 2
        while name in names:
            name = f"{base[:60]}_{n}"
            n += 1
        names.append(name)
    return names


def read_table(data: bytes, fmt: str, dictionary: Any = None, max_rows: int | None = None) -> Table:
    """The typed table of a file; raises :class:`LoadError` (nothing is written anywhere)."""
    fmt = normalise_format(fmt)
    encoding = ""
    if fmt in XLSX_FORMATS:
        header, body = _read_xlsx(data)
    else:
        text, encoding = decode(data)
        header, body = _read_json(text) if fmt in JSON_FORMATS else _read_csv(text, fmt)
    names = _clean_header([str(h) for h in header])
    if not names:
        raise LoadError("Tệp không có cột nào.", "The file has no columns.")
    raw_rows: list[list[str | None]] = []
    try:
        for line, row in enumerate(body, start=2):
            if not row or all(c in (None, "") for c in row):
                continue
            if len(row) > len(names) and any(c not in (None, "") for c in row[len(names):]):
                raise LoadError(f"Dòng {line} có nhiều ô hơn dòng tiêu đề.",
                                f"Row {line} has more cells than the header row.")
            raw_rows.append(list(row[:len(names)]) + [None] * (len(names) - len(row)))
            if max_rows and len(raw_rows) >= max_rows:
                break
    except csv.Error as error:
        raise LoadError(f"Tệp CSV hỏng: {error}.", f"The CSV file is broken: {error}.") from None
    declared = _dictionary_fields(dictionary)
    fields = []
    for index, name in enumerate(names):
        if name in declared:
            fields.append(declared[name])
        else:
            is_geometry = fmt in JSON_FORMATS and name == "geometry"
            fields.append(infer_field(name, (r[index] for r in raw_rows), json_column=is_geometry))
    rows: list[list[Any]] = raw_rows  # cast in place: a million-row file is held once
    for index, raw in enumerate(raw_rows):
        try:
            rows[index] = [ts.cast(value, f) for value, f in zip(raw, fields, strict=True)]
        except ts.CastError as error:
            number = index + 2
            raise LoadError(f"Dòng {number}: {error.message_vi}", f"Row {number}: {error.message_en}") from None
    return Table(fields=fields, rows=rows, encoding=encoding)


def _dictionary_fields(dictionary: Any) -> dict[str, ts.Field]:
    if not dictionary:
        return {}
    try:
        return {f.name: f for f in ts.parse_schema(dictionary)}
    except ts.SchemaError as error:
        raise LoadError(error.message_vi, error.message_en) from None
