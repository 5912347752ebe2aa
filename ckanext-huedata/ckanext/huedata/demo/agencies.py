"""Demo agencies: the city's departments, the units named by 06/2021/QĐ-UBND Art. 11, ward committees.

Agency codes follow the H57.xx shape of the city's electronic ID codes; the numbers are illustrative.
"""
from __future__ import annotations

from dataclasses import dataclass

from ckanext.huedata import vocabularies as vocab

CITY_COMMITTEE = "UBND thành phố Huế"


@dataclass(frozen=True)
class Agency:
    name: str
    title: str
    code: str
    level: str
    email: str
    phone: str
    parent: str = CITY_COMMITTEE
    description: str = ""


def _dept(slug: str, title: str, number: int, email: str) -> Agency:
    return Agency(slug, title, f"H57.{number:02d}", "department", f"{email}@hue.gov.vn",
                  f"0234 38{number:02d} {100 + number:03d}")


def _unit(slug: str, title: str, number: int, email: str) -> Agency:
    return Agency(slug, title, f"H57.{number:02d}", "public_service_unit", f"{email}@hue.gov.vn",
                  f"0234 39{number:02d} {200 + number:03d}")


DEPARTMENTS: tuple[Agency, ...] = (
    _dept("van-phong-ubnd", "Văn phòng UBND thành phố Huế", 1, "vpubnd"),
    _dept("so-noi-vu", "Sở Nội vụ", 2, "snv"),
    _dept("so-tai-chinh", "Sở Tài chính", 3, "stc"),
    _dept("so-xay-dung", "Sở Xây dựng", 4, "sxd"),
    _dept("so-nong-nghiep-moi-truong", "Sở Nông nghiệp và Môi trường", 5, "snnmt"),
    _dept("so-khoa-hoc-cong-nghe", "Sở Khoa học và Công nghệ", 6, "skhcn"),
    _dept("so-giao-duc-dao-tao", "Sở Giáo dục và Đào tạo", 7, "sgddt"),
    _dept("so-y-te", "Sở Y tế", 8, "syt"),
    _dept("so-van-hoa-the-thao", "Sở Văn hóa và Thể thao", 9, "svhtt"),
    _dept("so-du-lich", "Sở Du lịch", 10, "sdl"),
    _dept("so-cong-thuong", "Sở Công Thương", 11, "sct"),
    _dept("so-tu-phap", "Sở Tư pháp", 12, "stp"),
    _dept("thanh-tra-thanh-pho", "Thanh tra thành phố", 13, "thanhtra"),
)

# 06/2021/QĐ-UBND Art. 11.1: units that publish alongside the departments.
ARTICLE_11_UNITS: tuple[Agency, ...] = (
    _unit("ban-quan-ly-khu-kinh-te", "Ban Quản lý Khu kinh tế, công nghiệp", 20, "bqlkkt"),
    _unit("ban-qlda-dan-dung-cong-nghiep",
          "Ban Quản lý dự án đầu tư xây dựng công trình dân dụng và công nghiệp", 21, "bqldadd"),
    _unit("ban-qlda-giao-thong", "Ban Quản lý dự án đầu tư xây dựng công trình giao thông", 22, "bqldagt"),
    _unit("nha-xuat-ban-thuan-hoa", "Nhà xuất bản Thuận Hóa", 23, "nxbthuanhoa"),
    _unit("trung-tam-cong-nghe-thong-tin", "Trung tâm Công nghệ thông tin", 24, "ttcntt"),
    _unit("vien-nghien-cuu-phat-trien", "Viện Nghiên cứu phát triển", 25, "vncpt"),
    _unit("dai-phat-thanh-truyen-hinh", "Đài Phát thanh và Truyền hình Huế", 26, "trt"),
    _unit("trung-tam-bao-ton-di-tich", "Trung tâm Bảo tồn di tích Cố đô Huế", 27, "hueworldheritage"),
    _unit("trung-tam-festival-hue", "Trung tâm Festival Huế", 28, "festival"),
    _unit("truong-cao-dang-y-te", "Trường Cao đẳng Y tế Huế", 29, "cdyt"),
)

# Ward committees publish their own local data (the ward codes come from vietnam-provinces).
WARD_NAMES = ("Phường Phú Xuân", "Phường Thuận Hóa", "Phường Kim Long", "Phường Vỹ Dạ",
              "Phường Thuận An", "Xã A Lưới 2")


def ward_agencies() -> tuple[Agency, ...]:
    by_name = {w.vi: w for w in vocab.wards()}
    agencies = []
    for index, ward_name in enumerate(WARD_NAMES):
        ward = by_name.get(ward_name)
        if ward is None:
            continue
        agencies.append(Agency(
            f"ubnd-{ward.code}", f"UBND {ward.vi}", f"H57.{40 + index}", "ward_commune",
            f"ubnd{ward.code}@hue.gov.vn", f"0234 37{index:02d} 300",
            description=f"Ủy ban nhân dân {ward.vi}, thành phố Huế (mã đơn vị hành chính {ward.code})"))
    return tuple(agencies)


def all_agencies() -> tuple[Agency, ...]:
    return (*DEPARTMENTS, *ARTICLE_11_UNITS, *ward_agencies())
