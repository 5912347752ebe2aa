"""Source configs are checked when the source is saved, with a readable reason (vi/en)."""
from __future__ import annotations

import json

import pytest
from ckan.plugins import toolkit

from ckanext.huedata.harvesters.mapping import content_hash, map_fields, resolve
from ckanext.huedata.harvesters.source_config import SourceConfigError, parse

from .conftest import PLUGINS, create_source

VALID = {
    "mode": "catalogue",
    "pagination": {"style": "page", "items": "/data"},
    "mapping": {"guid": "/ma", "title": "/ten",
                "sector": {"pointer": "/lv", "values": {"Y tế": "health"}}},
}


def _with(**changes):
    cfg = json.loads(json.dumps(VALID))
    cfg.update(changes)
    return json.dumps(cfg)


def test_a_complete_catalogue_config_parses_into_typed_rules():
    cfg = parse(json.dumps(VALID))
    assert cfg.mode == "catalogue" and cfg.pagination.style == "page"
    assert cfg.mapping["sector"].values == {"Y tế": "health"}
    assert cfg.on_delete == "withdraw"


@pytest.mark.parametrize("text, reason", [
    ("{not json", "not valid JSON"),
    (_with(mode="mirror"), '"mode" must be one of: catalogue, records'),
    (_with(mapping={"guid": "/ma", "title": "ten"}), '"mapping.title" must be a JSON pointer'),
    (_with(mapping={"guid": "/ma", "title": "/t", "colour": "/c"}),
     'Unknown field(s) in "mapping": colour'),
    (_with(mapping={"title": "/t"}), '"mapping" must say where to read guid'),
    (_with(pagination={"style": "scroll"}), '"pagination.style" must be one of'),
    (_with(pagination={"style": "page", "size": 0}), '"pagination.size" must be a whole number'),
    (_with(auth={"token_url": "https://lgsp/token", "consumer_key": "k",
                 "consumer_secret": "the secret itself!"}),
     '"auth.consumer_secret" must be the name of a secret'),
    (_with(auth={"token_url": "https://lgsp/token", "consumer_key": "k",
                 "consumer_secret": "s", "password": "x"}), '"auth" must hold exactly'),
    (_with(on_delete="keep"), '"on_delete" must be one of: withdraw, delete'),
    (json.dumps({"mode": "records", "pagination": {"style": "offset"}}),
     'Records mode needs "dataset"'),
])
def test_unusable_config_is_refused_with_the_reason(text, reason):
    with pytest.raises(SourceConfigError, match=None) as caught:
        parse(text)
    assert reason in str(caught.value)


def test_json_pointer_resolution_follows_rfc_6901():
    doc = {"a/b": {"m~n": [10, {"x": 1}]}}
    assert resolve(doc, "/a~1b/m~0n/1/x") == 1
    assert resolve(doc, "/a~1b/m~0n/5") is None
    assert resolve(doc, "") == doc


def test_value_map_translates_agency_codes_and_leaves_unknown_values():
    rules = parse(json.dumps(VALID)).mapping
    assert map_fields({"ma": 1, "ten": "T", "lv": "Y tế"}, rules)["sector"] == "health"
    assert map_fields({"ma": 1, "ten": "T", "lv": "Khác"}, rules)["sector"] == "Khác"


def test_content_hash_ignores_key_order_but_not_values():
    assert content_hash({"a": 1, "b": [1, 2]}) == content_hash({"b": [1, 2], "a": 1})
    assert content_hash({"a": 1}) != content_hash({"a": 2})


@pytest.mark.usefixtures("with_plugins", "clean_db")
@pytest.mark.ckan_config("ckan.plugins", PLUGINS)
def test_saving_a_source_with_a_bad_mapping_fails_with_a_clear_error_and_saves_nothing():
    cfg = json.loads(_with(mapping={"guid": "/ma", "title": "ten"}))
    with pytest.raises(toolkit.ValidationError) as caught:
        create_source("http://127.0.0.1:9/x", cfg)
    assert '"mapping.title" must be a JSON pointer' in str(caught.value.error_dict["config"])
    assert toolkit.get_action("harvest_source_list")({"ignore_auth": True}, {}) == []


@pytest.mark.usefixtures("with_plugins")
@pytest.mark.ckan_config("ckan.plugins", PLUGINS)
@pytest.mark.ckan_config("ckan.locale_default", "vi")
def test_config_error_reads_in_vietnamese_for_a_vietnamese_page(app):
    with app.flask_app.test_request_context("/vi/harvest/new"):
        import flask_babel
        with flask_babel.force_locale("vi"):
            with pytest.raises(SourceConfigError) as caught:
                parse(_with(on_delete="keep"))
    assert str(caught.value) == '"on_delete" phải là một trong các giá trị: withdraw, delete'
