"""Reading the project file's list fields, whatever form CKAN hands them over in."""

from __future__ import annotations

import json
from typing import Any

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
