"""huequality through the portal as it ships (config/ckan.ini over HTTP, real clients, real
`ckan jobs worker` processes): one job per change with two workers, the badge in search results,
the CSRF-protected confirmation form, the history purge."""

from __future__ import annotations

import io
import os
import re
import secrets
import subprocess
from typing import Any

import pytest
import requests

from tests.shipped_portal import CKAN, ROOT, Portal, _clean_env, csrf_token

pytestmark = pytest.mark.timeout(900)


def _dataset(portal: Portal, token: str, org: str, csv_text: str) -> dict[str, Any]:
    api = portal.api(token)
    name = f"hq-{secrets.token_hex(4)}"
    pkg = api.action.package_create(
        name=name,
        title=f"Dữ liệu {name}",
        owner_org=org,
        notes="Mô tả",
        license_id="cc-by",
        update_frequency="quarterly",
        sector="education",
        spatial_coverage=["city"],
        contact_email="a@hue.gov.vn",
        tag_string="giao-duc",
    )
    api.action.resource_create(
        package_id=pkg["id"], name="data.csv", format="CSV", upload=("data.csv", io.BytesIO(csv_text.encode("utf-8")))
    )
    return pkg


def _history(portal: Portal, package_id: str) -> list[dict[str, Any]]:
    return portal.api().action.huequality_dataset_quality(id=package_id)["history"]


@pytest.fixture(scope="module")
def jobs_portal(portal_factory, request):
    """An instance of its own, so that its two workers take no other test's jobs."""
    return portal_factory("hqjobs", owner=request)


@pytest.fixture(scope="module")
def quiet_portal(portal_factory, request):
    """An instance with no worker yet: what is queued while nobody works is what the test reads."""
    return portal_factory("hqworkers", owner=request)


def _start_second_worker(portal: Portal) -> Any:
    log_path = portal.log.with_name(f"{portal.name}-jobs-2.log")
    log = open(log_path, "w")  # noqa: SIM115 (the process owns it)
    second = subprocess.Popen(
        [CKAN, "-c", str(portal.ini), "jobs", "worker"],
        stdout=log,
        stderr=subprocess.STDOUT,
        cwd=ROOT,
        env=_clean_env(),
    )
    portal.processes["jobs-2"] = second
    return log_path


def _workers_on_queue(portal: Portal) -> int:
    """RQ workers registered on the instance's job queue (its name carries the site id)."""
    import redis
    import rq

    site_id = next(
        line.split("=", 1)[1].strip() for line in portal.ini.read_text().splitlines() if line.startswith("ckan.site_id")
    )
    connection = redis.Redis.from_url(os.environ.get("CKAN_REDIS_URL", "redis://127.0.0.1:6379/1"))
    return len(rq.Worker.all(queue=rq.Queue(f"ckan:{site_id}:default", connection=connection)))


def _queued_jobs(portal: Portal) -> list[str]:
    listed = portal.ckan("jobs", "list")
    return [line for line in (listed.stdout + listed.stderr).splitlines() if "huequality: check and score" in line]


def test_two_workers_check_and_score_each_burst_of_saves_once(quiet_portal):
    portal = quiet_portal
    owner = portal.create_user()
    agency = portal.create_agency()
    portal.add_member(agency["name"], owner["name"], "editor")
    rows = "id,name\n" + "".join(f"{i},n{i}\n" for i in range(50)) + "1,n1\n"
    datasets = [_dataset(portal, owner["token"], agency["id"], rows) for _ in range(3)]
    api = portal.api(owner["token"])
    for n in range(4):  # a burst of saves of each dataset: form, file, then four edits
        for pkg in datasets:
            api.action.package_patch(id=pkg["id"], notes=f"Mô tả, lần sửa {n}")
    queued = _queued_jobs(portal)
    assert sorted(next(p["id"] for p in datasets if p["id"] in line) for line in queued) == sorted(
        p["id"] for p in datasets
    )  # one job per dataset, whatever the number of saves
    portal.start_workers("jobs")
    logs = [portal.log.with_name(f"{portal.name}-jobs.log"), _start_second_worker(portal)]
    portal.wait_until(
        lambda: all(_history(portal, pkg["id"]) for pkg in datasets), timeout=240, message="a score of each dataset"
    )
    # both processes are up and serve the same queue (the loop raises if one never registers)
    portal.wait_until(lambda: _workers_on_queue(portal) == 2, timeout=120, message="two workers on the queue")
    portal.wait_until(lambda: not _queued_jobs(portal), timeout=120, message="an empty queue")
    for pkg in datasets:
        quality = portal.api().action.huequality_dataset_quality(id=pkg["id"])
        assert len(quality["history"]) == 1, quality["history"]  # scored once
        assert quality["scores"]["uniqueness"] == 98.0  # 1 duplicate row in 51: from the file
        status = portal.api().action.huequality_deadline_status(id=pkg["id"])
        assert [u["kind"] for u in status["updates"]] == ["resource_added"]  # fingerprinted once
    text = {path.name: path.read_text(errors="replace") for path in logs}
    for name, log in text.items():
        for word in ("SolrError", "solr", "Traceback", "ERROR"):
            assert word not in log, f"{name} logged {word!r}:\n{log[-3000:]}"
    print(f"two workers: {len(datasets)} datasets x 6 saves -> {len(queued)} jobs, 1 score each")


def test_search_results_show_the_badge_from_the_index(jobs_portal):
    jobs_portal.start_workers("jobs")
    owner = jobs_portal.create_user()
    agency = jobs_portal.create_agency()
    jobs_portal.add_member(agency["name"], owner["name"], "editor")
    pkg = _dataset(jobs_portal, owner["token"], agency["id"], "id\n1\n2\n")
    jobs_portal.wait_until(lambda: _history(jobs_portal, pkg["id"]), timeout=180, message="a score")
    badge = jobs_portal.api().action.huequality_dataset_quality(id=pkg["id"])["badge"]
    found = jobs_portal.api().action.package_search(fq=f"name:{pkg['name']}")["results"]
    assert found[0]["quality_badge"] == badge
    page = jobs_portal.get("/dataset/", params={"q": pkg["name"]}).text
    assert f'data-quality-badge="{badge}"' in page


def test_the_no_change_form_carries_the_csrf_token_and_works(shipped_portal):
    editor = shipped_portal.create_user()
    agency = shipped_portal.create_agency()
    shipped_portal.add_member(agency["name"], editor["name"], "editor")
    pkg = shipped_portal.api(editor["token"]).action.package_create(
        name=f"hq-{secrets.token_hex(4)}",
        title="Dữ liệu xác nhận",
        owner_org=agency["id"],
        notes="x",
        license_id="cc-by",
        update_frequency="quarterly",
        sector="education",
        spatial_coverage=["city"],
        contact_email="a@hue.gov.vn",
    )
    browser = shipped_portal.login(editor)
    page = browser.get(f"{shipped_portal.url}/dataset/{pkg['name']}", timeout=60).text
    form = page[page.index('action="/deadlines/dataset/') :]
    form = form[: form.index("</form>")]
    assert 'name="_csrf_token"' in form
    response = browser.post(
        f"{shipped_portal.url}/deadlines/dataset/{pkg['name']}/confirm",
        timeout=60,
        data={"note": "Không có số liệu mới", "_csrf_token": csrf_token(form)},
        allow_redirects=False,
    )
    assert response.status_code == 302
    status = shipped_portal.api().action.huequality_deadline_status(id=pkg["id"])
    assert [(u["kind"], u["note"]) for u in status["updates"]] == [("no_change", "Không có số liệu mới")]
    # another site's page cannot post it on the editor's behalf (no token, foreign origin)
    forged = browser.post(
        f"{shipped_portal.url}/deadlines/dataset/{pkg['name']}/confirm",
        timeout=60,
        data={"note": "forged"},
        headers={"Origin": "https://evil.example"},
        allow_redirects=False,
    )
    assert forged.status_code >= 400
    status = shipped_portal.api().action.huequality_deadline_status(id=pkg["id"])
    assert [u["note"] for u in status["updates"]] == ["Không có số liệu mới"]


def test_the_history_purge_is_for_sysadmins_only(shipped_portal):
    owner = shipped_portal.create_user()
    agency = shipped_portal.create_agency()
    shipped_portal.add_member(agency["name"], owner["name"], "admin")
    pkg = _dataset(shipped_portal, owner["token"], agency["id"], "id\n1\n")
    shipped_portal.api(owner["token"]).action.huequality_dataset_quality_recompute(id=pkg["id"])
    for token in (None, owner["token"]):
        refused = shipped_portal.action("huequality_dataset_history_purge", token, id=pkg["id"])
        assert refused.status_code == 403
    assert len(_history(shipped_portal, pkg["id"])) == 1
    done = shipped_portal.action("huequality_dataset_history_purge", shipped_portal.sysadmin_token, id=pkg["id"])
    assert done.status_code == 200, done.text
    result = done.json()["result"]
    assert result["quality_scores"]["count"] == 1 and len(result["quality_scores"]["content_hashes"][0]) == 64
    assert _history(shipped_portal, pkg["id"]) == []


def test_a_foreign_request_cannot_reach_the_purge_by_get(shipped_portal):
    response = requests.get(
        f"{shipped_portal.url}/api/3/action/huequality_dataset_history_purge", params={"id": "x"}, timeout=60
    )
    assert response.status_code in (400, 403, 405)


def test_dataset_page_under_scheming_shows_badge_scores_and_vietnamese_evidence(shipped_portal):
    """The shipped portal renders datasets with ckanext-scheming's read.html, which drops the
    package_additional_info block: the quality section must still be there, in Vietnamese."""
    owner = shipped_portal.create_user()
    agency = shipped_portal.create_agency()
    shipped_portal.add_member(agency["name"], owner["name"], "admin")
    pkg = _dataset(shipped_portal, owner["token"], agency["id"], "id,ten\n1,Phú Hội\n2,Vỹ Dạ\n")
    api = shipped_portal.api(owner["token"])
    api.action.resource_create(
        package_id=pkg["id"], name="mat-tich.csv", format="CSV", url="http://khong-co-may-chu.invalid/mat-tich.csv"
    )
    quality = api.action.huequality_dataset_quality_recompute(id=pkg["id"])

    page = shipped_portal.get(f"/dataset/{pkg['name']}").text

    assert page.count('id="data-quality"') == 1, "quality section missing (or twice) under scheming"
    section = page[page.index('id="data-quality"') :]
    section = section[: section.index("</section>")]
    assert f'data-quality-badge="{quality["badge"]}"' in section
    assert section.count('class="huequality-dimension"') == 5
    assert "Tính chính xác" in section and "Tính đầy đủ" in section
    unreadable = [
        m
        for m in quality["evidence"]["accuracy"]["messages"] + quality["evidence"]["completeness"]["messages"]
        if m.get("resource") == "mat-tich.csv"
    ]
    assert unreadable and all(m["message_vi"] in section for m in unreadable)
    for english in ("not downloaded", "download failed", "Data quality", "Evidence", "Score"):
        assert english not in section
    assert "_huequality.css" in page  # the one badge style


def test_deadline_and_index_pages_have_a_main_landmark_and_charts_with_tables(shipped_portal):
    deadlines = shipped_portal.get("/deadlines/").text
    assert "<main" in deadlines and deadlines.count("<h1") == 1
    assert 'class="huequality-chart"' in deadlines and "huequality-chart-table" in deadlines
    assert 'role="img"' in deadlines and "<caption>" in deadlines
    index = shipped_portal.get("/chat-luong-du-lieu").text
    assert 'role="main"' in index or "<main" in index


def test_the_index_is_published_as_a_complete_open_dataset_of_the_department(shipped_portal):
    admin = shipped_portal.admin()
    try:
        department = admin.action.organization_show(id="so-khoa-hoc-cong-nghe")
    except Exception:  # noqa: BLE001 (ckanapi's NotFound)
        department = shipped_portal.create_agency("so-khoa-hoc-cong-nghe", title="Sở Khoa học và Công nghệ")
    done = shipped_portal.action("huequality_index_compute", shipped_portal.sysadmin_token, period="2026-Q4")
    assert done.status_code == 200, done.text

    published = shipped_portal.api().action.package_show(id="chi-so-chat-luong-du-lieu")

    assert published["owner_org"] == department["id"] and published["private"] is False
    for field in ("title", "notes", "license_id", "sector", "update_frequency", "spatial_coverage", "contact_email"):
        assert published.get(field), field
    assert published["tags"] and published["resources"][0]["format"] == "CSV"
    found = shipped_portal.api().action.package_search(fq="name:chi-so-chat-luong-du-lieu")
    assert found["count"] == 1  # citizens find it in the catalogue
    header = shipped_portal.get("/chat-luong-du-lieu/chi-so.csv").content.decode("utf-8").splitlines()[0]
    assert header.startswith("Kỳ (quý),Phạm vi,Mã cơ quan,Cơ quan,Điểm chất lượng")


def test_completeness_reads_the_tags_package_show_returns_and_names_missing_fields_as_the_form_does(shipped_portal):
    """The form's field is ``tag_string`` but a saved dataset carries ``tags``: a dataset with
    keywords must not lose completeness for them, and one without sees the form's label."""
    owner = shipped_portal.create_user()
    agency = shipped_portal.create_agency()
    shipped_portal.add_member(agency["name"], owner["name"], "admin")
    api = shipped_portal.api(owner["token"])
    tagged = _dataset(shipped_portal, owner["token"], agency["id"], "id,ten\n1,Phú Hội\n")
    untagged = _dataset(shipped_portal, owner["token"], agency["id"], "id,ten\n1,Vỹ Dạ\n")
    api.action.package_patch(id=untagged["id"], tags=[])

    with_tags = api.action.huequality_dataset_quality_recompute(id=tagged["id"])
    without_tags = api.action.huequality_dataset_quality_recompute(id=untagged["id"])

    assert with_tags["evidence"]["completeness"]["counted"]["metadata_missing"] == []
    assert with_tags["scores"]["completeness"] == 100.0
    assert without_tags["evidence"]["completeness"]["counted"]["metadata_missing"] == ["tag_string"]
    page = shipped_portal.get(f"/dataset/{untagged['name']}").text
    section = page[page.index('id="data-quality"') :]
    section = section[: section.index("</section>")]
    assert "Từ khóa" in section and "tag_string" not in section
    # the scoring time in the Vietnamese order (day, month, year), not core's English pattern
    assert re.search(r"\d{1,2} tháng \d{1,2}, \d{4}, \d\d:\d\d", section), section
