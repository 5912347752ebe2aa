"""The relying-party side of OpenID Connect, on Authlib (requests client) and joserfc (its JOSE library).

Nothing here touches CKAN's database or session: views pass in what the browser session holds.
"""
from __future__ import annotations

import secrets
import threading
import time
from dataclasses import dataclass, field
from typing import Any
from urllib.parse import urlencode, urlsplit

import requests
from authlib.integrations.requests_client import OAuth2Session
from joserfc import errors as jose_errors
from joserfc import jws, jwt
from joserfc.jwk import KeySet

from ckanext.huesso import config
from ckanext.huesso.oidc.errors import SsoError

# Asymmetric algorithms only: "none" and HS* (keyed with the public client secret) are refused.
ACCEPTED_ALGORITHMS = ("RS256", "RS384", "RS512", "PS256", "PS384", "PS512", "ES256", "ES384", "ES512")


@dataclass
class ProviderMetadata:
    issuer: str
    authorization_endpoint: str
    token_endpoint: str
    jwks_uri: str
    userinfo_endpoint: str = ""
    end_session_endpoint: str = ""
    fetched_at: float = 0.0
    keys: KeySet | None = None
    keys_fetched_at: float = 0.0


@dataclass
class PendingLogin:
    """What the browser session keeps between the redirect to the provider and the callback."""

    state: str
    nonce: str
    code_verifier: str
    came_from: str
    started_at: float = field(default_factory=time.time)


_cache: dict[str, ProviderMetadata] = {}
_lock = threading.Lock()


def _http_get_json(url: str) -> dict[str, Any]:
    try:
        response = requests.get(url, timeout=config.http_timeout())
        response.raise_for_status()
        data = response.json()
    except (requests.RequestException, ValueError) as error:
        raise SsoError("provider_unreachable") from error
    if not isinstance(data, dict):
        raise SsoError("provider_metadata")
    return data


def _require_https_or_loopback(url: str) -> None:
    """Endpoints must use HTTPS; plain HTTP only on this machine (tests, a local SSO)."""
    parts = urlsplit(url)
    if parts.scheme == "https" and parts.hostname:
        return
    if parts.scheme == "http" and parts.hostname in ("127.0.0.1", "localhost", "::1"):
        return
    raise SsoError("provider_metadata")


def provider_metadata(force: bool = False) -> ProviderMetadata:
    """The discovery document of the configured issuer, cached for ``metadata_cache_seconds``."""
    issuer = config.issuer()
    if not issuer or not config.client_id():
        raise SsoError("not_configured")
    with _lock:
        cached = _cache.get(issuer)
        if cached and not force and time.time() - cached.fetched_at < config.metadata_cache_seconds():
            return cached
    doc = _http_get_json(issuer + "/.well-known/openid-configuration")
    # OIDC Discovery 4.3: the issuer in the document must be exactly the one we asked.
    if str(doc.get("issuer", "")).rstrip("/") != issuer:
        raise SsoError("provider_metadata")
    try:
        metadata = ProviderMetadata(
            issuer=issuer,
            authorization_endpoint=doc["authorization_endpoint"],
            token_endpoint=doc["token_endpoint"],
            jwks_uri=doc["jwks_uri"],
            userinfo_endpoint=doc.get("userinfo_endpoint") or "",
            end_session_endpoint=doc.get("end_session_endpoint") or "",
            fetched_at=time.time(),
        )
    except KeyError as error:
        raise SsoError("provider_metadata") from error
    for url in (metadata.authorization_endpoint, metadata.token_endpoint, metadata.jwks_uri):
        _require_https_or_loopback(url)
    with _lock:
        _cache[issuer] = metadata
    return metadata


def _signing_keys(metadata: ProviderMetadata, force: bool = False) -> KeySet:
    fresh = time.time() - metadata.keys_fetched_at < config.metadata_cache_seconds()
    if metadata.keys is not None and fresh and not force:
        return metadata.keys
    try:
        keys = KeySet.import_key_set(_http_get_json(metadata.jwks_uri))  # type: ignore[arg-type]
    except (jose_errors.JoseError, ValueError, TypeError) as error:
        raise SsoError("provider_metadata") from error
    metadata.keys, metadata.keys_fetched_at = keys, time.time()
    return keys


def clear_cache() -> None:
    """Forget discovery documents and keys (tests; a changed issuer)."""
    with _lock:
        _cache.clear()


def _session(redirect_uri: str) -> OAuth2Session:
    return OAuth2Session(
        client_id=config.client_id(),
        client_secret=config.client_secret(),
        scope=" ".join(config.scopes()),
        redirect_uri=redirect_uri,
        code_challenge_method="S256",
        token_endpoint_auth_method="client_secret_basic",
    )


def start_login(redirect_uri: str, came_from: str) -> tuple[str, PendingLogin]:
    """Build the authorization URL (code flow, PKCE S256, state, nonce) and what to remember."""
    metadata = provider_metadata()
    pending = PendingLogin(
        state=secrets.token_urlsafe(32),
        nonce=secrets.token_urlsafe(32),
        code_verifier=secrets.token_urlsafe(64),
        came_from=came_from,
    )
    extra: dict[str, str] = {"nonce": pending.nonce}
    if config.acr_values():
        extra["acr_values"] = config.acr_values()
    url, _state = _session(redirect_uri).create_authorization_url(
        metadata.authorization_endpoint, state=pending.state, code_verifier=pending.code_verifier, **extra
    )
    return url, pending


def exchange_code(code: str, pending: PendingLogin, redirect_uri: str) -> dict[str, Any]:
    """Trade the authorization code (with the PKCE verifier) for tokens."""
    if not pending.code_verifier:
        raise SsoError("pkce_missing")
    metadata = provider_metadata()
    session = _session(redirect_uri)
    try:
        token = session.fetch_token(
            metadata.token_endpoint,
            grant_type="authorization_code",
            code=code,
            code_verifier=pending.code_verifier,
            timeout=config.http_timeout(),
        )
    except requests.RequestException as error:
        raise SsoError("provider_unreachable") from error
    except Exception as error:  # Authlib raises OAuthError subclasses for error answers
        raise SsoError("token_exchange") from error
    if not token.get("id_token"):
        raise SsoError("token_exchange")
    return dict(token)


def validate_id_token(id_token: str, nonce: str) -> dict[str, Any]:
    """Check signature (JWKS, re-read once on an unknown key id), iss, aud, azp, exp, iat and nonce."""
    metadata = provider_metadata()
    try:
        header = jws.extract_compact(id_token.encode()).headers()
    except (jose_errors.JoseError, ValueError) as error:
        raise SsoError("bad_token") from error
    if header.get("alg") not in ACCEPTED_ALGORITHMS:
        raise SsoError("bad_algorithm")
    keys = _signing_keys(metadata)
    kid = header.get("kid")
    if kid and not any(key.kid == kid for key in keys.keys):
        keys = _signing_keys(metadata, force=True)  # the provider rotated its keys
        if not any(key.kid == kid for key in keys.keys):
            raise SsoError("unknown_key")
    try:
        token = jwt.decode(id_token, keys, algorithms=list(ACCEPTED_ALGORITHMS))
    except jose_errors.BadSignatureError as error:
        raise SsoError("bad_signature") from error
    except (jose_errors.UnsupportedAlgorithmError, jose_errors.MissingAlgorithmError) as error:
        raise SsoError("bad_algorithm") from error
    except (jose_errors.JoseError, ValueError) as error:
        raise SsoError("bad_token") from error
    claims = token.claims
    _check_claims(claims, metadata.issuer, nonce)
    return claims


def _check_claims(claims: dict[str, Any], issuer: str, nonce: str) -> None:
    client_id = config.client_id()
    registry = jwt.JWTClaimsRegistry(
        leeway=config.clock_skew_seconds(),
        iss={"essential": True, "value": issuer},
        sub={"essential": True},
        aud={"essential": True, "value": client_id},
        exp={"essential": True},
        iat={"essential": True},
    )
    try:
        registry.validate(claims)
    except jose_errors.ExpiredTokenError as error:
        raise SsoError("expired") from error
    except jose_errors.ClaimError as error:
        codes = {"iss": "wrong_issuer", "aud": "wrong_audience", "sub": "no_subject",
                 "exp": "expired", "iat": "issued_in_future"}
        raise SsoError(codes.get(error.claim, "bad_token")) from error
    audiences = claims["aud"] if isinstance(claims["aud"], list) else [claims["aud"]]
    # OIDC Core 3.1.3.7: with several audiences, azp must name us.
    if len(audiences) > 1 and claims.get("azp") != client_id:
        raise SsoError("wrong_audience")
    if not nonce or not secrets.compare_digest(str(claims.get("nonce", "")), nonce):
        raise SsoError("nonce_mismatch")


def fetch_userinfo(access_token: str, subject: str) -> dict[str, Any]:
    """Userinfo claims, or {} when the provider has no endpoint; a different ``sub`` is refused."""
    metadata = provider_metadata()
    if not metadata.userinfo_endpoint or not access_token:
        return {}
    try:
        response = requests.get(metadata.userinfo_endpoint, timeout=config.http_timeout(),
                                headers={"Authorization": f"Bearer {access_token}"})
        response.raise_for_status()
        info = response.json()
    except (requests.RequestException, ValueError) as error:
        raise SsoError("provider_unreachable") from error
    if not isinstance(info, dict) or info.get("sub") != subject:
        raise SsoError("userinfo_mismatch")
    return info


def logout_url(id_token: str | None, post_logout_redirect_uri: str, state: str) -> str | None:
    """The provider's end-session URL (RP-initiated logout), or None if it offers none."""
    try:
        metadata = provider_metadata()
    except SsoError:
        return None
    if not metadata.end_session_endpoint:
        return None
    params = {"client_id": config.client_id(), "post_logout_redirect_uri": post_logout_redirect_uri, "state": state}
    if id_token:
        params["id_token_hint"] = id_token
    separator = "&" if "?" in metadata.end_session_endpoint else "?"
    return metadata.end_session_endpoint + separator + urlencode(params)


__all__ = ["ProviderMetadata", "PendingLogin", "provider_metadata", "start_login", "exchange_code",
           "validate_id_token", "fetch_userinfo", "logout_url", "clear_cache"]
