"""What happens to data requests when the dataset that answered them is destroyed."""
from __future__ import annotations

import datetime as dt

import ckan.model as model

from ...model import DataRequest, RequestEvent


def unlink_destroyed_dataset(package_id: str, now: dt.datetime) -> int:
    """A destroyed dataset leaves no trace in the requests it answered: the link goes, a
    history line says the dataset was destroyed. Returns how many requests were changed."""
    rows = model.Session.query(DataRequest).filter(DataRequest.package_id == package_id).all()
    for request in rows:
        request.package_id, request.updated = None, now
        model.Session.add(RequestEvent(request_id=request.id, created=now, actor_role="department",
                                       from_status=request.status, to_status=request.status,
                                       note="dataset destroyed / bộ dữ liệu đã bị hủy"))
    model.Session.flush()
    return len(rows)

