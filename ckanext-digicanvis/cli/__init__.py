"""``ckan digicanvis ...``: the observatory's commands (registered by ``tk.blanket.cli``)."""

from __future__ import annotations

import click

__all__ = ["digicanvis"]


@click.group(short_help="DigiCanvis Observatory: load local bodies and the demo catalogue")
def digicanvis() -> None:
    """DigiCanvis Observatory commands."""
