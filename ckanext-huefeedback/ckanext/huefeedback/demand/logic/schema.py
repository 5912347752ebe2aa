"""Schema of the demand action."""
from __future__ import annotations

from ckan.logic.schema import validator_args
from ckan.types import Schema, Validator, ValidatorFactory


@validator_args
def demand_schema(ignore_missing: Validator, unicode_safe: Validator, int_validator: Validator,
                  natural_number_validator: Validator, is_positive_integer: Validator,
                  default: ValidatorFactory, huefeedback_sector: Validator,
                  huefeedback_at_most: ValidatorFactory) -> Schema:
    return {
        "organization": [ignore_missing, unicode_safe],
        "sector": [ignore_missing, unicode_safe, huefeedback_sector],
        "days": [ignore_missing, int_validator, is_positive_integer,
                 huefeedback_at_most(3660)],
        "limit": [default(10), int_validator, natural_number_validator,
                  huefeedback_at_most(100)],
    }
