"""Reading files into typed tables: pure, no database."""
from __future__ import annotations

import datetime as dt
import io
import json
from decimal import Decimal

import pytest

from ckanext.huedata.dataapi import tables



def _cp1258(text: str) -> bytes:
    from tests.datastore.conftest import cp1258

    return cp1258(text)


def test_windows_1258_is_decoded_to_composed_vietnamese() -> None:
    text, encoding = tables.decode(_cp1258("Phường Vỹ Dạ, Thừa Thiên Huế"))
    assert (text, encoding) == ("Phường Vỹ Dạ, Thừa Thiên Huế", "cp1258")


def test_utf8_with_bom_loses_the_bom() -> None:
    assert tables.decode("\ufeffphường".encode()) == ("phường", "utf-8-sig")


def test_types_are_inferred_and_codes_with_leading_zeros_stay_text() -> None:
    table = tables.read_table(b"ma,so,tien,ngay,luc\n007,1,1.5,31/12/2025,2025-01-01 08:00\n010,20,3,01/01/2025,\n",
                              "csv")
    assert [(f.name, f.datastore_type) for f in table.fields] == [
        ("ma", "text"), ("so", "int8"), ("tien", "numeric"), ("ngay", "date"), ("luc", "timestamp")]
    assert table.rows[0] == ["007", 1, Decimal("1.5"), dt.date(2025, 12, 31), dt.datetime(2025, 1, 1, 8)]
    assert table.rows[1][4] is None


def test_semicolon_csv_is_sniffed() -> None:
    table = tables.read_table("ten;so\nHuế;1\n".encode(), "CSV")
    assert [f.name for f in table.fields] == ["ten", "so"] and table.rows == [["Huế", 1]]


def test_the_data_dictionary_wins_over_inference() -> None:
    dictionary = json.dumps({"fields": [{"name": "ma", "type": "integer"}]})
    table = tables.read_table(b"ma,ten\n007,A\n", "csv", dictionary)
    assert table.fields[0].datastore_type == "int8" and table.rows == [[7, "A"]]


def test_a_cell_against_the_dictionary_fails_with_its_row_in_both_languages() -> None:
    dictionary = json.dumps({"fields": [{"name": "so", "type": "integer"}]})
    with pytest.raises(tables.LoadError) as failed:
        tables.read_table("so\n1\nmột\n".encode(), "csv", dictionary)
    assert failed.value.message_vi == "Dòng 3: Cột “so”: giá trị không đúng kiểu integer."
    assert failed.value.message_en == "Row 3: Column “so”: a value is not a valid integer."


def test_ragged_rows_and_broken_files_are_refused() -> None:
    with pytest.raises(tables.LoadError):
        tables.read_table(b"a,b\n1,2,3\n", "csv")
    with pytest.raises(tables.LoadError):
        tables.read_table(b"not a zip", "xlsx")
    with pytest.raises(tables.LoadError):
        tables.read_table(b"{\"type\": \"Feature\"}", "geojson")


def test_xlsx_dates_and_datetimes() -> None:
    import openpyxl

    book = openpyxl.Workbook()
    book.active.append(["ngay", "luc", "so"])
    book.active.append([dt.date(2025, 1, 2), dt.datetime(2025, 1, 2, 9, 15), 3.0])
    buffer = io.BytesIO()
    book.save(buffer)
    table = tables.read_table(buffer.getvalue(), "XLSX")
    assert [f.datastore_type for f in table.fields] == ["date", "timestamp", "int8"]
    assert table.rows == [[dt.date(2025, 1, 2), dt.datetime(2025, 1, 2, 9, 15), 3]]


def test_geojson_properties_become_columns_and_geometry_json() -> None:
    document = {"type": "FeatureCollection", "features": [
        {"type": "Feature", "geometry": {"type": "Point", "coordinates": [107.58, 16.46]},
         "properties": {"ten": "Chợ Đông Ba", "_id": 5}}]}
    table = tables.read_table(json.dumps(document).encode(), "GeoJSON")
    assert [(f.name, f.datastore_type) for f in table.fields] == [
        ("ten", "text"), ("c_id", "int8"), ("geometry", "json")]
    assert table.rows[0][2] == {"type": "Point", "coordinates": [107.58, 16.46]}
