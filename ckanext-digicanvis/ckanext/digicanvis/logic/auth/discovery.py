"""Who may use the discovery actions."""

from __future__ import annotations

import ckan.plugins.toolkit as tk
from ckan.types import AuthResult, Context, DataDict

__all__ = ["digicanvis_similar_projects"]


@tk.auth_allow_anonymous_access
def digicanvis_similar_projects(context: Context, data_dict: DataDict) -> AuthResult:
    # Whoever may read the project may see what resembles it; the list itself only holds
    # projects the reader may read (logic/similar.py).
    try:
        tk.check_access("package_show", context, {"id": data_dict.get("id")})
    except tk.NotAuthorized:
        return {"success": False, "msg": tk._("You may not read this project")}
    return {"success": True}
