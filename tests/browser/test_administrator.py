"""The city administrator in Chromium: the deadline report as CSV and XLSX, the Data Quality Index,
and a harvest source created through the form that explains each source type."""
from __future__ import annotations

import uuid

from tests.browser.conftest import screenshot, sign_in


def test_administrator_downloads_the_deadline_report_reads_the_index_and_creates_a_harvest_source(
        demo_portal, open_page, check_axe):
    page = open_page()
    sign_in(page, demo_portal, demo_portal.sysadmin)
    nav = page.locator("header nav").inner_text()
    assert "Hạn cập nhật" in nav, "agency users and administrators see the deadlines in the header"

    page.goto(demo_portal.url + "/deadlines/")
    assert page.locator("h1").count() == 1
    check_axe(page, "deadlines")  # the chart has a data table beside it
    page.locator("table a[href*='/deadlines/agency/']").first.click()
    page.wait_for_load_state()
    assert "/deadlines/agency/" in page.url and page.locator("h1").count() == 1
    check_axe(page, "deadlines-agency")
    page.goto(demo_portal.url + "/deadlines/")
    for fmt, magic in (("csv", None), ("xlsx", b"PK")):
        link = page.locator(f"a[href*='report.{fmt}']").first
        with page.expect_download() as download_info:
            link.click()
        path = download_info.value.path()
        content = open(path, "rb").read()
        assert content, fmt
        if magic:
            assert content.startswith(magic)
        else:
            assert content.decode("utf-8-sig").count("\n") > 1

    page.goto(demo_portal.url + "/chat-luong-du-lieu")
    assert page.locator("table").count() >= 1, "the index has a data table"
    check_axe(page, "quality-index")  # the charts are images with a Vietnamese name

    page.goto(demo_portal.url + "/harvest/new")
    help_box = page.locator("fieldset.harvest-types")
    assert help_box.count() == 1 and "Ví dụ cấu hình" in help_box.inner_text()
    assert "lgsp" in help_box.inner_text() or page.locator("#field-source-type-lgsp").count()
    check_axe(page, "harvest-form")
    suffix = uuid.uuid4().hex[:6]
    name = f"cong-du-lieu-quoc-gia-{suffix}"
    page.fill("#field-url", "https://data.gov.vn/")
    page.fill("#field-title", f"Cong du lieu quoc gia {suffix}")  # the name follows the title (slug preview)
    assert page.get_by_text("Loại nguồn").count() == 1
    # the Huế CKAN harvester when it is offered (the harvest engineer's), else the stock one
    kind = "ckan_hue" if page.locator("#field-source-type-ckan_hue").count() else "ckan"
    page.check(f"#field-source-type-{kind}")
    page.fill("#field-config", '{"default_fields": {"data_kind": "shared_data"}}' if kind == "ckan_hue" else "{}")
    page.get_by_role("button", name="Lưu").click()
    page.wait_for_load_state()
    screenshot(page, "harvest-source-created")
    assert name in page.url, page.inner_text("body")[:2000]
