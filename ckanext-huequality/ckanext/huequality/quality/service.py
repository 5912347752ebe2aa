"""Scoring one dataset inside CKAN: fetch its files, scan them, score, store, re-index."""
from __future__ import annotations

import logging
import os
import tempfile
from contextlib import contextmanager
from datetime import date, datetime, timezone
from collections.abc import Iterator
from typing import Any

from ckan import model
from ckan.plugins import toolkit as tk

from .. import fetching
from . import config as qconfig
from . import readers, scoring, store
from .scan import TableScan, parse_data_dictionary, scan_table
from .timeliness import timeliness_input
from .types import QualityResult

log = logging.getLogger(__name__)


@contextmanager
def _local_file(resource: dict[str, Any]) -> Iterator[str]:
    """A path to the resource's bytes: the upload on disk, or a bounded streamed download."""
    if resource.get("url_type") == "upload":
        from ckan.lib.uploader import get_resource_uploader

        yield get_resource_uploader(resource).get_path(resource["id"])
        return
    import requests

    url = resource.get("url") or ""
    if not url.startswith(("http://", "https://")):
        raise readers.UnreadableFile("the resource has no file or downloadable URL")
    try:
        fetching.check_fetchable(url)
    except fetching.PrivateAddressError as error:
        raise readers.UnreadableFile(f"not downloaded: {error}") from None
    limit = qconfig.max_download_bytes()
    fd, path = tempfile.mkstemp(prefix="huequality-")
    try:
        with os.fdopen(fd, "wb") as out, requests.get(url, stream=True, timeout=30) as response:
            if response.status_code != 200:
                raise readers.UnreadableFile(f"download failed: HTTP {response.status_code}")
            size = 0
            for chunk in response.iter_content(1 << 16):
                size += len(chunk)
                if size > limit:
                    raise readers.UnreadableFile(f"the file is larger than {limit // (1 << 20)} MB")
                out.write(chunk)
        yield path
    except requests.RequestException as exc:
        raise readers.UnreadableFile(f"download failed: {exc.__class__.__name__}") from None
    finally:
        os.unlink(path)


def scan_resource(resource: dict[str, Any], today: date) -> TableScan | None:
    fmt = readers.reader_format(resource.get("format"), resource.get("url"))
    if fmt is None:
        return None
    name = resource.get("name") or resource.get("id", "")
    try:
        with _local_file(resource) as path:
            table = readers.open_table(path, fmt)
            return scan_table(
                table, parse_data_dictionary(resource.get("data_dictionary")),
                resource_id=resource["id"], resource_name=name, today=today,
                bbox=qconfig.bbox(), infer_rows=qconfig.infer_rows(), memory_limit=qconfig.memory_rows(),
            )
    except (readers.UnreadableFile, OSError) as exc:
        return TableScan(resource_id=resource["id"], resource_name=name, error=str(exc))


def _same_agency_datasets(pkg: dict[str, Any]) -> list[dict[str, Any]]:
    if not pkg.get("owner_org"):
        return []
    query = (model.Session.query(model.Package)
             .filter(model.Package.owner_org == pkg["owner_org"], model.Package.state == "active",
                     model.Package.id != pkg["id"]))
    return [{"id": p.id, "name": p.name, "title": p.title, "owner_org": p.owner_org,
             "resources": [{"url": r.url} for r in p.resources]} for p in query]


def compute(package_id: str, now: datetime | None = None) -> QualityResult:
    """Score a dataset from its current metadata and files, store the result, re-index it."""
    now = now or datetime.now(timezone.utc)
    pkg = tk.get_action("package_show")({"ignore_auth": True, "use_cache": False}, {"id": package_id})
    scans = [s for s in (scan_resource(r, now.date()) for r in pkg.get("resources", [])) if s]
    before = store.latest(pkg["id"])
    previous = (before.evidence.get("consistency", {}).get("counted", {}).get("structures") if before else None)
    result = scoring.score_dataset(
        pkg, scans, timeliness_input(pkg, now), qconfig.settings(), now.date(),
        scoring.near_duplicates(pkg, _same_agency_datasets(pkg)), previous,
    )
    store.save(result, pkg.get("owner_org"))
    from ckan.lib import search

    search.rebuild(pkg["id"])  # the index copy carries quality_badge
    return result


def enqueue(package_id: str) -> None:
    """Ask a background worker to score the dataset (never scores in the caller's request)."""
    try:
        tk.enqueue_job(recompute_job, [package_id], title=f"huequality quality {package_id}")
    except Exception as exc:  # Redis down must not break saving a dataset
        log.warning("could not enqueue quality scoring of %s: %s", package_id, exc)


def recompute_job(package_id: str) -> None:
    """Background job body (``ckan jobs worker``)."""
    try:
        compute(package_id)
    except tk.ObjectNotFound:
        log.info("dataset %s is gone; no quality score", package_id)
