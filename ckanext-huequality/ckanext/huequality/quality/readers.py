"""Streaming readers for tabular resources: CSV, XLSX and JSON arrays.

Each reader yields the header once, then rows one at a time, so memory stays constant
whatever the file size. A file that cannot be parsed raises ``UnreadableFile`` with a
message a person can act on; the scorers turn it into evidence and a score.
"""

from __future__ import annotations

import codecs
import csv
import io
from collections.abc import Iterator
from dataclasses import dataclass
from typing import IO, Any

TABULAR_FORMATS = {"csv": "csv", "tsv": "csv", "xlsx": "xlsx", "json": "json"}
_SNIFF_BYTES = 64 * 1024


def _(message: str) -> str:
    """Marks a reason for extraction into the .po; the evidence carries it in Vietnamese and
    English (``translations.bilingual``), this pure module never translates."""
    return message


class UnreadableFile(Exception):
    """The file is not a table we can read: ``message`` (an English msgid with ``{fields}``)
    and ``params`` say why; ``str(exc)`` is the English sentence. No internal detail (a
    library's exception text) is kept: the evidence is public."""

    def __init__(self, message: str, **params: Any) -> None:
        self.message = message
        self.params = params
        super().__init__(message.format(**params))


@dataclass
class Table:
    header: list[str]
    rows: Iterator[list[str]]


def reader_format(fmt: str | None, url: str | None = None) -> str | None:
    """The reader for a resource, from its CKAN format or else its file extension."""
    key = (fmt or "").strip().lower().lstrip(".")
    if key in TABULAR_FORMATS:
        return TABULAR_FORMATS[key]
    ext = (url or "").rsplit("?", 1)[0].rsplit(".", 1)[-1].lower()
    return TABULAR_FORMATS.get(ext)


def open_table(path: str, fmt: str) -> Table:
    if fmt == "csv":
        return _csv_table(path)
    if fmt == "xlsx":
        return _xlsx_table(path)
    if fmt == "json":
        return _json_table(path)
    raise UnreadableFile(_("unsupported format {format}"), format=fmt)


def _cell(value: Any) -> str:
    if value is None:
        return ""
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    if hasattr(value, "isoformat"):
        return value.isoformat()
    return str(value)


def _csv_table(path: str) -> Table:
    with open(path, "rb") as probe:
        head = probe.read(_SNIFF_BYTES)
    if b"\x00" in head:
        raise UnreadableFile(_("the file is binary, not CSV text"))
    encoding = "utf-8-sig"
    try:
        codecs.decode(head[: len(head) - 4] if len(head) == _SNIFF_BYTES else head, encoding)
    except UnicodeDecodeError:
        encoding = "cp1258"  # Vietnamese Windows code page, the usual non-UTF-8 export
    text = head.decode(encoding, errors="replace")
    try:
        dialect: Any = csv.Sniffer().sniff(text.split("\n", 20)[0] if text else ",", delimiters=",;\t|")
        delimiter = dialect.delimiter
    except csv.Error:
        delimiter = ","
    # The rows are read lazily after this function returns: the generator closes the file.
    handle: IO[str] = open(path, encoding=encoding, errors="strict", newline="")  # noqa: SIM115
    reader = csv.reader(handle, delimiter=delimiter)
    try:
        header = next(reader)
    except StopIteration:
        handle.close()
        raise UnreadableFile(_("the file is empty: no header row")) from None
    except (csv.Error, UnicodeDecodeError):
        handle.close()
        raise UnreadableFile(_("the header row cannot be read")) from None

    def rows() -> Iterator[list[str]]:
        with handle:
            try:
                yield from reader
            except UnicodeDecodeError:
                # Text is decoded in blocks: the bad byte lies at or after this line.
                raise UnreadableFile(
                    _("text cannot be decoded as {encoding} after line {line}"), encoding=encoding, line=reader.line_num
                ) from None
            except csv.Error:
                raise UnreadableFile(_("line {line} is not valid CSV"), line=reader.line_num) from None

    return Table([h.strip() for h in header], rows())


def _xlsx_table(path: str) -> Table:
    import zipfile

    from openpyxl import load_workbook
    from openpyxl.utils.exceptions import InvalidFileException

    handle = open(path, "rb")  # noqa: SIM115 (closed by rows()); a file object: uploads have no extension
    try:
        # read_only streams the sheet XML instead of building every cell in memory.
        book = load_workbook(handle, read_only=True, data_only=True)
    except (zipfile.BadZipFile, InvalidFileException, KeyError, OSError, ValueError):
        handle.close()
        raise UnreadableFile(_("not a readable XLSX workbook")) from None
    sheet = book.worksheets[0]
    values = sheet.iter_rows(values_only=True)
    try:
        header = [_cell(v).strip() for v in next(values)]
    except StopIteration:
        book.close()
        handle.close()
        raise UnreadableFile(_("the first sheet is empty: no header row")) from None
    while header and header[-1] == "":
        header.pop()
    width = len(header)

    def rows() -> Iterator[list[str]]:
        try:
            for raw in values:
                row = [_cell(v) for v in raw[:width]]
                if any(row):
                    yield row
        except (zipfile.BadZipFile, KeyError, ValueError):
            raise UnreadableFile(_("the workbook is damaged")) from None
        finally:
            book.close()
            handle.close()

    return Table(header, rows())


def _json_table(path: str) -> Table:
    import ijson

    handle = open(path, "rb")  # noqa: SIM115 (closed by rows())
    items = ijson.items(handle, "item")
    try:
        first = next(items)
    except StopIteration:
        handle.close()
        raise UnreadableFile(_("the JSON array is empty or the file is not a JSON array")) from None
    except ijson.JSONError:
        handle.close()
        raise UnreadableFile(_("not valid JSON")) from None
    if isinstance(first, dict):
        header = [str(k) for k in first]
    elif isinstance(first, list):
        header = [_cell(v) for v in first]
    else:
        handle.close()
        raise UnreadableFile(_("the JSON array must hold objects (or a header list then lists)"))

    def as_row(item: Any) -> list[str]:
        if isinstance(item, dict):
            return [_cell(item.get(name)) for name in header]
        if isinstance(item, list):
            return [_cell(v) for v in item]
        raise UnreadableFile(_("an array item is a {kind}, not an object"), kind=type(item).__name__)

    def rows() -> Iterator[list[str]]:
        with handle:
            try:
                if isinstance(first, dict):
                    yield as_row(first)
                for item in items:
                    yield as_row(item)
            except ijson.JSONError:
                raise UnreadableFile(_("not valid JSON")) from None

    return Table(header, rows())


def table_from_text(text: str) -> Table:
    """A CSV table from a string (used by tests and small previews)."""
    reader = csv.reader(io.StringIO(text))
    header = next(reader)
    return Table(header, iter(reader))
