"""Validation schemas of the observatory's actions."""

from __future__ import annotations

from ckan.logic.schema import validator_args
from ckan.types import Schema, Validator


@validator_args
def similar_projects(
    not_empty: Validator, unicode_safe: Validator, default: Validator, int_validator: Validator,
    digicanvis_rows_limit: Validator,
) -> Schema:
    return {
        "id": [not_empty, unicode_safe],
        "rows": [default(5), int_validator, digicanvis_rows_limit],
    }
