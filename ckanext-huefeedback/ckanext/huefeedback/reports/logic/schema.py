"""Schemas of the error-report actions."""
from __future__ import annotations

from ckan.logic.schema import validator_args
from ckan.types import Schema, Validator, ValidatorFactory

from ..rules import CATEGORIES, STATUSES

LIST_STATUSES = (*STATUSES, "open", "closed", "all")


@validator_args
def report_create_schema(not_empty: Validator, ignore_missing: Validator, unicode_safe: Validator,
                         one_of: ValidatorFactory, huefeedback_text: ValidatorFactory,
                         huefeedback_one_line: Validator, huefeedback_email: Validator) -> Schema:
    return {
        "package_id": [not_empty, unicode_safe],
        "resource_id": [ignore_missing, unicode_safe],
        "category": [not_empty, one_of(list(CATEGORIES))],
        "description": [not_empty, unicode_safe, huefeedback_text(5000, 10)],
        "location": [ignore_missing, unicode_safe, huefeedback_text(200)],
        "reporter_name": [ignore_missing, unicode_safe, huefeedback_one_line],
        "reporter_email": [ignore_missing, unicode_safe, huefeedback_email],
        "form_token": [ignore_missing, unicode_safe],
        "website": [ignore_missing, unicode_safe],
    }


@validator_args
def report_show_schema(not_empty: Validator, unicode_safe: Validator) -> Schema:
    return {"id": [not_empty, unicode_safe]}


@validator_args
def report_list_schema(ignore_missing: Validator, unicode_safe: Validator, one_of: ValidatorFactory,
                       natural_number_validator: Validator, int_validator: Validator,
                       limit_to_configured_maximum: ValidatorFactory, default: ValidatorFactory,
                       huefeedback_bool: Validator) -> Schema:
    return {
        "package_id": [ignore_missing, unicode_safe],
        "organization": [ignore_missing, unicode_safe],
        "status": [default("all"), one_of(list(LIST_STATUSES))],
        "assigned_to_me": [default(False), huefeedback_bool],
        "limit": [default(50), int_validator, natural_number_validator,
                  limit_to_configured_maximum("ckan.search.rows_max", 1000)],
        "offset": [default(0), int_validator, natural_number_validator],
    }


@validator_args
def report_status_update_schema(not_empty: Validator, ignore_missing: Validator, unicode_safe: Validator,
                                one_of: ValidatorFactory, huefeedback_text: ValidatorFactory) -> Schema:
    return {
        "id": [not_empty, unicode_safe],
        "status": [not_empty, one_of([s for s in STATUSES if s != "new"])],
        "note": [ignore_missing, unicode_safe, huefeedback_text(2000)],
    }
