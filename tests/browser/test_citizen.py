"""A citizen in Chromium: the home page, search without accents, sector and ward facets, a dataset
with its quality badge, a CSV download; axe-core on each page, at desktop width and at 375 px."""
from __future__ import annotations

import re

from tests.browser.conftest import screenshot


def test_home_page_is_the_city_portal_not_ckan_placeholder(demo_portal, open_page, check_axe):
    page = open_page()
    page.goto(demo_portal.url + "/")
    assert page.locator("h1").first.inner_text() == "Cổng dữ liệu mở thành phố Huế"
    assert page.locator(".huedata-brand img[src$='emblem.svg']").count() == 1
    body = page.inner_text("body")
    for placeholder in ("CKAN", "Chào mừng gia nhập", "Search data", "Powered by"):
        assert placeholder not in body
    tiles = page.locator("#linh-vuc .huedata-tiles li")
    assert tiles.count() == 14
    assert re.search(r"\d+ bộ dữ liệu", tiles.first.inner_text())
    for heading in ("Bộ dữ liệu mới nhất", "Cập nhật gần đây", "Cơ quan", "Chỉ số chất lượng dữ liệu",
                    "Cách sử dụng dữ liệu và API"):
        assert page.get_by_role("heading", name=heading).count() == 1, heading
    nav = page.locator("header nav").inner_text()
    for link in ("Bộ dữ liệu", "Cơ quan", "Lĩnh vực", "Chất lượng dữ liệu", "Hướng dẫn API"):
        assert link in nav, link
    footer = page.locator("footer").inner_text()
    assert "41/2024/QĐ-UBND" in footer and "Điều 20" in footer
    assert "Sở Khoa học và Công nghệ" in footer and "trích dẫn nguồn" in footer
    check_axe(page, "home")


def test_about_page_has_no_ckan_text(demo_portal, open_page):
    page = open_page()
    page.goto(demo_portal.url + "/about")
    body = page.inner_text("main, [role=main]")
    assert "CKAN" not in body and "41/2024/QĐ-UBND" in body


def test_citizen_searches_without_accents_facets_opens_a_dataset_and_downloads_its_csv(
        demo_portal, open_page, check_axe):
    page = open_page()
    page.goto(demo_portal.url + "/")
    page.fill("#home-search", "du lich")
    page.locator("form[role=search] button[type=submit]").click()
    page.wait_for_load_state()
    assert "/dataset" in page.url
    found = page.locator(".dataset-item")
    assert found.count() > 0, "a search without accents finds the tourism datasets"
    check_axe(page, "search")

    page.goto(demo_portal.url + "/dataset/?sector=environment")
    assert page.locator(".dataset-item").count() > 0
    screenshot(page, "search-sector")
    ward = demo_portal.action("package_search", method="GET", q="", rows=50).json()["result"]["results"]
    ward_codes = [code for pkg in ward for code in (pkg.get("spatial_coverage") or []) if code != "city"]
    if ward_codes:
        page.goto(f"{demo_portal.url}/dataset/?spatial_coverage={ward_codes[0]}")
        screenshot(page, "search-ward")

    page.goto(demo_portal.url + "/dataset/?q=du+lich")
    page.locator(".dataset-item .dataset-heading a").first.click()
    page.wait_for_load_state()
    assert page.locator("h1").count() == 1
    assert "trích dẫn nguồn" in page.inner_text("body")
    check_axe(page, "dataset")
    screenshot_badge = page.locator(".huequality-badge, .huequality-quality")
    assert screenshot_badge.count() > 0, "the quality section shows on the dataset page"

    csv_link = page.locator(".resource-item:has(.format-label[data-format=csv]) a.heading, "
                            ".resource-item:has([data-format=csv]) a").first
    csv_link.click()
    page.wait_for_load_state()
    check_axe(page, "resource")
    download_href = page.locator("a.resource-url-analytics, a:has-text('Tải xuống')").first.get_attribute("href")
    response = page.request.get(download_href)
    assert response.ok and response.body()[:200].decode("utf-8", "replace").count(",") >= 1


def test_home_and_search_are_usable_at_375_px(demo_portal, open_page, check_axe):
    page = open_page(width=375)
    for path, name in (("/", "home-375"), ("/dataset/", "search-375")):
        page.goto(demo_portal.url + path)
        width = page.evaluate("document.documentElement.scrollWidth")
        assert width <= 380, f"{path} scrolls sideways at 375 px ({width} px)"
        check_axe(page, name)
