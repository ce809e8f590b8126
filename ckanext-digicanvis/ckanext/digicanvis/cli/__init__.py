"""``ckan digicanvis ...``: the observatory's commands (registered by ``tk.blanket.cli``)."""

from __future__ import annotations

import click

from . import demo, local_bodies

__all__ = ["digicanvis"]


@click.group(short_help="DigiCanvis Observatory: load local bodies and the demo catalogue")
def digicanvis() -> None:
    """DigiCanvis Observatory commands."""


digicanvis.add_command(local_bodies.load_local_bodies)
digicanvis.add_command(demo.load_demo)
