"""Reminder e-mails delivered once per dataset and stage to a real SMTP server on 127.0.0.1."""

from __future__ import annotations

import email
import socket
import subprocess

import ckan.model as model
import pytest
from aiosmtpd.controller import Controller
from ckan.tests import factories

from ckanext.huequality.deadlines.logic.reminders import send_reminders
from ckanext.huequality.deadlines.model import ReminderLog
from ckanext.huequality.tests.conftest import PLUGINS, hue, updated


class _Inbox:
    def __init__(self):
        self.messages = []
        self.port = 0

    async def handle_DATA(self, server, session, envelope):  # noqa: N802 (aiosmtpd's hook name)
        message = email.message_from_bytes(envelope.content)
        self.messages.append((list(envelope.rcpt_tos), message))
        return "250 OK"

    def subjects_for(self, address):
        return [
            str(email.header.make_header(email.header.decode_header(m["Subject"])))
            for rcpt, m in self.messages
            if address in rcpt
        ]


def _free_port():
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def ckan_config_smtp(inbox):
    return f"127.0.0.1:{inbox.port}"


@pytest.fixture
def smtp(ckan_config, monkeypatch):
    inbox = _Inbox()
    port = _free_port()
    inbox.port = port
    controller = Controller(inbox, hostname="127.0.0.1", port=port)
    controller.start()
    monkeypatch.setitem(ckan_config, "smtp.server", f"127.0.0.1:{port}")
    monkeypatch.setitem(ckan_config, "smtp.starttls", False)
    yield inbox
    controller.stop()


@pytest.fixture
def agency(backdate):
    admin = factories.User(name="tnmt-admin", email="admin@tnmt.hue.gov.vn")
    editor = factories.User(name="tnmt-editor", email="editor@tnmt.hue.gov.vn")
    member = factories.User(name="tnmt-member", email="member@tnmt.hue.gov.vn")
    factories.Sysadmin(name="dst-admin", email="dst@hue.gov.vn")
    org = factories.Organization(
        name="so-tnmt",
        title="Sở Tài nguyên và Môi trường",
        users=[
            {"name": "tnmt-admin", "capacity": "admin"},
            {"name": "tnmt-editor", "capacity": "editor"},
            {"name": "tnmt-member", "capacity": "member"},
        ],
    )
    late = factories.Dataset(owner_org=org["id"], name="quan-trac-nuoc", title="Quan trắc nước")
    punctual = factories.Dataset(owner_org=org["id"], name="dat-dai", title="Đất đai")
    for pkg in (late, punctual):
        backdate(pkg["id"], hue(2026, 1, 5))  # after Q4 2025: only Q1 2026 is due
    return {"late": late, "punctual": punctual, "admin": admin, "editor": editor, "member": member}


@pytest.mark.ckan_config("ckan.plugins", PLUGINS)
@pytest.mark.usefixtures("with_plugins", "clean_db", "with_request_context")
class TestSendReminders:
    def test_due_soon_reminder_goes_once_to_admins_and_editors(self, smtp, agency):
        outcome = send_reminders(hue(2026, 4, 9, 8))
        assert (outcome.sent, outcome.messages) == (2, 4)  # two datasets, admin + editor each
        assert len(smtp.subjects_for("admin@tnmt.hue.gov.vn")) == 2
        assert len(smtp.subjects_for("editor@tnmt.hue.gov.vn")) == 2
        assert smtp.subjects_for("member@tnmt.hue.gov.vn") == []
        assert smtp.subjects_for("dst@hue.gov.vn") == []
        again = send_reminders(hue(2026, 4, 10, 8))
        assert (again.sent, again.skipped, len(smtp.messages)) == (0, 2, 4)

    def test_message_is_in_vietnamese_then_english_with_the_deadline(self, smtp, agency):
        send_reminders(hue(2026, 4, 9, 8))
        subject = next(s for s in smtp.subjects_for("admin@tnmt.hue.gov.vn") if "Quan trắc nước" in s)
        assert "15/04/2026" in subject and "Data update due by" in subject and "Hạn cập nhật" in subject
        message = next(m for _, m in smtp.messages if "quan-trac-nuoc" in m.get_payload(decode=True).decode())
        body = message.get_payload(decode=True).decode()
        assert body.index("2026-Q1") < body.index("---") and "/dataset/quan-trac-nuoc" in body

    def test_missed_deadline_then_escalation_to_sysadmins_after_15_days(self, smtp, agency):
        updated(agency["punctual"]["id"], hue(2026, 4, 3))
        send_reminders(hue(2026, 4, 20))
        missed = smtp.subjects_for("admin@tnmt.hue.gov.vn")
        assert len(missed) == 1 and "Quan trắc nước" in missed[0] and "missed" in missed[0]
        send_reminders(hue(2026, 4, 30, 23))  # 14 days and 23 hours after: not yet
        assert smtp.subjects_for("dst@hue.gov.vn") == []
        send_reminders(hue(2026, 5, 1, 0, 30))
        send_reminders(hue(2026, 5, 2))
        escalated = smtp.subjects_for("dst@hue.gov.vn")
        assert len(escalated) == 1 and "Escalation" in escalated[0]
        stages = {(r.stage, r.recipients) for r in model.Session.query(ReminderLog)}
        assert stages == {("missed", "tnmt-admin,tnmt-editor"), ("escalated", "dst-admin")}

    def test_updated_dataset_gets_no_missed_reminder(self, smtp, agency):
        updated(agency["late"]["id"], hue(2026, 4, 3))
        updated(agency["punctual"]["id"], hue(2026, 4, 4))
        assert send_reminders(hue(2026, 4, 20)).sent == 0
        assert smtp.messages == []

    def test_smtp_failure_is_retried_on_the_next_run(self, smtp, agency, ckan_config, monkeypatch):
        monkeypatch.setitem(ckan_config, "smtp.server", f"127.0.0.1:{_free_port()}")  # nobody listens
        outcome = send_reminders(hue(2026, 4, 9, 8))
        assert (outcome.sent, outcome.failed) == (0, 2)
        assert model.Session.query(ReminderLog).count() == 0


@pytest.mark.ckan_config("ckan.plugins", PLUGINS)
@pytest.mark.usefixtures("with_plugins", "clean_db")
def test_cli_command_sends_and_reports(smtp, agency, ckan_command):
    command = ckan_command(f"smtp.server = {ckan_config_smtp(smtp)}") + ["huequality", "deadlines", "send-reminders"]
    result = subprocess.run(command + ["--now", "2026-04-09T08:00+07:00"], capture_output=True, text=True)
    assert result.returncode == 0, result.stderr[-2000:]
    assert "sent: 2, e-mails: 4" in result.stdout
    assert len(smtp.messages) == 4
    result = subprocess.run(command + ["--now", "2026-04-09T08:00+07:00"], capture_output=True, text=True)
    assert "sent: 0, e-mails: 0, already sent: 2" in result.stdout
    result = subprocess.run(command + ["--now", "2026-04-09"], capture_output=True, text=True)
    assert result.returncode != 0 and "timezone" in result.stderr
