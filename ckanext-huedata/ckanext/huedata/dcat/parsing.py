"""Reading a Huế DCAT-AP 3 dataset back into the Huế schema (the harvesting direction).

ckanext-dcat's EU parser runs first and leaves DCAT values as extras (``theme``, ``frequency``,
``access_rights``, ``spatial_uri``, ...). This module turns what the Huế profile writes into
the contract fields of ``schemas/dataset.yaml`` at the top level, drops the extras it used,
and keeps the publishing agency (name, e-mail, agency code) as ``publisher_*`` extras for the
harvester to find the owning organisation.
"""
from __future__ import annotations

import json
from typing import Any

from ckanext.dcat.profiles.base import DCAT, DCATAP, DCT, VCARD
from rdflib import Literal, URIRef
from rdflib.namespace import RDFS

from ckanext.huedata import vocabularies as vocab

from .terms import (
    DATA_KIND_BASE, HUE_GEONAMES, SECTOR_BASE, SHARED_CATALOGUE, SPATIAL_BASE, TABLE_SCHEMA_SPEC,
)

FILE_TYPE_BASE = "http://publications.europa.eu/resource/authority/file-type/"
# Extras of the EU parser that the contract fields below replace.
CONSUMED_EXTRAS = frozenset({
    "theme", "frequency", "access_rights", "dcat_type", "applicable_legislation", "spatial",
    "spatial_uri", "spatial_text", "spatial_geom", "spatial_bbox", "spatial_centroid",
    "temporal_start", "temporal_end", "contact_name", "contact_email", "contact_uri",
    "contact_identifier", "contact_url", "language",
})
# Lists of objects the scheming part of the EU parser puts at the top level; the Huế schema has
# no such fields (the contract holds the contact, the organisation the publisher).
NOT_IN_SCHEMA = ("contact", "publisher", "creator", "qualified_relation", "temporal_coverage",
                 "spatial_coverage", "applicable_legislation", "access_rights", "theme")


def _code(terms: tuple[vocab.Term, ...], uri: Any) -> str | None:
    return next((t.code for t in terms if t.uri and t.uri == str(uri)), None)


def sector(g: Any, dataset_ref: Any) -> str | None:
    """The Huế sector concept if present, else the first sector of a known EU theme."""
    sectors = vocab.by_code(vocab.SECTORS)
    themes = [str(t) for t in g.objects(dataset_ref, DCAT.theme)]
    for theme in themes:
        if theme.startswith(SECTOR_BASE) and theme[len(SECTOR_BASE):] in sectors:
            return theme[len(SECTOR_BASE):]
    for theme in themes:
        code = _code(vocab.SECTORS, theme)
        if code:
            return code
    return None


def spatial_codes(g: Any, dataset_ref: Any) -> list[str]:
    known = vocab.by_code(vocab.spatial_terms())
    codes: list[str] = []
    for location in g.objects(dataset_ref, DCT.spatial):
        if location == HUE_GEONAMES:
            code: str | None = vocab.CITY.code
        elif str(location).startswith(SPATIAL_BASE):
            code = str(location)[len(SPATIAL_BASE):]
        else:
            code = next((str(i) for i in g.objects(location, DCT.identifier)), None)
        if code in known and code not in codes:
            codes.append(code)
    order = {t.code: i for i, t in enumerate(vocab.spatial_terms())}
    return sorted(codes, key=order.__getitem__)


def data_kind(g: Any, dataset_ref: Any) -> str | None:
    kinds = vocab.by_code(vocab.DATA_KINDS)
    for concept in g.objects(dataset_ref, DCT.type):
        code = str(concept)[len(DATA_KIND_BASE):] if str(concept).startswith(DATA_KIND_BASE) else ""
        if code in kinds:
            return code
    return None


def legal_basis(g: Any, dataset_ref: Any) -> str | None:
    for legislation in g.objects(dataset_ref, DCATAP.applicableLegislation):
        labels = list(g.objects(legislation, RDFS.label))
        label = next((v for v in labels if getattr(v, "language", None) == "vi"), None) or \
            next(iter(labels), None)
        if label is not None:
            return str(label)
    return None


def phone(g: Any, dataset_ref: Any) -> str | None:
    for contact in g.objects(dataset_ref, DCAT.contactPoint):
        for value in g.objects(contact, VCARD.hasTelephone):
            value = g.value(value, VCARD.hasValue) or value
            text = str(value).removeprefix("tel:").strip()
            if text:
                return text
    return None


def shared_catalogue(g: Any, dataset_ref: Any) -> bool | None:
    value = g.value(dataset_ref, SHARED_CATALOGUE)
    if isinstance(value, Literal):
        return str(value).lower() in ("true", "1")
    return None


def _date(value: Any) -> str | None:
    return str(value)[:10] if value else None


def _resource(g: Any, resource: dict[str, Any]) -> None:
    distribution: Any = URIRef(resource["distribution_ref"]) if resource.get("distribution_ref") else None
    if distribution is None:
        return
    fmt = g.value(distribution, DCT["format"])
    if isinstance(fmt, URIRef) and str(fmt).startswith(FILE_TYPE_BASE):
        resource["format"] = str(fmt)[len(FILE_TYPE_BASE):]
    elif isinstance(fmt, Literal):
        resource["format"] = str(fmt)
    elif fmt is not None and g.value(fmt, RDFS.label) is not None:
        resource["format"] = str(g.value(fmt, RDFS.label))
    for standard in g.objects(distribution, DCT.conformsTo):
        if g.value(standard, DCT.type) == TABLE_SCHEMA_SPEC:
            text = g.value(standard, DCT.description)
            if text is not None:
                resource["data_dictionary"] = str(text)
    if "data_dictionary" in resource and resource.get("conforms_to"):
        kept = [c for c in _json_list(resource["conforms_to"]) if c.startswith(("http:", "https:"))]
        if kept:
            resource["conforms_to"] = json.dumps(kept)
        else:
            resource.pop("conforms_to")


def _json_list(value: Any) -> list[str]:
    if isinstance(value, list):
        return [str(v) for v in value]
    try:
        loaded = json.loads(value)
    except (TypeError, ValueError):
        return [str(value)]
    return [str(v) for v in loaded] if isinstance(loaded, list) else [str(loaded)]


def hue_fields(profile: Any, dataset_dict: dict[str, Any], dataset_ref: Any) -> dict[str, Any]:
    """The EU parser's dict with the Huế contract fields at the top level."""
    g = profile.g
    extras = {e["key"]: e["value"] for e in dataset_dict.get("extras", [])}
    contact = next(iter(profile._contact_details(dataset_ref, DCAT.contactPoint)), {})
    start, end = profile._time_interval(dataset_ref, DCT.temporal)
    frequency = g.value(dataset_ref, DCT.accrualPeriodicity)
    access = g.value(dataset_ref, DCT.accessRights)
    found: dict[str, Any] = {
        "sector": sector(g, dataset_ref),
        "data_kind": data_kind(g, dataset_ref),
        "update_frequency": _code(vocab.FREQUENCIES, frequency) if frequency is not None else None,
        "spatial_coverage": spatial_codes(g, dataset_ref) or None,
        "temporal_start": _date(start or dataset_dict.get("temporal_start") or extras.get("temporal_start")),
        "temporal_end": _date(end or dataset_dict.get("temporal_end") or extras.get("temporal_end")),
        "legal_basis": legal_basis(g, dataset_ref),
        "access_level": _code(vocab.ACCESS_LEVELS, access) if access is not None else None,
        "shared_catalogue": shared_catalogue(g, dataset_ref),
        "contact_name": contact.get("name") or None,
        "contact_email": contact.get("email") or None,
        "contact_phone": phone(g, dataset_ref),
    }
    agents = profile._agents_details(dataset_ref, DCT.publisher)
    publisher = agents[0] if agents else {}
    for key in NOT_IN_SCHEMA:
        dataset_dict.pop(key, None)
    kept = [e for e in dataset_dict.get("extras", [])
            if e["key"] not in CONSUMED_EXTRAS and not e["key"].startswith("publisher_")]
    for key in ("uri", "name", "email", "url", "type", "identifier"):
        if publisher.get(key):
            kept.append({"key": f"publisher_{key}", "value": str(publisher[key])})
    dataset_dict["extras"] = kept
    for key, value in found.items():
        if value is not None:
            dataset_dict[key] = value
        else:
            dataset_dict.pop(key, None)
    for resource in dataset_dict.get("resources", []):
        _resource(g, resource)
    return dataset_dict
