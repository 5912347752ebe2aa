"""The destruction log (1046 Art 4): append-only, hash-chained, readable and exportable by sysadmins.

The database refuses UPDATE, DELETE and TRUNCATE on the table (trigger and privileges, see the
migration). Each entry also carries the hash of the entry before it, so an exported copy shows
whether anything was changed or removed behind the database's back (``verify``).

The table is described here on its own MetaData, not CKAN's: CKAN's test reset deletes the
rows of every table in its metadata, and this table refuses deletes.
"""
from __future__ import annotations

import datetime as dt
import hashlib
import json
import uuid
from typing import Any, Optional

import sqlalchemy as sa
from sqlalchemy.dialects.postgresql import JSONB

import ckan.model as model

GENESIS = "0" * 64
# pg_advisory_xact_lock key: one writer at a time, so the chain never forks
LOCK_KEY = 0x6875_6566_6C6F_67  # "huefflog"

metadata = sa.MetaData()
destruction_log = sa.Table(
    "huefeedback_destruction_log", metadata,
    sa.Column("seq", sa.BigInteger, primary_key=True),
    sa.Column("id", sa.UnicodeText, nullable=False, unique=True),
    sa.Column("destroyed_at", sa.DateTime(timezone=True), nullable=False),
    sa.Column("actor_user_id", sa.UnicodeText),
    sa.Column("actor_name", sa.UnicodeText, nullable=False),
    sa.Column("reason", sa.UnicodeText, nullable=False),
    sa.Column("package_id", sa.UnicodeText, nullable=False),
    sa.Column("package_name", sa.UnicodeText, nullable=False),
    sa.Column("package_title", sa.UnicodeText),
    sa.Column("organization_id", sa.UnicodeText),
    sa.Column("organization_name", sa.UnicodeText),
    sa.Column("organization_title", sa.UnicodeText),
    sa.Column("content", JSONB, nullable=False),
    sa.Column("removed", JSONB, nullable=False),
    sa.Column("previous_hash", sa.UnicodeText, nullable=False),
    sa.Column("entry_hash", sa.UnicodeText, nullable=False, unique=True),
)
# the fields an entry's hash covers, in this order
HASHED = ("id", "destroyed_at", "actor_user_id", "actor_name", "reason", "package_id", "package_name",
          "package_title", "organization_id", "organization_name", "organization_title", "content", "removed")


def _iso(moment: dt.datetime) -> str:
    return moment.astimezone(dt.timezone.utc).isoformat()


def entry_hash(previous_hash: str, fields: dict[str, Any]) -> str:
    values = {key: (_iso(fields[key]) if isinstance(fields[key], dt.datetime) else fields[key]) for key in HASHED}
    canonical = json.dumps(values, sort_keys=True, ensure_ascii=False, separators=(",", ":"))
    return hashlib.sha256((previous_hash + canonical).encode("utf-8")).hexdigest()


def append(fields: dict[str, Any]) -> dict[str, Any]:
    """Adds an entry in the current transaction (it is committed with the destruction itself)."""
    session = model.Session
    session.execute(sa.text("SELECT pg_advisory_xact_lock(:key)"), {"key": LOCK_KEY})
    previous = session.execute(sa.select(destruction_log.c.entry_hash)
                               .order_by(destruction_log.c.seq.desc()).limit(1)).scalar() or GENESIS
    # microseconds are what PostgreSQL keeps: the hash must see the stored value
    row = {"id": str(uuid.uuid4()), **fields}
    row["destroyed_at"] = row["destroyed_at"].astimezone(dt.timezone.utc)
    row["previous_hash"] = previous
    row["entry_hash"] = entry_hash(previous, row)
    session.execute(destruction_log.insert().values(**row))
    return as_dict(row)


def as_dict(row: Any) -> dict[str, Any]:
    data = dict(row._mapping) if hasattr(row, "_mapping") else dict(row)
    data["destroyed_at"] = _iso(data["destroyed_at"])
    return data


def entries(limit: Optional[int] = None, offset: int = 0, package_id: Optional[str] = None) -> list[dict[str, Any]]:
    query = sa.select(destruction_log).order_by(destruction_log.c.seq.desc()).offset(offset)
    if package_id:
        query = query.where(sa.or_(destruction_log.c.package_id == package_id,
                                   destruction_log.c.package_name == package_id))
    if limit is not None:
        query = query.limit(limit)
    return [as_dict(row) for row in model.Session.execute(query)]


def count() -> int:
    return model.Session.execute(sa.select(sa.func.count()).select_from(destruction_log)).scalar() or 0


def verify() -> dict[str, Any]:
    """Recomputes the chain from the first entry: ``{"ok", "entries", "first_bad_seq"}``."""
    previous = GENESIS
    checked = 0
    for row in model.Session.execute(sa.select(destruction_log).order_by(destruction_log.c.seq)):
        data = dict(row._mapping)
        if data["previous_hash"] != previous or entry_hash(previous, data) != data["entry_hash"]:
            return {"ok": False, "entries": checked, "first_bad_seq": data["seq"]}
        previous = data["entry_hash"]
        checked += 1
    return {"ok": True, "entries": checked, "first_bad_seq": None}
