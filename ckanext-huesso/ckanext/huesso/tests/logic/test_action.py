"""Sysadmin actions: link a local user to a person once; approve users who came without an agency claim."""
from __future__ import annotations

import pytest

import ckan.plugins.toolkit as tk
from ckan.tests import factories
from ckan.tests.helpers import call_action

from ckanext.huesso.tests.conftest import ID_NUMBER, STRONG_PASSWORD, logged_in_name, sso_login

pytestmark = [
    pytest.mark.ckan_config("ckan.plugins", "huesso huesearch"),
    pytest.mark.usefixtures("with_plugins", "clean_db"),
]


@pytest.fixture
def sysadmin():
    return factories.Sysadmin(password=STRONG_PASSWORD)


class TestIdentityLink:
    def test_linked_local_user_is_the_one_signed_in(self, app, mock_provider, sso_settings, sysadmin):
        sso_settings(mock_provider.issuer)
        local = factories.User(name="old-account", password=STRONG_PASSWORD)
        result = call_action("huesso_identity_link", {"user": sysadmin["name"]}, user="old-account",
                             id_number=ID_NUMBER)
        assert result == {"user": "old-account", "linked": True}
        mock_provider.set_user("vneid-x", {"SoDinhDanh": ID_NUMBER, "HoVaTen": "Võ Thị Hoa"})
        client = app.test_client()

        sso_login(client, mock_provider, "vneid-x")

        assert logged_in_name(client) == local["name"]

    def test_a_user_is_linked_only_once(self, mock_provider, sso_settings, sysadmin):
        sso_settings(mock_provider.issuer)
        factories.User(name="old-account", password=STRONG_PASSWORD)
        call_action("huesso_identity_link", {"user": sysadmin["name"]}, user="old-account", id_number=ID_NUMBER)
        with pytest.raises(tk.ValidationError, match="already linked"):
            call_action("huesso_identity_link", {"user": sysadmin["name"]}, user="old-account",
                        id_number="001122334455")

    def test_a_person_cannot_be_linked_to_a_second_user(self, mock_provider, sso_settings, sysadmin):
        sso_settings(mock_provider.issuer)
        factories.User(name="first", password=STRONG_PASSWORD)
        factories.User(name="second", password=STRONG_PASSWORD)
        call_action("huesso_identity_link", {"user": sysadmin["name"]}, user="first", id_number=ID_NUMBER)
        with pytest.raises(tk.ValidationError, match="another user"):
            call_action("huesso_identity_link", {"user": sysadmin["name"]}, user="second", id_number=ID_NUMBER)

    def test_only_sysadmins_link(self, mock_provider, sso_settings):
        sso_settings(mock_provider.issuer)
        user = factories.User(password=STRONG_PASSWORD)
        with pytest.raises(tk.NotAuthorized):
            call_action("huesso_identity_link", {"user": user["name"], "ignore_auth": False},
                        user=user["name"], id_number=ID_NUMBER)

    def test_nothing_to_link_by_is_a_clear_error(self, mock_provider, sso_settings, sysadmin):
        sso_settings(mock_provider.issuer)
        factories.User(name="old-account", password=STRONG_PASSWORD)
        with pytest.raises(tk.ValidationError, match="ID number"):
            call_action("huesso_identity_link", {"user": sysadmin["name"]}, user="old-account")


class TestApproval:
    def test_only_sysadmins_approve_or_list(self, mock_provider, sso_settings):
        sso_settings(mock_provider.issuer)
        user = factories.User(password=STRONG_PASSWORD)
        org = factories.Organization()
        with pytest.raises(tk.NotAuthorized):
            call_action("huesso_pending_list", {"user": user["name"], "ignore_auth": False})
        with pytest.raises(tk.NotAuthorized):
            call_action("huesso_approve", {"user": user["name"], "ignore_auth": False},
                        user=user["name"], organization=org["name"], role="admin")

    def test_approving_a_user_who_never_used_sso_is_refused(self, sysadmin):
        user = factories.User(password=STRONG_PASSWORD)
        org = factories.Organization()
        with pytest.raises(tk.ValidationError, match="never signed in"):
            call_action("huesso_approve", {"user": sysadmin["name"]}, user=user["name"],
                        organization=org["name"], role="editor")


class TestProfileWithoutEmail:
    def test_sso_user_without_email_can_edit_the_profile(self, app, mock_provider, sso_settings):
        sso_settings(mock_provider.issuer)
        mock_provider.set_user("vneid-x", {"SoDinhDanh": ID_NUMBER, "HoVaTen": "Võ Thị Hoa"})
        sso_login(app.test_client(), mock_provider, "vneid-x")

        result = call_action("user_update", {"user": "vo-thi-hoa"}, id="vo-thi-hoa", about="Sở KH&CN")

        assert result["about"] == "Sở KH&CN"

    def test_notifications_need_an_email(self, app, mock_provider, sso_settings):
        sso_settings(mock_provider.issuer)
        mock_provider.set_user("vneid-x", {"SoDinhDanh": ID_NUMBER, "HoVaTen": "Võ Thị Hoa"})
        sso_login(app.test_client(), mock_provider, "vneid-x")

        with pytest.raises(tk.ValidationError, match="needed to receive notifications"):
            call_action("user_update", {"user": "vo-thi-hoa"}, id="vo-thi-hoa",
                        activity_streams_email_notifications=True)

    def test_local_users_still_need_an_email(self):
        user = factories.User(password=STRONG_PASSWORD)
        with pytest.raises(tk.ValidationError):
            call_action("user_update", {"user": user["name"]}, id=user["id"], about="x")
