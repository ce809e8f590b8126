"""Who may ask the pickers: anyone for local bodies and projects (projects are filtered by
what the caller may read); people only for those signed in (user details are not public)."""

from __future__ import annotations

import ckan.plugins.toolkit as tk
from ckan.types import AuthResult, Context, DataDict

from ckanext.digicanvis.logic.people import user_of

__all__ = ["digicanvis_autocomplete"]


@tk.auth_allow_anonymous_access
def digicanvis_autocomplete(context: Context, data_dict: DataDict) -> AuthResult:
    if data_dict.get("kind") == "user" and user_of(context) is None:
        return {"success": False, "msg": tk._("Sign in to look people up")}
    return {"success": True}
