"""The project file's fields: its schema's definitions and choice labels, and its list
fields read whatever form CKAN hands them over in."""

from __future__ import annotations

import json
from typing import Any

import ckan.plugins.toolkit as tk

# The dataset type of the project file (schemas/project.yaml).
PROJECT_TYPE = "project"


def json_list(value: Any) -> list[Any]:
    """A list, the JSON text of one (CKAN's default schema keeps extras as text), or nothing."""
    if not value:
        return []
    if isinstance(value, str):
        value = json.loads(value)
    return list(value)


def is_project(pkg_dict: dict[str, Any]) -> bool:
    return pkg_dict.get("type") == PROJECT_TYPE


def project_field(field_name: str, resource: bool = False) -> dict[str, Any]:
    """The scheming definition of a project (or project resource) field."""
    schema = tk.h.scheming_get_dataset_schema(PROJECT_TYPE)
    fields = schema["resource_fields" if resource else "dataset_fields"]
    return tk.h.scheming_field_by_name(fields, field_name) or {}


def choice_label(field_name: str, value: Any, resource: bool = False) -> str:
    """The translated label of a choice value, or the value itself when it is not a choice."""
    field = project_field(field_name, resource)
    if not field or value in (None, ""):
        return value or ""
    return tk.h.scheming_choices_label(tk.h.scheming_field_choices(field), value)


def choice_values(field_name: str) -> list[str]:
    """The machine values of a project choice field (e.g. the six areas)."""
    # scheming_field_choices: the schema's own list or its choices_helper's (the vocabularies).
    return [choice["value"] for choice in tk.h.scheming_field_choices(project_field(field_name)) or []]
