"""What "El meu espai" (/my-space) gathers for one person, through the actions that guard
each piece: their projects and drafts, bodies and membership requests, requests sent and
received, what they follow, and their notifications."""

from __future__ import annotations

from typing import Any

from sqlalchemy import or_

import ckan.plugins.toolkit as tk
from ckan import model

from ckanext.digicanvis.logic import accounts, mail
from ckanext.digicanvis.logic.fields import PROJECT_TYPE

PROJECTS_SHOWN = 50


def _call(user: model.User, action: str, **data: Any) -> Any:
    return tk.get_action(action)({"user": user.name, "auth_user_obj": user}, data)


def drafts_of(user: model.User, body_ids: list[str]) -> list[model.Package]:
    """Drafts the person started, and those of their bodies (colleagues may finish them)."""
    return model.Session.query(model.Package).filter(
        model.Package.type == PROJECT_TYPE, model.Package.state == "draft",
        or_(model.Package.creator_user_id == user.id, model.Package.owner_org.in_(body_ids or [""]))
    ).order_by(model.Package.metadata_modified.desc()).all()


def of(user: model.User) -> dict[str, Any]:
    bodies = [{"name": group.name, "title": group.title, "role": accounts.role_in(user, group.id)}
              for group in user.get_groups("organization") if group.state == "active"]
    body_ids = [group.id for group in user.get_groups("organization")]
    projects = {"count": 0, "results": []}
    if body_ids:
        projects = _call(user, "package_search", fq=f"+dataset_type:{PROJECT_TYPE} +owner_org:({' OR '.join(body_ids)})",
                         include_private=True, rows=PROJECTS_SHOWN, sort="metadata_modified desc")
    requests = {scope: {kind: _call(user, f"{kind}_request_list", scope=scope) for kind in ("contact", "visit")}
                for scope in ("sent", "received")}
    return {
        "bodies": bodies,
        "projects": projects,
        "drafts": drafts_of(user, body_ids),
        "my_requests": _call(user, "membership_request_list", scope="mine"),
        "to_decide": _call(user, "membership_request_list", scope="to_decide"),
        "requests": requests,
        "follows": _call(user, "forum_follow_list"),
        "notifications": _call(user, "forum_notification_list", rows=10),
        "email_language": mail.language_of(user),
        "email_languages": mail.offered_languages(),
    }

