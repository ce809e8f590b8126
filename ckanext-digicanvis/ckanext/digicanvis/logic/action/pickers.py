"""The pickers' suggestions (logic/pickers.py). Auth: logic/auth/pickers.py."""

from __future__ import annotations

import ckan.plugins.toolkit as tk
from ckan.types import Context, DataDict

from ckanext.digicanvis.logic import pickers, schema
from ckanext.digicanvis.logic.people import user_of

__all__ = ["digicanvis_autocomplete"]


@tk.side_effect_free
@tk.validate(schema.autocomplete)
def digicanvis_autocomplete(context: Context, data_dict: DataDict) -> list[dict[str, str]]:
    """Up to ``limit`` local bodies, projects or people (``kind``) whose title or name holds
    every word of ``q``, accents and case ignored: ``name`` (what forms and the API store),
    ``title`` and a ``detail`` line. Projects are those the caller may read."""
    tk.check_access("digicanvis_autocomplete", context, data_dict)
    return pickers.suggestions(data_dict["kind"], data_dict["q"], user_of(context), data_dict["limit"])
