"""Reminder e-mails about update deadlines, sent by ``ckan huequality deadlines send-reminders``.

Stages, each sent at most once per dataset and period (the reminder log's unique key):
``due_soon`` to the agency's admins and editors when the deadline is N days away or fewer;
``missed`` to them when the deadline passed without an update; ``escalated`` to sysadmins
when the period is still unmet ``escalation_days`` after the deadline.
"""

from __future__ import annotations

import dataclasses
import datetime as dt
import logging

import ckan.model as model
import ckan.plugins.toolkit as tk
import sqlalchemy as sa
from ckan.lib import mailer
from flask_babel import force_locale

from .. import config
from ..model import ReminderLog
from ..status import PeriodStatus, Status
from .schedules import organization_schedules

log = logging.getLogger(__name__)


@dataclasses.dataclass(frozen=True)
class Reminder:
    package: model.Package
    organization: model.Group
    period: PeriodStatus
    stage: str


@dataclasses.dataclass
class Outcome:
    sent: int = 0  # reminders delivered (one per dataset, period and stage)
    messages: int = 0  # e-mails handed to the SMTP server
    skipped: int = 0  # already sent before
    failed: int = 0  # the mailer refused; retried on the next run


def due_reminders(now: dt.datetime) -> list[Reminder]:
    """Every (dataset, period, stage) that calls for an e-mail now, sent before or not."""
    escalation = dt.timedelta(days=config.escalation_days())
    reminders = []
    organizations = model.Session.query(model.Group).filter(
        model.Group.is_organization.is_(True), model.Group.state == "active"
    )
    for org in organizations:
        for package, schedule in organization_schedules(org.id, now):
            if schedule.current and schedule.current.status is Status.DUE_SOON:
                reminders.append(Reminder(package, org, schedule.current, "due_soon"))
            # Only the latest closed period: a dataset left alone for years gets one e-mail, not eight.
            closed = [p for p in schedule.periods if p.deadline.closes_at <= now]
            if closed and closed[-1].status is Status.OVERDUE:
                reminders.append(Reminder(package, org, closed[-1], "missed"))
                if now >= closed[-1].deadline.closes_at + escalation:
                    reminders.append(Reminder(package, org, closed[-1], "escalated"))
    return reminders


def _already_sent(reminder: Reminder) -> bool:
    return (
        model.Session.query(ReminderLog.id)
        .filter_by(
            package_id=reminder.package.id,
            period_key=reminder.period.period.key,
            stage=reminder.stage,
        )
        .first()
        is not None
    )


def agency_recipients(org_id: str) -> list[model.User]:
    """The agency's active admins and editors that have an e-mail address."""
    return (
        model.Session.query(model.User)
        .join(model.Member, sa.and_(model.Member.table_id == model.User.id, model.Member.table_name == "user"))
        .filter(
            model.Member.group_id == org_id,
            model.Member.state == "active",
            model.Member.capacity.in_(("admin", "editor")),
            model.User.state == "active",
            model.User.email.isnot(None),
            model.User.email != "",
        )
        .order_by(model.User.name)
        .all()
    )


def sysadmin_recipients() -> list[model.User]:
    return (
        model.Session.query(model.User)
        .filter(
            model.User.sysadmin.is_(True),
            model.User.state == "active",
            model.User.email.isnot(None),
            model.User.email != "",
        )
        .order_by(model.User.name)
        .all()
    )


def _texts(reminder: Reminder, now: dt.datetime) -> tuple[str, str]:
    """Subject and body in the current locale."""
    period = reminder.period
    values = {
        "title": reminder.package.title or reminder.package.name,
        "agency": reminder.organization.title or reminder.organization.name,
        "period": period.period.key,
        "deadline": period.deadline.day.strftime("%d/%m/%Y"),
        "days": max((now - period.deadline.closes_at).days, 0),
        "url": tk.url_for("dataset.read", id=reminder.package.name, _external=True),
    }
    if reminder.stage == "due_soon":
        subject = tk._("Data update due by {deadline}: {title}")
        body = tk._("The dataset {title} of {agency} must be updated for the period {period} by {deadline}.")
    elif reminder.stage == "missed":
        subject = tk._("Data update deadline missed: {title}")
        body = tk._(
            "The update of the dataset {title} of {agency} for the period {period} was due "
            "by {deadline} and has not been received."
        )
    else:
        subject = tk._("Escalation: {agency} has not updated {title}")
        body = tk._(
            "The update of the dataset {title} of {agency} for the period {period} was due "
            "by {deadline}; {days} days later it has still not been received. Please follow "
            "up with the agency."
        )
    footer = tk._("Update the data, or confirm on the dataset page that nothing changed this period: {url}")
    return subject.format(**values), body.format(**values) + "\n\n" + footer.format(**values)


def compose(reminder: Reminder, now: dt.datetime) -> tuple[str, str]:
    """Vietnamese first, then English: recipients read either."""
    with force_locale("vi"):
        subject_vi, body_vi = _texts(reminder, now)
    with force_locale("en"):
        subject_en, body_en = _texts(reminder, now)
    return f"{subject_vi} / {subject_en}", f"{body_vi}\n\n---\n\n{body_en}\n"


def send_reminders(now: dt.datetime, dry_run: bool = False) -> Outcome:
    outcome = Outcome()
    sysadmins: list[model.User] | None = None
    for reminder in due_reminders(now):
        if _already_sent(reminder):
            outcome.skipped += 1
            continue
        if reminder.stage == "escalated":
            sysadmins = sysadmin_recipients() if sysadmins is None else sysadmins
            recipients = sysadmins
        else:
            recipients = agency_recipients(reminder.organization.id)
        if not recipients:
            log.warning("huequality: nobody to remind about %s (%s)", reminder.package.name, reminder.stage)
            continue
        if dry_run:
            outcome.sent += 1
            continue
        subject, body = compose(reminder, now)
        try:
            for user in recipients:
                mailer.mail_recipient(user.display_name, user.email, subject, body)
                outcome.messages += 1
        except mailer.MailerException as error:
            log.error("huequality: reminder for %s not sent: %s", reminder.package.name, error)
            outcome.failed += 1
            continue
        model.Session.add(
            ReminderLog(
                package_id=reminder.package.id,
                period_key=reminder.period.period.key,
                stage=reminder.stage,
                recipients=",".join(user.name for user in recipients),
                sent_at=now,
            )
        )
        model.Session.commit()
        outcome.sent += 1
    return outcome
