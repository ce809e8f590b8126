"""Who may contact, visit, show interest, and see what.

Requests need an account; a request is seen by its sender and by members of the body that
owns the project; visit reports and interest counts are public.
"""

from __future__ import annotations

import ckan.plugins.toolkit as tk
from ckan import model
from ckan.types import AuthResult, Context, DataDict

from ckanext.digicanvis.logic import access, collaboration as collab
from ckanext.digicanvis.logic.people import signed_in, user_of
from ckanext.digicanvis.model.collaboration import ContactRequest, VisitRequest

__all__ = [
    "contact_request_create", "contact_request_list", "contact_request_update", "contact_request_delete",
    "visit_request_create", "visit_request_list", "visit_request_update", "visit_report_create",
    "visit_report_list", "collaboration_interest_create", "collaboration_interest_list",
    "contact_sender_block", "contact_sender_unblock",
]

YES: AuthResult = {"success": True}


def _signed_in(context: Context) -> AuthResult:
    return signed_in(context, tk._("Sign in to do this"))


def _member_of(context: Context, organization_id: str, roles: tuple[str, ...]) -> AuthResult:
    if collab.is_member_of(user_of(context), organization_id, roles):
        return YES
    return {"success": False, "msg": tk._("Only the body that owns the project may do this")}


def _get(table: type, key: str | None) -> object:
    row = model.Session.get(table, key or "")
    if row is None:
        raise tk.ObjectNotFound(tk._("Request not found"))
    return row


def contact_request_create(context: Context, data_dict: DataDict) -> AuthResult:
    return _signed_in(context)


def contact_request_list(context: Context, data_dict: DataDict) -> AuthResult:
    return _signed_in(context)


def visit_request_create(context: Context, data_dict: DataDict) -> AuthResult:
    return _signed_in(context)


def visit_request_list(context: Context, data_dict: DataDict) -> AuthResult:
    return _signed_in(context)


def collaboration_interest_create(context: Context, data_dict: DataDict) -> AuthResult:
    return _signed_in(context)


def contact_request_update(context: Context, data_dict: DataDict) -> AuthResult:
    request = _get(ContactRequest, data_dict.get("id"))
    user = user_of(context)
    if user is not None and request.sender_id == user.id and data_dict.get("status") == "closed":
        return YES
    return _member_of(context, request.organization_id, ("admin", "editor"))


def contact_request_delete(context: Context, data_dict: DataDict) -> AuthResult:
    request = _get(ContactRequest, data_dict.get("id"))
    user = user_of(context)
    if user is not None and request.sender_id == user.id:
        return YES
    return {"success": False, "msg": tk._("Only the sender may delete a request")}


def visit_request_update(context: Context, data_dict: DataDict) -> AuthResult:
    visit = _get(VisitRequest, data_dict.get("id"))
    return _member_of(context, visit.organization_id, ("admin", "editor"))


def visit_report_create(context: Context, data_dict: DataDict) -> AuthResult:
    visit = _get(VisitRequest, data_dict.get("visit_id"))
    user = user_of(context)
    if user is not None and visit.requester_id == user.id:
        return YES
    return {"success": False, "msg": tk._("Only the visitor may report on the visit")}


@tk.auth_allow_anonymous_access
def visit_report_list(context: Context, data_dict: DataDict) -> AuthResult:
    return YES


@tk.auth_allow_anonymous_access
def collaboration_interest_list(context: Context, data_dict: DataDict) -> AuthResult:
    return YES


def contact_sender_block(context: Context, data_dict: DataDict) -> AuthResult:
    if access.is_forum_editor(user_of(context)):
        return YES
    return {"success": False, "msg": tk._("Only observatory editors may do this")}


def contact_sender_unblock(context: Context, data_dict: DataDict) -> AuthResult:
    return contact_sender_block(context, data_dict)
