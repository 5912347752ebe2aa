"""The compliance report as CSV and XLSX: the same rows and numbers as the dashboard."""

from __future__ import annotations

import csv
import io
from typing import Any

import ckan.plugins.toolkit as tk


def columns() -> list[tuple[str, str]]:
    """(report key, translated header) in the order of the dashboard table."""
    return [
        ("title", tk._("Agency")),
        ("datasets_required", tk._("Datasets with a deadline")),
        ("on_time", tk._("On time")),
        ("late", tk._("Late")),
        ("overdue", tk._("Overdue")),
        ("pending", tk._("Not yet due")),
        ("on_time_pct", tk._("On-time rate (percent)")),
        ("datasets_published", tk._("Datasets published")),
        ("data_updates", tk._("Data updates")),
    ]


def report_rows(report: dict[str, Any]) -> list[list[Any]]:
    city = dict(report["city"], title=tk._("Whole city"))
    return [[row[key] for key, _ in columns()] for row in [*report["agencies"], city]]


def report_csv(report: dict[str, Any]) -> bytes:
    buffer = io.StringIO()
    writer = csv.writer(buffer)
    writer.writerow([header for _, header in columns()])
    for row in report_rows(report):
        writer.writerow(["" if value is None else value for value in row])
    # A byte-order mark so that spreadsheet programs read the Vietnamese text as UTF-8.
    return ("\ufeff" + buffer.getvalue()).encode("utf-8")


def report_xlsx(report: dict[str, Any]) -> bytes:
    from openpyxl import Workbook
    from openpyxl.styles import Font

    book = Workbook()
    sheet = book.active
    sheet.title = report["period"]
    sheet.append(
        [
            tk._("Update deadline compliance, period {period} ({start} to {end})").format(
                period=report["period"], start=report["start"], end=report["end"]
            )
        ]
    )
    sheet.append([header for _, header in columns()])
    for cell in sheet[2]:
        cell.font = Font(bold=True)
    for row in report_rows(report):
        sheet.append(row)
    sheet.column_dimensions["A"].width = 45
    buffer = io.BytesIO()
    book.save(buffer)
    return buffer.getvalue()
