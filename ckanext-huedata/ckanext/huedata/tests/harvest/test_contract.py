"""CKAN and DCAT sources harvested onto the Huế data contract."""
from __future__ import annotations

import json
import threading
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from urllib.parse import parse_qs, urlparse

import pytest
from ckan.tests import factories

from ckanext.huedata.harvesters.contract import map_package

from .conftest import extra, run_job, source_datasets, sysadmin_context

REMOTE_DATASETS = [{
    "id": f"0000000{i}-0000-0000-0000-000000000000", "name": f"quoc-gia-{i}",
    "title": f"Dữ liệu quốc gia {i}", "notes": "Từ cổng dữ liệu quốc gia",
    "maintainer": "Cục Thống kê", "maintainer_email": "tk@gso.gov.vn",
    "license_id": "cc-by", "metadata_modified": "2026-10-01T00:00:00",
    "tags": [{"name": "thong-ke"}], "resources": [
        {"id": f"1000000{i}-0000-0000-0000-000000000000", "url": "http://x/data.csv",
         "format": "CSV", "name": "CSV"}],
    "extras": [{"key": "frequency", "value": "http://publications.europa.eu/resource/"
                "authority/frequency/QUARTERLY"},
               {"key": "theme", "value": "HEAL"}],
} for i in range(1, 4)]

DCAT_TTL = """
@prefix dcat: <http://www.w3.org/ns/dcat#> .
@prefix dct: <http://purl.org/dc/terms/> .
@prefix vcard: <http://www.w3.org/2006/vcard/ns#> .
<http://dcat.example/catalog> a dcat:Catalog ; dcat:dataset <http://dcat.example/ds/1> .
<http://dcat.example/ds/1> a dcat:Dataset ;
  dct:identifier "ds-1" ;
  dct:title "Danh mục điểm du lịch" ;
  dct:description "Từ danh mục DCAT" ;
  dct:accrualPeriodicity <http://publications.europa.eu/resource/authority/frequency/ANNUAL> ;
  dcat:theme <http://publications.europa.eu/resource/authority/data-theme/EDUC> ;
  dcat:keyword "du-lich" ;
  dcat:contactPoint [ a vcard:Organization ; vcard:fn "Sở Du lịch" ;
                      vcard:hasEmail <mailto:sdl@hue.gov.vn> ] ;
  dcat:distribution [ a dcat:Distribution ; dct:title "CSV" ;
                      dcat:accessURL <http://dcat.example/files/1.csv> ; dct:format "CSV" ] .
"""


class _Remote(BaseHTTPRequestHandler):
    authorizations: list[str | None] = []  # the Authorization header of every request

    def log_message(self, *args):
        return

    def do_HEAD(self):  # noqa: N802 - ckanext-dcat asks with HEAD first
        _Remote.authorizations.append(self.headers.get("Authorization"))
        self.send_response(405)
        self.end_headers()

    def do_GET(self):  # noqa: N802
        _Remote.authorizations.append(self.headers.get("Authorization"))
        url = urlparse(self.path)
        if url.path == "/catalog.ttl":
            body, kind = DCAT_TTL.encode(), "text/turtle"
        elif url.path.endswith("package_search"):
            start = int(parse_qs(url.query).get("start", ["0"])[0])
            page = REMOTE_DATASETS[start:start + 100]
            body = json.dumps({"success": True, "result": {"count": len(REMOTE_DATASETS),
                                                           "results": page}}).encode()
            kind = "application/json"
        else:
            self.send_response(404)
            self.end_headers()
            return
        self.send_response(200)
        self.send_header("Content-Type", kind)
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        self.wfile.write(body)


@pytest.fixture
def remote():
    server = ThreadingHTTPServer(("127.0.0.1", 0), _Remote)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    yield f"http://127.0.0.1:{server.server_address[1]}"
    server.shutdown()
    server.server_close()


def _source(url, source_type, config):
    from ckan.plugins import toolkit
    org = factories.Organization()
    return toolkit.get_action("harvest_source_create")(sysadmin_context(), {
        "url": url, "name": f"src-{source_type}".replace("_", "-"), "title": source_type,
        "source_type": source_type, "config": json.dumps(config), "owner_org": org["id"],
        "frequency": "MANUAL"})


def test_extras_and_core_fields_become_contract_fields_with_huế_vocabulary():
    mapped = map_package(REMOTE_DATASETS[0] | {"extras": REMOTE_DATASETS[0]["extras"]},
                         {"data_kind": "shared_data"}, contract_top_level=True)
    assert mapped["update_frequency"] == "quarterly"
    assert mapped["sector"] == "health"
    assert mapped["contact_name"] == "Cục Thống kê"
    assert mapped["contact_email"] == "tk@gso.gov.vn"
    assert mapped["data_kind"] == "shared_data"
    assert mapped["extras"] == []


def test_theme_without_a_huế_counterpart_is_left_unmapped():
    mapped = map_package({"extras": [{"key": "theme", "value": "JUST"}]}, {}, True)
    assert "sector" not in mapped


@pytest.mark.usefixtures("with_plugins", "clean_db", "clean_queues")
# lgsp_harvester declares the harvest options (the safety guard's share) ckan_hue reads too
@pytest.mark.ckan_config("ckan.plugins", "harvest huedata_ckan_harvester lgsp_harvester huesearch")
@pytest.mark.ckan_config("ckanext.huedata.outbound.allowed_hosts", "127.0.0.1")
def test_remote_ckan_datasets_are_copied_with_contract_fields(remote):
    source = _source(remote, "ckan_hue", {"default_fields": {"data_kind": "shared_data",
                                                             "spatial_coverage": ["city"]}})

    job = run_job(source["id"])

    assert job["stats"]["added"] == 3 and job["stats"]["errored"] == 0
    datasets = {d["title"]: d for d in source_datasets(source["id"])}
    first = datasets["Dữ liệu quốc gia 1"]
    assert extra(first, "update_frequency") == "quarterly"
    assert extra(first, "sector") == "health"
    assert extra(first, "data_kind") == "shared_data"
    assert extra(first, "contact_email") == "tk@gso.gov.vn"
    assert run_job(source["id"])["stats"]["added"] == 0


@pytest.mark.usefixtures("with_plugins", "clean_db", "clean_queues")
@pytest.mark.ckan_config("ckan.plugins",
                         "harvest dcat_rdf_harvester huedata_harvest huesearch")
def test_dcat_catalogue_is_harvested_with_contract_fields(remote):
    source = _source(f"{remote}/catalog.ttl", "dcat_rdf",
                     {"rdf_format": "text/turtle", "default_fields": {"access_level": "open"}})

    job = run_job(source["id"])

    assert job["stats"]["added"] == 1, job
    [dataset] = source_datasets(source["id"])
    assert dataset["title"] == "Danh mục điểm du lịch"
    assert extra(dataset, "update_frequency") == "annual"
    assert extra(dataset, "sector") == "education"
    assert extra(dataset, "contact_email") == "sdl@hue.gov.vn"
    assert extra(dataset, "access_level") == "open"


def test_dcat_scheming_shape_with_top_level_lists_is_mapped_too():
    mapped = map_package({
        "title": "T", "frequency": "http://publications.europa.eu/resource/authority/"
        "frequency/WEEKLY", "theme": ["http://publications.europa.eu/resource/authority/"
                                      "data-theme/ENVI"],
        "contact": [{"name": "Sở TN", "email": "tn@hue.gov.vn"}],
        "temporal_coverage": [{"start": "2025-01-01", "end": "2025-12-31"}],
    }, {}, contract_top_level=True)
    assert mapped["update_frequency"] == "weekly" and mapped["sector"] == "environment"
    assert mapped["contact_email"] == "tn@hue.gov.vn"
    assert (mapped["temporal_start"], mapped["temporal_end"]) == ("2025-01-01", "2025-12-31")


@pytest.mark.usefixtures("with_plugins", "clean_db", "clean_queues")
@pytest.mark.ckan_config("ckan.plugins", "harvest huedata_ckan_harvester lgsp_harvester huesearch")
@pytest.mark.ckan_config("ckanext.huedata.outbound.allowed_hosts", "127.0.0.1")
@pytest.mark.ckan_config("ckanext.huedata.lgsp.secret.national-portal", "key-value-7f3a")
def test_ckan_hue_api_key_names_a_secret_whose_value_is_sent(remote):
    _Remote.authorizations.clear()
    source = _source(remote, "ckan_hue", {"api_key": "national-portal"})

    job = run_job(source["id"])

    assert job["stats"]["added"] == 3
    assert set(_Remote.authorizations) == {"key-value-7f3a"}


@pytest.mark.usefixtures("with_plugins", "clean_db", "clean_queues")
@pytest.mark.ckan_config("ckan.plugins",
                         "harvest dcat_rdf_harvester huedata_harvest huesearch")
@pytest.mark.ckan_config("ckanext.huedata.lgsp.secret.dcat-key", "dcat-value-91b2")
def test_dcat_rdf_api_key_names_a_secret_whose_value_is_sent(remote):
    _Remote.authorizations.clear()
    source = _source(f"{remote}/catalog.ttl", "dcat_rdf",
                     {"rdf_format": "text/turtle", "api_key": "dcat-key"})

    job = run_job(source["id"])

    assert job["stats"]["added"] == 1
    assert _Remote.authorizations and set(_Remote.authorizations) == {"dcat-value-91b2"}
