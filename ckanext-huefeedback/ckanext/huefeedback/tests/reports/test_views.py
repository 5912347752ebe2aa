"""Error-report pages: the button on dataset and resource pages, the form, the list, the answer."""
from __future__ import annotations

import datetime as dt
import re

import pytest

from ckanext.huefeedback.tests.conftest import PLUGINS

T0 = dt.datetime(2026, 5, 4, 2, 0, tzinfo=dt.timezone.utc)


def hidden(html: str, name: str) -> str:
    found = re.search(rf'name="{name}" value="([^"]*)"', html)
    assert found, f"no {name} in the page"
    return found.group(1)


def fill_and_send(client, frozen_now, url, fields, user=None):
    """GET the form at T0, POST it 10 s later with its CSRF and form tokens."""
    environ = {"REMOTE_USER": user} if user else {}
    frozen_now(T0)
    page = client.get(url, environ_overrides=environ).get_data(as_text=True)
    frozen_now(T0 + dt.timedelta(seconds=10))
    data = {"_csrf_token": hidden(page, "_csrf_token"), **fields}
    if 'name="form_token"' in page:
        data["form_token"] = hidden(page, "form_token")
    return client.post(url, data=data, environ_overrides=environ)


REPORT = {"category": "wrong_value", "description": "Giá trị pH <b>70</b> sai", "location": "dòng 12",
          "reporter_email": "dan@example.org", "reporter_name": "Nguyễn Văn Dân"}


@pytest.mark.ckan_config("ckan.plugins", PLUGINS)
@pytest.mark.usefixtures("with_plugins", "clean_db")
class TestReportPages:
    def test_dataset_and_resource_pages_offer_the_report_button(self, app, city):
        html = app.get("/dataset/quan-trac-nuoc").get_data(as_text=True)
        assert "Báo lỗi dữ liệu" in html and "/dataset/quan-trac-nuoc/bao-loi/moi" in html
        assert "/dataset/quan-trac-nuoc/bao-loi" in html                    # the tab with the public list
        resource_id = city["public"]["resources"][0]["id"]
        html = app.get(f"/dataset/quan-trac-nuoc/resource/{resource_id}").get_data(as_text=True)
        assert f"/dataset/quan-trac-nuoc/bao-loi/moi?resource_id={resource_id}" in html

    def test_anonymous_form_sends_the_report_and_shows_it_without_the_reporter(self, app, city, frozen_now, mailbox):
        client = app.test_client()
        response = fill_and_send(client, frozen_now, "/dataset/quan-trac-nuoc/bao-loi/moi", REPORT)
        html = response.get_data(as_text=True)
        assert response.status_code == 200 and "Cảm ơn bạn: báo lỗi #" in html
        assert "Giá trị pH &lt;b&gt;70&lt;/b&gt; sai" in html and "<b>70</b>" not in html
        assert "dan@example.org" not in html and "Nguyễn Văn Dân" not in html
        listing = app.get("/dataset/quan-trac-nuoc/bao-loi").get_data(as_text=True)
        assert "Sai giá trị" in listing and "dan@example.org" not in listing
        report_url = re.search(r'href="(/bao-loi/[0-9a-f-]+)"', listing).group(1)
        staff = app.get(report_url, extra_environ={"REMOTE_USER": "a-editor"}).get_data(as_text=True)
        assert "dan@example.org" in staff and 'name="status"' in staff
        other = app.get(report_url, extra_environ={"REMOTE_USER": "b-editor"}).get_data(as_text=True)
        assert "dan@example.org" not in other and 'name="status"' not in other

    def test_errors_keep_what_was_typed(self, app, city, frozen_now):
        client = app.test_client()
        response = fill_and_send(client, frozen_now, "/dataset/quan-trac-nuoc/bao-loi/moi",
                                 {**REPORT, "reporter_email": "không-phải-email"})
        html = response.get_data(as_text=True)
        assert response.status_code == 400
        assert "Vui lòng nhập địa chỉ thư điện tử hợp lệ." in html
        assert "Giá trị pH &lt;b&gt;70&lt;/b&gt; sai" in html and 'value="dòng 12"' in html

    def test_post_without_csrf_token_is_refused(self, app, city, frozen_now):
        client = app.test_client()
        frozen_now(T0)
        page = client.get("/dataset/quan-trac-nuoc/bao-loi/moi").get_data(as_text=True)
        frozen_now(T0 + dt.timedelta(seconds=10))
        response = client.post("/dataset/quan-trac-nuoc/bao-loi/moi",
                               data={**REPORT, "form_token": hidden(page, "form_token")})
        assert response.status_code == 400
        listing = app.get("/dataset/quan-trac-nuoc/bao-loi").get_data(as_text=True)
        assert "Chưa có báo lỗi." in listing

    def test_the_agency_rejects_with_a_reason_on_the_page(self, app, city, frozen_now, mailbox):
        client = app.test_client()
        fill_and_send(client, frozen_now, "/dataset/quan-trac-nuoc/bao-loi/moi", REPORT)
        listing = app.get("/dataset/quan-trac-nuoc/bao-loi").get_data(as_text=True)
        report_url = re.search(r'href="(/bao-loi/[0-9a-f-]+)"', listing).group(1)
        staff = app.test_client()
        page = staff.get(report_url, environ_overrides={"REMOTE_USER": "a-editor"}).get_data(as_text=True)
        token = hidden(page, "_csrf_token")
        response = staff.post(f"{report_url}/trang-thai", data={"_csrf_token": token, "status": "rejected", "note": ""},
                              environ_overrides={"REMOTE_USER": "a-editor"})
        assert response.status_code == 400 and "Vui lòng ghi lý do từ chối báo lỗi." in response.get_data(as_text=True)
        response = staff.post(f"{report_url}/trang-thai",
                              data={"_csrf_token": token, "status": "rejected", "note": "Giá trị đúng theo mg/l"},
                              environ_overrides={"REMOTE_USER": "a-editor"})
        assert response.status_code == 200 and "Giá trị đúng theo mg/l" in response.get_data(as_text=True)
        outsider = app.test_client()
        page = outsider.get(report_url, environ_overrides={"REMOTE_USER": "b-editor"}).get_data(as_text=True)
        response = outsider.post(f"{report_url}/trang-thai",
                                 data={"_csrf_token": hidden(page, "_csrf_token"), "status": "resolved"},
                                 environ_overrides={"REMOTE_USER": "b-editor"})
        assert response.status_code == 403

    def test_english_page_reads_english(self, app, city):
        html = app.get("/en/dataset/quan-trac-nuoc/bao-loi/moi").get_data(as_text=True)
        assert "Report a data error" in html and "Wrong value" in html

    def test_private_dataset_form_is_not_found_for_outsiders(self, app, city):
        app.get("/dataset/noi-bo/bao-loi/moi", status=404)
        app.get("/dataset/noi-bo/bao-loi/moi", extra_environ={"REMOTE_USER": "b-editor"}, status=404)
        app.get("/dataset/noi-bo/bao-loi/moi", extra_environ={"REMOTE_USER": "a-member"}, status=200)


@pytest.mark.ckan_config("ckan.plugins", PLUGINS)
@pytest.mark.ckan_config("ckanext.huefeedback.rate_limit.max_submissions", "2")
@pytest.mark.usefixtures("with_plugins", "clean_db")
class TestRateLimit:
    URL = "/dataset/quan-trac-nuoc/bao-loi/moi"

    def send(self, app, frozen_now, remote, forwarded=None):
        client = app.test_client()
        environ = {"REMOTE_ADDR": remote, **({"HTTP_X_FORWARDED_FOR": forwarded} if forwarded else {})}
        frozen_now(T0)
        page = client.get(self.URL, environ_overrides=environ).get_data(as_text=True)
        frozen_now(T0 + dt.timedelta(seconds=10))
        return client.post(self.URL, environ_overrides=environ, data={
            **REPORT, "_csrf_token": hidden(page, "_csrf_token"), "form_token": hidden(page, "form_token")})

    def test_third_anonymous_submission_from_one_address_waits(self, app, city, frozen_now):
        assert self.send(app, frozen_now, "203.0.113.9").status_code == 200
        assert self.send(app, frozen_now, "203.0.113.9").status_code == 200
        refused = self.send(app, frozen_now, "203.0.113.9")
        assert refused.status_code == 429 and "quá nhiều lần" in refused.get_data(as_text=True)
        assert self.send(app, frozen_now, "203.0.113.10").status_code == 200

    def test_forwarded_for_from_an_untrusted_sender_changes_nothing(self, app, city, frozen_now):
        for n in range(2):
            assert self.send(app, frozen_now, "203.0.113.9", forwarded=f"198.51.100.{n}").status_code == 200
        assert self.send(app, frozen_now, "203.0.113.9", forwarded="198.51.100.99").status_code == 429

    @pytest.mark.ckan_config("ckanext.huefeedback.trusted_proxies", "10.0.0.2")
    def test_behind_the_trusted_proxy_each_client_has_its_own_window(self, app, city, frozen_now):
        for _ in range(2):
            assert self.send(app, frozen_now, "10.0.0.2", forwarded="198.51.100.1").status_code == 200
        assert self.send(app, frozen_now, "10.0.0.2", forwarded="198.51.100.1").status_code == 429
        assert self.send(app, frozen_now, "10.0.0.2", forwarded="6.6.6.6, 198.51.100.2").status_code == 200
