"""HTTP client for the LGSP: OAuth2 client credentials (Authlib), bounded retries honouring
``Retry-After``, envelope checks and four pagination styles with a completeness check.

Every request goes through the suite's guarded fetcher (:mod:`ckanext.huedata.fetching`).
Nothing here ever puts a secret or a token into an exception message or a log line.
"""
from __future__ import annotations

import datetime as dt
import email.utils
import logging
import time
from collections.abc import Callable, Iterator
from typing import Any

import requests
from authlib.common.errors import AuthlibBaseError
from authlib.integrations.requests_client import OAuth2Session

from .. import fetching
from . import config
from .mapping import content_hash, resolve
from .source_config import Auth, Envelope, Pagination

log = logging.getLogger(__name__)
RETRIED = (429, 500, 502, 503, 504)


class LgspError(Exception):
    """A request that failed for good (after retries); the message is safe to store and show."""


def retry_after(value: str | None, now: float | None = None) -> float | None:
    """Seconds asked for by a ``Retry-After`` header: delta-seconds or an HTTP date."""
    if not value:
        return None
    value = value.strip()
    if value.isdigit():
        return float(value)
    try:
        when = email.utils.parsedate_to_datetime(value)
    except (TypeError, ValueError):
        return None
    if when.tzinfo is None:
        when = when.replace(tzinfo=dt.timezone.utc)
    current = dt.datetime.now(dt.timezone.utc).timestamp() if now is None else now
    return max(when.timestamp() - current, 0.0)


class LgspClient:
    def __init__(self, auth: Auth | None, envelope: Envelope | None = None,
                 sleep: Callable[[float], None] = time.sleep) -> None:
        self.auth = auth
        self.envelope = envelope
        self.timeout = config.request_timeout()
        self.max_retries = config.max_retries()
        self.backoff = config.backoff()
        self.retry_after_max = config.retry_after_max()
        self._sleep = sleep
        self._expires_at = 0.0
        if auth is None:
            self.session: requests.Session = fetching.session()
        else:
            key, secret = self._credentials()
            self.session = fetching.session(
                session_class=OAuth2Session, client_id=key, client_secret=secret,
                token_endpoint_auth_method=auth.method, scope=auth.scope,
                token_endpoint=auth.token_url, grant_type="client_credentials", leeway=0)
        self.waits: list[float] = []  # what the client slept, for tests and the benchmark

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

    def _fetch_token(self) -> None:
        """A new client-credentials token (Authlib), with the same retries as any request."""
        assert self.auth and isinstance(self.session, OAuth2Session)
        reason = ""
        for attempt in range(self.max_retries + 1):
            answer = None
            try:
                token = self.session.fetch_token(self.auth.token_url,
                                                 grant_type="client_credentials",
                                                 timeout=self.timeout)
            except requests.HTTPError as error:
                answer = error.response
                reason = f"HTTP {answer.status_code if answer is not None else '?'}"
                if answer is None or answer.status_code not in RETRIED:
                    raise LgspError(f"Token endpoint refused the request ({reason})") from None
            except AuthlibBaseError as error:
                # invalid_client, unauthorized_client, ...: the error code only, never the body
                raise LgspError(f"Token endpoint refused the credentials ({error.error})"
                                ) from None
            except requests.Timeout:
                reason = f"timeout after {self.timeout:g} s"
            except requests.ConnectionError:
                reason = "connection failed"
            except fetching.FetchError as error:
                raise LgspError(f"token endpoint: {error}") from None
            except (requests.RequestException, ValueError) as error:
                raise LgspError(f"token endpoint: {type(error).__name__}") from None
            else:
                lifetime = float(token.get("expires_in") or 300)
                # Renew a little early so a token never expires between the check and the call.
                self._expires_at = time.monotonic() + lifetime * 0.9
                return
            log.warning("LGSP token endpoint: %s (attempt %d)", reason, attempt + 1)
            if attempt < self.max_retries:
                self._wait(attempt, answer)
        raise LgspError(f"token endpoint: {reason} after {self.max_retries + 1} attempts")

    def _ensure_token(self, renew: bool = False) -> None:
        if self.auth is not None and (renew or time.monotonic() >= self._expires_at):
            self._fetch_token()

    # -- requests -----------------------------------------------------------------------
    def _wait(self, attempt: int, answer: requests.Response | None) -> None:
        delay = self.backoff * (2 ** attempt)
        if answer is not None and answer.status_code in (429, 503):
            asked = retry_after(answer.headers.get("Retry-After"))
            if asked is not None:
                delay = asked
        delay = min(max(delay, 0.0), self.retry_after_max)
        self.waits.append(delay)
        self._sleep(delay)

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
            except fetching.FetchError as error:
                raise LgspError(f"{what} {_safe(url)}: {error}") from None
            except (requests.RequestException, AuthlibBaseError) as error:
                raise LgspError(f"{what} {_safe(url)}: {type(error).__name__}") from None
            else:
                if answer.status_code not in RETRIED:
                    return answer
                reason = f"HTTP {answer.status_code}"
            log.warning("LGSP %s %s: %s (attempt %d)", what, _safe(url), reason, attempt + 1)
            if attempt < self.max_retries:
                self._wait(attempt, answer)
        raise LgspError(f"{what} {_safe(url)}: {reason} after {self.max_retries + 1} attempts")

    def get_json(self, url: str, params: dict[str, Any] | None = None) -> Any:
        """GET a JSON document, renewing the token once on 401, retrying malformed answers,
        and failing on an error envelope."""
        renewed = False
        for attempt in range(self.max_retries + 1):
            self._ensure_token()
            answer = self._send("GET", url, "agency API", params=params)
            if answer.status_code == 401 and self.auth is not None and not renewed:
                renewed = True
                self._ensure_token(renew=True)
                answer = self._send("GET", url, "agency API", params=params)
            if answer.status_code >= 400:
                raise LgspError(f"agency API {_safe(url)}: HTTP {answer.status_code}")
            try:
                document = answer.json()
            except ValueError:
                log.warning("LGSP agency API %s: malformed JSON (attempt %d)", _safe(url),
                            attempt + 1)
                if attempt < self.max_retries:
                    self._wait(attempt, None)
                continue
            self._check_envelope(url, document)
            return document
        raise LgspError(f"agency API {_safe(url)}: malformed JSON after "
                        f"{self.max_retries + 1} attempts")

    def _check_envelope(self, url: str, document: Any) -> None:
        if self.envelope is None:
            return
        code = resolve(document, self.envelope.success_pointer)
        if code is not None and str(code) in self.envelope.success_values:
            return
        message = ""
        if self.envelope.message_pointer:
            found = resolve(document, self.envelope.message_pointer)
            if found not in (None, ""):
                message = ": " + str(found)[:200]
        raise LgspError(f"agency API {_safe(url)} answered an error (HTTP 200, "
                        f"{self.envelope.success_pointer} = {str(code)[:40]!r}){message}")

    # -- pagination ---------------------------------------------------------------------
    def iter_items(self, url: str, paging: Pagination,
                   params: dict[str, Any] | None = None) -> Iterator[dict[str, Any]]:
        """Every item of a paginated listing.

        Stops an endless pagination loop with an error. With ``paging.total`` the listing
        must reach the stated total: a short page before it means "ask for the next page"
        (``short_page: continue``) or an error (``fail``), never "done"; reading fewer items
        than the total is an error. Without a total, page and offset listings end at an empty
        page (a gateway may serve fewer rows than asked for).
        """
        params = dict(params or {})
        seen: set[str] = set()
        pages = read = 0
        total: int | None = None
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
            if paging.total:
                total = _count(document, paging.total, url)
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
            read += len(items)
            yield from items
            if paging.style in ("page", "offset"):
                if not items or (total is not None and read >= total):
                    break
                if len(items) < paging.size and total is not None and paging.short_page == "fail":
                    raise LgspError(f"agency API {_safe(url)}: short page ({len(items)} of "
                                    f"{paging.size} rows asked) after {read} of {total} items")
                page_no, offset = page_no + 1, offset + len(items)
            elif paging.style == "next":
                next_url = marker if isinstance(marker, str) and marker else None
            else:
                cursor = marker
                if not cursor:
                    break
        if total is not None and read < total:
            raise LgspError(f"agency API {_safe(url)}: incomplete listing, {read} of {total} "
                            f"items read")


def _count(document: Any, pointer: str, url: str) -> int:
    value = resolve(document, pointer)
    try:
        return int(str(value).strip())
    except ValueError:
        raise LgspError(f"agency API {_safe(url)}: no total count at {pointer}") from None


def _safe(url: str) -> str:
    """The URL without its query string (a gateway may put an API key there)."""
    return url.split("?", 1)[0]
