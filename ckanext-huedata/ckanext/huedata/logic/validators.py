"""Validators of the Huế schema; every message is an English msgid translated to Vietnamese."""
from __future__ import annotations

import datetime
import json
import re
import unicodedata
from typing import Any, Callable

import ckan.plugins.toolkit as tk
from ckan import model

from ckanext.huedata import vocabularies as vocab

Invalid = tk.Invalid
_ = tk._

EMAIL = re.compile(r"^[^@\s]+@[^@\s]+\.[A-Za-z]{2,}$")
PHONE = re.compile(r"^\+?[0-9 .()-]{8,20}$")
# Electronic ID codes of agencies: the short form (H57.12) and the national form (000.00.12.H57).
AGENCY_CODE = re.compile(r"^(?:[A-Z]\d{2}(?:\.[0-9A-Z]{1,3}){1,3}|(?:[0-9A-Z]{2,3}\.){3}[A-Z]\d{2})$")
TABLE_SCHEMA_TYPES = {
    "string", "number", "integer", "boolean", "object", "array", "date", "time", "datetime",
    "year", "yearmonth", "duration", "geopoint", "geojson", "any",
}


def _is_empty(value: Any) -> bool:
    return value is None or value == "" or value is tk.missing


def _choice_validator(terms: tuple[vocab.Term, ...], message: str) -> Callable[[Any], Any]:
    codes = {t.code for t in terms}

    def validator(value: Any) -> Any:
        if _is_empty(value):
            return value
        if value not in codes:
            raise Invalid(_(message).format(value=value, allowed=", ".join(sorted(codes))))
        return value

    return validator


huedata_sector = _choice_validator(
    vocab.SECTORS, "Unknown sector \"{value}\". Choose one of: {allowed}")
huedata_data_kind = _choice_validator(
    vocab.DATA_KINDS, "Unknown kind of data \"{value}\". Choose one of: {allowed}")
huedata_update_frequency = _choice_validator(
    vocab.FREQUENCIES, "Unknown update frequency \"{value}\". Choose one of: {allowed}")
huedata_access_level = _choice_validator(
    vocab.ACCESS_LEVELS, "Unknown access level \"{value}\". Choose one of: {allowed}")
huedata_agency_level = _choice_validator(
    vocab.AGENCY_LEVELS, "Unknown agency level \"{value}\". Choose one of: {allowed}")


def huedata_spatial_coverage(value: Any) -> Any:
    """A list of ward/commune codes of Huế, or ["city"]; stored as a JSON list."""
    if _is_empty(value) or value == []:
        return json.dumps([vocab.CITY.code])
    if isinstance(value, str):
        try:
            parsed = json.loads(value)
        except ValueError:
            parsed = [part.strip() for part in value.split(",")]
        value = parsed if isinstance(parsed, list) else [str(parsed)]
    if not isinstance(value, list):
        raise Invalid(_("Spatial coverage must be a list of ward or commune codes"))
    codes = [str(v).strip() for v in value if str(v).strip()]
    known = {t.code for t in vocab.spatial_terms()}
    unknown = [c for c in codes if c not in known]
    if unknown:
        raise Invalid(_("Unknown ward or commune code of Huế: {codes}").format(codes=", ".join(unknown)))
    if vocab.CITY.code in codes and len(codes) > 1:
        raise Invalid(_("Choose either the whole city or some wards and communes, not both"))
    return json.dumps(list(dict.fromkeys(codes)) or [vocab.CITY.code])


def huedata_iso_date(value: Any) -> Any:
    if _is_empty(value):
        return value
    if isinstance(value, (datetime.date, datetime.datetime)):
        return value.isoformat()[:10]
    try:
        return datetime.date.fromisoformat(str(value).strip()).isoformat()
    except ValueError:
        raise Invalid(_("Date must be written as YYYY-MM-DD, for example 2025-07-01"))


def huedata_temporal_end_after_start(key: Any, data: dict, errors: dict, context: Any) -> None:
    end = data.get(key)
    start = data.get(key[:-1] + ("temporal_start",))
    if _is_empty(end) or _is_empty(start) or errors.get(key[:-1] + ("temporal_start",)):
        return
    if str(end) < str(start):
        errors[key].append(_("The end of the temporal coverage is before its start"))


def huedata_email(value: Any) -> Any:
    if _is_empty(value):
        return value
    value = str(value).strip()
    if not EMAIL.match(value):
        raise Invalid(_("Email address is not valid"))
    return value


def huedata_phone(value: Any) -> Any:
    if _is_empty(value):
        return value
    value = str(value).strip()
    if not PHONE.match(value) or sum(ch.isdigit() for ch in value) < 8:
        raise Invalid(_("Phone number is not valid (digits, spaces, dots, dashes; at least 8 digits)"))
    return value


def huedata_agency_code(value: Any) -> Any:
    if _is_empty(value):
        return value
    value = str(value).strip().upper()
    if not AGENCY_CODE.match(value):
        raise Invalid(_("Agency code is not a valid electronic ID code (for example H57.12)"))
    return value


def huedata_boolean(value: Any) -> Any:
    if isinstance(value, bool):
        return value
    if _is_empty(value):
        return False
    text = str(value).strip().lower()
    if text in ("true", "1", "yes", "on"):
        return True
    if text in ("false", "0", "no", "off"):
        return False
    raise Invalid(_("Value must be true or false"))


def huedata_open_license(value: Any) -> Any:
    """Only open licences (41/2024 Art 20: free reuse, cite the source)."""
    if _is_empty(value):
        return value
    licence = model.Package.get_license_register().get(value)
    if licence is None or not licence.isopen():
        raise Invalid(_("Only open licences may be used: \"{value}\" is not one").format(value=value))
    return value


def huedata_table_schema(value: Any) -> Any:
    """A Frictionless Table Schema (fields, types, constraints, primary key), stored as JSON text."""
    if _is_empty(value):
        return value
    if isinstance(value, str):
        if not value.strip():
            return ""
        try:
            value = json.loads(value)
        except ValueError:
            raise Invalid(_("Data dictionary is not valid JSON"))
    if not isinstance(value, dict) or not isinstance(value.get("fields"), list) or not value["fields"]:
        raise Invalid(_("Data dictionary must be a Table Schema object with a non-empty \"fields\" list"))
    names = []
    for field in value["fields"]:
        if not isinstance(field, dict) or not field.get("name"):
            raise Invalid(_("Every field of the data dictionary needs a name"))
        if field.get("type", "string") not in TABLE_SCHEMA_TYPES:
            raise Invalid(_("Field \"{name}\" has an unknown type \"{type}\"").format(
                name=field["name"], type=field.get("type")))
        if "constraints" in field and not isinstance(field["constraints"], dict):
            raise Invalid(_("Constraints of field \"{name}\" must be an object").format(name=field["name"]))
        names.append(field["name"])
    key = value.get("primaryKey")
    keys = [key] if isinstance(key, str) else (key or [])
    missing = [k for k in keys if k not in names]
    if missing:
        raise Invalid(_("Primary key names fields that do not exist: {names}").format(names=", ".join(missing)))
    return json.dumps(value, ensure_ascii=False)


def huedata_fold_name(value: Any) -> Any:
    """A URL name typed with Vietnamese letters ("danh-sách-trường-học") is stored in its ASCII
    form ("danh-sach-truong-hoc"), as the forms' slug (assets/slug.js) derives it from a title;
    ASCII names are left to ``name_validator``."""
    if not isinstance(value, str) or value.isascii():
        return value
    folded = unicodedata.normalize("NFD", value.replace("đ", "d").replace("Đ", "D"))
    folded = "".join(c for c in folded if not unicodedata.combining(c)).lower()
    return re.sub(r"-{2,}", "-", re.sub(r"[^a-z0-9_-]+", "-", folded)).strip("-")


def get_validators() -> dict[str, Callable[..., Any]]:
    return {
        name: fn for name, fn in globals().items()
        if name.startswith("huedata_") and callable(fn)
    }
