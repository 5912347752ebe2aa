"""Data requests through the actions: the E-Form, routing, the decision, publication, the e-mails."""
from __future__ import annotations

import datetime as dt

import pytest

import ckan.plugins.toolkit as tk

from ckanext.huefeedback.tests.conftest import PLUGINS, call

T0 = dt.datetime(2026, 5, 4, 2, 0, tzinfo=dt.timezone.utc)
HOSTILE = [
    ("title", ""), ("title", "abc"), ("title", "t" * 201), ("description", "ngắn"), ("purpose", ""),
    ("organization", "khong-co-co-quan"), ("sector", "astrology"), ("requester_email", "x@"),
    ("requester_email", "a@b.vn\r\nBcc: z@z.vn"), ("requester_name", "\n" * 3 + "N" * 120),
]


@pytest.fixture
def token(frozen_now):
    frozen_now(T0)
    issued = call("huefeedback_form_token")["form_token"]
    frozen_now(T0 + dt.timedelta(seconds=30))
    return issued


def ask(token, **extra):
    data = {"title": "Danh sách điểm wifi công cộng", "description": "Vị trí, tên điểm, nhà cung cấp, năm 2026",
            "purpose": "Xây dựng bản đồ cho sinh viên", "requester_email": "sv@example.org",
            "requester_name": "Trần Thị Sinh Viên", "form_token": token, **extra}
    return call("huefeedback_request_create", None, **data)


@pytest.mark.ckan_config("ckan.plugins", PLUGINS)
@pytest.mark.usefixtures("with_plugins", "clean_db", "with_request_context")
class TestRequestFlow:
    def test_addressed_request_is_approved_then_published_and_the_requester_told(self, city, token, mailbox):
        request = ask(token, organization="so-tnmt", sector="environment")
        assert request["status"] == "new" and request["organization"]["name"] == "so-tnmt"
        assert "purpose" not in request and "requester" not in request
        assert "Xây dựng bản đồ" in mailbox.wait_for("a-editor@example.org")[0].get_body().get_content()
        assert mailbox.to("dst-admin@example.org") == []
        assert mailbox.wait_for("sv@example.org")
        approved = call("huefeedback_request_decide", "a-admin", id=request["id"], decision="approved",
                        planned_date="2026-06-30")
        assert approved["status"] == "approved" and approved["planned_date"] == "2026-06-30"
        assert "30/06/2026" in mailbox.wait_for("sv@example.org", count=2)[-1].get_body().get_content()
        published = call("huefeedback_request_publish", "a-editor", id=request["id"],
                         package_id=city["public"]["name"])
        assert published["status"] == "published" and published["package"]["name"] == "quan-trac-nuoc"
        last = mailbox.wait_for("sv@example.org", count=3)[-1]
        assert "/dataset/quan-trac-nuoc" in last.get_body().get_content()
        assert [e["to_status"] for e in published["history"]] == ["new", "approved", "published"]

    def test_refusal_needs_a_written_reason_and_is_public(self, city, token, mailbox):
        request = ask(token, organization="so-tnmt")
        for note in ("", "   "):
            with pytest.raises(tk.ValidationError) as error:
                call("huefeedback_request_decide", "a-editor", id=request["id"], decision="refused", note=note)
            assert "note" in error.value.error_dict
        refused = call("huefeedback_request_decide", "a-editor", id=request["id"], decision="refused",
                       note="Dữ liệu thuộc danh mục bí mật nhà nước")
        public = call("huefeedback_request_show", None, id=refused["id"])
        assert public["status"] == "refused" and public["decision_note"] == "Dữ liệu thuộc danh mục bí mật nhà nước"
        assert "bí mật nhà nước" in mailbox.wait_for("sv@example.org", count=2)[-1].get_body().get_content()
        with pytest.raises(tk.ValidationError):
            call("huefeedback_request_decide", "a-editor", id=request["id"], decision="approved",
                 planned_date="2026-12-31")

    def test_approval_needs_a_future_planned_date(self, city, token):
        request = ask(token, organization="so-tnmt")
        for planned in ("", "30/06/2026", "2026-02-30", "2026-05-01"):
            with pytest.raises(tk.ValidationError) as error:
                call("huefeedback_request_decide", "a-editor", id=request["id"], decision="approved",
                     planned_date=planned)
            assert "planned_date" in error.value.error_dict, planned

    def test_not_sure_goes_to_the_department_which_routes_it(self, city, token, mailbox):
        request = ask(token)
        assert request["organization"] is None
        assert mailbox.wait_for("dst-admin@example.org")
        assert mailbox.to("a-editor@example.org") == []
        with pytest.raises(tk.NotAuthorized):
            call("huefeedback_request_decide", "a-editor", id=request["id"], decision="refused", note="không phải")
        for user in (None, "citizen", "a-admin"):
            with pytest.raises(tk.NotAuthorized):
                call("huefeedback_request_route", user, id=request["id"], organization="so-tnmt")
        routed = call("huefeedback_request_route", "dst-admin", id=request["id"], organization="so-tnmt")
        assert routed["organization"]["name"] == "so-tnmt"
        assert mailbox.wait_for("a-editor@example.org")
        assert call("huefeedback_request_decide", "a-editor", id=request["id"], decision="refused",
                    note="Chưa thu thập dữ liệu này")["status"] == "refused"

    def test_other_agencies_cannot_answer(self, city, token):
        request = ask(token, organization="so-tnmt")
        for user in (None, "citizen", "a-member", "b-editor"):
            with pytest.raises(tk.NotAuthorized):
                call("huefeedback_request_decide", user, id=request["id"], decision="refused", note="không")
            with pytest.raises(tk.NotAuthorized):
                call("huefeedback_request_publish", user, id=request["id"], package_id=city["public"]["id"])

    def test_only_a_public_dataset_of_the_agency_answers(self, city, token):
        request = ask(token, organization="so-tnmt")
        for package in (city["private"]["id"], city["school"]["id"], "khong-ton-tai"):
            with pytest.raises(tk.ValidationError) as error:
                call("huefeedback_request_publish", "a-editor", id=request["id"], package_id=package)
            assert "package_id" in error.value.error_dict, package

    def test_requester_and_purpose_are_seen_by_the_agency_and_the_department_only(self, city, token):
        request = ask(token, organization="so-tnmt")
        for user in (None, "citizen", "a-member", "b-editor"):
            shown = call("huefeedback_request_show", user, id=request["id"])
            assert "requester" not in shown and "purpose" not in shown, user
            listed = call("huefeedback_request_list", user)["results"][0]
            assert "requester" not in listed and "purpose" not in listed, user
        for user in ("a-editor", "a-admin", "dst-admin"):
            shown = call("huefeedback_request_show", user, id=request["id"])
            assert shown["requester"]["email"] == "sv@example.org" and shown["purpose"], user

    def test_overdue_without_a_decision_after_the_declared_days(self, city, token, frozen_now):
        request = ask(token, organization="so-tnmt")
        frozen_now(T0 + dt.timedelta(days=16))
        assert call("huefeedback_request_show", None, id=request["id"])["overdue"] is True
        call("huefeedback_request_decide", "a-editor", id=request["id"], decision="approved", planned_date="2026-07-01")
        assert call("huefeedback_request_show", None, id=request["id"])["overdue"] is False

    def test_hostile_or_malformed_input_is_refused_with_its_field(self, city, token):
        for field, value in HOSTILE:
            with pytest.raises(tk.ValidationError) as error:
                ask(token, **{field: value})
            assert field in error.value.error_dict, (field, value)
        assert call("huefeedback_request_list", None)["count"] == 0

    def test_lists_filter_by_agency_status_sector(self, city, token):
        ask(token, organization="so-tnmt", sector="environment")
        ask(token, organization="so-gddt", sector="education")
        ask(token)
        assert call("huefeedback_request_list", None)["count"] == 3
        assert call("huefeedback_request_list", None, organization="so-tnmt")["count"] == 1
        assert call("huefeedback_request_list", None, sector="education")["count"] == 1
        assert call("huefeedback_request_list", None, unrouted=True)["count"] == 1
        assert call("huefeedback_request_list", "b-editor", assigned_to_me=True)["count"] == 1
        assert call("huefeedback_request_list", None, status="refused")["count"] == 0
