"""Who may do what with needs.

Reading follows the forum (public unless ``forum.public_read`` is off). Posting a need takes
a member of a local body; refreshing suggestions, marking solved and reopening are for the
asker and forum editors; pinning is for forum editors; a body's notification choice is for
its admins and editors.
"""

from __future__ import annotations

import ckan.plugins.toolkit as tk
from ckan import model
from ckan.types import AuthResult, Context, DataDict

from ckanext.digicanvis.logic import forum, needs
from ckanext.digicanvis.logic.auth.forum import forum_topic_show
from ckanext.digicanvis.logic.people import signed_in, user_of

__all__ = [
    "need_create", "need_show", "need_list", "need_suggestions_refresh", "need_suggestion_pin",
    "need_solve", "need_reopen", "need_body_settings_show", "need_body_settings_update",
]


def _asker_or_editor(context: Context, data_dict: DataDict) -> AuthResult:
    _need, topic = needs.get_need(data_dict.get("id") or "")
    if needs.is_asker_or_editor(user_of(context), topic):
        return {"success": True}
    return {"success": False, "msg": tk._("Only the body that asked or a forum editor may do this")}


@tk.auth_allow_anonymous_access
def need_show(context: Context, data_dict: DataDict) -> AuthResult:
    return forum_topic_show(context, data_dict)


@tk.auth_allow_anonymous_access
def need_list(context: Context, data_dict: DataDict) -> AuthResult:
    return forum_topic_show(context, data_dict)


def need_create(context: Context, data_dict: DataDict) -> AuthResult:
    user = user_of(context)
    if user is None:
        return signed_in(context, tk._("Sign in to post a need"))
    if not needs.bodies_of(user):
        return {"success": False, "msg": tk._("Only members of a local body can post a need. Ask your body's administrator to add you.")}
    return {"success": True}


def need_suggestions_refresh(context: Context, data_dict: DataDict) -> AuthResult:
    return _asker_or_editor(context, data_dict)


def need_solve(context: Context, data_dict: DataDict) -> AuthResult:
    return _asker_or_editor(context, data_dict)


def need_reopen(context: Context, data_dict: DataDict) -> AuthResult:
    return _asker_or_editor(context, data_dict)


def need_suggestion_pin(context: Context, data_dict: DataDict) -> AuthResult:
    if forum.is_forum_editor(user_of(context)):
        return {"success": True}
    return {"success": False, "msg": tk._("Only forum editors may do this")}


def need_body_settings_show(context: Context, data_dict: DataDict) -> AuthResult:
    return signed_in(context, tk._("Sign in to see your bodies' settings"))


def need_body_settings_update(context: Context, data_dict: DataDict) -> AuthResult:
    body = model.Group.get(data_dict.get("body") or "")
    if body is None or not body.is_organization:
        raise tk.ObjectNotFound(tk._("Local body not found"))
    if needs.manages(user_of(context), body.id):
        return {"success": True}
    return {"success": False, "msg": tk._("Only the body's administrators and editors may change this")}
