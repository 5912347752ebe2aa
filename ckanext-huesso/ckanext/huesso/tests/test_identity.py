"""Claim mapping, the keyed hash of ID numbers and user names: pure functions, no database."""
from __future__ import annotations

import pytest

from ckanext.huesso.identity import ClaimMapping, hash_id_number, loa_of, to_identity, username_base

SECRET = "s" * 40
LEVELS = {"LoA1": 1, "LoA2": 2}
VNEID = {"sub": "abc", "SoDinhDanh": "079201001234", "HoVaTen": "Phạm Đình Quý", "acr": "LoA2",
         "NgayThangNamSinh": "01/01/1990", "LoaiTaiKhoan": "2"}


def test_vneid_claims_map_to_a_person_without_the_number():
    identity = to_identity(VNEID, "https://sso.hue.gov.vn", ClaimMapping(), SECRET, LEVELS)
    assert identity.full_name == "Phạm Đình Quý"
    assert identity.email is None
    assert identity.loa == 2
    assert "079201001234" not in repr(identity)
    assert identity.id_hash == hash_id_number("079201001234", SECRET)


def test_standard_oidc_claims_map_too():
    claims = {"sub": "u1", "name": "Jane Doe", "email": "jane@hue.gov.vn", "agency_code": "H57.12"}
    identity = to_identity(claims, "iss", ClaimMapping(), SECRET, LEVELS)
    assert (identity.full_name, identity.email, identity.agency_code, identity.id_hash, identity.loa) == (
        "Jane Doe", "jane@hue.gov.vn", "H57.12", None, 0)


def test_custom_claim_names_are_followed_in_order():
    mapping = ClaimMapping(id_number=("cccd",), full_name=("ho_ten", "name"), agency=("don_vi",))
    identity = to_identity({"sub": "x", "cccd": "001", "name": "B", "don_vi": "H57.1"}, "i", mapping, SECRET, {})
    assert (identity.full_name, identity.agency_code) == ("B", "H57.1")
    assert identity.id_hash == hash_id_number("001", SECRET)


def test_hash_depends_on_the_secret_and_ignores_spaces():
    assert hash_id_number("0792 0100 1234", SECRET) == hash_id_number("079201001234", SECRET)
    assert hash_id_number("079201001234", SECRET) != hash_id_number("079201001234", "t" * 40)


def test_short_hmac_secret_is_refused():
    with pytest.raises(ValueError):
        hash_id_number("079201001234", "short")


def test_email_claim_without_at_sign_is_ignored():
    assert to_identity({"sub": "x", "email": "not-an-email"}, "i", ClaimMapping(), SECRET, {}).email is None


@pytest.mark.parametrize(("acr", "level"), [("LoA2", 2), ("LoA1", 1), ("other", 0), (None, 0)])
def test_acr_to_level(acr, level):
    assert loa_of(acr, LEVELS) == level


@pytest.mark.parametrize(("name", "expected"), [
    ("Nguyễn Văn Đức", "nguyen-van-duc"), ("ĐẶNG THỊ Ý", "dang-thi-y"), ("", "sso-user"), ("李", "sso-user")])
def test_user_names_from_vietnamese_names(name, expected):
    assert username_base(name) == expected
