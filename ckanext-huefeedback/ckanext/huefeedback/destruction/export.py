"""The destruction log as CSV or JSON (sysadmins export it for the archive)."""
from __future__ import annotations

import csv
import io
import json
from typing import Any

COLUMNS = ("seq", "id", "destroyed_at", "actor_name", "actor_user_id", "reason", "package_id", "package_name",
           "package_title", "organization_id", "organization_name", "organization_title", "content", "removed",
           "previous_hash", "entry_hash")


def as_csv(entries: list[dict[str, Any]]) -> bytes:
    buffer = io.StringIO()
    writer = csv.writer(buffer)
    writer.writerow(COLUMNS)
    for entry in sorted(entries, key=lambda e: e["seq"]):
        writer.writerow([json.dumps(entry[c], ensure_ascii=False, sort_keys=True) if isinstance(entry[c], (dict, list))
                         else ("" if entry[c] is None else entry[c]) for c in COLUMNS])
    return ("\ufeff" + buffer.getvalue()).encode("utf-8")


def as_json(entries: list[dict[str, Any]]) -> bytes:
    return json.dumps(sorted(entries, key=lambda e: e["seq"]), ensure_ascii=False, indent=1).encode("utf-8")
