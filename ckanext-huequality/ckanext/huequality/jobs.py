"""One ordered background job per dataset change, serving both features from one read.

When a dataset is saved (IPackageController hooks), a harvester records its update
(``huequality_record_update``) or an agency confirms "no change", :func:`dataset_changed`
notes the dataset in the session. Only once that transaction commits is the job queued
(nothing is queued for work that was rolled back, and the job can never read the dataset
before the change it was queued for is visible).

The job, :func:`dataset_job`, is deduplicated and debounced through one Redis key per dataset
holding the time of its latest change: a change queues a job only when no job is waiting for
that dataset (at the front of the queue when the change comes from a web request, see
:func:`_someone_waits`); the waiting job starts its work once the dataset has been quiet for
``ckanext.huequality.job_settle_seconds``, so a burst of saves (the form, then each resource,
then the harvester's update record) is read and scored once, after the last of them.

:func:`process` then reads every resource once (``resources.local_copy``), fingerprints it
(deadlines: which data changed), scans the tabular ones and scores the dataset (quality) from
that same read, re-indexes the dataset so that the search results carry its badge, and
commits all of it at once, under the dataset's advisory lock (``db.lock_dataset``): with
several workers, two jobs of one dataset run one after the other, never side by side.
"""

from __future__ import annotations

import dataclasses
import datetime as dt
import logging
import time

import ckan.model as model
import ckan.plugins.toolkit as tk
from ckan.lib import search
from ckan.lib.redis import connect_to_redis
from flask import has_request_context
from redis.exceptions import RedisError, WatchError
from sqlalchemy import event
from sqlalchemy.orm import Session, SessionTransaction

from . import clock, db
from . import config as shared_config
from .deadlines.logic.updates import Change, fingerprint_resource
from .periods import local_day
from .quality import datastore_source
from .quality.logic import service
from .quality.scan import TableScan
from .quality.types import QualityResult
from .resources import local_copy

log = logging.getLogger(__name__)
_PENDING = "huequality_changed_datasets"
# A key whose job was lost (a worker killed before the job began) is forgotten after this long,
# so later changes queue a job again; a queue backlog longer than this only costs a second job.
_KEY_TTL_SECONDS = 3600


# --- after the transaction commits ------------------------------------------------------


def dataset_changed(package_id: str) -> None:
    """Queues the dataset's job once the current transaction commits (never before)."""
    model.Session().info.setdefault(_PENDING, {})[package_id] = clock.now()


@event.listens_for(Session, "after_commit")
def _queue_committed_changes(session: Session) -> None:
    if session.in_nested_transaction():
        return  # a SAVEPOINT released: the outer transaction may still roll back
    for package_id, changed_at in session.info.pop(_PENDING, {}).items():
        enqueue(package_id, changed_at)


@event.listens_for(Session, "after_transaction_end")
def _forget_rolled_back_changes(session: Session, transaction: SessionTransaction) -> None:
    if transaction.parent is None:  # the outermost transaction: committed ones left already
        session.info.pop(_PENDING, None)


# --- the queue ----------------------------------------------------------------------------


def _key(package_id: str) -> str:
    return f"{tk.config['ckan.site_id']}:huequality:dataset-changed:{package_id}"


def enqueue(package_id: str, changed_at: dt.datetime | None = None) -> bool:
    """Notes the change and queues the dataset's job unless one is already waiting; True when
    a job was queued. A queue that is down never fails the save: ``ckan huequality
    deadlines check-resources`` and ``ckan huequality recompute`` catch up later."""
    changed_at = changed_at or clock.now()
    try:
        redis = connect_to_redis()
        waiting = redis.getset(_key(package_id), f"{time.time()} {changed_at.isoformat()}")
        redis.expire(_key(package_id), _KEY_TTL_SECONDS)
        if waiting is not None:
            return False
        try:
            tk.enqueue_job(
                dataset_job,
                [package_id],
                title=f"huequality: check and score {package_id}",
                rq_kwargs={"at_front": _someone_waits()},
            )
        except Exception:
            log.exception("huequality: cannot queue the job of dataset %s", package_id)
            redis.delete(_key(package_id))  # no job waits: the next change must queue one
            return False
    except RedisError as error:
        log.error("huequality: cannot queue the job of dataset %s: %s", package_id, error)
        return False
    return True


def _someone_waits() -> bool:
    """True when the change comes from a web request (a clerk's form, an API call): its job goes
    to the front of the queue. Bulk work (the demo seed, a harvest, ``recompute``) runs outside
    a request and queues behind; without this a clerk's upload waited behind hundreds of them
    for its score, since ``ckan jobs worker`` serves one queue in order."""
    return has_request_context()


def _claim(package_id: str) -> dt.datetime | None:
    """Waits until the dataset has been quiet for the settle time (at most ten times that),
    then takes its key so that later changes queue a new job. Returns the time of the
    latest change (None when no key was found: the job runs with the clock's time)."""
    settle = shared_config.job_settle_seconds()
    redis = connect_to_redis()
    key = _key(package_id)
    give_up = time.monotonic() + 10 * settle
    for _attempt in range(1000):  # bounded: each round sleeps or ends
        with redis.pipeline() as pipe:
            try:
                pipe.watch(key)
                value = pipe.get(key)
                if value is None:
                    return None
                wall, _sep, changed_at = (value.decode() if isinstance(value, bytes) else str(value)).partition(" ")
                quiet = time.time() - float(wall)
                if quiet < settle and time.monotonic() < give_up:
                    pipe.reset()
                    time.sleep(min(settle - quiet, max(give_up - time.monotonic(), 0.05)))
                    continue
                pipe.multi()
                pipe.delete(key)
                pipe.execute()
                return dt.datetime.fromisoformat(changed_at)
            except WatchError:
                continue  # changed while we looked: look again
    return None


def dataset_job(package_id: str) -> None:
    """The background job (``ckan jobs worker``) queued by :func:`enqueue`."""
    try:
        changed_at = _claim(package_id)
    except RedisError as error:
        log.warning("huequality: no queue key for %s (%s); running anyway", package_id, error)
        changed_at = None
    process(package_id, changed_at or clock.now(), fingerprint=True, score=True)


# --- the work ------------------------------------------------------------------------------


@dataclasses.dataclass
class Outcome:
    package_id: str
    changes: list[Change] = dataclasses.field(default_factory=list)
    score: QualityResult | None = None


def process(
    package_id: str, occurred_at: dt.datetime, *, fingerprint: bool, score: bool, commit: bool = True
) -> Outcome:
    """Reads the dataset's resources once; records data updates (``fingerprint``) and scores
    it (``score``) from that read; re-indexes it when scored. Holds the dataset's lock and
    commits once at the end unless ``commit`` is False (an action under ``defer_commit``)."""
    outcome = Outcome(package_id)
    db.lock_dataset(package_id)
    try:
        pkg = tk.get_action("package_show")({"ignore_auth": True, "use_cache": False}, {"id": package_id})
    except tk.ObjectNotFound:
        log.info("huequality: dataset %s is gone; nothing to check", package_id)
        _end(commit)
        return outcome
    package_id = outcome.package_id = pkg["id"]
    # Drafts and deleted datasets have no data updates to count (they may still be scored).
    fingerprint = fingerprint and pkg.get("state") == "active"
    now = clock.now()
    scans: list[TableScan] = []
    for resource in pkg.get("resources") or []:
        tabular = score and service.is_tabular(resource)
        if not (fingerprint or tabular):
            continue
        # In the DataStore (ckanext-huedata's loader): read there, no second download.
        source = datastore_source.loaded(resource)
        if source is not None:
            if fingerprint:
                change = fingerprint_resource(package_id, pkg.get("owner_org"), resource, source.sha256, occurred_at)
                if change:
                    outcome.changes.append(change)
            if tabular:
                scans.append(service.scan_datastore(resource, source, local_day(now)))
            continue
        with local_copy(resource) as copy:
            if fingerprint:
                change = fingerprint_resource(package_id, pkg.get("owner_org"), resource, copy.sha256, occurred_at)
                if change:
                    outcome.changes.append(change)
            if tabular:
                scans.append(service.scan_copy(resource, copy, local_day(now)))
    model.Session.flush()  # the tracker's statuses below read the updates just recorded
    if score:
        outcome.score = service.score(pkg, scans, now)
        model.Session.flush()  # the index hook reads the new badge
        reindex(package_id)
    _end(commit)
    if score and commit:
        search.commit()  # with Solr instead of huesearch, make the new row visible now
    return outcome


def reindex(package_id: str) -> None:
    """The dataset's search index row, rewritten in this transaction (it carries the badge)."""
    pkg = tk.get_action("package_show")(
        {"ignore_auth": True, "validate": False, "use_cache": False}, {"id": package_id}
    )
    search.index_for("Package").update_dict(pkg, defer_commit=True)


def _end(commit: bool) -> None:
    if commit:
        model.Session.commit()
