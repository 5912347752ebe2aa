"""Turtle catalogue pages assembled from per-dataset blocks kept in Redis.

After a write the whole page must be served again, but only the written dataset changed. Each
dataset's triples are written once as a block of Turtle statements and kept under a key made of
everything the block is built from (the dataset dict as searched, its agency's extras, its newest
quality score, the profiles and this module's code). A page is then the catalogue's own
statements followed by the blocks: statements about the same node (a shared theme, the licence)
may repeat across blocks, which RDF reads as one set of triples. Blank node labels are unique
per block (rdflib makes them from UUIDs). The writer below is a plain one: one statement per
subject, full IRIs except for a fixed table of prefixes, literals written by rdflib.
"""
from __future__ import annotations

import hashlib
import json
import logging
import re
from functools import cache
from pathlib import Path
from typing import Any

from ckanext.dcat.processors import RDFSerializer
from rdflib import BNode, Graph, Literal, URIRef

from . import cache as page_cache
from . import prefetch

log = logging.getLogger(__name__)
PREFIXES = {
    "dcat": "http://www.w3.org/ns/dcat#", "dct": "http://purl.org/dc/terms/",
    "foaf": "http://xmlns.com/foaf/0.1/", "rdf": "http://www.w3.org/1999/02/22-rdf-syntax-ns#",
    "rdfs": "http://www.w3.org/2000/01/rdf-schema#", "skos": "http://www.w3.org/2004/02/skos/core#",
    "vcard": "http://www.w3.org/2006/vcard/ns#", "xsd": "http://www.w3.org/2001/XMLSchema#",
    "dcatap": "http://data.europa.eu/r5r/", "dqv": "http://www.w3.org/ns/dqv#",
    "prov": "http://www.w3.org/ns/prov#", "hydra": "http://www.w3.org/ns/hydra/core#",
    "spdx": "http://spdx.org/rdf/terms#", "schema": "http://schema.org/",
    "adms": "http://www.w3.org/ns/adms#", "owl": "http://www.w3.org/2002/07/owl#",
}
_LOCAL = re.compile(r"^[A-Za-z][A-Za-z0-9_-]*$")
_BY_LENGTH = sorted(PREFIXES.items(), key=lambda kv: -len(kv[1]))


@cache
def _code_version() -> str:
    """A hash of the code that writes the blocks: a new release never serves old blocks."""
    from ckanext.huedata.dcat import iris, parsing, profile, terms

    digest = hashlib.sha256()
    for module in (iris, parsing, prefetch, profile, terms):
        digest.update(Path(module.__file__ or "").read_bytes())
    try:
        from ckanext.huequality.quality import dcat_profile

        digest.update(Path(dcat_profile.__file__ or "").read_bytes())
    except ImportError:
        pass
    digest.update(Path(__file__).read_bytes())
    return digest.hexdigest()[:16]


def _term(node: Any) -> str:
    if isinstance(node, URIRef):
        text = str(node)
        for prefix, namespace in _BY_LENGTH:
            if text.startswith(namespace) and _LOCAL.match(text[len(namespace):]):
                return f"{prefix}:{text[len(namespace):]}"
        return node.n3()
    return node.n3()  # BNode: _:id; Literal: quoted, escaped, with language or datatype


def statements(graph: Graph) -> str:
    """The graph as Turtle statements (no prefix lines), one statement per subject."""
    out: list[str] = []
    subjects = sorted(set(graph.subjects()), key=lambda s: (isinstance(s, BNode), str(s)))
    for subject in subjects:
        if isinstance(subject, Literal):
            continue
        parts = []
        for predicate in sorted(set(graph.predicates(subject))):
            objects = sorted(graph.objects(subject, predicate), key=str)
            parts.append(f"{_term(predicate)} " + " , ".join(_term(o) for o in objects))
        out.append(_term(subject) + " " + " ;\n    ".join(parts) + " .\n")
    return "".join(out)


def header() -> str:
    return "".join(f"@prefix {p}: <{ns}> .\n" for p, ns in PREFIXES.items()) + "\n"


def _block_key(dataset: dict[str, Any], profiles: Any) -> str:
    """Everything a dataset's block is made of, hashed."""
    inputs = [dataset, prefetch.agency(dataset), profiles, _code_version()]
    try:
        from ckanext.huequality.quality import dcat_profile

        row = dcat_profile.latest_score(dataset)
        inputs.append([row.id, str(row.computed_at)] if row is not None else None)
    except ImportError:
        pass
    from ckanext.dcat.utils import catalog_uri

    inputs.append(catalog_uri())
    text = json.dumps(inputs, sort_keys=True, default=str)
    return page_cache.prefix() + "block:" + hashlib.sha256(text.encode()).hexdigest()


def _block(dataset: dict[str, Any], profiles: Any) -> tuple[str, str]:
    """(dataset IRI, its Turtle statements) built with the configured profiles."""
    serializer = RDFSerializer(profiles=profiles)
    ref = serializer.graph_from_dataset(dataset)
    try:
        return str(ref), statements(serializer.g)
    except Exception:  # noqa: BLE001 - a node rdflib will not write as N3: N-Triples instead
        log.warning("Dataset %s written as N-Triples", dataset.get("id"), exc_info=True)
        return str(ref), serializer.g.serialize(format="nt")


def page(datasets: list[dict[str, Any]], pagination: dict[str, Any] | None, profiles: Any) -> str:
    """A Turtle catalogue page: the catalogue's statements, then each dataset's block."""
    serializer = RDFSerializer(profiles=profiles)
    catalog_ref = serializer.graph_from_catalog({})
    if pagination:
        serializer._add_pagination_triples(pagination)
    with prefetch.page(datasets):
        keys = [_block_key(d, profiles) for d in datasets]
        redis, seconds = page_cache.redis_or_none(), page_cache.seconds()
        stored = redis.mget(keys) if redis is not None and keys else [None] * len(keys)
        blocks, new = [], {}
        for dataset, key, value in zip(datasets, keys, stored, strict=True):
            if value is not None:
                ref, text = json.loads(value)
            else:
                ref, text = _block(dataset, profiles)
                new[key] = json.dumps([ref, text])
            serializer.g.add((catalog_ref, URIRef("http://www.w3.org/ns/dcat#dataset"), URIRef(ref)))
            blocks.append(text)
    if redis is not None and new:
        pipe = redis.pipeline()
        for key, value in new.items():
            pipe.set(key, value.encode("utf-8"), ex=seconds)
        pipe.execute()
    return header() + statements(serializer.g) + "\n".join(blocks)
