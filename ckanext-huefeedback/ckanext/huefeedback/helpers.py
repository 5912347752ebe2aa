"""Template helpers of ckanext-huefeedback."""
from __future__ import annotations

from typing import Any, Optional

import sqlalchemy as sa

import ckan.model as model
import ckan.plugins.toolkit as tk

from . import config
from .datarequests import rules as request_rules
from .model import DataRequest, Report
from .reports import rules as report_rules
from .shared import people, vocab



def huefeedback_category_label(code: str) -> str:
    return tk._(report_rules.CATEGORIES.get(code, code))


def huefeedback_report_status_label(code: str) -> str:
    return tk._(report_rules.STATUSES.get(code, code))


def huefeedback_request_status_label(code: str) -> str:
    return tk._(request_rules.STATUSES.get(code, code))


def huefeedback_role_label(code: str) -> str:
    labels = {"reporter": tk._("Reporter"), "requester": tk._("Requester"), "agency": tk._("The agency"),
              "department": tk._("The Department"), "system": tk._("The portal")}
    return labels.get(code, code)


def huefeedback_sector_label(code: Optional[str]) -> str:
    return vocab.sector_label(code)


def huefeedback_sector_choices() -> list[dict[str, Any]]:
    return vocab.sector_choices()


def huefeedback_request_decision_days() -> int:
    return config.request_decision_days()


def _viewer() -> people.Viewer:
    name = tk.current_user.name if tk.current_user.is_authenticated else ""
    return people.viewer_of({"user": name})  # type: ignore[typeddict-item]


def huefeedback_is_staff(org_id: str) -> bool:
    """The signed-in user handles this agency's feedback (its editors and admins, sysadmins)."""
    return _viewer().manages(org_id)


def huefeedback_open_report_count(package_id: str) -> int:
    return (model.Session.query(sa.func.count(Report.id))
            .filter(Report.package_id == package_id, Report.status.in_(report_rules.OPEN_STATUSES)).scalar() or 0)


def huefeedback_open_feedback_count(org_id: str) -> int:
    """Open error reports of the agency's datasets plus its requests waiting for a decision."""
    reports = (model.Session.query(sa.func.count(Report.id))
               .join(model.Package, model.Package.id == Report.package_id)
               .filter(model.Package.owner_org == org_id, Report.status.in_(report_rules.OPEN_STATUSES)).scalar())
    requests = (model.Session.query(sa.func.count(DataRequest.id))
                .filter(DataRequest.organization_id == org_id, DataRequest.status == "new").scalar())
    return int(reports or 0) + int(requests or 0)


def huefeedback_can_destroy(package_id: str) -> bool:
    return tk.h.check_access("huefeedback_dataset_destroy", {"id": package_id})


def huefeedback_agency_datasets(org_id: Optional[str]) -> list[dict[str, str]]:
    """Public datasets a request can be answered with (the agency's; every one when no agency)."""
    query = (model.Session.query(model.Package.name, model.Package.title)
             .filter(model.Package.state == "active", model.Package.private.is_(False)))
    if org_id:
        query = query.filter(model.Package.owner_org == org_id)
    return [{"name": name, "title": title or name} for name, title in query.order_by(model.Package.title).limit(500)]


def get_helpers() -> dict[str, Any]:
    return {name: value for name, value in globals().items() if name.startswith("huefeedback_") and callable(value)}
