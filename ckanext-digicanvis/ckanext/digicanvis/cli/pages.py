"""``ckan digicanvis load-pages``: the editorial pages and news, from ``data/pages/``."""

from __future__ import annotations

import click

from ckanext.digicanvis.logic import editorial


@click.command("load-pages", short_help="Create or update the editorial pages and news (idempotent)")
@click.option("--force", is_flag=True, help="Also overwrite pages that were edited on the site.")
@click.pass_context
def load_pages(ctx: click.Context, force: bool) -> None:
    """Load data/pages/ into ckanext-pages: about, how to document a project, FAQ, news.

    One page per language (about, about-es, about-en). A second run changes nothing; pages
    edited on the site since are kept (and listed) unless --force is given.
    """
    # ckanext-pages' validators and auth answers need a request context (translations).
    with ctx.meta["flask_app"].test_request_context():
        report = editorial.load_pages(editorial.editorial_pages(), force=force)
    summary = f"pages: {len(report.created)} created, {len(report.updated)} updated, {len(report.unchanged)} unchanged"
    if report.kept:
        summary += f", {len(report.kept)} kept (edited on the site)"
    click.echo(summary)
    for name in report.kept:
        click.echo(f"  kept: {name} (--force overwrites it)")
