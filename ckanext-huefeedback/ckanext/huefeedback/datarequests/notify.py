"""E-mails about data requests: the addressed agency (or the Department), and the requester."""
from __future__ import annotations

import ckan.model as model
import ckan.plugins.toolkit as tk

from .. import config
from ..model import DataRequest
from ..shared import mail, people


def _requester(request: DataRequest) -> list[people.Recipient]:
    address, name = request.requester_email, request.requester_name or ""
    if not address and request.requester_user_id:
        user = model.User.get(request.requester_user_id)
        address, name = (user.email, name or user.display_name) if user else (None, name)
    return [people.Recipient(name, address)] if address else []


def _values(request: DataRequest) -> dict[str, str]:
    agency = model.Group.get(request.organization_id) if request.organization_id else None
    return {"ref": str(request.ref), "title": mail.one_line(request.title),
            "agency": mail.one_line(agency.title or agency.name) if agency else "",
            "url": mail.url("huefeedback_requests.show", id=request.id)}


def _to_handlers(request: DataRequest) -> None:
    values = _values(request)

    def compose() -> tuple[str, str]:
        subject = tk._("New data request #{ref}: {title}").format(**values)
        if values["agency"]:
            body = tk._("A data request was addressed to {agency}: {title}").format(**values)
        else:
            body = tk._("A data request names no agency; please route it: {title}").format(**values)
        body += "\n\n" + request.description
        body += "\n\n" + tk._("Purpose: {text}").format(text=request.purpose)
        body += "\n\n" + tk._("Decide within {days} days: approve it with a planned publication date, or "
                              "refuse it with a written reason: {url}").format(
            days=config.request_decision_days(), **values)
        return subject, body

    recipients = (people.agency_recipients(request.organization_id) if request.organization_id
                  else people.department_recipients())
    mail.send(recipients, compose)


def request_created(request: DataRequest) -> None:
    _to_handlers(request)
    values = _values(request)

    def compose() -> tuple[str, str]:
        subject = tk._("We received your data request #{ref}").format(**values)
        body = tk._("Thank you. Your request \"{title}\" was registered. You will receive an e-mail when "
                    "the agency decides and when the data is published. Follow it here: {url}").format(**values)
        return subject, body

    mail.send(_requester(request), compose)


def request_routed(request: DataRequest) -> None:
    _to_handlers(request)


def request_decided(request: DataRequest) -> None:
    values = _values(request)

    def compose() -> tuple[str, str]:
        if request.status == "approved":
            subject = tk._("Your data request #{ref} was approved").format(**values)
            body = tk._("{agency} approved your request \"{title}\" and plans to publish the data by "
                        "{date}.").format(date=request.planned_date.strftime("%d/%m/%Y"), **values)
        else:
            subject = tk._("Your data request #{ref} was refused").format(**values)
            body = tk._("{agency} refused your request \"{title}\".").format(**values)
        if request.decision_note:
            body += "\n\n" + tk._("Reason given: {note}").format(note=request.decision_note)
        body += "\n\n" + tk._("Details: {url}").format(**values)
        return subject, body

    mail.send(_requester(request), compose)


def request_published(request: DataRequest, package: model.Package) -> None:
    values = _values(request)
    dataset_url = mail.url("dataset.read", id=package.name)

    def compose() -> tuple[str, str]:
        subject = tk._("The data you requested (#{ref}) is published").format(**values)
        body = tk._("The data of your request \"{title}\" is published: {dataset_url}").format(
            dataset_url=dataset_url, **values)
        body += "\n\n" + tk._("Details: {url}").format(**values)
        return subject, body

    mail.send(_requester(request), compose)
