"""Reading a resource from the DataStore instead of downloading its file again.

When ckanext-huedata's loader has put a resource's file into the DataStore (its load status
``complete``, with the SHA-256 of the bytes it loaded), the scorer reads the rows there: one
source of truth and no second download. The fingerprint of the update tracker is the
loader's SHA-256 of the same bytes. Accuracy is checked against the resource's data
dictionary; without one, against the column types the DataStore holds.

Anything else (not in the DataStore, a failed or pending load, a loader that recorded no
hash) returns None and the caller reads the file as before.
"""

from __future__ import annotations

import json
from collections.abc import Iterator
from dataclasses import dataclass
from typing import Any

import ckan.plugins.toolkit as tk

from .readers import Table

LOADER_TASK = {"task_type": "huedata_datastore", "key": "load"}
PAGE_ROWS = 10_000
# DataStore (PostgreSQL) column type -> Table Schema type
SCHEMA_TYPES = {
    "int": "integer",
    "int4": "integer",
    "int8": "integer",
    "numeric": "number",
    "float8": "number",
    "date": "date",
    "timestamp": "datetime",
    "bool": "boolean",
    "text": "string",
}


@dataclass(frozen=True)
class DatastoreCopy:
    """A resource whose loaded table is the DataStore's: its rows and the loaded bytes' hash."""

    resource_id: str
    sha256: str
    fields: list[dict[str, Any]]

    def table(self) -> Table:
        header = [f["id"] for f in self.fields]
        return Table(header=header, rows=_rows(self.resource_id, header))

    def schema(self, data_dictionary: Any) -> dict[str, Any]:
        """The resource's data dictionary, else a Table Schema of the DataStore's types."""
        if isinstance(data_dictionary, str) and data_dictionary.strip():
            try:
                data_dictionary = json.loads(data_dictionary)
            except ValueError:
                data_dictionary = None
        if isinstance(data_dictionary, dict) and isinstance(data_dictionary.get("fields"), list):
            return data_dictionary
        return {"fields": [{"name": f["id"], "type": SCHEMA_TYPES.get(f["type"], "string")} for f in self.fields]}


def _context() -> dict[str, Any]:
    return {"ignore_auth": True}


def loaded(resource: dict[str, Any]) -> DatastoreCopy | None:
    """The DataStore copy of ``resource`` when the loader finished it, else None."""
    if not resource.get("datastore_active") or not resource.get("id"):
        return None
    try:
        task = tk.get_action("task_status_show")(_context(), {"entity_id": resource["id"], **LOADER_TASK})
        result = tk.get_action("datastore_search")(_context(), {"resource_id": resource["id"], "limit": 0})
    except (tk.ObjectNotFound, KeyError):  # KeyError: no DataStore plugin loaded
        return None
    if task.get("state") != "complete":
        return None
    try:
        sha256 = json.loads(task.get("value") or "{}").get("sha256")
    except ValueError:
        return None
    if not sha256:
        return None
    fields = [f for f in result.get("fields", []) if f.get("id") != "_id"]
    return DatastoreCopy(resource_id=resource["id"], sha256=str(sha256), fields=fields)


def _cell(value: Any) -> str:
    if value is None:
        return ""
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, (dict, list)):
        return json.dumps(value, ensure_ascii=False)
    return str(value)


def _rows(resource_id: str, header: list[str]) -> Iterator[list[str]]:
    """Every row in load order, a page at a time (memory stays bounded)."""
    search = tk.get_action("datastore_search")
    after = 0
    while True:
        page = search(
            _context(),
            {
                "resource_id": resource_id,
                "filters": {},
                "sort": "_id",
                "limit": PAGE_ROWS,
                "offset": after,
                "include_total": False,
            },
        )
        records = page.get("records") or []
        for record in records:
            yield [_cell(record.get(name)) for name in header]
        if len(records) < PAGE_ROWS:
            return
        after += PAGE_ROWS
