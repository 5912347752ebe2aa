"""Shared code lists that consistency checks values against.

Ward/commune codes come from the ``vietnam-provinces`` package (the 2025 units of
Thành phố Huế, province code 46), never typed by hand, so a new release of the
official list arrives with a package upgrade.
"""
from __future__ import annotations

from functools import lru_cache

HUE_PROVINCE_CODE = 46
SECTOR_CODES = frozenset({
    "agriculture", "economy_trade", "education", "health", "labour", "environment", "finance",
    "energy", "infrastructure", "society", "technology", "localities", "tourism", "culture",
})
# spatial_coverage may say the whole city instead of listing every unit.
CITY_WIDE = "city"
# Column names that hold a ward/commune code or a sector code when the data dictionary
# does not say so with the ``codeList`` field property.
WARD_COLUMNS = frozenset({"ward_code", "commune_code", "ma_xa", "ma_phuong_xa", "ma_dvhc", "ward"})
SECTOR_COLUMNS = frozenset({"sector", "sector_code", "linh_vuc", "ma_linh_vuc"})


@lru_cache(maxsize=1)
def hue_ward_codes() -> frozenset[str]:
    """The 5-digit codes of Huế's wards and communes (2025 administrative units)."""
    from vietnam_provinces import ProvinceCode, Ward

    return frozenset(f"{int(w.code):05d}" for w in Ward.iter_by_province(ProvinceCode(HUE_PROVINCE_CODE)))


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
