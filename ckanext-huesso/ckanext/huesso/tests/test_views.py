"""The sign-in through a real OpenID provider (oidc-provider-mock) with VNeID-shaped claims."""
from __future__ import annotations

import re

import pytest

from ckan import authz, model
from ckan.tests import factories

from ckanext.huesso.tests.conftest import ID_NUMBER, STRONG_PASSWORD, logged_in_name, sso_login, start_login

pytestmark = [
    pytest.mark.ckan_config("ckan.plugins", "huesso huesearch"),
    pytest.mark.usefixtures("with_plugins", "clean_db"),
]

VNEID_CLAIMS = {"SoDinhDanh": ID_NUMBER, "HoVaTen": "Nguyễn Văn Đức", "NgayThangNamSinh": "01/02/1990",
                "LoaiTaiKhoan": "2", "acr": "LoA2", "agency_code": "H57.12"}


@pytest.fixture
def agency():
    return factories.Organization(name="so-khcn", extras=[{"key": "agency_code", "value": "H57.12"}])


class TestFirstLogin:
    def test_lands_back_on_came_from_signed_in_with_the_agency_role(self, app, mock_provider, sso_settings, agency):
        sso_settings(mock_provider.issuer)
        mock_provider.set_user("vneid-duc", VNEID_CLAIMS)
        client = app.test_client()

        response = sso_login(client, mock_provider, "vneid-duc", came_from="/dataset/?q=water")

        assert response.status_code == 302
        assert response.headers["Location"].endswith("/dataset/?q=water")
        name = logged_in_name(client)
        assert name == "nguyen-van-duc"
        user = model.User.by_name(name)
        assert user.fullname == "Nguyễn Văn Đức"
        assert user.email is None  # VNeID sends no email, and the login still works
        assert authz.users_role_for_group_or_org(agency["id"], name) == "editor"

    def test_second_login_reuses_the_user_even_when_the_name_changes(self, app, mock_provider, sso_settings):
        sso_settings(mock_provider.issuer)
        mock_provider.set_user("vneid-duc", VNEID_CLAIMS)
        sso_login(app.test_client(), mock_provider, "vneid-duc")
        mock_provider.set_user("vneid-duc", {**VNEID_CLAIMS, "HoVaTen": "Nguyễn Văn Đức Anh",
                                             "email": "duc@hue.gov.vn"})
        client = app.test_client()

        sso_login(client, mock_provider, "vneid-duc")

        assert logged_in_name(client) == "nguyen-van-duc"
        assert model.Session.query(model.User).filter(model.User.name.like("nguyen-van-duc%")).count() == 1
        user = model.User.by_name("nguyen-van-duc")
        assert (user.fullname, user.email) == ("Nguyễn Văn Đức Anh", "duc@hue.gov.vn")

    def test_same_id_number_under_a_new_subject_is_the_same_user(self, app, mock_provider, sso_settings):
        sso_settings(mock_provider.issuer)
        mock_provider.set_user("old-sub", VNEID_CLAIMS)
        mock_provider.set_user("new-sub", VNEID_CLAIMS)
        sso_login(app.test_client(), mock_provider, "old-sub")
        client = app.test_client()

        sso_login(client, mock_provider, "new-sub")

        assert logged_in_name(client) == "nguyen-van-duc"

    def test_without_agency_claim_the_user_waits_for_a_sysadmin(self, app, mock_provider, sso_settings, agency):
        sso_settings(mock_provider.issuer)
        claims = {k: v for k, v in VNEID_CLAIMS.items() if k != "agency_code"}
        mock_provider.set_user("citizen", claims)
        client = app.test_client()
        sso_login(client, mock_provider, "citizen")
        sysadmin = factories.Sysadmin(password=STRONG_PASSWORD)
        from ckan.tests.helpers import call_action

        pending = call_action("huesso_pending_list", {"user": sysadmin["name"]})
        assert [row["user"] for row in pending] == ["nguyen-van-duc"]
        assert authz.users_role_for_group_or_org(agency["id"], "nguyen-van-duc") is None

        call_action("huesso_approve", {"user": sysadmin["name"]}, user="nguyen-van-duc",
                    organization=agency["name"], role="editor")
        assert authz.users_role_for_group_or_org(agency["id"], "nguyen-van-duc") == "editor"
        assert call_action("huesso_pending_list", {"user": sysadmin["name"]}) == []

    def test_moving_to_another_agency_moves_the_membership(self, app, mock_provider, sso_settings, agency):
        other = factories.Organization(name="ubnd-phu-hoi", extras=[{"key": "agency_code", "value": "H57.30"}])
        sso_settings(mock_provider.issuer)
        mock_provider.set_user("vneid-duc", VNEID_CLAIMS)
        sso_login(app.test_client(), mock_provider, "vneid-duc")
        mock_provider.set_user("vneid-duc", {**VNEID_CLAIMS, "agency_code": "H57.30"})

        sso_login(app.test_client(), mock_provider, "vneid-duc")

        assert authz.users_role_for_group_or_org(agency["id"], "nguyen-van-duc") is None
        assert authz.users_role_for_group_or_org(other["id"], "nguyen-van-duc") == "editor"

    def test_agency_map_in_config_finds_organisations_without_the_extra(self, app, mock_provider, sso_settings):
        org = factories.Organization(name="trung-tam-festival")
        sso_settings(mock_provider.issuer, agency_map="H57.99=trung-tam-festival", agency_role="admin")
        mock_provider.set_user("vneid-duc", {**VNEID_CLAIMS, "agency_code": "H57.99"})

        sso_login(app.test_client(), mock_provider, "vneid-duc")

        assert authz.users_role_for_group_or_org(org["id"], "nguyen-van-duc") == "admin"


class TestLoginPage:
    def test_offers_vneid_first(self, app, mock_provider, sso_settings):
        sso_settings(mock_provider.issuer)
        html = app.get("/user/login?came_from=/dataset/").get_data(as_text=True)
        button = html.index("huesso-login-button")
        assert button < html.index('name="password"')
        assert re.search(r'href="/user/sso/login\?came_from=(/|%2F)dataset(/|%2F)"', html)

    def test_sso_login_is_absent_when_sso_is_off(self, app):
        assert app.get("/user/sso/login", status=404)
        assert "huesso-login-button" not in app.get("/user/login").get_data(as_text=True)

    def test_authorization_request_uses_pkce_s256_state_nonce_and_acr(self, app, mock_provider, sso_settings):
        sso_settings(mock_provider.issuer, acr_values="LoA2")
        url = start_login(app.test_client())
        for part in ("response_type=code", "code_challenge_method=S256", "code_challenge=", "state=", "nonce=",
                     "acr_values=LoA2", "scope=openid"):
            assert part in url


class TestLogout:
    def test_sso_logout_ends_the_session_and_goes_to_the_provider(self, app, mock_provider, sso_settings):
        sso_settings(mock_provider.issuer)
        mock_provider.set_user("vneid-duc", VNEID_CLAIMS)
        client = app.test_client()
        sso_login(client, mock_provider, "vneid-duc")

        response = client.get("/user/_logout", follow_redirects=False)

        assert response.headers["Location"].startswith(mock_provider.issuer + "/oauth2/end_session?")
        assert "post_logout_redirect_uri=" in response.headers["Location"]
        assert logged_in_name(client) is None


class TestMisconfiguration:
    def test_missing_hmac_secret_refuses_clearly_instead_of_failing(self, app, mock_provider, sso_settings):
        sso_settings(mock_provider.issuer, id_hmac_secret="")
        response = app.get("/user/sso/login")
        assert response.status_code == 403
        assert "chưa được cấu hình" in response.get_data(as_text=True)

    def test_unreachable_provider_is_a_clear_error(self, app, sso_settings):
        sso_settings("http://127.0.0.1:9")
        response = app.get("/user/sso/login")
        assert response.status_code == 403
        assert "Không kết nối được" in response.get_data(as_text=True)


class TestRolesKept:
    def test_admin_given_by_hand_is_not_lowered_by_the_claim(self, app, mock_provider, sso_settings, agency):
        sso_settings(mock_provider.issuer)
        mock_provider.set_user("vneid-duc", VNEID_CLAIMS)
        sso_login(app.test_client(), mock_provider, "vneid-duc")
        from ckan.tests.helpers import call_action
        call_action("organization_member_create", id=agency["id"], username="nguyen-van-duc", role="admin")

        sso_login(app.test_client(), mock_provider, "vneid-duc")

        assert authz.users_role_for_group_or_org(agency["id"], "nguyen-van-duc") == "admin"


class TestPendingPage:
    def test_sysadmin_approves_a_waiting_user_from_the_page(self, app, mock_provider, sso_settings, agency):
        sso_settings(mock_provider.issuer)
        mock_provider.set_user("citizen", {"SoDinhDanh": ID_NUMBER, "HoVaTen": "Nguyễn Văn Đức"})
        sso_login(app.test_client(), mock_provider, "citizen")
        sysadmin = factories.Sysadmin(password=STRONG_PASSWORD)
        client = app.test_client()
        form = client.get("/user/login").get_data(as_text=True)
        token = re.search(r'name="_csrf_token" value="([^"]+)"', form).group(1)
        client.post("/user/login", data={"_csrf_token": token, "login": sysadmin["name"],
                                         "password": STRONG_PASSWORD})

        page = client.get("/ckan-admin/sso-pending").get_data(as_text=True)
        assert "Người dùng SSO đang chờ gán đơn vị" in page
        assert "nguyen-van-duc" in page
        token = re.search(r'name="_csrf_token" value="([^"]+)"', page).group(1)
        response = client.post("/ckan-admin/sso-pending", data={
            "_csrf_token": token, "user": "nguyen-van-duc", "organization": agency["name"], "role": "editor"},
            follow_redirects=True)

        assert "Không có ai đang chờ." in response.get_data(as_text=True)
        assert authz.users_role_for_group_or_org(agency["id"], "nguyen-van-duc") == "editor"

    def test_others_cannot_open_it(self, app, mock_provider, sso_settings):
        sso_settings(mock_provider.issuer)
        assert app.get("/ckan-admin/sso-pending").status_code == 403


class TestDisabledAccount:
    def test_deleted_user_cannot_sign_in_again(self, app, mock_provider, sso_settings):
        sso_settings(mock_provider.issuer)
        mock_provider.set_user("vneid-duc", VNEID_CLAIMS)
        sso_login(app.test_client(), mock_provider, "vneid-duc")
        from ckan.tests.helpers import call_action
        call_action("user_delete", id="nguyen-van-duc")
        client = app.test_client()

        response = sso_login(client, mock_provider, "vneid-duc")

        assert response.status_code == 403
        assert "Tài khoản này đã bị vô hiệu hóa" in response.get_data(as_text=True)
        assert logged_in_name(client) is None
