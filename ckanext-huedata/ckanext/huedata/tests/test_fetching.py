"""The suite's one outbound fetcher refuses every way to reach a non-public address.

No test here connects anywhere but 127.0.0.1: names are answered by a stub resolver, and
numeric forms of addresses are resolved without any network lookup.
"""
from __future__ import annotations

import threading
import time
from collections.abc import Iterator
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

import pytest

from ckanext.huedata import fetching
from ckanext.huedata.fetching import DownloadFailed, Limits, RefusedURL


class Recorder(BaseHTTPRequestHandler):
    """Answers by path: /data.csv, /big, /drip, /redirect?to=…, /loop; records what it saw."""

    routes: dict[str, tuple[int, dict[str, str], bytes]] = {}

    def log_message(self, *args: object) -> None:
        pass

    def do_GET(self) -> None:  # noqa: N802 (http.server's name)
        self.server.seen.append((self.path, self.headers.get("Host")))  # type: ignore[attr-defined]
        if self.path.startswith("/drip"):
            self.send_response(200)
            self.end_headers()
            for _ in range(40):
                self.wfile.write(b"x" * 10)
                self.wfile.flush()
                time.sleep(0.1)
            return
        if self.path == "/big-chunked":
            self.send_response(200)
            self.send_header("Transfer-Encoding", "chunked")
            self.end_headers()
            chunk = b"y" * 65536
            for _ in range(40):
                self.wfile.write(b"%x\r\n%s\r\n" % (len(chunk), chunk))
            self.wfile.write(b"0\r\n\r\n")
            return
        status, headers, body = self.server.routes.get(self.path, (404, {}, b"not here"))  # type: ignore[attr-defined]
        self.send_response(status)
        for key, value in headers.items():
            self.send_header(key, value)
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        self.wfile.write(body)


class Server:
    def __init__(self, host: str = "127.0.0.1") -> None:
        self.httpd = ThreadingHTTPServer((host, 0), Recorder)
        self.httpd.seen = []  # type: ignore[attr-defined]
        self.httpd.routes = {}  # type: ignore[attr-defined]
        self.port = self.httpd.server_address[1]
        threading.Thread(target=self.httpd.serve_forever, daemon=True).start()

    @property
    def seen(self) -> list[tuple[str, str]]:
        return self.httpd.seen  # type: ignore[attr-defined]

    def route(self, path: str, status: int = 200, body: bytes = b"", **headers: str) -> None:
        self.httpd.routes[path] = (status, headers, body)  # type: ignore[attr-defined]

    def close(self) -> None:
        self.httpd.shutdown()
        self.httpd.server_close()


@pytest.fixture
def server() -> Iterator[Server]:
    s = Server()
    yield s
    s.close()


@pytest.fixture
def names(monkeypatch: pytest.MonkeyPatch) -> dict[str, list[list[str]]]:
    """A stub resolver: ``names[host]`` is the list of answers, one per lookup (the last repeats).
    Numeric addresses and ``localhost`` resolve as the system does, without any network."""
    table: dict[str, list[list[str]]] = {}
    calls: dict[str, int] = {}

    def resolve(host: str, port: int) -> list[str]:
        if host in table:
            answers = table[host]
            index = min(calls.get(host, 0), len(answers) - 1)
            calls[host] = calls.get(host, 0) + 1
            return answers[index]
        if host == "localhost" or host.replace(".", "").isdigit() or host.startswith("0x"):
            return fetching.system_resolver(host, port)
        raise OSError("no such name in the test resolver")

    monkeypatch.setattr(fetching, "resolver", resolve)
    return table


LIMITS = Limits(max_bytes=1 << 20, timeout=2, max_redirects=3)

# (url, refusal code) — every one refused before any connection is made.
HOSTILE_URLS = [
    ("http://127.0.0.1:{port}\\@1.1.1.1/../secret.csv", "characters"),
    ("http://127.0.0.1:{port}/\\..\\secret.csv", "characters"),
    ("http://1.1.1.1 @127.0.0.1:{port}/secret.csv", "characters"),
    ("http://1.1.1.1@127.0.0.1:{port}/secret.csv", "userinfo"),
    ("http://user:pw@127.0.0.1:{port}/secret.csv", "userinfo"),
    ("http://127.0.0.1:{port}/secret.csv", "private"),
    ("http://localhost:{port}/secret.csv", "private"),
    ("http://2130706433:{port}/secret.csv", "private"),          # 127.0.0.1 as one number
    ("http://0x7f.0.0.1:{port}/secret.csv", "private"),          # hexadecimal
    ("http://127.1:{port}/secret.csv", "private"),               # short form
    ("http://0.0.0.0:{port}/secret.csv", "private"),
    ("http://[::1]:{port}/secret.csv", "private"),
    ("http://[::ffff:127.0.0.1]:{port}/secret.csv", "private"),  # IPv4-mapped
    ("http://[::ffff:7f00:1]:{port}/secret.csv", "private"),
    ("http://[::127.0.0.1]:{port}/secret.csv", "private"),       # IPv4-compatible
    ("http://[2002:7f00:1::]:{port}/secret.csv", "private"),     # 6to4 of 127.0.0.1
    ("http://[64:ff9b::7f00:1]:{port}/secret.csv", "private"),   # NAT64 of 127.0.0.1
    ("http://169.254.169.254/latest/meta-data/", "private"),     # cloud metadata
    ("http://10.0.0.5/admin", "private"),
    ("http://172.16.0.1/", "private"),
    ("http://192.168.1.1/", "private"),
    ("http://100.64.0.1/", "private"),                           # carrier-grade NAT
    ("http://198.18.0.1/", "private"),                           # benchmarking
    ("http://224.0.0.1/", "private"),                            # multicast
    ("http://240.0.0.1/", "private"),                            # reserved
    ("http://255.255.255.255/", "private"),
    ("http://[fe80::1]/", "private"),
    ("http://[fc00::1]/", "private"),
    ("http://[ff02::1]/", "private"),
    ("http://internal.example/", "private"),                     # a name that resolves inside
    ("http://mixed.example/", "private"),                        # one public, one private answer
    ("http://nowhere.example/", "dns"),
    ("file:///etc/passwd", "scheme"),
    ("ftp://127.0.0.1/secret.csv", "scheme"),
    ("gopher://127.0.0.1:6379/_INFO", "scheme"),
    ("dict://127.0.0.1:6379/INFO", "scheme"),
    ("//127.0.0.1/secret.csv", "scheme"),
    ("", "empty"),
    ("http:///secret.csv", "ambiguous"),
    ("http://[::1/", "syntax"),
]


@pytest.mark.parametrize(("url", "code"), HOSTILE_URLS, ids=[u for u, _ in HOSTILE_URLS])
def test_hostile_url_is_refused_before_any_connection(url, code, server, names):
    names["internal.example"] = [["10.1.2.3"]]
    names["mixed.example"] = [["93.184.216.34", "127.0.0.1"]]
    server.route("/secret.csv", body=b"password,123")
    with pytest.raises(RefusedURL) as refused:
        fetching.fetch_bytes(url.format(port=server.port), limits=LIMITS, allowed_hosts=[])
    assert refused.value.code == code
    assert server.seen == []
    # a person reads the reason in both languages, with no address or class name in it
    assert refused.value.message_vi and refused.value.message_en
    assert "127.0.0.1" not in str(refused.value) and "Error" not in str(refused.value)


def test_public_address_is_accepted_and_pinned_without_connecting(names):
    names["open-data.example"] = [["93.184.216.34"]]
    checked = fetching.target("https://open-data.example/files/a.csv", allowed_hosts=[])
    assert (checked.scheme, checked.host, checked.port, checked.address) == (
        "https", "open-data.example", 443, "93.184.216.34")


def test_operator_may_allow_one_internal_host_by_name_or_network(names):
    names["lgsp.hue.gov.vn"] = [["10.20.1.7"]]
    assert fetching.target("http://lgsp.hue.gov.vn/api", allowed_hosts=["lgsp.hue.gov.vn"]).address == "10.20.1.7"
    assert fetching.target("http://lgsp.hue.gov.vn/api", allowed_hosts=["10.20.0.0/16"]).address == "10.20.1.7"
    with pytest.raises(RefusedURL):
        fetching.target("http://lgsp.hue.gov.vn/api", allowed_hosts=["10.30.0.0/16", "other.hue.gov.vn"])
    with pytest.raises(RefusedURL):  # allowing a host:port allows that port only
        fetching.target("http://lgsp.hue.gov.vn:6379/", allowed_hosts=["lgsp.hue.gov.vn:80"])


def test_connection_goes_to_the_checked_address_even_if_the_name_rebinds(server, names):
    # First answer 127.0.0.1 (allowed, a server listens), later answers 127.0.0.2 (nobody
    # listens): a fetcher that looked the name up again would fail to connect.
    names["files.example"] = [["127.0.0.1"], ["127.0.0.2"]]
    server.route("/data.csv", body=b"ma,ten\n1,Hu\xe1\xba\xbf\n")
    body = fetching.fetch_bytes(f"http://files.example:{server.port}/data.csv", limits=LIMITS,
                                allowed_hosts=["files.example"])
    assert body.startswith(b"ma,ten")
    # the server saw the name in the Host header, not the pinned address
    assert server.seen == [("/data.csv", f"files.example:{server.port}")]


def test_every_redirect_hop_is_checked_again(server, names):
    inner = Server()
    try:
        inner.route("/secret.csv", body=b"password,123")
        server.route("/public.csv", status=302, Location=f"http://127.0.0.1:{inner.port}/secret.csv")
        names["public.example"] = [["127.0.0.1"]]
        with pytest.raises(RefusedURL) as refused:
            fetching.fetch_bytes(f"http://public.example:{server.port}/public.csv", limits=LIMITS,
                                 allowed_hosts=[f"public.example:{server.port}"])
        assert refused.value.code == "private"
        assert [path for path, _ in server.seen] == ["/public.csv"]
        assert inner.seen == []
    finally:
        inner.close()


def test_redirect_to_an_allowed_place_is_followed_within_the_hop_limit(server, names):
    names["a.example"] = [["127.0.0.1"]]
    server.route("/old.csv", status=301, Location="/new.csv")
    server.route("/new.csv", body=b"a,b\n")
    assert fetching.fetch_bytes(f"http://a.example:{server.port}/old.csv", limits=LIMITS,
                                allowed_hosts=["a.example"]) == b"a,b\n"
    server.route("/loop", status=302, Location="/loop")
    with pytest.raises(DownloadFailed) as failed:
        fetching.fetch_bytes(f"http://a.example:{server.port}/loop", limits=LIMITS, allowed_hosts=["a.example"])
    assert failed.value.code == "redirects"
    assert len([p for p, _ in server.seen if p == "/loop"]) == LIMITS.max_redirects + 1


@pytest.mark.parametrize("path", ["/big", "/big-chunked"])
def test_a_body_over_the_size_limit_is_refused(server, path, names):
    server.route("/big", body=b"z" * (2 << 20))
    with pytest.raises(DownloadFailed) as failed:
        fetching.fetch_bytes(f"http://127.0.0.1:{server.port}{path}", limits=LIMITS, allowed_hosts=["127.0.0.1"])
    assert failed.value.code == "size"
    assert "1 MB" in failed.value.message_en


def test_a_slow_download_stops_at_the_total_time_limit(server, names):
    started = time.monotonic()
    with pytest.raises(DownloadFailed) as failed:
        fetching.fetch_bytes(f"http://127.0.0.1:{server.port}/drip", allowed_hosts=["127.0.0.1"],
                             limits=Limits(max_bytes=1 << 20, timeout=1, max_redirects=0))
    assert failed.value.code == "timeout"
    assert time.monotonic() - started < 3


def test_http_errors_are_reported_without_internal_detail(server, names):
    with pytest.raises(DownloadFailed) as failed:
        fetching.fetch_bytes(f"http://127.0.0.1:{server.port}/missing.csv", limits=LIMITS,
                             allowed_hosts=["127.0.0.1"])
    assert failed.value.code == "status"
    assert "404" in failed.value.message_vi and "404" in failed.value.message_en


def test_any_requests_session_can_be_guarded(server, names):
    """Client libraries (Authlib's OAuth2Session for the LGSP) get the same guard."""
    from authlib.integrations.requests_client import OAuth2Session

    server.route("/token", body=b"{}")
    http = fetching.session(allowed_hosts=[], session_class=OAuth2Session)
    with pytest.raises(RefusedURL):
        http.request("GET", f"http://127.0.0.1:{server.port}/token", withhold_token=True)
    assert server.seen == []
