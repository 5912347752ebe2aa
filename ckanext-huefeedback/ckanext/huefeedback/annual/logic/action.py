"""The annual agency report action: the page, the CSV and the XLSX all print what it returns."""
from __future__ import annotations

from typing import Any

import ckan.model as model
import ckan.plugins.toolkit as tk
from ckan.types import Context, DataDict

from ...shared import clock
from .. import report
from . import schema


@tk.side_effect_free
@tk.validate(schema.annual_report_schema)
def huefeedback_annual_report(context: Context, data_dict: DataDict) -> dict[str, Any]:
    """Each agency's year (06/2021 Art 12; the Department's report before 15 December, 1046 Art 22).

    :param year: the calendar year (default: this year in Huế)
    :param organization: one agency (id or name); every agency when absent
    :returns: ``year``, ``generated_at``, ``agencies`` (one row each, keys as in the CSV) and
        ``city`` (the sums; the city's on-time rate and mean score). Per row: datasets and
        resources published (end of year) and new in the year, rows in the DataStore, new
        datasets and data updates per quarter, on-time rate of updates (deadline tracker),
        quality badges and mean score, error reports received / resolved / handled on time,
        data requests received / answered / answered on time, views and downloads.
    """
    tk.check_access("huefeedback_annual_report", context, data_dict)
    year = int(data_dict.get("year") or clock.local_date(clock.now()).year)
    organization_id = None
    if data_dict.get("organization"):
        group = model.Group.get(data_dict["organization"])
        if group is None or not group.is_organization or group.state != "active":
            raise tk.ObjectNotFound(tk._("Agency not found"))
        organization_id = group.id
    return report.compute(year, organization_id, context)
