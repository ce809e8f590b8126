"""Who may confirm that a project's record is still correct: whoever may edit it."""

from __future__ import annotations

import ckan.plugins.toolkit as tk
from ckan.types import AuthResult, Context, DataDict

from ckanext.digicanvis.logic.fields import find_project
from ckanext.digicanvis.logic.people import may_edit_project

__all__ = ["project_confirm"]


def project_confirm(context: Context, data_dict: DataDict) -> AuthResult:
    package = find_project(data_dict.get("id") or "")
    if not may_edit_project(context, package.id):
        return {"success": False, "msg": tk._("Only the editors of the project's local body may confirm it")}
    return {"success": True}
