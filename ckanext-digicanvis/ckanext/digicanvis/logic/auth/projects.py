"""Who may act on a project beyond CKAN's own rules."""

from __future__ import annotations

import ckan.plugins.toolkit as tk
from ckan.types import AuthResult, Context, DataDict

from ckanext.digicanvis.logic.action.projects import draft

__all__ = ["project_draft_discard"]


def project_draft_discard(context: Context, data_dict: DataDict) -> AuthResult:
    """Whoever may edit the draft (its body's editors and admins, sysadmins)."""
    package = draft(data_dict.get("id") or "")
    try:
        tk.check_access("package_update", {"user": context.get("user"), "auth_user_obj": context.get("auth_user_obj")},
                        {"id": package.id})
    except tk.NotAuthorized:
        return {"success": False, "msg": tk._("Only those who may edit this draft may discard it")}
    return {"success": True}
