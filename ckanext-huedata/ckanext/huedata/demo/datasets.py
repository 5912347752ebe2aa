"""Demo datasets: what each agency publishes, with tables generated locally and reproducibly."""
from __future__ import annotations

import random
from dataclasses import dataclass, field
from typing import Callable

from ckanext.huedata import vocabularies as vocab

Row = dict[str, object]
Cell = Callable[[random.Random, int], object]


@dataclass(frozen=True)
class Column:
    name: str
    type: str
    cell: Cell
    title: str = ""
    minimum: float | None = None


@dataclass(frozen=True)
class DemoDataset:
    name: str
    title: str
    notes: str
    agency: str
    sector: str
    kind: str
    frequency: str
    columns: tuple[Column, ...]
    rows: int = 30
    spatial: tuple[str, ...] = ("city",)
    years: tuple[int, int] = (2024, 2025)
    tags: tuple[str, ...] = ()
    dictionary: bool = False
    flaws: tuple[str, ...] = ()  # "missing", "duplicates"
    formats: tuple[str, ...] = ("CSV",)
    shared: bool = False
    access: str = "open"
    legal_basis: str = "Quyết định số 06/2021/QĐ-UBND"
    extra: dict = field(default_factory=dict)


STREETS = ("Lê Lợi", "Hùng Vương", "Trần Hưng Đạo", "Nguyễn Huệ", "Lê Duẩn", "Điện Biên Phủ",
           "Bà Triệu", "Phan Đình Phùng", "Nguyễn Trãi", "Kim Long", "Chi Lăng", "Đống Đa")
SITES = ("Kinh thành Huế", "Đại Nội", "Lăng Tự Đức", "Lăng Minh Mạng", "Lăng Khải Định", "Chùa Thiên Mụ",
         "Điện Hòn Chén", "Hổ Quyền", "Đàn Nam Giao", "Cung An Định", "Lăng Gia Long", "Văn Miếu")
STATIONS = ("Trạm Lê Lợi", "Trạm Kim Long", "Trạm Phú Bài", "Trạm Thuận An", "Trạm A Lưới")


def _ward(rng: random.Random, _i: int) -> str:
    return rng.choice(vocab.wards()).vi


def _ward_code(rng: random.Random, _i: int) -> str:
    return rng.choice(vocab.wards()).code


def _address(rng: random.Random, _i: int) -> str:
    return f"{rng.randint(1, 300)} {rng.choice(STREETS)}"


def _code(prefix: str) -> Cell:
    return lambda _rng, i: f"{prefix}{i + 1:04d}"


def _int(low: int, high: int) -> Cell:
    return lambda rng, _i: rng.randint(low, high)


def _float(low: float, high: float) -> Cell:
    return lambda rng, _i: round(rng.uniform(low, high), 1)


def _named(prefix: str) -> Cell:
    return lambda rng, i: f"{prefix} {rng.choice(vocab.wards()).vi.split(' ', 1)[1]} {i + 1}"


def _pick(values: tuple[str, ...]) -> Cell:
    return lambda rng, _i: rng.choice(values)


def _month(year: int) -> Cell:
    return lambda _rng, i: f"{year}-{i % 12 + 1:02d}"


def _day(year: int) -> Cell:
    return lambda _rng, i: f"{year}-{(i // 28) % 12 + 1:02d}-{i % 28 + 1:02d}"


def _phone(rng: random.Random, _i: int) -> str:
    return f"0234 3{rng.randint(100, 999)} {rng.randint(100, 999)}"


def _place_columns(prefix: str, code: str) -> tuple[Column, ...]:
    return (Column("ma", "string", _code(code), "Mã"), Column("ten", "string", _named(prefix), "Tên"),
            Column("dia_chi", "string", _address, "Địa chỉ"), Column("phuong_xa", "string", _ward, "Phường, xã"),
            Column("ma_phuong_xa", "string", _ward_code, "Mã phường, xã"),
            Column("dien_thoai", "string", _phone, "Điện thoại"))


def _schools(level: str, code: str, flaws: tuple[str, ...] = ()) -> DemoDataset:
    slug = {"Mầm non": "mam-non", "Tiểu học": "tieu-hoc", "THCS": "thcs", "THPT": "thpt"}[level]
    return DemoDataset(
        f"truong-{slug}", f"Danh sách trường {level} thành phố Huế",
        f"Danh sách các trường {level} công lập và ngoài công lập trên địa bàn thành phố Huế: "
        "địa chỉ, phường/xã, số lớp, số học sinh, số giáo viên.",
        "so-giao-duc-dao-tao", "education", "shared_data", "annual",
        (*_place_columns(f"Trường {level}", code), Column("so_lop", "integer", _int(5, 40), "Số lớp", 0),
         Column("so_hoc_sinh", "integer", _int(150, 1500), "Số học sinh", 0),
         Column("so_giao_vien", "integer", _int(10, 90), "Số giáo viên", 0)),
        rows=40, tags=("giáo dục", "trường học"), dictionary=True, flaws=flaws,
        formats=("CSV", "JSON"), shared=True)


def _visitors(year: int) -> DemoDataset:
    return DemoDataset(
        f"luot-khach-tham-quan-di-tich-{year}", f"Lượt khách tham quan các điểm di tích Huế năm {year}",
        f"Số lượt khách trong nước và quốc tế tham quan các điểm di tích Cố đô Huế theo tháng, năm {year}.",
        "trung-tam-bao-ton-di-tich", "tourism", "sector_data", "monthly",
        (Column("thang", "yearmonth", _month(year), "Tháng"), Column("diem_di_tich", "string", _pick(SITES), "Điểm di tích"),
         Column("khach_trong_nuoc", "integer", _int(2000, 90000), "Khách trong nước", 0),
         Column("khach_quoc_te", "integer", _int(500, 60000), "Khách quốc tế", 0)),
        rows=48, years=(year, year), tags=("du lịch", "di tích"), dictionary=year != 2023,
        flaws=("duplicates",) if year == 2024 else ())


def _air(station: str, index: int) -> DemoDataset:
    return DemoDataset(
        f"quan-trac-khong-khi-tram-{index + 1}", f"Quan trắc chất lượng không khí tự động - {station}",
        f"Số liệu quan trắc tự động PM2.5, PM10, NO2, CO và chỉ số VN_AQI theo ngày tại {station}.",
        "so-nong-nghiep-moi-truong", "environment", "iot_sensor", "daily",
        (Column("ngay", "date", _day(2025), "Ngày"), Column("pm25", "number", _float(5, 80), "PM2.5 (µg/m³)", 0),
         Column("pm10", "number", _float(10, 120), "PM10 (µg/m³)", 0), Column("no2", "number", _float(2, 60), "NO2 (µg/m³)", 0),
         Column("co", "number", _float(100, 2500), "CO (µg/m³)", 0), Column("vn_aqi", "integer", _int(10, 160), "VN_AQI", 0)),
        rows=120, years=(2025, 2025), tags=("môi trường", "không khí", "quan trắc"), dictionary=index < 3,
        flaws=("missing",) if index in (1, 4) else (), formats=("CSV", "JSON"))


def _ward_data(agency: str, ward: vocab.Term) -> tuple[DemoDataset, ...]:
    short = ward.vi
    return (
        DemoDataset(f"dan-so-to-dan-pho-{ward.code}", f"Dân số theo tổ dân phố, thôn - {short}",
                    f"Số hộ, số nhân khẩu theo tổ dân phố, thôn của {short} năm 2025.",
                    agency, "localities", "sector_data", "annual",
                    (Column("to_dan_pho", "string", lambda _r, i: f"Tổ dân phố {i + 1}", "Tổ dân phố"),
                     Column("so_ho", "integer", _int(80, 600), "Số hộ", 0),
                     Column("so_nhan_khau", "integer", _int(300, 2500), "Số nhân khẩu", 0)),
                    rows=20, spatial=(ward.code,), tags=("dân số", "địa phương"), dictionary=True,
                    legal_basis="Luật Thống kê 2015"),
        DemoDataset(f"diem-thu-gom-rac-{ward.code}", f"Điểm tập kết, thu gom rác thải - {short}",
                    f"Vị trí, giờ thu gom các điểm tập kết rác thải sinh hoạt trên địa bàn {short}.",
                    agency, "environment", "sector_data", "quarterly",
                    (Column("diem", "string", _code("R"), "Điểm"), Column("dia_chi", "string", _address, "Địa chỉ"),
                     Column("gio_thu_gom", "string", _pick(("5:00", "17:00", "21:00")), "Giờ thu gom")),
                    rows=15, spatial=(ward.code,), tags=("rác thải", "môi trường"),
                    flaws=("missing",) if ward.code.endswith(("6", "7")) else ()),
    )


def _simple(name: str, title: str, notes: str, agency: str, sector: str, frequency: str,
            columns: tuple[Column, ...], **kwargs) -> DemoDataset:
    return DemoDataset(name, title, notes, agency, sector, kwargs.pop("kind", "sector_data"), frequency,
                       columns, **kwargs)


def _budget(year: int) -> DemoDataset:
    items = ("Thu nội địa", "Thu xuất nhập khẩu", "Chi đầu tư phát triển", "Chi thường xuyên",
             "Chi giáo dục", "Chi y tế", "Chi khoa học công nghệ", "Chi bảo vệ môi trường")
    return _simple(f"du-toan-ngan-sach-{year}", f"Công khai dự toán ngân sách thành phố Huế năm {year}",
                   f"Số liệu công khai dự toán thu, chi ngân sách nhà nước thành phố Huế năm {year} (triệu đồng).",
                   "so-tai-chinh", "finance", "annual",
                   (Column("noi_dung", "string", lambda _r, i: items[i % len(items)], "Nội dung"),
                    Column("du_toan", "number", _float(10000, 900000), "Dự toán (triệu đồng)", 0)),
                   rows=len(items), years=(year, year), tags=("ngân sách", "tài chính công"), dictionary=True,
                   legal_basis="Luật Ngân sách nhà nước 2015", kind="shared_data")


def demo_datasets() -> tuple[DemoDataset, ...]:
    from ckanext.huedata.demo.agencies import ward_agencies

    wards = vocab.by_code(vocab.wards())
    items: list[DemoDataset] = [
        _schools("Mầm non", "MN"), _schools("Tiểu học", "TH", ("missing",)), _schools("THCS", "CS"),
        _schools("THPT", "PT", ("duplicates",)),
        *(_visitors(year) for year in (2023, 2024, 2025)),
        *(_air(station, i) for i, station in enumerate(STATIONS)),
        *(_budget(year) for year in (2024, 2025, 2026)),
    ]
    for agency in ward_agencies():
        items.extend(_ward_data(agency.name, wards[agency.name.removeprefix("ubnd-")]))
    items.extend(_catalogue())
    return tuple(items)


def _catalogue() -> tuple[DemoDataset, ...]:
    place = _place_columns
    return (
        _simple("tram-y-te-phuong-xa", "Danh sách trạm y tế phường, xã", "Trạm y tế của 40 phường, xã: địa chỉ, điện thoại, số giường, số nhân viên.",
                "so-y-te", "health", "annual", (*place("Trạm y tế", "YT"), Column("so_giuong", "integer", _int(2, 15), "Số giường", 0)),
                rows=40, tags=("y tế", "trạm y tế"), dictionary=True, shared=True, kind="shared_data", formats=("CSV", "JSON")),
        _simple("benh-vien", "Danh sách bệnh viện, trung tâm y tế", "Bệnh viện công lập và tư nhân trên địa bàn thành phố Huế.",
                "so-y-te", "health", "annual", (*place("Bệnh viện", "BV"), Column("so_giuong", "integer", _int(50, 2000), "Số giường", 0)), rows=25, tags=("y tế", "bệnh viện")),
        _simple("nha-thuoc-gpp", "Nhà thuốc đạt chuẩn GPP", "Danh sách nhà thuốc đạt chuẩn Thực hành tốt cơ sở bán lẻ thuốc (GPP).",
                "so-y-te", "health", "quarterly", place("Nhà thuốc", "NT"), rows=60, tags=("y tế", "dược"), flaws=("duplicates",)),
        _simple("tiem-chung-mo-rong", "Kết quả tiêm chủng mở rộng theo quý", "Tỷ lệ tiêm chủng đầy đủ trẻ dưới 1 tuổi theo phường, xã và quý.",
                "so-y-te", "health", "quarterly", (Column("quy", "string", _pick(("2025-Q1", "2025-Q2", "2025-Q3")), "Quý"),
                                                   Column("phuong_xa", "string", _ward, "Phường, xã"), Column("ty_le", "number", _float(80, 100), "Tỷ lệ (%)", 0)),
                rows=60, tags=("y tế", "tiêm chủng"), kind="survey_data", flaws=("missing",)),
        _simple("co-so-luu-tru-du-lich", "Cơ sở lưu trú du lịch", "Khách sạn, nhà nghỉ, homestay được xếp hạng trên địa bàn thành phố Huế.",
                "so-du-lich", "tourism", "quarterly", (*place("Khách sạn", "LT"), Column("hang_sao", "integer", _int(1, 5), "Hạng sao", 1),
                                                       Column("so_phong", "integer", _int(5, 300), "Số phòng", 0)), rows=80, tags=("du lịch", "lưu trú"), dictionary=True, formats=("CSV", "JSON")),
        _simple("diem-du-lich", "Điểm du lịch tiêu biểu", "Các điểm du lịch, di tích, danh thắng tiêu biểu với giờ mở cửa và giá vé.",
                "so-du-lich", "tourism", "annual", (Column("ten", "string", lambda _r, i: SITES[i % len(SITES)], "Tên"),
                                                    Column("gio_mo_cua", "string", _pick(("7:00-17:30", "6:30-17:30", "8:00-17:00")), "Giờ mở cửa"),
                                                    Column("gia_ve", "integer", _pick((0, 50000, 100000, 200000)), "Giá vé (đồng)", 0)), rows=12, tags=("du lịch",), shared=True, kind="shared_code_list"),
        _simple("nha-hang-dat-chuan", "Nhà hàng đạt chuẩn phục vụ khách du lịch", "Nhà hàng, cơ sở ăn uống đạt chuẩn phục vụ khách du lịch.",
                "so-du-lich", "tourism", "semiannual", place("Nhà hàng", "NH"), rows=35, tags=("du lịch", "ẩm thực")),
        _simple("lich-le-hoi-festival", "Lịch sự kiện Festival Huế", "Các sự kiện, lễ hội của Festival Huế 4 mùa: tên, thời gian, địa điểm.",
                "trung-tam-festival-hue", "culture", "monthly", (Column("su_kien", "string", lambda _r, i: f"Sự kiện {i + 1}", "Sự kiện"),
                                                                  Column("ngay", "date", _day(2026), "Ngày"), Column("dia_diem", "string", _pick(SITES), "Địa điểm")),
                rows=30, tags=("festival", "lễ hội", "văn hóa"), dictionary=True),
        _simple("le-hoi-truyen-thong", "Lễ hội truyền thống thành phố Huế", "Danh mục lễ hội truyền thống, thời gian tổ chức và cấp quản lý.",
                "so-van-hoa-the-thao", "culture", "never", (Column("ten", "string", lambda _r, i: f"Lễ hội {i + 1}", "Tên"), Column("phuong_xa", "string", _ward, "Phường, xã")),
                rows=25, tags=("văn hóa", "lễ hội"), kind="standardised_legacy"),
        _simple("di-tich-xep-hang", "Di tích được xếp hạng", "Di tích lịch sử - văn hóa cấp quốc gia, quốc gia đặc biệt và cấp thành phố.",
                "trung-tam-bao-ton-di-tich", "culture", "irregular", (Column("ten", "string", lambda _r, i: SITES[i % len(SITES)], "Tên"),
                                                                       Column("cap_xep_hang", "string", _pick(("Quốc gia đặc biệt", "Quốc gia", "Thành phố")), "Cấp xếp hạng")),
                rows=12, tags=("di tích", "văn hóa"), dictionary=True, shared=True, kind="shared_code_list"),
        _simple("thiet-che-the-thao", "Thiết chế văn hóa, thể thao cơ sở", "Nhà văn hóa, sân thể thao của phường, xã.",
                "so-van-hoa-the-thao", "culture", "annual", place("Nhà văn hóa", "VH"), rows=40, tags=("thể thao", "văn hóa")),
        _simple("doanh-nghiep-thanh-lap-moi", "Doanh nghiệp thành lập mới theo tháng", "Số doanh nghiệp thành lập mới, vốn đăng ký theo tháng.",
                "so-tai-chinh", "economy_trade", "monthly", (Column("thang", "yearmonth", _month(2025), "Tháng"), Column("so_doanh_nghiep", "integer", _int(40, 160), "Số doanh nghiệp", 0),
                                                             Column("von_dang_ky", "number", _float(100, 3000), "Vốn (tỷ đồng)", 0)), rows=12, tags=("doanh nghiệp", "kinh tế"), kind="enterprise_reported"),
        _simple("cho-tren-dia-ban", "Danh sách chợ", "Chợ hạng 1, 2, 3 trên địa bàn thành phố Huế.",
                "so-cong-thuong", "economy_trade", "annual", (*place("Chợ", "CH"), Column("hang_cho", "integer", _int(1, 3), "Hạng chợ", 1)), rows=45, tags=("chợ", "thương mại"), dictionary=True),
        _simple("gia-ca-thi-truong", "Giá cả thị trường một số mặt hàng thiết yếu", "Giá bán lẻ gạo, thịt lợn, rau, xăng dầu theo tuần.",
                "so-cong-thuong", "economy_trade", "weekly", (Column("tuan", "string", lambda _r, i: f"2025-W{i % 52 + 1:02d}", "Tuần"),
                                                              Column("mat_hang", "string", _pick(("Gạo tẻ", "Thịt lợn hơi", "Rau muống", "Xăng RON95")), "Mặt hàng"),
                                                              Column("gia", "integer", _int(8000, 120000), "Giá (đồng)", 0)), rows=104, tags=("giá cả", "thương mại"), flaws=("missing",)),
        _simple("tram-sac-xe-dien", "Trạm sạc xe điện", "Vị trí, công suất các trạm sạc xe điện công cộng.",
                "so-cong-thuong", "energy", "quarterly", (*place("Trạm sạc", "TS"), Column("cong_suat_kw", "number", _float(7, 150), "Công suất (kW)", 0)), rows=30, tags=("năng lượng", "xe điện")),
        _simple("dien-nang-tieu-thu", "Điện năng tiêu thụ theo tháng", "Sản lượng điện thương phẩm theo thành phần phụ tải.",
                "so-cong-thuong", "energy", "monthly", (Column("thang", "yearmonth", _month(2025), "Tháng"), Column("san_luong_mwh", "number", _float(50000, 120000), "Sản lượng (MWh)", 0)),
                rows=12, tags=("điện", "năng lượng"), kind="enterprise_reported"),
        _simple("dien-tich-gieo-trong", "Diện tích gieo trồng cây hằng năm", "Diện tích lúa, ngô, rau các loại theo vụ và phường, xã.",
                "so-nong-nghiep-moi-truong", "agriculture", "semiannual", (Column("vu", "string", _pick(("Đông Xuân 2025", "Hè Thu 2025")), "Vụ"),
                                                                            Column("phuong_xa", "string", _ward, "Phường, xã"), Column("dien_tich_ha", "number", _float(10, 900), "Diện tích (ha)", 0)),
                rows=60, tags=("nông nghiệp", "trồng trọt"), kind="survey_data", dictionary=True),
        _simple("muc-nuoc-song-huong", "Mực nước sông Hương tại trạm Kim Long", "Mực nước giờ tại trạm thủy văn Kim Long mùa mưa lũ.",
                "so-nong-nghiep-moi-truong", "environment", "continuous", (Column("ngay", "date", _day(2025), "Ngày"), Column("muc_nuoc_m", "number", _float(0.2, 4.5), "Mực nước (m)")),
                rows=90, spatial=("19810",), tags=("thủy văn", "lũ lụt"), kind="iot_sensor", formats=("CSV", "JSON")),
        _simple("cong-trinh-xay-dung-duoc-cap-phep", "Giấy phép xây dựng đã cấp", "Giấy phép xây dựng công trình đã cấp theo quý.",
                "so-xay-dung", "infrastructure", "quarterly", (Column("so_giay_phep", "string", _code("GPXD-"), "Số giấy phép"), Column("dia_chi", "string", _address, "Địa chỉ"),
                                                               Column("phuong_xa", "string", _ward, "Phường, xã"), Column("dien_tich_m2", "number", _float(50, 5000), "Diện tích (m²)", 0)),
                rows=70, tags=("xây dựng", "giấy phép"), kind="platform_generated", flaws=("duplicates",)),
        _simple("tuyen-xe-buyt", "Tuyến xe buýt công cộng", "Danh sách tuyến xe buýt, điểm đầu, điểm cuối, tần suất chạy.",
                "so-xay-dung", "infrastructure", "annual", (Column("tuyen", "string", _code("T"), "Tuyến"), Column("diem_dau", "string", _pick(SITES), "Điểm đầu"),
                                                            Column("diem_cuoi", "string", _pick(SITES), "Điểm cuối"), Column("tan_suat_phut", "integer", _int(10, 40), "Tần suất (phút)", 1)),
                rows=14, tags=("giao thông", "xe buýt"), dictionary=True),
        _simple("du-an-dau-tu-cong", "Dự án đầu tư xây dựng công trình giao thông", "Danh mục dự án, tổng mức đầu tư, tiến độ.",
                "ban-qlda-giao-thong", "infrastructure", "quarterly", (Column("du_an", "string", _code("DA"), "Dự án"), Column("tong_muc_dau_tu", "number", _float(5, 900), "Tổng mức (tỷ đồng)", 0),
                                                                       Column("tien_do", "integer", _int(0, 100), "Tiến độ (%)", 0)), rows=20, tags=("đầu tư công", "giao thông")),
        _simple("doanh-nghiep-khu-cong-nghiep", "Doanh nghiệp trong các khu công nghiệp", "Doanh nghiệp hoạt động trong khu kinh tế, khu công nghiệp, số lao động.",
                "ban-quan-ly-khu-kinh-te", "economy_trade", "semiannual", (Column("doanh_nghiep", "string", _code("DN"), "Doanh nghiệp"),
                                                                             Column("khu", "string", _pick(("KCN Phú Bài", "KCN Phong Điền", "KKT Chân Mây - Lăng Cô")), "Khu"),
                                                                             Column("so_lao_dong", "integer", _int(10, 3000), "Số lao động", 0)), rows=50, tags=("khu công nghiệp",), kind="enterprise_reported"),
        _simple("lao-dong-viec-lam", "Lao động được giải quyết việc làm", "Số lao động được tạo việc làm mới theo phường, xã.",
                "so-noi-vu", "labour", "quarterly", (Column("phuong_xa", "string", _ward, "Phường, xã"), Column("so_lao_dong", "integer", _int(20, 400), "Số lao động", 0)),
                rows=40, tags=("lao động", "việc làm"), flaws=("missing",)),
        _simple("ho-ngheo-can-ngheo", "Hộ nghèo, hộ cận nghèo", "Số hộ nghèo, cận nghèo theo phường, xã (chuẩn nghèo đa chiều).",
                "so-noi-vu", "society", "annual", (Column("phuong_xa", "string", _ward, "Phường, xã"), Column("ho_ngheo", "integer", _int(0, 300), "Hộ nghèo", 0),
                                                   Column("ho_can_ngheo", "integer", _int(0, 400), "Hộ cận nghèo", 0)), rows=40, tags=("xã hội", "giảm nghèo"), kind="survey_data", access="on_request"),
        _simple("to-chuc-hanh-nghe-cong-chung", "Tổ chức hành nghề công chứng", "Văn phòng công chứng, phòng công chứng: địa chỉ, điện thoại.",
                "so-tu-phap", "society", "irregular", place("Văn phòng công chứng", "CC"), rows=18, tags=("tư pháp", "công chứng"), kind="shared_code_list"),
        _simple("thu-tuc-hanh-chinh", "Thống kê hồ sơ thủ tục hành chính", "Hồ sơ tiếp nhận, giải quyết đúng hạn theo tháng.",
                "van-phong-ubnd", "society", "monthly", (Column("thang", "yearmonth", _month(2025), "Tháng"), Column("tiep_nhan", "integer", _int(5000, 20000), "Tiếp nhận", 0),
                                                         Column("dung_han", "integer", _int(4000, 19000), "Đúng hạn", 0)), rows=12, tags=("hành chính công",), kind="platform_generated"),
        _simple("thanh-tra-ket-luan", "Kết luận thanh tra đã công khai", "Danh mục kết luận thanh tra đã công khai.",
                "thanh-tra-thanh-pho", "society", "quarterly", (Column("so_ket_luan", "string", _code("KL-"), "Số kết luận"), Column("ngay", "date", _day(2025), "Ngày")), rows=25, tags=("thanh tra",)),
        _simple("nhiem-vu-khoa-hoc", "Nhiệm vụ khoa học và công nghệ", "Đề tài, dự án khoa học cấp thành phố: chủ nhiệm, kinh phí, tình trạng.",
                "so-khoa-hoc-cong-nghe", "technology", "annual", (Column("ma", "string", _code("KHCN"), "Mã"), Column("kinh_phi", "number", _float(100, 3000), "Kinh phí (triệu đồng)", 0)),
                rows=30, tags=("khoa học", "công nghệ"), dictionary=True),
        _simple("diem-wifi-cong-cong", "Điểm wifi công cộng miễn phí", "Điểm phát wifi công cộng miễn phí của thành phố.",
                "trung-tam-cong-nghe-thong-tin", "technology", "quarterly", place("Điểm wifi", "WF"), rows=50, tags=("wifi", "đô thị thông minh"), kind="platform_generated", formats=("CSV", "JSON")),
        _simple("phan-anh-hien-truong", "Phản ánh hiện trường qua Hue-S", "Số phản ánh của người dân qua ứng dụng Hue-S theo lĩnh vực và tháng.",
                "trung-tam-cong-nghe-thong-tin", "technology", "monthly", (Column("thang", "yearmonth", _month(2025), "Tháng"),
                                                                            Column("linh_vuc", "string", _pick(("Môi trường", "Giao thông", "Trật tự đô thị")), "Lĩnh vực"),
                                                                            Column("so_phan_anh", "integer", _int(50, 900), "Số phản ánh", 0)), rows=36, tags=("Hue-S", "phản ánh"), kind="citizen_contributed"),
        _simple("chi-so-phat-trien", "Chỉ số kinh tế - xã hội chủ yếu", "GRDP, cơ cấu kinh tế, thu nhập bình quân đầu người giai đoạn 2020-2025.",
                "vien-nghien-cuu-phat-trien", "economy_trade", "annual", (Column("nam", "year", lambda _r, i: 2020 + i % 6, "Năm"), Column("chi_tieu", "string", _pick(("GRDP", "Thu nhập bình quân")), "Chỉ tiêu"),
                                                                          Column("gia_tri", "number", _float(40, 80000), "Giá trị")), rows=12, years=(2020, 2025), tags=("kinh tế", "thống kê"), kind="survey_data"),
        _simple("hop-tac-quoc-te", "Dự án hợp tác quốc tế", "Các dự án ODA, phi chính phủ nước ngoài đang triển khai.",
                "vien-nghien-cuu-phat-trien", "economy_trade", "semiannual", (Column("du_an", "string", _code("ODA"), "Dự án"), Column("nha_tai_tro", "string", _pick(("JICA", "KOICA", "ADB", "WB")), "Nhà tài trợ")),
                rows=15, tags=("hợp tác quốc tế",), kind="cooperation_programme"),
        _simple("chuong-trinh-phat-thanh", "Lịch phát sóng chương trình truyền hình", "Lịch phát sóng các chương trình thời sự, văn hóa của TRT.",
                "dai-phat-thanh-truyen-hinh", "culture", "weekly", (Column("ngay", "date", _day(2026), "Ngày"), Column("chuong_trinh", "string", _pick(("Thời sự", "Huế xưa và nay", "Ca Huế")), "Chương trình")),
                rows=28, tags=("truyền hình",)),
        _simple("sach-xuat-ban", "Xuất bản phẩm của Nhà xuất bản Thuận Hóa", "Đầu sách đã xuất bản: tên, tác giả, năm, chủ đề.",
                "nha-xuat-ban-thuan-hoa", "culture", "annual", (Column("ma_sach", "string", _code("TH"), "Mã sách"), Column("nam", "year", _int(2015, 2025), "Năm")), rows=40, tags=("xuất bản",)),
        _simple("tuyen-sinh-cao-dang-y-te", "Kết quả tuyển sinh Trường Cao đẳng Y tế Huế", "Chỉ tiêu, số trúng tuyển theo ngành đào tạo.",
                "truong-cao-dang-y-te", "education", "annual", (Column("nganh", "string", _pick(("Điều dưỡng", "Dược", "Hộ sinh", "Kỹ thuật xét nghiệm")), "Ngành"),
                                                               Column("chi_tieu", "integer", _int(50, 400), "Chỉ tiêu", 0), Column("trung_tuyen", "integer", _int(30, 400), "Trúng tuyển", 0)), rows=8, tags=("tuyển sinh", "y tế")),
        _simple("cong-trinh-dan-dung", "Công trình dân dụng đang thi công", "Công trình dân dụng và công nghiệp do Ban quản lý dự án làm chủ đầu tư.",
                "ban-qlda-dan-dung-cong-nghiep", "infrastructure", "quarterly", (Column("cong_trinh", "string", _code("CT"), "Công trình"), Column("tien_do", "integer", _int(0, 100), "Tiến độ (%)", 0)),
                rows=12, tags=("xây dựng",)),
    )
