"""Field types of the search index, read from CKAN's own Solr schema.

huesearch answers the queries CKAN writes for Solr, so it types fields exactly
as ``ckan/config/solr/schema.xml`` does: a field declared there keeps its type,
every other field falls to the schema's dynamic patterns (``*_date``,
``extras_*``, ``vocab_*``, ``*``), longest pattern first as in Solr. Reading
the file instead of copying it means a CKAN upgrade that changes the schema
changes huesearch with it.
"""
from __future__ import annotations

import enum
import fnmatch
import functools
import os
import xml.etree.ElementTree as ET
from dataclasses import dataclass

import ckan


class Kind(enum.Enum):
    STRING = "string"
    TEXT = "text"
    DATE = "date"
    NUMBER = "number"
    BOOLEAN = "boolean"
    NGRAM = "ngram"  # a text field indexed as n-grams: matches any part of a word (autocomplete)


@dataclass(frozen=True)
class FieldType:
    kind: Kind
    stored: bool
    multi_valued: bool
    indexed: bool = True


# Ranking weights of the free-text vector, highest first: the order
# "title and tags above notes above resources and extras".
WEIGHT_A = ("name", "title", "tags")
WEIGHT_B = ("notes", "groups", "organization")
WEIGHT_C_PREFIXES = ("res_", "extras_", "vocab_")

_SOLR_CLASS_KIND = {
    "solr.StrField": Kind.STRING,
    "solr.TextField": Kind.TEXT,
    "solr.BoolField": Kind.BOOLEAN,
    "solr.DatePointField": Kind.DATE,
    "solr.TrieDateField": Kind.DATE,
    "solr.IntPointField": Kind.NUMBER,
    "solr.LongPointField": Kind.NUMBER,
    "solr.FloatPointField": Kind.NUMBER,
    "solr.DoublePointField": Kind.NUMBER,
}


@dataclass(frozen=True)
class IndexSchema:
    fields: dict[str, FieldType]
    dynamic: tuple[tuple[str, FieldType], ...]
    copy_to_text: tuple[str, ...]
    copy_fields: tuple[tuple[str, str], ...]  # (source pattern, destination) other than ``text``

    def field_type(self, name: str) -> FieldType:
        if name in self.fields:
            return self.fields[name]
        for pattern, ftype in self.dynamic:
            if fnmatch.fnmatchcase(name, pattern):
                return ftype
        return FieldType(Kind.STRING, stored=False, multi_valued=True)

    def kind(self, name: str) -> Kind:
        return self.field_type(name).kind

    def copied_to_text(self, name: str) -> bool:
        return any(fnmatch.fnmatchcase(name, pattern) for pattern in self.copy_to_text)


def solr_schema_path() -> str:
    return os.path.join(os.path.dirname(ckan.__file__), "config", "solr", "schema.xml")


@functools.lru_cache(maxsize=1)
def index_schema() -> IndexSchema:
    root = ET.parse(solr_schema_path()).getroot()
    kinds = {
        ft.get("name"): (Kind.NGRAM if any("NGram" in (t.get("class") or "") for t in ft.iter("tokenizer"))
                         else _SOLR_CLASS_KIND.get(ft.get("class", ""), Kind.STRING))
        for ft in root.iter("fieldType")
    }
    multi_types = {ft.get("name") for ft in root.iter("fieldType") if ft.get("multiValued") == "true"}

    def _ftype(el: ET.Element) -> FieldType:
        type_name = el.get("type", "string")
        return FieldType(
            kind=kinds.get(type_name, Kind.STRING),
            stored=el.get("stored", "true") == "true",
            multi_valued=el.get("multiValued") == "true" or type_name in multi_types,
            indexed=el.get("indexed", "true") == "true",
        )

    fields = {el.get("name", ""): _ftype(el) for el in root.iter("field")}
    dynamic = sorted(
        ((el.get("name", ""), _ftype(el)) for el in root.iter("dynamicField")),
        key=lambda item: len(item[0]),
        reverse=True,
    )
    copies = [(el.get("source", ""), el.get("dest", "")) for el in root.iter("copyField")]
    return IndexSchema(
        fields=fields,
        dynamic=tuple(dynamic),
        copy_to_text=tuple(source for source, dest in copies if dest == "text"),
        copy_fields=tuple((source, dest) for source, dest in copies if dest != "text"),
    )


def text_weight(field: str) -> str:
    """The tsvector weight (A–D) of ``field`` inside the free-text vector."""
    if field in WEIGHT_A:
        return "A"
    if field in WEIGHT_B:
        return "B"
    if field.startswith(WEIGHT_C_PREFIXES):
        return "C"
    return "D"
