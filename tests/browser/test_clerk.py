"""An agency clerk in Chromium: signs in through the local VNeID provider, creates a dataset with
deliberate mistakes, reads the Vietnamese errors beside the fields, fixes them, uploads a CSV and
sees the dataset's quality score."""
from __future__ import annotations

import re
import uuid


from tests.browser.conftest import screenshot

CSV = ("ma_truong,ten_truong,so_hoc_sinh\n"
       + "".join(f"T{i:03d},Trường số {i},{300 + i}\n" for i in range(1, 31))).encode()


def _agency(portal):
    orgs = portal.action("organization_list", method="GET", all_fields="true", include_extras="true",
                         limit=50).json()["result"]
    return next(o for o in orgs if o.get("agency_code"))


def test_clerk_signs_in_with_vneid_fixes_a_dataset_form_and_sees_the_quality_score(
        demo_portal, vneid_provider, open_page, check_axe, tmp_path):
    agency = _agency(demo_portal)
    sub = f"vneid-clerk-{uuid.uuid4().hex[:6]}"
    vneid_provider.set_user(sub, {"SoDinhDanh": "079201009999", "HoVaTen": "Trần Thị Thu", "acr": "LoA2",
                                  "LoaiTaiKhoan": "2", "agency_code": agency["agency_code"],
                                  "email": f"{sub}@hue.gov.vn"})
    demo_portal.start_workers("jobs")
    page = open_page()
    page.goto(demo_portal.url + "/user/login")
    page.locator(".huesso-login-button").click()
    page.locator("input[name=sub]").fill(sub)  # the provider's own account page
    page.locator("form button, form input[type=submit]").first.click()
    page.wait_for_load_state()
    assert page.locator(".account-masthead").inner_text().count("Trần Thị Thu") or \
        "/user/" in page.locator(".account-masthead a[href*='/user/']").first.get_attribute("href")

    page.goto(demo_portal.url + "/dataset/new")
    assert page.locator("h1").count() == 1
    assert page.locator("#field-sector").input_value() == "", "the sector starts empty"
    assert page.locator("#field-private-false").is_checked() is False
    assert "Lĩnh vực được yêu cầu" not in page.inner_text("body")
    check_axe(page, "dataset-form")

    title = f"Danh sách trường học {uuid.uuid4().hex[:4]}"
    page.fill("#field-title", title)
    page.fill("#field-notes", "Danh sách các trường học trên địa bàn thành phố.")
    if page.locator("#field-contact_email").count():
        page.fill("#field-contact_email", "khong-phai-email")
    page.check("#field-private-false")
    page.locator("form#dataset-edit button[type=submit][name=save]").click()
    page.wait_for_load_state()
    errors = page.locator(".error-explanation, .error-block, .invalid-feedback").all_inner_texts()
    screenshot(page, "dataset-form-errors")
    assert errors, "the mistakes are reported"
    assert not any(re.search(r"\bMissing value\b|\bis required\b", e) for e in errors), errors

    page.select_option("#field-sector", "education")
    if page.locator("#field-contact_email").count():
        page.fill("#field-contact_email", "truong-hoc@hue.gov.vn")
    page.check("#field-private-false")
    page.locator("form#dataset-edit button[type=submit][name=save]").click()
    page.wait_for_load_state()
    assert "/resource/new" in page.url or "/new_resource" in page.url, page.url

    upload = tmp_path / "truong-hoc.csv"
    upload.write_bytes(CSV)
    page.locator("input[type=file]").set_input_files(str(upload))
    if page.locator("#field-name").count() and not page.locator("#field-name").input_value():
        page.fill("#field-name", "Danh sách trường học")
    page.locator("button[type=submit][name=save][value=go-metadata], button[type=submit][name=save]").last.click()
    page.wait_for_load_state()
    dataset_url = page.url.split("?")[0]
    assert "/dataset/" in dataset_url

    def scored():
        page.goto(dataset_url)
        section = page.locator(".huequality-quality")
        return section.count() and "Chưa được chấm" not in section.inner_text() and \
            re.search(r"\d", section.inner_text())

    # The upload's job goes to the front of the queue (huequality.jobs._someone_waits): it used to
    # wait behind every job the demo seed had queued, and no score appeared in 8 minutes.
    try:
        demo_portal.wait_until(scored, timeout=480, interval=5, message="the quality score on the dataset page")
    except AssertionError:
        screenshot(page, "clerk-dataset-not-scored")
        raise
    screenshot(page, "clerk-dataset-scored")
