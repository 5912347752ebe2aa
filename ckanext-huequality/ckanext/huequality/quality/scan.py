"""One streaming pass over a table, counting what every dimension needs.

Completeness, accuracy, code-list consistency and duplicate rows are counted in the same
loop, so a file is read once. Without a data dictionary the column types are inferred from
the first ``infer_rows`` rows, which are then checked like the rest.
"""
from __future__ import annotations

import itertools
import json
from dataclasses import dataclass, field
from datetime import date
from typing import Any

from . import fields as F
from .duplicates import DuplicateCounter
from .readers import Table, UnreadableFile
from .types import MAX_EXAMPLES


@dataclass
class TableScan:
    resource_id: str
    resource_name: str
    rows: int = 0
    required_columns: list[str] = field(default_factory=list)
    required_cells: int = 0
    required_filled: int = 0
    checked_cells: int = 0
    valid_cells: int = 0
    code_cells: int = 0
    code_valid: int = 0
    duplicates: int = 0
    duplicate_key: list[str] = field(default_factory=list)
    signature: list[tuple[str, str]] = field(default_factory=list)
    schema_source: str = "inferred"  # or "data_dictionary"
    empty_examples: list[dict[str, Any]] = field(default_factory=list)
    invalid_examples: list[dict[str, Any]] = field(default_factory=list)
    code_examples: list[dict[str, Any]] = field(default_factory=list)
    duplicate_rows: list[int] = field(default_factory=list)
    error: str | None = None


def parse_data_dictionary(raw: Any) -> dict[str, Any] | None:
    """The resource's Table Schema (a JSON string or a dict), or None when absent or unusable."""
    if not raw:
        return None
    if isinstance(raw, str):
        try:
            raw = json.loads(raw)
        except ValueError:
            return None
    if isinstance(raw, dict) and isinstance(raw.get("fields"), list):
        return raw
    return None


def _primary_key(schema: dict[str, Any] | None) -> list[str]:
    if not schema:
        return []
    key = schema.get("primaryKey") or []
    return [key] if isinstance(key, str) else [str(k) for k in key]


def _example(bucket: list[dict[str, Any]], **example: Any) -> None:
    if len(bucket) < MAX_EXAMPLES:
        bucket.append(example)


def scan_table(
    table: Table,
    schema: dict[str, Any] | None,
    *,
    resource_id: str = "",
    resource_name: str = "",
    today: date,
    bbox: F.Bbox,
    infer_rows: int = 100,
    memory_limit: int = 200_000,
) -> TableScan:
    scan = TableScan(resource_id=resource_id, resource_name=resource_name)
    header = table.header
    rows = table.rows
    primary_key = [k for k in _primary_key(schema) if k in header]
    if schema:
        scan.schema_source = "data_dictionary"
        by_name = {str(f.get("name")): f for f in schema["fields"]}
        specs = [by_name.get(name, {"name": name, "type": "string"}) for name in header]
    else:
        sample = list(itertools.islice(rows, infer_rows))
        specs = [{"name": name, "type": F.infer_type([r[i] if i < len(r) else "" for r in sample])}
                 for i, name in enumerate(header)]
        rows = itertools.chain(sample, rows)
    columns = [F.build_column(spec, primary_key, today, bbox) for spec in specs]
    if not any(c.required for c in columns):
        # No declared required column: every column should be filled.
        for c in columns:
            c.required = True
    scan.signature = [(c.name, c.type) for c in columns]
    scan.required_columns = [c.name for c in columns if c.required]
    scan.duplicate_key = primary_key or list(header)
    width = len(header)
    required_idx = [i for i, c in enumerate(columns) if c.required]
    checks = [(i, c.name, c.check) for i, c in enumerate(columns) if c.check]
    code_checks = [(i, c.name, F.code_list_checker(c)) for i, c in enumerate(columns) if c.code_list]
    key_idx = [header.index(k) for k in primary_key]
    counter = DuplicateCounter(memory_limit=memory_limit)

    required_cells = required_filled = checked = valid = code_cells = code_valid = 0
    row_number = 1  # the header is row 1, as a spreadsheet shows it
    try:
        for row in rows:
            row_number += 1
            if len(row) < width:
                row = row + [""] * (width - len(row))
            for i in required_idx:
                required_cells += 1
                if row[i].strip():
                    required_filled += 1
                elif len(scan.empty_examples) < MAX_EXAMPLES:
                    _example(scan.empty_examples, row=row_number, column=header[i])
            for i, name, check in checks:
                value = row[i]
                if not value:
                    continue
                checked += 1
                problem = check(value)  # type: ignore[misc]
                if problem is None:
                    valid += 1
                elif len(scan.invalid_examples) < MAX_EXAMPLES:
                    _example(scan.invalid_examples, row=row_number, column=name, value=value[:100], problem=problem)
            for i, name, check in code_checks:
                value = row[i]
                if not value.strip():
                    continue
                code_cells += 1
                problem = check(value)  # type: ignore[misc]
                if problem is None:
                    code_valid += 1
                elif len(scan.code_examples) < MAX_EXAMPLES:
                    _example(scan.code_examples, row=row_number, column=name, value=value[:100], problem=problem)
            key = tuple(row[i] for i in key_idx) if key_idx else tuple(row[:width])
            counter.add(hash(key), row_number)
    except UnreadableFile as exc:
        scan.error = str(exc)
    finally:
        scan.duplicates = counter.finish()
        scan.duplicate_rows = counter.example_rows

    scan.rows = row_number - 1
    scan.required_cells, scan.required_filled = required_cells, required_filled
    scan.checked_cells, scan.valid_cells = checked, valid
    scan.code_cells, scan.code_valid = code_cells, code_valid
    return scan
