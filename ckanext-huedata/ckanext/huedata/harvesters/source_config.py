"""The configuration of one LGSP harvest source: parsed, validated, typed.

A source config is JSON saved with the harvest source. It holds secret *names* only;
values are resolved at run time (see :func:`config.secret`). Example::

    {"mode": "catalogue",
     "auth": {"token_url": "https://lgsp.hue.gov.vn/token",
              "consumer_key": "sotnmt-key", "consumer_secret": "sotnmt-secret"},
     "pagination": {"style": "page", "items": "/data", "size": 50},
     "modified_since_param": "updated_since",
     "on_delete": "withdraw",
     "mapping": {"guid": "/ma", "title": "/ten", "notes": "/mo_ta",
                 "sector": {"pointer": "/linh_vuc", "values": {"Y tế": "health"}},
                 "tags": "/tu_khoa", "contact_email": "/lien_he/email"}}
"""
from __future__ import annotations

import json
import re
from dataclasses import dataclass, field
from typing import Any

from urllib.parse import urljoin

from ckan.plugins import toolkit

from .. import tableschema
from . import config, config_schema

MODES = ("catalogue", "records")
STYLES = ("page", "offset", "next", "cursor")
ON_DELETE = ("withdraw", "delete")
# Fields of the data contract a mapping may fill (plus CKAN core fields and the record identity).
CORE_FIELDS = ("title", "name", "notes", "tags", "license_id", "url", "version")
CONTRACT_FIELDS = (
    "sector", "data_kind", "update_frequency", "spatial_coverage", "temporal_start",
    "temporal_end", "legal_basis", "contact_name", "contact_email", "contact_phone",
    "access_level", "shared_catalogue",
)
CONTROL_FIELDS = ("guid", "modified", "deleted")
MAPPABLE = CORE_FIELDS + CONTRACT_FIELDS + CONTROL_FIELDS
POINTER = re.compile(r"^(/([^~/]|~[01])*)*$")


class SourceConfigError(ValueError):
    """A source config that cannot be used; the message is shown to the person saving it."""


@dataclass(frozen=True)
class FieldRule:
    """Where a dataset field comes from: a JSON pointer, an optional value map, or a constant."""

    pointer: str | None = None
    values: dict[str, Any] = field(default_factory=dict)
    const: Any = None
    # value transforms, applied in this order: trim, split, values, date / number
    trim: bool = True
    split: str | None = None
    date_format: str | None = None
    number: bool = False
    decimal_char: str = "."
    group_char: str = ""


@dataclass(frozen=True)
class Pagination:
    style: str = "page"
    items: str = ""
    size: int = 100
    page_param: str = "page"
    size_param: str = "size"
    offset_param: str = "offset"
    limit_param: str = "limit"
    next_pointer: str = "/links/next"
    cursor_pointer: str = "/next_cursor"
    cursor_param: str = "cursor"
    # completeness: where the page states the total count, and what a short page means
    total: str | None = None
    short_page: str = "continue"


@dataclass(frozen=True)
class Envelope:
    """A gateway that answers errors inside HTTP 200: what a successful page looks like."""

    success_pointer: str
    success_values: tuple[str, ...]
    message_pointer: str | None = None


@dataclass(frozen=True)
class Table:
    """One agency table of a records-mode source (one dataset with CSV, JSON and DataStore)."""

    name: str
    url: str
    pagination: Pagination
    dataset: dict[str, Any]
    schema: Any = None
    columns: tuple[str, ...] = ()


@dataclass(frozen=True)
class Auth:
    token_url: str
    consumer_key: str
    consumer_secret: str
    method: str = "client_secret_basic"
    scope: str | None = None


@dataclass(frozen=True)
class SourceConfig:
    mode: str
    pagination: Pagination
    auth: Auth | None = None
    mapping: dict[str, FieldRule] = field(default_factory=dict)
    dataset: dict[str, Any] = field(default_factory=dict)
    modified_since_param: str | None = None
    on_delete: str = "withdraw"
    columns: tuple[str, ...] = ()
    envelope: Envelope | None = None
    safety_share: float | None = None
    schema: Any = None
    tables: tuple[Table, ...] = ()

    def records_tables(self, source_url: str) -> tuple[Table, ...]:
        """The tables of a records source: ``tables``, or the source URL itself as one."""
        if self.tables:
            return tuple(Table(t.name, urljoin(source_url.rstrip("/") + "/", t.url.lstrip("/"))
                               if not t.url.startswith(("http://", "https://")) else t.url,
                               t.pagination, t.dataset, t.schema, t.columns)
                         for t in self.tables)
        return (Table("records", source_url, self.pagination, self.dataset, self.schema,
                      self.columns),)


def _fail(message: str, **values: Any) -> SourceConfigError:
    return SourceConfigError(toolkit._(message).format(**values))


def _pointer(value: Any, where: str) -> str:
    if not isinstance(value, str) or not POINTER.match(value):
        raise _fail('"{where}" must be a JSON pointer such as "/data/0/name", not {value}',
                    where=where, value=json.dumps(value, ensure_ascii=False))
    return value


def _rule(name: str, spec: Any) -> FieldRule:
    if isinstance(spec, str):
        return FieldRule(pointer=_pointer(spec, f"mapping.{name}"))
    if isinstance(spec, dict) and "const" in spec:
        return FieldRule(const=spec["const"])
    if isinstance(spec, dict) and "pointer" in spec:
        values = spec.get("values", {})
        if not isinstance(values, dict):
            raise _fail('"mapping.{name}.values" must be an object', name=name)
        return FieldRule(pointer=_pointer(spec["pointer"], f"mapping.{name}.pointer"),
                         values=values, trim=bool(spec.get("trim", True)),
                         split=spec.get("split"), date_format=spec.get("date_format"),
                         number=bool(spec.get("number", False)),
                         decimal_char=spec.get("decimal_char", "."),
                         group_char=spec.get("group_char", ""))
    raise _fail('"mapping.{name}" must be a JSON pointer, {{"pointer": ..., "values": {{...}}}}'
                ' or {{"const": ...}}', name=name)


def _mapping(raw: Any, mode: str) -> dict[str, FieldRule]:
    if not isinstance(raw, dict):
        raise _fail('"mapping" must be an object from dataset fields to JSON pointers')
    unknown = sorted(set(raw) - set(MAPPABLE))
    if unknown:
        raise _fail('Unknown field(s) in "mapping": {unknown}. Allowed: {allowed}',
                    unknown=", ".join(unknown), allowed=", ".join(MAPPABLE))
    if mode == "catalogue":
        missing = [f for f in ("guid", "title") if f not in raw]
        if missing:
            raise _fail('"mapping" must say where to read {missing}', missing=", ".join(missing))
    return {name: _rule(name, spec) for name, spec in raw.items()}


def _pagination(raw: Any) -> Pagination:
    if not isinstance(raw, dict) or raw.get("style") not in STYLES:
        raise _fail('"pagination.style" must be one of: {styles}', styles=", ".join(STYLES))
    known = set(Pagination.__dataclass_fields__)
    unknown = sorted(set(raw) - known)
    if unknown:
        raise _fail('Unknown option(s) in "pagination": {unknown}', unknown=", ".join(unknown))
    for key in ("items", "next_pointer", "cursor_pointer"):
        if key in raw:
            _pointer(raw[key], f"pagination.{key}")
    if not isinstance(raw.get("size", 100), int) or not 1 <= raw.get("size", 100) <= 10000:
        raise _fail('"pagination.size" must be a whole number from 1 to 10000')
    return Pagination(**raw)


def _auth(raw: Any) -> Auth | None:
    if raw is None:
        return None
    if not isinstance(raw, dict) or not {"token_url", "consumer_key", "consumer_secret"} <= set(
            raw) or not set(raw) <= {"token_url", "consumer_key", "consumer_secret", "method",
                                     "scope"}:
        raise _fail('"auth" must hold exactly "token_url", "consumer_key" and "consumer_secret"'
                    ' (names of secrets kept in the portal configuration, not their values)')
    for key in ("consumer_key", "consumer_secret"):
        if not isinstance(raw[key], str) or not config.SECRET_NAME.match(raw[key]):
            raise _fail('"auth.{key}" must be the name of a secret (letters, digits, . _ -)',
                        key=key)
    if not str(raw["token_url"]).startswith(("http://", "https://")):
        raise _fail('"auth.token_url" must be an http(s) URL')
    return Auth(**raw)


def _envelope(raw: Any) -> Envelope | None:
    if raw is None:
        return None
    return Envelope(success_pointer=raw["success"]["pointer"],
                    success_values=tuple(str(v) for v in raw["success"]["values"]),
                    message_pointer=raw.get("message"))


def _schema(raw: Any, where: str) -> Any:
    if raw is None:
        return None
    try:
        tableschema.parse_schema(raw)
    except tableschema.SchemaError as error:
        raise SourceConfigError(f"{where}: {error.message_vi} / {error.message_en}") from None
    return raw


def _tables(raw: Any, default_paging: Pagination) -> tuple[Table, ...]:
    tables = []
    for i, spec in enumerate(raw or ()):
        paging = _pagination(spec["pagination"]) if "pagination" in spec else default_paging
        tables.append(Table(name=spec["name"], url=spec["path"], pagination=paging,
                            dataset=spec["dataset"],
                            schema=_schema(spec.get("schema"), f"tables/{i}/schema"),
                            columns=tuple(spec.get("columns", ()))))
    names = [t.name for t in tables]
    if len(set(names)) != len(names):
        raise SourceConfigError("Tên bảng trong “tables” bị lặp. / Table names in “tables” "
                                "must be unique.")
    return tuple(tables)


def parse(text: str | None) -> SourceConfig:
    """Parse and check a source config; raise :class:`SourceConfigError` with a readable reason."""
    try:
        raw = json.loads(text or "")
    except ValueError:
        raise _fail("The configuration is not valid JSON") from None
    if not isinstance(raw, dict):
        raise _fail("The configuration must be a JSON object")
    mode = raw.get("mode")
    if mode not in MODES:
        raise _fail('"mode" must be one of: {modes}', modes=", ".join(MODES))
    on_delete = raw.get("on_delete", "withdraw")
    if on_delete not in ON_DELETE:
        raise _fail('"on_delete" must be one of: {choices}', choices=", ".join(ON_DELETE))
    dataset = raw.get("dataset", {})
    if mode == "records" and not raw.get("tables") and not (
            isinstance(dataset, dict) and dataset.get("title")):
        raise _fail('Records mode needs "dataset" with at least a "title"')
    paging = _pagination(raw.get("pagination"))
    mapping = _mapping(raw.get("mapping", {}), mode)
    auth = _auth(raw.get("auth"))
    # The checks above give the common mistakes their own words; the JSON Schema of LGSP
    # configs catches everything else (types, unknown keys, transforms, tables).
    try:
        config_schema.validate("lgsp", text or "")
    except config_schema.ConfigSchemaError as error:
        raise SourceConfigError(str(error)) from None
    return SourceConfig(
        mode=mode,
        pagination=paging,
        envelope=_envelope(raw.get("envelope")),
        safety_share=raw.get("safety_share"),
        schema=_schema(raw.get("schema"), "schema"),
        tables=_tables(raw.get("tables"), paging),
        auth=auth,
        mapping=mapping,
        dataset=dataset,
        modified_since_param=raw.get("modified_since_param"),
        on_delete=on_delete,
        columns=tuple(raw.get("columns", ())),
    )
