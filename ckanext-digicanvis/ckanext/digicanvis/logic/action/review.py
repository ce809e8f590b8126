"""Actions of the editorial review (plugin ``digicanvis_review``; rules in logic/review.py,
states in logic/publication.py). Auth: logic/auth/review.py."""

from __future__ import annotations

from typing import Any

import ckan.plugins.toolkit as tk
from ckan.types import Context, DataDict

from ckanext.digicanvis.logic import notices, review, schema, vocabularies
from ckanext.digicanvis.logic.fields import find_project
from ckanext.digicanvis.logic.people import required_user

__all__ = [
    "project_submit_for_review",
    "project_review",
    "project_review_list",
    "project_review_history",
    "project_notice_list",
    "project_notice_mark_read",
]


@tk.validate(schema.project_submit_for_review)
def project_submit_for_review(context: Context, data_dict: DataDict) -> dict[str, Any]:
    """Send a draft or returned project to the observatory editors: its body's editors and
    admins. ``id``; ``note`` (optional) for the editors. Returns the project."""
    tk.check_access("project_submit_for_review", context, data_dict)
    package = find_project(data_dict["id"])
    return review.submit(package, required_user(context), data_dict["note"])


@tk.validate(schema.project_review)
def project_review(context: Context, data_dict: DataDict) -> dict[str, Any]:
    """An observatory editor's decision on a project in review (or on a body's change to a
    published one): ``decision`` ``publish`` or ``return``; ``comment`` (required to return)
    is e-mailed to the body's editors. Returns the project."""
    tk.check_access("project_review", context, data_dict)
    package = find_project(data_dict["id"])
    if data_dict["decision"] == review.RETURN and not data_dict["comment"]:
        raise tk.ValidationError({"comment": [tk._("Say what the body should correct: the comment is sent to them.")]})
    return review.decide(package, required_user(context), data_dict["decision"], data_dict["comment"])


@tk.validate(schema.project_review_list)
def project_review_list(context: Context, data_dict: DataDict) -> dict[str, Any]:
    """The review queue, oldest waiting first: ``queue`` ``in_review`` (default), ``changed``
    (published projects their body changed since), ``returned`` or ``all``; filters
    ``organization``, ``area``, ``q`` (words of the title); ``page``, ``rows``."""
    tk.check_access("project_review_list", context, data_dict)
    if data_dict.get("area") and data_dict["area"] not in vocabularies.scheme("area").codes():
        raise tk.ValidationError({"area": [tk._("Unknown value: {value}").format(value=data_dict["area"])]})
    listed = review.queue(data_dict["queue"], data_dict.get("organization"), data_dict.get("area"),
                          data_dict.get("q"), data_dict["page"], data_dict["rows"])
    return {**listed, "counts": review.queue_counts()}


@tk.validate(schema.by_id)
def project_review_history(context: Context, data_dict: DataDict) -> list[dict[str, Any]]:
    """Who submitted, published, returned or changed the project, when, with what comment
    (oldest first): for its body's members and the observatory editors."""
    tk.check_access("project_review_history", context, data_dict)
    return review.history(find_project(data_dict["id"]).id)


@tk.validate(schema.project_notice_list)
def project_notice_list(context: Context, data_dict: DataDict) -> dict[str, Any]:
    """The caller's notices about their bodies' projects (published, returned, needs update),
    newest first, with the unread count."""
    tk.check_access("project_notice_list", context, data_dict)
    return notices.listing(required_user(context), unread_only=data_dict["unread_only"])


@tk.validate(schema.project_notice_mark_read)
def project_notice_mark_read(context: Context, data_dict: DataDict) -> dict[str, int]:
    """Mark the caller's notices read: ``ids``, or all of them."""
    tk.check_access("project_notice_mark_read", context, data_dict)
    return {"marked": notices.mark_read(required_user(context), data_dict.get("ids"))}
