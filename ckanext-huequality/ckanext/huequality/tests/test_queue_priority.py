"""A clerk's upload is scored before bulk work queued earlier (the demo seed, a harvest): through
the portal as it ships, with one `ckan jobs worker` serving the one default queue."""

from __future__ import annotations

import io
import secrets

import pytest

from tests.shipped_portal import Portal

pytestmark = pytest.mark.timeout(900)

BACKLOG = 40  # bulk jobs of 10 s each: far longer than the clerk's job takes once it runs


def _setting(portal: Portal, key: str) -> str:
    return next(
        line.split("=", 1)[1].strip() for line in portal.ini.read_text().splitlines() if line.startswith(f"{key} =")
    )


@pytest.fixture(scope="module")
def backlog_portal(portal_factory, request):
    """An instance with no worker yet and its own queue."""
    return portal_factory("hqpriority", owner=request)


def test_an_upload_through_the_portal_is_scored_ahead_of_a_bulk_backlog(backlog_portal):
    import redis
    import rq

    portal = backlog_portal
    connection = redis.Redis.from_url(_setting(portal, "ckan.redis.url"))
    queue = rq.Queue(f"ckan:{_setting(portal, 'ckan.site_id')}:default", connection=connection)
    for _ in range(BACKLOG):  # what a seed or a harvest leaves queued outside any web request
        queue.enqueue_call(func="time.sleep", args=(10,), timeout=60)

    owner = portal.create_user()
    agency = portal.create_agency()
    portal.add_member(agency["name"], owner["name"], "editor")
    api = portal.api(owner["token"])
    name = f"hq-{secrets.token_hex(4)}"
    pkg = api.action.package_create(
        name=name, title=f"Dữ liệu {name}", owner_org=agency["id"], notes="Mô tả", license_id="cc-by",
        update_frequency="quarterly", sector="education", spatial_coverage=["city"],
        contact_email="a@hue.gov.vn", tag_string="giao-duc",
    )  # fmt: skip
    rows = "id,name\n" + "".join(f"{i},n{i}\n" for i in range(50))
    api.action.resource_create(
        package_id=pkg["id"], name="data.csv", format="CSV", upload=("data.csv", io.BytesIO(rows.encode()))
    )
    first = queue.jobs[0]
    assert pkg["id"] in (first.meta.get("title") or ""), [j.meta.get("title") for j in queue.jobs[:3]]

    portal.start_workers("jobs")
    quality = portal.wait_until(
        lambda: portal.api().action.huequality_dataset_quality(id=pkg["id"]).get("history") and queue.count,
        timeout=300,
        message="the upload's score while the backlog still waits",
    )
    assert quality
    assert portal.api().action.huequality_dataset_quality(id=pkg["id"])["composite"] is not None
    queue.empty()  # the backlog is not this test's subject any more
