"""The demand action: what people want most, download most, and asked for but do not have."""
from __future__ import annotations

import datetime as dt
from typing import Any

import ckan.model as model
import ckan.plugins.toolkit as tk
from ckan.types import Context, DataDict

from ... import config
from ...shared import clock, vocab
from .. import queries
from . import schema


@tk.side_effect_free
@tk.validate(schema.demand_schema)
def huefeedback_demand(context: Context, data_dict: DataDict) -> dict[str, Any]:
    """Demand for published data (41/2024 Art 20: high-demand data first), public.

    :param organization: one agency (id or name); the whole city when absent
    :param sector: one sector code
    :param days: the window in days, ending today (default ``ckanext.huefeedback.demand.days``)
    :param limit: length of each ranking (default 10)
    :returns: ``since``, ``until``, ``totals``; rankings ``most_wanted`` (views + downloads +
        error reports + requests answered by the dataset), ``most_downloaded``;
        ``requested_not_published`` (requests waiting or approved, oldest first); per-agency and
        per-sector tables ``agencies`` and ``sectors``
    """
    tk.check_access("huefeedback_demand", context, data_dict)
    org_id = None
    if data_dict.get("organization"):
        group = model.Group.get(data_dict["organization"])
        if group is None or not group.is_organization or group.state != "active":
            raise tk.ObjectNotFound(tk._("Agency not found"))
        org_id = group.id
    sector = data_dict.get("sector") or None
    days = int(data_dict.get("days") or config.demand_days())
    until = clock.local_date(clock.now())
    since = until - dt.timedelta(days=days - 1)
    start, end = clock.local_midnight(since), clock.local_midnight(until + dt.timedelta(days=1))
    limit = int(data_dict["limit"])

    items = queries.datasets(since, until, start, end, org_id, sector)
    agencies, sectors = queries.by_group(items, start, end, org_id, sector, vocab.sector_labels())
    wanted = sorted((i for i in items if i.interest), key=lambda i: (-i.interest, i.title))[:limit]
    downloaded = sorted((i for i in items if i.downloads), key=lambda i: (-i.downloads, i.title))[:limit]
    waiting = tk.get_action("huefeedback_request_list")(
        {**context, "ignore_auth": True}, {"status": "open", "limit": 1000,
                                           **({"organization": org_id} if org_id else {}),
                                           **({"sector": sector} if sector else {})})["results"]
    waiting.sort(key=lambda r: r["created"])
    return {
        "since": since.isoformat(), "until": until.isoformat(), "days": days,
        "organization_id": org_id, "sector": sector,
        "totals": {"datasets": len(items), "views": sum(i.views for i in items),
                   "downloads": sum(i.downloads for i in items), "reports": sum(i.reports for i in items),
                   "requests": sum(a.requests for a in agencies), "requested_not_published": len(waiting)},
        "most_wanted": queries.as_dicts(wanted),
        "most_downloaded": queries.as_dicts(downloaded),
        "requested_not_published": [
            {key: r[key] for key in ("id", "ref", "title", "organization", "sector", "status", "created",
                                     "planned_date", "overdue")} for r in waiting[:limit * 5]],
        "agencies": queries.as_dicts([a for a in agencies if a.key]),
        "sectors": queries.as_dicts(sectors),
    }
