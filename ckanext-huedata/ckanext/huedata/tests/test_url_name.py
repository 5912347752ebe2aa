"""The server agrees with the forms' slug: a URL name typed with Vietnamese letters is stored
folded (tones and marks dropped, đ → d), for datasets and agencies."""
from __future__ import annotations

import pytest

from ckan.tests import factories
from ckan.tests.helpers import call_action

from ckanext.huedata.logic.validators import huedata_fold_name
from ckanext.huedata.tests.conftest import hue_schema
from ckanext.huedata.tests.test_schema import full_dataset


@pytest.mark.parametrize(("typed", "stored"), [
    ("danh-sách-trường-học", "danh-sach-truong-hoc"),
    ("Đường phố Đông Ba", "duong-pho-dong-ba"),
    ("so-giao-duc", "so-giao-duc"),  # already ASCII: left to name_validator
])
def test_fold_name(typed, stored):
    assert huedata_fold_name(typed) == stored


@hue_schema
class TestUrlNames:
    def test_a_dataset_name_with_vietnamese_letters_is_stored_folded(self, agency):
        created = call_action("package_create", **full_dataset(agency["id"], name="danh-sách-trường-học"))
        assert created["name"] == "danh-sach-truong-hoc"

    def test_an_agency_name_with_vietnamese_letters_is_stored_folded(self):
        org = factories.Organization(name="sở-giáo-dục-và-đào-tạo", title="Sở Giáo dục và Đào tạo")
        assert org["name"] == "so-giao-duc-va-dao-tao"
