"""``ckan digicanvis load-demo``: the demo catalogue of real projects."""

from __future__ import annotations

import click

from ckanext.digicanvis.logic import demo


@click.command("load-demo", short_help="Create or update the demo projects (idempotent)")
def load_demo() -> None:
    """Load data/projects_demo.json as project files, creating missing local bodies."""
    records = demo.demo_records()
    report = demo.LoadReport()
    with click.progressbar(demo.load_demo(records), length=len(records), label="Demo projects") as progress:
        for _record, report in progress:
            pass
    click.echo(
        f"Demo projects: {len(report.created)} created, {len(report.updated)} updated, "
        f"{len(report.unchanged)} unchanged, {len(report.skipped)} skipped; "
        f"{len(report.bodies_created)} local bodies created"
    )
    for title, reason in report.skipped:
        click.echo(f"  skipped: {title} ({reason})")


@click.command("load-demo-forum", short_help="Create the demo forum's people, topics and discussions (idempotent)")
def load_demo_forum() -> None:
    """Load data/forum_demo.yaml through the forum's actions, after the demo catalogue."""
    from ckanext.digicanvis.logic import demo_forum

    report = demo_forum.load_demo_forum()
    click.echo(f"Demo forum: {len(report.users)} people, {len(report.topics)} topics and {report.posts} messages "
               f"added, {report.answers} answers accepted")
    for title, reason in report.skipped:
        click.echo(f"  skipped: {title} ({reason})")
