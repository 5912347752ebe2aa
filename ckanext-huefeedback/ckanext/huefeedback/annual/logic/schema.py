"""Schema of the annual report action."""
from __future__ import annotations

from ckan.logic.schema import validator_args
from ckan.types import Schema, Validator


@validator_args
def annual_report_schema(ignore_missing: Validator, unicode_safe: Validator, int_validator: Validator,
                         huefeedback_year: Validator) -> Schema:
    return {
        "year": [ignore_missing, int_validator, huefeedback_year],
        "organization": [ignore_missing, unicode_safe],
    }
