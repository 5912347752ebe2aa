"""Scores exported as DQV quality measurements in the DCAT serialisation."""

from __future__ import annotations

import pytest
from ckan.tests import factories, helpers
from rdflib import Graph, Namespace, URIRef

DQV = Namespace("http://www.w3.org/ns/dqv#")


@pytest.mark.ckan_config("ckan.plugins", "dcat huequality huesearch")
@pytest.mark.ckan_config("ckanext.dcat.rdf.profiles", "euro_dcat_ap_3 hue_quality_dqv")
@pytest.mark.usefixtures("with_plugins", "clean_db", "with_request_context")
def test_dcat_export_carries_one_measurement_per_dimension_and_the_composite():
    pkg = factories.Dataset(notes="x")
    scored = helpers.call_action("huequality_dataset_quality_recompute", id=pkg["id"])
    from ckanext.dcat.processors import RDFSerializer

    ttl = RDFSerializer().serialize_dataset(helpers.call_action("package_show", id=pkg["id"]), _format="turtle")
    graph = Graph().parse(data=ttl, format="turtle")
    values = {}
    for node in graph.objects(None, DQV.hasQualityMeasurement):
        metric = str(graph.value(node, DQV.isMeasurementOf)).rsplit("/", 1)[-1]
        values[metric] = float(str(graph.value(node, DQV.value)))
    expected = {d: s for d, s in scored["scores"].items() if s is not None}
    expected["composite"] = scored["composite"]
    assert values == expected
    assert isinstance(next(graph.subjects(DQV.hasQualityMeasurement, None)), URIRef)
