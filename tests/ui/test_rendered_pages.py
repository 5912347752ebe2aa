"""The pages as the portal of config/ckan.ini renders them in Vietnamese, over HTTP, for a citizen,
an agency clerk and the administrator: no text a reader sees is an English interface string.

The template check (test_vietnamese_pages.py) reads what templates pass to ``_()``; this one reads
what reaches the reader, so it also finds text a template writes without ``_()`` (core's follow
button), ``_(variable)`` of values no catalogue has (a dataset's state), and pages rendered from
Python helpers that no template names.
"""
from __future__ import annotations

import io
import secrets
from html.parser import HTMLParser
from pathlib import Path
from typing import Any

import pytest
import requests
from babel.messages.pofile import read_po

import ckan
from tests.ui import page_strings

pytestmark = pytest.mark.timeout(600)

# values stored in English that templates show through ``_(value)``: no catalogue lists them
RAW_VALUES = {"active", "draft", "deleted", "pending", "private", "public"}
SKIPPED_ELEMENTS = {"script", "style", "code", "pre", "textarea"}
READ_ATTRIBUTES = ("placeholder", "title", "aria-label", "alt")


class _ReaderText(HTMLParser):
    """The text nodes and the attributes a reader (or a screen reader) meets."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.texts: list[str] = []
        self._skipping = 0

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        if tag in SKIPPED_ELEMENTS:
            self._skipping += 1
        values = dict(attrs)
        for name in READ_ATTRIBUTES:
            if values.get(name):
                self.texts.append(values[name] or "")
        if tag == "input" and values.get("type") in ("submit", "button") and values.get("value"):
            self.texts.append(values["value"] or "")

    def handle_endtag(self, tag: str) -> None:
        if tag in SKIPPED_ELEMENTS and self._skipping:
            self._skipping -= 1

    def handle_data(self, data: str) -> None:
        if not self._skipping:
            self.texts.append(data)


def _english_interface_strings(translated: dict[str, tuple[str, ...]]) -> set[str]:
    """The msgids of every catalogue template the portal's code draws its strings from, and of the
    suite's own catalogues (``translated``: their msgids are English)."""
    site = Path(ckan.__file__).parent.parent
    templates = [Path(ckan.__file__).parent / "i18n" / "ckan.pot", *site.glob("ckanext/*/i18n/*.pot")]
    msgids: set[str] = set()
    for template in templates:
        with template.open("rb") as handle:
            for message in read_po(handle):
                msgid = message.id[0] if isinstance(message.id, (tuple, list)) else message.id
                if msgid:
                    msgids.add(msgid)
    msgids.update(translated)
    return msgids


@pytest.fixture(scope="module")
def english() -> dict[str, str]:
    """English interface string -> what a Vietnamese page should show instead (empty: no translation)."""
    translated = page_strings.vietnamese()
    strings = {msgid: translated.get(msgid, ("",))[0] for msgid in _english_interface_strings(translated)}
    # a msgid translated to itself or an acronym (API, CSV, URL …) is not English on the page
    return {msgid: vi for msgid, vi in strings.items()
            if vi != msgid and any(c.isalpha() for c in msgid) and not msgid.isupper()}


def _english_on(html: str, english: dict[str, str]) -> list[str]:
    reader = _ReaderText()
    reader.feed(html)
    found = []
    for text in reader.texts:
        text = " ".join(text.split()).rstrip(":").strip()
        if text in english or text in RAW_VALUES:
            found.append(text)
    return sorted(set(found))


@pytest.fixture(scope="module")
def catalogue(shipped_portal) -> dict[str, Any]:
    """An agency with a clerk (its admin), a public dataset with a CSV, and a harvest source."""
    clerk = shipped_portal.create_user()
    agency = shipped_portal.create_agency()
    shipped_portal.add_member(agency["name"], clerk["name"], "admin")
    api = shipped_portal.api(clerk["token"])
    name = f"diem-ve-sinh-{secrets.token_hex(3)}"
    dataset = api.action.package_create(
        name=name, title="Điểm vệ sinh công cộng", owner_org=agency["id"], notes="Nhà vệ sinh công cộng.",
        license_id="cc-by", update_frequency="quarterly", sector="environment", spatial_coverage=["city"],
        contact_email="vesinh@hue.gov.vn", tag_string="ve-sinh", private=False)
    resource = api.action.resource_create(
        package_id=dataset["id"], name="diem-ve-sinh.csv", format="CSV",
        upload=("diem-ve-sinh.csv", io.BytesIO("id,ten\n1,Chợ Đông Ba\n".encode())))
    # the DataStore load (a background job) creates the table view: read the pages once it has
    shipped_portal.wait_until(lambda: api.action.resource_view_list(id=resource["id"]), timeout=120,
                              message="the resource's views")
    source = shipped_portal.admin().action.harvest_source_create(
        name=f"nguon-{secrets.token_hex(3)}", title="Nguồn thử", url="http://127.0.0.1:9/", source_type="ckan",
        owner_org=agency["id"], config="{}")
    return {"clerk": clerk, "agency": agency, "dataset": dataset, "resource": resource, "source": source}


def _pages(catalogue: dict[str, Any]) -> dict[str, list[str]]:
    agency, dataset = catalogue["agency"]["name"], catalogue["dataset"]["name"]
    resource, source = catalogue["resource"]["id"], catalogue["source"]["name"]
    clerk = catalogue["clerk"]["name"]
    read = ["/", "/dataset/", "/dataset/?q=ve+sinh", f"/dataset/{dataset}", f"/dataset/{dataset}/resource/{resource}",
            f"/dataset/activity/{dataset}", "/organization/", f"/organization/{agency}", "/chat-luong-du-lieu",
            "/about", "/api-guide", "/khong-co-trang-nay", f"/dataset/{dataset}/bao-loi", "/yeu-cau-du-lieu/",
            "/nhu-cau-du-lieu", "/bao-cao-nam/"]
    return {
        "citizen": [*read, "/user/login", "/user/register", "/user/reset", "/harvest/",
                    f"/dataset/{dataset}/bao-loi/moi", "/yeu-cau-du-lieu/moi"],
        "clerk": [*read, "/dataset/new", f"/dataset/edit/{dataset}", f"/dataset/{dataset}/resource/new",
                  f"/dataset/{dataset}/resource/{resource}/edit", f"/dataset/resources/{dataset}",
                  f"/user/{clerk}", f"/user/edit/{clerk}", f"/user/{clerk}/api-tokens", "/dashboard/datasets",
                  "/dashboard/phan-hoi", "/deadlines/", f"/deadlines/agency/{agency}",
                  f"/organization/members/{agency}", f"/organization/edit/{agency}",
                  f"/organization/{agency}/phan-hoi", f"/organization/{agency}/nhu-cau"],
        "administrator": ["/ckan-admin/", "/ckan-admin/config", "/ckan-admin/trash", "/ckan-admin/sso-pending",
                          "/ckan-admin/nhat-ky-huy", "/harvest/new", f"/harvest/{source}", f"/harvest/edit/{source}",
                          f"/harvest/admin/{source}", "/deadlines/", "/user/"],
    }


@pytest.mark.parametrize("who", ["citizen", "clerk", "administrator"])
def test_no_english_interface_string_reaches_a_vietnamese_reader(shipped_portal, catalogue, english, who):
    if who == "citizen":
        session = requests.Session()
    elif who == "clerk":
        session = shipped_portal.login(catalogue["clerk"])
    else:
        session = shipped_portal.login(shipped_portal.create_user(sysadmin=True))
    found: dict[str, list[str]] = {}
    for path in _pages(catalogue)[who]:
        response = session.get(shipped_portal.url + path, timeout=60)
        assert response.status_code in (200, 403, 404), (path, response.status_code)  # error pages too
        english_here = _english_on(response.text, english)
        if english_here:
            found[path] = english_here
    assert not found, f"English on the Vietnamese pages of a {who}: {found}"
