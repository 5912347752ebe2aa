"""Open wrong-value reports in the quality accuracy dimension, and the rescore asked of huequality."""
from __future__ import annotations

import dataclasses
from typing import Any

import pytest

from ckan.lib import jobs

from ckanext.huefeedback.reports import quality
from ckanext.huefeedback.tests.conftest import PLUGINS, call


@dataclasses.dataclass(frozen=True)
class QualityAdjustment:
    """The shape of huequality's QualityAdjustment (the contract), for when huequality lacks it."""

    dimension: str
    weight: float
    score: float
    evidence: dict[str, Any]


@pytest.fixture
def adjustment_type(monkeypatch):
    if quality.QualityAdjustment is None:
        monkeypatch.setattr(quality, "QualityAdjustment", QualityAdjustment)
    return quality.QualityAdjustment


@pytest.mark.ckan_config("ckan.plugins", PLUGINS)
@pytest.mark.usefixtures("with_plugins", "clean_db", "with_request_context")
class TestAccuracyAdjustment:
    def test_open_wrong_value_reports_lower_accuracy_and_closed_ones_do_not(self, city, adjustment_type):
        dataset = {"id": city["public"]["id"]}
        assert quality.quality_adjustments(dataset) == []
        first = call("huefeedback_report_create", "citizen", package_id=dataset["id"], category="wrong_value",
                     description="Giá trị pH sai ở tháng 3")
        call("huefeedback_report_create", "citizen", package_id=dataset["id"], category="out_of_date",
             description="Chưa cập nhật quý 1")      # not an accuracy report
        call("huefeedback_report_create", "a-member", package_id=dataset["id"], category="wrong_value",
             description="Giá trị độ đục sai ở tháng 4")
        [adjustment] = quality.quality_adjustments(dataset)
        assert (adjustment.dimension, adjustment.weight, adjustment.score) == ("accuracy", 0.3, 50.0)
        assert adjustment.evidence["open_reports"] == 2
        assert adjustment.evidence["message_vi"] and adjustment.evidence["message_en"]
        call("huefeedback_report_status_update", "a-editor", id=first["id"], status="resolved")
        assert quality.quality_adjustments(dataset)[0].score == 75.0

    @pytest.mark.ckan_config("ckanext.huefeedback.quality.accuracy_weight", "7")
    def test_weight_stays_between_0_and_1(self, city, adjustment_type):
        call("huefeedback_report_create", "citizen", package_id=city["public"]["id"], category="wrong_value",
             description="Giá trị pH sai ở tháng 3")
        assert quality.quality_adjustments({"id": city["public"]["id"]})[0].weight == 1.0

    def test_a_status_change_asks_huequality_for_a_new_score(self, city):
        queue = jobs.get_queue()
        queue.empty()
        report = call("huefeedback_report_create", "citizen", package_id=city["public"]["id"],
                      category="wrong_value", description="Giá trị pH sai ở tháng 3")
        call("huefeedback_report_status_update", "a-editor", id=report["id"], status="resolved")
        titles = [queue.fetch_job(job_id).meta.get("title") for job_id in queue.job_ids]
        assert sum(f"huefeedback: rescore {city['public']['id']}" in (title or "") for title in titles) == 2
        queue.empty()

    def test_the_plugin_implements_the_interface_when_huequality_offers_it(self):
        import ckan.plugins as plugins

        if quality.IQualityDimension is None:
            pytest.skip("ckanext.huequality.interfaces does not offer IQualityDimension yet")
        assert any(p.name == "huefeedback" for p in plugins.PluginImplementations(quality.IQualityDimension))
