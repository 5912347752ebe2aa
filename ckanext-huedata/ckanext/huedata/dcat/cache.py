"""Catalogue pages, serialised once per catalogue generation and format, shared by every process.

A page of ``/catalog.ttl`` only changes when a dataset, an agency or a quality score does. Each
transaction that wrote one of them is marked (:func:`mark_changed`, from the plugin hooks and
the quality score store); *after* it commits, the generation counter in Redis is incremented.
A page is stored in Redis under the generation it was computed for, so every web process and
worker sees the same pages and the same generation; older pages are simply never asked for
again and expire after ``ckanext.huedata.dcat.cache_seconds``. A reader racing a commit at
worst stores the old page under the old generation, which the increment then retires.
With huesearch, its index generation is part of ours, so writes that call no hook (CKAN's bulk
make-private and delete actions) retire the pages too; with Solr they wait for the expiry.
"""
from __future__ import annotations

import hashlib
import json
import logging
from collections.abc import Callable
from typing import Any

from ckan.plugins import toolkit
from sqlalchemy import event
from sqlalchemy.orm import Session

from ckanext.huedata import config

log = logging.getLogger(__name__)
CHANGED_FLAG = "huedata_dcat_changed"


def _redis() -> Any:
    from ckan.lib.redis import connect_to_redis

    return connect_to_redis()


def prefix() -> str:
    return f"{toolkit.config.get('ckan.site_id') or 'ckan'}:huedata:dcat:"


def mark_changed(session: Any = None) -> None:
    """Retire the cached pages once the current transaction commits."""
    if session is None:
        from ckan import model

        session = model.Session
    session.info[CHANGED_FLAG] = True


def bump() -> None:
    try:
        _redis().incr(prefix() + "generation")
    except Exception:  # noqa: BLE001 - Redis down: pages expire by themselves
        log.exception("Could not retire the cached catalogue pages")


def generation() -> str:
    """The catalogue generation: our counter, and huesearch's index generation when it runs.

    huesearch bumps its own generation after every commit that wrote to the search index,
    including CKAN's bulk actions (make private, delete) that call no dataset hook.
    """
    return f"{int(_redis().get(prefix() + 'generation') or 0)}.{_index_generation()}"


def _index_generation() -> int:
    from ckan import model, plugins

    if not plugins.plugin_loaded("huesearch"):
        return 0
    try:
        from ckanext.huesearch.search import cache as search_cache

        return search_cache.generation(model.Session)
    except Exception:  # noqa: BLE001 - another search back end: our counter alone
        log.warning("huesearch generation unavailable", exc_info=True)
        return 0


def seconds() -> int:
    return config.dcat_cache_seconds()


def redis_or_none() -> Any:
    """The Redis connection when the cache is on and Redis answers, else None."""
    if seconds() <= 0:
        return None
    try:
        redis = _redis()
        redis.ping()
        return redis
    except Exception:  # noqa: BLE001 - without Redis everything is computed every time
        log.exception("Catalogue cache unavailable")
        return None


def cached(key: dict[str, Any], compute: Callable[[], str]) -> str:
    """The serialisation for ``key`` under the current generation, computed on a miss."""
    seconds = config.dcat_cache_seconds()
    if seconds <= 0:
        return compute()
    try:
        redis = _redis()
        digest = hashlib.sha256(json.dumps(key, sort_keys=True, default=str).encode()).hexdigest()
        name = f"{prefix()}page:{generation()}:{digest}"
        stored = redis.get(name)
    except Exception:  # noqa: BLE001 - without Redis the page is computed every time
        log.exception("Catalogue cache unavailable")
        return compute()
    if stored is not None:
        return stored.decode("utf-8") if isinstance(stored, bytes) else str(stored)
    value = compute()
    redis.set(name, value.encode("utf-8"), ex=seconds)
    return value


def _after_commit(session: Session) -> None:
    if session.info.pop(CHANGED_FLAG, False):
        bump()


def _after_rollback(session: Session, previous: Any = None) -> None:
    session.info.pop(CHANGED_FLAG, None)


def install() -> None:
    if not event.contains(Session, "after_commit", _after_commit):
        event.listen(Session, "after_commit", _after_commit)
        event.listen(Session, "after_soft_rollback", _after_rollback)
