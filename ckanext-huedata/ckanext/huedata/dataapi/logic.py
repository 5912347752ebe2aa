"""When a resource's file goes to the DataStore: called by the plugin's resource hooks."""
from __future__ import annotations

from typing import Any

import ckan.plugins.toolkit as tk

from ckanext.huedata.dataapi import jobs, tables


def wants_load(resource: dict[str, Any]) -> bool:
    """Tabular and JSON files that agencies upload or link (not DataStore-only resources)."""
    if resource.get("url_type") in ("datastore", "datastore_rw") or not resource.get("url"):
        return False
    return tables.is_supported(resource.get("format"), resource.get("url") or "")


def enqueue_load(resource: dict[str, Any]) -> None:
    """Queues the load of ``resource`` on CKAN's default job queue (``ckan jobs worker``)."""
    if not wants_load(resource):
        return
    jobs.set_status(resource["id"], "pending", (jobs.get_status(resource["id"]) or {}).get("value"))
    tk.enqueue_job(jobs.load_resource, [resource["id"]], title=f"huedata datastore load {resource['id']}",
                   rq_kwargs={"timeout": 3600})
