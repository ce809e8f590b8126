"""``ckan digicanvis ...``: the observatory's commands (registered by ``tk.blanket.cli``)."""

from __future__ import annotations

import click

from . import demo, freshness, harvest, local_bodies, pages, reindex

__all__ = ["digicanvis"]


@click.group(short_help="DigiCanvis Observatory: local bodies, demo catalogue, editorial pages, forum, imports, sysadmin")
def digicanvis() -> None:
    """DigiCanvis Observatory commands."""


digicanvis.add_command(local_bodies.load_local_bodies)
digicanvis.add_command(demo.load_demo)
digicanvis.add_command(demo.load_demo_forum)
digicanvis.add_command(pages.load_pages)
digicanvis.add_command(freshness.freshness_reminders)
digicanvis.add_command(freshness.daily_jobs)
digicanvis.add_command(harvest.import_spreadsheet)
digicanvis.add_command(harvest.spreadsheet_template)
digicanvis.add_command(harvest.harvest_scheduler)
digicanvis.add_command(harvest.harvest_consumer)
digicanvis.add_command(reindex.reindex)


@digicanvis.command("forum-init")
def forum_init() -> None:
    """Add the forum's first categories (the six areas, General, Ask the observatory) when missing."""
    from ckanext.digicanvis.logic import forum

    click.echo(f"forum: {forum.ensure_default_categories()} categories added")


@digicanvis.command("forum-digest")
def forum_digest() -> None:
    """E-mail each daily-digest user what happened in the forum since their last e-mail (run daily from cron)."""
    from ckanext.digicanvis.logic import notify

    sent = notify.send_daily_digests()
    click.echo(f"forum digest: {sent['users']} e-mails, {sent['notifications']} notifications")


@digicanvis.command("create-sysadmin")
@click.argument("name")
@click.option("--email", required=True)
@click.option("--fullname", default="")
def create_sysadmin(name: str, email: str, fullname: str) -> None:
    """Create the sysadmin NAME with the password read from stdin (first line), unless it
    exists; it is made a sysadmin either way. A password on the command line (``ckan user add
    ... password=``) is visible to every local user."""
    import ckan.plugins.toolkit as tk
    from ckan import model

    user = model.User.get(name)
    if user is None:
        password = click.get_text_stream("stdin").readline().strip()
        if len(password) < 8:
            raise click.UsageError("give the password (8 characters or more) on stdin")
        site_user = tk.get_action("get_site_user")({"ignore_auth": True}, {})
        tk.get_action("user_create")({"user": site_user["name"], "ignore_auth": True},
                                     {"name": name, "email": email, "password": password, "fullname": fullname})
        user = model.User.get(name)
    if not user.sysadmin:
        user.sysadmin = True
        model.Session.commit()
    click.echo(f"sysadmin: {name}")
