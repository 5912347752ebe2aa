"""Schemas of the data-request actions."""
from __future__ import annotations

from ckan.logic.schema import validator_args
from ckan.types import Schema, Validator, ValidatorFactory

from ..rules import DECISIONS, STATUSES

LIST_STATUSES = (*STATUSES, "open", "all")


@validator_args
def request_create_schema(not_empty: Validator, ignore_missing: Validator, unicode_safe: Validator,
                          huefeedback_text: ValidatorFactory, huefeedback_one_line: Validator,
                          huefeedback_email: Validator, huefeedback_sector: Validator) -> Schema:
    return {
        "title": [not_empty, unicode_safe, huefeedback_text(200, 5)],
        "description": [not_empty, unicode_safe, huefeedback_text(5000, 10)],
        "purpose": [not_empty, unicode_safe, huefeedback_text(2000, 5)],
        "organization": [ignore_missing, unicode_safe],
        "sector": [ignore_missing, unicode_safe, huefeedback_sector],
        "requester_name": [ignore_missing, unicode_safe, huefeedback_one_line],
        "requester_email": [ignore_missing, unicode_safe, huefeedback_email],
        "form_token": [ignore_missing, unicode_safe],
        "website": [ignore_missing, unicode_safe],
    }


@validator_args
def request_show_schema(not_empty: Validator, unicode_safe: Validator) -> Schema:
    return {"id": [not_empty, unicode_safe]}


@validator_args
def request_list_schema(ignore_missing: Validator, unicode_safe: Validator, one_of: ValidatorFactory,
                        natural_number_validator: Validator, int_validator: Validator,
                        limit_to_configured_maximum: ValidatorFactory, default: ValidatorFactory,
                        huefeedback_bool: Validator, huefeedback_sector: Validator) -> Schema:
    return {
        "organization": [ignore_missing, unicode_safe],
        "sector": [ignore_missing, unicode_safe, huefeedback_sector],
        "status": [default("all"), one_of(list(LIST_STATUSES))],
        "assigned_to_me": [default(False), huefeedback_bool],
        "unrouted": [default(False), huefeedback_bool],
        "limit": [default(50), int_validator, natural_number_validator,
                  limit_to_configured_maximum("ckan.search.rows_max", 1000)],
        "offset": [default(0), int_validator, natural_number_validator],
    }


@validator_args
def request_route_schema(not_empty: Validator, unicode_safe: Validator,
                         huefeedback_text: ValidatorFactory, ignore_missing: Validator) -> Schema:
    return {
        "id": [not_empty, unicode_safe],
        "organization": [not_empty, unicode_safe],
        "note": [ignore_missing, unicode_safe, huefeedback_text(2000)],
    }


@validator_args
def request_decide_schema(not_empty: Validator, ignore_missing: Validator, unicode_safe: Validator,
                          one_of: ValidatorFactory, huefeedback_text: ValidatorFactory,
                          huefeedback_date: Validator) -> Schema:
    return {
        "id": [not_empty, unicode_safe],
        "decision": [not_empty, one_of(list(DECISIONS))],
        "planned_date": [ignore_missing, huefeedback_date],
        "note": [ignore_missing, unicode_safe, huefeedback_text(5000)],
    }


@validator_args
def request_publish_schema(not_empty: Validator, unicode_safe: Validator, ignore_missing: Validator,
                           huefeedback_text: ValidatorFactory) -> Schema:
    return {
        "id": [not_empty, unicode_safe],
        "package_id": [not_empty, unicode_safe],
        "note": [ignore_missing, unicode_safe, huefeedback_text(2000)],
    }
