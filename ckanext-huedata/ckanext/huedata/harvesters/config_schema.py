"""JSON Schemas of every harvest source type's config, checked when a source is saved.

Errors name the place in the config and say what is wrong in Vietnamese and English (the
person saving the source reads them). Secrets are never in a config: ``api_key`` and the
OAuth2 consumer key/secret are *names* of secrets held in the portal configuration
(``ckanext.huedata.lgsp.secret.<name>``) or its environment.
"""
from __future__ import annotations

import json
from typing import Any

import jsonschema

SECRET_NAME = {"type": "string", "pattern": "^[A-Za-z0-9_.-]{1,64}$"}
POINTER = {"type": "string", "pattern": "^(/([^~/]|~[01])*)*$"}
SHARE = {"type": "number", "minimum": 0, "maximum": 100}

_RULE = {
    "oneOf": [
        POINTER,
        {"type": "object", "required": ["const"], "properties": {"const": {}},
         "additionalProperties": False},
        {"type": "object", "required": ["pointer"], "additionalProperties": False,
         "properties": {
             "pointer": POINTER,
             "values": {"type": "object"},
             "trim": {"type": "boolean"},
             "split": {"type": "string", "minLength": 1},
             "date_format": {"type": "string", "minLength": 2},
             "number": {"type": "boolean"},
             "decimal_char": {"type": "string", "minLength": 1, "maxLength": 1},
             "group_char": {"type": "string", "maxLength": 1},
         }},
    ],
}
_PAGINATION = {
    "type": "object", "required": ["style"], "additionalProperties": False,
    "properties": {
        "style": {"enum": ["page", "offset", "next", "cursor"]},
        "items": POINTER,
        "size": {"type": "integer", "minimum": 1, "maximum": 10000},
        "page_param": {"type": "string"}, "size_param": {"type": "string"},
        "offset_param": {"type": "string"}, "limit_param": {"type": "string"},
        "next_pointer": POINTER, "cursor_pointer": POINTER, "cursor_param": {"type": "string"},
        "total": POINTER,
        "short_page": {"enum": ["continue", "fail"]},
    },
}
_ENVELOPE = {
    "type": "object", "required": ["success"], "additionalProperties": False,
    "properties": {
        "success": {"type": "object", "required": ["pointer", "values"],
                    "additionalProperties": False,
                    "properties": {"pointer": POINTER,
                                   "values": {"type": "array", "minItems": 1,
                                              "items": {"type": ["string", "number",
                                                                 "boolean"]}}}},
        "message": POINTER,
    },
}
_SCHEMA_FIELD = {
    "type": "object", "required": ["name"],
    "properties": {"name": {"type": "string", "minLength": 1, "maxLength": 63},
                   "type": {"enum": ["string", "integer", "number", "boolean", "date",
                                     "datetime", "time", "year", "object", "array"]},
                   "format": {"type": "string"}, "pointer": POINTER,
                   "decimalChar": {"type": "string", "minLength": 1, "maxLength": 1},
                   "groupChar": {"type": "string", "maxLength": 1}},
}
_TABLE_SCHEMA = {"type": "object", "required": ["fields"],
                 "properties": {"fields": {"type": "array", "minItems": 1,
                                           "items": _SCHEMA_FIELD},
                                "missingValues": {"type": "array",
                                                  "items": {"type": "string"}}}}
_DATASET = {"type": "object", "required": ["title"], "properties": {"title": {"type": "string",
                                                                             "minLength": 1}}}
_TABLE = {
    "type": "object", "required": ["name", "path", "dataset"], "additionalProperties": False,
    "properties": {"name": {"type": "string", "pattern": "^[a-z0-9_-]{1,60}$"},
                   "path": {"type": "string", "minLength": 1},
                   "pagination": _PAGINATION, "dataset": _DATASET, "schema": _TABLE_SCHEMA,
                   "columns": {"type": "array", "items": {"type": "string"}}},
}

LGSP = {
    "type": "object", "required": ["mode", "pagination"], "additionalProperties": False,
    "properties": {
        "mode": {"enum": ["catalogue", "records"]},
        "auth": {"type": "object", "required": ["token_url", "consumer_key", "consumer_secret"],
                 "additionalProperties": False,
                 "properties": {"token_url": {"type": "string", "pattern": "^https?://"},
                                "consumer_key": SECRET_NAME, "consumer_secret": SECRET_NAME,
                                "method": {"enum": ["client_secret_basic",
                                                    "client_secret_post"]},
                                "scope": {"type": "string"}}},
        "pagination": _PAGINATION,
        "envelope": _ENVELOPE,
        "mapping": {"type": "object", "additionalProperties": _RULE},
        "dataset": _DATASET,
        "schema": _TABLE_SCHEMA,
        "tables": {"type": "array", "minItems": 1, "items": _TABLE},
        "modified_since_param": {"type": ["string", "null"], "minLength": 1},
        "on_delete": {"enum": ["withdraw", "delete"]},
        "safety_share": SHARE,
        "columns": {"type": "array", "items": {"type": "string"}},
    },
}
_CKAN_COMMON = {
    "api_key": SECRET_NAME,
    "api_version": {"type": ["integer", "string"]},
    "default_tags": {"type": "array", "items": {"type": "object"}},
    "default_groups": {"type": "array", "items": {"type": "string"}},
    "default_extras": {"type": "object"},
    "override_extras": {"type": "boolean"},
    "user": {"type": "string"},
    "read_only": {"type": "boolean"},
    "force_all": {"type": "boolean"},
    "remote_groups": {"enum": ["only_local", "create"]},
    "remote_orgs": {"enum": ["only_local", "create"]},
    "clean_tags": {"type": "boolean"},
    "organizations_filter_include": {"type": "array", "items": {"type": "string"}},
    "organizations_filter_exclude": {"type": "array", "items": {"type": "string"}},
    "groups_filter_include": {"type": "array", "items": {"type": "string"}},
    "groups_filter_exclude": {"type": "array", "items": {"type": "string"}},
    "user_agent": {"type": "string"},
}
CKAN_HUE = {"type": "object", "additionalProperties": False,
            "properties": {**_CKAN_COMMON, "default_fields": {"type": "object"},
                           "on_delete": {"enum": ["withdraw", "delete"]},
                           "safety_share": SHARE}}
# The stock ``ckan`` type sends ``api_key`` as it is: it cannot resolve a secret name, so it
# takes none (use ``ckan_hue`` for a remote portal that needs a key).
CKAN = {"type": "object", "properties": {k: v for k, v in _CKAN_COMMON.items()
                                         if k != "api_key"},
        "not": {"required": ["api_key"]}}
DCAT_RDF = {"type": "object",
            "properties": {"rdf_format": {"type": "string"}, "api_key": SECRET_NAME,
                           "default_fields": {"type": "object"},
                           "default_tags": {"type": "array"},
                           "default_groups": {"type": "array"},
                           "default_extras": {"type": "object"},
                           "clean_tags": {"type": "boolean"}}}
SCHEMAS: dict[str, dict[str, Any]] = {"lgsp": LGSP, "ckan_hue": CKAN_HUE, "ckan": CKAN,
                                      "dcat_rdf": DCAT_RDF}

_VI = {
    "required": "thiếu khoá bắt buộc", "enum": "giá trị không nằm trong danh sách cho phép",
    "type": "sai kiểu dữ liệu", "additionalProperties": "có khoá không được phép",
    "pattern": "không đúng mẫu", "minimum": "nhỏ hơn giá trị tối thiểu",
    "maximum": "lớn hơn giá trị tối đa", "minLength": "quá ngắn", "maxLength": "quá dài",
    "minItems": "quá ít phần tử", "oneOf": "không khớp dạng nào được phép",
    "not": "có khoá không được phép",
}


def _english(error: jsonschema.ValidationError) -> str:
    """jsonschema's message, except where it would repeat the value (a mistyped secret)."""
    if error.validator in ("pattern", "minLength", "maxLength", "oneOf", "not"):
        return {"pattern": "does not have the required form", "minLength": "too short",
                "maxLength": "too long", "oneOf": "matches none of the allowed shapes",
                "not": "holds a key that is not allowed"}[str(error.validator)]
    if error.validator == "type":
        return f"must be of type {error.validator_value}"
    return error.message


class ConfigSchemaError(ValueError):
    """A config that breaks its type's JSON Schema; the message is in Vietnamese and English."""


def _literal_key_reason(source_type: str, raw: dict[str, Any]) -> str | None:
    key = raw.get("api_key")
    if key is None:
        return None
    if source_type == "ckan":
        return ("Loại nguồn “ckan” gửi api_key nguyên văn nên không nhận khoá; hãy dùng "
                "loại “ckan_hue” với api_key là TÊN của một bí mật. / The stock “ckan” type "
                "sends api_key as it is, so it takes none: use “ckan_hue” with api_key set to "
                "the NAME of a secret.")
    if not isinstance(key, str) or not jsonschema.Draft7Validator(SECRET_NAME).is_valid(key):
        return ("“api_key” phải là TÊN của một bí mật trong cấu hình cổng "
                "(ckanext.huedata.lgsp.secret.<tên>), không phải chính khoá: khoá trong cấu hình "
                "nguồn sẽ bị lộ. / “api_key” must be the NAME of a secret held in the portal "
                "configuration (ckanext.huedata.lgsp.secret.<name>), not the key itself: a key "
                "in a source config would leak.")
    return None


def validate(source_type: str, text: str | None) -> dict[str, Any]:
    """The parsed config; raises :class:`ConfigSchemaError` with the first problems found."""
    if not text:
        text = "{}"
    try:
        raw = json.loads(text)
    except ValueError:
        raise ConfigSchemaError("Cấu hình không phải JSON hợp lệ. / The configuration is not "
                                "valid JSON.") from None
    if not isinstance(raw, dict):
        raise ConfigSchemaError("Cấu hình phải là một đối tượng JSON. / The configuration must "
                                "be a JSON object.")
    reason = _literal_key_reason(source_type, raw)
    if reason:
        raise ConfigSchemaError(reason)
    schema = SCHEMAS.get(source_type)
    if schema is None:
        return raw
    errors = sorted(jsonschema.Draft7Validator(schema).iter_errors(raw),
                    key=lambda e: (len(e.absolute_path), list(map(str, e.absolute_path))))
    if errors:
        lines = []
        for error in errors[:5]:
            where = "/" + "/".join(str(p) for p in error.absolute_path)
            vi = _VI.get(str(error.validator), "không hợp lệ")
            lines.append(f"{where}: {vi} / {_english(error)}")
        raise ConfigSchemaError("Cấu hình không hợp lệ / Invalid configuration — "
                                + "; ".join(lines))
    return raw
