"""The SSO rules on top of CKAN's permissions: LoA for publishing, registration, local password login."""
from __future__ import annotations

import re

import pytest

import ckan.plugins.toolkit as tk
from ckan.tests import factories
from ckan.tests.helpers import call_auth

from ckanext.huesso.tests.conftest import STRONG_PASSWORD, logged_in_name, sso_login

pytestmark = [
    pytest.mark.ckan_config("ckan.plugins", "huesso huesearch"),
    pytest.mark.usefixtures("with_plugins", "clean_db"),
]


@pytest.fixture
def agency():
    return factories.Organization(name="so-khcn", extras=[{"key": "agency_code", "value": "H57.12"}])


def _login_with_acr(app, mock_provider, acr: str) -> str:
    mock_provider.set_user("officer", {"SoDinhDanh": "046099000111", "HoVaTen": "Hồ Văn Nam",
                                       "agency_code": "H57.12", "acr": acr})
    client = app.test_client()
    sso_login(client, mock_provider, "officer")
    return logged_in_name(client)


class TestPublishingNeedsLoA2:
    def test_editor_signed_in_at_loa1_cannot_create_datasets(self, app, mock_provider, sso_settings, agency):
        sso_settings(mock_provider.issuer)
        name = _login_with_acr(app, mock_provider, "LoA1")
        with pytest.raises(tk.NotAuthorized, match="VNeID level 2"):
            call_auth("package_create", {"user": name}, owner_org=agency["id"])

    def test_editor_signed_in_at_loa2_can_create_and_update(self, app, mock_provider, sso_settings, agency):
        sso_settings(mock_provider.issuer)
        name = _login_with_acr(app, mock_provider, "LoA2")
        assert call_auth("package_create", {"user": name}, owner_org=agency["id"])
        dataset = factories.Dataset(owner_org=agency["id"])
        assert call_auth("package_update", {"user": name}, id=dataset["id"])

    def test_loa1_editor_cannot_update_an_existing_dataset(self, app, mock_provider, sso_settings, agency):
        sso_settings(mock_provider.issuer)
        name = _login_with_acr(app, mock_provider, "LoA1")
        dataset = factories.Dataset(owner_org=agency["id"])
        with pytest.raises(tk.NotAuthorized):
            call_auth("package_update", {"user": name}, id=dataset["id"])

    def test_rule_off_lets_loa1_publish(self, app, mock_provider, sso_settings, agency):
        sso_settings(mock_provider.issuer, publish_acr_level=0)
        name = _login_with_acr(app, mock_provider, "LoA1")
        assert call_auth("package_create", {"user": name}, owner_org=agency["id"])


class TestLocalAccounts:
    @pytest.mark.ckan_config("ckan.auth.create_user_via_web", True)
    def test_registration_is_off_while_sso_is_on(self, app, mock_provider, sso_settings):
        assert call_auth("user_create", {"user": ""})
        sso_settings(mock_provider.issuer)
        with pytest.raises(tk.NotAuthorized):
            call_auth("user_create", {"user": ""})
        assert app.get("/user/register").status_code == 403

    @pytest.mark.ckan_config("ckan.auth.create_user_via_web", True)
    def test_registration_can_stay_on_by_config(self, mock_provider, sso_settings):
        sso_settings(mock_provider.issuer, allow_registration=True)
        assert call_auth("user_create", {"user": ""})

    def _password_login(self, app, name: str):
        client = app.test_client()
        form = client.get("/user/login").get_data(as_text=True)
        token = re.search(r'name="_csrf_token" value="([^"]+)"', form).group(1)
        response = client.post("/user/login", data={"_csrf_token": token, "login": name,
                                                    "password": STRONG_PASSWORD})
        return client, response

    def test_password_login_is_for_sysadmins_only_while_sso_is_on(self, app, mock_provider, sso_settings):
        sso_settings(mock_provider.issuer)
        user = factories.User(password=STRONG_PASSWORD)
        sysadmin = factories.Sysadmin(password=STRONG_PASSWORD)

        client, response = self._password_login(app, user["name"])
        assert "Đăng nhập bằng mật khẩu chỉ dành cho quản trị viên hệ thống" in response.get_data(as_text=True)
        assert logged_in_name(client) is None

        client, _response = self._password_login(app, sysadmin["name"])
        assert logged_in_name(client) == sysadmin["name"]

    def test_password_login_for_everyone_by_config(self, app, mock_provider, sso_settings):
        sso_settings(mock_provider.issuer, local_login_sysadmins_only=False)
        user = factories.User(password=STRONG_PASSWORD)
        client, _response = self._password_login(app, user["name"])
        assert logged_in_name(client) == user["name"]
