"""Template helpers of the ``digicanvis`` plugin (registered by ``tk.blanket.helpers``)."""

from __future__ import annotations

from typing import TypedDict

import ckan.plugins.toolkit as tk


class Operator(TypedDict):
    name: str
    url: str


def digicanvis_operator() -> Operator:
    """Who runs this observatory, as declared in the site configuration."""
    return {
        "name": tk.config["ckanext.digicanvis.operator.name"],
        "url": tk.config["ckanext.digicanvis.operator.url"],
    }
