"""Turns the document CKAN builds for Solr into a ``huesearch_document`` row."""
from __future__ import annotations

import datetime as dt
import fnmatch
import json
from dataclasses import dataclass
from typing import Any

from .fields import Kind, index_schema, text_weight
from .text import folded_words, fold
from .values import as_list, date_from_term, index_terms

# A tsvector weight for each field copied into the free-text vector; the
# vector itself is assembled by PostgreSQL from these weighted parts.
WEIGHTS = ("A", "B", "C", "D")


@dataclass(frozen=True)
class DocumentRow:
    index_id: str
    site_id: str
    package_id: str
    stored: dict[str, Any]
    terms: dict[str, list[str]]
    phrases: dict[str, str]
    ngrams: dict[str, str]
    sort_keys: dict[str, str]
    weighted_text: dict[str, str]  # weight letter -> folded words
    columns: dict[str, Any]  # values of the fields kept in typed columns (sql.COLUMN_FIELDS)

    def as_params(self) -> dict[str, Any]:
        return {
            "index_id": self.index_id,
            "site_id": self.site_id,
            "package_id": self.package_id,
            "state": self.columns.get("state"),
            "capacity": self.columns.get("capacity"),
            "permission_labels": self.columns.get("permission_labels") or [],
            "metadata_modified": self.columns.get("metadata_modified"),
            "stored": json.dumps(self.stored, default=_json_default),
            "terms": json.dumps(self.terms),
            "phrases": json.dumps(self.phrases),
            "ngrams": json.dumps(self.ngrams),
            "sort_keys": json.dumps(self.sort_keys),
            **{f"text_{w.lower()}": self.weighted_text.get(w, "") for w in WEIGHTS},
        }


def _json_default(value: Any) -> Any:
    if isinstance(value, (dt.datetime, dt.date)):
        return value.isoformat()
    return str(value)


def _index_field(name: str, kind: Kind, values: list[Any], terms: dict[str, list[str]],
                 phrases: dict[str, str], ngrams: dict[str, str]) -> None:
    values = [v for v in values if not isinstance(v, (dict, list))]
    if kind is Kind.NGRAM:
        ngrams[name] = "\n".join(fold(str(v)) for v in values)
    elif kind is Kind.TEXT:
        # words of text fields stay out of ``terms`` so that it stays small enough to live in the row
        phrases[name] = "\n".join(folded_words(str(v)) for v in values)
    else:
        field_terms = index_terms(kind, values)
        if field_terms:
            terms[name] = field_terms


def build_row(doc: dict[str, Any]) -> DocumentRow:
    schema = index_schema()
    stored: dict[str, Any] = {}
    terms: dict[str, list[str]] = {}
    phrases: dict[str, str] = {}
    ngrams: dict[str, str] = {}
    sort_keys: dict[str, str] = {}
    weighted: dict[str, list[str]] = {w: [] for w in WEIGHTS}

    for name, value in doc.items():
        ftype = schema.field_type(name)
        values = as_list(value)
        if ftype.stored and value is not None:
            stored[name] = value
        if not values or not ftype.indexed:
            continue  # e.g. data_dict: returned, never searched
        _index_field(name, ftype.kind, values, terms, phrases, ngrams)
        if not ftype.multi_valued and ftype.kind in (Kind.STRING, Kind.TEXT) and not isinstance(values[0], (dict, list)):
            sort_keys[name] = fold(str(values[0])).strip()
        if name == "text" or schema.copied_to_text(name):
            weight = text_weight(name)
            weighted[weight] += [folded_words(str(v)) for v in values if not isinstance(v, (dict, list))]

    # Solr's copyField: e.g. title -> title_ngram (autocomplete), url/res_url -> urls
    for source, dest in schema.copy_fields:
        if dest in doc:
            continue
        copied = [v for name, value in doc.items() if fnmatch.fnmatchcase(name, source) for v in as_list(value)]
        if copied:
            _index_field(dest, schema.kind(dest), copied, terms, phrases, ngrams)

    return DocumentRow(
        index_id=str(doc["index_id"]),
        site_id=str(doc.get("site_id", "")),
        package_id=str(doc.get("id", "")),
        stored=stored,
        terms=terms,
        phrases=phrases,
        ngrams=ngrams,
        sort_keys=sort_keys,
        weighted_text={w: " ".join(parts) for w, parts in weighted.items() if parts},
        columns={
            "state": (terms.get("state") or [None])[0],
            "capacity": (terms.get("capacity") or [None])[0],
            "permission_labels": terms.get("permission_labels", []),
            "metadata_modified": _timestamp((terms.get("metadata_modified") or [None])[0]),
        },
    )


def multiple_choice_as_lists(pkg_dict: dict[str, Any]) -> dict[str, Any]:
    """Fields whose validated value is a list (scheming's multiple-choice fields) indexed as lists.

    CKAN indexes the dataset as ``package_show`` returns it *without* validation, where a
    multiple-choice field kept as an extra is the JSON text ``'["19768", "19771"]'``: one
    term nobody can filter or facet on. The validated copy CKAN indexes beside it holds the
    list; each such field (and its ``extras_`` twin) takes the list's values instead.
    """
    try:
        validated = json.loads(pkg_dict.get("validated_data_dict") or "{}")
    except (TypeError, ValueError):
        return pkg_dict
    for name, value in validated.items():
        if not isinstance(value, list) or not all(isinstance(v, (str, int, float)) for v in value):
            continue
        for key in (name, f"extras_{name}"):
            if isinstance(pkg_dict.get(key), str):
                pkg_dict[key] = [str(v) for v in value]
    return pkg_dict


def _timestamp(term: str | None) -> dt.datetime | None:
    return date_from_term(term) if term else None
