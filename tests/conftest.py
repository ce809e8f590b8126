"""Fixtures shared by the observatory's tests.

CKAN's own pytest plugin (``pytest --ckan-ini=test.ini``) provides ``app``, ``clean_db``,
``clean_index``, ``reset_redis``, ``migrate_db_for`` and the factories; the services are
the real ones started by ``make test``.
"""

from __future__ import annotations

import pytest

# Plugins whose tables come from their own Alembic migrations (`ckan db init` applies them).
PLUGINS_WITH_MIGRATIONS = ("activity", "harvest", "pages", "digicanvis")


@pytest.fixture(autouse=True)
def site_plugins(with_plugins):
    """Every test runs with the plugins of test.ini, as the site does.

    CKAN's pytest plugin unloads all plugins before the tests run (ckan_setup.py).
    """


@pytest.fixture
def clean_db(reset_db, migrate_db_for, site_plugins):
    """CKAN's ``clean_db``, plus the plugin migrations that it does not run.

    ``reset_db`` rebuilds only CKAN's core tables, and pages render plugin tables
    (ckanext-pages' menu, harvest sources), so each plugin's migrations follow.
    """
    reset_db()
    for plugin in PLUGINS_WITH_MIGRATIONS:
        migrate_db_for(plugin)
