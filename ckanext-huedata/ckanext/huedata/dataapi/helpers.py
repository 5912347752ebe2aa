"""Template helpers of the Data API panel on the resource page."""
from __future__ import annotations

import json
from typing import Any, Callable
from urllib.parse import quote, urlencode

import ckan.plugins.toolkit as tk

from ckanext.huedata.dataapi import jobs, logic


def huedata_datastore_status(resource: dict[str, Any]) -> dict[str, Any] | None:
    """The last DataStore load of ``resource`` (state, rows, reason in the page's language)."""
    if not logic.wants_load(resource):
        return None
    status = jobs.get_status(resource["id"])
    if status is None:
        return None
    error = status.get("error") or {}
    language = tk.h.lang() or "vi"
    status["reason"] = error.get("en" if language == "en" else "vi", "") if error else ""
    return status


def huedata_data_api_examples(resource: dict[str, Any]) -> dict[str, str]:
    """Ready-to-copy Data API calls for ``resource`` (the first text column as filter example)."""
    site = tk.config.get("ckan.site_url", "").rstrip("/")
    rid = resource["id"]
    column, value, sort = "ten_cot", "giá trị", "_id"
    try:
        result = tk.get_action("datastore_search")({"ignore_auth": False}, {"resource_id": rid, "limit": 1})
        fields = [f for f in result.get("fields", []) if f["id"] != "_id"]
        records = result.get("records") or [{}]
        text_fields = [f for f in fields if f["type"] == "text"] or fields
        if text_fields:
            column = text_fields[0]["id"]
            value = str(records[0].get(column) or value)
        if fields:
            sort = fields[0]["id"]
    except (tk.ObjectNotFound, tk.NotAuthorized, tk.ValidationError):
        pass
    action = f"{site}/api/3/action"
    filters = json.dumps({column: value}, ensure_ascii=False)
    return {
        "search": f"{action}/datastore_search?" + urlencode({"resource_id": rid, "limit": 5}),
        "q": f"{action}/datastore_search?" + urlencode({"resource_id": rid, "q": value}),
        "filters": f"{action}/datastore_search?" + urlencode(
            {"resource_id": rid, "filters": filters, "sort": f"{sort} desc", "limit": 100, "offset": 0}),
        "dump": f"{site}/datastore/dump/{rid}?" + urlencode({"format": "csv", "filters": filters}),
        "curl": f"curl -G '{action}/datastore_search' --data-urlencode 'resource_id={rid}' "
                f"--data-urlencode 'filters={filters}' --data-urlencode 'limit=100'",
        "python": ("import requests\n"
                   f"r = requests.get('{action}/datastore_search',\n"
                   f"                 params={{'resource_id': '{rid}', 'filters': '{filters}', 'limit': 100}})\n"
                   "records = r.json()['result']['records']"),
        "info": f"{action}/datastore_info?id={quote(rid)}",
    }


def get_helpers() -> dict[str, Callable[..., Any]]:
    return {"huedata_datastore_status": huedata_datastore_status,
            "huedata_data_api_examples": huedata_data_api_examples}
