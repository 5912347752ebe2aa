"""The controlled lists of the Huế schema, each term with its Vietnamese and English label.

Sectors follow the 12 themes of data.gov.vn plus tourism and culture, each mapped to an
EU data theme; frequencies map to the EU Frequency authority table (used by the DCAT export).
"""
from __future__ import annotations

from dataclasses import dataclass
from functools import lru_cache

EU_THEME = "http://publications.europa.eu/resource/authority/data-theme/"
EU_FREQUENCY = "http://publications.europa.eu/resource/authority/frequency/"
EU_ACCESS_RIGHT = "http://publications.europa.eu/resource/authority/access-right/"


@dataclass(frozen=True)
class Term:
    code: str
    vi: str
    en: str
    uri: str = ""

    def choice(self) -> dict:
        return {"value": self.code, "label": {"vi": self.vi, "en": self.en}}


SECTORS: tuple[Term, ...] = (
    Term("agriculture", "Nông nghiệp", "Agriculture", EU_THEME + "AGRI"),
    Term("economy_trade", "Kinh tế - Thương mại", "Economy and trade", EU_THEME + "ECON"),
    Term("education", "Giáo dục", "Education", EU_THEME + "EDUC"),
    Term("health", "Y tế", "Health", EU_THEME + "HEAL"),
    Term("labour", "Lao động", "Labour", EU_THEME + "SOCI"),
    Term("environment", "Môi trường", "Environment", EU_THEME + "ENVI"),
    Term("finance", "Tài chính", "Finance", EU_THEME + "ECON"),
    Term("energy", "Năng lượng", "Energy", EU_THEME + "ENER"),
    Term("infrastructure", "Cơ sở hạ tầng", "Infrastructure", EU_THEME + "TRAN"),
    Term("society", "Xã hội", "Society", EU_THEME + "SOCI"),
    Term("technology", "Công nghệ", "Technology", EU_THEME + "TECH"),
    Term("localities", "Địa phương", "Localities", EU_THEME + "REGI"),
    Term("tourism", "Du lịch", "Tourism", EU_THEME + "ECON"),
    Term("culture", "Văn hóa", "Culture", EU_THEME + "EDUC"),
)

# 41/2024 Art 3.5: the kinds of data an open-data catalogue holds.
DATA_KINDS: tuple[Term, ...] = (
    Term("shared_data", "Dữ liệu dùng chung", "Shared data"),
    Term("shared_code_list", "Danh mục dùng chung", "Shared code list"),
    Term("sector_data", "Dữ liệu chuyên ngành", "Sector data"),
    Term("survey_data", "Dữ liệu điều tra, khảo sát", "Survey data"),
    Term("enterprise_reported", "Dữ liệu do doanh nghiệp báo cáo", "Enterprise-reported data"),
    Term("standardised_legacy", "Dữ liệu số hóa, chuẩn hóa từ hồ sơ cũ", "Standardised legacy records"),
    Term("citizen_contributed", "Dữ liệu do người dân đóng góp", "Citizen-contributed data"),
    Term("cooperation_programme", "Dữ liệu từ chương trình hợp tác", "Co-operation programme data"),
    Term("iot_sensor", "Dữ liệu cảm biến IoT", "IoT sensor data"),
    Term("platform_generated", "Dữ liệu phát sinh từ nền tảng số", "Platform-generated data"),
)

FREQUENCIES: tuple[Term, ...] = (
    Term("continuous", "Liên tục", "Continuous", EU_FREQUENCY + "UPDATE_CONT"),
    Term("daily", "Hằng ngày", "Daily", EU_FREQUENCY + "DAILY"),
    Term("weekly", "Hằng tuần", "Weekly", EU_FREQUENCY + "WEEKLY"),
    Term("monthly", "Hằng tháng", "Monthly", EU_FREQUENCY + "MONTHLY"),
    Term("quarterly", "Hằng quý", "Quarterly", EU_FREQUENCY + "QUARTERLY"),
    Term("semiannual", "Sáu tháng một lần", "Every six months", EU_FREQUENCY + "ANNUAL_2"),
    Term("annual", "Hằng năm", "Annual", EU_FREQUENCY + "ANNUAL"),
    Term("irregular", "Không định kỳ", "Irregular", EU_FREQUENCY + "IRREG"),
    Term("never", "Không cập nhật (dữ liệu lịch sử)", "Never (historical)", EU_FREQUENCY + "NEVER"),
)
DEFAULT_FREQUENCY = "quarterly"

ACCESS_LEVELS: tuple[Term, ...] = (
    Term("open", "Mở", "Open", EU_ACCESS_RIGHT + "PUBLIC"),
    Term("on_request", "Cung cấp theo yêu cầu", "On request", EU_ACCESS_RIGHT + "RESTRICTED"),
)

AGENCY_LEVELS: tuple[Term, ...] = (
    Term("department", "Sở, ban, ngành", "Department"),
    Term("ward_commune", "UBND phường, xã", "Ward/commune people's committee"),
    Term("public_service_unit", "Đơn vị sự nghiệp công lập", "Public service unit"),
    Term("central_agency", "Cơ quan trung ương tại Huế", "Central agency in Huế"),
)

CITY = Term("city", "Toàn thành phố Huế", "The whole city of Huế")

# Data-quality badges (1046 Art 15), best first: awarded by ckanext-huequality.
QUALITY_BADGES: tuple[Term, ...] = (
    Term("xuat_sac", "Xuất sắc", "Excellent"),
    Term("tot", "Tốt", "Good"),
    Term("dat", "Đạt", "Sufficient"),
    Term("chua_dat", "Chưa đạt", "Below standard"),
)


def by_code(terms: tuple[Term, ...]) -> dict[str, Term]:
    return {t.code: t for t in terms}


@lru_cache(maxsize=1)
def wards() -> tuple[Term, ...]:
    """Huế's wards and communes from the 2025 official list shipped by `vietnam-provinces`."""
    from vietnam_provinces import Province, Ward

    hue = next(p for p in Province.iter_all() if p.codename == "hue")
    units = sorted(Ward.iter_by_province(hue.code), key=lambda w: w.name)
    return tuple(Term(str(int(w.code)), w.name, _english_unit_name(w.name)) for w in units)


def _english_unit_name(name: str) -> str:
    for prefix, kind in (("Phường ", "Ward"), ("Xã ", "Commune")):
        if name.startswith(prefix):
            return f"{name[len(prefix):]} {kind}"
    return name


def spatial_terms() -> tuple[Term, ...]:
    return (CITY, *wards())

# Official English labels of the EU data themes used above (skos:prefLabel is mandatory in DCAT-AP).
EU_THEME_LABELS = {
    "AGRI": "Agriculture, fisheries, forestry and food", "ECON": "Economy and finance",
    "EDUC": "Education, culture and sport", "ENER": "Energy", "ENVI": "Environment", "HEAL": "Health",
    "REGI": "Regions and cities", "SOCI": "Population and society", "TECH": "Science and technology",
    "TRAN": "Transport",
}
