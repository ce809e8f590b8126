"""Facets of the project search: the classification of the project file.

Single-choice fields are indexed as they are (CKAN's catch-all string field); lists go to
``facet_*`` fields (``logic.indexing``). Facet values are machine values; their labels come
from the schema's choices in the reader's language.
"""

from __future__ import annotations

from collections import OrderedDict
from typing import Any

from flask import has_request_context

import ckan.plugins.toolkit as tk

from ckanext.digicanvis.helpers import digicanvis_choice_label

CHOICE_FACETS = ("area", "transformation_type", "phase", "maturity_level")


def project_facets() -> "OrderedDict[str, str]":
    return OrderedDict(
        [
            ("area", tk._("Area")),
            ("transformation_type", tk._("Transformation type")),
            ("phase", tk._("Phase")),
            ("maturity_level", tk._("Maturity level")),
            ("facet_technologies", tk._("Technologies")),
            ("organization", tk._("Local bodies")),
        ]
    )


def label_choice_facets(search_facets: dict[str, Any]) -> dict[str, Any]:
    """Show translated choice labels instead of machine values (when a request has a language)."""
    if not has_request_context():
        return search_facets
    for field in CHOICE_FACETS:
        for item in search_facets.get(field, {}).get("items", []):
            item["display_name"] = digicanvis_choice_label(field, item["name"])
    return search_facets
