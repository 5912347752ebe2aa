"""Pure rules: transitions, overdue, the accuracy score, the client address behind proxies."""
from __future__ import annotations

import datetime as dt

import pytest

from ckanext.huefeedback.datarequests import rules as request_rules
from ckanext.huefeedback.reports import rules as report_rules
from ckanext.huefeedback.shared.antispam import client_address

T = dt.datetime(2026, 3, 1, tzinfo=dt.timezone.utc)


def test_report_transitions_end_at_resolved_or_rejected():
    assert report_rules.can_move("new", "acknowledged") and report_rules.can_move("acknowledged", "rejected")
    assert not report_rules.can_move("resolved", "acknowledged") and not report_rules.can_move("rejected", "new")
    assert not report_rules.can_move("new", "new")
    assert report_rules.needs_reason("rejected") and not report_rules.needs_reason("resolved")


def test_request_transitions_publish_after_approval_or_at_once():
    assert request_rules.can_move("new", "published") and request_rules.can_move("approved", "published")
    assert not request_rules.can_move("refused", "published") and not request_rules.can_move("approved", "refused")


@pytest.mark.parametrize("status, days_later, overdue", [
    ("new", 15, False), ("new", 16, True), ("acknowledged", 30, True), ("resolved", 30, False),
    ("rejected", 30, False),
])
def test_report_overdue(status, days_later, overdue):
    assert report_rules.is_overdue(status, T, T + dt.timedelta(days=days_later), 15) is overdue


def test_handled_on_time_counts_the_closing_instant():
    assert report_rules.handled_on_time(T, T + dt.timedelta(days=15), 15)
    assert not report_rules.handled_on_time(T, T + dt.timedelta(days=15, seconds=1), 15)
    assert not report_rules.handled_on_time(T, None, 15)
    assert request_rules.answered_on_time(T, T + dt.timedelta(days=3), 15)


@pytest.mark.parametrize("count, score", [(0, None), (1, 75.0), (2, 50.0), (4, 0.0), (9, 0.0)])
def test_report_score_falls_with_each_open_report_and_is_absent_without_reports(count, score):
    assert report_rules.report_score(count, 25) == score


TRUSTED = ["127.0.0.1", "172.16.0.0/12", "::1"]


@pytest.mark.parametrize("remote, forwarded, expected", [
    ("203.0.113.9", None, "203.0.113.9"),                        # direct visitor
    ("203.0.113.9", "1.2.3.4", "203.0.113.9"),                   # untrusted sender: its header is ignored
    ("172.18.0.5", "198.51.100.7", "198.51.100.7"),              # nginx in Docker forwards the client
    ("172.18.0.5", "6.6.6.6, 198.51.100.7", "198.51.100.7"),     # a forged first hop does not count
    ("172.18.0.5", "198.51.100.7, 127.0.0.1", "198.51.100.7"),   # two trusted proxies in a row
    ("172.18.0.5", "garbage, 198.51.100.7", "198.51.100.7"),
    ("172.18.0.5", "198.51.100.7, garbage", "172.18.0.5"),       # a garbled hop: stop at what we can vouch for
    ("172.18.0.5", "", "172.18.0.5"),
    ("::1", "2001:db8::1", "2001:db8::1"),
    ("not-an-ip", "1.2.3.4", None),
])
def test_client_address_reads_forwarded_for_only_from_trusted_proxies(remote, forwarded, expected):
    assert client_address(remote, forwarded, TRUSTED) == expected


def test_no_trusted_proxy_means_the_connection_address():
    assert client_address("172.18.0.5", "198.51.100.7", []) == "172.18.0.5"
    assert client_address("172.18.0.5", "198.51.100.7", ["not-a-network"]) == "172.18.0.5"
