"""DCAT profile ``hue_quality_dqv``: the newest quality scores as DQV quality measurements.

Add it after the base profile, e.g. ``ckanext.dcat.rdf.profiles = euro_dcat_ap_3 hue_quality_dqv``.
Only stored scores are read; nothing is computed while serialising. On a catalogue page the
newest scores of every dataset of the page are read at once (one statement per page).
"""

from __future__ import annotations

from typing import Any

from ckanext.dcat.profiles import RDFProfile
from rdflib import BNode, Literal, Namespace, URIRef
from rdflib.namespace import RDF, XSD

from ckanext.huedata.dcat import prefetch

from .logic import store
from .model import QualityScore
from .types import DIMENSIONS

DQV = Namespace("http://www.w3.org/ns/dqv#")
PROV = Namespace("http://www.w3.org/ns/prov#")
# Metrics named after the five criteria of 1046 Art 14.
METRIC_BASE = "https://data.hue.gov.vn/quality/metric/"


def metric_uri(dimension: str) -> URIRef:
    return URIRef(f"{METRIC_BASE}{dimension}")


def _latest_scores(datasets: list[dict[str, Any]]) -> dict[str, Any]:
    return store.latest_many([d["id"] for d in datasets if d.get("id")])


def latest_score(dataset_dict: dict[str, Any]) -> QualityScore | None:
    """The newest stored score of the dataset (read for the whole catalogue page at once)."""
    row: QualityScore | None = prefetch.lookup(
        "huequality_scores", dataset_dict, dataset_dict.get("id"), _latest_scores
    )
    return row


class HueQualityDQVProfile(RDFProfile):
    def graph_from_dataset(self, dataset_dict: dict[str, Any], dataset_ref: Any) -> None:
        row = latest_score(dataset_dict)
        if row is None:
            return
        g = self.g
        g.bind("dqv", DQV)
        measures = [(d, row.scores.get(d)) for d in DIMENSIONS] + [("composite", row.composite)]
        for dimension, value in measures:
            if value is None:
                continue
            node = BNode()
            g.add((dataset_ref, DQV.hasQualityMeasurement, node))
            g.add((node, RDF.type, DQV.QualityMeasurement))
            g.add((node, DQV.computedOn, dataset_ref))
            g.add((node, DQV.isMeasurementOf, metric_uri(dimension)))
            g.add((node, DQV.value, Literal(float(value), datatype=XSD.double)))
            g.add((node, PROV.generatedAtTime, Literal(row.computed_at.isoformat(), datatype=XSD.dateTime)))
            g.add((node, PROV.wasGeneratedBy, Literal(row.algorithm_version)))
