"""Schemas of the huesso actions."""
from __future__ import annotations

from ckan.logic.schema import validator_args
from ckan.types import Schema, Validator


@validator_args
def identity_link_schema(not_empty: Validator, ignore_missing: Validator, unicode_safe: Validator,
                         user_id_or_name_exists: Validator) -> Schema:
    return {
        "user": [not_empty, unicode_safe, user_id_or_name_exists],
        "id_number": [ignore_missing, unicode_safe],
        "subject": [ignore_missing, unicode_safe],
    }


@validator_args
def approve_schema(not_empty: Validator, unicode_safe: Validator, user_id_or_name_exists: Validator,
                   group_id_or_name_exists: Validator, one_of: Validator) -> Schema:
    return {
        "user": [not_empty, unicode_safe, user_id_or_name_exists],
        "organization": [not_empty, unicode_safe, group_id_or_name_exists],
        "role": [not_empty, one_of(["member", "editor", "admin"])],
    }


@validator_args
def pending_list_schema(ignore_missing: Validator) -> Schema:
    return {}
