"""A test LGSP: OAuth2 token endpoint plus four agency APIs, served on 127.0.0.1.

A real HTTP server (threads, free port) so the harvester talks to it exactly as it would to
the city's API gateway. Each agency API has its own JSON shape and pagination style; faults
are injected per path through :meth:`LgspState.inject` or the switches on :class:`LgspState`.
Used by the tests and by ``bench/harvest_lgsp.py``.
"""
from __future__ import annotations

import base64
import json
import secrets
import threading
import time
from dataclasses import dataclass, field
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from typing import Any
from urllib.parse import parse_qs, urlencode, urlparse

CONSUMER_KEY = "hue-portal-consumer"
CONSUMER_SECRET = "s3cr3t-lgsp-consumer-value"


@dataclass
class LgspState:
    """What the server serves and which faults it plays; tests mutate it between runs."""

    base_url: str = ""
    token_ttl: float = 300.0
    tokens: dict[str, float] = field(default_factory=dict)
    issued: list[str] = field(default_factory=list)
    token_down: bool = False
    endless: bool = False
    slow_seconds: float = 2.0
    # path -> queued faults, consumed one per request: 500, 429, timeout, malformed, 401
    faults: dict[str, list[str]] = field(default_factory=dict)
    retry_after: str = "1"
    requests: list[tuple[str, dict[str, str]]] = field(default_factory=list)
    token_requests: int = 0
    catalogue: list[dict[str, Any]] = field(default_factory=list)
    hospitals: list[dict[str, Any]] = field(default_factory=list)
    sites: list[dict[str, Any]] = field(default_factory=list)
    stations: list[dict[str, Any]] = field(default_factory=list)
    # /tables/<name>: any number of offset/limit record APIs (the benchmark uses 1,000)
    tables: dict[str, list[dict[str, Any]]] = field(default_factory=dict)
    # How the token endpoint accepts the client: "basic" (HTTP Basic), "post" (form body
    # only, RFC 6749 2.3.1) or "both"; what each token request used.
    token_auth: str = "both"
    token_methods: list[str] = field(default_factory=list)
    # A gateway that serves at most this many rows per page whatever is asked (None: no cap)
    page_cap: int | None = None
    # /gw/*: the gateway's envelope {"status": {"code", "message"}, "data": {...}};
    # a code other than "00" with HTTP 200 is how such gateways report errors.
    envelope_code: str = "00"
    envelope_message: str = "Thành công"
    procedures: list[dict[str, Any]] = field(default_factory=list)
    finance: list[dict[str, Any]] = field(default_factory=list)
    # what the server answered, to check the client's waits: (path, status, Retry-After)
    answered: list[tuple[str, int, str]] = field(default_factory=list)
    lock: threading.Lock = field(default_factory=threading.Lock)

    def inject(self, path: str, *faults: str) -> None:
        self.faults.setdefault(path, []).extend(faults)

    def revoke_tokens(self) -> None:
        self.tokens.clear()


def sample_catalogue(count: int = 3) -> list[dict[str, Any]]:
    sectors = ["Y tế", "Giáo dục", "Du lịch"]
    return [{
        "ma": f"TNMT-{i:04d}",
        "ten": f"Bộ dữ liệu quan trắc số {i}",
        "mo_ta": f"Số liệu quan trắc môi trường điểm {i}",
        "linh_vuc": sectors[i % len(sectors)],
        "tu_khoa": ["moi-truong", f"diem-{i}"],
        "lien_he": {"ten": "Sở Nông nghiệp và Môi trường", "email": "snnmt@hue.gov.vn"},
        "cap_nhat": "2026-10-01T00:00:00",
    } for i in range(1, count + 1)]


def sample_procedures(count: int = 3) -> list[dict[str, Any]]:
    """Agency catalogue items as Vietnamese gateways serve them: titles with diacritics,
    dd/mm/yyyy dates, keywords in one ';'-separated string, numbers with comma decimals."""
    return [{
        "maHoSo": f"DVC-{i:04d}",
        "tenBoDuLieu": f"  Thống kê hồ sơ dịch vụ công trực tuyến số {i}  ",
        "moTa": f"Số hồ sơ tiếp nhận qua Cổng dịch vụ công, kỳ {i}",
        "linhVuc": "Giáo dục",
        "tuKhoa": "dịch vụ công; hồ sơ ;trực tuyến",
        "ngayBatDau": "01/01/2026",
        "ngayKetThuc": f"{(i % 28) + 1:02d}/03/2026",
        "phienBan": "2.469,5",
        "donVi": {"ten": "Trung tâm Phục vụ hành chính công", "thuDienTu": "tthcc@hue.gov.vn"},
        "ngayCapNhat": "2026-10-01T00:00:00",
    } for i in range(1, count + 1)]


def sample_finance(count: int) -> list[dict[str, Any]]:
    """Records with typed values in agency text formats and nested objects."""
    return [{"ma": f"TC-{i:05d}", "ngay": f"{(i % 28) + 1:02d}/{(i % 12) + 1:02d}/2026",
             "soTien": f"{i}.{i % 1000:03d},{i % 10}", "soLuong": str(i),
             "donVi": {"ma": f"DV{i % 7}", "ten": f"Đơn vị {i % 7}"}}
            for i in range(1, count + 1)]


def sample_rows(count: int, prefix: str = "BV") -> list[dict[str, Any]]:
    return [{"ma": f"{prefix}-{i:05d}", "ten": f"Cơ sở {i}", "so_giuong": 10 + i,
             "phuong": "Phú Hội" if i % 2 else "Thuận Hóa"} for i in range(1, count + 1)]


class _Handler(BaseHTTPRequestHandler):
    server: _Server

    def log_message(self, format: str, *args: Any) -> None:  # noqa: A002 - silence stderr
        return

    @property
    def state(self) -> LgspState:
        return self.server.state

    def _send(self, status: int, body: Any, headers: dict[str, str] | None = None) -> None:
        raw = body if isinstance(body, bytes) else json.dumps(body).encode()
        self.send_response(status)
        self.send_header("Content-Type", "application/json")
        self.send_header("Content-Length", str(len(raw)))
        for key, value in (headers or {}).items():
            self.send_header(key, value)
        self.end_headers()
        self.wfile.write(raw)

    def do_POST(self) -> None:  # noqa: N802
        if urlparse(self.path).path != "/token":
            return self._send(404, {"error": "not found"})
        self.state.token_requests += 1
        if self.state.token_down:
            return self._send(503, {"error": "gateway unavailable"})
        expected = base64.b64encode(f"{CONSUMER_KEY}:{CONSUMER_SECRET}".encode()).decode()
        length = int(self.headers.get("Content-Length") or 0)
        form = parse_qs(self.rfile.read(length).decode())
        basic = self.headers.get("Authorization") == f"Basic {expected}"
        post = (form.get("client_id") == [CONSUMER_KEY]
                and form.get("client_secret") == [CONSUMER_SECRET])
        self.state.token_methods.append("basic" if basic else "post" if post else "none")
        accepted = {"basic": basic, "post": post, "both": basic or post}[self.state.token_auth]
        if not accepted:
            return self._send(401, {"error": "invalid_client"})
        if form.get("grant_type") != ["client_credentials"]:
            return self._send(400, {"error": "unsupported_grant_type"})
        token = secrets.token_hex(16)
        with self.state.lock:
            self.state.tokens[token] = time.time() + self.state.token_ttl
            self.state.issued.append(token)
        return self._send(200, {"access_token": token, "token_type": "Bearer",
                                "expires_in": self.state.token_ttl})

    def do_GET(self) -> None:  # noqa: N802
        url = urlparse(self.path)
        query = {k: v[0] for k, v in parse_qs(url.query).items()}
        self.state.requests.append((url.path, query))
        with self.state.lock:
            queued = self.state.faults.get(url.path) or []
            fault = queued.pop(0) if queued else None
        if fault == "401":
            self.state.revoke_tokens()
        if not self._authorised():
            self.state.answered.append((url.path, 401, ""))
            return self._send(401, {"error": "invalid_token"})
        if fault == "500":
            return self._send(500, {"error": "internal"})
        if fault in ("429", "503"):
            self.state.answered.append((url.path, int(fault), self.state.retry_after))
            return self._send(int(fault), {"error": "slow down"},
                              {"Retry-After": self.state.retry_after})
        if fault == "timeout":
            time.sleep(self.state.slow_seconds)
        if fault == "malformed":
            return self._send(200, b'{"data": [{"ma": "broken"')
        routes = {
            "/sotnmt/datasets": self._catalogue,
            "/syt/benh-vien": self._hospitals,
            "/sdl/diem-du-lich": self._sites,
            "/sotnmt/quan-trac": self._stations,
        }
        if url.path == "/gw/ho-so":
            return self._procedures(query)
        if url.path == "/gw/thu-chi":
            return self._finance(query)
        if url.path.startswith("/sotnmt/datasets/"):
            return self._catalogue_item(url.path.rsplit("/", 1)[-1])
        if url.path.startswith("/tables/"):
            return self._table(url.path.removeprefix("/tables/"), query)
        route = routes.get(url.path)
        if route is None:
            return self._send(404, {"error": "not found"})
        return route(query)

    def _authorised(self) -> bool:
        header = self.headers.get("Authorization") or ""
        token = header.removeprefix("Bearer ")
        expiry = self.state.tokens.get(token)
        return header.startswith("Bearer ") and expiry is not None and expiry > time.time()

    # page/size, with a modified-since filter
    def _size(self, asked: int) -> int:
        return min(asked, self.state.page_cap) if self.state.page_cap else asked

    def _catalogue(self, query: dict[str, str]) -> None:
        page, size = int(query.get("page", 1)), self._size(int(query.get("size", 20)))
        items = self.state.catalogue
        if "updated_since" in query:
            items = [i for i in items if i["cap_nhat"] > query["updated_since"]]
        if self.state.endless:
            page = 1
        chunk = items[(page - 1) * size: page * size]
        self._send(200, {"data": chunk, "total": len(items), "page": page})

    def _catalogue_item(self, ident: str) -> None:
        for item in self.state.catalogue:
            if item["ma"] == ident:
                return self._send(200, {"data": item})
        return self._send(404, {"error": "not found"})

    # offset/limit
    def _hospitals(self, query: dict[str, str]) -> None:
        offset, limit = int(query.get("offset", 0)), self._size(int(query.get("limit", 50)))
        rows = self.state.hospitals
        self._send(200, {"items": rows[offset: offset + limit], "count": len(rows)})

    def _table(self, name: str, query: dict[str, str]) -> None:
        if name not in self.state.tables:
            return self._send(404, {"error": "not found"})
        offset, limit = int(query.get("offset", 0)), self._size(int(query.get("limit", 50)))
        rows = self.state.tables[name]
        self._send(200, {"items": rows[offset: offset + limit], "count": len(rows)})

    # the gateway envelope, page/size ("trang"/"soBanGhi"), total in data.totalRecord
    def _envelope(self, rows: list[dict[str, Any]], query: dict[str, str]) -> None:
        if self.state.envelope_code != "00":
            return self._send(200, {"status": {"code": self.state.envelope_code,
                                               "message": self.state.envelope_message},
                                    "data": None})
        page = int(query.get("trang", 1))
        size = self._size(int(query.get("soBanGhi", 20)))
        items = rows
        if "tuNgay" in query:
            items = [r for r in rows if r.get("ngayCapNhat", "") > query["tuNgay"]]
        chunk = items[(page - 1) * size: page * size]
        return self._send(200, {"status": {"code": "00", "message": self.state.envelope_message},
                                "data": {"items": chunk, "totalRecord": len(items)}})

    def _procedures(self, query: dict[str, str]) -> None:
        return self._envelope(self.state.procedures, query)

    def _finance(self, query: dict[str, str]) -> None:
        return self._envelope(self.state.finance, query)

    # next-link
    def _sites(self, query: dict[str, str]) -> None:
        start = 0 if self.state.endless else int(query.get("after", 0))
        rows = self.state.sites[start: start + 25]
        following = start + len(rows)
        nxt = None
        if self.state.endless or following < len(self.state.sites):
            nxt = f"{self.state.base_url}/sdl/diem-du-lich?{urlencode({'after': following})}"
        self._send(200, {"results": rows, "links": {"next": nxt}})

    # cursor
    def _stations(self, query: dict[str, str]) -> None:
        start = int(query["cursor"], 16) if query.get("cursor") else 0
        rows = self.state.stations[start: start + 40]
        following = start + len(rows)
        cursor = format(following, "x") if following < len(self.state.stations) else None
        if self.state.endless:
            cursor = "0"
        self._send(200, {"rows": rows, "meta": {"next_cursor": cursor}})


class _Server(ThreadingHTTPServer):
    daemon_threads = True
    state: LgspState


class LgspServer:
    """Start with :meth:`start`, stop with :meth:`stop`; ``state`` is live."""

    def __init__(self) -> None:
        self.httpd = _Server(("127.0.0.1", 0), _Handler)
        self.state = LgspState()
        self.httpd.state = self.state
        self.url = f"http://127.0.0.1:{self.httpd.server_address[1]}"
        self.state.base_url = self.url
        self._thread = threading.Thread(target=self.httpd.serve_forever, daemon=True)

    def start(self) -> LgspServer:
        self._thread.start()
        return self

    def stop(self) -> None:
        self.httpd.shutdown()
        self.httpd.server_close()
