"""Deadline actions: one dataset's status, the per-agency report, access rules."""

from __future__ import annotations

import ckan.model as model
import pytest
from ckan.tests import factories, helpers

from ckanext.huequality.deadlines.logic.schedules import package_schedule
from ckanext.huequality.deadlines.logic.updates import package_update_times
from ckanext.huequality.deadlines.schedule import deadline_for
from ckanext.huequality.deadlines.status import period_status
from ckanext.huequality.periods import parse_period
from ckanext.huequality.tests.conftest import PLUGINS, hue

NOW = hue(2026, 5, 1)


def agencies(report):
    return {row["name"]: row for row in report["agencies"]}


@pytest.mark.ckan_config("ckan.plugins", PLUGINS)
@pytest.mark.usefixtures("with_plugins", "clean_db")
class TestDeadlineReport:
    def test_counts_per_agency_for_a_quarter(self, city):
        report = helpers.call_action("huequality_deadline_report", {"huequality_now": NOW}, period="2026-Q1")
        a, b = agencies(report)["so-tnmt"], agencies(report)["ubnd-phu-hoi"]
        assert (a["datasets_required"], a["on_time"], a["late"], a["overdue"], a["pending"]) == (5, 3, 1, 1, 0)
        assert a["on_time_pct"] == 60.0
        assert a["datasets_published"] == 1  # a-new-in-q1; a-new-in-q2 belongs to Q2
        assert (b["datasets_required"], b["on_time"], b["overdue"], b["on_time_pct"]) == (2, 1, 1, 50.0)
        assert b["data_updates"] == 2  # the two monthly updates inside Q1
        assert agencies(report)["so-moi"]["on_time_pct"] is None
        city_row = report["city"]
        assert (city_row["datasets_required"], city_row["on_time"], city_row["on_time_pct"]) == (7, 4, 57.1)

    def test_before_the_deadline_unmet_periods_are_pending_not_overdue(self, city):
        report = helpers.call_action(
            "huequality_deadline_report", {"huequality_now": hue(2026, 4, 12)}, period="2026-Q1", organization="so-tnmt"
        )
        [a] = report["agencies"]
        # on 12 April: on-time, confirmed and new-in-Q1 are met; late and overdue not yet.
        assert (a["on_time"], a["late"], a["overdue"], a["pending"]) == (3, 0, 0, 2)

    def test_report_agrees_with_each_datasets_own_status(self, city):
        period = parse_period("2026-Q1")
        from ckanext.huequality.deadlines import config

        deadline = deadline_for(period, config.deadline_rule())
        expected = {"on_time": 0, "late": 0, "overdue": 0}
        for org_id in (city["a"]["id"],):
            for pkg in model.Session.query(model.Package).filter_by(owner_org=org_id, state="active"):
                if package_schedule(pkg, NOW).frequency != "quarterly":
                    continue
                status = period_status(
                    deadline,
                    package_update_times(pkg.id),
                    pkg.metadata_created.replace(tzinfo=NOW.tzinfo),
                    NOW,
                    config.deadline_rule(),
                )
                if status.status.value in expected:
                    expected[status.status.value] += 1
        report = helpers.call_action(
            "huequality_deadline_report", {"huequality_now": NOW}, period="2026-Q1", organization=city["a"]["id"]
        )
        row = report["agencies"][0]
        assert {k: row[k] for k in expected} == expected

    def test_annual_report_judges_every_quarter_of_the_year(self, city):
        report = helpers.call_action("huequality_deadline_report", {"huequality_now": hue(2027, 2, 1)}, period="2026")
        a = agencies(report)["so-tnmt"]
        # Q2-Q4 2026 got no update at all: every quarterly dataset ends up overdue.
        assert a["overdue"] == 6 and a["on_time"] == 0
        assert a["datasets_published"] == 2

    def test_bad_period_is_refused_with_a_clear_message(self):
        with pytest.raises(helpers.logic.ValidationError) as error:
            helpers.call_action("huequality_deadline_report", period="2026-Q7")
        assert "period" in error.value.error_dict

    def test_report_is_public(self, city, app):
        response = app.get("/api/3/action/huequality_deadline_report", query_string={"period": "2026-Q1"})
        assert response.status_code == 200
        assert {row["name"] for row in response.json["result"]["agencies"]} >= {"so-tnmt", "ubnd-phu-hoi"}


@pytest.mark.ckan_config("ckan.plugins", PLUGINS)
@pytest.mark.usefixtures("with_plugins", "clean_db")
class TestDeadlineStatus:
    def test_dataset_status_before_and_after_the_deadline(self, city):
        pkg = city["ids"]["overdue"]
        before = helpers.call_action("huequality_deadline_status", {"huequality_now": hue(2026, 4, 10)}, id=pkg)
        assert before["current"]["period"] == "2026-Q1"
        assert before["current"]["deadline"] == "2026-04-15"
        assert (before["status"], before["current"]["days_left"]) == ("due_soon", 5)
        after = helpers.call_action("huequality_deadline_status", {"huequality_now": NOW}, id=pkg)
        assert after["status"] == "upcoming" and after["current"]["period"] == "2026-Q2"
        assert [p["status"] for p in after["periods"]][-2:] == ["overdue", "upcoming"]

    def test_status_explains_which_update_met_the_period(self, city):
        result = helpers.call_action("huequality_deadline_status", {"huequality_now": NOW}, id="a-confirmed")
        q1 = {p["period"]: p for p in result["periods"]}["2026-Q1"]
        assert q1["status"] == "on_time"
        assert q1["updated_at"].startswith("2026-04-02")
        assert result["updates"][0]["kind"] == "no_change"

    def test_irregular_dataset_is_not_required(self, city):
        result = helpers.call_action("huequality_deadline_status", {"huequality_now": NOW}, id="a-irregular")
        assert (result["status"], result["current"], result["periods"]) == ("not_required", None, [])

    def test_frequency_from_the_top_level_field_of_the_data_contract(self, city):
        # scheming stores update_frequency as a package extra; package_show shows it top-level.
        result = helpers.call_action("huequality_deadline_status", {"huequality_now": NOW}, id="b-monthly")
        assert result["frequency"] == "monthly"

    def test_private_dataset_status_is_hidden_from_anonymous(self):
        org = factories.Organization()
        dataset = factories.Dataset(owner_org=org["id"], private=True)
        with pytest.raises(helpers.logic.NotAuthorized):
            helpers.call_action("huequality_deadline_status", {"user": "", "ignore_auth": False}, id=dataset["id"])


@pytest.mark.ckan_config("ckan.plugins", PLUGINS)
@pytest.mark.usefixtures("with_plugins", "clean_db")
class TestReminderLogAccess:
    def test_reminder_log_is_for_sysadmins_only(self):
        editor = factories.User()
        factories.Organization(users=[{"name": editor["name"], "capacity": "admin"}])
        for user in ("", editor["name"]):
            with pytest.raises(helpers.logic.NotAuthorized):
                helpers.call_action("huequality_reminder_log_list", {"user": user, "ignore_auth": False})
        assert (
            helpers.call_action(
                "huequality_reminder_log_list", {"user": factories.Sysadmin()["name"], "ignore_auth": False}
            )
            == []
        )


@pytest.mark.ckan_config("ckan.plugins", PLUGINS)
@pytest.mark.ckan_config("ckanext.huequality.deadline_offset_days", "10")
@pytest.mark.ckan_config("ckanext.huequality.deadline_grace_days", "2")
@pytest.mark.usefixtures("with_plugins", "clean_db")
def test_configured_offset_and_grace_move_the_deadline(city):
    result = helpers.call_action("huequality_deadline_status", {"huequality_now": hue(2026, 4, 5)}, id="a-late")
    assert result["current"]["deadline"] == "2026-04-10"
    assert result["current"]["late_after"].startswith("2026-04-12T17:00")  # 13 April 00:00 in Huế


@pytest.mark.ckan_config("ckan.plugins", PLUGINS)
@pytest.mark.ckan_config("ckanext.huequality.deadline_grace_days", "10")
@pytest.mark.usefixtures("with_plugins", "clean_db")
def test_report_agrees_with_each_period_status_when_deadline_windows_overlap(backdate):
    """With 10 grace days a weekly period's window (1 + 10 days) reaches into the next weeks': one
    update may meet several periods. The report must still say what the per-period rule says."""
    from ckanext.huequality.deadlines import config
    from ckanext.huequality.periods import periods_between
    from ckanext.huequality.tests.conftest import updated

    org = factories.Organization(name="so-gtvt")
    patterns = {
        "every-week": [hue(2026, 2, d) for d in (3, 10, 17, 24)] + [hue(2026, 3, 3)],
        "one-update-meets-two": [hue(2026, 2, 3), hue(2026, 2, 17), hue(2026, 2, 24), hue(2026, 3, 3)],
        "gap-then-late": [hue(2026, 2, 3), hue(2026, 3, 1, 8)],
        "never": [],
    }
    ids = {}
    for name, moments in patterns.items():
        pkg = factories.Dataset(owner_org=org["id"], name=name, extras=[{"key": "update_frequency", "value": "weekly"}])
        backdate(pkg["id"], hue(2025, 6, 1))
        updated(pkg["id"], *moments)
        ids[name] = pkg["id"]
    now, reported, rule = hue(2026, 3, 20), parse_period("2026-02"), config.deadline_rule()
    worst = ("overdue", "pending", "late", "on_time")
    expected = {status: 0 for status in worst}
    for package_id in ids.values():
        statuses = [
            period_status(
                deadline_for(period, rule), package_update_times(package_id), hue(2025, 6, 1), now, rule
            ).status.value
            for period in periods_between("weekly", reported.start, reported.last_day)
            if reported.start < period.end <= reported.end
        ]
        expected[next(s for s in worst if s in statuses)] += 1
    report = helpers.call_action("huequality_deadline_report", {"huequality_now": now}, period="2026-02")
    row = next(a for a in report["agencies"] if a["name"] == "so-gtvt")
    assert {status: row[status] for status in worst} == expected
    assert expected["late"] >= 1 and expected["on_time"] >= 1 and expected["overdue"] >= 1
