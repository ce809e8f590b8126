"""The observatory's face: its colours (configurable, refused at start-up when they fail
WCAG AA contrast) and the social preview of its pages (Open Graph, Twitter cards).

Colours reach the pages as CSS custom properties in a ``<style>`` of the page head
(templates/base.html); site.css uses only the properties. The plugin checks every value at
start-up (``check_colours``): only a ``#rrggbb`` colour that passes contrast is ever served,
so nothing else can reach that ``<style>``.
"""

from __future__ import annotations

import re
from typing import Any
from urllib.parse import urlsplit

import ckan.plugins.toolkit as tk
from ckan.exceptions import CkanConfigurationException

# WCAG 2.1 AA (1.4.3): normal text needs 4.5:1 against its background.
AA_CONTRAST = 4.5
WHITE = "#ffffff"
HEX_COLOUR = re.compile(r"^#[0-9a-fA-F]{6}$")
# (config key, CSS property); the declared defaults are #1d4e89 (8.4:1) and #b3261e (6.5:1).
COLOUR_OPTIONS = (
    ("ckanext.digicanvis.theme.primary_colour", "--digicanvis-primary"),
    ("ckanext.digicanvis.theme.accent_colour", "--digicanvis-accent"),
)
# Hover and pressed shades are the colour mixed with this much black.
DARKER = 0.2
SUMMARY_LENGTH = 200
IMAGE_EXTENSIONS = (".png", ".jpg", ".jpeg", ".gif", ".webp")
OG_LOCALES = {"ca": "ca_ES", "es": "es_ES", "en": "en_GB"}


# ---------------------------------------------------------------- colours


def rgb(colour: str) -> tuple[int, int, int]:
    return int(colour[1:3], 16), int(colour[3:5], 16), int(colour[5:7], 16)


def relative_luminance(colour: str) -> float:
    """WCAG 2.1's relative luminance of a ``#rrggbb`` colour."""
    def linear(channel: int) -> float:
        value = channel / 255
        return value / 12.92 if value <= 0.03928 else ((value + 0.055) / 1.055) ** 2.4

    red, green, blue = (linear(channel) for channel in rgb(colour))
    return 0.2126 * red + 0.7152 * green + 0.0722 * blue


def contrast_ratio(first: str, second: str) -> float:
    lighter, darker = sorted((relative_luminance(first), relative_luminance(second)), reverse=True)
    return (lighter + 0.05) / (darker + 0.05)


def mixed_with_black(colour: str, share: float) -> str:
    return "#" + "".join(f"{round(channel * (1 - share)):02x}" for channel in rgb(colour))


def darkest_passing(colour: str) -> str:
    """The lightest shade of ``colour`` (mixed with black) that passes AA against white: what
    the start-up message suggests instead of a colour that fails."""
    share = 0.0
    while contrast_ratio(mixed_with_black(colour, share), WHITE) < AA_CONTRAST:
        share += 0.01
    return mixed_with_black(colour, share)


def colour_problem(colour: str) -> str | None:
    """Why a configured colour cannot be used, or None: it must be ``#rrggbb`` with at least
    4.5:1 against white, so that it can be text on the white pages and behind white text."""
    if not HEX_COLOUR.match(colour):
        return f"{colour!r} is not a colour written as #rrggbb (for example #1d4e89)"
    ratio = contrast_ratio(colour, WHITE)
    if ratio < AA_CONTRAST:
        return (f"{colour} has a contrast of {ratio:.2f}:1 with white; WCAG 2.1 AA needs {AA_CONTRAST}:1 "
                f"for text on the white pages and white text on this colour. A darker shade that "
                f"passes: {darkest_passing(colour)}")
    return None


def check_colours(config: Any) -> None:
    """Stop the site at start-up when a configured colour fails (IConfigurer.update_config:
    a plugin's own validators are not yet known when CKAN validates its declared options)."""
    problems = [f"{key}: {problem}" for key, _prop in COLOUR_OPTIONS
                if (problem := colour_problem(str(config[key]).strip()))]
    if problems:
        raise CkanConfigurationException("Colours that fail contrast:\n" + "\n".join(problems))


def colour_properties() -> str:
    """The ``:root`` rule of the configured colours and their darker shades."""
    declarations = []
    for key, prop in COLOUR_OPTIONS:
        colour = tk.config[key].strip().lower()
        declarations += [
            f"{prop}: {colour};",
            f"{prop}-rgb: {', '.join(str(channel) for channel in rgb(colour))};",
            f"{prop}-dark: {mixed_with_black(colour, DARKER)};",
        ]
    return ":root { " + " ".join(declarations) + " }"


# ---------------------------------------------------------------- social preview


def og_locale(language: str) -> str:
    return OG_LOCALES.get(language, OG_LOCALES["ca"])


def absolute(url: str) -> str:
    """A site path as a full address (link previews need one); full addresses as they are."""
    if urlsplit(url).scheme in ("http", "https"):
        return url
    return tk.config["ckan.site_url"].rstrip("/") + "/" + url.lstrip("/")


def site_image() -> str:
    return absolute(tk.config["ckanext.digicanvis.theme.social_image"])


def project_image(project: dict[str, Any]) -> str | None:
    """The first picture among a project's documentation (a link to or upload of an image)."""
    for resource in project.get("resources") or []:
        url = resource.get("url") or ""
        is_picture = (resource.get("mimetype") or "").startswith("image/") or \
            urlsplit(url).path.lower().endswith(IMAGE_EXTENSIONS)
        if is_picture and urlsplit(url).scheme in ("http", "https"):
            return url
    return None


def project_description(project: dict[str, Any], area_label: str) -> str:
    """"Body · area. Summary": who did it and where it belongs, before the summary."""
    body = (project.get("organization") or {}).get("title") or ""
    summary = tk.h.markdown_extract(project.get("notes") or "", extract_length=SUMMARY_LENGTH)
    heading = " · ".join(part for part in (body, area_label) if part)
    return f"{heading}. {summary}" if summary else heading
