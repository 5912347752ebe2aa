"""IRIs built from text people typed: valid IRIs, or nothing (the caller writes a literal).

Any text can reach the export (a resource format of ``<script>``, a licence URL with spaces, an
e-mail with quotes): a ``URIRef`` made of it unchecked gives Turtle or N-Triples that no parser
reads, and ckanext-dcat answers 500 for the whole catalogue page.
"""
from __future__ import annotations

import re
from typing import Any
from urllib.parse import quote, urlsplit

from rdflib import URIRef

# Characters RFC 3987 never allows in an IRI, plus controls and whitespace.
_FORBIDDEN = re.compile(r'[\x00-\x20\x7f-\x9f<>"{}|\\^`\u2028\u2029\ufffe\uffff]')
_SCHEME = re.compile(r"^[A-Za-z][A-Za-z0-9+.-]*$")
WEB = ("http", "https")
# dcat:mediaType: type/subtype tokens of RFC 6838.
_MEDIA_TYPE = re.compile(r"^[a-z0-9][a-z0-9!#$&^_.+-]{0,126}/[a-z0-9][a-z0-9!#$&^_.+-]{0,126}$")

# Codes of the EU file-type authority table (publications.europa.eu/resource/authority/file-type)
# that CKAN formats commonly name; any other format is written as a literal.
FILE_TYPES = frozenset({
    "7Z", "ARC", "ATOM", "AZW", "BIN", "BMP", "CSS", "CSV", "DBF", "DCR", "DMP", "DOC", "DOCX",
    "DTD_SGML", "DTD_XML", "DWG", "DXF", "E00", "ECW", "EPUB", "GDB", "GEOJSON", "GEOTIFF", "GIF",
    "GML", "GMZ", "GPKG", "GRID", "GZIP", "HDF", "HTML", "ICS", "JPEG", "JPEG2000", "JS", "JSON",
    "JSON_LD", "KML", "KMZ", "LAS", "LAZ", "MAP_PRVW", "MAP_SRVC", "MDB", "MP3", "MP4", "MPEG",
    "MRSID", "MSG_HTTP", "N3", "NETCDF", "ODB", "ODC", "ODF", "ODG", "ODP", "ODS", "ODT",
    "OWL", "PARQUET", "PDF", "PDFA1A", "PDFA1B", "PDFX", "PNG", "PPS", "PPSX", "PPT", "PPTX",
    "PS", "PSD", "RAR", "RDF", "RDF_N_QUADS", "RDF_N_TRIPLES", "RDF_TRIG", "RDF_TURTLE",
    "RDF_XML", "REST", "RSS", "RTF", "SGML", "SHP", "SKOS_XML", "SPARQLQ", "SPARQLQRES", "SQL",
    "SVG", "TAB", "TAR", "TIFF", "TSV", "TXT", "WARC", "WCS_SRVC", "WEBP", "WFS_SRVC",
    "WMS_SRVC", "WMTS_SRVC", "XHTML", "XLS", "XLSB", "XLSM", "XLSX", "XML", "XSD", "XSLT",
    "YAML", "ZIP",
})
# CKAN format labels whose EU code differs.
FORMAT_ALIASES = {"JSON-LD": "JSON_LD", "TURTLE": "RDF_TURTLE", "TTL": "RDF_TURTLE",
                  "RDF/XML": "RDF_XML", "SHAPEFILE": "SHP", "JPG": "JPEG", "TIF": "TIFF",
                  "ESRI SHAPEFILE": "SHP", "WMS": "WMS_SRVC", "WFS": "WFS_SRVC", "GZ": "GZIP"}


def iri(text: object, schemes: tuple[str, ...] = WEB) -> URIRef | None:
    """``text`` as an absolute IRI of one of ``schemes``, spaces percent-encoded; else None."""
    if not isinstance(text, str):
        return None
    value = text.strip()
    if not value or len(value) > 4000:
        return None
    value = value.replace(" ", "%20")
    scheme, _, rest = value.partition(":")
    if not _SCHEME.match(scheme) or scheme.lower() not in schemes or not rest:
        return None
    if _FORBIDDEN.search(value):
        return None
    if scheme.lower() in WEB:
        try:
            parts = urlsplit(value)
            parts.port  # noqa: B018 - raises ValueError on a port that is not a number
        except ValueError:
            return None
        if not parts.hostname or "%" in parts.netloc or "[" in parts.path:
            return None
    return URIRef(value)


def mailto(address: object) -> URIRef | None:
    if not isinstance(address, str) or "@" not in address:
        return None
    return iri("mailto:" + quote(address.strip().removeprefix("mailto:"), safe="@.+-_~!$&'*=?"),
               ("mailto",))


def file_type_code(fmt: object) -> str | None:
    """The EU file-type code of a CKAN format label, or None when the table has none."""
    if not isinstance(fmt, str):
        return None
    code = fmt.strip().upper()
    code = FORMAT_ALIASES.get(code, code)
    return code if code in FILE_TYPES else None


def media_type(text: object) -> str | None:
    if not isinstance(text, str):
        return None
    value = text.strip().lower()
    return value if _MEDIA_TYPE.match(value) else None


# Characters XML 1.0 cannot carry (RDF/XML would be unreadable), and lone surrogates.
_NOT_XML = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\ufffe\uffff\ud800-\udfff]")
# IRIs of these schemes are kept; any other scheme (javascript:, data:, file:) is not.
SCHEMES = ("http", "https", "ftp", "mailto", "tel", "urn")


def clean_text(value: Any) -> Any:
    """``value`` with every string in it stripped of what no RDF syntax can carry."""
    if isinstance(value, str):
        return _NOT_XML.sub("", value)
    if isinstance(value, dict):
        return {k: clean_text(v) for k, v in value.items()}
    if isinstance(value, list):
        return [clean_text(v) for v in value]
    return value


def valid(node: Any) -> bool:
    """Whether an rdflib IRI node can be written as it is in every syntax."""
    return iri(str(node), SCHEMES) == URIRef(str(node))


def dataset_uri(dataset_dict: dict[str, Any], default_uri: str) -> str | None:
    """The portal's own URI of the dataset when the one it carries (``uri``) is not an IRI."""
    if valid(default_uri):
        return None
    from ckanext.dcat.utils import catalog_uri

    return f"{catalog_uri().rstrip('/')}/dataset/{quote(str(dataset_dict.get('id') or ''), safe='')}"


def resource_uri(resource_dict: dict[str, Any], default_uri: str) -> str | None:
    if valid(default_uri):
        return None
    from ckanext.dcat.utils import catalog_uri, dataset_id_from_resource

    dataset = quote(str(dataset_id_from_resource(resource_dict) or ""), safe="")
    resource = quote(str(resource_dict.get("id") or ""), safe="")
    return f"{catalog_uri().rstrip('/')}/dataset/{dataset}/resource/{resource}"


GEOMETRY_KEYS = ("spatial", "spatial_bbox", "spatial_centroid")


def _geometry(value: Any) -> bool:
    import json

    from geomet import wkt

    try:
        json.loads(value)
        return True
    except (TypeError, ValueError):
        pass
    try:
        wkt.loads(value)
        return True
    except Exception:  # noqa: BLE001 - geomet raises StopIteration, IndexError, ... on bad text
        return False


def without_bad_geometry(dataset_dict: dict[str, Any]) -> dict[str, Any]:
    """The dict without geometry extras ckanext-dcat would crash on (it reads them as WKT)."""
    extras = dataset_dict.get("extras") or []
    kept = [e for e in extras if not isinstance(e, dict) or e.get("key") not in GEOMETRY_KEYS
            or _geometry(e.get("value"))]
    if len(kept) == len(extras):
        return dataset_dict
    return dict(dataset_dict, extras=kept)
