"""Writing harvested content into CKAN: create, update, withdraw or delete one dataset.

Every change goes through CKAN actions (validation, search index, activity) and is reported
to the deadline tracker. An import that fails leaves the dataset exactly as it was.
"""
from __future__ import annotations

import csv
import datetime as dt
import io
import json
import logging
import uuid
from dataclasses import dataclass
from decimal import Decimal
from typing import Any

from ckan import model
from ckan.plugins import plugin_loaded, toolkit
from werkzeug.datastructures import FileStorage

from ckanext.harvest.model import HarvestObject

from .. import tableschema
from .mapping import map_fields, package_fields, resolve
from .source_config import SourceConfig, Table

log = logging.getLogger(__name__)


def site_context() -> dict[str, Any]:
    user = toolkit.get_action("get_site_user")({"ignore_auth": True}, {})["name"]
    return {"model": model, "session": model.Session, "user": user, "ignore_auth": True}


def notify_update(package_id: str, job_id: str) -> None:
    """Count a harvested change as the dataset's update for the deadline tracker (huequality)."""
    try:
        action = toolkit.get_action("huequality_record_update")
    except KeyError:
        return
    action(site_context(), {"package_id": package_id, "kind": "harvest",
                            "note": f"harvest job {job_id}"})


def previous_object(source_id: str, guid: str) -> HarvestObject | None:
    """The latest imported object of this guid in this source (current or withdrawn)."""
    return (model.Session.query(HarvestObject)
            .filter(HarvestObject.harvest_source_id == source_id)
            .filter(HarvestObject.guid == guid)
            .filter(HarvestObject.package_id.isnot(None))
            .filter(HarvestObject.import_finished.isnot(None))
            .order_by(HarvestObject.import_finished.desc())
            .first())


def catalogue_package(item: dict[str, Any], cfg: SourceConfig) -> dict[str, Any]:
    fields = map_fields(item, cfg.mapping)
    return package_fields(fields, contract_top_level=plugin_loaded("scheming_datasets"))


@dataclass
class TypedTable:
    """The rows of one agency table, typed by its Table Schema (or as the API sent them)."""

    columns: list[str]
    rows: list[dict[str, Any]]
    datastore_fields: list[dict[str, Any]]


def _inferred_type(values: list[Any]) -> str:
    present = [v for v in values if v not in (None, "")]
    if present and all(isinstance(v, int) and not isinstance(v, bool) for v in present):
        return "int8"
    if present and all(isinstance(v, (int, float)) and not isinstance(v, bool) for v in present):
        return "numeric"
    return "text"


def typed_table(rows: list[dict[str, Any]], table: Table) -> TypedTable:
    """Rows cast to their declared types (a JSON pointer per column reaches nested values).

    Without a schema the columns are those of the rows and numbers stay numbers; a cell that
    does not match its declared type fails the whole table (nothing is written).
    """
    if table.schema is None:
        names: dict[str, None] = dict.fromkeys(table.columns)
        if not table.columns:
            for row in rows:
                names.update(dict.fromkeys(row))
        columns = list(names)
        fields = [{"id": c, "type": _inferred_type([r.get(c) for r in rows])} for c in columns]
        plain = [{c: r.get(c) for c in columns} for r in rows]
        return TypedTable(columns, plain, fields)
    schema_fields = tableschema.parse_schema(table.schema)
    pointers = [(f, f.extra.get("pointer") or "/" + f.name.replace("~", "~0").replace("/", "~1"))
                for f in schema_fields]
    typed = []
    for number, row in enumerate(rows, start=1):
        out = {}
        for f, pointer in pointers:
            try:
                out[f.name] = tableschema.cast(resolve(row, pointer), f)
            except tableschema.CastError as error:
                raise ValueError(f"{table.name}, dòng/row {number}: {error.message_vi} / "
                                 f"{error.message_en}") from None
        typed.append(out)
    return TypedTable([f.name for f in schema_fields], typed,
                      tableschema.datastore_fields(schema_fields))


def _csv(table: TypedTable) -> bytes:
    buffer = io.StringIO()
    writer = csv.DictWriter(buffer, fieldnames=table.columns, extrasaction="ignore")
    writer.writeheader()
    for row in table.rows:
        writer.writerow({k: tableschema.to_text(v) for k, v in row.items()})
    return buffer.getvalue().encode("utf-8")


def _json_value(value: Any) -> Any:
    if isinstance(value, Decimal):
        return int(value) if value == value.to_integral_value() else float(value)
    if isinstance(value, (dt.date, dt.time)):
        return value.isoformat()
    return value


def _upload(data: bytes, filename: str, mimetype: str) -> FileStorage:
    return FileStorage(io.BytesIO(data), filename=filename, content_type=mimetype)


def records_package(typed: TypedTable, table: Table,
                    existing: dict[str, Any] | None) -> dict[str, Any]:
    """One dataset whose CSV and JSON files are regenerated from the typed rows."""
    top = plugin_loaded("scheming_datasets")
    package = package_fields(dict(table.dataset), contract_top_level=top)
    stem = (existing or {}).get("name") or table.name
    by_format = {r.get("format", "").upper(): r for r in (existing or {}).get("resources", [])}
    rows = [{k: _json_value(v) for k, v in row.items()} for row in typed.rows]
    resources = []
    for fmt, data, mimetype in (
        ("CSV", _csv(typed), "text/csv"),
        ("JSON", json.dumps(rows, ensure_ascii=False, indent=1).encode("utf-8"),
         "application/json"),
    ):
        resource = {"name": f"{package.get('title', stem)} ({fmt})", "format": fmt,
                    "url": "", "upload": _upload(data, f"{stem}.{fmt.lower()}", mimetype)}
        if fmt in by_format:
            resource["id"] = by_format[fmt]["id"]
        resources.append(resource)
    package["resources"] = resources
    return package


def load_datastore(resource_id: str, typed: TypedTable) -> None:
    """Replace the DataStore table of the CSV resource with typed columns (when DataStore is on)."""
    if not plugin_loaded("datastore"):
        return
    context = site_context()
    try:
        toolkit.get_action("datastore_delete")(dict(context), {"resource_id": resource_id,
                                                               "force": True})
    except toolkit.ObjectNotFound:
        pass
    typed_columns = {f["id"] for f in typed.datastore_fields if f["type"] != "text"}
    records = [{c: (tableschema.to_text(v) if c in typed_columns and v is not None
                    and not isinstance(v, (int, float)) else v)
                for c, v in row.items()} for row in typed.rows]
    toolkit.get_action("datastore_create")(dict(context), {
        "resource_id": resource_id, "force": True, "fields": typed.datastore_fields,
        "records": records})


def save_package(package: dict[str, Any], existing: dict[str, Any] | None, owner_org: str | None,
                 new_name: str) -> dict[str, Any]:
    """Create or update through CKAN actions; ValidationError leaves the dataset untouched."""
    context = site_context()
    package = dict(package, owner_org=owner_org, state="active", private=False)
    if existing:
        package.update(id=existing["id"], name=existing["name"])
        return toolkit.get_action("package_update")(context, package)
    package.setdefault("name", new_name)
    package["id"] = str(uuid.uuid4())
    # package_create stores no uploaded files; package_update does, so files come second.
    resources = package.pop("resources", [])
    created = toolkit.get_action("package_create")(context, package)
    if not resources:
        return created
    return toolkit.get_action("package_update")(site_context(), dict(created,
                                                                     resources=resources))


def withdraw_package(package_id: str, how: str) -> None:
    """A dataset gone at the source: deleted, or made private (withdrawn from the public)."""
    context = site_context()
    existing = toolkit.get_action("package_show")(dict(context), {"id": package_id})
    if how == "withdraw" and existing.get("owner_org"):
        toolkit.get_action("package_patch")(dict(context), {"id": package_id, "private": True})
    else:
        toolkit.get_action("package_delete")(dict(context), {"id": package_id})
