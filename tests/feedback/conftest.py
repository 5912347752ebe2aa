"""Fixtures of the feedback tests that run the shipped portal (config/ckan.ini) over HTTP."""
from __future__ import annotations

import io
import os
import secrets
import time
from typing import Any

import pytest

from tests.shipped_portal import Portal


@pytest.fixture(scope="session")
def feedback_portal(shipped_portal: Portal) -> Portal:
    """The shipped portal with its anonymous rate-limit windows emptied (they outlive a test run
    in Redis, and every test of a run submits from 127.0.0.1)."""
    from redis import Redis

    redis = Redis.from_url(os.environ.get("CKAN_REDIS_URL", "redis://127.0.0.1:6379/1"))
    site_id = shipped_portal.ini.stem   # the generated ini is named after the instance's site id
    for key in redis.scan_iter(match=f"huefeedback:rate:{site_id}:*", count=500):
        redis.delete(key)
    return shipped_portal


def huế_dataset(portal: Portal, token: str, agency: dict[str, Any], title: str, **extra: Any) -> dict[str, Any]:
    """A dataset filled as the Huế schema asks, with a CSV uploaded through the API."""
    name = f"fb-{secrets.token_hex(4)}"
    dataset = portal.api(token).action.package_create(
        name=name, title=title, owner_org=agency["id"], private=False, notes=f"{title} của thành phố Huế",
        sector="environment", update_frequency="quarterly", data_kind="sector_data", access_level="open",
        license_id="cc-by", contact_name="Phòng dữ liệu", contact_email="dulieu@hue.gov.vn", **extra)
    upload = io.BytesIO("tram,ph\nKim Long,7.1\nVy Da,6.9\n".encode())
    upload.name = "so-lieu.csv"
    portal.api(token).action.resource_create(package_id=dataset["id"], name="so-lieu.csv", format="CSV", upload=upload)
    return portal.api(token).action.package_show(id=dataset["id"])


def anonymous_token(portal: Portal) -> str:
    """A form token, old enough to be accepted (the form's minimum filling time)."""
    answer = portal.api().action.huefeedback_form_token()
    time.sleep(answer["min_seconds"] + 0.5)
    return answer["form_token"]


@pytest.fixture
def agency_with_staff(feedback_portal: Portal) -> dict[str, Any]:
    """A new agency with an admin and an editor, another agency's editor, a citizen, a sysadmin."""
    portal = feedback_portal
    suffix = secrets.token_hex(3)
    agency = portal.create_agency(f"so-fb-{suffix}", title=f"Sở thử nghiệm phản hồi {suffix}")
    other = portal.create_agency(f"so-khac-{suffix}", title=f"Sở khác {suffix}")
    people = {role: portal.create_user(f"{role}-{suffix}") for role in ("admin", "editor", "other", "citizen", "dst")}
    portal.add_member(agency["name"], people["admin"]["name"], "admin")
    portal.add_member(agency["name"], people["editor"]["name"], "editor")
    portal.add_member(other["name"], people["other"]["name"], "editor")
    portal.admin().action.user_patch(id=people["dst"]["id"], sysadmin=True)
    return {"agency": agency, "other": other, "people": people}
