"""Reports of closed periods kept in Redis, and given up as soon as what they count changes."""

from __future__ import annotations

import pytest
from ckan.tests import factories, helpers

from ckanext.huequality.deadlines.logic import report_cache
from ckanext.huequality.deadlines.logic.report import compliance_report
from ckanext.huequality.periods import parse_period
from ckanext.huequality.tests.conftest import PLUGINS, hue, updated

NOW = hue(2026, 5, 1)  # every deadline of 2026-Q1 has passed


def agencies(report):
    return {row["name"]: row for row in report["agencies"]}


@pytest.fixture
def computed(monkeypatch):
    """How many times the report was really computed (not read from Redis)."""
    calls = Computed()
    real = report_cache.compliance_report

    def counting(*args, **kwargs):
        calls.append(args[0].key)
        calls.agencies.append(kwargs.get("organization_ids"))
        return real(*args, **kwargs)

    monkeypatch.setattr(report_cache, "compliance_report", counting)
    return calls


class Computed(list):
    """Periods computed, in order; ``agencies``: the agency ids each computation was limited to
    (None: every agency)."""

    def __init__(self) -> None:
        super().__init__()
        self.agencies: list[list[str] | None] = []


def recomputed_in_full(now=NOW):
    """The report computed from scratch, without the cache, to compare the kept one with."""
    fresh = compliance_report(parse_period("2026-Q1"), now).as_dict()
    return {**fresh, "generated_at": None}


def report(now=NOW, **data):
    return helpers.call_action("huequality_deadline_report", {"huequality_now": now}, period="2026-Q1", **data)


@pytest.mark.ckan_config("ckan.plugins", PLUGINS)
@pytest.mark.usefixtures("with_plugins", "clean_db")
class TestReportCache:
    def test_a_closed_quarter_is_computed_once_then_read_from_the_cache(self, city, computed):
        first = report()
        again = report()
        assert again == first and computed == ["2026-Q1"]
        report(organization="so-tnmt")  # another scope, another entry
        assert computed == ["2026-Q1", "2026-Q1"]

    def test_an_overdue_dataset_updated_at_last_is_late_in_the_next_report(self, city, computed):
        assert agencies(report())["so-tnmt"]["overdue"] == 1
        updated(city["ids"]["overdue"], hue(2026, 4, 25))
        fresh = agencies(report())["so-tnmt"]
        assert (fresh["overdue"], fresh["late"]) == (0, 2) and len(computed) == 2

    def test_an_update_in_one_agency_recomputes_that_agencys_row_only(self, city, computed):
        before = report()
        updated(city["ids"]["overdue"], hue(2026, 4, 25))
        after = report()
        assert computed.agencies == [None, [city["a"]["id"]]]
        assert {**after, "generated_at": None} == recomputed_in_full()
        assert agencies(after)["ubnd-phu-hoi"] == agencies(before)["ubnd-phu-hoi"]
        assert after["city"]["overdue"] == before["city"]["overdue"] - 1

    def test_a_dataset_moved_to_another_agency_recomputes_both_rows(self, city, computed):
        for name in ("ubnd-vy-da", "ubnd-an-cuu"):  # more agencies unchanged than changed
            factories.Organization(name=name)
        report()
        helpers.call_action("package_patch", id=city["ids"]["on_time"], owner_org=city["b"]["id"])
        moved = report()
        assert sorted(computed.agencies[1]) == sorted([city["a"]["id"], city["b"]["id"]])
        assert {**moved, "generated_at": None} == recomputed_in_full()

    def test_a_renamed_agency_keeps_the_report_in_title_order(self, city, computed):
        report()
        helpers.call_action("organization_patch", id=city["b"]["id"], title="A phường đầu bảng")
        renamed = report()
        assert [row["name"] for row in renamed["agencies"]][0] == "ubnd-phu-hoi"
        assert {**renamed, "generated_at": None} == recomputed_in_full()

    def test_a_corrected_history_is_counted_again(self, city, computed):
        assert agencies(report())["so-tnmt"]["on_time"] == 3
        helpers.call_action("huequality_dataset_history_purge", id=city["ids"]["on_time"])
        assert agencies(report())["so-tnmt"]["on_time"] == 2 and len(computed) == 2

    def test_a_deleted_dataset_leaves_the_next_report(self, city, computed):
        required = agencies(report())["so-tnmt"]["datasets_required"]
        helpers.call_action("package_delete", id=city["ids"]["on_time"])
        assert agencies(report())["so-tnmt"]["datasets_required"] == required - 1

    def test_a_period_whose_deadline_is_still_open_is_never_kept(self, city, computed):
        report(now=hue(2026, 4, 12))
        report(now=hue(2026, 4, 12))
        assert computed == ["2026-Q1", "2026-Q1"]

    @pytest.mark.ckan_config("ckanext.huequality.report_cache_seconds", "0")
    def test_the_cache_can_be_turned_off(self, city, computed):
        report()
        report()
        assert len(computed) == 2
