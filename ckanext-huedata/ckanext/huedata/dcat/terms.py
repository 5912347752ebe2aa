"""IRIs of the portal's own vocabulary in the DCAT export, shared by the writer and the reader."""
from __future__ import annotations

from rdflib import URIRef

PORTAL = "https://data.hue.gov.vn"
SPATIAL_BASE = PORTAL + "/dia-gioi/"
DATA_KIND_BASE = PORTAL + "/vocab/data-kind/"
SECTOR_BASE = PORTAL + "/vocab/sector/"
SECTOR_SCHEME = URIRef(PORTAL + "/vocab/sector")
# A boolean: the dataset is listed in the city's shared-database catalogue (Danh mục CSDL dùng chung).
SHARED_CATALOGUE = URIRef(PORTAL + "/vocab/sharedCatalogue")
LEGAL_BASE = PORTAL + "/van-ban/"
TABLE_SCHEMA_SPEC = URIRef("https://specs.frictionlessdata.io/table-schema/")
HUE_GEONAMES = URIRef("https://sws.geonames.org/1580240/")
