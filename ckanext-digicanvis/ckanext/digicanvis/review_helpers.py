"""Template helpers of the editorial review (plugin ``digicanvis_review``)."""

from __future__ import annotations

from typing import Any

import ckan.plugins.toolkit as tk
from ckan import authz
from ckan.common import current_user

from ckanext.digicanvis.logic import notices, review
from ckanext.digicanvis.logic.people import is_observatory_editor, may_edit_project
from ckanext.digicanvis.logic.publication import (
    DRAFT, IN_REVIEW, PUBLISHED, RETURNED, is_unfinished, state_of,
)
from ckanext.digicanvis.model.review import RETURNED as RETURNED_EVENT
from ckanext.digicanvis.model.review import SUBMITTED

__all__ = [
    "digicanvis_publication_state",
    "digicanvis_publication_label",
    "digicanvis_review_panel",
    "digicanvis_review_waiting",
    "digicanvis_review_history",
    "digicanvis_project_notices",
]


def _me() -> Any:
    return None if current_user.is_anonymous else current_user


def digicanvis_publication_state(pkg: dict[str, Any]) -> str:
    return state_of(pkg)


def digicanvis_publication_label(state: str) -> str:
    return {DRAFT: tk._("Draft"), IN_REVIEW: tk._("In review"), PUBLISHED: tk._("Published (state)"),
            RETURNED: tk._("Returned")}.get(state, state)


def digicanvis_review_panel(pkg: dict[str, Any]) -> dict[str, Any] | None:
    """What the project page's review panel shows this reader, or None: the body's people see
    where their project stands and may submit it; the editors may decide."""
    user = _me()
    if user is None:
        return None
    state = state_of(pkg)
    editor = is_observatory_editor(user)
    context = {"user": user.name, "auth_user_obj": user}
    may_submit = may_edit_project(context, pkg["id"])
    member = bool(pkg.get("owner_org")) and authz.users_role_for_group_or_org(pkg["owner_org"], user.name) is not None
    pending = review.pending_change(pkg["id"]) if state == PUBLISHED else None
    if state == PUBLISHED and not (editor and pending):
        return None
    if not (editor or may_submit or member):
        return None
    last_return = review.last_event(pkg["id"], RETURNED_EVENT) if state == RETURNED else None
    submitted = review.last_event(pkg["id"], SUBMITTED) if state == IN_REVIEW else None
    return {
        "state": state,
        "unfinished": is_unfinished(pkg.get("state")),
        "may_submit": may_submit and state in (DRAFT, RETURNED) and not is_unfinished(pkg.get("state")),
        "may_review": editor and state in (IN_REVIEW, RETURNED, PUBLISHED) and not is_unfinished(pkg.get("state")),
        "returned": review.event_dict(last_return) if last_return else None,
        "submitted": review.event_dict(submitted) if submitted else None,
        "pending_change": review.event_dict(pending) if pending else None,
    }


def digicanvis_review_waiting() -> int | None:
    """For the header: how many projects wait for the editors (None: not an editor)."""
    user = _me()
    if user is None or not is_observatory_editor(user):
        return None
    counts = review.queue_counts()
    return counts[IN_REVIEW] + counts[review.CHANGED]


def digicanvis_review_history(pkg: dict[str, Any]) -> list[dict[str, Any]] | None:
    """The project's review history for its activity page, if this reader may see it."""
    try:
        return tk.get_action("project_review_history")({"user": current_user.name, "auth_user_obj": _me()},
                                                      {"id": pkg["id"]})
    except (tk.NotAuthorized, tk.ObjectNotFound):
        return None


def digicanvis_project_notices() -> dict[str, Any]:
    user = _me()
    return notices.listing(user) if user is not None else {"unread": 0, "results": []}
