"""Alembic environment of the digicanvis plugin.

Its revisions are tracked in their own table (``digicanvis_alembic_version``), as CKAN
expects of a plugin, and autogenerate looks only at the plugin's ``digicanvis_*`` tables.
"""

from __future__ import annotations

import os
from logging.config import fileConfig

from alembic import context
from sqlalchemy import engine_from_config, pool

from ckan.model.meta import metadata

PLUGIN = os.path.basename(os.path.dirname(__file__))
config = context.config
if config.config_file_name:
    fileConfig(config.config_file_name)


def ours(obj, name, type_, reflected, compare_to) -> bool:
    return type_ != "table" or name.startswith(PLUGIN)


def settings() -> dict:
    return {
        "target_metadata": metadata,
        "version_table": f"{PLUGIN}_alembic_version",
        "include_object": ours,
    }


def run_offline() -> None:
    context.configure(url=config.get_main_option("sqlalchemy.url"), literal_binds=True, **settings())
    with context.begin_transaction():
        context.run_migrations()


def run_online() -> None:
    engine = engine_from_config(config.get_section(config.config_ini_section), prefix="sqlalchemy.", poolclass=pool.NullPool)
    with engine.connect() as connection:
        context.configure(connection=connection, **settings())
        with context.begin_transaction():
            context.run_migrations()


if context.is_offline_mode():
    run_offline()
else:
    run_online()
