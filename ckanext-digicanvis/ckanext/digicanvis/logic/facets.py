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

from ckanext.digicanvis.logic.fields import choice_label


CHOICE_FACETS = ("area", "transformation_type", "phase", "maturity_level")


def project_facets() -> "OrderedDict[str, str]":
    return OrderedDict(
        [
            ("area", tk._("Area")),
            ("transformation_type", tk._("Transformation type")),
            ("phase", tk._("Phase")),
            ("maturity_level", tk._("Maturity level")),
            ("facet_technologies", tk._("Technologies")),
            ("proximity", tk._("Proximity")),
            ("population_band", tk._("Population of the body")),
            ("province", tk._("Province")),
            ("comarca", tk._("Comarca")),
            ("country", tk._("Country")),
            ("start_year", tk._("Start year")),
            ("organization", tk._("Local bodies")),
        ]
    )


def label_choice_facets(search_facets: dict[str, Any]) -> dict[str, Any]:
    """Show translated choice labels instead of machine values (when a request has a language)."""
    if not has_request_context():
        return search_facets
    for field in CHOICE_FACETS:
        for item in search_facets.get(field, {}).get("items", []):
            item["display_name"] = choice_label(field, item["name"])
    for field, labels in (("proximity", proximity_labels()), ("population_band", population_band_labels())):
        for item in search_facets.get(field, {}).get("items", []):
            item["display_name"] = labels.get(item["name"], item["name"])
    return search_facets


def proximity_labels() -> dict[str, str]:
    return {"km0": tk._("Km0: Catalan local bodies"), "foreign": tk._("Elsewhere")}


def population_band_labels() -> dict[str, str]:
    return {
        "lt1k": tk._("Under 1,000 inhabitants"),
        "1k-5k": tk._("1,000 to 5,000"),
        "5k-20k": tk._("5,000 to 20,000"),
        "20k-50k": tk._("20,000 to 50,000"),
        "50k-100k": tk._("50,000 to 100,000"),
        "100k-500k": tk._("100,000 to 500,000"),
        "gt500k": tk._("Over 500,000"),
    }
