"""The previews render in a real browser: Debian's Chromium driven by Playwright, against the
shipped portal (config/ckan.ini) with its job worker. Self-contained: its own browser fixture."""
from __future__ import annotations

import json
import shutil
from collections.abc import Iterator
from typing import Any

import pytest

from tests.datastore.conftest import upload, wait_loaded
from tests.shipped_portal import Portal

CHROMIUM = "/usr/bin/chromium"
FLAGS = ["--headless", "--no-sandbox", "--disable-gpu", "--disable-background-networking",
         "--disable-component-update", "--disable-sync"]

pytestmark = [pytest.mark.timeout(600),
              pytest.mark.skipif(shutil.which(CHROMIUM) is None, reason="Debian's chromium is not installed")]


@pytest.fixture(scope="module")
def page(chromium_browser: Any) -> Iterator[Any]:
    context = chromium_browser.new_context(locale="vi-VN")
    yield context.new_page()
    context.close()


def test_the_table_preview_shows_the_loaded_rows_with_vietnamese_text(
        ds_portal: Portal, ds_publisher: dict, page: Any) -> None:
    body = "phuong,dan_so\nPhường Phú Hội,12450\nPhường Vỹ Dạ,20310\n".encode()
    resource = ds_portal.api(ds_publisher["editor"]["token"]).action.resource_create(
        package_id=ds_publisher["dataset"]["id"], name="dan-so-xem.csv", format="CSV",
        upload=upload("dan-so-xem.csv", body))
    wait_loaded(ds_portal, resource["id"])
    page.goto(f"{ds_portal.url}/dataset/{ds_publisher['dataset']['name']}/resource/{resource['id']}")
    frame = page.frame_locator("iframe").first
    cell = frame.locator("table td", has_text="Phường Vỹ Dạ")
    cell.wait_for(timeout=60_000)
    assert frame.locator("table td", has_text="20310").count() >= 1 or \
        frame.locator("table td", has_text="20,310").count() >= 1
    assert page.locator("#data-api").is_visible()


def test_the_map_preview_draws_a_geojson_layer(ds_portal: Portal, ds_publisher: dict, page: Any) -> None:
    collection = {"type": "FeatureCollection", "features": [
        {"type": "Feature", "geometry": {"type": "Point", "coordinates": [107.5796, 16.4637]},
         "properties": {"ten": "Trường THPT Quốc Học"}}]}
    resource = ds_portal.api(ds_publisher["editor"]["token"]).action.resource_create(
        package_id=ds_publisher["dataset"]["id"], name="truong-xem.geojson", format="GeoJSON",
        upload=upload("truong-xem.geojson", json.dumps(collection, ensure_ascii=False).encode()))
    wait_loaded(ds_portal, resource["id"])
    views = ds_portal.api().action.resource_view_list(id=resource["id"])
    view = next(v for v in views if v["view_type"] == "geojson_view")
    page.goto(f"{ds_portal.url}/dataset/{ds_publisher['dataset']['name']}/resource/{resource['id']}"
              f"?view_id={view['id']}")
    frame = page.frame_locator("iframe").first
    frame.locator(".leaflet-container").wait_for(timeout=60_000)
    frame.locator(".leaflet-marker-icon, path.leaflet-interactive").first.wait_for(timeout=60_000)
