"""Irreversible destruction of a dataset (1046 Art 4), leaving only its entry in the destruction log.

What goes: the uploaded files, the DataStore tables, the quality history (huequality's
``huequality_dataset_history_purge``), every database row that names the dataset or its
resources (reports, demand, activities, task statuses, harvest objects, follows, collaborators,
tags nobody else uses), the search index row and the dataset itself (``dataset_purge``).

Order: everything is read and hashed first; then the database rows are deleted and the log entry
written (not committed); then the files and DataStore tables go; then ``dataset_purge`` commits
the lot. A failure before that commit leaves the dataset in the catalogue and no log entry, and
running the destruction again finishes it (what is already gone is recorded as such).
"""
from __future__ import annotations

import hashlib
import json
import logging
import os
from dataclasses import dataclass, field
from typing import Any, Optional

import sqlalchemy as sa

import ckan.model as model
import ckan.plugins as plugins
import ckan.plugins.toolkit as tk
from ckan.lib import uploader
from ckan.types import Context

from ..datarequests.logic.links import unlink_destroyed_dataset
from ..shared import clock
from . import log as destruction_log

log = logging.getLogger(__name__)
QUALITY_PURGE_ACTION = "huequality_dataset_history_purge"
CHUNK = 1024 * 1024


@dataclass
class Plan:
    """What will be destroyed, read before anything is removed."""

    package: model.Package
    resource_ids: list[str]
    content: list[dict[str, Any]] = field(default_factory=list)
    files: list[str] = field(default_factory=list)
    tables: list[str] = field(default_factory=list)


def _sha256_file(path: str) -> tuple[str, int]:
    digest, size = hashlib.sha256(), 0
    with open(path, "rb") as handle:
        while chunk := handle.read(CHUNK):
            digest.update(chunk)
            size += len(chunk)
    return digest.hexdigest(), size


def _datastore_engine() -> Optional[sa.engine.Engine]:
    if not plugins.plugin_loaded("datastore"):
        return None
    from ckanext.datastore.backend.postgres import get_write_engine

    return get_write_engine()


def _table_exists(engine: sa.engine.Engine, resource_id: str) -> bool:
    with engine.connect() as connection:
        return connection.execute(sa.text("SELECT to_regclass(quote_ident(:name)) IS NOT NULL"),
                                  {"name": resource_id}).scalar()


class _Digest:
    """A file-like sink for COPY … TO STDOUT that only hashes and counts lines."""

    def __init__(self) -> None:
        self.digest, self.lines = hashlib.sha256(), 0

    def write(self, data: str | bytes) -> None:
        chunk = data.encode("utf-8") if isinstance(data, str) else data
        self.digest.update(chunk)
        self.lines += chunk.count(b"\n")


def _sha256_table(engine: sa.engine.Engine, resource_id: str) -> tuple[str, int]:
    """Hash of the table as CSV with a header, rows in _id order; and the number of rows."""
    from psycopg2 import sql

    raw = engine.raw_connection()
    try:
        sink = _Digest()
        with raw.cursor() as cursor:
            cursor.copy_expert(sql.SQL("COPY (SELECT * FROM {} ORDER BY _id) TO STDOUT WITH (FORMAT csv, HEADER)")
                               .format(sql.Identifier(resource_id)), sink)
        raw.rollback()
        return sink.digest.hexdigest(), max(sink.lines - 1, 0)
    finally:
        raw.close()


def plan(package: model.Package, context: Context) -> Plan:
    """Reads and hashes everything that will be destroyed (nothing is changed)."""
    resources = model.Session.query(model.Resource).filter(model.Resource.package_id == package.id).all()
    result = Plan(package=package, resource_ids=[r.id for r in resources])
    shown = tk.get_action("package_show")({**context, "ignore_auth": True, "for_view": False}, {"id": package.id})
    metadata = json.dumps(shown, sort_keys=True, ensure_ascii=False, default=str).encode("utf-8")
    result.content.append({"kind": "metadata", "sha256": hashlib.sha256(metadata).hexdigest(),
                           "bytes": len(metadata)})
    engine = _datastore_engine()
    for resource in resources:
        if resource.url_type == "upload":
            path = uploader.get_resource_uploader({"id": resource.id, "url_type": "upload"}).get_path(resource.id)
            if os.path.exists(path):
                digest, size = _sha256_file(path)
                result.content.append({"kind": "file", "resource_id": resource.id, "name": resource.name or "",
                                       "sha256": digest, "bytes": size})
                result.files.append(path)
            else:
                result.content.append({"kind": "file", "resource_id": resource.id, "name": resource.name or "",
                                       "sha256": None, "missing": True})
        if engine is not None and _table_exists(engine, resource.id):
            digest, rows = _sha256_table(engine, resource.id)
            result.content.append({"kind": "datastore", "resource_id": resource.id, "name": resource.name or "",
                                   "sha256": digest, "rows": rows})
            result.tables.append(resource.id)
    return result


def _has_table(name: str) -> bool:
    return sa.inspect(model.Session.connection()).has_table(name)


def _delete_rows(package_id: str, resource_ids: list[str]) -> dict[str, int]:
    """Every row outside the package's own tables that names the dataset or its resources."""
    session = model.Session
    ids = [package_id, *resource_ids]
    removed: dict[str, int] = {}

    def run(label: str, statement: str, **params: Any) -> None:
        removed[label] = removed.get(label, 0) + (session.execute(sa.text(statement), params).rowcount or 0)

    run("huefeedback_report", "DELETE FROM huefeedback_report WHERE package_id = :id", id=package_id)
    run("huefeedback_demand", "DELETE FROM huefeedback_demand WHERE package_id = :id", id=package_id)
    if _has_table("activity"):
        run("activity", "DELETE FROM activity WHERE object_id = ANY(:ids)", ids=ids)
    run("task_status", "DELETE FROM task_status WHERE entity_id = ANY(:ids)", ids=ids)
    run("user_following_dataset", "DELETE FROM user_following_dataset WHERE object_id = :id", id=package_id)
    run("package_member", "DELETE FROM package_member WHERE package_id = :id", id=package_id)
    if _has_table("harvest_object"):
        objects = "SELECT id FROM harvest_object WHERE package_id = :id"
        for table in ("harvest_object_extra", "harvest_object_error"):
            if _has_table(table):
                run(table, f"DELETE FROM {table} WHERE harvest_object_id IN ({objects})", id=package_id)  # noqa: S608
        run("harvest_object", "DELETE FROM harvest_object WHERE package_id = :id", id=package_id)
    # free tags used by no other dataset go with it (vocabulary terms stay: they are a code list)
    tag_ids = [row[0] for row in session.execute(sa.text(
        "SELECT tag_id FROM package_tag WHERE package_id = :id"), {"id": package_id})]
    run("package_tag", "DELETE FROM package_tag WHERE package_id = :id", id=package_id)
    if tag_ids:
        run("tag", """DELETE FROM tag t WHERE t.id = ANY(:ids) AND t.vocabulary_id IS NULL
                      AND NOT EXISTS (SELECT 1 FROM package_tag pt WHERE pt.tag_id = t.id)""", ids=tag_ids)
    removed["data_requests_unlinked"] = unlink_destroyed_dataset(package_id, clock.now())
    return {key: value for key, value in removed.items() if value}


def _purge_quality_history(package_id: str, context: Context) -> Any:
    try:
        action = tk.get_action(QUALITY_PURGE_ACTION)
    except KeyError:
        log.warning("huefeedback: %s is not available; quality history of %s kept", QUALITY_PURGE_ACTION, package_id)
        return "not available"
    # defer_commit: the purge must be committed with the dataset's (a huequality that commits
    # anyway only commits its own deletions: nothing of ours is pending yet)
    return action({**context, "ignore_auth": True, "defer_commit": True}, {"id": package_id}) or "purged"


def _remove_file(path: str) -> None:
    try:
        os.remove(path)
    except FileNotFoundError:
        return
    # the uploader's folders (resources/abc/def/) go when empty, never the storage root
    folder, root = os.path.dirname(path), os.path.join(uploader.get_storage_path() or "", "resources")
    while folder.startswith(root) and folder != root:
        try:
            os.rmdir(folder)
        except OSError:
            break
        folder = os.path.dirname(folder)


def _drop_tables(tables: list[str]) -> None:
    engine = _datastore_engine()
    if engine is None or not tables:
        return
    from psycopg2 import sql

    raw = engine.raw_connection()
    try:
        with raw.cursor() as cursor:
            for name in tables:
                cursor.execute(sql.SQL("DROP TABLE IF EXISTS {} CASCADE").format(sql.Identifier(name)))
        raw.commit()
    finally:
        raw.close()


def destroy(package: model.Package, actor: model.User, reason: str, context: Context) -> dict[str, Any]:
    """Destroys the dataset; returns its log entry (see the module's docstring for the order)."""
    what = plan(package, context)
    organization = model.Group.get(package.owner_org) if package.owner_org else None
    removed: dict[str, Any] = {"quality_history": _purge_quality_history(package.id, context)}
    removed.update(_delete_rows(package.id, what.resource_ids))
    removed.update({"files": len(what.files), "datastore_tables": len(what.tables),
                    "resources": len(what.resource_ids), "search_index": 1, "dataset": 1})
    entry = destruction_log.append({
        "destroyed_at": clock.now(), "actor_user_id": actor.id, "actor_name": actor.name, "reason": reason,
        "package_id": package.id, "package_name": package.name, "package_title": package.title,
        "organization_id": organization.id if organization else None,
        "organization_name": organization.name if organization else None,
        "organization_title": organization.title if organization else None,
        "content": what.content, "removed": json.loads(json.dumps(removed, default=str)),
    })
    model.Session.flush()
    # the raw deletes above bypassed the ORM: forget what it loaded, so the purge does not delete twice
    model.Session.expire_all()
    for path in what.files:
        _remove_file(path)
    _drop_tables(what.tables)
    # CKAN's purge: the dataset, its resources, extras, memberships, relationships and search
    # index row; it commits the session, and with it the rows above and the log entry.
    tk.get_action("dataset_purge")({**context, "ignore_auth": True}, {"id": package.id})
    log.info("huefeedback: dataset %s destroyed by %s (log entry %s)", entry["package_id"], entry["actor_name"],
             entry["id"])
    return entry
