"""What counts as a data update, and the append-only history of them.

A data update is: a resource added; a resource whose content (hash of the uploaded file or of
the URL's body) changed; a harvest that changed data; an agency's "no change this period"
confirmation. Metadata-only edits leave the content hash unchanged and record nothing.
"""
from __future__ import annotations

import dataclasses
import datetime as dt
import hashlib
import logging
import os
from typing import Any, Iterable, Optional

import requests
from redis.exceptions import RedisError

import ckan.model as model
import ckan.plugins.toolkit as tk
from ckan.lib import uploader

from .. import clock, config, fetching
from ..model import ResourceFingerprint, UpdateEvent

log = logging.getLogger(__name__)

DATA_KINDS = ("resource_added", "resource_changed", "harvest")
KINDS = DATA_KINDS + ("no_change",)
_CHUNK = 1 << 16


def utcnow() -> dt.datetime:
    return clock.now()


def record_event(
    package_id: str, kind: str, occurred_at: dt.datetime, *, owner_org: Optional[str] = None,
    resource_id: Optional[str] = None, content_hash: Optional[str] = None,
    user_id: Optional[str] = None, note: str = "",
) -> UpdateEvent:
    """Adds one history row to the session (the caller commits)."""
    if kind not in KINDS:
        raise ValueError(f"unknown update kind {kind!r}")
    if owner_org is None:
        pkg = model.Package.get(package_id)
        owner_org = pkg.owner_org if pkg else None
    event = UpdateEvent(
        package_id=package_id, owner_org=owner_org, kind=kind, resource_id=resource_id,
        content_hash=content_hash, user_id=user_id, note=note, occurred_at=occurred_at,
    )
    model.Session.add(event)
    return event


def package_update_times(package_id: str) -> list[dt.datetime]:
    """Instants of every counted update of a dataset, oldest first."""
    rows = (model.Session.query(UpdateEvent.occurred_at)
            .filter(UpdateEvent.package_id == package_id)
            .order_by(UpdateEvent.occurred_at))
    return [row[0] for row in rows]


def package_events(package_id: str, limit: int = 50) -> list[UpdateEvent]:
    return (model.Session.query(UpdateEvent).filter(UpdateEvent.package_id == package_id)
            .order_by(UpdateEvent.occurred_at.desc()).limit(limit).all())


def _hash_stream(chunks: Iterable[bytes]) -> str:
    digest = hashlib.sha256()
    for chunk in chunks:
        digest.update(chunk)
    return digest.hexdigest()


def _read_file(path: str) -> Iterable[bytes]:
    with open(path, "rb") as handle:
        while chunk := handle.read(_CHUNK):
            yield chunk


def _read_url(url: str) -> Iterable[bytes]:
    fetching.check_fetchable(url)
    limit, seen = config.fetch_max_bytes(), 0
    with requests.get(url, stream=True, timeout=config.fetch_timeout()) as response:
        response.raise_for_status()
        for chunk in response.iter_content(_CHUNK):
            seen += len(chunk)
            if seen > limit:
                raise ValueError(f"larger than {limit} bytes")
            yield chunk


def content_hash(resource: dict[str, Any]) -> Optional[str]:
    """SHA-256 of the resource's bytes, streamed; None when they cannot be read."""
    try:
        if resource.get("url_type") == "upload":
            path = uploader.get_resource_uploader(resource).get_path(resource["id"])
            return _hash_stream(_read_file(path)) if os.path.exists(path) else None
        url = resource.get("url") or ""
        if url.startswith(("http://", "https://")):
            return _hash_stream(_read_url(url))
    except (OSError, ValueError, requests.RequestException) as error:
        log.info("huequality: cannot read resource %s: %s", resource.get("id"), error)
    return None


@dataclasses.dataclass(frozen=True)
class Change:
    kind: str                 # resource_added or resource_changed
    resource_id: str
    content_hash: Optional[str]


def classify(previous: Optional[ResourceFingerprint], url: str, digest: Optional[str]) -> Optional[str]:
    """The kind of data update, or None for a metadata-only edit."""
    if previous is None:
        return "resource_added"
    if digest is not None and previous.content_hash is not None:
        return "resource_changed" if digest != previous.content_hash else None
    # Content unreadable now or before: only a new address says the data changed.
    return "resource_changed" if url != previous.url else None


def check_package_resources(package_id: str, occurred_at: dt.datetime) -> list[Change]:
    """Compares each resource with its last fingerprint and records the data updates."""
    pkg = model.Package.get(package_id)
    if pkg is None or pkg.state != "active":
        return []
    changes = []
    for resource in pkg.resources:
        res_dict = {"id": resource.id, "url": resource.url or "", "url_type": resource.url_type}
        digest = content_hash(res_dict)
        previous = model.Session.get(ResourceFingerprint, resource.id)
        kind = classify(previous, res_dict["url"], digest)
        if kind:
            changes.append(Change(kind, resource.id, digest))
            record_event(package_id, kind, occurred_at, owner_org=pkg.owner_org,
                         resource_id=resource.id, content_hash=digest)
        if previous is None:
            previous = ResourceFingerprint(resource_id=resource.id, package_id=package_id)
            model.Session.add(previous)
        previous.url, previous.checked_at = res_dict["url"], occurred_at
        if digest is not None:
            previous.content_hash = digest
    model.Session.commit()
    return changes


def check_package_resources_job(package_id: str, occurred_at_iso: str) -> None:
    """Background job (``ckan jobs worker``) enqueued by the plugin's package hooks."""
    check_package_resources(package_id, dt.datetime.fromisoformat(occurred_at_iso))


def enqueue_resource_check(package_id: str, when: Optional[dt.datetime] = None) -> None:
    """Called from IPackageController hooks: only queues work, so saving stays fast."""
    when = when or utcnow()
    try:
        tk.enqueue_job(check_package_resources_job, [package_id, when.isoformat()],
                       title=f"huequality: check resources of {package_id}")
    except RedisError as error:
        # Saving the dataset must not fail because the queue is down; `ckan huequality deadlines
        # check-resources` records the change later (with that later time).
        log.error("huequality: cannot queue the resource check of %s: %s", package_id, error)
