"""Template helpers of the ``digicanvis`` plugin (registered by ``tk.blanket.helpers``)."""

from __future__ import annotations

import re
from typing import Any, TypedDict
from urllib.parse import parse_qs, urlsplit

import ckan.plugins.toolkit as tk
from ckan.lib.formatters import localised_number

__all__ = [
    "digicanvis_operator",
    "digicanvis_project_field",
    "digicanvis_choice_label",
    "digicanvis_video_embed_url",
    "digicanvis_local_body",
    "digicanvis_number",
]

PROJECT_TYPE = "project"
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
