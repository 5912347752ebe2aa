"""Any text in any field gives valid RDF in every syntax the portal serves (issue 11, item 8)."""
from __future__ import annotations

import json
from pathlib import Path

import pytest
from ckan.tests.helpers import call_action
from ckanext.dcat.processors import RDFParser, RDFSerializer
from pyshacl import validate
from rdflib import Graph, Literal, URIRef
from rdflib.namespace import DCTERMS, RDF, RDFS

from ckanext.huedata import vocabularies as vocab
from ckanext.huedata.dcat import turtle
from ckanext.huedata.tests.dcat.marks import dcat_portal
from ckanext.huedata.tests.dcat.test_profile import violation_summary

SHAPES = Path(__file__).parent / "dcat-ap-3.0.1" / "shapes.ttl"
DCAT_NS = "http://www.w3.org/ns/dcat#"
HOSTILE = [
    '"> . <http://evil.example/s> <http://evil.example/p> "x" .',
    "<script>alert(1)</script>",
    "line one\nline two\r\nline three\ttab",
    "nul\x00 bell\x07 esc\x1b del\x7f c1\x85 \x0b\x0c",
    "javascript:alert(document.cookie)",
    "http://exa mple.com/a file.csv?q=<x>&y=\"1\"",
    "'\"\\\\\"'''\"\"\"",
    "Ünïcødé Huế 漢字 🙂 \u202eRTL\u202c \u2028\u2029 \ufeff",
    "]]> <!-- --> &amp; &#0; <![CDATA[x]]>",
    "@prefix x: <http://evil.example/> . _:b0 x:y x:z .",
    "{\"@id\": \"http://evil.example/\", \"@context\": null}",
    "   ",
    "mailto:a@b\"c <d>",
    "urn:x y",
]
FORMATS = [("ttl", "turtle"), ("jsonld", "json-ld"), ("xml", "xml"), ("n3", "n3")]
SERIALISER = {"ttl": "turtle", "jsonld": "json-ld", "xml": "xml", "n3": "n3"}




def hostile_dataset(text: str, n: int) -> dict:
    """A dataset dict as package_show could give it, every text field (validated or not) ``text``."""
    org = {"id": f"org-{n}", "name": f"org-{n}", "title": text, "description": text}
    resource = {key: text for key in ("url", "name", "description", "format", "mimetype", "uri",
                                      "data_dictionary", "license", "rights", "access_url",
                                      "download_url", "hash", "conforms_to", "documentation")}
    resource.update(id=f"res-{n}", package_id=f"ds-{n}")
    dataset = {key: text for key in (
        "title", "notes", "url", "version", "author", "author_email", "maintainer",
        "maintainer_email", "license_id", "license_title", "license_url", "legal_basis",
        "contact_name", "contact_email", "contact_phone", "sector", "data_kind",
        "update_frequency", "access_level", "temporal_start", "temporal_end", "shared_catalogue",
        "metadata_created", "metadata_modified", "name")}
    dataset.update(
        id=f"ds-{n}", owner_org=org["id"], organization=org, spatial_coverage=[text, vocab.CITY.code],
        tags=[{"name": text}], resources=[resource],
        extras=[{"key": key, "value": text} for key in (
            "uri", "publisher_uri", "publisher_name", "publisher_email", "contact_uri", "identifier",
            "frequency", "theme", "language", "conforms_to", "documentation", "landing_page",
            "access_rights", "spatial_uri", "spatial", "temporal_start", "issued", "modified")])
    return dataset


@dcat_portal(clean_db=False)
@pytest.mark.usefixtures("with_plugins", "clean_db", "with_request_context")
@pytest.mark.parametrize("ext, rdflib_format", FORMATS)
def test_every_field_of_hostile_text_gives_a_catalogue_every_parser_reads(ext, rdflib_format):
    datasets = [hostile_dataset(text, n) for n, text in enumerate(HOSTILE)]
    datasets[0]["spatial_coverage"] = HOSTILE[0]  # a text, not the list of codes
    datasets[1]["spatial_coverage"] = {"x": HOSTILE[1]}
    output = RDFSerializer().serialize_catalog({}, datasets, _format=ext)

    graph = Graph().parse(data=output, format=rdflib_format)
    dataset_nodes = set(graph.subjects(RDF.type, URIRef(DCAT_NS + "Dataset")))
    assert len(dataset_nodes) == len(HOSTILE)
    titles = {str(t) for d in dataset_nodes for t in graph.objects(d, DCTERMS.title)}
    assert "<script>alert(1)</script>" in titles
    assert "Ünïcødé Huế 漢字 🙂 \u202eRTL\u202c \u2028\u2029 \ufeff" in titles
    if ext in ("ttl", "n3"):  # catalogue pages in these formats are assembled by our own writer
        assembled = turtle.page(datasets, None, ["hue_dcat_ap", "hue_quality_dqv"])
        assert len(Graph().parse(data=assembled, format=rdflib_format)) == len(graph)
    parser = RDFParser(profiles=["hue_dcat_ap", "hue_quality_dqv"])
    parser.parse(output, _format=rdflib_format)
    assert len(list(parser.datasets())) == len(HOSTILE)  # and harvesting it does not crash
    for node in graph.all_nodes():
        if isinstance(node, URIRef):
            assert not str(node).lower().startswith("javascript:"), node
            assert not set(str(node)) & set(' <>"{}|\\^`\n'), node


@dcat_portal(clean_db=False)
@pytest.mark.usefixtures("with_plugins", "clean_db")
def test_hostile_text_typed_through_the_api_exports_in_every_format_and_its_violations(app):
    """What the validators let through, stored and served: every format parses; SHACL report."""
    site_user = {"user": call_action("get_site_user")["name"], "ignore_auth": True}
    org = call_action("organization_create", context=dict(site_user), name="so-thu",
                      title=HOSTILE[0], description=HOSTILE[2], agency_code="H57.99")
    for n, text in enumerate(HOSTILE[:11]):
        clean = text.replace("\x00", "")  # PostgreSQL text never holds NUL
        call_action("package_create", context=dict(site_user), name=f"thu-{n}", title=clean or "x",
                    notes=clean or "x", owner_org=org["id"], sector="health", legal_basis=clean,
                    contact_name=clean, tag_string="thu",
                    resources=[{"url": clean, "format": clean, "name": clean, "description": clean,
                                "data_dictionary": json.dumps({"fields": [{"name": clean}]})}])
    graphs = {}
    for ext, rdflib_format in FORMATS:
        response = app.get(f"/catalog.{ext}")
        assert response.status_code == 200, response.body[:300]
        graphs[ext] = Graph().parse(data=response.body, format=rdflib_format)
        one = app.get(f"/dataset/thu-1.{ext}")
        assert one.status_code == 200
        Graph().parse(data=one.body, format=rdflib_format)
    assert len(set(graphs["ttl"].subjects(RDF.type, URIRef(DCAT_NS + "Dataset")))) == 11
    formats = {graphs["ttl"].value(o, RDFS.label) for o in graphs["ttl"].objects(None, DCTERMS["format"])}
    assert Literal("<script>alert(1)</script>") in formats  # a format outside the EU table

    conforms, report, _text = validate(graphs["ttl"], shacl_graph=Graph().parse(SHAPES),
                                       inference="none")
    summary = violation_summary(report, graphs["ttl"])
    assert conforms, summary
