"""Fixtures of ckanext-huefeedback's tests: plugins, people, a real SMTP server, a frozen clock."""
from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Iterator
from typing import Any

import pytest

import ckan.model as model
import ckan.plugins.toolkit as tk
from ckan.tests import factories

PLUGINS = "huefeedback huequality datastore huesearch"
PASSWORD = "Hue-Feedback-2026!"


@pytest.fixture
def mailbox(portal_mailbox: Any, ckan_config: Any, monkeypatch: pytest.MonkeyPatch) -> Iterator[Any]:
    """The suite's real SMTP server (aiosmtpd), as CKAN's mailer reaches it; emptied first."""
    monkeypatch.setitem(ckan_config, "smtp.server", f"{portal_mailbox.host}:{portal_mailbox.port}")
    monkeypatch.setitem(ckan_config, "smtp.starttls", False)
    with portal_mailbox._lock:
        portal_mailbox.messages.clear()
    yield portal_mailbox


@pytest.fixture(autouse=True)
def _fresh_rate_limits() -> None:
    """Rate-limit windows and demand visitors of the in-process test site start empty each test."""
    from ckan.lib.redis import connect_to_redis

    redis = connect_to_redis()
    site = tk.config.get("ckan.site_id")
    for pattern in (f"huefeedback:rate:{site}:*", f"huefeedback:seen:{site}:*"):
        for key in redis.scan_iter(match=pattern, count=500):
            redis.delete(key)


@pytest.fixture
def frozen_now(monkeypatch: pytest.MonkeyPatch) -> Callable[[dt.datetime], None]:
    """Sets the extension's clock (actions, pages, the form token)."""
    from ckanext.huefeedback.shared import clock

    def freeze(moment: dt.datetime) -> None:
        monkeypatch.setattr(clock, "now", lambda: moment)
    return freeze


@pytest.fixture
def city() -> dict[str, Any]:
    """Two agencies, their staff, a citizen and a sysadmin; a public and a private dataset of agency A."""
    def user(name: str, **extra: Any) -> dict[str, Any]:
        return factories.User(name=name, email=f"{name}@example.org", password=PASSWORD, **extra)

    people = {name: user(name) for name in ("a-admin", "a-editor", "a-member", "b-editor", "citizen")}
    people["sysadmin"] = user("dst-admin", sysadmin=True)
    agency_a = factories.Organization(name="so-tnmt", title="Sở Tài nguyên và Môi trường", users=[
        {"name": "a-admin", "capacity": "admin"}, {"name": "a-editor", "capacity": "editor"},
        {"name": "a-member", "capacity": "member"}])
    agency_b = factories.Organization(name="so-gddt", title="Sở Giáo dục và Đào tạo", users=[
        {"name": "b-editor", "capacity": "editor"}])
    public = factories.Dataset(name="quan-trac-nuoc", title="Quan trắc nước", owner_org=agency_a["id"],
                               extras=[{"key": "sector", "value": "environment"}],
                               resources=[{"url": "http://example.org/nuoc.csv", "name": "nuoc.csv", "format": "CSV"}])
    private = factories.Dataset(name="noi-bo", title="Dữ liệu nội bộ", owner_org=agency_a["id"], private=True)
    school = factories.Dataset(name="truong-hoc", title="Trường học", owner_org=agency_b["id"],
                               extras=[{"key": "sector", "value": "education"}])
    model.Session.remove()
    return {"people": people, "a": agency_a, "b": agency_b, "public": public, "private": private, "school": school}


def call(action: str, user: str | None = None, **data: Any) -> Any:
    """An action as a given user (None: anonymous), with auth checked as for a real caller."""
    context = {"user": user or "", "ignore_auth": False}
    return tk.get_action(action)(context, data)
