"""Files and helpers of the DataStore tests: the shipped portal with its job worker."""
from __future__ import annotations

import io
import json
import secrets
import unicodedata
from typing import Any

import pytest

from tests.shipped_portal import Portal

TONES = {"\u0300", "\u0301", "\u0303", "\u0309", "\u0323"}


def cp1258(text: str) -> bytes:
    """``text`` as Windows-1258 writes it: base letters with their vowel marks precomposed
    where the code page has them (ư, ơ, â, ê, ô, ă, đ), tone marks as combining characters."""
    out = bytearray()
    for char in text:
        try:
            out += char.encode("cp1258")
            continue
        except UnicodeEncodeError:
            pass
        decomposed = unicodedata.normalize("NFD", char)
        base = unicodedata.normalize("NFC", decomposed[0] + "".join(m for m in decomposed[1:] if m not in TONES))
        out += (base + "".join(m for m in decomposed[1:] if m in TONES)).encode("cp1258")
    return bytes(out)


def upload(name: str, body: bytes) -> io.BytesIO:
    handle = io.BytesIO(body)
    handle.name = name
    return handle


@pytest.fixture(scope="session")
def ds_portal(shipped_portal: Portal) -> Portal:
    return shipped_portal


@pytest.fixture(scope="session")
def ds_publisher(ds_portal: Portal) -> dict[str, Any]:
    return make_publisher(ds_portal)


def make_publisher(ds_portal: Portal) -> dict[str, Any]:
    """An agency, its editor and one public dataset the tests add resources to."""
    suffix = secrets.token_hex(3)
    agency = ds_portal.create_agency(f"so-ds-{suffix}", title=f"Sở Tài nguyên {suffix}")
    editor = ds_portal.create_user(f"ds-editor-{suffix}")
    ds_portal.add_member(agency["name"], editor["name"], "editor")
    dataset = ds_portal.api(editor["token"]).action.package_create(
        name=f"ds-{suffix}", title="Dân số các phường", owner_org=agency["id"], private=False,
        notes="Dân số theo phường của thành phố Huế", sector="society", update_frequency="quarterly",
        data_kind="sector_data", access_level="open", license_id="cc-by", contact_name="Phòng dữ liệu",
        contact_email="dulieu@hue.gov.vn")
    return {"agency": agency, "editor": editor, "dataset": dataset}


def load_status(portal: Portal, resource_id: str) -> dict[str, Any] | None:
    answer = portal.action("task_status_show", portal.sysadmin_token, entity_id=resource_id,
                           task_type="huedata_datastore", key="load").json()
    return answer["result"] if answer.get("success") else None


def wait_loaded(portal: Portal, resource_id: str, state: str = "complete", after: str = "") -> dict[str, Any]:
    """Waits for the worker to finish the resource's load in ``state``; returns the task status."""
    def done() -> dict[str, Any] | None:
        status = load_status(portal, resource_id)
        if status and status["state"] in ("complete", "error") and status["last_updated"] > after:
            return status
        return None
    status = portal.wait_until(done, timeout=120, message=f"load of {resource_id}")
    assert status["state"] == state, (status, portal.log_text()[-3000:])
    return status


def fields_of(portal: Portal, resource_id: str) -> dict[str, str]:
    result = portal.api().action.datastore_search(resource_id=resource_id, limit=0)
    return {f["id"]: f["type"] for f in result["fields"] if f["id"] != "_id"}


def search(portal: Portal, resource_id: str, **params: Any) -> dict[str, Any]:
    for key in ("filters",):
        if isinstance(params.get(key), dict):
            params[key] = json.dumps(params[key], ensure_ascii=False)
    return portal.api().action.datastore_search(resource_id=resource_id, **params)
