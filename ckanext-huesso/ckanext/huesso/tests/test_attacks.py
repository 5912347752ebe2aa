"""Every forged or replayed answer is refused with a clear message and leaves nobody signed in.

The provider here is ``CraftedProvider``: a real HTTP server on 127.0.0.1 that issues the ID tokens an
attacker (or a broken provider) would.
"""
from __future__ import annotations

import time
from urllib.parse import parse_qs, urlsplit

import pytest

from ckan import model

from ckanext.huesso.tests.conftest import (
    edit_session,
    follow_callback,
    logged_in_name,
    session_cookie_raw,
    set_session_cookie_raw,
    sso_login,
    start_login,
)

pytestmark = [
    pytest.mark.ckan_config("ckan.plugins", "huesso huesearch"),
    pytest.mark.usefixtures("with_plugins", "clean_db"),
]


def assert_refused(client, response, message: str) -> None:
    html = response.get_data(as_text=True)
    assert response.status_code == 403
    assert message in html
    assert logged_in_name(client) is None
    assert model.Session.query(model.User).filter(model.User.name.like("tran-thi-binh%")).count() == 0


@pytest.fixture
def provider(crafted_provider, sso_settings):
    sso_settings(crafted_provider.issuer, ckan__locale_default="en")
    return crafted_provider


@pytest.fixture(autouse=True)
def english(ckan_config, monkeypatch):
    monkeypatch.setitem(ckan_config, "ckan.locale_default", "en")


class TestCraftedProviderWorks:
    def test_a_well_formed_answer_signs_in(self, app, provider):
        client = app.test_client()
        response = sso_login(client, provider)
        assert response.status_code == 302
        assert logged_in_name(client) == "tran-thi-binh"
        # The portal sent the PKCE verifier that matches the challenge (the provider checked it).
        assert provider.token_requests[-1]["code_verifier"]

    def test_userinfo_claims_are_merged(self, app, provider):
        provider.userinfo_extra = {"email": "binh@hue.gov.vn"}
        sso_login(app.test_client(), provider)
        assert model.User.by_name("tran-thi-binh").email == "binh@hue.gov.vn"

    def test_rotated_signing_keys_are_read_again(self, app, provider):
        sso_login(app.test_client(), provider)
        provider.rotate_keys()
        client = app.test_client()

        response = sso_login(client, provider)

        assert response.status_code == 302
        assert logged_in_name(client) == "tran-thi-binh"
        assert provider.jwks_reads == 2


class TestForgedIdTokens:
    def test_bad_signature(self, app, provider):
        provider.mode = "bad_signature"
        client = app.test_client()
        assert_refused(client, sso_login(client, provider), "signature is not valid")

    def test_key_the_provider_does_not_publish(self, app, provider):
        provider.mode = "unknown_kid"
        client = app.test_client()
        assert_refused(client, sso_login(client, provider), "key the city SSO does not publish")
        assert provider.jwks_reads == 2  # read once more in case the keys rotated, then refused

    def test_userinfo_of_another_person_is_refused(self, app, provider):
        provider.userinfo_extra = {"sub": "someone-else", "email": "attacker@example.org"}
        client = app.test_client()
        assert_refused(client, sso_login(client, provider), "does not match the identity token")

    def test_alg_none(self, app, provider):
        provider.mode = "alg_none"
        client = app.test_client()
        assert_refused(client, sso_login(client, provider), "not signed with an accepted algorithm")

    def test_hs256_keyed_with_a_guessable_secret(self, app, provider):
        provider.mode = "hs256"
        client = app.test_client()
        assert_refused(client, sso_login(client, provider), "not signed with an accepted algorithm")

    def test_wrong_audience(self, app, provider):
        provider.claims = {"aud": "another-portal"}
        client = app.test_client()
        assert_refused(client, sso_login(client, provider), "issued for another site")

    def test_several_audiences_without_azp_for_us(self, app, provider):
        provider.claims = {"aud": [provider.client_id, "another-portal"]}
        client = app.test_client()
        assert_refused(client, sso_login(client, provider), "issued for another site")

    def test_wrong_issuer(self, app, provider):
        provider.claims = {"iss": "https://sso.attacker.example"}
        client = app.test_client()
        assert_refused(client, sso_login(client, provider), "unexpected issuer")

    def test_expired_token(self, app, provider):
        now = int(time.time())
        provider.claims = {"iat": now - 7200, "exp": now - 3600}
        client = app.test_client()
        assert_refused(client, sso_login(client, provider), "has expired")

    def test_nonce_mismatch(self, app, provider):
        provider.claims = {"nonce": "a-nonce-of-another-sign-in"}
        client = app.test_client()
        assert_refused(client, sso_login(client, provider), "does not belong to this sign-in")

    def test_replayed_id_token_of_an_earlier_sign_in(self, app, provider):
        sso_login(app.test_client(), provider)  # an ID token the attacker captured
        model.Session.query(model.User).delete()  # so that assert_refused can count users again
        model.Session.commit()
        provider.mode = "replay"
        client = app.test_client()
        assert_refused(client, sso_login(client, provider), "does not belong to this sign-in")

    def test_level_of_assurance_below_the_requirement(self, app, provider, sso_settings):
        sso_settings(provider.issuer, required_acr_level=2)
        provider.claims = {"acr": "LoA1"}
        client = app.test_client()
        assert_refused(client, sso_login(client, provider), "higher level of assurance")


class TestForgedCallbacks:
    def test_state_mismatch(self, app, provider):
        client = app.test_client()
        callback = provider.authorize(start_login(client))
        forged = callback.replace("state=", "state=x")
        assert_refused(client, follow_callback(client, forged), "does not belong to a sign-in started in this browser")

    def test_callback_from_another_browser_is_refused(self, app, provider):
        # Login CSRF / code injection: the victim's browser never started this sign-in.
        callback = provider.authorize(start_login(app.test_client()))
        victim = app.test_client()
        assert_refused(victim, follow_callback(victim, callback), "does not belong to a sign-in started")

    def test_replayed_callback_is_refused(self, app, provider):
        client = app.test_client()
        callback = provider.authorize(start_login(client))
        assert follow_callback(client, callback).status_code == 302
        client.get("/user/_logout", follow_redirects=False)

        response = follow_callback(client, callback)

        assert response.status_code == 403
        assert logged_in_name(client) is None

    def test_old_session_cookie_replayed_with_its_callback_is_refused(self, app, provider):
        # Cookie sessions live in the browser: an attacker who copied the cookie before the callback
        # holds a valid pending sign-in. The ID token's nonce is accepted once only.
        provider.reuse_codes = True
        client = app.test_client()
        callback = provider.authorize(start_login(client))
        stolen = session_cookie_raw(app, client)
        assert follow_callback(client, callback).status_code == 302

        attacker = app.test_client()
        set_session_cookie_raw(app, attacker, stolen)
        response = follow_callback(attacker, callback)

        assert response.status_code == 403
        assert "already used" in response.get_data(as_text=True)
        assert logged_in_name(attacker) is None

    def test_missing_pkce_verifier(self, app, provider):
        client = app.test_client()
        callback = provider.authorize(start_login(client))
        state = parse_qs(urlsplit(callback).query)["state"][0]

        def drop_verifier(session: dict) -> None:
            session["huesso_pending"][state]["code_verifier"] = ""

        edit_session(app, client, drop_verifier)
        requests_before = len(provider.token_requests)

        assert_refused(client, follow_callback(client, callback), "PKCE verifier is missing")
        assert len(provider.token_requests) == requests_before  # the code was never sent

    def test_provider_error_answer(self, app, provider):
        client = app.test_client()
        callback = provider.authorize(start_login(client))
        state = parse_qs(urlsplit(callback).query)["state"][0]
        response = client.get(f"/user/sso/callback?error=access_denied&state={state}")
        assert_refused(client, response, "refused the sign-in")


class TestOpenRedirect:
    @pytest.mark.parametrize("came_from", [
        "https://evil.example/phish", "//evil.example/phish", "/\\evil.example", "javascript:alert(1)",
        "http://test.ckan.net.evil.example/", "\t//evil.example",
    ])
    def test_came_from_elsewhere_lands_on_the_dashboard(self, app, provider, came_from):
        client = app.test_client()
        response = sso_login(client, provider, came_from=came_from)
        location = response.headers["Location"]
        assert urlsplit(location).netloc in ("", "test.ckan.net")
        assert urlsplit(location).path == "/dashboard/datasets"

    def test_came_from_on_this_site_is_kept(self, app, provider):
        response = sso_login(app.test_client(), provider, came_from="http://test.ckan.net/organization/?page=2")
        assert response.headers["Location"].endswith("/organization/?page=2")


class TestUntrustworthyProvider:
    def test_discovery_naming_another_issuer_is_refused(self, app, provider):
        provider.discovery = {"issuer": "https://sso.attacker.example"}
        response = app.get("/user/sso/login")
        assert response.status_code == 403
        assert "cannot trust" in response.get_data(as_text=True)

    @pytest.mark.parametrize("endpoint", ["http://sso.attacker.example/token", "http://localhost.attacker.example/t"])
    def test_plain_http_endpoints_elsewhere_are_refused(self, app, provider, endpoint):
        provider.discovery = {"token_endpoint": endpoint}
        response = app.get("/user/sso/login")
        assert response.status_code == 403
        assert "cannot trust" in response.get_data(as_text=True)

    def test_token_endpoint_error_is_a_clear_refusal(self, app, provider):
        provider.token_error = "invalid_grant"
        client = app.test_client()
        assert_refused(client, sso_login(client, provider), "did not confirm the sign-in")
