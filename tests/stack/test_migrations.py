"""Every migration of CKAN and of each enabled plugin applies to the real PostgreSQL."""

from __future__ import annotations

import pytest
import sqlalchemy as sa

import ckan.model as model
from ckan.cli.db import current_revision

from tests.conftest import PLUGINS_WITH_MIGRATIONS

pytestmark = pytest.mark.usefixtures("clean_db")


@pytest.mark.parametrize("plugin", ["", *PLUGINS_WITH_MIGRATIONS], ids=["core", *PLUGINS_WITH_MIGRATIONS])
def test_migrations_are_at_head(plugin):
    # Alembic reports the current revision as "<hash> (head)" once nothing is pending.
    assert current_revision(plugin).endswith("(head)")


@pytest.mark.parametrize(
    ("plugin", "table"),
    [
        ("activity", "activity"),
        ("harvest", "harvest_source"),
        ("pages", "ckanext_pages"),
        ("digicanvis", "digicanvis_project_contact"),
        ("digicanvis", "digicanvis_forum_topic"),
        ("digicanvis", "digicanvis_forum_post"),
        ("digicanvis", "digicanvis_forum_notification"),
        ("digicanvis", "digicanvis_harvest_record"),
        ("digicanvis", "digicanvis_harvest_outcome"),
        ("digicanvis", "digicanvis_need"),
        ("digicanvis", "digicanvis_need_suggestion"),
        ("digicanvis", "digicanvis_need_body_setting"),
        ("digicanvis", "digicanvis_send_log"),
    ],
)
def test_plugin_tables_exist(plugin, table):
    assert plugin in PLUGINS_WITH_MIGRATIONS
    assert sa.inspect(model.meta.engine).has_table(table)


def test_our_migrations_form_one_line():
    """One head and no branch point: a migration added by one issue follows the one merged
    before it (a second head would leave `ckan db upgrade` unable to choose)."""
    from pathlib import Path

    from alembic.script import ScriptDirectory

    import ckanext.digicanvis

    scripts = ScriptDirectory(str(Path(ckanext.digicanvis.__file__).parent / "migration" / "digicanvis"))
    revisions = list(scripts.walk_revisions())

    assert len(scripts.get_heads()) == 1
    assert [revision.down_revision for revision in revisions].count(None) == 1
    assert all(not isinstance(revision.down_revision, tuple) for revision in revisions)
    assert len({revision.down_revision for revision in revisions}) == len(revisions)
