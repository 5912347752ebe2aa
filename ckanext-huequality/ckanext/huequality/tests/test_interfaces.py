"""IQualityDimension: other extensions adjust a dimension, shown in the public evidence."""

from __future__ import annotations

import logging

import pytest
from ckan.tests import factories, helpers

from ckanext.huequality.interfaces import QualityAdjustment
from ckanext.huequality.tests.dimension_plugin import AdjustingDimensionPlugin

PLUGINS = "huequality huesearch huequality_test_dimension"


@pytest.mark.parametrize(
    "fields",
    [
        {"dimension": "popularity", "weight": 0.5, "score": 50},
        {"dimension": "accuracy", "weight": 1.5, "score": 50},
        {"dimension": "accuracy", "weight": -0.1, "score": 50},
        {"dimension": "accuracy", "weight": 0.5, "score": 101},
        {"dimension": "accuracy", "weight": 0.5, "score": float("nan")},
        {"dimension": "accuracy", "weight": True, "score": 50},
        {"dimension": "accuracy", "weight": 0.5, "score": "50"},
        {"dimension": "accuracy", "weight": 0.5, "score": 50, "evidence": ["not", "a", "mapping"]},
    ],
)
def test_an_adjustment_out_of_range_is_refused_when_built(fields):
    with pytest.raises(ValueError):
        QualityAdjustment(**fields)


def test_an_adjustment_is_frozen():
    adjustment = QualityAdjustment("accuracy", 0.2, 60.0, {"message_vi": "x", "message_en": "x"})
    with pytest.raises(AttributeError):
        adjustment.score = 0.0  # type: ignore[misc]


@pytest.fixture
def adjusting():
    AdjustingDimensionPlugin.adjustments = {}
    AdjustingDimensionPlugin.seen = []
    yield AdjustingDimensionPlugin
    AdjustingDimensionPlugin.adjustments = {}


@pytest.mark.ckan_config("ckan.plugins", PLUGINS)
@pytest.mark.usefixtures("with_plugins", "clean_db", "with_request_context")
class TestAdjustments:
    def _score(self, package_id):
        return helpers.call_action("huequality_dataset_quality_recompute", id=package_id)

    def test_weighted_adjustments_are_applied_in_turn_and_shown_in_the_public_evidence(self, adjusting):
        pkg = factories.Dataset(notes="x")
        before = self._score(pkg["id"])["scores"]["completeness"]
        adjusting.adjustments[pkg["id"]] = [
            QualityAdjustment(
                "completeness",
                0.5,
                0.0,
                {
                    "message_vi": "Người dân báo thiếu cột",
                    "message_en": "Citizens report a missing column",
                    "reports": 2,
                },
            ),
            QualityAdjustment("completeness", 0.25, 100.0),
        ]
        after = self._score(pkg["id"])
        expected = round(0.75 * (0.5 * before + 0.5 * 0.0) + 0.25 * 100.0, 1)
        assert after["scores"]["completeness"] == expected
        shown = helpers.call_action("huequality_dataset_quality", {"user": ""}, id=pkg["id"])
        evidence = shown["evidence"]["completeness"]
        assert [a["weight"] for a in evidence["adjustments"]] == [0.5, 0.25]
        assert evidence["adjustments"][0]["evidence"]["reports"] == 2
        assert evidence["adjustments"][0]["source"] == "huequality_test_dimension"
        assert {
            "source": "huequality_test_dimension",
            "message_vi": "Người dân báo thiếu cột",
            "message_en": "Citizens report a missing column",
        } in evidence["messages"]
        # the plugin saw the dataset as package_show gives it
        assert adjusting.seen[-1]["id"] == pkg["id"] and "resources" in adjusting.seen[-1]

    def test_the_composite_and_badge_follow_the_adjusted_dimension(self, adjusting):
        pkg = factories.Dataset(notes="x")
        first = self._score(pkg["id"])
        adjusting.adjustments[pkg["id"]] = [QualityAdjustment("uniqueness", 1.0, 0.0)]
        second = self._score(pkg["id"])
        assert second["scores"]["uniqueness"] == 0.0
        assert second["composite"] < first["composite"]
        assert "uniqueness" in second["below_threshold"]

    def test_a_dimension_that_does_not_apply_takes_the_adjustments_score(self, adjusting):
        pkg = factories.Dataset(extras=[{"key": "update_frequency", "value": "irregular"}])
        assert self._score(pkg["id"])["scores"]["timeliness"] is None
        adjusting.adjustments[pkg["id"]] = [QualityAdjustment("timeliness", 0.3, 40.0)]
        assert self._score(pkg["id"])["scores"]["timeliness"] == 40.0

    def test_the_dataset_page_shows_the_message_in_the_readers_language(self, adjusting, app):
        pkg = factories.Dataset(notes="x")
        adjusting.adjustments[pkg["id"]] = [
            QualityAdjustment(
                "accuracy", 0.2, 60.0, {"message_vi": "2 báo lỗi chưa xử lý", "message_en": "2 open error reports"}
            )
        ]
        self._score(pkg["id"])
        assert "2 báo lỗi chưa xử lý" in app.get(f"/dataset/{pkg['name']}").body
        english = app.get(f"/en/dataset/{pkg['name']}").body
        assert "2 open error reports" in english and "2 báo lỗi chưa xử lý" not in english


@pytest.mark.ckan_config("ckan.plugins", "huequality huesearch huequality_test_broken_dimension")
@pytest.mark.usefixtures("with_plugins", "clean_db", "with_request_context")
def test_a_failing_extension_is_logged_and_left_out(caplog, monkeypatch):
    # CKAN's logging set-up disables loggers created before it: this one must speak here
    monkeypatch.setattr(logging.getLogger("ckanext.huequality.quality.logic.service"), "disabled", False)
    pkg = factories.Dataset(notes="x")
    with caplog.at_level(logging.ERROR, logger="ckanext.huequality"):
        result = helpers.call_action("huequality_dataset_quality_recompute", id=pkg["id"])
    assert result["badge"] in ("xuat_sac", "tot", "dat", "chua_dat")
    assert all(not dim["adjustments"] for dim in result["evidence"].values())
    assert "huequality_test_broken_dimension failed" in caplog.text
