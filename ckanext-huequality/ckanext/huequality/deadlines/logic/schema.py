"""Input schemas of the huequality actions."""

from __future__ import annotations

from ckan.logic.schema import validator_args
from ckan.types import Schema, Validator

from .validators import huequality_period_key, huequality_update_kind


@validator_args
def deadline_status_schema(
    not_empty: Validator, unicode_safe: Validator, package_id_or_name_exists: Validator
) -> Schema:
    return {"id": [not_empty, unicode_safe, package_id_or_name_exists]}


@validator_args
def deadline_report_schema(
    ignore_missing: Validator, unicode_safe: Validator, group_id_or_name_exists: Validator
) -> Schema:
    return {
        "period": [ignore_missing, unicode_safe, huequality_period_key],
        "organization": [ignore_missing, unicode_safe, group_id_or_name_exists],
    }


@validator_args
def record_update_schema(
    not_empty: Validator, unicode_safe: Validator, default: Validator, package_id_or_name_exists: Validator
) -> Schema:
    return {
        "package_id": [not_empty, unicode_safe, package_id_or_name_exists],
        "kind": [default("harvest"), unicode_safe, huequality_update_kind],
        "note": [default(""), unicode_safe],
    }


@validator_args
def confirm_no_change_schema(
    not_empty: Validator, unicode_safe: Validator, default: Validator, package_id_or_name_exists: Validator
) -> Schema:
    return {
        "package_id": [not_empty, unicode_safe, package_id_or_name_exists],
        "note": [default(""), unicode_safe],
    }


@validator_args
def reminder_log_schema(
    ignore_missing: Validator,
    unicode_safe: Validator,
    package_id_or_name_exists: Validator,
    natural_number_validator: Validator,
    default: Validator,
) -> Schema:
    return {
        "package_id": [ignore_missing, unicode_safe, package_id_or_name_exists],
        "limit": [default(100), natural_number_validator],
    }
