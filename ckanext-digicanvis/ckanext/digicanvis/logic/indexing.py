"""What a project puts in the Solr document.

CKAN sends every dataset field to Solr as it is (lists as JSON text when they come from
the default schema); the schema's catch-all field is single-valued, so the project file's
lists go to multi-valued ``facet_*`` fields and its lists of records (contacts, savings)
are reduced to what search needs.
"""

from __future__ import annotations

from typing import Any

from ckanext.digicanvis.logic import contacts
from ckanext.digicanvis.logic.fields import json_list

LIST_FIELDS = ("technologies", "methodologies", "tools", "partner_bodies")


def project_index_dict(pkg_dict: dict[str, Any]) -> dict[str, Any]:
    pkg_dict = contacts.strip_from_index(pkg_dict)
    for field in LIST_FIELDS:
        values = json_list(pkg_dict.pop(field, None))
        if values:
            pkg_dict[f"facet_{field}"] = values
    names = contacts.public_names(pkg_dict)
    if names:
        pkg_dict["extras_contact_names"] = ", ".join(names)
    savings = json_list(pkg_dict.pop("savings", None))
    kinds = sorted({saving.get("kind") for saving in savings if saving.get("kind")})
    if kinds:
        pkg_dict["facet_savings_kind"] = kinds
    return pkg_dict
