"""Input schemas of the quality actions."""

from __future__ import annotations

from ckan.logic.schema import validator_args
from ckan.types import Schema, Validator

from .validators import huequality_quarter


@validator_args
def dataset_quality_schema(not_empty: Validator, unicode_safe: Validator) -> Schema:
    return {"id": [not_empty, unicode_safe]}


@validator_args
def dataset_quality_list_schema(not_empty: Validator, list_of_strings: Validator) -> Schema:
    return {"ids": [not_empty, list_of_strings]}


@validator_args
def index_schema(ignore_missing: Validator, unicode_safe: Validator) -> Schema:
    return {"period": [ignore_missing, unicode_safe, huequality_quarter], "org_id": [ignore_missing, unicode_safe]}
