"""E-mails about error reports: the owning agency, the Department for exposed personal data, the reporter."""
from __future__ import annotations

import ckan.model as model
import ckan.plugins.toolkit as tk

from ..model import Report
from ..shared import mail, people
from . import rules


def _reporter(report: Report) -> list[people.Recipient]:
    address = report.reporter_email
    name = report.reporter_name or ""
    if not address and report.reporter_user_id:
        user = model.User.get(report.reporter_user_id)
        address, name = (user.email, name or user.display_name) if user else (None, name)
    return [people.Recipient(name, address)] if address else []


def _values(report: Report, package: model.Package) -> dict[str, str]:
    return {"ref": str(report.ref), "title": mail.one_line(package.title or package.name),
            "url": mail.url("huefeedback_reports.show", id=report.id)}


def report_created(report: Report, package: model.Package) -> None:
    values = _values(report, package)
    confidential = report.category in rules.CONFIDENTIAL_CATEGORIES

    def to_agency() -> tuple[str, str]:
        category = tk._(rules.CATEGORIES[report.category])
        if confidential:
            subject = tk._("URGENT: personal data exposed in {title} (report #{ref})").format(**values)
            body = tk._("Someone reported that the dataset {title} exposes personal data. Check it at once "
                        "and remove the data if the report is right. For the people concerned, the details "
                        "are not sent by e-mail: read them on the portal.").format(**values)
        else:
            subject = tk._("New error report #{ref}: {title}").format(**values)
            body = tk._("A new error report about the dataset {title}.").format(**values)
            body += "\n\n" + tk._("Category: {category}").format(category=category)
            body += "\n" + tk._("Description: {text}").format(text=report.description)
            if report.location:
                body += "\n" + tk._("Where: {text}").format(text=report.location)
        body += "\n\n" + tk._("Acknowledge, resolve or reject it here: {url}").format(**values)
        return subject, body

    recipients = people.agency_recipients(package.owner_org)
    if confidential:
        recipients += people.department_recipients()
    mail.send(recipients, to_agency)

    def to_reporter() -> tuple[str, str]:
        subject = tk._("We received your error report #{ref}").format(**values)
        body = tk._("Thank you. Your report about the dataset {title} was sent to the agency that "
                    "owns it. You will receive an e-mail each time its status changes. Follow it "
                    "here: {url}").format(**values)
        return subject, body

    mail.send(_reporter(report), to_reporter)


def report_status_changed(report: Report, package: model.Package, note: str) -> None:
    values = _values(report, package)

    def compose() -> tuple[str, str]:
        status = tk._(rules.STATUSES[report.status])
        subject = tk._("Your error report #{ref} is now: {status}").format(status=status, **values)
        body = tk._("The status of your report about the dataset {title} changed to: {status}.").format(
            status=status, **values)
        if note:
            body += "\n\n" + tk._("Note from the agency: {note}").format(note=note)
        body += "\n\n" + tk._("Details: {url}").format(**values)
        return subject, body

    mail.send(_reporter(report), compose)
