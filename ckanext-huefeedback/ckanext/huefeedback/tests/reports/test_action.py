"""Error reports through the actions: sending, who sees what, the agency's answer, the e-mails."""
from __future__ import annotations

import datetime as dt

import pytest

import ckan.plugins.toolkit as tk

from ckanext.huefeedback.tests.conftest import PLUGINS, call

T0 = dt.datetime(2026, 5, 4, 2, 0, tzinfo=dt.timezone.utc)
# (field, value) pairs each refused on their own, with the field named in the error
HOSTILE = [
    ("category", "rude"), ("category", ""), ("category", None), ("description", "ngắn"),
    ("description", "x" * 5001), ("description", "   \x00\x01   "),
    ("description", "http://a.vn http://b.vn http://c.vn http://d.vn mua ngay"),
    ("reporter_email", "not-an-email"), ("reporter_email", "a@b.vn\nBcc: x@y.vn"), ("reporter_email", "a b@c.vn"),
    ("reporter_name", "N" * 101), ("location", "y" * 201), ("resource_id", "not-a-resource"),
    ("package_id", ""),
]


@pytest.fixture
def anonymous_token(frozen_now):
    """A form token issued at T0, with the clock moved 10 s later (a person's pace)."""
    frozen_now(T0)
    token = call("huefeedback_form_token")["form_token"]
    frozen_now(T0 + dt.timedelta(seconds=10))
    return token


def anonymous_report(city, token, **extra):
    data = {"package_id": city["public"]["id"], "category": "wrong_value",
            "description": "Số liệu pH tháng 3 ghi 70 thay vì 7.0", "reporter_email": "dan@example.org",
            "reporter_name": "Nguyễn Văn Dân", "form_token": token, **extra}
    return call("huefeedback_report_create", None, **data)


@pytest.mark.ckan_config("ckan.plugins", PLUGINS)
@pytest.mark.usefixtures("with_plugins", "clean_db", "with_request_context")
class TestReportCreate:
    def test_anonymous_report_is_stored_routed_and_confirmed(self, city, anonymous_token, mailbox):
        report = anonymous_report(city, anonymous_token, location="dòng 12, cột pH")
        assert report["status"] == "new" and report["category"] == "wrong_value"
        assert "reporter" not in report                       # the anonymous caller is not staff
        agency = mailbox.wait_for("a-editor@example.org")
        assert mailbox.wait_for("a-admin@example.org")
        assert "dòng 12, cột pH" in agency[0].get_body().get_content()
        assert mailbox.to("a-member@example.org") == [] and mailbox.to("b-editor@example.org") == []
        confirmation = mailbox.wait_for("dan@example.org")[0]
        assert f"#{report['ref']}" in confirmation["Subject"]
        body = confirmation.get_body().get_content()
        assert body.index("Cảm ơn") < body.index("Thank you")     # Vietnamese first, English second

    def test_anonymous_reporter_must_give_an_email(self, city, anonymous_token):
        with pytest.raises(tk.ValidationError) as error:
            anonymous_report(city, anonymous_token, reporter_email="")
        assert "reporter_email" in error.value.error_dict

    def test_hostile_or_malformed_input_is_refused_with_its_field(self, city, anonymous_token):
        for field, value in HOSTILE:
            with pytest.raises(tk.ValidationError) as error:
                anonymous_report(city, anonymous_token, **{field: value})
            assert field in error.value.error_dict, (field, value)
        assert call("huefeedback_report_list", "dst-admin")["count"] == 0

    def test_html_is_stored_as_text(self, city, anonymous_token):
        report = anonymous_report(city, anonymous_token, description="<script>alert(1)</script> sai số liệu")
        assert report["description"] == "<script>alert(1)</script> sai số liệu"

    def test_honeypot_stale_and_hasty_tokens_are_refused(self, city, frozen_now):
        frozen_now(T0)
        token = call("huefeedback_form_token")["form_token"]
        with pytest.raises(tk.ValidationError, match="too quickly|quá nhanh"):
            anonymous_report(city, token)                       # sent the same second
        frozen_now(T0 + dt.timedelta(seconds=10))
        with pytest.raises(tk.ValidationError):
            anonymous_report(city, token, website="http://spam.example")
        with pytest.raises(tk.ValidationError):
            anonymous_report(city, token[:-1] + ("0" if token[-1] != "0" else "1"))   # forged signature
        with pytest.raises(tk.ValidationError):
            anonymous_report(city, "")
        frozen_now(T0 + dt.timedelta(hours=25))
        with pytest.raises(tk.ValidationError):
            anonymous_report(city, token)                       # a day-old form

    def test_signed_in_users_need_no_token_and_are_known(self, city):
        report = call("huefeedback_report_create", "citizen", package_id=city["public"]["name"],
                      category="out_of_date", description="Dữ liệu dừng ở năm 2023")
        staff_view = call("huefeedback_report_show", "a-editor", id=report["id"])
        assert staff_view["reporter"]["user"] == "citizen"
        assert staff_view["reporter"]["email"] == "citizen@example.org"

    def test_private_dataset_cannot_be_reported_by_outsiders(self, city, anonymous_token):
        with pytest.raises(tk.NotAuthorized):
            anonymous_report(city, anonymous_token, package_id=city["private"]["id"])
        with pytest.raises(tk.NotAuthorized):
            call("huefeedback_report_create", "b-editor", package_id=city["private"]["id"],
                 category="other", description="Tôi không được thấy bộ này")
        assert call("huefeedback_report_create", "a-member", package_id=city["private"]["id"],
                    category="other", description="Thành viên báo lỗi nội bộ")["status"] == "new"

    def test_unknown_dataset_is_not_found(self, city, anonymous_token):
        with pytest.raises(tk.ObjectNotFound):
            anonymous_report(city, anonymous_token, package_id="khong-ton-tai")


@pytest.mark.ckan_config("ckan.plugins", PLUGINS)
@pytest.mark.usefixtures("with_plugins", "clean_db", "with_request_context")
class TestPersonalData:
    def test_alerts_agency_and_department_at_once_without_the_details(self, city, anonymous_token, mailbox):
        report = anonymous_report(city, anonymous_token, category="personal_data",
                                  description="Cột CCCD hiện số 079201001234 của người dân")
        for address in ("a-editor@example.org", "a-admin@example.org", "dst-admin@example.org"):
            message = mailbox.wait_for(address)[0]
            assert "079201001234" not in message.as_string()
            assert "KHẨN" in message["Subject"] or "URGENT" in message["Subject"]
        assert mailbox.to("b-editor@example.org") == []
        public = call("huefeedback_report_show", None, id=report["id"])
        assert public["details_hidden"] and public["description"] is None and public["location"] is None
        other_agency = call("huefeedback_report_show", "b-editor", id=report["id"])
        assert other_agency["description"] is None
        listed = call("huefeedback_report_list", None, package_id=city["public"]["id"])["results"][0]
        assert listed["description"] is None
        assert "079201001234" in call("huefeedback_report_show", "a-editor", id=report["id"])["description"]
        assert "079201001234" in call("huefeedback_report_show", "dst-admin", id=report["id"])["description"]

    @pytest.mark.ckan_config("ckanext.huefeedback.department_emails", "dulieumo@hue.gov.vn")
    def test_department_mailbox_when_configured(self, city, anonymous_token, mailbox):
        anonymous_report(city, anonymous_token, category="personal_data", description="Lộ số điện thoại cá nhân")
        assert mailbox.wait_for("dulieumo@hue.gov.vn")
        assert mailbox.to("dst-admin@example.org") == []


@pytest.mark.ckan_config("ckan.plugins", PLUGINS)
@pytest.mark.usefixtures("with_plugins", "clean_db", "with_request_context")
class TestStatusChanges:
    def test_history_and_an_email_to_the_reporter_at_each_change(self, city, anonymous_token, mailbox):
        report = anonymous_report(city, anonymous_token)
        call("huefeedback_report_status_update", "a-editor", id=report["id"], status="acknowledged")
        done = call("huefeedback_report_status_update", "a-admin", id=report["id"], status="resolved",
                    note="Đã sửa giá trị pH")
        assert [e["to_status"] for e in done["history"]] == ["new", "acknowledged", "resolved"]
        assert [e["role"] for e in done["history"]] == ["reporter", "agency", "agency"]
        assert [e.get("user") for e in done["history"]][1:] == ["a-editor", "a-admin"]
        assert done["closed_at"]
        messages = mailbox.wait_for("dan@example.org", count=3)
        assert "Đã sửa giá trị pH" in messages[-1].get_body().get_content()
        public = call("huefeedback_report_show", None, id=report["id"])
        assert all("user" not in event for event in public["history"])

    def test_rejection_needs_a_reason(self, city, anonymous_token):
        report = anonymous_report(city, anonymous_token)
        with pytest.raises(tk.ValidationError) as error:
            call("huefeedback_report_status_update", "a-editor", id=report["id"], status="rejected", note="  ")
        assert "note" in error.value.error_dict
        rejected = call("huefeedback_report_status_update", "a-editor", id=report["id"], status="rejected",
                        note="Giá trị 70 là đúng theo đơn vị mg/l")
        assert rejected["status"] == "rejected"

    def test_closed_reports_stay_closed(self, city, anonymous_token):
        report = anonymous_report(city, anonymous_token)
        call("huefeedback_report_status_update", "a-editor", id=report["id"], status="resolved")
        for target in ("acknowledged", "rejected", "resolved"):
            with pytest.raises(tk.ValidationError):
                call("huefeedback_report_status_update", "a-editor", id=report["id"], status=target, note="x" * 20)

    def test_only_the_owning_agency_and_the_department_answer(self, city, anonymous_token):
        report = anonymous_report(city, anonymous_token)
        for user in (None, "citizen", "a-member", "b-editor"):
            with pytest.raises(tk.NotAuthorized):
                call("huefeedback_report_status_update", user, id=report["id"], status="acknowledged")
        assert call("huefeedback_report_status_update", "dst-admin", id=report["id"],
                    status="acknowledged")["history"][-1]["role"] == "department"

    def test_open_reports_are_flagged_overdue_after_the_declared_days(self, city, anonymous_token, frozen_now):
        report = anonymous_report(city, anonymous_token)
        frozen_now(T0 + dt.timedelta(days=14))
        assert call("huefeedback_report_show", None, id=report["id"])["overdue"] is False
        frozen_now(T0 + dt.timedelta(days=16))
        assert call("huefeedback_report_show", None, id=report["id"])["overdue"] is True
        call("huefeedback_report_status_update", "a-editor", id=report["id"], status="resolved")
        assert call("huefeedback_report_show", None, id=report["id"])["overdue"] is False


@pytest.mark.ckan_config("ckan.plugins", PLUGINS)
@pytest.mark.usefixtures("with_plugins", "clean_db", "with_request_context")
class TestLists:
    def test_public_list_never_names_reporters(self, city, anonymous_token):
        anonymous_report(city, anonymous_token)
        for user in (None, "citizen", "b-editor"):
            result = call("huefeedback_report_list", user, package_id=city["public"]["name"])
            assert result["count"] == 1
            assert "reporter" not in result["results"][0]
        for user in ("a-editor", "dst-admin"):
            rows = call("huefeedback_report_list", user, package_id=city["public"]["name"])["results"]
            assert rows[0]["reporter"]["email"] == "dan@example.org"

    def test_reports_of_private_datasets_are_listed_for_members_only(self, city):
        call("huefeedback_report_create", "a-member", package_id=city["private"]["id"], category="other",
             description="Lỗi trong dữ liệu nội bộ")
        assert call("huefeedback_report_list", None, organization="so-tnmt")["count"] == 0
        assert call("huefeedback_report_list", "b-editor", organization="so-tnmt")["count"] == 0
        assert call("huefeedback_report_list", "a-member", organization="so-tnmt")["count"] == 1
        with pytest.raises(tk.NotAuthorized):
            call("huefeedback_report_list", None, package_id=city["private"]["id"])

    def test_assigned_to_me_lists_the_callers_agencies(self, city, anonymous_token):
        anonymous_report(city, anonymous_token)
        call("huefeedback_report_create", "citizen", package_id=city["school"]["id"], category="broken_link",
             description="Liên kết tệp bị hỏng")
        assert {r["package_name"] for r in call("huefeedback_report_list", "a-editor", assigned_to_me=True)["results"]} \
            == {"quan-trac-nuoc"}
        assert {r["package_name"] for r in call("huefeedback_report_list", "b-editor", assigned_to_me=True)["results"]} \
            == {"truong-hoc"}
        assert call("huefeedback_report_list", "citizen", assigned_to_me=True)["count"] == 0
        assert call("huefeedback_report_list", "dst-admin", assigned_to_me=True)["count"] == 2
