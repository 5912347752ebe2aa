"""Real agency gateways: error envelopes, capped pages, form credentials, Retry-After, the
safety guard, Vietnamese titles, agency value formats and typed records (issue 12).

Every run is a real harvest job through the Redis queues against the test LGSP over HTTP.
"""
from __future__ import annotations

import datetime as dt
import email.utils
import json
import time
from typing import Any

import pytest
from ckan.plugins import toolkit
from ckan.tests.helpers import call_action

from ckanext.huedata.harvesters.client import retry_after
from ckanext.huedata.harvesters.names import fold

from .conftest import (
    auth_config, catalogue_config, create_source, extra, job_errors, lgsp_settings, run_job,
    source_datasets, sysadmin_context,
)
from .lgsp_server import sample_finance, sample_procedures

pytestmark = pytest.mark.usefixtures("with_plugins", "clean_db", "clean_queues")

ENVELOPE = {"success": {"pointer": "/status/code", "values": ["00", "0"]},
            "message": "/status/message"}
GW_PAGING = {"style": "page", "items": "/data/items", "size": 100, "page_param": "trang",
             "size_param": "soBanGhi", "total": "/data/totalRecord"}
FINANCE_SCHEMA = {"fields": [
    {"name": "ma", "type": "string"},
    {"name": "ngay", "type": "date", "format": "%d/%m/%Y"},
    {"name": "so_tien", "type": "number", "decimalChar": ",", "groupChar": ".",
     "pointer": "/soTien"},
    {"name": "so_luong", "type": "integer", "pointer": "/soLuong"},
    {"name": "ma_don_vi", "type": "string", "pointer": "/donVi/ma"},
]}


def gateway_catalogue(server: Any, **overrides: Any) -> dict[str, Any]:
    cfg = {
        "mode": "catalogue", "auth": auth_config(server), "envelope": ENVELOPE,
        "pagination": GW_PAGING,
        "mapping": {
            "guid": "/maHoSo", "title": "/tenBoDuLieu", "notes": "/moTa",
            "tags": {"pointer": "/tuKhoa", "split": ";"},
            "sector": {"pointer": "/linhVuc", "values": {"Giáo dục": "education"}},
            "temporal_start": {"pointer": "/ngayBatDau", "date_format": "%d/%m/%Y"},
            "temporal_end": {"pointer": "/ngayKetThuc", "date_format": "%d/%m/%Y"},
            "version": {"pointer": "/phienBan", "number": True, "decimal_char": ",",
                        "group_char": "."},
            "contact_name": "/donVi/ten", "contact_email": "/donVi/thuDienTu",
        },
    }
    cfg.update(overrides)
    return cfg


def finance_records(server: Any, **overrides: Any) -> dict[str, Any]:
    cfg = {"mode": "records", "auth": auth_config(server), "envelope": ENVELOPE,
           "pagination": GW_PAGING,
           "dataset": {"title": "Thu chi ngân sách phường", "notes": "Qua LGSP",
                       "sector": "economy_trade"},
           "schema": FINANCE_SCHEMA}
    cfg.update(overrides)
    return cfg


def _public(source_id: str) -> list[dict[str, Any]]:
    return [d for d in source_datasets(source_id) if not d["private"] and d["state"] == "active"]


# -- envelopes --------------------------------------------------------------------------

@lgsp_settings
def test_http_200_with_an_error_status_fails_the_run_and_withdraws_nothing(lgsp):
    lgsp.state.procedures = sample_procedures(5)
    source = create_source(f"{lgsp.url}/gw/ho-so", gateway_catalogue(lgsp))
    assert run_job(source["id"])["stats"]["added"] == 5

    lgsp.state.envelope_code, lgsp.state.envelope_message = "99", "Hệ thống đang bảo trì"
    job = run_job(source["id"])

    [error] = job_errors(job["id"])
    assert "'99'" in error and "Hệ thống đang bảo trì" in error
    assert len(_public(source["id"])) == 5
    assert job["stats"].get("deleted", 0) == 0


# -- completeness -----------------------------------------------------------------------

@lgsp_settings
def test_a_gateway_that_caps_the_page_size_is_read_to_the_stated_total(lgsp):
    lgsp.state.finance = sample_finance(137)
    lgsp.state.page_cap = 50  # asked for 100 rows per page, served 50
    source = create_source(f"{lgsp.url}/gw/thu-chi", finance_records(lgsp))

    job = run_job(source["id"])

    assert job["stats"]["added"] == 1 and not job_errors(job["id"])
    pages = [q for p, q in lgsp.state.requests if p == "/gw/thu-chi"]
    assert [q["trang"] for q in pages] == ["1", "2", "3"]
    [dataset] = source_datasets(source["id"])
    assert _row_count(source["id"]) == 137


@lgsp_settings
def test_a_short_page_before_the_total_fails_the_run_when_the_source_says_fail(lgsp):
    lgsp.state.finance = sample_finance(137)
    source = create_source(f"{lgsp.url}/gw/thu-chi", finance_records(lgsp))
    run_job(source["id"])
    lgsp.state.page_cap = 50
    cfg = finance_records(lgsp, pagination=dict(GW_PAGING, short_page="fail"))
    toolkit.get_action("harvest_source_patch")(sysadmin_context(), {
        "id": source["id"], "config": json.dumps(cfg)})

    job = run_job(source["id"])

    assert any("short page (50 of 100" in e and "50 of 137" in e for e in job_errors(job["id"]))
    assert _row_count(source["id"]) == 137  # the earlier rows stay exactly


@lgsp_settings
def test_a_listing_that_ends_before_its_total_fails_and_changes_nothing(lgsp):
    lgsp.state.procedures = sample_procedures(5)
    source = create_source(f"{lgsp.url}/gw/ho-so", gateway_catalogue(lgsp))
    run_job(source["id"])
    cfg = gateway_catalogue(lgsp, pagination=dict(GW_PAGING, total="/data/claimed"))
    toolkit.get_action("harvest_source_patch")(sysadmin_context(), {
        "id": source["id"], "config": json.dumps(cfg)})

    job = run_job(source["id"])

    assert any("no total count at /data/claimed" in e for e in job_errors(job["id"]))
    assert len(_public(source["id"])) == 5


def _row_count(source_id: str) -> int:
    from ckanext.harvest.model import HarvestObject, HarvestObjectExtra
    from ckan import model
    row = (model.Session.query(HarvestObjectExtra.value)
           .join(HarvestObject, HarvestObject.id == HarvestObjectExtra.harvest_object_id)
           .filter(HarvestObject.harvest_source_id == source_id)
           .filter(HarvestObjectExtra.key == "row_count")
           .order_by(HarvestObject.import_finished.desc()).first())
    return int(row[0])


# -- OAuth2 client authentication -------------------------------------------------------

@lgsp_settings
@pytest.mark.parametrize("method, server_accepts", [
    ("client_secret_post", "post"), ("client_secret_basic", "basic")])
def test_token_endpoint_auth_method_is_the_one_the_gateway_accepts(lgsp, method, server_accepts):
    lgsp.state.token_auth = server_accepts
    cfg = catalogue_config(lgsp, auth=dict(auth_config(lgsp), method=method))
    source = create_source(f"{lgsp.url}/sotnmt/datasets", cfg)

    job = run_job(source["id"])

    assert job["stats"]["added"] == 5, job_errors(job["id"])
    assert set(lgsp.state.token_methods) == {server_accepts}


@lgsp_settings
def test_a_gateway_that_takes_form_credentials_only_refuses_basic_with_a_clear_error(lgsp):
    lgsp.state.token_auth = "post"
    source = create_source(f"{lgsp.url}/sotnmt/datasets", catalogue_config(lgsp))

    job = run_job(source["id"])

    [error] = job_errors(job["id"])
    assert "Token endpoint refused the credentials (invalid_client)" in error
    assert "s3cr3t" not in error


# -- Retry-After --------------------------------------------------------------------------

@pytest.mark.ckan_config("ckanext.huedata.lgsp.retry_after_max", "5")
@lgsp_settings
@pytest.mark.parametrize("status", ["503", "429"])
def test_retry_after_seconds_are_honoured_on_503_and_429(lgsp, status):
    lgsp.state.retry_after = "1"
    lgsp.state.inject("/sotnmt/datasets", status)
    source = create_source(f"{lgsp.url}/sotnmt/datasets", catalogue_config(lgsp))
    started = time.monotonic()

    job = run_job(source["id"])

    assert job["stats"]["added"] == 5
    assert time.monotonic() - started >= 1.0  # the backoff alone would be 0.01 s


@lgsp_settings  # retry_after_max 0.2 s
def test_retry_after_is_capped_by_the_option(lgsp):
    lgsp.state.retry_after = "30"
    lgsp.state.inject("/sotnmt/datasets", "503")
    source = create_source(f"{lgsp.url}/sotnmt/datasets", catalogue_config(lgsp))
    started = time.monotonic()

    job = run_job(source["id"])

    assert job["stats"]["added"] == 5
    assert time.monotonic() - started < 15


def test_retry_after_reads_seconds_and_http_dates():
    now = time.time()
    later = email.utils.format_datetime(dt.datetime.fromtimestamp(now + 7, dt.timezone.utc),
                                        usegmt=True)
    assert retry_after("5") == 5.0
    assert 5.5 <= retry_after(later, now=now) <= 7.0
    assert retry_after("Wed, 21 Oct 2015 07:28:00 GMT") == 0.0  # in the past: at once
    assert retry_after("soon") is None and retry_after(None) is None


# -- names --------------------------------------------------------------------------------

def test_vietnamese_titles_fold_into_names_without_losing_letters():
    assert fold("Thống kê hồ sơ dịch vụ công trực tuyến") == \
        "thong-ke-ho-so-dich-vu-cong-truc-tuyen"
    assert fold("Đường giao thông – Quận Phú Xuân (2026)") == \
        "duong-giao-thong-quan-phu-xuan-2026"
    assert fold("ỨNG DỤNG Hue-S") == "ung-dung-hue-s"


@lgsp_settings
def test_dataset_names_are_folded_unique_and_stable_across_runs(lgsp):
    lgsp.state.procedures = sample_procedures(2)
    lgsp.state.procedures[1]["tenBoDuLieu"] = lgsp.state.procedures[0]["tenBoDuLieu"]
    source = create_source(f"{lgsp.url}/gw/ho-so", gateway_catalogue(lgsp))
    run_job(source["id"])
    first = sorted(d["name"] for d in source_datasets(source["id"]))

    lgsp.state.procedures[1]["moTa"] = "Đổi mô tả"
    assert run_job(source["id"])["stats"]["updated"] == 1

    assert sorted(d["name"] for d in source_datasets(source["id"])) == first
    assert first[0] == "thong-ke-ho-so-dich-vu-cong-truc-tuyen-so-1"
    assert first[1].startswith("thong-ke-ho-so-dich-vu-cong-truc-tuyen-so-1-")


# -- value transforms ---------------------------------------------------------------------

@lgsp_settings
def test_agency_dates_keyword_lists_and_comma_decimals_are_transformed(lgsp):
    lgsp.state.procedures = sample_procedures(1)
    source = create_source(f"{lgsp.url}/gw/ho-so", gateway_catalogue(lgsp))

    run_job(source["id"])

    [dataset] = source_datasets(source["id"])
    assert dataset["title"] == "Thống kê hồ sơ dịch vụ công trực tuyến số 1"  # trimmed
    assert {t["name"] for t in dataset["tags"]} == {"dịch vụ công", "hồ sơ", "trực tuyến"}
    assert extra(dataset, "temporal_start") == "2026-01-01"
    assert extra(dataset, "temporal_end") == "2026-03-02"
    assert dataset["version"] == "2469.5"
    assert extra(dataset, "contact_email") == "tthcc@hue.gov.vn"


@lgsp_settings(plugins="harvest lgsp_harvester datastore huesearch")
def test_records_get_typed_datastore_columns_from_their_table_schema(lgsp):
    lgsp.state.finance = sample_finance(30)
    source = create_source(f"{lgsp.url}/gw/thu-chi", finance_records(lgsp))

    job = run_job(source["id"])

    assert job["stats"]["added"] == 1, job_errors(job["id"])
    [dataset] = source_datasets(source["id"])
    csv_resource = next(r for r in dataset["resources"] if r["format"] == "CSV")
    table = call_action("datastore_search", resource_id=csv_resource["id"], limit=1,
                        sort="so_tien desc")
    types = {f["id"]: f["type"] for f in table["fields"]}
    assert types == {"_id": "int", "ma": "text", "ngay": "date", "so_tien": "numeric",
                     "so_luong": "int8", "ma_don_vi": "text"}
    [top] = table["records"]
    assert top["ma"] == "TC-00030" and float(top["so_tien"]) == 30030.0
    assert top["ngay"].startswith("2026-07-03") and top["ma_don_vi"] == "DV2"
    by_date = call_action("datastore_search", resource_id=csv_resource["id"], limit=30,
                          sort="ngay asc")["records"]
    assert [r["ngay"] for r in by_date] == sorted(r["ngay"] for r in by_date)


@lgsp_settings
def test_a_cell_that_breaks_its_declared_type_fails_the_table_and_keeps_the_old_rows(lgsp):
    lgsp.state.finance = sample_finance(10)
    source = create_source(f"{lgsp.url}/gw/thu-chi", finance_records(lgsp))
    run_job(source["id"])
    lgsp.state.finance[4]["ngay"] = "2026-13-45"

    job = run_job(source["id"])

    assert any("dòng/row 5" in e and "ngay" in e for e in job_errors(job["id"]))
    assert _row_count(source["id"]) == 10


@lgsp_settings(plugins="harvest lgsp_harvester datastore huesearch")
def test_one_source_holds_several_tables_of_one_agency_in_one_job(lgsp):
    lgsp.state.finance = sample_finance(12)
    cfg = {"mode": "records", "auth": auth_config(lgsp),
           "pagination": {"style": "offset", "items": "/items", "size": 50, "total": "/count"},
           "tables": [
               {"name": "benh-vien", "path": "/syt/benh-vien",
                "dataset": {"title": "Bệnh viện", "notes": "n", "sector": "health"}},
               {"name": "thu-chi", "path": "/gw/thu-chi", "pagination": GW_PAGING,
                "dataset": {"title": "Thu chi", "notes": "n", "sector": "economy_trade"},
                "schema": FINANCE_SCHEMA},
           ]}
    source = create_source(f"{lgsp.url}/", cfg)

    job = run_job(source["id"])

    assert job["stats"]["added"] == 2 and not job_errors(job["id"])
    assert len(toolkit.get_action("harvest_job_list")(sysadmin_context(),
                                                      {"source_id": source["id"]})) == 1
    by_title = {d["title"]: d for d in source_datasets(source["id"])}
    assert set(by_title) == {"Bệnh viện", "Thu chi"}
    types = {t: {f["id"]: f["type"] for f in call_action(
        "datastore_search", resource_id=next(r["id"] for r in d["resources"]
                                             if r["format"] == "CSV"), limit=0)["fields"]}
        for t, d in by_title.items()}
    assert types["Thu chi"]["ngay"] == "date" and types["Bệnh viện"]["so_giuong"] == "int8"
    assert run_job(source["id"])["stats"]["not modified"] == 2


# -- safety guard ------------------------------------------------------------------------

@lgsp_settings
def test_a_full_run_that_would_withdraw_too_many_changes_nothing_until_forced_once(lgsp):
    source = create_source(f"{lgsp.url}/sotnmt/datasets",
                           catalogue_config(lgsp, modified_since_param=None))
    run_job(source["id"])
    lgsp.state.catalogue = lgsp.state.catalogue[:2]  # 3 of 5 gone: 60 % > 20 %

    blocked = run_job(source["id"])

    [error] = job_errors(blocked["id"])
    assert "3 of 5 (60 %)" in error and "20 %" in error and "3/5" in error
    assert len(_public(source["id"])) == 5

    toolkit.get_action("huedata_harvest_force_once")(sysadmin_context(), {"id": source["id"]})
    forced = run_job(source["id"])
    assert forced["stats"]["deleted"] == 3 and len(_public(source["id"])) == 2

    lgsp.state.catalogue = lgsp.state.catalogue[:1]  # 1 of 2: the force was used up
    assert "1 of 2 (50 %)" in job_errors(run_job(source["id"])["id"])[0]


@lgsp_settings
def test_a_records_table_that_shrinks_too_much_keeps_its_rows(lgsp):
    lgsp.state.finance = sample_finance(137)
    source = create_source(f"{lgsp.url}/gw/thu-chi", finance_records(lgsp))
    run_job(source["id"])
    lgsp.state.finance = lgsp.state.finance[:50]

    job = run_job(source["id"])

    assert any("87 of 137" in e for e in job_errors(job["id"]))
    assert _row_count(source["id"]) == 137
    toolkit.get_action("huedata_harvest_force_once")(sysadmin_context(), {"id": source["id"]})
    assert run_job(source["id"])["stats"]["updated"] == 1
    assert _row_count(source["id"]) == 50


# -- configs checked on save ---------------------------------------------------------------

@lgsp_settings(plugins="harvest lgsp_harvester ckan_harvester huedata_ckan_harvester "
               "dcat_rdf_harvester huedata_harvest huesearch")
@pytest.mark.parametrize("source_type, config, reason", [
    ("ckan_hue", {"api_key": "a1b2c3d4-e5f6-7890-abcd-ef1234567890!"}, "NAME of a secret"),
    ("dcat_rdf", {"api_key": "Bearer eyJhbGciOi"}, "NAME of a secret"),
    ("ckan", {"api_key": "national-portal"}, "use “ckan_hue”"),
    ("ckan_hue", {"remote_orgs": "sometimes"}, "/remote_orgs"),
    ("lgsp", {"mode": "catalogue", "pagination": {"style": "page", "total": 5},
              "mapping": {"guid": "/a", "title": "/b"}}, "/pagination/total"),
])
def test_a_config_is_checked_against_its_json_schema_with_vietnamese_and_english_reasons(
        lgsp, source_type, config, reason):
    from ckan.tests import factories
    with pytest.raises(toolkit.ValidationError) as caught:
        toolkit.get_action("harvest_source_create")(sysadmin_context(), {
            "url": f"{lgsp.url}/x", "name": "bad-source", "title": "Bad",
            "source_type": source_type, "config": json.dumps(config),
            "owner_org": factories.Organization()["id"], "frequency": "MANUAL"})
    message = str(caught.value.error_dict["config"])
    assert reason in message and " / " in message
    assert "eyJhbGciOi" not in message and "a1b2c3d4" not in message
