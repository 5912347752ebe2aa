"""The Huế dataset and organisation schemas through the action API."""
from __future__ import annotations

import json

import pytest

import ckan.plugins.toolkit as tk
from ckan.tests import factories
from ckan.tests.helpers import call_action

from ckanext.huedata import vocabularies as vocab
from ckanext.huedata.tests.conftest import hue_schema

SCHOOLS_SCHEMA = {
    "fields": [
        {"name": "ma_truong", "type": "string", "constraints": {"required": True, "unique": True}},
        {"name": "so_hoc_sinh", "type": "integer", "constraints": {"minimum": 0}},
    ],
    "primaryKey": ["ma_truong"],
}


def full_dataset(owner_org: str, **overrides) -> dict:
    ward = vocab.wards()[0].code
    data = {
        "name": "danh-sach-truong-hoc",
        "title": "Danh sách trường học",
        "notes": "Các trường học trên địa bàn thành phố Huế",
        "owner_org": owner_org,
        "sector": "education",
        "data_kind": "shared_data",
        "update_frequency": "annual",
        "spatial_coverage": [ward],
        "temporal_start": "2024-09-01",
        "temporal_end": "2025-06-30",
        "legal_basis": "Quyết định số 06/2021/QĐ-UBND",
        "contact_name": "Nguyễn Văn An",
        "contact_email": "sgd@hue.gov.vn",
        "contact_phone": "0234 3822 123",
        "access_level": "on_request",
        "shared_catalogue": True,
        "license_id": "cc-by",
        "tags": [{"name": "giáo dục"}],
        "resources": [{
            "url": "http://example.com/truong.csv", "format": "CSV", "name": "Danh sách",
            "data_dictionary": json.dumps(SCHOOLS_SCHEMA),
        }],
    }
    data.update(overrides)
    return data


@hue_schema
class TestDatasetFields:
    def test_every_field_is_returned_by_package_show(self, agency):
        created = call_action("package_create", **full_dataset(agency["id"]))
        shown = call_action("package_show", id=created["id"])
        assert shown["sector"] == "education"
        assert shown["data_kind"] == "shared_data"
        assert shown["update_frequency"] == "annual"
        assert shown["spatial_coverage"] == [vocab.wards()[0].code]
        assert (shown["temporal_start"], shown["temporal_end"]) == ("2024-09-01", "2025-06-30")
        assert shown["legal_basis"] == "Quyết định số 06/2021/QĐ-UBND"
        assert (shown["contact_name"], shown["contact_email"], shown["contact_phone"]) == (
            "Nguyễn Văn An", "sgd@hue.gov.vn", "0234 3822 123")
        assert shown["access_level"] == "on_request"
        assert shown["shared_catalogue"] is True
        assert shown["license_id"] == "cc-by"
        assert [t["name"] for t in shown["tags"]] == ["giáo dục"]
        assert json.loads(shown["resources"][0]["data_dictionary"]) == SCHOOLS_SCHEMA

    def test_defaults_are_quarterly_whole_city_open_and_not_shared(self, agency):
        created = call_action("package_create", name="toi-thieu", title="Tối thiểu", notes="Mô tả",
                              owner_org=agency["id"], sector="health")
        assert created["update_frequency"] == "quarterly"
        assert created["spatial_coverage"] == ["city"]
        assert created["access_level"] == "open"
        assert created["shared_catalogue"] is False
        assert created["license_id"] == "cc-by"
        assert created["data_kind"] == "sector_data"

    def test_update_changes_the_fields(self, agency):
        created = call_action("package_create", **full_dataset(agency["id"]))
        wards = [w.code for w in vocab.wards()[:2]]
        updated = call_action("package_update", **dict(
            created, sector="tourism", update_frequency="never", spatial_coverage=wards,
            shared_catalogue="false"))
        shown = call_action("package_show", id=updated["id"])
        assert (shown["sector"], shown["update_frequency"]) == ("tourism", "never")
        assert shown["spatial_coverage"] == wards
        assert shown["shared_catalogue"] is False

    @pytest.mark.parametrize("field, value, message", [
        ("sector", "sports", 'Unknown sector "sports"'),
        ("data_kind", "rumours", 'Unknown kind of data "rumours"'),
        ("update_frequency", "hourly", 'Unknown update frequency "hourly"'),
        ("spatial_coverage", ["99999"], "Unknown ward or commune code of Huế: 99999"),
        ("temporal_start", "01/07/2025", "Date must be written as YYYY-MM-DD"),
        ("contact_email", "khong-phai-email", "Email address is not valid"),
        ("contact_phone", "abc", "Phone number is not valid"),
        ("access_level", "secret", 'Unknown access level "secret"'),
        ("license_id", "cc-nc", 'Only open licences may be used: "cc-nc"'),
    ])
    def test_invalid_values_are_refused_with_an_english_message(self, agency, field, value, message):
        with pytest.raises(tk.ValidationError) as err:
            call_action("package_create", **full_dataset(agency["id"], **{field: value}))
        assert message in " ".join(err.value.error_dict[field])

    def test_end_before_start_is_refused(self, agency):
        with pytest.raises(tk.ValidationError) as err:
            call_action("package_create", **full_dataset(
                agency["id"], temporal_start="2025-01-01", temporal_end="2024-01-01"))
        assert err.value.error_dict["temporal_end"] == [
            "The end of the temporal coverage is before its start"]

    def test_city_and_wards_together_are_refused(self, agency):
        with pytest.raises(tk.ValidationError) as err:
            call_action("package_create", **full_dataset(
                agency["id"], spatial_coverage=["city", vocab.wards()[0].code]))
        assert "not both" in err.value.error_dict["spatial_coverage"][0]

    @pytest.mark.parametrize("dictionary, message", [
        ("{not json", "Data dictionary is not valid JSON"),
        (json.dumps({"fields": []}), 'non-empty "fields" list'),
        (json.dumps({"fields": [{"name": "a", "type": "text"}]}), 'Field "a" has an unknown type "text"'),
        (json.dumps({"fields": [{"name": "a"}], "primaryKey": "b"}), "Primary key names fields that do not exist: b"),
    ])
    def test_a_broken_data_dictionary_is_refused(self, agency, dictionary, message):
        data = full_dataset(agency["id"])
        data["resources"][0]["data_dictionary"] = dictionary
        with pytest.raises(tk.ValidationError) as err:
            call_action("package_create", **data)
        assert message in err.value.error_dict["resources"][0]["data_dictionary"][0]


@hue_schema
class TestOrganizationFields:
    def test_agency_fields_are_stored_and_shown(self):
        org = factories.Organization(
            name="trung-tam-festival-hue", title="Trung tâm Festival Huế", agency_code="h57.30",
            agency_level="public_service_unit", parent_agency="UBND thành phố Huế",
            contact_email="festival@hue.gov.vn", contact_phone="0234 3823 577")
        shown = call_action("organization_show", id=org["id"])
        assert shown["agency_code"] == "H57.30"
        assert shown["agency_level"] == "public_service_unit"
        assert shown["parent_agency"] == "UBND thành phố Huế"
        assert (shown["contact_email"], shown["contact_phone"]) == ("festival@hue.gov.vn", "0234 3823 577")

    @pytest.mark.parametrize("field, value, message", [
        ("agency_code", "so giao duc", "not a valid electronic ID code"),
        ("agency_level", "ministry", 'Unknown agency level "ministry"'),
        ("contact_email", "x@", "Email address is not valid"),
    ])
    def test_invalid_agency_fields_are_refused(self, field, value, message):
        with pytest.raises(tk.ValidationError) as err:
            call_action("organization_create", name="co-quan", title="Cơ quan", **{field: value})
        assert message in " ".join(err.value.error_dict[field])
