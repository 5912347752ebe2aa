"""Tables of ckanext-huefeedback (created by the alembic migrations in ``migration/huefeedback``).

The destruction log is not here: it lives in :mod:`ckanext.huefeedback.destruction.log`, outside
CKAN's metadata, because CKAN's test reset deletes the rows of every table it knows and the log
refuses deletes.
"""
from __future__ import annotations

import datetime as dt
import uuid
from typing import Any

from sqlalchemy import BigInteger, Column, Date, DateTime, ForeignKey, Integer, Sequence, UnicodeText

import ckan.model as model
import ckan.plugins.toolkit as tk


def utcnow() -> dt.datetime:
    return dt.datetime.now(dt.timezone.utc)


def _id() -> str:
    return str(uuid.uuid4())


class Report(tk.BaseModel):  # type: ignore[misc, valid-type]
    """An error report about a published dataset (1046 Art 7.2.đ, 10.2.đ; 41/2024 Art 28.4)."""

    __tablename__ = "huefeedback_report"

    id = Column(UnicodeText, primary_key=True, default=_id)
    ref = Column(BigInteger, Sequence("huefeedback_report_ref_seq"), unique=True)
    package_id = Column(UnicodeText, ForeignKey("package.id", ondelete="CASCADE"), nullable=False)
    resource_id = Column(UnicodeText)
    category = Column(UnicodeText, nullable=False)
    description = Column(UnicodeText, nullable=False)
    location = Column(UnicodeText)
    reporter_user_id = Column(UnicodeText, ForeignKey("user.id", ondelete="SET NULL"))
    reporter_name = Column(UnicodeText)
    reporter_email = Column(UnicodeText)
    status = Column(UnicodeText, nullable=False, default="new")
    created = Column(DateTime(timezone=True), nullable=False, default=utcnow)
    updated = Column(DateTime(timezone=True), nullable=False, default=utcnow)
    closed_at = Column(DateTime(timezone=True))

    @classmethod
    def get(cls, id: Any, for_update: bool = False) -> Report | None:
        return _get(cls, id, for_update)


class ReportEvent(tk.BaseModel):  # type: ignore[misc, valid-type]
    """One change of a report's status: who (and in which role), when, why."""

    __tablename__ = "huefeedback_report_event"

    id = Column(BigInteger, Sequence("huefeedback_report_event_id_seq"), primary_key=True)
    report_id = Column(UnicodeText, ForeignKey("huefeedback_report.id", ondelete="CASCADE"), nullable=False)
    created = Column(DateTime(timezone=True), nullable=False, default=utcnow)
    actor_user_id = Column(UnicodeText, ForeignKey("user.id", ondelete="SET NULL"))
    actor_role = Column(UnicodeText, nullable=False)
    from_status = Column(UnicodeText)
    to_status = Column(UnicodeText, nullable=False)
    note = Column(UnicodeText)


class DataRequest(tk.BaseModel):  # type: ignore[misc, valid-type]
    """A request for data that is not published (E-Form, 41/2024 Art 27)."""

    __tablename__ = "huefeedback_request"

    id = Column(UnicodeText, primary_key=True, default=_id)
    ref = Column(BigInteger, Sequence("huefeedback_request_ref_seq"), unique=True)
    title = Column(UnicodeText, nullable=False)
    description = Column(UnicodeText, nullable=False)
    purpose = Column(UnicodeText, nullable=False)
    organization_id = Column(UnicodeText, ForeignKey("group.id", ondelete="SET NULL"))
    sector = Column(UnicodeText)
    requester_user_id = Column(UnicodeText, ForeignKey("user.id", ondelete="SET NULL"))
    requester_name = Column(UnicodeText)
    requester_email = Column(UnicodeText)
    status = Column(UnicodeText, nullable=False, default="new")
    planned_date = Column(Date)
    decision_note = Column(UnicodeText)
    package_id = Column(UnicodeText, ForeignKey("package.id", ondelete="SET NULL"))
    created = Column(DateTime(timezone=True), nullable=False, default=utcnow)
    updated = Column(DateTime(timezone=True), nullable=False, default=utcnow)
    decided_at = Column(DateTime(timezone=True))
    published_at = Column(DateTime(timezone=True))

    @classmethod
    def get(cls, id: Any, for_update: bool = False) -> DataRequest | None:
        return _get(cls, id, for_update)


class RequestEvent(tk.BaseModel):  # type: ignore[misc, valid-type]
    """One step of a data request: routed, decided, published — who, when, why."""

    __tablename__ = "huefeedback_request_event"

    id = Column(BigInteger, Sequence("huefeedback_request_event_id_seq"), primary_key=True)
    request_id = Column(UnicodeText, ForeignKey("huefeedback_request.id", ondelete="CASCADE"), nullable=False)
    created = Column(DateTime(timezone=True), nullable=False, default=utcnow)
    actor_user_id = Column(UnicodeText, ForeignKey("user.id", ondelete="SET NULL"))
    actor_role = Column(UnicodeText, nullable=False)
    from_status = Column(UnicodeText)
    to_status = Column(UnicodeText, nullable=False)
    note = Column(UnicodeText)


class DemandCount(tk.BaseModel):  # type: ignore[misc, valid-type]
    """Distinct visitors of a dataset page, resource page or download on one day (Huế time)."""

    __tablename__ = "huefeedback_demand"

    day = Column(Date, primary_key=True)
    package_id = Column(UnicodeText, ForeignKey("package.id", ondelete="CASCADE"), primary_key=True)
    resource_id = Column(UnicodeText, primary_key=True, default="")
    kind = Column(UnicodeText, primary_key=True)
    count = Column(Integer, nullable=False, default=0)


def _get(cls: Any, id: Any, for_update: bool) -> Any:
    if not isinstance(id, str) or not id:
        return None
    query = model.Session.query(cls).filter(cls.id == id)
    return (query.with_for_update() if for_update else query).first()


def as_dict(row: Any) -> dict[str, Any]:
    """Column values, datetimes and dates as ISO strings."""
    out: dict[str, Any] = {}
    for column in row.__table__.columns:
        value = getattr(row, column.name)
        out[column.name] = value.isoformat() if isinstance(value, (dt.date, dt.datetime)) else value
    return out


__all__ = ["Report", "ReportEvent", "DataRequest", "RequestEvent", "DemandCount", "as_dict", "utcnow"]
