"""Exact scores from small hand-made files (no database)."""

from __future__ import annotations

import json
from datetime import date

import pytest

from ckanext.huequality.quality import codelists, readers, scoring, timeliness
from ckanext.huequality.quality.fields import Bbox
from ckanext.huequality.quality.scan import scan_table

TODAY = date(2026, 11, 23)
BBOX = Bbox(106.95, 15.95, 108.25, 16.80)
SETTINGS = scoring.Settings(
    weights={"completeness": 0.25, "consistency": 0.2, "accuracy": 0.25, "timeliness": 0.15, "uniqueness": 0.15},
    thresholds={"completeness": 80, "consistency": 80, "accuracy": 85, "timeliness": 70, "uniqueness": 95},
    bands={"xuat_sac": 90, "tot": 75, "dat": 50},
    required_metadata=["title", "notes", "license_id", "sector", "contact_email"],
)
WARD = sorted(codelists.hue_ward_codes())[0]


def _scan(path, schema=None, **kw):
    fmt = readers.reader_format(None, str(path))
    assert fmt is not None
    return scan_table(readers.open_table(str(path), fmt), schema, resource_name=path.name, today=TODAY, bbox=BBOX, **kw)


def _write(tmp_path, name, text):
    path = tmp_path / name
    path.write_text(text, encoding="utf-8")
    return path


def test_three_duplicate_rows_in_a_hundred_give_uniqueness_97(tmp_path):
    rows = [f"{i},name {i}" for i in range(97)] + ["1,name 1", "2,name 2", "3,name 3"]
    scan = _scan(_write(tmp_path, "d.csv", "id,name\n" + "\n".join(rows) + "\n"))
    result = scoring.uniqueness([scan], [])
    assert scan.rows == 100
    assert result.score == 97.0
    assert [e["row"] for e in result.evidence.examples] == [99, 100, 101]


def test_duplicates_counted_on_primary_key_not_whole_row(tmp_path):
    schema = {"fields": [{"name": "id", "type": "integer"}, {"name": "v", "type": "string"}], "primaryKey": "id"}
    scan = _scan(_write(tmp_path, "k.csv", "id,v\n1,a\n1,b\n2,c\n3,d\n"), schema)
    assert scan.duplicates == 1
    assert scoring.uniqueness([scan], []).score == 75.0


def test_duplicates_spilled_to_disk_count_the_same(tmp_path):
    rows = [str(i % 900) for i in range(1000)]
    scan = _scan(_write(tmp_path, "s.csv", "id\n" + "\n".join(rows) + "\n"), memory_limit=100, batch_size=50)
    assert scan.duplicates == 100
    assert scan.duplicate_rows == [902, 903, 904, 905, 906]


def test_completeness_counts_empty_cells_in_required_columns_and_missing_metadata(tmp_path):
    schema = {
        "fields": [
            {"name": "id", "type": "integer", "constraints": {"required": True}},
            {"name": "note", "type": "string"},
        ]
    }
    scan = _scan(_write(tmp_path, "c.csv", "id,note\n1,\n,x\n3,\n4,y\n"), schema)
    pkg = {"title": "T", "notes": "N", "license_id": "cc-by", "sector": "health", "contact_email": ""}
    result = scoring.completeness(pkg, [scan], SETTINGS)
    # metadata 4/5 = 80.0; required cells 3/4 = 75.0; mean 77.5
    assert result.score == 77.5
    assert result.evidence.counted["metadata_missing"] == ["contact_email"]
    assert {"resource": "c.csv", "problem": "empty_required", "row": 3, "column": "id"} in result.evidence.examples


def test_accuracy_checks_types_constraints_future_dates_and_coordinates(tmp_path):
    schema = {
        "fields": [
            {"name": "count", "type": "integer", "constraints": {"minimum": 0}},
            {"name": "day", "type": "date"},
            {"name": "lat", "type": "number"},
            {"name": "code", "type": "string", "constraints": {"pattern": "[A-Z]{2}"}},
        ]
    }
    text = (
        "count,day,lat,code\n"
        "5,2026-01-01,16.46,AB\n"  # all 4 valid
        "x,2027-01-01,10.0,abc\n"  # 4 invalid: type, future, outside Huế, pattern
        "-1,2025-05-05,16.5,CD\n"
    )  # 1 invalid: minimum
    scan = _scan(_write(tmp_path, "a.csv", text), schema)
    assert (scan.checked_cells, scan.valid_cells) == (12, 7)
    result = scoring.accuracy({}, [scan], TODAY)
    assert result.score == 58.3
    problems = [e["problem"] for e in result.evidence.examples]
    assert problems == ["type:integer", "future_date", "outside_hue", "constraint:pattern", "constraint:minimum"]


def test_accuracy_infers_types_when_there_is_no_data_dictionary(tmp_path):
    rows = "\n".join(f"{i},2024-01-{i + 1:02d}" for i in range(10))
    scan = _scan(_write(tmp_path, "i.csv", f"n,d\n{rows}\n11,not a date\n"), infer_rows=5)
    assert scan.signature == [("n", "integer"), ("d", "date")]
    assert scoring.accuracy({}, [scan], TODAY).score == 95.5  # 21 of 22 cells


def test_consistency_checks_ward_and_sector_codes_from_the_official_list(tmp_path):
    scan = _scan(_write(tmp_path, "w.csv", f"ward_code,sector\n{WARD},health\n99999,health\n{WARD},sport\n"))
    pkg = {"sector": "health", "spatial_coverage": json.dumps([WARD, "city"])}
    result = scoring.consistency(pkg, [scan])
    # metadata 3/3, cells 4/6 -> 7/9
    assert result.score == 77.8
    assert {
        "resource": "w.csv",
        "row": 3,
        "column": "ward_code",
        "value": "99999",
        "problem": "codelist:ward",
    } in result.evidence.examples


def test_hue_has_forty_wards_and_communes_in_2025():
    assert len(codelists.hue_ward_codes()) == 40
    assert codelists.is_ward_code("19900")  # Phường Thuận An


def test_consistency_compares_structure_and_harvest_record_count(tmp_path):
    a = _scan(_write(tmp_path, "a.csv", "id,v\n1,2\n2,3\n"))
    b = _scan(_write(tmp_path, "b.csv", "id,v\n3,4\n"))
    c = _scan(_write(tmp_path, "c.csv", "id,other\n3,x\n"))
    pkg = {"extras": [{"key": "harvest_source_record_count", "value": "5"}]}
    result = scoring.consistency(pkg, [a, b, c])
    # no codes; structure 2/3 = 66.7; records 4 != 5 -> 0; mean 33.4 (rounded parts)
    assert result.score == 33.4
    assert result.evidence.counted["resources_same_structure"] == "2/3"


def test_unparsable_file_gets_evidence_and_a_score_not_a_crash(tmp_path):
    path = tmp_path / "bad.xlsx"
    path.write_bytes(b"this is not a zip file")
    with pytest.raises(readers.UnreadableFile) as exc:
        readers.open_table(str(path), "xlsx")
    scan = scoring.TableScan(resource_id="r", resource_name="bad.xlsx", error=str(exc.value))
    result = scoring.score_dataset({"title": "x"}, [scan], [], SETTINGS, TODAY)
    assert result.dimensions["accuracy"].score == 0.0
    assert "not a readable XLSX workbook" in result.dimensions["accuracy"].evidence.messages[0]["message_en"]
    assert result.badge == "chua_dat"


def test_broken_csv_midway_keeps_counts_and_reports_the_line(tmp_path):
    path = tmp_path / "broken.csv"
    good = "".join(f"{i},giá trị {i}\n" for i in range(10_000))  # beyond the encoding probe
    path.write_bytes(f"id,v\n{good}".encode() + b"10000,\xff\xfe\n")
    scan = _scan(path)
    assert 9_000 < scan.rows <= 10_000  # rows read before the bad block still count
    assert scan.error.startswith("text cannot be decoded as utf-8-sig after line")


def test_xlsx_and_json_arrays_are_read_as_tables(tmp_path):
    from openpyxl import Workbook

    book = Workbook()
    sheet = book.active
    sheet.append(["id", "n"])
    sheet.append([1, 2.0])
    sheet.append([1, 2.0])
    book.save(tmp_path / "t.xlsx")
    (tmp_path / "t.json").write_text(json.dumps([{"id": 1, "n": 2}, {"id": 1, "n": 2}, {"id": 2, "n": None}]))
    x = _scan(tmp_path / "t.xlsx")
    j = _scan(tmp_path / "t.json")
    assert (x.rows, x.duplicates, x.signature) == (2, 1, [("id", "integer"), ("n", "integer")])
    assert (j.rows, j.duplicates, j.required_filled, j.required_cells) == (3, 1, 5, 6)


def test_badge_is_capped_at_dat_when_a_dimension_misses_its_threshold():
    scores = {"completeness": 100.0, "consistency": 100.0, "accuracy": 100.0, "timeliness": 100.0, "uniqueness": 90.0}
    composite, badge, below = scoring.badge_for(scores, SETTINGS)
    assert composite == 98.5
    assert below == ["uniqueness"]
    assert badge == "dat"


@pytest.mark.parametrize(
    ("score", "badge"), [(95.0, "xuat_sac"), (90.0, "xuat_sac"), (80.0, "tot"), (60.0, "dat"), (49.9, "chua_dat")]
)
def test_badge_bands_follow_the_composite(score, badge):
    thresholds = dict.fromkeys(SETTINGS.thresholds, 0.0)
    settings = scoring.Settings(SETTINGS.weights, thresholds, SETTINGS.bands, [])
    assert scoring.badge_for(dict.fromkeys(SETTINGS.weights, score), settings)[1] == badge


def test_composite_ignores_dimensions_that_do_not_apply():
    scores = {"completeness": 80.0, "consistency": None, "accuracy": 100.0, "timeliness": None, "uniqueness": None}
    assert scoring.badge_for(scores, SETTINGS)[0] == 90.0


def test_timeliness_rule_on_time_late_overdue_and_neutral():
    assert timeliness.timeliness_score(["on_time", "late", "overdue", "not_required", "due_soon"])[0] == 50.0
    assert timeliness.timeliness_score(["not_required"])[0] is None
    assert timeliness.statuses_from_tracker({"periods": [{"status": "late"}, {"status": "on_time"}]}) == [
        "late",
        "on_time",
    ]


def test_near_duplicate_datasets_of_the_same_agency_are_flagged():
    pkg = {"id": "1", "owner_org": "o", "title": "Danh sách trường học năm 2025"}
    others = [
        {"id": "2", "name": "b", "owner_org": "o", "title": "Danh sach truong hoc nam 2025"},
        {"id": "3", "name": "c", "owner_org": "other", "title": "Danh sách trường học năm 2025"},
        {"id": "4", "name": "d", "owner_org": "o", "title": "Giá đất"},
    ]
    assert [d["name"] for d in scoring.near_duplicates(pkg, others)] == ["b"]


def test_consistency_flags_a_resource_whose_columns_changed_since_its_previous_version(tmp_path):
    scan = _scan(_write(tmp_path, "v.csv", "id,v\n1,x\n"))
    scan.resource_id = "r1"
    same = scoring.consistency({}, [scan], {"r1": [["id", "integer"], ["v", "string"]]})
    changed = scoring.consistency({}, [scan], {"r1": [["id", "integer"], ["value", "number"]]})
    assert same.score == 100.0
    assert changed.score == 0.0
    assert changed.evidence.examples[0]["problem"] == "structure_changed"
