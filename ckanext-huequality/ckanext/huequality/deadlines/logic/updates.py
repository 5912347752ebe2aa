"""What counts as a data update, and the append-only history of them.

A data update is: a resource added; a resource whose content (hash of the uploaded file or of
the URL's body) changed; a harvest that changed data; an agency's "no change this period"
confirmation. Metadata-only edits leave the content hash unchanged and record nothing.
"""

from __future__ import annotations

import dataclasses
import datetime as dt
from typing import Any

import ckan.model as model

from ...db import content_hash
from ..model import ReminderLog, ResourceFingerprint, UpdateEvent

DATA_KINDS = ("resource_added", "resource_changed", "harvest")
KINDS = DATA_KINDS + ("no_change",)


def record_event(
    package_id: str,
    kind: str,
    occurred_at: dt.datetime,
    *,
    owner_org: str | None = None,
    resource_id: str | None = None,
    content_hash: str | None = None,
    user_id: str | None = None,
    note: str = "",
) -> UpdateEvent:
    """Adds one history row to the session (the caller commits)."""
    if kind not in KINDS:
        raise ValueError(f"unknown update kind {kind!r}")
    if owner_org is None:
        pkg = model.Package.get(package_id)
        owner_org = pkg.owner_org if pkg else None
    event = UpdateEvent(
        package_id=package_id,
        owner_org=owner_org,
        kind=kind,
        resource_id=resource_id,
        content_hash=content_hash,
        user_id=user_id,
        note=note,
        occurred_at=occurred_at,
    )
    model.Session.add(event)
    return event


def package_update_times(package_id: str) -> list[dt.datetime]:
    """Instants of every counted update of a dataset, oldest first."""
    rows = (
        model.Session.query(UpdateEvent.occurred_at)
        .filter(UpdateEvent.package_id == package_id)
        .order_by(UpdateEvent.occurred_at)
    )
    return [row[0] for row in rows]


def package_events(package_id: str, limit: int = 50) -> list[UpdateEvent]:
    return (
        model.Session.query(UpdateEvent)
        .filter(UpdateEvent.package_id == package_id)
        .order_by(UpdateEvent.occurred_at.desc())
        .limit(limit)
        .all()
    )


@dataclasses.dataclass(frozen=True)
class Change:
    kind: str  # resource_added or resource_changed
    resource_id: str
    content_hash: str | None


def classify(previous: ResourceFingerprint | None, url: str, digest: str | None) -> str | None:
    """The kind of data update, or None for a metadata-only edit."""
    if previous is None:
        return "resource_added"
    if digest is not None and previous.content_hash is not None:
        return "resource_changed" if digest != previous.content_hash else None
    # Content unreadable now or before: only a new address says the data changed.
    return "resource_changed" if url != previous.url else None


def fingerprint_resource(
    package_id: str, owner_org: str | None, resource: dict[str, Any], digest: str | None, occurred_at: dt.datetime
) -> Change | None:
    """Compares one resource's content (``digest``: SHA-256 of its bytes, None when they could
    not be read) with its last fingerprint, records the data update if there is one and keeps
    the new fingerprint. Adds to the session; the caller commits (``jobs.process``)."""
    resource_id, url = resource["id"], resource.get("url") or ""
    previous = model.Session.get(ResourceFingerprint, resource_id)
    kind = classify(previous, url, digest)
    if kind:
        record_event(package_id, kind, occurred_at, owner_org=owner_org, resource_id=resource_id, content_hash=digest)
    if previous is None:
        previous = ResourceFingerprint(resource_id=resource_id, package_id=package_id)
        model.Session.add(previous)
    previous.url, previous.checked_at = url, occurred_at
    if digest is not None:
        previous.content_hash = digest
    return Change(kind, resource_id, digest) if kind else None


def _delete(rows: list[Any]) -> list[str]:
    hashes = [content_hash(row) for row in rows]
    for row in rows:
        model.Session.delete(row)
    return hashes


def purge(package_id: str) -> dict[str, list[str]]:
    """Deletes a dataset's update history, fingerprints and reminder log (in the session);
    returns the content hashes of the rows deleted, per table, oldest first."""
    session = model.Session
    return {
        "update_events": _delete(
            session.query(UpdateEvent).filter(UpdateEvent.package_id == package_id).order_by(UpdateEvent.id).all()
        ),
        "resource_fingerprints": _delete(
            session.query(ResourceFingerprint)
            .filter(ResourceFingerprint.package_id == package_id)
            .order_by(ResourceFingerprint.resource_id)
            .all()
        ),
        "reminders": _delete(
            session.query(ReminderLog).filter(ReminderLog.package_id == package_id).order_by(ReminderLog.id).all()
        ),
    }
