"""The shipped portal (config/ckan.ini, over HTTP): error reports, data requests, demand, the annual
report, destruction with a log — with real clients and e-mails delivered to a real SMTP server."""
from __future__ import annotations

import re
import secrets

import ckanapi
import pytest
import requests
import sqlalchemy as sa

from tests.feedback.conftest import anonymous_token, huế_dataset
from tests.shipped_portal import csrf_token


def report_url(portal, report_id):
    return f"{portal.url}/bao-loi/{report_id}"


def test_citizen_error_report_reaches_the_agency_and_every_change_reaches_the_citizen(
        feedback_portal, agency_with_staff, portal_mailbox):
    portal, staff = feedback_portal, agency_with_staff["people"]
    dataset = huế_dataset(portal, staff["editor"]["token"], agency_with_staff["agency"], "Quan trắc nước sông Hương")
    citizen_email = f"dan-{dataset['name']}@example.org"
    report = portal.api().action.huefeedback_report_create(
        package_id=dataset["name"], resource_id=dataset["resources"][0]["id"], category="wrong_value",
        description="Độ pH trạm Kim Long ghi 71 thay vì 7.1", location="dòng 2, cột ph",
        reporter_email=citizen_email, reporter_name="Nguyễn Văn Dân", form_token=anonymous_token(portal))
    assert "reporter" not in report
    to_agency = portal_mailbox.wait_for(staff["editor"]["email"])[0]
    assert dataset["title"] in to_agency["Subject"] and "dòng 2, cột ph" in to_agency.get_body().get_content()
    assert portal_mailbox.wait_for(staff["admin"]["email"])
    assert portal_mailbox.to(staff["other"]["email"]) == []
    assert f"#{report['ref']}" in portal_mailbox.wait_for(citizen_email)[0]["Subject"]

    editor = portal.api(staff["editor"]["token"])
    editor.action.huefeedback_report_status_update(id=report["id"], status="acknowledged")
    with pytest.raises(ckanapi.ValidationError):
        editor.action.huefeedback_report_status_update(id=report["id"], status="rejected")
    editor.action.huefeedback_report_status_update(id=report["id"], status="resolved", note="Đã sửa thành 7.1")
    mails = portal_mailbox.wait_for(citizen_email, count=3)
    assert "Đã sửa thành 7.1" in mails[-1].get_body().get_content()

    page = portal.get(f"/dataset/{dataset['name']}/bao-loi").text
    assert "Đã xử lý" in page and citizen_email not in page and "Nguyễn Văn Dân" not in page


def test_data_request_is_routed_refused_with_a_reason_or_approved_and_published(
        feedback_portal, agency_with_staff, portal_mailbox):
    portal, staff, agency = feedback_portal, agency_with_staff["people"], agency_with_staff["agency"]
    citizen = portal.api(staff["citizen"]["token"])
    unsure = citizen.action.huefeedback_request_create(
        title="Số liệu bãi đỗ xe", description="Vị trí, sức chứa, giá vé", purpose="Ứng dụng tìm chỗ đỗ")
    assert unsure["organization"] is None
    assert portal_mailbox.wait_for(staff["dst"]["email"])
    with pytest.raises(ckanapi.NotAuthorized):
        portal.api(staff["editor"]["token"]).action.huefeedback_request_route(id=unsure["id"], organization=agency["name"])
    portal.api(staff["dst"]["token"]).action.huefeedback_request_route(id=unsure["id"], organization=agency["name"])
    editor = portal.api(staff["editor"]["token"])
    with pytest.raises(ckanapi.ValidationError) as refused_without_reason:
        editor.action.huefeedback_request_decide(id=unsure["id"], decision="refused")
    assert "note" in refused_without_reason.value.error_dict
    editor.action.huefeedback_request_decide(id=unsure["id"], decision="refused", note="Dữ liệu do doanh nghiệp quản lý")
    assert "Dữ liệu do doanh nghiệp quản lý" in portal_mailbox.wait_for(staff["citizen"]["email"], count=2)[-1].as_string() \
        or "Dữ liệu do doanh nghiệp quản lý" in portal_mailbox.to(staff["citizen"]["email"])[-1].get_body().get_content()

    wanted = citizen.action.huefeedback_request_create(
        title="Danh sách trạm quan trắc", description="Tọa độ trạm", purpose="Bản đồ", organization=agency["name"])
    editor.action.huefeedback_request_decide(id=wanted["id"], decision="approved", planned_date="2099-01-31")
    dataset = huế_dataset(portal, staff["editor"]["token"], agency, "Trạm quan trắc môi trường")
    published = editor.action.huefeedback_request_publish(id=wanted["id"], package_id=dataset["name"])
    assert published["package"]["name"] == dataset["name"]
    last = portal_mailbox.wait_for(staff["citizen"]["email"], count=5)[-1]
    assert f"/dataset/{dataset['name']}" in last.get_body().get_content()
    listing = portal.get("/yeu-cau-du-lieu/", params={"organization": agency["name"]}).text
    assert "Danh sách trạm quan trắc" in listing and "Đã công bố" in listing and "Từ chối" in listing
    assert staff["citizen"]["email"] not in listing


def test_who_sees_what_on_each_route(feedback_portal, agency_with_staff):
    portal, staff, agency = feedback_portal, agency_with_staff["people"], agency_with_staff["agency"]
    dataset = huế_dataset(portal, staff["editor"]["token"], agency, "Danh sách hộ nghèo (đã ẩn danh)")
    report = portal.api(staff["citizen"]["token"]).action.huefeedback_report_create(
        package_id=dataset["id"], category="personal_data", description="Cột cuối hiện số CCCD 079201001234")
    request = portal.api(staff["citizen"]["token"]).action.huefeedback_request_create(
        title="Danh sách hộ cận nghèo", description="Theo phường", purpose="Luận văn thạc sĩ", organization=agency["name"])
    viewers = {"anonymous": None, "other agency": staff["other"], "owner agency": staff["editor"], "sysadmin": staff["dst"]}
    sees_details = {"anonymous": False, "other agency": False, "owner agency": True, "sysadmin": True}
    for role, user in viewers.items():
        session = portal.login(user) if user else requests.Session()
        page = session.get(report_url(portal, report["id"]), timeout=60)
        assert page.status_code == 200, role
        assert ("079201001234" in page.text) is sees_details[role], role
        assert (staff["citizen"]["name"] in page.text) is sees_details[role], role
        request_page = session.get(f"{portal.url}/yeu-cau-du-lieu/{request['id']}", timeout=60).text
        assert ("Luận văn thạc sĩ" in request_page) is sees_details[role], role
        inbox = session.get(f"{portal.url}/organization/{agency['name']}/phan-hoi", timeout=60)
        assert inbox.status_code == (200 if sees_details[role] else 403), role
        log_page = session.get(f"{portal.url}/ckan-admin/nhat-ky-huy", timeout=60)
        assert log_page.status_code == (200 if role == "sysadmin" else 403), role
        api = portal.api(user["token"] if user else None)
        shown = api.action.huefeedback_report_show(id=report["id"])
        assert (shown["description"] is not None) is sees_details[role], role
        if sees_details[role]:
            continue
        with pytest.raises(ckanapi.NotAuthorized):
            api.action.huefeedback_report_status_update(id=report["id"], status="acknowledged")
        with pytest.raises(ckanapi.NotAuthorized):
            api.action.huefeedback_request_decide(id=request["id"], decision="refused", note="không")


def test_signed_in_forms_need_their_csrf_token(feedback_portal, agency_with_staff):
    portal, staff, agency = feedback_portal, agency_with_staff["people"], agency_with_staff["agency"]
    dataset = huế_dataset(portal, staff["editor"]["token"], agency, "Danh mục chợ")
    report = portal.api(staff["citizen"]["token"]).action.huefeedback_report_create(
        package_id=dataset["id"], category="out_of_date", description="Danh mục chợ từ năm 2019")
    session = portal.login(staff["editor"])
    forged = session.post(f"{report_url(portal, report['id'])}/trang-thai", data={"status": "resolved"}, timeout=60)
    assert forged.status_code in (400, 403)
    page = session.get(report_url(portal, report["id"]), timeout=60).text
    answered = session.post(f"{report_url(portal, report['id'])}/trang-thai", timeout=60,
                            data={"status": "resolved", "note": "Đã cập nhật", "_csrf_token": csrf_token(page)})
    assert answered.status_code == 200 and "Đã xử lý" in answered.text


def test_demand_and_annual_report_over_http(feedback_portal, agency_with_staff):
    portal, staff, agency = feedback_portal, agency_with_staff["people"], agency_with_staff["agency"]
    dataset = huế_dataset(portal, staff["editor"]["token"], agency, "Lượng mưa theo trạm")
    resource = dataset["resources"][0]
    for agent in ("Mozilla/5.0 (X11) one", "Mozilla/5.0 (X11) two"):
        assert portal.get(f"/dataset/{dataset['name']}", headers={"User-Agent": agent}).status_code == 200
        assert portal.get(f"/dataset/{dataset['name']}/resource/{resource['id']}/download",
                          headers={"User-Agent": agent}).status_code == 200
    demand = portal.api().action.huefeedback_demand(organization=agency["name"], days=1)
    row = next(r for r in demand["most_wanted"] if r["name"] == dataset["name"])
    assert (row["views"], row["downloads"]) == (2, 2)
    assert dataset["title"] in portal.get(f"/organization/{agency['name']}/nhu-cau").text
    report = portal.api().action.huefeedback_annual_report(organization=agency["name"])
    assert report["agencies"][0]["datasets_total"] == 1 and report["agencies"][0]["downloads"] == 2
    csv_text = portal.get("/bao-cao-nam/bao-cao.csv", params={"organization": agency["name"]}).content.decode("utf-8-sig")
    assert csv_text.splitlines()[1].startswith(agency["title"])


def _rows_naming(database: str, needles: list[str]) -> dict[str, int]:
    from ckanext.huefeedback.tests.destruction.test_destroy import rows_naming

    engine = sa.create_engine(f"postgresql://ckan_default:pass@127.0.0.1/{database}")
    try:
        with engine.connect() as connection:
            return rows_naming(connection, needles, skip=("huefeedback_destruction_log",))
    finally:
        engine.dispose()


def test_destroying_a_dataset_leaves_only_its_log_entry(feedback_portal, agency_with_staff):
    portal, staff, agency = feedback_portal, agency_with_staff["people"], agency_with_staff["agency"]
    dataset = huế_dataset(portal, staff["editor"]["token"], agency, "Dữ liệu cần hủy")
    ids = [dataset["id"], *(r["id"] for r in dataset["resources"])]
    portal.api(staff["citizen"]["token"]).action.huefeedback_report_create(
        package_id=dataset["id"], category="other", description="Bộ dữ liệu trùng lặp với bộ khác")
    stored = [p for p in portal.storage.rglob("*") if p.is_file() and any(i[6:] in p.name for i in ids)]
    assert stored
    with pytest.raises(ckanapi.NotAuthorized):
        portal.api(staff["admin"]["token"]).action.huefeedback_dataset_destroy(
            id=dataset["name"], confirm=dataset["name"], reason="Cơ quan không được hủy")
    entry = portal.api(staff["dst"]["token"]).action.huefeedback_dataset_destroy(
        id=dataset["name"], confirm=dataset["name"], reason="Trùng lặp, theo công văn 45/SKHCN")
    assert entry["package_id"] == dataset["id"] and any(c["kind"] == "file" and c["sha256"] for c in entry["content"])
    assert not [p for p in stored if p.exists()]
    left = {k: v for k, v in _rows_naming(portal.ckan_db, [*ids, dataset["name"]]).items()
            if not k.startswith("huequality_")}
    assert left == {}, left
    assert portal.get(f"/dataset/{dataset['name']}").status_code == 404
    log = portal.api(staff["dst"]["token"]).action.huefeedback_destruction_log_list(package_id=dataset["id"])
    assert log["results"][0]["reason"] == "Trùng lặp, theo công văn 45/SKHCN"
    exported = portal.login(staff["dst"]).get(f"{portal.url}/ckan-admin/nhat-ky-huy.csv", timeout=60)
    assert dataset["name"] in exported.text and re.search(r"[0-9a-f]{64}", exported.text)


def test_every_dataset_has_exactly_one_owning_agency(feedback_portal, agency_with_staff):
    portal, staff = feedback_portal, agency_with_staff["people"]
    fields = dict(title="Không có cơ quan chủ quản", private=False, notes="Thử", sector="environment",
                  update_frequency="quarterly", data_kind="sector_data", access_level="open", license_id="cc-by",
                  contact_name="Phòng dữ liệu", contact_email="dulieu@hue.gov.vn")
    for token in (staff["editor"]["token"], staff["dst"]["token"]):
        with pytest.raises(ckanapi.ValidationError) as refused:
            portal.api(token).action.package_create(name=f"khong-chu-{secrets.token_hex(3)}", **fields)
        assert "owner_org" in refused.value.error_dict
    with pytest.raises(ckanapi.NotAuthorized):     # an editor publishes for their own agency only
        portal.api(staff["editor"]["token"]).action.package_create(
            name=f"sai-co-quan-{secrets.token_hex(3)}", owner_org=agency_with_staff["other"]["id"], **fields)
