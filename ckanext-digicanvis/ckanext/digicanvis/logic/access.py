"""Who may read what: projects, forum topics, and the things that announce them.

Shared by every capability (forum, notifications, team requests, validators), below them all:
a project is readable as CKAN's ``package_show`` says; a topic is readable when it is active
(forum editors also see hidden ones) and, when it is a project's discussion, its project is.
``readable_topics`` says the same in SQL, for lists and counts.
"""

from __future__ import annotations

from typing import Any

from sqlalchemy import and_, or_

import ckan.plugins.toolkit as tk
from ckan import model

from ckanext.digicanvis.logic import pickers
from ckanext.digicanvis.logic.fields import PROJECT_TYPE
from ckanext.digicanvis.logic.people import is_observatory_editor, user_of
from ckanext.digicanvis.model.forum import ForumTopic


def context_of(user: model.User | None) -> dict[str, Any]:
    """An action context acting as ``user`` (None: anonymous), never with ``ignore_auth``."""
    return {"user": user.name if user else "", "auth_user_obj": user}


def is_forum_editor(user: model.User | None) -> bool:
    """Forum editors are the observatory's editors (``people.is_observatory_editor``)."""
    return is_observatory_editor(user)


def may_read_package(context: dict[str, Any], package_id: str) -> bool:
    try:
        tk.check_access("package_show", {"user": context.get("user"), "auth_user_obj": context.get("auth_user_obj")},
                        {"id": package_id})
    except (tk.NotAuthorized, tk.ObjectNotFound):
        return False
    return True


def readable_project(context: dict[str, Any], id_or_name: str, field: str = "projects") -> model.Package:
    """A project the caller may read, by name, id or title; ValidationError otherwise (never a
    hint that it exists)."""
    unknown = tk.ValidationError({field: [tk._('Unknown project: "{name}"').format(name=id_or_name)]})
    try:
        package = model.Package.get(id_or_name) or pickers.find_project(user_of(context), id_or_name)
    except tk.Invalid as error:
        raise tk.ValidationError({field: [error.error]})
    if package is None or package.type != PROJECT_TYPE or package.state != "active":
        raise unknown
    if not may_read_package(context, package.id):
        raise unknown
    return package


def may_read_topic(context: dict[str, Any], topic: ForumTopic) -> bool:
    if topic.state != "active" and not is_forum_editor(user_of(context)):
        return False
    return not topic.discussion_of or may_read_package(context, topic.discussion_of)


def readable_topics(query: Any, user: model.User | None, hidden_too: bool = False) -> Any:
    """``query`` (which selects from ForumTopic) restricted to the topics ``user`` may read;
    ``hidden_too`` keeps hidden topics (whose project the user may still read)."""
    query = query.outerjoin(model.Package, model.Package.id == ForumTopic.discussion_of)
    if not hidden_too and not is_forum_editor(user):
        query = query.filter(ForumTopic.state == "active")
    if user is not None and user.sysadmin:
        return query
    readable_orgs = [org.id for org in (user.get_groups("organization") if user else [])]
    return query.filter(or_(
        ForumTopic.discussion_of.is_(None),
        and_(model.Package.private.is_(False), model.Package.state == "active"),
        model.Package.owner_org.in_(readable_orgs or [""]),
    ))
