"""Real OpenID providers on 127.0.0.1 for the tests.

* ``MockProvider``: the ``oidc-provider-mock`` package (a real OIDC server on Authlib), served by
  werkzeug in a thread. People are registered with ``set_user`` and "log in" by posting the
  provider's own authorization form.
* ``CraftedProvider``: a small provider of ours that can be told to misbehave (bad signature,
  ``alg: none``, wrong ``aud``/``iss``, expired token, replayed token, rotated keys) — the attacks
  oidc-provider-mock cannot produce. It enforces PKCE S256 at its token endpoint.
"""
from __future__ import annotations

import base64
import hashlib
import json
import secrets
import threading
import time
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from typing import Any
from urllib.parse import parse_qs, urlencode, urlsplit

import requests
import werkzeug.serving
from joserfc import jwt
from joserfc.jwk import KeySet, RSAKey


class MockProvider:
    def __init__(self) -> None:
        import oidc_provider_mock

        self._server = werkzeug.serving.make_server("127.0.0.1", 0, oidc_provider_mock.app(require_nonce=True),
                                                    threaded=True)
        self.issuer = f"http://127.0.0.1:{self._server.server_port}"
        self._thread = threading.Thread(target=self._server.serve_forever, kwargs={"poll_interval": 0.05},
                                        daemon=True)

    def start(self) -> MockProvider:
        self._thread.start()
        return self

    def stop(self) -> None:
        self._server.shutdown()
        self._server.server_close()
        self._thread.join(2)

    def set_user(self, sub: str, claims: dict[str, Any]) -> None:
        response = requests.put(f"{self.issuer}/users/{sub}", json=claims, timeout=5)
        assert response.status_code == 204, response.text

    def authorize(self, authorize_url: str, sub: str) -> str:
        """The person picks their account on the provider's page; returns the callback URL."""
        response = requests.post(authorize_url, data={"sub": sub}, allow_redirects=False, timeout=5)
        assert response.status_code == 302, response.text
        return response.headers["Location"]


def _b64(data: bytes) -> str:
    return base64.urlsafe_b64encode(data).rstrip(b"=").decode()


class CraftedProvider:
    """A provider whose ID tokens the test shapes through ``claims``, ``mode`` and its keys."""

    client_id = "data.hue.gov.vn"

    def __init__(self) -> None:
        self.key = RSAKey.generate_key(2048, parameters={"kid": "key-1", "use": "sig"})
        self.published: list[RSAKey] = [self.key]
        self.claims: dict[str, Any] = {}          # extra or overriding ID-token claims
        self.userinfo_extra: dict[str, Any] = {}
        self.mode = "normal"                      # normal | bad_signature | unknown_kid | alg_none | hs256 | replay
        self.discovery: dict[str, Any] = {}      # overrides of the discovery document
        self.token_error = ""                     # an OAuth error the token endpoint answers with
        self.reuse_codes = False                  # a broken provider that accepts a code twice
        self.codes: dict[str, dict[str, Any]] = {}
        self.issued: list[str] = []
        self.token_requests: list[dict[str, str]] = []
        self.jwks_reads = 0
        self._server = ThreadingHTTPServer(("127.0.0.1", 0), self._handler())
        self.issuer = f"http://127.0.0.1:{self._server.server_port}"
        self._thread = threading.Thread(target=self._server.serve_forever, kwargs={"poll_interval": 0.05},
                                        daemon=True)

    def start(self) -> CraftedProvider:
        self._thread.start()
        return self

    def stop(self) -> None:
        self._server.shutdown()
        self._server.server_close()
        self._thread.join(2)

    def rotate_keys(self) -> None:
        self.key = RSAKey.generate_key(2048, parameters={"kid": f"key-{secrets.token_hex(4)}", "use": "sig"})
        self.published = [self.key]

    def authorize(self, authorize_url: str, sub: str = "") -> str:
        response = requests.get(authorize_url, allow_redirects=False, timeout=5)
        assert response.status_code == 302, response.text
        return response.headers["Location"]

    # ID tokens
    def id_token(self, code_data: dict[str, Any]) -> str:
        now = int(time.time())
        claims = {"iss": self.issuer, "sub": "citizen-1", "aud": self.client_id, "iat": now, "exp": now + 300,
                  "nonce": code_data.get("nonce"), "acr": "LoA2", "SoDinhDanh": "079201009999",
                  "HoVaTen": "Trần Thị Bình", **self.claims}
        claims = {k: v for k, v in claims.items() if v is not None}
        if self.mode == "replay" and self.issued:
            return self.issued[0]
        if self.mode == "alg_none":
            return f"{_b64(json.dumps({'alg': 'none', 'typ': 'JWT'}).encode())}.{_b64(json.dumps(claims).encode())}."
        if self.mode == "hs256":
            from joserfc.jwk import OctKey
            return jwt.encode({"alg": "HS256", "kid": self.key.kid}, claims,
                              OctKey.import_key("client-secret-known-to-attacker-0123456789"),
                              algorithms=["HS256"])
        key = self.key
        if self.mode == "bad_signature":
            key = RSAKey.generate_key(2048, parameters={"kid": self.key.kid})  # same kid, unpublished key
        elif self.mode == "unknown_kid":
            key = RSAKey.generate_key(2048, parameters={"kid": "never-published"})
        token = jwt.encode({"alg": "RS256", "kid": key.kid}, claims, key)
        self.issued.append(token)
        return token

    def _handler(self) -> type[BaseHTTPRequestHandler]:
        provider = self

        class Handler(BaseHTTPRequestHandler):
            def log_message(self, *args: Any) -> None:
                pass

            def _json(self, status: int, body: Any) -> None:
                data = json.dumps(body).encode()
                self.send_response(status)
                self.send_header("Content-Type", "application/json")
                self.send_header("Content-Length", str(len(data)))
                self.end_headers()
                self.wfile.write(data)

            def do_GET(self) -> None:
                url = urlsplit(self.path)
                query = {k: v[0] for k, v in parse_qs(url.query).items()}
                if url.path == "/.well-known/openid-configuration":
                    base = provider.issuer
                    self._json(200, {
                        "issuer": base, "authorization_endpoint": base + "/authorize",
                        "token_endpoint": base + "/token", "jwks_uri": base + "/jwks",
                        "userinfo_endpoint": base + "/userinfo", "end_session_endpoint": base + "/logout",
                        "response_types_supported": ["code"], "subject_types_supported": ["public"],
                        "id_token_signing_alg_values_supported": ["RS256"],
                        "code_challenge_methods_supported": ["S256"], **provider.discovery})
                elif url.path == "/jwks":
                    provider.jwks_reads += 1
                    self._json(200, KeySet(provider.published).as_dict(private=False))
                elif url.path == "/authorize":
                    code = secrets.token_urlsafe(16)
                    provider.codes[code] = query
                    target = query["redirect_uri"] + "?" + urlencode({"code": code, "state": query.get("state", "")})
                    self.send_response(302)
                    self.send_header("Location", target)
                    self.end_headers()
                elif url.path == "/userinfo":
                    claims = {"sub": provider.claims.get("sub", "citizen-1"), **provider.userinfo_extra}
                    self._json(200, claims)
                else:
                    self._json(404, {"error": "not_found"})

            def do_POST(self) -> None:
                length = int(self.headers.get("Content-Length", 0))
                form = {k: v[0] for k, v in parse_qs(self.rfile.read(length).decode()).items()}
                provider.token_requests.append(form)
                code = form.get("code", "")
                code_data = provider.codes.get(code) if provider.reuse_codes else provider.codes.pop(code, None)
                if provider.token_error:
                    self._json(400, {"error": provider.token_error})
                    return
                if self.path != "/token" or code_data is None:
                    self._json(400, {"error": "invalid_grant"})
                    return
                verifier = form.get("code_verifier", "")
                challenge = _b64(hashlib.sha256(verifier.encode()).digest())
                if code_data.get("code_challenge_method") != "S256" or challenge != code_data.get("code_challenge"):
                    self._json(400, {"error": "invalid_grant", "error_description": "PKCE verification failed"})
                    return
                self._json(200, {"access_token": secrets.token_urlsafe(16), "token_type": "Bearer",
                                 "expires_in": 300, "id_token": provider.id_token(code_data)})

        return Handler
