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
    # Why the file could not be read (or not to the end): English, and the reason as a msgid
    # with its fields so the caller can write the Vietnamese too (``error_vi``).
    error: str | None = None
    error_reason: tuple[str, dict[str, Any]] | None = None
    error_vi: str | None = None


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
    batch_size: int = 5_000,
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
        specs = [
            {"name": name, "type": F.infer_type([r[i] if i < len(r) else "" for r in sample])}
            for i, name in enumerate(header)
        ]
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
    plan = _Plan(
        required=[i for i, c in enumerate(columns) if c.required],
        checks=[
            (i, c.name, c.check, F.build_fast_check(spec, today, bbox))
            for i, (c, spec) in enumerate(zip(columns, specs, strict=False))
            if c.check
        ],
        code_checks=[
            (i, c.name, F.code_list_checker(c), F.build_fast_code_check(c.code_list))
            for i, c in enumerate(columns)
            if c.code_list
        ],
        key=[header.index(k) for k in primary_key],
    )
    counter = DuplicateCounter(memory_limit=memory_limit)
    first_row = 2  # the header is row 1, as a spreadsheet shows it
    try:
        while True:
            batch, failure = _take(rows, batch_size)
            if failure is not None:
                scan.error, scan.error_reason = str(failure), (failure.message, failure.params)
            if batch:
                if set(map(len, batch)) != {width}:
                    batch = [(r + [""] * width)[:width] for r in batch]
                _scan_batch(scan, plan, batch, header, first_row, counter)
                first_row += len(batch)
            if scan.error or len(batch) < batch_size:
                break
    finally:
        scan.duplicates = counter.finish()
        scan.duplicate_rows = counter.example_rows
    scan.rows = first_row - 2
    # Batches are read column by column; show the examples in reading order.
    position = {name: i for i, name in enumerate(header)}
    for bucket in (scan.empty_examples, scan.invalid_examples, scan.code_examples):
        bucket.sort(key=lambda e: (e["row"], position.get(e["column"], 0)))
    return scan


def _take(rows: Any, size: int) -> tuple[list[list[str]], UnreadableFile | None]:
    """Up to ``size`` rows, and the reader's error if it failed (rows read before it are kept)."""
    batch: list[list[str]] = []
    try:
        batch.extend(itertools.islice(rows, size))
    except UnreadableFile as exc:
        return batch, exc
    return batch, None


@dataclass
class _Plan:
    required: list[int]
    checks: list[tuple[int, str, Any, Any]]
    code_checks: list[tuple[int, str, Any, Any]]
    key: list[int]


def _scan_batch(
    scan: TableScan, plan: _Plan, batch: list[list[str]], header: list[str], first_row: int, counter: DuplicateCounter
) -> None:
    """Column by column over a batch of rows: C-level passes first, cell by cell only on failure."""
    cols = list(zip(*batch, strict=False))
    size = len(batch)
    for i in plan.required:
        col = cols[i]
        filled = sum(map(bool, map(str.strip, col)))
        scan.required_cells += size
        scan.required_filled += filled
        if filled < size and len(scan.empty_examples) < MAX_EXAMPLES:
            for offset, value in enumerate(col):
                if not value.strip():
                    _example(scan.empty_examples, row=first_row + offset, column=header[i])
    for i, name, check, fast in plan.checks:
        values: list[str] = list(filter(None, cols[i]))
        if not values:
            continue
        scan.checked_cells += len(values)
        if fast is not None and fast(values):
            scan.valid_cells += len(values)
            continue
        for offset, value in enumerate(cols[i]):
            if not value:
                continue
            problem = check(value)
            if problem is None:
                scan.valid_cells += 1
            else:
                _example(scan.invalid_examples, row=first_row + offset, column=name, value=value[:100], problem=problem)
    for i, name, check, fast in plan.code_checks:
        values = [v for v in cols[i] if v.strip()]
        if not values:
            continue
        scan.code_cells += len(values)
        if fast is not None and fast(values):
            scan.code_valid += len(values)
            continue
        for offset, value in enumerate(cols[i]):
            if not value.strip():
                continue
            problem = check(value)
            if problem is None:
                scan.code_valid += 1
            else:
                _example(scan.code_examples, row=first_row + offset, column=name, value=value[:100], problem=problem)
    keys = zip(*(cols[i] for i in plan.key), strict=False) if plan.key else map(tuple, batch)
    counter.add_batch(list(map(hash, keys)), first_row)
