"""The background job that loads a resource's file into the DataStore, and its status.

Runs in CKAN's RQ worker (``ckan jobs worker``). The file is read from the portal's storage
(uploads) or fetched through :mod:`ckanext.huedata.fetching` (links: the SSRF guard), read
whole into a typed :class:`~ckanext.huedata.dataapi.tables.Table` and only then written:
a file that cannot be read never touches the table that is already there. When the new
columns equal the old ones the rows are swapped in one transaction (TRUNCATE + COPY).

The status of the last load is a CKAN ``task_status`` row (entity = the resource,
task_type ``huedata_datastore``, key ``load``): ``pending``, ``running``, ``complete`` or
``error`` with the reason in Vietnamese and English.
"""
from __future__ import annotations

import datetime as dt
import hashlib
import io
import json
import logging
from contextlib import nullcontext
from typing import Any, ContextManager

import click
import flask

import ckan.plugins.toolkit as tk

from ckanext.huedata import fetching, tableschema as ts
from ckanext.huedata.dataapi import tables

log = logging.getLogger(__name__)
TASK_TYPE = "huedata_datastore"
TASK_KEY = "load"


def _context() -> dict[str, Any]:
    site_user = tk.get_action("get_site_user")({"ignore_auth": True}, {})
    return {"ignore_auth": True, "user": site_user["name"]}


def set_status(resource_id: str, state: str, value: dict[str, Any] | None = None,
               error: tables.LoadError | None = None) -> None:
    now = dt.datetime.now(dt.timezone.utc).replace(tzinfo=None).isoformat()
    tk.get_action("task_status_update")(_context(), {
        "entity_id": resource_id, "entity_type": "resource", "task_type": TASK_TYPE, "key": TASK_KEY,
        "value": json.dumps(value or {}, ensure_ascii=False), "state": state,
        "error": json.dumps({"vi": error.message_vi, "en": error.message_en}, ensure_ascii=False) if error else "",
        "last_updated": now,
    })


def get_status(resource_id: str) -> dict[str, Any] | None:
    """``{"state", "value", "error", "last_updated"}`` of the last load, or None."""
    try:
        task = tk.get_action("task_status_show")(_context(), {
            "entity_id": resource_id, "task_type": TASK_TYPE, "key": TASK_KEY})
    except tk.ObjectNotFound:
        return None
    return {"state": task["state"], "value": json.loads(task.get("value") or "{}"),
            "error": json.loads(task["error"]) if task.get("error") else None,
            "last_updated": task.get("last_updated")}


def read_source(resource: dict[str, Any]) -> bytes:
    """The resource's file: from storage for an upload, through the SSRF guard for a link."""
    if resource.get("url_type") == "upload":
        from ckan.lib import uploader

        path = uploader.get_resource_uploader(resource).get_path(resource["id"])
        with open(path, "rb") as handle:
            return handle.read()
    try:
        return fetching.fetch_bytes(resource.get("url") or "")
    except fetching.FetchError as error:
        raise tables.LoadError(error.message_vi, error.message_en) from None


def load_resource(resource_id: str) -> None:
    """The RQ job: loads one resource; never raises for a file that cannot be loaded."""
    context = _context()
    try:
        resource = tk.get_action("resource_show")(context, {"id": resource_id})
    except tk.ObjectNotFound:
        return
    previous = get_status(resource_id) or {}
    set_status(resource_id, "running", previous.get("value"))
    try:
        data = read_source(resource)
        digest = hashlib.sha256(data).hexdigest()
        fmt = tables.normalise_format(resource.get("format"), resource.get("url") or "")
        table = tables.read_table(data, fmt, resource.get("data_dictionary"))
        del data
        write_table(resource_id, table)
        _create_views(context, resource)
    except tables.LoadError as error:
        log.info("DataStore load of %s refused: %s", resource_id, error.message_en)
        set_status(resource_id, "error", previous.get("value"), error)
        return
    except Exception:
        log.exception("DataStore load of %s failed", resource_id)
        set_status(resource_id, "error", previous.get("value"), tables.LoadError(
            "Lỗi hệ thống khi nạp dữ liệu; bảng cũ được giữ nguyên.",
            "A system error stopped the load; the previous table is kept."))
        return
    set_status(resource_id, "complete", {"rows": len(table.rows), "columns": len(table.fields),
                                         "encoding": table.encoding, "sha256": digest})


def _existing_fields(resource_id: str) -> list[dict[str, Any]] | None:
    try:
        info = tk.get_action("datastore_info")(_context(), {"id": resource_id})
    except tk.ObjectNotFound:
        return None
    # datastore_info names the json type by its PostgreSQL name
    return [{"id": f["id"], "type": "json" if f["type"] == "nested" else f["type"]} for f in info.get("fields", [])]


def write_table(resource_id: str, table: tables.Table) -> None:
    """Replaces the resource's DataStore table by ``table``."""
    from ckanext.datastore.backend.postgres import get_write_engine, identifier

    fields = table.datastore_fields()
    wanted = [{"id": f["id"], "type": f["type"]} for f in fields]
    existing = _existing_fields(resource_id)
    if existing is not None and existing != wanted:
        tk.get_action("datastore_delete")(_context(), {"resource_id": resource_id, "force": True})
        existing = None
    if existing is None:
        tk.get_action("datastore_create")(_context(), {
            "resource_id": resource_id, "force": True, "fields": fields, "records": []})
    nested = [f["type"] == "json" for f in fields]  # the DataStore's json type is a one-field record
    buffer = io.StringIO()
    for row in table.rows:
        buffer.write(",".join(_copy_cell(v, n) for v, n in zip(row, nested, strict=True)))
        buffer.write("\n")
    buffer.seek(0)
    columns = ", ".join(identifier(f["id"]) for f in fields)
    connection = get_write_engine().raw_connection()
    try:
        with connection.cursor() as cursor:  # one transaction: the old rows stay until COMMIT
            # The DataStore's full-text indexes are rebuilt once after the COPY instead of being
            # updated row by row (40 times faster on a million rows); the trigger still fills _full_text.
            cursor.execute("SELECT indexname, indexdef FROM pg_indexes WHERE schemaname = 'public' "
                           "AND tablename = %s AND indexdef NOT LIKE 'CREATE UNIQUE%%'", (resource_id,))
            indexes = cursor.fetchall()
            for name, _definition in indexes:
                cursor.execute(f"DROP INDEX {identifier(name)}")
            cursor.execute(f"TRUNCATE {identifier(resource_id)}")
            cursor.copy_expert(f"COPY {identifier(resource_id)} ({columns}) FROM STDIN "
                               "WITH (FORMAT csv, NULL '\\N')", buffer)
            for _name, definition in indexes:
                cursor.execute(definition)
            cursor.execute(f"ANALYZE {identifier(resource_id)}")
        connection.commit()
    except Exception:
        connection.rollback()
        raise
    finally:
        connection.close()


def _copy_cell(value: Any, nested: bool = False) -> str:
    if value is None:
        return "\\N"
    text = ts.to_text(value)
    if nested:
        text = '("' + text.replace("\\", "\\\\").replace('"', '\\"') + '",)'  # (json, extra)
    return '"' + text.replace('"', '""') + '"'


def _portal_request() -> ContextManager[Any]:
    """A request of the portal's default language around work that stores translated text.

    ``ckan jobs worker`` runs jobs without a request, where ``_()`` answers in English: the table
    view it creates would be titled "Table". CKAN's own ``ckan views create`` does the same, with the
    Flask app the ``ckan`` command keeps in its click context."""
    click_context = click.get_current_context(silent=True)
    app = click_context.meta.get("flask_app") if click_context else None
    if flask.has_request_context() or app is None:
        return nullcontext()
    return app.test_request_context()


def _create_views(context: dict[str, Any], resource: dict[str, Any]) -> None:
    package = tk.get_action("package_show")(context, {"id": resource["package_id"]})
    resource = tk.get_action("resource_show")(context, {"id": resource["id"]})
    with _portal_request():
        tk.get_action("resource_create_default_resource_views")(context, {
            "resource": resource, "package": package, "create_datastore_views": True})
