"""Template helpers of the needs (plugin ``digicanvis_needs``)."""

from __future__ import annotations

from typing import Any

import ckan.plugins.toolkit as tk
from ckan.common import current_user

from ckanext.digicanvis.logic import forum, needs
from ckanext.digicanvis.logic.fields import choice_label, choice_values

__all__ = [
    "digicanvis_need", "digicanvis_need_budget_labels", "digicanvis_need_areas",
    "digicanvis_need_my_bodies", "digicanvis_need_may_solve", "digicanvis_helped_bodies",
]


def _context() -> dict[str, Any]:
    return {"user": current_user.name, "auth_user_obj": current_user}


def digicanvis_need(topic_id: str) -> dict[str, Any] | None:
    """The need of a forum topic (without the topic), or None."""
    try:
        return tk.get_action("need_show")(_context(), {"id": topic_id})
    except (tk.ObjectNotFound, tk.NotAuthorized):
        return None


def digicanvis_need_budget_labels() -> dict[str, str]:
    return needs.budget_labels()


def digicanvis_need_areas() -> list[dict[str, str]]:
    return [{"value": value, "label": choice_label("area", value)} for value in choice_values("area")]


def digicanvis_need_my_bodies() -> list[dict[str, str]]:
    user = None if current_user.is_anonymous else current_user
    return [{"name": body.name, "title": body.title} for body in needs.bodies_of(user)]


def digicanvis_need_may_solve(topic: dict[str, Any]) -> bool:
    if current_user.is_anonymous:
        return False
    return topic["author"]["name"] == current_user.name or forum.is_forum_editor(current_user)


def digicanvis_helped_bodies(package_id: str) -> int:
    return needs.helped_bodies(package_id)
