"""In Chromium: a citizen's error report and a citizen's data request, walked to their resolution.

Playwright drives Debian's Chromium (/usr/bin/chromium) against the shipped portal. The fixture
is the minimum this file needs; the shared browser fixtures of tests/browser/ replace it when
they exist.
"""
from __future__ import annotations

import re
import shutil
import time
from collections.abc import Iterator
from typing import Any

import pytest

from tests.feedback.conftest import huế_dataset

CHROMIUM = "/usr/bin/chromium"
FLAGS = ["--headless", "--no-sandbox", "--disable-gpu", "--disable-background-networking",
         "--disable-component-update", "--disable-sync"]
# the anonymous form refuses submissions sooner than ckanext.huefeedback.form.min_seconds (3)
HUMAN_PAUSE = 3.5

pytestmark = pytest.mark.skipif(shutil.which(CHROMIUM) is None, reason="Debian's chromium is not installed")


@pytest.fixture
def open_page(chromium_browser: Any) -> Iterator[Any]:
    """``open_page()``: a fresh browser context (its own cookies) and page, in Vietnamese."""
    contexts = []

    def new() -> Any:
        context = chromium_browser.new_context(locale="vi-VN")
        context.set_default_timeout(30_000)
        contexts.append(context)
        return context.new_page()

    yield new
    for context in contexts:
        context.close()


def sign_in(page: Any, portal: Any, user: dict[str, Any]) -> None:
    page.goto(f"{portal.url}/user/login")
    page.fill("#field-login", user["name"])
    page.fill("#field-password", user["password"])
    page.locator("form:has(#field-login) button[type=submit]").click()
    page.wait_for_load_state()


def test_citizen_reports_an_error_and_the_agency_resolves_it(feedback_portal, agency_with_staff, open_page,
                                                             portal_mailbox):
    portal, staff = feedback_portal, agency_with_staff["people"]
    dataset = huế_dataset(portal, staff["editor"]["token"], agency_with_staff["agency"], "Chỉ số AQI theo giờ")
    email = f"cu-dan-{dataset['name']}@example.org"

    citizen = open_page()
    citizen.goto(f"{portal.url}/dataset/{dataset['name']}")
    citizen.get_by_role("link", name="Báo lỗi dữ liệu").first.click()
    citizen.select_option("#field-category", "wrong_value")
    citizen.fill("#field-description", "AQI lúc 7 giờ ngày 3/5 ghi 999, thiết bị lỗi")
    citizen.fill("#field-location", "dòng 8, cột aqi")
    citizen.fill("#field-reporter-email", email)
    time.sleep(HUMAN_PAUSE)
    citizen.get_by_role("button", name="Gửi báo lỗi").click()
    citizen.wait_for_load_state()
    assert "Cảm ơn bạn: báo lỗi #" in citizen.content()
    report_path = re.search(r"/bao-loi/[0-9a-f-]{36}", citizen.url).group(0)
    assert "Mới" in citizen.locator(".huefeedback-status").first.inner_text()

    agency = open_page()
    sign_in(agency, portal, staff["editor"])
    agency.goto(f"{portal.url}/organization/{agency_with_staff['agency']['name']}/phan-hoi")
    agency.get_by_role("link", name=re.compile(r"^#\d+$")).first.click()
    assert email in agency.content()                                     # the agency sees who reported
    agency.select_option("#field-status", "rejected")
    agency.get_by_role("button", name="Lưu").click()
    assert "Vui lòng ghi lý do từ chối báo lỗi." in agency.content()     # a rejection needs a reason
    agency.select_option("#field-status", "resolved")
    agency.fill("#field-note", "Đã thay số liệu lỗi bằng giá trị đo lại")
    agency.get_by_role("button", name="Lưu").click()
    agency.wait_for_load_state()
    assert "Đã xử lý" in agency.locator(".huefeedback-status").first.inner_text()

    mails = portal_mailbox.wait_for(email, count=2)
    assert "Đã thay số liệu lỗi" in mails[-1].get_body().get_content()
    citizen.goto(f"{portal.url}{report_path}")
    assert "Đã xử lý" in citizen.locator(".huefeedback-status").first.inner_text()
    assert email not in citizen.content()


def test_citizen_requests_data_and_the_agency_publishes_it(feedback_portal, agency_with_staff, open_page,
                                                           portal_mailbox):
    portal, staff, agency_dict = feedback_portal, agency_with_staff["people"], agency_with_staff["agency"]
    email = f"nghien-cuu-{agency_dict['name']}@example.org"

    citizen = open_page()
    citizen.goto(f"{portal.url}/yeu-cau-du-lieu/")
    citizen.get_by_role("link", name="Yêu cầu dữ liệu").last.click()
    citizen.fill("#field-title", "Lưu lượng xe qua cầu Trường Tiền")
    citizen.fill("#field-description", "Theo giờ, năm 2026, định dạng CSV")
    citizen.fill("#field-purpose", "Nghiên cứu giao thông đô thị")
    citizen.select_option("#field-organization", agency_dict["name"])
    citizen.fill("#field-requester-email", email)
    time.sleep(HUMAN_PAUSE)
    citizen.get_by_role("button", name="Gửi yêu cầu").click()
    citizen.wait_for_load_state()
    assert "Cảm ơn bạn: yêu cầu #" in citizen.content()
    request_url = citizen.url

    agency = open_page()
    sign_in(agency, portal, staff["admin"])
    agency.goto(request_url)
    agency.check("#decision-approved")
    agency.fill("#field-planned-date", "2099-03-31")
    agency.get_by_role("button", name="Lưu quyết định").click()
    agency.wait_for_load_state()
    assert "Chấp thuận" in agency.locator(".huefeedback-status").first.inner_text()
    assert "31/03/2099" in portal_mailbox.wait_for(email, count=2)[-1].get_body().get_content()

    dataset = huế_dataset(portal, staff["editor"]["token"], agency_dict, "Lưu lượng xe qua cầu Trường Tiền 2026")
    agency.reload()
    agency.select_option("#field-package", dataset["name"])
    agency.get_by_role("button", name="Đánh dấu đã công bố").click()
    agency.wait_for_load_state()
    assert "Đã công bố" in agency.locator(".huefeedback-status").first.inner_text()
    assert f"/dataset/{dataset['name']}" in portal_mailbox.wait_for(email, count=3)[-1].get_body().get_content()

    citizen.goto(request_url)
    citizen.get_by_role("link", name=dataset["title"]).click()
    citizen.wait_for_load_state()
    assert citizen.url.endswith(f"/dataset/{dataset['name']}")
