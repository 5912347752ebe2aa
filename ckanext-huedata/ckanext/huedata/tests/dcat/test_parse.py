"""The Huế DCAT profile parses what it exports: every contract field comes back (issue 12)."""
from __future__ import annotations

import secrets

import pytest
from ckan.tests.helpers import call_action
from ckanext.dcat.processors import RDFParser

from ckanext.huedata import vocabularies as vocab
from ckanext.huedata.tests.dcat.marks import dcat_portal

PROFILES = ["hue_dcat_ap", "hue_quality_dqv"]



def contract_dataset(owner_org: str, name: str) -> dict:
    """A dataset with every field of the Huế schema set to a value other than its default."""
    wards = vocab.wards()
    return dict(
        name=name, title="Trạm y tế phường", notes="Danh sách trạm y tế\nvà giờ làm việc",
        owner_org=owner_org, sector="tourism", data_kind="iot_sensor", update_frequency="semiannual",
        spatial_coverage=[wards[3].code, wards[7].code], temporal_start="2025-01-01",
        temporal_end="2025-12-31", legal_basis="Quyết định 06/2021/QĐ-UBND", access_level="on_request",
        shared_catalogue=True, contact_name="Phòng Nghiệp vụ", contact_email="nv@hue.gov.vn",
        contact_phone="0234 3822 000", license_id="cc-by", tags=[{"name": "y tế"}, {"name": "trạm"}],
        resources=[
            {"url": "http://example.com/a.csv", "format": "CSV", "name": "Danh sách 2025",
             "description": "Bảng", "data_dictionary": '{"fields": [{"name": "ma", "type": "string"}]}'},
            {"url": "http://example.com/b.json", "format": "JSON", "name": "API"},
        ])


CONTRACT = ("title", "notes", "sector", "data_kind", "update_frequency", "spatial_coverage",
            "temporal_start", "temporal_end", "legal_basis", "access_level", "shared_catalogue",
            "contact_name", "contact_email", "license_id")


def assert_round_trip(parsed: dict, original: dict, agency_code: str) -> None:
    for field in CONTRACT:
        assert parsed.get(field) == original[field], field
    assert "".join(ch for ch in parsed["contact_phone"] if ch.isdigit()) == "02343822000"
    assert sorted(t["name"] for t in parsed["tags"]) == sorted(t["name"] for t in original["tags"])
    extras = {e["key"]: e["value"] for e in parsed["extras"]}
    assert extras["publisher_identifier"] == agency_code
    assert not {"theme", "frequency", "access_rights", "spatial_uri"} & set(extras)
    resources = sorted(parsed["resources"], key=lambda r: r["url"])
    for got, sent in zip(resources, original["resources"], strict=True):
        assert (got["url"], got["format"], got["name"]) == (sent["url"], sent["format"], sent["name"])
        assert got.get("data_dictionary") == sent.get("data_dictionary")


def parse(text: str, fmt: str = "turtle") -> list[dict]:
    parser = RDFParser(profiles=PROFILES)
    parser.parse(text, _format=fmt)
    return list(parser.datasets())


@dcat_portal(" ".join(PROFILES), clean_db=False)
@pytest.mark.usefixtures("clean_db")
@pytest.mark.parametrize("fmt, path", [("turtle", "/catalog.ttl"), ("json-ld", "/catalog.jsonld"),
                                       ("xml", "/catalog.xml")])
def test_every_contract_field_survives_export_and_parse(app, fmt, path):
    site_user = {"user": call_action("get_site_user")["name"], "ignore_auth": True}
    org = call_action("organization_create", context=dict(site_user), name="so-du-lich",
                      title="Sở Du lịch", agency_code="H57.30", agency_level="department",
                      contact_email="sdl@hue.gov.vn")
    sent = contract_dataset(org["id"], "tram-y-te")
    call_action("package_create", context=dict(site_user), **sent)

    response = app.get(path)
    assert response.status_code == 200
    (parsed,) = parse(response.body, fmt)
    assert_round_trip(parsed, sent, "H57.30")


@dcat_portal(" ".join(PROFILES), clean_db=False)
@pytest.mark.usefixtures("clean_db")
def test_an_unknown_eu_theme_and_no_huedata_extension_parse_without_contract_fields():
    ttl = """
    @prefix dcat: <http://www.w3.org/ns/dcat#> . @prefix dct: <http://purl.org/dc/terms/> .
    <http://other.example/ds/1> a dcat:Dataset ; dct:title "Other" ;
      dcat:theme <http://publications.europa.eu/resource/authority/data-theme/JUST> ;
      dcat:theme <http://publications.europa.eu/resource/authority/data-theme/HEAL> ;
      dct:accrualPeriodicity <http://publications.europa.eu/resource/authority/frequency/WEEKLY> ;
      dct:spatial <http://sws.geonames.org/1580240/> .
    """
    (parsed,) = parse(ttl)
    assert parsed["sector"] == "health"
    assert parsed["update_frequency"] == "weekly"
    assert "spatial_coverage" not in parsed and "legal_basis" not in parsed


@dcat_portal(" ".join(PROFILES), clean_db=False)
def test_the_shipped_portal_catalogue_parses_back_into_the_contract(shipped_portal):
    """Over HTTP: /catalog.ttl of the portal started from config/ckan.ini, parsed as shipped."""
    admin = shipped_portal.admin()
    code = f"H57.{secrets.randbelow(900) + 100}"
    agency = shipped_portal.create_agency(agency_code=code, agency_level="department",
                                          contact_email="agency@hue.gov.vn")
    name = f"parse-{secrets.token_hex(4)}"
    sent = contract_dataset(agency["id"], name)
    admin.action.package_create(**sent)

    first_page = shipped_portal.get("/catalog.ttl")
    assert first_page.status_code == 200
    assert parse(first_page.content.decode("utf-8"))  # every dataset of the first page parses

    response = shipped_portal.get(f"/catalog.ttl?q=name:{name}")
    assert response.status_code == 200, response.text[:300]
    (parsed,) = parse(response.content.decode("utf-8"))
    assert_round_trip(parsed, sent, code)
