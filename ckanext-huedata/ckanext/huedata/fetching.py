"""Every outbound HTTP request of the suite: one guarded, bounded fetcher.

Publishers type resource URLs and harvest source URLs; the portal's jobs then download
them from inside the city's network. Without a guard a URL such as
``http://10.0.0.5/admin``, ``http://169.254.169.254/`` or a public name that resolves
(or redirects) to one makes the portal read internal services (server-side request
forgery). The guard here:

- refuses URLs that different parsers could read differently (backslashes, user info,
  control characters, whitespace) and anything but http/https;
- resolves the host once, refuses it if any address is not public (private, loopback,
  link-local, reserved, multicast, unspecified, shared, IPv4-mapped/6to4/NAT64 forms of
  those) unless the operator allowed that host or network, and then connects to exactly
  the address it checked (pinning: a DNS answer that changes between check and connect
  changes nothing);
- runs again on every redirect hop, with a bounded number of hops;
- bounds the size and the total time of a download.

The check and the connection use one parse of the URL: :func:`target` is the only place
the host and port are read, and the transport adapter connects to what it returned.
"""
from __future__ import annotations

import ipaddress
import re
import socket
import time
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from typing import Any
from urllib.parse import urlsplit

import requests
import urllib3
from requests.adapters import HTTPAdapter

from ckanext.huedata import config

Address = ipaddress.IPv4Address | ipaddress.IPv6Address
Network = ipaddress.IPv4Network | ipaddress.IPv6Network

# Networks never reachable unless an operator allows them by name or network. ``is_global``
# covers most of them; these are the ones it does not (or not in every Python release).
_NOT_PUBLIC = tuple(ipaddress.ip_network(n) for n in (
    "0.0.0.0/8", "100.64.0.0/10", "192.0.0.0/24", "198.18.0.0/15", "224.0.0.0/4", "240.0.0.0/4",
    "::/128", "::1/128", "64:ff9b::/96", "64:ff9b:1::/48", "fc00::/7", "fe80::/10", "ff00::/8",
))
_FORBIDDEN_CHARACTERS = re.compile(r"[\\\s\x00-\x1f\x7f]")


class FetchError(Exception):
    """A URL that may not or could not be fetched; ``message_vi``/``message_en`` for people."""

    def __init__(self, code: str, message_vi: str, message_en: str) -> None:
        super().__init__(message_en)
        self.code = code
        self.message_vi = message_vi
        self.message_en = message_en

    def __str__(self) -> str:
        return f"{self.message_vi} / {self.message_en}"


class RefusedURL(FetchError):
    """The URL points where the portal must not go, or cannot be read unambiguously."""


class DownloadFailed(FetchError):
    """The server could not be reached or its answer was refused (status, size, time)."""


@dataclass(frozen=True)
class Target:
    """Where a URL leads, as read once: scheme, host (as written), port, and the pinned address."""

    scheme: str
    host: str
    port: int
    address: str


@dataclass(frozen=True)
class Limits:
    max_bytes: int
    timeout: float
    max_redirects: int

    @classmethod
    def configured(cls) -> Limits:
        return cls(config.outbound_max_bytes(), config.outbound_timeout(), config.outbound_max_redirects())


Resolver = Callable[[str, int], list[str]]


def system_resolver(host: str, port: int) -> list[str]:
    infos = socket.getaddrinfo(host, port, type=socket.SOCK_STREAM)
    return [str(info[4][0]) for info in infos]


# Tests of the guard replace this (never a real lookup of a non-loopback name in tests).
resolver: Resolver = system_resolver


def _embedded_ipv4(address: Address) -> ipaddress.IPv4Address | None:
    if isinstance(address, ipaddress.IPv6Address):
        if address.ipv4_mapped:
            return address.ipv4_mapped
        if address.sixtofour:
            return address.sixtofour
        if address.teredo:
            return address.teredo[1]
        if address in ipaddress.ip_network("::/96") and int(address) > 1:  # IPv4-compatible (deprecated)
            return ipaddress.IPv4Address(int(address) & 0xFFFFFFFF)
    return None


def is_public(address: Address) -> bool:
    """True only for addresses on the public internet."""
    embedded = _embedded_ipv4(address)
    if embedded is not None and not is_public(embedded):
        return False
    if any(address in network for network in _NOT_PUBLIC if network.version == address.version):
        return False
    return address.is_global and not (address.is_multicast or address.is_reserved or address.is_private
                                      or address.is_loopback or address.is_link_local
                                      or address.is_unspecified)


def _allowed(host: str, port: int, address: Address, allowed: list[str]) -> bool:
    """The operator allowed this host name, host:port, address or network."""
    for entry in allowed:
        entry = entry.strip().lower()
        if not entry:
            continue
        if entry in (host.lower(), f"{host.lower()}:{port}"):
            return True
        try:
            if address in ipaddress.ip_network(entry, strict=False):
                return True
        except ValueError:
            continue
    return False


def parse(url: str) -> tuple[str, str, int]:
    """``(scheme, host, port)`` of ``url``; raises :class:`RefusedURL` for a URL that is not
    plain http(s) or that two parsers could read differently.

    The URL is parsed by urllib3 (what the connection uses) and by the standard library;
    a URL they read differently is refused rather than guessed at.
    """
    if not isinstance(url, str) or not url:
        raise RefusedURL("empty", "Địa chỉ trống.", "The URL is empty.")
    if _FORBIDDEN_CHARACTERS.search(url):
        raise RefusedURL("characters", "Địa chỉ chứa ký tự không được phép (\\, khoảng trắng, ký tự điều khiển).",
                         "The URL contains characters that are not allowed (\\, spaces, control characters).")
    try:
        parsed = urllib3.util.parse_url(url)
        standard = urlsplit(url)
        standard_port = standard.port
    except (ValueError, urllib3.exceptions.LocationParseError):
        raise RefusedURL("syntax", "Địa chỉ không hợp lệ.", "The URL is not valid.") from None
    scheme = (parsed.scheme or "").lower()
    if scheme not in ("http", "https"):
        raise RefusedURL("scheme", "Chỉ tải được địa chỉ http hoặc https.", "Only http and https URLs are fetched.")
    if parsed.auth or "@" in (standard.netloc or ""):
        raise RefusedURL("userinfo", "Địa chỉ không được chứa tên người dùng hoặc mật khẩu.",
                         "The URL may not contain a user name or password.")
    host = (parsed.host or "").strip("[]").lower()
    port = parsed.port or (443 if scheme == "https" else 80)
    if not host or host != (standard.hostname or "").lower() or port != (standard_port or port):
        raise RefusedURL("ambiguous", "Địa chỉ không rõ ràng.", "The URL's host cannot be read unambiguously.")
    return scheme, host, port


def target(url: str, allowed_hosts: list[str] | None = None) -> Target:
    """Reads ``url`` once, resolves its host once and checks every address; raises
    :class:`RefusedURL`. The caller connects to ``Target.address`` and nowhere else."""
    scheme, host, port = parse(url)
    try:
        literal: Address | None = ipaddress.ip_address(host)
    except ValueError:
        literal = None
    try:
        addresses = [literal] if literal else [ipaddress.ip_address(a.split("%")[0]) for a in resolver(host, port)]
    except (OSError, UnicodeError, ValueError):
        raise RefusedURL("dns", "Không tìm thấy máy chủ của địa chỉ.", "The URL's host cannot be resolved.") from None
    if not addresses:
        raise RefusedURL("dns", "Không tìm thấy máy chủ của địa chỉ.", "The URL's host cannot be resolved.")
    allowed = config.outbound_allowed_hosts() if allowed_hosts is None else allowed_hosts
    # Every address must pass: a name with one public and one private answer is refused.
    for address in addresses:
        if not is_public(address) and not _allowed(host, port, address, allowed):
            raise RefusedURL("private", "Địa chỉ trỏ tới mạng nội bộ hoặc địa chỉ không công khai.",
                             "The URL points to a private, local or otherwise non-public address.")
    return Target(scheme=scheme, host=host, port=port, address=str(addresses[0]))


class GuardedAdapter(HTTPAdapter):
    """A requests transport that checks every request (every redirect hop included) with
    :func:`target` and connects to the address it checked."""

    def __init__(self, allowed_hosts: list[str] | None = None, **kwargs: Any) -> None:
        self.allowed_hosts = allowed_hosts
        super().__init__(max_retries=0, **kwargs)

    def send(self, request: requests.PreparedRequest, *args: Any, **kwargs: Any) -> requests.Response:
        checked = target(request.url or "", self.allowed_hosts)
        default_port = 443 if checked.scheme == "https" else 80
        host = f"[{checked.host}]" if ":" in checked.host else checked.host
        request.headers["Host"] = host if checked.port == default_port else f"{host}:{checked.port}"
        request._hue_target = checked  # type: ignore[attr-defined]  # read by get_connection_with_tls_context
        kwargs["proxies"] = {}  # a proxy would connect somewhere the guard did not check
        return super().send(request, *args, **kwargs)

    def get_connection_with_tls_context(self, request: requests.PreparedRequest, verify: Any,
                                        proxies: Any = None, cert: Any = None) -> Any:
        checked: Target = request._hue_target  # type: ignore[attr-defined]
        pool_kwargs: dict[str, Any] = {}
        if checked.scheme == "https":
            _host_params, tls_kwargs = self.build_connection_pool_key_attributes(request, verify, cert)
            pool_kwargs = dict(tls_kwargs)
            # TLS is verified against the name in the URL while the socket goes to the pinned address.
            pool_kwargs["server_hostname"] = checked.host
            pool_kwargs["assert_hostname"] = checked.host
        return self.poolmanager.connection_from_host(host=checked.address, port=checked.port,
                                                     scheme=checked.scheme, pool_kwargs=pool_kwargs)


def session(allowed_hosts: list[str] | None = None, max_redirects: int | None = None,
            session_class: type[requests.Session] = requests.Session, **session_kwargs: Any) -> requests.Session:
    """A requests session whose every request goes through the guard.

    ``session_class`` lets a client library's own session (e.g. Authlib's
    ``OAuth2Session``) be guarded the same way.
    """
    guarded = session_class(**session_kwargs)
    guarded.trust_env = False  # no proxies or .netrc from the environment
    guarded.max_redirects = config.outbound_max_redirects() if max_redirects is None else max_redirects
    adapter = GuardedAdapter(allowed_hosts)
    guarded.mount("http://", adapter)
    guarded.mount("https://", adapter)
    return guarded


@contextmanager
def open_stream(url: str, *, limits: Limits | None = None, headers: dict[str, str] | None = None,
                allowed_hosts: list[str] | None = None) -> Iterator[Iterator[bytes]]:
    """Yields the body of ``url`` as chunks, within the size and time limits.

    Raises :class:`RefusedURL` before any connection to a refused address and
    :class:`DownloadFailed` for a non-200 answer, a body over the limit, a timeout or a
    network error (the messages name no internal detail).
    """
    limits = limits or Limits.configured()
    deadline = time.monotonic() + limits.timeout
    parse(url)  # the URL as written: requests re-encodes it before the adapter checks each hop
    with session(allowed_hosts, limits.max_redirects) as http:
        try:
            response = http.get(url, stream=True, timeout=limits.timeout, headers=headers or {})
        except FetchError:
            raise
        except requests.TooManyRedirects:
            raise DownloadFailed("redirects", "Quá nhiều lần chuyển hướng.", "Too many redirects.") from None
        except requests.Timeout:
            raise DownloadFailed("timeout", "Máy chủ không trả lời kịp.", "The server did not answer in time.") from None
        except requests.RequestException:
            raise DownloadFailed("network", "Không kết nối được tới máy chủ.", "The server could not be reached.") from None
        with response:
            if response.status_code != 200:
                raise DownloadFailed("status", f"Máy chủ trả lời mã HTTP {response.status_code}.",
                                     f"The server answered HTTP {response.status_code}.")
            declared = response.headers.get("Content-Length", "")
            if declared.isdigit() and int(declared) > limits.max_bytes:
                raise _too_large(limits)
            yield _bounded(response, limits, deadline)


def _too_large(limits: Limits) -> DownloadFailed:
    megabytes = max(1, limits.max_bytes // (1 << 20))
    return DownloadFailed("size", f"Tệp lớn hơn {megabytes} MB.", f"The file is larger than {megabytes} MB.")


def _bounded(response: requests.Response, limits: Limits, deadline: float) -> Iterator[bytes]:
    # read1 returns what has arrived instead of waiting for a full chunk, and the socket's
    # timeout shrinks to the time left: a server that drips bytes cannot outlast the deadline.
    raw = response.raw
    connection = getattr(raw, "connection", None)
    sock = getattr(connection, "sock", None)
    size = 0
    while True:
        remaining = deadline - time.monotonic()
        if remaining <= 0:
            raise DownloadFailed("timeout", "Tải tệp quá thời gian cho phép.", "The download took too long.")
        if sock is not None:
            sock.settimeout(remaining)
        try:
            chunk = raw.read1(1 << 16, decode_content=True)
        except (OSError, urllib3.exceptions.HTTPError) as error:
            if isinstance(error, (TimeoutError, urllib3.exceptions.ReadTimeoutError)):
                raise DownloadFailed("timeout", "Tải tệp quá thời gian cho phép.",
                                     "The download took too long.") from None
            raise DownloadFailed("network", "Kết nối bị gián đoạn khi tải tệp.",
                                 "The connection broke during the download.") from None
        if not chunk:
            return
        size += len(chunk)
        if size > limits.max_bytes:
            raise _too_large(limits)
        yield chunk


def fetch_bytes(url: str, **kwargs: Any) -> bytes:
    """The whole body of ``url`` (within the limits)."""
    with open_stream(url, **kwargs) as chunks:
        return b"".join(chunks)
