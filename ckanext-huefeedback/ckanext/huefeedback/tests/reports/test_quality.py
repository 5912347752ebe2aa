"""Open wrong-value reports in the quality accuracy dimension, and the rescore asked of huequality:
the adjustment itself, and end to end through huequality's scoring job and actions."""
from __future__ import annotations

import pytest

import ckan.plugins as plugins
from ckan.lib import jobs
from ckan.tests import helpers

from ckanext.huefeedback.reports import quality
from ckanext.huefeedback.tests.conftest import PLUGINS, call
from ckanext.huequality.interfaces import IQualityDimension, QualityAdjustment

CSV = b"ma_phuong,ten_phuong,ph\n19768,Phu Hoi,7.1\n19771,Vy Da,6.9\n19774,Phu Nhuan,7.3\n"


@pytest.mark.ckan_config("ckan.plugins", PLUGINS)
@pytest.mark.usefixtures("with_plugins", "clean_db", "with_request_context")
class TestAccuracyAdjustment:
    def test_open_wrong_value_reports_lower_accuracy_and_closed_ones_do_not(self, city):
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
    def test_weight_stays_between_0_and_1(self, city):
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

    def test_the_plugin_implements_huequality_interface(self):
        assert quality.IQualityDimension is IQualityDimension
        assert quality.QualityAdjustment is QualityAdjustment
        assert any(p.name == "huefeedback" for p in plugins.PluginImplementations(IQualityDimension))

    def test_open_wrong_value_reports_lower_the_accuracy_score_and_badge_end_to_end(self, city, create_with_upload):
        dataset_id = city["school"]["id"]            # its only file is a good CSV: accuracy 100
        create_with_upload(CSV, "ph.csv", package_id=dataset_id, name="ph.csv", format="CSV")
        before = helpers.call_action("huequality_dataset_quality_recompute", id=dataset_id)
        assert before["scores"]["accuracy"] is not None
        assert before["evidence"]["accuracy"]["adjustments"] == []
        for description in ("Giá trị pH sai ở tháng 3", "Giá trị pH sai ở tháng 4"):
            call("huefeedback_report_create", "citizen", package_id=dataset_id, category="wrong_value",
                 description=description)

        after = helpers.call_action("huequality_dataset_quality_recompute", id=dataset_id)

        [adjustment] = after["evidence"]["accuracy"]["adjustments"]
        assert adjustment["source"] == "huefeedback" and adjustment["score"] == 50.0
        expected = round((1 - adjustment["weight"]) * before["scores"]["accuracy"] + adjustment["weight"] * 50.0, 1)
        assert after["scores"]["accuracy"] == expected < before["scores"]["accuracy"]
        assert after["composite"] < before["composite"]
        assert any("báo lỗi" in m["message_vi"].lower() or "2" in m["message_vi"]
                   for m in after["evidence"]["accuracy"]["messages"])
        # the same figures in the public read and the bulk read the annual report uses
        shown = call("huequality_dataset_quality", None, id=dataset_id)
        assert shown["scores"]["accuracy"] == expected
        listed = call("huequality_dataset_quality_list", None, ids=[dataset_id])["scores"][dataset_id]
        assert (listed["badge"], listed["composite"]) == (after["badge"], after["composite"])
