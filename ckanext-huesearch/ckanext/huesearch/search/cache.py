"""A small per-process cache of counts and facets, valid until the index changes.

Counting facets over most of the catalogue (the search page with no query)
reads every row; the answer only changes when the index does. Every
transaction that wrote to the index bumps the ``huesearch_generation``
sequence *after* it commits, and a cached answer is only used under the
generation it was computed for. A reader racing a commit at worst caches an
answer under the old generation, which the bump then retires.
"""
from __future__ import annotations

import threading
from collections import OrderedDict
from typing import Any, Callable

import sqlalchemy as sa
from sqlalchemy import event
from sqlalchemy.orm import Session

WRITTEN_FLAG = "huesearch_written"
MAX_ENTRIES = 256

_entries: OrderedDict[tuple[Any, ...], Any] = OrderedDict()
_lock = threading.Lock()


def mark_written(session: Session) -> None:
    session.info[WRITTEN_FLAG] = True


def generation(session: Any) -> int:
    return int(session.execute(sa.text("SELECT last_value FROM huesearch_generation")).scalar() or 0)


def cached(key: tuple[Any, ...], compute: Callable[[], Any]) -> Any:
    with _lock:
        if key in _entries:
            _entries.move_to_end(key)
            return _entries[key]
    value = compute()
    with _lock:
        _entries[key] = value
        while len(_entries) > MAX_ENTRIES:
            _entries.popitem(last=False)
    return value


def clear() -> None:
    with _lock:
        _entries.clear()


def _after_commit(session: Session) -> None:
    if session.info.pop(WRITTEN_FLAG, False):
        bind = session.get_bind()
        engine = bind.engine if hasattr(bind, "engine") else bind
        with engine.begin() as connection:
            connection.execute(sa.text("SELECT nextval('huesearch_generation')"))


def _after_rollback(session: Session) -> None:
    session.info.pop(WRITTEN_FLAG, None)


def install() -> None:
    if not event.contains(Session, "after_commit", _after_commit):
        event.listen(Session, "after_commit", _after_commit)
        event.listen(Session, "after_soft_rollback", lambda session, previous: _after_rollback(session))
