"""Shared code lists that consistency checks values against.

Both come from the suite's vocabularies (``ckanext.huedata.vocabularies``): the sector codes
of the dataset schema, and Huế's wards and communes, which huedata reads from the
``vietnam-provinces`` package (the 2025 units), so a new official list arrives with a
package upgrade and the form, the DCAT export and the quality score never disagree.
"""

from __future__ import annotations

from functools import lru_cache

from ckanext.huedata import vocabularies

SECTOR_CODES = frozenset(term.code for term in vocabularies.SECTORS)
# spatial_coverage may say the whole city instead of listing every unit.
CITY_WIDE = vocabularies.CITY.code
# Column names that hold a ward/commune code or a sector code when the data dictionary
# does not say so with the ``codeList`` field property.
WARD_COLUMNS = frozenset({"ward_code", "commune_code", "ma_xa", "ma_phuong_xa", "ma_dvhc", "ward"})
SECTOR_COLUMNS = frozenset({"sector", "sector_code", "linh_vuc", "ma_linh_vuc"})


@lru_cache(maxsize=1)
def hue_ward_codes() -> frozenset[str]:
    """The 5-digit codes of Huế's wards and communes (2025 administrative units)."""
    return frozenset(f"{int(term.code):05d}" for term in vocabularies.wards())


def normalise_ward_code(value: str) -> str:
    text = value.strip()
    if text.upper().startswith("W_"):
        text = text[2:]
    return f"{int(text):05d}" if text.isdigit() else text


def is_ward_code(value: str) -> bool:
    return normalise_ward_code(value) in hue_ward_codes()


def is_sector_code(value: str) -> bool:
    return value.strip() in SECTOR_CODES


def code_list_for_column(name: str, declared: str | None) -> str | None:
    """Which code list a column's values must belong to, if any ("ward" or "sector")."""
    if declared in ("ward", "sector"):
        return declared
    key = name.strip().lower()
    if key in WARD_COLUMNS:
        return "ward"
    if key in SECTOR_COLUMNS:
        return "sector"
    return None
