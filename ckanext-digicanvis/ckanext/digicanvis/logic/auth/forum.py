"""Who may do what in the forum.

Reading is public unless ``ckanext.digicanvis.forum.public_read`` is off; writing needs an
account (CKAN refuses anonymous callers of the functions without
``auth_allow_anonymous_access``); editing is for the author or a forum editor; moderation
and categories are for forum editors (``logic.forum.is_forum_editor``).
"""

from __future__ import annotations

import ckan.plugins.toolkit as tk
from ckan import model
from ckan.types import AuthResult, Context, DataDict

from ckanext.digicanvis.logic import forum
from ckanext.digicanvis.logic.people import signed_in, user_of

__all__ = [
    "forum_category_list", "forum_category_create", "forum_topic_create", "forum_topic_show",
    "forum_topic_list", "forum_post_create", "forum_post_update", "forum_post_flag",
    "forum_answer_accept", "forum_moderate", "forum_flag_list", "forum_moderation_log_list",
    "forum_follow", "forum_unfollow", "forum_follow_list", "forum_search", "forum_notification_list",
    "forum_notification_mark_read", "forum_preferences_show", "forum_preferences_update",
]


def _read(context: Context) -> AuthResult:
    if tk.config["ckanext.digicanvis.forum.public_read"] or user_of(context) is not None:
        return {"success": True}
    return {"success": False, "msg": tk._("Sign in to read the forum")}


def _signed_in(context: Context) -> AuthResult:
    return signed_in(context, tk._("Sign in to take part in the forum"))


def _editor(context: Context) -> AuthResult:
    if forum.is_forum_editor(user_of(context)):
        return {"success": True}
    return {"success": False, "msg": tk._("Only forum editors may do this")}


@tk.auth_allow_anonymous_access
def forum_category_list(context: Context, data_dict: DataDict) -> AuthResult:
    return _read(context)


@tk.auth_allow_anonymous_access
def forum_topic_show(context: Context, data_dict: DataDict) -> AuthResult:
    return _read(context)


@tk.auth_allow_anonymous_access
def forum_topic_list(context: Context, data_dict: DataDict) -> AuthResult:
    return _read(context)


@tk.auth_allow_anonymous_access
def forum_search(context: Context, data_dict: DataDict) -> AuthResult:
    return _read(context)


def forum_topic_create(context: Context, data_dict: DataDict) -> AuthResult:
    return _signed_in(context)


def forum_post_create(context: Context, data_dict: DataDict) -> AuthResult:
    return _signed_in(context)


def forum_post_flag(context: Context, data_dict: DataDict) -> AuthResult:
    return _signed_in(context)


def forum_follow(context: Context, data_dict: DataDict) -> AuthResult:
    return _signed_in(context)


def forum_unfollow(context: Context, data_dict: DataDict) -> AuthResult:
    return _signed_in(context)


def forum_follow_list(context: Context, data_dict: DataDict) -> AuthResult:
    return _signed_in(context)


def forum_notification_list(context: Context, data_dict: DataDict) -> AuthResult:
    return _signed_in(context)


def forum_notification_mark_read(context: Context, data_dict: DataDict) -> AuthResult:
    return _signed_in(context)


def forum_preferences_show(context: Context, data_dict: DataDict) -> AuthResult:
    return _signed_in(context)


def forum_preferences_update(context: Context, data_dict: DataDict) -> AuthResult:
    return _signed_in(context)


def forum_post_update(context: Context, data_dict: DataDict) -> AuthResult:
    user = user_of(context)
    post = model.Session.get(forum.ForumPost, data_dict.get("id") or "")
    if post is None:
        raise tk.ObjectNotFound(tk._("Post not found"))
    if user is not None and (post.author_id == user.id or forum.is_forum_editor(user)):
        return {"success": True}
    return {"success": False, "msg": tk._("Only the author or a forum editor may edit this message")}


def forum_answer_accept(context: Context, data_dict: DataDict) -> AuthResult:
    user = user_of(context)
    post = model.Session.get(forum.ForumPost, data_dict.get("post_id") or "")
    if post is None:
        raise tk.ObjectNotFound(tk._("Post not found"))
    topic = model.Session.get(forum.ForumTopic, post.topic_id)
    if user is not None and (topic.author_id == user.id or forum.is_forum_editor(user)):
        return {"success": True}
    return {"success": False, "msg": tk._("Only the question's author or a forum editor may choose the answer")}


def forum_moderate(context: Context, data_dict: DataDict) -> AuthResult:
    return _editor(context)


def forum_flag_list(context: Context, data_dict: DataDict) -> AuthResult:
    return _editor(context)


def forum_moderation_log_list(context: Context, data_dict: DataDict) -> AuthResult:
    return _editor(context)


def forum_category_create(context: Context, data_dict: DataDict) -> AuthResult:
    return _editor(context)
