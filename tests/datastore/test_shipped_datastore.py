"""Files uploaded through the API of the shipped portal reach the DataStore, typed and queryable.

The portal is config/ckan.ini over HTTP with its real ``ckan jobs worker``: nothing is called
in-process. Each file is in a form agencies really send (Windows-1258 CSV from old office
software, UTF-8 with BOM from Excel, XLSX with dates, GeoJSON).
"""
from __future__ import annotations

import datetime as dt
import io
import json
from typing import Any

import pytest

from tests.datastore.conftest import cp1258, fields_of, search, upload, wait_loaded
from tests.shipped_portal import Portal

pytestmark = pytest.mark.timeout(600)

ROWS = [("Phường Phú Hội", "00101", 12450, "3.45", "15/01/2025"),
        ("Phường Vỹ Dạ", "00102", 20310, "4.10", "28/02/2025"),
        ("Xã Hương Thọ", "00203", 8120, "55.00", "31/03/2025")]
HEADER = "phuong,ma_don_vi,dan_so,dien_tich_km2,ngay_cap_nhat\n"


def _csv_text() -> str:
    return HEADER + "".join(f"{p},{m},{d},{a},{n}\n" for p, m, d, a, n in ROWS)


def _create(portal: Portal, publisher: dict[str, Any], name: str, body: bytes, fmt: str, **extra: Any) -> dict:
    return portal.api(publisher["editor"]["token"]).action.resource_create(
        package_id=publisher["dataset"]["id"], name=name, format=fmt, upload=upload(name, body), **extra)


def test_windows_1258_csv_is_loaded_with_types_and_vietnamese_intact(ds_portal: Portal, ds_publisher: dict) -> None:
    resource = _create(ds_portal, ds_publisher, "dan-so-cp1258.csv", cp1258(_csv_text()), "CSV")
    status = wait_loaded(ds_portal, resource["id"])
    assert json.loads(status["value"])["encoding"] == "cp1258"
    assert fields_of(ds_portal, resource["id"]) == {
        "phuong": "text", "ma_don_vi": "text", "dan_so": "int8", "dien_tich_km2": "numeric",
        "ngay_cap_nhat": "date"}
    found = search(ds_portal, resource["id"], filters={"phuong": "Phường Vỹ Dạ"})
    assert [r["dan_so"] for r in found["records"]] == [20310]
    assert found["records"][0]["ma_don_vi"] == "00102"          # a code keeps its leading zeros
    assert found["records"][0]["ngay_cap_nhat"].startswith("2025-02-28")
    ordered = search(ds_portal, resource["id"], sort="dan_so desc", limit=2)
    assert [r["phuong"] for r in ordered["records"]] == ["Phường Vỹ Dạ", "Phường Phú Hội"]
    assert search(ds_portal, resource["id"], q="Hương Thọ")["total"] == 1


def test_utf8_bom_csv_with_a_data_dictionary_takes_the_dictionary_types(ds_portal: Portal, ds_publisher: dict) -> None:
    dictionary = {"fields": [{"name": "phuong", "type": "string", "title": "Phường/xã"},
                             {"name": "dan_so", "type": "number"},
                             {"name": "ngay_cap_nhat", "type": "date", "format": "%d/%m/%Y"}]}
    body = b"\xef\xbb\xbf" + _csv_text().encode("utf-8")
    resource = _create(ds_portal, ds_publisher, "dan-so-bom.csv", body, "CSV",
                       data_dictionary=json.dumps(dictionary, ensure_ascii=False))
    wait_loaded(ds_portal, resource["id"])
    types = fields_of(ds_portal, resource["id"])
    assert "phuong" in types and not any(name.startswith("\ufeff") for name in types)
    assert types["dan_so"] == "numeric" and types["ngay_cap_nhat"] == "date"
    found = search(ds_portal, resource["id"], filters={"phuong": "Xã Hương Thọ"})
    assert found["total"] == 1 and float(found["records"][0]["dan_so"]) == 8120


def test_xlsx_with_dates_is_loaded_with_date_and_timestamp_columns(ds_portal: Portal, ds_publisher: dict) -> None:
    import openpyxl

    book = openpyxl.Workbook()
    sheet = book.active
    sheet.append(["ten_di_tich", "ngay_mo_cua", "lan_kiem_tra", "luot_khach"])
    sheet.append(["Đại Nội Huế", dt.date(2025, 1, 2), dt.datetime(2025, 1, 2, 8, 30), 10234])
    sheet.append(["Lăng Tự Đức", dt.date(2025, 3, 4), dt.datetime(2025, 3, 4, 14, 0), 5120])
    buffer = io.BytesIO()
    book.save(buffer)
    resource = _create(ds_portal, ds_publisher, "di-tich.xlsx", buffer.getvalue(), "XLSX")
    wait_loaded(ds_portal, resource["id"])
    assert fields_of(ds_portal, resource["id"]) == {
        "ten_di_tich": "text", "ngay_mo_cua": "date", "lan_kiem_tra": "timestamp", "luot_khach": "int8"}
    found = search(ds_portal, resource["id"], filters={"ten_di_tich": "Lăng Tự Đức"})
    assert found["records"][0]["lan_kiem_tra"].startswith("2025-03-04T14:00")


def test_geojson_is_loaded_with_a_geometry_column_and_a_map_view(ds_portal: Portal, ds_publisher: dict) -> None:
    collection = {"type": "FeatureCollection", "features": [
        {"type": "Feature", "geometry": {"type": "Point", "coordinates": [107.5796, 16.4637]},
         "properties": {"ten": "Trường THPT Quốc Học", "so_hoc_sinh": 1450}},
        {"type": "Feature", "geometry": {"type": "Point", "coordinates": [107.5905, 16.4560]},
         "properties": {"ten": "Trường THCS Nguyễn Tri Phương", "so_hoc_sinh": 980}}]}
    body = json.dumps(collection, ensure_ascii=False).encode()
    resource = _create(ds_portal, ds_publisher, "truong-hoc.geojson", body, "GeoJSON")
    wait_loaded(ds_portal, resource["id"])
    assert fields_of(ds_portal, resource["id"]) == {"ten": "text", "so_hoc_sinh": "int8", "geometry": "json"}
    found = search(ds_portal, resource["id"], filters={"ten": "Trường THPT Quốc Học"})
    assert found["records"][0]["geometry"]["coordinates"] == [107.5796, 16.4637]
    views = {v["view_type"] for v in ds_portal.api().action.resource_view_list(id=resource["id"])}
    assert {"geojson_view", "datatables_view"} <= views


def test_a_broken_file_keeps_the_previous_table_and_the_page_shows_why(ds_portal: Portal, ds_publisher: dict) -> None:
    dictionary = json.dumps({"fields": [{"name": "dan_so", "type": "integer"}]})
    resource = _create(ds_portal, ds_publisher, "dan-so-v1.csv", _csv_text().encode(), "CSV",
                       data_dictionary=dictionary)
    first = wait_loaded(ds_portal, resource["id"])
    broken = (HEADER + "Phường An Cựu,00104,không rõ,2.00,01/04/2025\n").encode()
    ds_portal.api(ds_publisher["editor"]["token"]).action.resource_patch(
        id=resource["id"], upload=upload("dan-so-v2.csv", broken))
    wait_loaded(ds_portal, resource["id"], state="error", after=first["last_updated"])
    kept = search(ds_portal, resource["id"])
    assert kept["total"] == 3 and {r["phuong"] for r in kept["records"]} == {p for p, *_ in ROWS}
    page = ds_portal.get(f"/dataset/{ds_publisher['dataset']['name']}/resource/{resource['id']}").text
    assert "Lần nạp gần nhất vào DataStore không thành công" in page
    assert "Dòng 2: Cột “dan_so”: giá trị không đúng kiểu integer." in page
    assert "Bảng dữ liệu trước đó vẫn được giữ" in page
    english = ds_portal.get(f"/en/dataset/{ds_publisher['dataset']['name']}/resource/{resource['id']}").text
    assert "Row 2: Column “dan_so”: a value is not a valid integer." in english


def test_the_resource_page_has_a_data_api_panel_with_ready_to_copy_calls(ds_portal: Portal, ds_publisher: dict) -> None:
    resource = _create(ds_portal, ds_publisher, "dan-so-panel.csv", _csv_text().encode(), "CSV")
    wait_loaded(ds_portal, resource["id"])
    page = ds_portal.get(f"/dataset/{ds_publisher['dataset']['name']}/resource/{resource['id']}").text
    assert 'id="data-api"' in page and "API dữ liệu" in page
    assert f"/api/3/action/datastore_search?resource_id={resource['id']}" in page
    assert f"/datastore/dump/{resource['id']}?format=csv&amp;filters=" in page
    assert "Đã nạp vào DataStore: 3 dòng, 5 cột." in page
    dump = ds_portal.get(f"/datastore/dump/{resource['id']}",
                         params={"format": "csv", "filters": json.dumps({"phuong": "Phường Phú Hội"})})
    assert dump.ok and "Phường Phú Hội" in dump.text and "Vỹ Dạ" not in dump.text


def test_sql_search_is_off_and_the_api_guide_is_bilingual(ds_portal: Portal) -> None:
    answer = ds_portal.action("datastore_search_sql", method="GET", sql='SELECT 1')
    assert not answer.ok
    vi = ds_portal.get("/api-guide")
    assert vi.ok and "Hướng dẫn API" in vi.text and "datastore_search" in vi.text
    assert "/catalog.ttl" in vi.text and "datastore_search_sql (truy vấn SQL) đang tắt" in vi.text
    en = ds_portal.get("/en/api-guide")
    assert en.ok and "Rate limits and fair use" in en.text
