"""The URL name the dataset and agency forms derive from a Vietnamese title, in Chromium: tones and
marks folded, đ → d, no letter lost (CKAN core's slug turned them into hyphens)."""
from __future__ import annotations

import pytest

from tests.browser.conftest import screenshot, sign_in


@pytest.mark.parametrize(("form", "title", "name"), [
    ("/dataset/new", "Danh sách trường học", "danh-sach-truong-hoc"),
    ("/dataset/new", "Đường phố Đông Ba – Huế", "duong-pho-dong-ba-hue"),
    ("/organization/new", "Sở Giáo dục và Đào tạo", "so-giao-duc-va-dao-tao"),
])
def test_a_vietnamese_title_gives_a_folded_url_name(demo_portal, open_page, form, title, name):
    page = open_page()
    sign_in(page, demo_portal, demo_portal.sysadmin)
    page.goto(demo_portal.url + form)
    # Core's slug module watches the title only if it is empty when the module starts: type once
    # the module has drawn its URL preview, as a person does (on a busy machine keystrokes sent
    # right after the load event came first and no URL name was ever derived).
    page.locator(".slug-preview").wait_for()
    # its label and button are written by the script, from /api/i18n/vi
    assert page.locator(".slug-preview button").inner_text().strip() not in ("", "Edit")
    page.locator("#field-title").press_sequentially(title)
    page.wait_for_function("document.querySelector('#field-name').value.length > 0")
    value = page.locator("#field-name").input_value()
    if value != name:
        screenshot(page, f"slug-{name}")
    assert value == name
