"""Schemas of the destruction actions."""
from __future__ import annotations

from ckan.logic.schema import validator_args
from ckan.types import Schema, Validator, ValidatorFactory


@validator_args
def destroy_schema(not_empty: Validator, unicode_safe: Validator, huefeedback_text: ValidatorFactory) -> Schema:
    return {
        "id": [not_empty, unicode_safe],
        "reason": [not_empty, unicode_safe, huefeedback_text(2000, 10)],
        "confirm": [not_empty, unicode_safe],
    }


@validator_args
def log_list_schema(ignore_missing: Validator, unicode_safe: Validator, int_validator: Validator,
                    natural_number_validator: Validator, default: ValidatorFactory,
                    huefeedback_at_most: ValidatorFactory) -> Schema:
    return {
        "package_id": [ignore_missing, unicode_safe],
        "limit": [default(100), int_validator, natural_number_validator, huefeedback_at_most(10000)],
        "offset": [default(0), int_validator, natural_number_validator],
    }


@validator_args
def log_verify_schema() -> Schema:
    return {}
