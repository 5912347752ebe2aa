"""The database rules of both features, each written once.

- Tables are mapped the way CKAN core maps its own (``ckan/model/api_token.py``): a ``Table``
  in CKAN's metadata and a class whose attributes are annotated ``Mapped[...]``, joined by
  :func:`map_table`; the type checker knows every attribute without a plugin, under
  SQLAlchemy 1.4 and 2.0. Tables are created only by the migrations in ``migration/huequality``.
- :func:`commit` is the one commit rule: an action commits unless its caller asked it not to
  (``defer_commit``), so it may run inside another action's transaction.
- :func:`lock_dataset` serialises everything that reads a dataset's files and writes its
  fingerprints, update events and scores: two job workers (or a worker and a command) never
  work on one dataset at the same time.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import json
from collections.abc import Mapping
from typing import Any

import ckan.model as model
import sqlalchemy as sa
from ckan.model import meta

metadata = meta.metadata


class Row:
    """Keyword construction for imperatively mapped classes (declarative ones get it for free)."""

    def __init__(self, **values: Any) -> None:
        for name, value in values.items():
            setattr(self, name, value)


def map_table(cls: type, table: sa.Table) -> None:
    meta.registry.map_imperatively(cls, table)


def utcnow() -> dt.datetime:
    """Column default for ``recorded_at``/``computed_at``: when the row was written (not the
    business clock of ``clock.py``, which tests freeze)."""
    return dt.datetime.now(dt.timezone.utc)


def commit(context: Mapping[str, Any]) -> None:
    """Commits the session unless the calling action defers the commit to its own caller."""
    if not context.get("defer_commit"):
        model.repo.commit()


def lock_dataset(package_id: str) -> None:
    """Holds the dataset's advisory lock until the current transaction ends (commit or rollback)."""
    model.Session.execute(
        sa.text("SELECT pg_advisory_xact_lock(hashtextextended(:key, 0))"), {"key": f"huequality:dataset:{package_id}"}
    )


def content_hash(row: Any) -> str:
    """SHA-256 of every column of a mapped row, in a canonical JSON form: what a destruction
    log keeps of a row it deleted (proof of what was there, without the content)."""
    columns = {column.key: getattr(row, column.key) for column in sa.inspect(type(row)).columns}
    text = json.dumps(columns, sort_keys=True, ensure_ascii=False, default=str, separators=(",", ":"))
    return hashlib.sha256(text.encode("utf-8")).hexdigest()
