"""Fixtures of the security checks: one world per module (see world.py), built on a fresh
database, and the list of actions our plugins register."""

from __future__ import annotations

import io
import json
from typing import Any, Iterator

import pytest

from tests.conftest import PLUGINS_WITH_MIGRATIONS
from tests.security.actions import Upload
from tests.security.world import World, build_world


@pytest.fixture(scope="module")
def world() -> Iterator[World]:
    """A fresh site with the world's people and projects, shared by the module's tests
    (CKAN's clean_db is per test; building the world takes a few seconds)."""
    import ckan.plugins
    from ckan.cli.db import _run_migrations
    from ckan.lib import search
    from ckan.tests import factories as ckan_factories, helpers

    from ckanext.digicanvis.logic.forum import ensure_default_categories

    ckan.plugins.load_all()
    ckan_factories.fake.unique.clear()
    helpers.reset_db()
    for plugin in PLUGINS_WITH_MIGRATIONS:
        _run_migrations(plugin, "head", True)
    ensure_default_categories()
    search.clear_all()
    yield build_world()


def our_actions() -> set[str]:
    """Every action registered by a plugin of ours (``ckanext.digicanvis...``), loaded or not
    in test.ini: a plugin added by another issue counts as soon as setup.py names it."""
    from importlib.metadata import entry_points

    import ckan.plugins as p

    actions: set[str] = set()
    for entry in entry_points(group="ckan.plugins"):
        if not entry.value.startswith("ckanext.digicanvis"):
            continue
        plugin = entry.load()
        if p.IActions.implemented_by(plugin):
            actions.update(plugin().get_actions())
    return actions


def post_action(app: Any, action: str, data: dict[str, Any], headers: dict[str, str]) -> Any:
    """Call an action over the API as JSON, or as a multipart form when the data carries a file
    (whose other values a form can only send as text)."""
    url = f"/api/3/action/{action}"
    if not any(isinstance(value, Upload) for value in data.values()):
        return app.post(url, json=data, headers=headers)
    form = {key: (io.BytesIO(value.content), value.filename) if isinstance(value, Upload)
            else value if isinstance(value, str) else json.dumps(value) for key, value in data.items()}
    return app.post(url, data=form, headers=headers, content_type="multipart/form-data")
