"""The annual report as CSV and XLSX: the rows and numbers of the action, with the page's headers."""
from __future__ import annotations

import csv
import io
from typing import Any

import ckan.plugins.toolkit as tk

from .report import columns


def table(result: dict[str, Any]) -> tuple[list[str], list[list[Any]]]:
    """Headers and rows (each agency, then the whole city), as the page shows them."""
    keys = [key for key, _header in columns()]
    city = dict(result["city"], title=tk._("Whole city"))
    rows = [[row.get(key) for key in keys] for row in [*result["agencies"], city]]
    return [header for _key, header in columns()], rows


def as_csv(result: dict[str, Any]) -> bytes:
    headers, rows = table(result)
    buffer = io.StringIO()
    writer = csv.writer(buffer)
    writer.writerow(headers)
    for row in rows:
        writer.writerow(["" if value is None else value for value in row])
    # a byte-order mark so that spreadsheet programs read the Vietnamese text as UTF-8
    return ("\ufeff" + buffer.getvalue()).encode("utf-8")


def as_xlsx(result: dict[str, Any]) -> bytes:
    from openpyxl import Workbook

    headers, rows = table(result)
    book = Workbook()
    sheet = book.active
    sheet.title = str(result["year"])
    sheet.append(headers)
    for row in rows:
        sheet.append(row)
    sheet.freeze_panes = "B2"
    buffer = io.BytesIO()
    book.save(buffer)
    return buffer.getvalue()
