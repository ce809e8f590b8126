"""Who may act in the editorial review: a project's body's editors and admins submit it, the
observatory editors (sysadmins and the editors' group) review it and keep the queue."""

from __future__ import annotations

import ckan.plugins.toolkit as tk
from ckan import authz
from ckan.types import AuthResult, Context, DataDict

from ckanext.digicanvis.logic import notices
from ckanext.digicanvis.logic.fields import find_project
from ckanext.digicanvis.logic.people import is_observatory_editor, may_edit_project, signed_in, user_of

__all__ = [
    "project_submit_for_review",
    "project_review",
    "project_review_list",
    "project_review_history",
    "project_notice_list",
    "project_notice_mark_read",
]


def project_submit_for_review(context: Context, data_dict: DataDict) -> AuthResult:
    package = find_project(data_dict.get("id") or "")
    if not may_edit_project(context, package.id):
        return {"success": False, "msg": tk._("Only the editors of the project's local body may submit it for review")}
    return {"success": True}


def _editors_only(context: Context) -> AuthResult:
    if not is_observatory_editor(user_of(context)):
        return {"success": False, "msg": tk._("Only the observatory's editors review projects")}
    return {"success": True}


def project_review(context: Context, data_dict: DataDict) -> AuthResult:
    return _editors_only(context)


def project_review_list(context: Context, data_dict: DataDict) -> AuthResult:
    return _editors_only(context)


def project_review_history(context: Context, data_dict: DataDict) -> AuthResult:
    """The body's own people and the observatory editors: the comments are between them. A
    project the signed-in caller may not read is not found (its existence is not told)."""
    package = find_project(data_dict.get("id") or "")
    user = user_of(context)
    if user is None:
        return {"success": False, "msg": tk._("Not authorized to see this project's review")}
    if not notices.may_read(user, package.id):
        raise tk.ObjectNotFound(tk._("Project not found"))
    member = bool(package.owner_org) and authz.users_role_for_group_or_org(package.owner_org, user.name) is not None
    if not (member or is_observatory_editor(user)):
        return {"success": False, "msg": tk._("Only the project's local body and the observatory's editors see its review")}
    return {"success": True}


def project_notice_list(context: Context, data_dict: DataDict) -> AuthResult:
    return signed_in(context, tk._("Sign in to see your notices"))


def project_notice_mark_read(context: Context, data_dict: DataDict) -> AuthResult:
    return signed_in(context, tk._("Sign in to see your notices"))
