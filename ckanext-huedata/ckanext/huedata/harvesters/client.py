"""HTTP client for the LGSP: OAuth2 client credentials, bounded retries, four pagination styles.

Nothing here ever puts a secret or a token into an exception message or a log line.
"""
from __future__ import annotations

import logging
import time
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from typing import Any

import requests

from . import config
from .mapping import content_hash, resolve
from .source_config import Auth, Pagination

log = logging.getLogger(__name__)


class LgspError(Exception):
    """A request that failed for good (after retries); the message is safe to store and show."""


@dataclass
class _Token:
    value: str
    expires_at: float


class LgspClient:
    def __init__(self, auth: Auth | None, sleep: Callable[[float], None] = time.sleep) -> None:
        self.auth = auth
        self.session = requests.Session()
        self.timeout = config.request_timeout()
        self.max_retries = config.max_retries()
        self.backoff = config.backoff()
        self.retry_after_max = config.retry_after_max()
        self._token: _Token | None = None
        self._sleep = sleep

    # -- auth ---------------------------------------------------------------------------
    def _credentials(self) -> tuple[str, str]:
        assert self.auth
        key = config.secret(self.auth.consumer_key)
        secret = config.secret(self.auth.consumer_secret)
        missing = [n for n, v in ((self.auth.consumer_key, key), (self.auth.consumer_secret, secret))
                   if not v]
        if missing:
            raise LgspError("Secret(s) not configured on the portal: " + ", ".join(missing))
        return key, secret  # type: ignore[return-value]

    def _fetch_token(self) -> _Token:
        assert self.auth
        answer = self._send("POST", self.auth.token_url, auth=self._credentials(),
                            data={"grant_type": "client_credentials"}, what="token endpoint")
        body = answer.json() if _is_json(answer) else {}
        if answer.status_code != 200 or "access_token" not in body:
            raise LgspError(f"Token endpoint refused the credentials (HTTP {answer.status_code})")
        lifetime = float(body.get("expires_in") or 300)
        # Renew a little early so a token never expires between the check and the call.
        return _Token(body["access_token"], time.monotonic() + lifetime * 0.9)

    def _bearer(self, renew: bool = False) -> dict[str, str]:
        if self.auth is None:
            return {}
        if renew or self._token is None or self._token.expires_at <= time.monotonic():
            self._token = self._fetch_token()
        return {"Authorization": f"Bearer {self._token.value}"}

    # -- requests -----------------------------------------------------------------------
    def _wait(self, attempt: int, answer: requests.Response | None) -> None:
        delay = self.backoff * (2 ** attempt)
        if answer is not None and answer.status_code == 429:
            try:
                delay = float(answer.headers.get("Retry-After", delay))
            except ValueError:
                pass
        self._sleep(min(max(delay, 0.0), self.retry_after_max))

    def _send(self, method: str, url: str, what: str, **kwargs: Any) -> requests.Response:
        """One request with retries on timeouts, connection errors, 5xx and 429."""
        reason = ""
        for attempt in range(self.max_retries + 1):
            answer = None
            try:
                answer = self.session.request(method, url, timeout=self.timeout, **kwargs)
            except requests.Timeout:
                reason = f"timeout after {self.timeout:g} s"
            except requests.ConnectionError:
                reason = "connection failed"
            except requests.RequestException as error:
                raise LgspError(f"{what} {_safe(url)}: {type(error).__name__}") from None
            else:
                if answer.status_code < 500 and answer.status_code != 429:
                    return answer
                reason = f"HTTP {answer.status_code}"
            log.warning("LGSP %s %s: %s (attempt %d)", what, _safe(url), reason, attempt + 1)
            if attempt < self.max_retries:
                self._wait(attempt, answer)
        raise LgspError(f"{what} {_safe(url)}: {reason} after {self.max_retries + 1} attempts")

    def get_json(self, url: str, params: dict[str, Any] | None = None) -> Any:
        """GET a JSON document, renewing the token once on 401, retrying malformed answers."""
        renewed = False
        for attempt in range(self.max_retries + 1):
            answer = self._send("GET", url, "agency API", params=params, headers=self._bearer())
            if answer.status_code == 401 and self.auth is not None and not renewed:
                renewed = True
                answer = self._send("GET", url, "agency API", params=params,
                                    headers=self._bearer(renew=True))
            if answer.status_code >= 400:
                raise LgspError(f"agency API {_safe(url)}: HTTP {answer.status_code}")
            try:
                return answer.json()
            except ValueError:
                log.warning("LGSP agency API %s: malformed JSON (attempt %d)", _safe(url),
                            attempt + 1)
                if attempt < self.max_retries:
                    self._wait(attempt, None)
        raise LgspError(f"agency API {_safe(url)}: malformed JSON after "
                        f"{self.max_retries + 1} attempts")

    # -- pagination ---------------------------------------------------------------------
    def iter_items(self, url: str, paging: Pagination,
                   params: dict[str, Any] | None = None) -> Iterator[dict[str, Any]]:
        """Every item of a paginated listing; stops an endless pagination loop with an error."""
        params = dict(params or {})
        seen: set[str] = set()
        pages = 0
        next_url: str | None = url
        page_no, offset, cursor = 1, 0, None
        while next_url:
            pages += 1
            if pages > config.max_pages():
                raise LgspError(f"endless pagination at {_safe(url)}: more than "
                                f"{config.max_pages()} pages")
            query = dict(params) if next_url == url else {}
            if paging.style == "page":
                query.update({paging.page_param: page_no, paging.size_param: paging.size})
            elif paging.style == "offset":
                query.update({paging.offset_param: offset, paging.limit_param: paging.size})
            elif paging.style == "cursor" and cursor is not None:
                query[paging.cursor_param] = cursor
            document = self.get_json(next_url, query)
            items = resolve(document, paging.items)
            if not isinstance(items, list):
                raise LgspError(f"agency API {_safe(url)}: no list at {paging.items or '/'}")
            marker = {"page": content_hash(items), "offset": content_hash(items)}.get(
                paging.style)
            if paging.style == "next":
                marker = resolve(document, paging.next_pointer)
            elif paging.style == "cursor":
                marker = resolve(document, paging.cursor_pointer)
            if marker is not None and items and marker in seen:
                raise LgspError(f"endless pagination at {_safe(url)}: page repeats")
            if marker is not None:
                seen.add(str(marker))
            yield from items
            if paging.style in ("page", "offset"):
                if len(items) < paging.size:
                    break
                page_no, offset = page_no + 1, offset + len(items)
            elif paging.style == "next":
                next_url = marker if isinstance(marker, str) and marker else None
            else:
                cursor = marker
                if not cursor:
                    break


def _is_json(answer: requests.Response) -> bool:
    return "json" in answer.headers.get("Content-Type", "")


def _safe(url: str) -> str:
    """The URL without its query string (a gateway may put an API key there)."""
    return url.split("?", 1)[0]
