"""Template helpers of the ``digicanvis`` plugin (registered by ``tk.blanket.helpers``)."""

from __future__ import annotations

import re
from typing import Any, TypedDict
from urllib.parse import parse_qs, urlsplit

import ckan.plugins.toolkit as tk
from ckan.lib.formatters import localised_number

from ckanext.digicanvis.logic.fields import PROJECT_TYPE
from ckanext.digicanvis.logic.validators import suggested_technologies

__all__ = [
    "digicanvis_operator",
    "digicanvis_project_field",
    "digicanvis_choice_label",
    "digicanvis_video_embed_url",
    "digicanvis_local_body",
    "digicanvis_number",
    "humanize_entity_type",
    "digicanvis_suggested_technologies",
]

YOUTUBE_ID = re.compile(r"^[\w-]{6,20}$")
VIMEO_ID = re.compile(r"^\d{5,12}$")


class Operator(TypedDict):
    name: str
    url: str


def digicanvis_operator() -> Operator:
    """Who runs this observatory, as declared in the site configuration."""
    return {
        "name": tk.config["ckanext.digicanvis.operator.name"],
        "url": tk.config["ckanext.digicanvis.operator.url"],
    }


def digicanvis_project_field(field_name: str, resource: bool = False) -> dict[str, Any]:
    """The scheming definition of a project (or project resource) field."""
    schema = tk.h.scheming_get_dataset_schema(PROJECT_TYPE)
    fields = schema["resource_fields" if resource else "dataset_fields"]
    return tk.h.scheming_field_by_name(fields, field_name) or {}


def digicanvis_choice_label(field_name: str, value: Any, resource: bool = False) -> str:
    """The translated label of a choice value, or the value itself when it is not a choice."""
    field = digicanvis_project_field(field_name, resource)
    if not field or value in (None, ""):
        return value or ""
    return tk.h.scheming_choices_label(tk.h.scheming_field_choices(field), value)


def digicanvis_video_embed_url(url: str | None) -> str | None:
    """A privacy-friendly embed address for YouTube and Vimeo links; None for anything else."""
    if not url:
        return None
    parts = urlsplit(url)
    host = (parts.hostname or "").removeprefix("www.").removeprefix("m.")
    video_id = None
    if host == "youtu.be":
        video_id = parts.path.strip("/")
    elif host in ("youtube.com", "youtube-nocookie.com"):
        if parts.path == "/watch":
            video_id = parse_qs(parts.query).get("v", [""])[0]
        elif parts.path.startswith(("/embed/", "/shorts/", "/live/")):
            video_id = parts.path.split("/")[2]
        if video_id and YOUTUBE_ID.match(video_id):
            return f"https://www.youtube-nocookie.com/embed/{video_id}"
        return None
    elif host in ("vimeo.com", "player.vimeo.com"):
        candidate = parts.path.rstrip("/").split("/")[-1]
        if VIMEO_ID.match(candidate):
            return f"https://player.vimeo.com/video/{candidate}"
        return None
    if video_id and YOUTUBE_ID.match(video_id):
        return f"https://www.youtube-nocookie.com/embed/{video_id}"
    return None


def digicanvis_local_body(id_or_name: str | None) -> dict[str, Any] | None:
    """The local body (organisation) as the current user may see it, or None."""
    if not id_or_name:
        return None
    try:
        return tk.get_action("organization_show")(
            {}, {"id": id_or_name, "include_datasets": False, "include_users": False}
        )
    except (tk.ObjectNotFound, tk.NotAuthorized):
        return None


def digicanvis_number(value: Any) -> str:
    """A whole number with the current language's thousands separator (12.345 / 12,345)."""
    try:
        return localised_number(int(value))
    except (TypeError, ValueError):
        return ""


def _project_words() -> dict[str, str]:
    return {
        "add link": tk._("Add project"),
        "breadcrumb": tk._("Projects"),
        "content tab": tk._("Project file"),
        "create label": tk._("Document a project"),
        "create title": tk._("Document a project"),
        "delete confirmation": tk._("Are you sure you want to delete this project?"),
        "edit label": tk._("Edit project"),
        "facet label": tk._("Projects"),
        "form label": tk._("Project file"),
        "main nav": tk._("Projects"),
        "my label": tk._("My projects"),
        "view label": tk._("View project"),
        "no any objects": tk._("There are no projects yet."),
        "no label": tk._("No project"),
        "page title": tk._("Projects"),
        "save label": tk._("Save project"),
        "search placeholder": tk._("Search projects..."),
        "update label": tk._("Update project"),
    }


def _local_body_words() -> dict[str, str]:
    return {
        "add link": tk._("Add local body"),
        "breadcrumb": tk._("Local bodies"),
        "create label": tk._("Add local body"),
        "create title": tk._("Add local body"),
        "edit label": tk._("Edit local body"),
        "facet label": tk._("Local bodies"),
        "main nav": tk._("Local bodies"),
        "page title": tk._("Local bodies"),
        "no description": tk._("There is no description for this local body."),
        "search placeholder": tk._("Search local bodies..."),
        "you not member": tk._("You are not a member of any local body."),
        "no label": tk._("No local body"),
    }


@tk.chained_helper
def humanize_entity_type(next_helper: Any, entity_type: str, object_type: str, purpose: str) -> str | None:
    """CKAN's labels for "dataset" and "organization", in the observatory's words.

    CKAN would otherwise build English labels from the type name ("Projects") that no
    catalogue translates.
    """
    if (entity_type, object_type) == ("package", PROJECT_TYPE):
        words = _project_words()
    elif (entity_type, object_type) == ("organization", "organization"):
        words = _local_body_words()
    else:
        words = {}
    return words.get(purpose) or next_helper(entity_type, object_type, purpose)


def digicanvis_suggested_technologies() -> tuple[str, ...]:
    """Technologies the form suggests (schemas/technologies.yaml); others may be typed in."""
    return suggested_technologies()
