"""The local password policy (62/2021 Art 9): rules alone, then through user_create/user_update and login."""
from __future__ import annotations

import datetime as dt
import re

import pytest

import ckan.plugins.toolkit as tk
from ckan import model
from ckan.tests import factories
from ckan.tests.helpers import call_action

from ckanext.huesso.logic.password import PasswordPolicy, is_expired, strength_errors
from ckanext.huesso.model import PasswordHistory

POLICY = PasswordPolicy()
GOOD = "Hue@2026abc"


class TestRules:
    @pytest.mark.parametrize("password", ["Ab1!", "short1A!"[:7]])
    def test_shorter_than_eight_is_refused(self, password):
        assert any("at least 8" in error for error in strength_errors(password, POLICY))

    @pytest.mark.parametrize("password", ["hue@2026abc", "HUE@2026ABC", "Hue@abcdefg", "Hue2026abcd"])
    def test_each_character_class_is_needed(self, password):
        assert strength_errors(password, POLICY)

    def test_a_password_with_all_classes_passes(self):
        assert strength_errors(GOOD, POLICY) == []

    def test_rules_follow_the_settings(self):
        assert strength_errors("abc", PasswordPolicy(min_length=3, require_classes=False)) == []

    def test_expiry_after_the_configured_days(self):
        now = dt.datetime(2026, 11, 23, tzinfo=dt.timezone.utc)
        assert is_expired(now - dt.timedelta(days=91), now, POLICY)
        assert not is_expired(now - dt.timedelta(days=89), now, POLICY)
        assert not is_expired(now - dt.timedelta(days=900), now, PasswordPolicy(max_age_days=0))


@pytest.mark.ckan_config("ckan.plugins", "huesso huesearch")
@pytest.mark.usefixtures("with_plugins", "clean_db")
class TestThroughActions:
    def test_weak_password_is_refused_with_a_clear_message(self):
        with pytest.raises(tk.ValidationError) as error:
            call_action("user_create", name="weak", email="weak@example.org", password="password123")
        assert "upper-case letter" in str(error.value.error_dict["password"])

    def test_strong_password_is_accepted_and_recorded(self):
        user = call_action("user_create", name="strong", email="strong@example.org", password=GOOD)
        assert len(PasswordHistory.recent(user["id"], 10)) == 1

    def test_none_of_the_last_five_passwords_can_come_back(self):
        user = call_action("user_create", name="rotating", email="r@example.org", password="Pass@word1")
        for n in range(2, 7):
            call_action("user_update", id=user["id"], email="r@example.org", password=f"Pass@word{n}")
        for n in range(2, 7):  # the last five
            with pytest.raises(tk.ValidationError) as error:
                call_action("user_update", id=user["id"], email="r@example.org", password=f"Pass@word{n}")
            assert "last 5 passwords" in str(error.value.error_dict["password"])
        # the sixth-last one is old enough again
        call_action("user_update", id=user["id"], email="r@example.org", password="Pass@word1")

    def test_history_keeps_only_what_the_rule_needs(self):
        user = call_action("user_create", name="keeper", email="k@example.org", password="Pass@word1")
        for n in range(2, 10):
            call_action("user_update", id=user["id"], email="k@example.org", password=f"Pass@word{n}")
        assert model.Session.query(PasswordHistory).filter_by(user_id=user["id"]).count() == 5

    @pytest.mark.ckan_config("ckan.auth.create_user_via_web", True)
    def test_password_form_shows_the_rules_in_vietnamese(self, app):
        client = app.test_client()
        form = client.get("/user/register").get_data(as_text=True)
        token = re.search(r'name="_csrf_token" value="([^"]+)"', form).group(1)
        response = client.post("/user/register", data={
            "_csrf_token": token, "name": "vi-user", "fullname": "A", "email": "vi@example.org",
            "password1": "password123", "password2": "password123", "save": ""})
        html = response.get_data(as_text=True)
        assert "Mật khẩu phải có chữ hoa, chữ thường, chữ số và ký tự đặc biệt." in html
        assert model.User.by_name("vi-user") is None


@pytest.mark.ckan_config("ckan.plugins", "huesso huesearch")
@pytest.mark.usefixtures("with_plugins", "clean_db")
class TestExpiry:
    def test_expired_password_forces_a_change_at_next_login(self, app):
        user = factories.User(password=GOOD)
        row = PasswordHistory.recent(user["id"], 1)[0]
        row.created = dt.datetime.now(dt.timezone.utc) - dt.timedelta(days=91)
        model.Session.commit()
        client = app.test_client()
        client.post("/user/login", data={"login": user["name"], "password": GOOD})

        response = client.get("/dataset/", follow_redirects=False)

        assert response.status_code == 302
        assert f"/user/edit/{user['name']}" in response.headers["Location"]
        assert client.get(f"/user/edit/{user['name']}").status_code == 200

        call_action("user_update", {"user": user["name"]}, id=user["id"], email=user["email"],
                    password="Hue@2027xyz")
        assert client.get("/dataset/", follow_redirects=False).status_code == 200

    def test_fresh_password_browses_freely(self, app):
        user = factories.User(password=GOOD)
        client = app.test_client()
        client.post("/user/login", data={"login": user["name"], "password": GOOD})
        assert client.get("/dataset/", follow_redirects=False).status_code == 200
