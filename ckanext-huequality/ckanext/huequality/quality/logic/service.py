"""Scoring one dataset inside CKAN: scan its files (read once by ``jobs.process``), gather the
timeliness statuses and other extensions' adjustments, score, and keep the result.

Nothing here commits: ``jobs.process`` reads, records and scores a dataset in one transaction.
"""

from __future__ import annotations

import datetime as dt
import logging
from typing import Any

import ckan.model as model
import ckan.plugins as plugins

from ...interfaces import IQualityDimension, QualityAdjustment
from ...periods import local_day
from ...resources import LocalCopy
from ...translations import bilingual
from .. import config as qconfig
from .. import readers, scoring
from ..datastore_source import DatastoreCopy
from ..scan import TableScan, parse_data_dictionary, scan_table
from ..timeliness import STATUS_SCORES
from ..types import Adjustment, QualityResult
from . import store

log = logging.getLogger(__name__)
CANNOT_READ = readers._("the file cannot be read")


def is_tabular(resource: dict[str, Any]) -> bool:
    return readers.reader_format(resource.get("format"), resource.get("url")) is not None


def scan_copy(resource: dict[str, Any], copy: LocalCopy, today: dt.date) -> TableScan:
    """The scan of one tabular resource from its local copy; why not, when it cannot be read."""
    name = resource.get("name") or resource.get("id", "")
    scan = TableScan(resource_id=resource["id"], resource_name=name)
    if copy.path is None:
        failure = copy.failure or bilingual(CANNOT_READ)
        scan.error, scan.error_vi = failure["message_en"], failure["message_vi"]
        return scan
    fmt = readers.reader_format(resource.get("format"), resource.get("url")) or "csv"
    try:
        table = readers.open_table(copy.path, fmt)
        scan = scan_table(
            table,
            parse_data_dictionary(resource.get("data_dictionary")),
            resource_id=resource["id"],
            resource_name=name,
            today=today,
            bbox=qconfig.bbox(),
            infer_rows=qconfig.infer_rows(),
            memory_limit=qconfig.memory_rows(),
        )
    except readers.UnreadableFile as exc:
        scan.error, scan.error_reason = str(exc), (exc.message, exc.params)
    except OSError:
        scan.error, scan.error_reason = CANNOT_READ, (CANNOT_READ, {})
    if scan.error_reason is not None:
        message, params = scan.error_reason
        scan.error_vi = bilingual(message, **params)["message_vi"]
    return scan


def scan_datastore(resource: dict[str, Any], source: DatastoreCopy, today: dt.date) -> TableScan:
    """The scan of one tabular resource from its DataStore table (no download); accuracy is
    checked against the data dictionary, or the DataStore's column types without one."""
    return scan_table(
        source.table(),
        source.schema(resource.get("data_dictionary")),
        resource_id=resource["id"],
        resource_name=resource.get("name") or resource["id"],
        today=today,
        bbox=qconfig.bbox(),
        infer_rows=qconfig.infer_rows(),
        memory_limit=qconfig.memory_rows(),
    )


def timeliness_statuses(package_id: str, now: dt.datetime) -> list[str]:
    """The dataset's period statuses from the deadline tracker (same plugin, same rule), so
    the quality score and the deadline pages never disagree about a period."""
    from ...deadlines.logic.schedules import package_schedule

    package = model.Package.get(package_id)
    if package is None:
        return []
    schedule = package_schedule(package, now)
    return [s.status.value for s in schedule.periods if s.status.value in STATUS_SCORES]


def adjustments_for(pkg: dict[str, Any]) -> list[tuple[str, Adjustment]]:
    """Other extensions' inputs (``IQualityDimension``), each tagged with its plugin's name."""
    found: list[tuple[str, Adjustment]] = []
    for plugin in plugins.PluginImplementations(IQualityDimension):
        source = getattr(plugin, "name", type(plugin).__name__)
        try:
            given = list(plugin.quality_adjustments(pkg))
        except Exception:  # noqa: BLE001 (another extension's bug must not stop every score)
            log.exception("huequality: %s failed to adjust the quality of %s; left out", source, pkg["id"])
            continue
        for adjustment in given:
            if isinstance(adjustment, QualityAdjustment):
                found.append((source, adjustment))
            else:
                log.error("huequality: %s returned %r, not a QualityAdjustment; left out", source, adjustment)
    return found


def _same_agency_datasets(pkg: dict[str, Any]) -> list[dict[str, Any]]:
    if not pkg.get("owner_org"):
        return []
    query = model.Session.query(model.Package).filter(
        model.Package.owner_org == pkg["owner_org"], model.Package.state == "active", model.Package.id != pkg["id"]
    )
    return [
        {
            "id": p.id,
            "name": p.name,
            "title": p.title,
            "owner_org": p.owner_org,
            "resources": [{"url": r.url} for r in p.resources],
        }
        for p in query
    ]


def score(pkg: dict[str, Any], scans: list[TableScan], now: dt.datetime) -> QualityResult:
    """Scores the dataset from its scans and keeps the result in the session (not committed)."""
    before = store.latest(pkg["id"])
    previous = before.evidence.get("consistency", {}).get("counted", {}).get("structures") if before else None
    result = scoring.score_dataset(
        pkg,
        scans,
        timeliness_statuses(pkg["id"], now),
        qconfig.settings(),
        local_day(now),
        scoring.near_duplicates(pkg, _same_agency_datasets(pkg)),
        previous,
        adjustments_for(pkg),
    )
    store.add(result, pkg.get("owner_org"), now)
    return result
