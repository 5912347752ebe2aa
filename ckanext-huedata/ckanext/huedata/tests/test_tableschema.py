"""A Table Schema is read one way by the harvest, the DataStore loading and the quality scorer."""
from __future__ import annotations

import datetime as dt
from decimal import Decimal

import pytest

from ckanext.huedata.tableschema import CastError, SchemaError, cast, datastore_fields, parse_schema, to_text

SCHEMA = {
    "missingValues": ["", "-", "N/A"],
    "fields": [
        {"name": "ma", "type": "string", "title": "Mã"},
        {"name": "ngay_cap", "type": "date", "format": "%d/%m/%Y", "title": "Ngày cấp"},
        {"name": "so_tien", "type": "number", "decimalChar": ",", "groupChar": "."},
        {"name": "so_luong", "type": "integer", "groupChar": "."},
        {"name": "mo_cua", "type": "boolean", "trueValues": ["Có"], "falseValues": ["Không"]},
        {"name": "cap_nhat", "type": "datetime"},
        {"name": "nam", "type": "year"},
        {"name": "chi_tiet", "type": "object", "pointer": "/detail"},
    ],
}


def test_columns_become_typed_datastore_fields_with_their_titles():
    fields = datastore_fields(parse_schema(SCHEMA))
    assert [(f["id"], f["type"]) for f in fields] == [
        ("ma", "text"), ("ngay_cap", "date"), ("so_tien", "numeric"), ("so_luong", "int8"),
        ("mo_cua", "bool"), ("cap_nhat", "timestamp"), ("nam", "int4"), ("chi_tiet", "json")]
    assert fields[1]["info"] == {"label": "Ngày cấp"}


def test_extra_properties_such_as_an_lgsp_pointer_are_kept():
    assert parse_schema(SCHEMA)[-1].extra == {"pointer": "/detail"}


CASES = [
    ("ngay_cap", "05/02/2026", dt.date(2026, 2, 5)),
    ("ngay_cap", " 31/12/2025 ", dt.date(2025, 12, 31)),
    ("so_tien", "2.469,5", Decimal("2469.5")),
    ("so_tien", "1.000.000", Decimal("1000000")),
    ("so_tien", 12.5, Decimal("12.5")),
    ("so_luong", "1.234", 1234),
    ("so_luong", 7, 7),
    ("mo_cua", "Có", True),
    ("mo_cua", "Không", False),
    ("cap_nhat", "2026-03-01T08:30:00Z", dt.datetime(2026, 3, 1, 8, 30, tzinfo=dt.timezone.utc)),
    ("nam", "2025", 2025),
    ("chi_tiet", {"a": 1}, {"a": 1}),
    ("chi_tiet", '{"a": 1}', {"a": 1}),
    ("ma", "Huế", "Huế"),
    ("so_tien", "-", None),
    ("ngay_cap", "N/A", None),
    ("so_luong", None, None),
]


@pytest.mark.parametrize(("column", "value", "expected"), CASES)
def test_cells_are_cast_by_their_column(column, value, expected):
    field = {f.name: f for f in parse_schema(SCHEMA)}[column]
    assert cast(value, field) == expected


BAD = [
    ("ngay_cap", "2026-02-05"), ("ngay_cap", "31/02/2026"), ("so_tien", "12,5,3"), ("so_tien", "abc"),
    ("so_tien", "NaN"), ("so_luong", "1,5"), ("so_luong", True), ("mo_cua", "yes"), ("nam", "0"),
    ("chi_tiet", "[1]"), ("cap_nhat", "yesterday"),
]


@pytest.mark.parametrize(("column", "value"), BAD)
def test_a_bad_cell_names_its_column_in_both_languages_but_not_its_value(column, value):
    field = {f.name: f for f in parse_schema(SCHEMA)}[column]
    with pytest.raises(CastError) as error:
        cast(value, field)
    assert column in error.value.message_vi and column in error.value.message_en
    assert str(value) not in error.value.message_en


@pytest.mark.parametrize("schema", [
    "not json", {"fields": "x"}, {"fields": [{"type": "string"}]}, {"fields": [{"name": 'a"b'}]},
    {"fields": [{"name": "a"}, {"name": "a"}]}, {"fields": [{"name": "a", "type": "blob"}]},
    {"fields": [{"name": "x" * 64}]},
])
def test_an_unusable_schema_is_refused_with_a_reason(schema):
    with pytest.raises(SchemaError) as error:
        parse_schema(schema)
    assert error.value.message_vi and error.value.message_en


def test_typed_values_are_written_back_as_plain_text():
    assert [to_text(v) for v in (dt.date(2026, 2, 5), Decimal("2469.50"), True, None, {"a": "Huế"})] == [
        "2026-02-05", "2469.50", "true", "", '{"a": "Huế"}']
