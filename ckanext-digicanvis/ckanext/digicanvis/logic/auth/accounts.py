"""Who may ask to join a body, answer such requests, and resend a confirmation link."""

from __future__ import annotations

import ckan.plugins.toolkit as tk
from ckan.types import AuthResult, Context, DataDict

from ckanext.digicanvis.logic import accounts
from ckanext.digicanvis.logic.people import signed_in, user_of

__all__ = [
    "digicanvis_confirmation_resend", "membership_request_create", "membership_request_list",
    "membership_request_decide", "membership_request_cancel", "digicanvis_language_update",
]


@tk.auth_allow_anonymous_access
def digicanvis_confirmation_resend(context: Context, data_dict: DataDict) -> AuthResult:
    return {"success": True}


def membership_request_create(context: Context, data_dict: DataDict) -> AuthResult:
    return signed_in(context, tk._("Sign in to ask to join a local body"))


def membership_request_list(context: Context, data_dict: DataDict) -> AuthResult:
    return signed_in(context, tk._("Sign in to see your requests"))


def membership_request_decide(context: Context, data_dict: DataDict) -> AuthResult:
    request = accounts.get_request(data_dict.get("id"))
    if accounts.may_decide(user_of(context), request.organization_id):
        return {"success": True}
    return {"success": False, "msg": tk._("Only the body's administrators (or the observatory editors, while it has none) may answer")}


def membership_request_cancel(context: Context, data_dict: DataDict) -> AuthResult:
    user = user_of(context)
    if user is not None and accounts.get_request(data_dict.get("id")).user_id == user.id:
        return {"success": True}
    return {"success": False, "msg": tk._("Only the person who asked may withdraw a request")}


def digicanvis_language_update(context: Context, data_dict: DataDict) -> AuthResult:
    # Each person sets their own: the action takes no user id.
    return signed_in(context, tk._("Sign in to choose the language of your e-mails"))
