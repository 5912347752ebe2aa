"""Cell checks for one column, from a Frictionless Table Schema field or an inferred type.

Each column gets one checker: a function from a non-empty cell to ``None`` (valid) or a
problem code. Problem codes are stable strings stored in the evidence; pages translate them.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from datetime import date, datetime
from typing import Any

from . import codelists

Checker = Callable[[str], "str | None"]
TRUE_FALSE = frozenset({"true", "false", "1", "0", "yes", "no", "có", "không", "TRUE", "FALSE", "True", "False"})
LATITUDE_COLUMNS = frozenset({"lat", "latitude", "vi_do", "vido"})
LONGITUDE_COLUMNS = frozenset({"lon", "lng", "long", "longitude", "kinh_do", "kinhdo"})
_EMAIL = re.compile(r"[^@\s]+@[^@\s]+\.[^@\s]+")


@dataclass(frozen=True)
class Bbox:
    west: float
    south: float
    east: float
    north: float

    def contains(self, lon: float, lat: float) -> bool:
        return self.west <= lon <= self.east and self.south <= lat <= self.north


@dataclass
class Column:
    name: str
    type: str
    required: bool
    code_list: str | None
    check: Checker | None


def _type_checker(ftype: str, fmt: str | None, today: date) -> Checker | None:
    if ftype == "integer":

        def check(v: str) -> str | None:
            try:
                int(v)
            except ValueError:
                return "type:integer"
            return None

        return check
    if ftype == "number":

        def check(v: str) -> str | None:
            try:
                float(v)
            except ValueError:
                return "type:number"
            return None

        return check
    if ftype == "boolean":
        return lambda v: None if v.strip() in TRUE_FALSE else "type:boolean"
    if ftype in ("date", "datetime"):
        parse: Callable[[str], Any] = date.fromisoformat if ftype == "date" else datetime.fromisoformat

        def check(v: str) -> str | None:
            try:
                parsed = parse(v.strip())
            except ValueError:
                return f"type:{ftype}"
            day = parsed.date() if isinstance(parsed, datetime) else parsed
            return "future_date" if day > today else None

        return check
    if ftype == "year":

        def check(v: str) -> str | None:
            s = v.strip()
            if not (s.isdigit() and len(s) == 4):
                return "type:year"
            return "future_date" if int(s) > today.year else None

        return check
    if ftype == "string" and fmt == "email":
        return lambda v: None if _EMAIL.fullmatch(v.strip()) else "format:email"
    return None


def _number(v: str) -> float | None:
    try:
        return float(v)
    except ValueError:
        return None


def _constraint_checkers(constraints: dict[str, Any], ftype: str) -> list[Checker]:
    checks: list[Checker] = []
    if "pattern" in constraints:
        pattern = re.compile(str(constraints["pattern"]))
        checks.append(lambda v: None if pattern.fullmatch(v) else "constraint:pattern")
    if "enum" in constraints:
        allowed = frozenset(str(x) for x in constraints["enum"])
        checks.append(lambda v: None if v in allowed else "constraint:enum")
    numeric = ftype in ("integer", "number")
    if "minimum" in constraints and numeric:
        low = float(constraints["minimum"])
        checks.append(lambda v: None if (n := _number(v)) is None or n >= low else "constraint:minimum")
    if "maximum" in constraints and numeric:
        high = float(constraints["maximum"])
        checks.append(lambda v: None if (n := _number(v)) is None or n <= high else "constraint:maximum")
    if "minLength" in constraints:
        shortest = int(constraints["minLength"])
        checks.append(lambda v: None if len(v) >= shortest else "constraint:minLength")
    if "maxLength" in constraints:
        longest = int(constraints["maxLength"])
        checks.append(lambda v: None if len(v) <= longest else "constraint:maxLength")
    return checks


def _code_list_checker(code_list: str | None) -> Checker | None:
    if code_list == "ward":
        return lambda v: None if codelists.is_ward_code(v) else "codelist:ward"
    if code_list == "sector":
        return lambda v: None if codelists.is_sector_code(v) else "codelist:sector"
    return None


def _coordinate_checker(name: str, bbox: Bbox) -> Checker | None:
    key = name.strip().lower()
    if key in LATITUDE_COLUMNS:
        low, high = bbox.south, bbox.north
    elif key in LONGITUDE_COLUMNS:
        low, high = bbox.west, bbox.east
    else:
        return None

    def check(v: str) -> str | None:
        n = _number(v)
        if n is None:
            return "type:number"
        return None if low <= n <= high else "outside_hue"

    return check


def _chain(checks: list[Checker]) -> Checker | None:
    if not checks:
        return None
    if len(checks) == 1:
        return checks[0]

    def check(v: str) -> str | None:
        for one in checks:
            problem = one(v)
            if problem:
                return problem
        return None

    return check


def build_column(field: dict[str, Any], primary_key: Iterable[str], today: date, bbox: Bbox) -> Column:
    """The accuracy checker of one column (code lists are checked apart, for consistency)."""
    name = str(field.get("name", ""))
    ftype = str(field.get("type") or "string")
    constraints = field.get("constraints") or {}
    checks: list[Checker] = []
    typed = _type_checker(ftype, field.get("format"), today)
    if typed:
        checks.append(typed)
    checks.extend(_constraint_checkers(constraints, ftype))
    coord = _coordinate_checker(name, bbox)
    if coord:
        checks.append(coord)
    return Column(
        name=name,
        type=ftype,
        required=bool(constraints.get("required")) or name in set(primary_key),
        code_list=codelists.code_list_for_column(name, field.get("codeList")),
        check=_chain(checks),
    )


def code_list_checker(column: Column) -> Checker | None:
    return _code_list_checker(column.code_list)


def infer_type(values: list[str]) -> str:
    """The narrowest Table Schema type every sample value fits (string when none)."""
    sample = [v.strip() for v in values if v.strip()]
    if not sample:
        return "string"
    for ftype, test in (
        ("integer", _fits(int)),
        ("number", _fits(float)),
        ("date", _fits(date.fromisoformat)),
        ("boolean", lambda v: v in TRUE_FALSE),
    ):
        if all(test(v) for v in sample):
            return ftype
    return "string"


def _fits(parse: Callable[[str], Any]) -> Callable[[str], bool]:
    def test(v: str) -> bool:
        try:
            parse(v)
        except ValueError:
            return False
        return True

    return test


# Batch fast paths: one C-level pass over a column's non-empty values of a row batch that
# answers "all valid"; when it answers False the per-cell checker finds the failing cells.
BatchCheck = Callable[[list[str]], bool]


def _all_parse(parse: Callable[[str], Any], low: float | None = None, high: float | None = None) -> BatchCheck:
    def ok(values: list[str]) -> bool:
        try:
            parsed = list(map(parse, values))
        except (ValueError, TypeError):
            return False
        if low is not None and min(parsed) < low:
            return False
        return not (high is not None and max(parsed) > high)

    return ok


def _all_dates(parse: Callable[[str], Any], today: date) -> BatchCheck:
    def ok(values: list[str]) -> bool:
        try:
            latest = max(map(parse, values))
        except (ValueError, TypeError):
            return False
        day = latest.date() if isinstance(latest, datetime) else latest
        return day <= today

    return ok


def build_fast_check(field: dict[str, Any], today: date, bbox: Bbox) -> BatchCheck | None:
    """The batch form of ``build_column``'s checker; None when there is nothing to check."""
    name = str(field.get("name", "")).strip().lower()
    ftype = str(field.get("type") or "string")
    constraints = field.get("constraints") or {}
    parts: list[BatchCheck] = []
    low = float(constraints["minimum"]) if "minimum" in constraints and ftype in ("integer", "number") else None
    high = float(constraints["maximum"]) if "maximum" in constraints and ftype in ("integer", "number") else None
    if ftype == "integer":
        parts.append(_all_parse(int, low, high))
    elif ftype == "number":
        parts.append(_all_parse(float, low, high))
    elif ftype == "boolean":
        parts.append(lambda values: TRUE_FALSE.issuperset(values))
    elif ftype == "date":
        parts.append(_all_dates(date.fromisoformat, today))
    elif ftype == "datetime":
        parts.append(_all_dates(datetime.fromisoformat, today))
    elif ftype == "year":
        within = _all_parse(int, None, today.year)
        parts.append(
            lambda values: min(map(len, values)) == max(map(len, values)) == 4
            and all(map(str.isdigit, values))
            and within(values)
        )
    elif ftype == "string" and field.get("format") == "email":
        parts.append(lambda values: all(map(_EMAIL.fullmatch, values)))
    if "pattern" in constraints:
        pattern = re.compile(str(constraints["pattern"]))
        parts.append(lambda values: all(map(pattern.fullmatch, values)))
    if "enum" in constraints:
        allowed = frozenset(str(x) for x in constraints["enum"])
        parts.append(lambda values: allowed.issuperset(values))
    if "minLength" in constraints:
        shortest = int(constraints["minLength"])
        parts.append(lambda values: min(map(len, values)) >= shortest)
    if "maxLength" in constraints:
        longest = int(constraints["maxLength"])
        parts.append(lambda values: max(map(len, values)) <= longest)
    if name in LATITUDE_COLUMNS:
        parts.append(_all_parse(float, bbox.south, bbox.north))
    elif name in LONGITUDE_COLUMNS:
        parts.append(_all_parse(float, bbox.west, bbox.east))
    if not parts:
        return None
    return lambda values: all(part(values) for part in parts)


def build_fast_code_check(code_list: str | None) -> BatchCheck | None:
    if code_list == "ward":
        codes = codelists.hue_ward_codes()
        return lambda values: codes.issuperset(values)
    if code_list == "sector":
        return lambda values: codelists.SECTOR_CODES.issuperset(values)
    return None
