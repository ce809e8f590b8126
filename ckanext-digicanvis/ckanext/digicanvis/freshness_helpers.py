"""Template helpers of fresh records (plugin ``digicanvis_freshness``)."""

from __future__ import annotations

from typing import Any

from ckan import model
from ckan.common import current_user

from ckanext.digicanvis.logic import freshness, phases
from ckanext.digicanvis.logic.fields import choice_label
from ckanext.digicanvis.logic.people import may_edit_project

__all__ = ["digicanvis_freshness", "digicanvis_phase_history"]


def digicanvis_freshness(pkg: dict[str, Any]) -> dict[str, Any] | None:
    """"Verified on", "needs update" and whether this reader may confirm the project."""
    package = model.Session.get(model.Package, pkg["id"])
    if package is None:
        return None
    status = freshness.status(package)
    context = {"user": current_user.name, "auth_user_obj": current_user} if not current_user.is_anonymous else {}
    return {**status, "may_confirm": package.state == "active" and may_edit_project(context, package.id)}


def digicanvis_phase_history(pkg: dict[str, Any]) -> list[dict[str, str]]:
    """The phase history, oldest first, with each phase's label in the reader's language."""
    history = pkg.get(phases.FIELD)
    if history is None:
        history = phases.history(pkg["id"])
    return [{**entry, "label": choice_label("phase", entry["phase"])} for entry in history]
