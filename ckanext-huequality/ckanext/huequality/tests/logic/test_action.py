"""huequality_dataset_history_purge: a dataset's scores, fingerprints and history destroyed,
with what was removed returned for the destruction log."""

from __future__ import annotations

import re
from typing import Any

import ckan.model as model
import pytest
from ckan.tests import factories, helpers

from ckanext.huequality.db import content_hash
from ckanext.huequality.deadlines.model import ReminderLog, ResourceFingerprint, UpdateEvent
from ckanext.huequality.quality.model import QualityScore
from ckanext.huequality.tests.conftest import PLUGINS, hue

SHA256 = re.compile(r"[0-9a-f]{64}")


def _rows(package_id: str) -> dict[str, int]:
    tables: tuple[tuple[str, Any], ...] = (
        ("quality_scores", QualityScore),
        ("update_events", UpdateEvent),
        ("resource_fingerprints", ResourceFingerprint),
        ("reminders", ReminderLog),
    )
    return {name: model.Session.query(table).filter(table.package_id == package_id).count() for name, table in tables}


@pytest.fixture
def history(run_jobs, file_server):
    """A dataset with two scores, a fingerprint, two update events and a reminder."""
    file_server.bodies["/a.csv"] = b"id\n1\n2\n"
    sysadmin = factories.Sysadmin()
    pkg = factories.Dataset(resources=[{"url": file_server.url + "/a.csv", "format": "CSV"}])
    run_jobs()
    helpers.call_action("huequality_record_update", {"user": sysadmin["name"]}, package_id=pkg["id"])
    run_jobs()
    model.Session.add(
        ReminderLog(
            package_id=pkg["id"], period_key="2026-Q1", stage="missed", recipients="someone", sent_at=hue(2026, 4, 16)
        )
    )
    model.Session.commit()
    assert _rows(pkg["id"]) == {"quality_scores": 2, "update_events": 2, "resource_fingerprints": 1, "reminders": 1}
    return {"pkg": pkg, "sysadmin": sysadmin}


@pytest.mark.ckan_config("ckan.plugins", PLUGINS)
@pytest.mark.usefixtures("with_plugins", "clean_db", "with_request_context")
class TestHistoryPurge:
    def test_removes_everything_and_returns_counts_and_content_hashes(self, history):
        pkg = history["pkg"]
        expected = {
            row.id: content_hash(row)
            for row in model.Session.query(UpdateEvent).filter(UpdateEvent.package_id == pkg["id"])
        }
        result = helpers.call_action(
            "huequality_dataset_history_purge", {"user": history["sysadmin"]["name"]}, id=pkg["name"]
        )
        assert result["package_id"] == pkg["id"]
        counts = {
            name: result[name]["count"]
            for name in ("quality_scores", "update_events", "resource_fingerprints", "reminders")
        }
        assert counts == {"quality_scores": 2, "update_events": 2, "resource_fingerprints": 1, "reminders": 1}
        assert result["update_events"]["content_hashes"] == [expected[k] for k in sorted(expected)]
        assert all(SHA256.fullmatch(h) for part in counts for h in result[part]["content_hashes"])
        model.Session.expire_all()
        assert _rows(pkg["id"]) == dict.fromkeys(counts, 0)
        # nothing is shown any more; the search row no longer carries a badge
        assert helpers.call_action("huequality_dataset_quality", id=pkg["id"])["badge"] is None
        found = helpers.call_action("package_search", q=f"id:{pkg['id']}")["results"]
        assert "quality_badge" not in found[0]
        # the dataset itself is left alone
        assert helpers.call_action("package_show", id=pkg["id"])["state"] == "active"

    def test_works_after_the_dataset_itself_was_purged(self, history):
        pkg = history["pkg"]
        helpers.call_action("dataset_purge", id=pkg["id"])
        result = helpers.call_action(
            "huequality_dataset_history_purge", {"user": history["sysadmin"]["name"]}, id=pkg["id"]
        )
        assert result["quality_scores"]["count"] == 2
        assert _rows(pkg["id"])["update_events"] == 0

    def test_a_second_purge_finds_nothing(self, history):
        context = {"user": history["sysadmin"]["name"]}
        helpers.call_action("huequality_dataset_history_purge", dict(context), id=history["pkg"]["id"])
        again = helpers.call_action("huequality_dataset_history_purge", dict(context), id=history["pkg"]["id"])
        assert again["quality_scores"] == {"count": 0, "content_hashes": []}

    def test_only_sysadmins_may_purge(self, history):
        editor = factories.User()
        org = factories.Organization(users=[{"name": editor["name"], "capacity": "admin"}])
        helpers.call_action("package_patch", id=history["pkg"]["id"], owner_org=org["id"])
        for user in ("", editor["name"]):
            with pytest.raises(helpers.logic.NotAuthorized):
                helpers.call_action(
                    "huequality_dataset_history_purge", {"user": user, "ignore_auth": False}, id=history["pkg"]["id"]
                )
        assert _rows(history["pkg"]["id"])["quality_scores"] >= 2

    def test_inside_another_actions_transaction_nothing_is_committed_before_it(self, history):
        context = {"user": history["sysadmin"]["name"], "defer_commit": True}
        helpers.call_action("huequality_dataset_history_purge", context, id=history["pkg"]["id"])
        model.Session.rollback()
        assert _rows(history["pkg"]["id"])["quality_scores"] == 2

    def test_an_id_is_required(self, history):
        with pytest.raises(helpers.logic.ValidationError):
            helpers.call_action("huequality_dataset_history_purge", {"user": history["sysadmin"]["name"]})
