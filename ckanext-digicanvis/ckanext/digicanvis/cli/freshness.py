"""``ckan digicanvis freshness-reminders`` (once, for cron) and ``ckan digicanvis daily-jobs``
(the long-lived scheduler of ``make run``: the day's jobs at start and then every day)."""

from __future__ import annotations

import logging
import time
from typing import Any

import click

log = logging.getLogger(__name__)
DAY = 24 * 3600


@click.command("freshness-reminders", short_help="E-mail each body's editors the projects to confirm or update")
@click.pass_context
def freshness_reminders(ctx: click.Context) -> None:
    """Once a year per body, and whenever a project newly needs an update: an e-mail to the
    body's editors with one-click confirmation links; then reindex the projects whose
    freshness changed with time. Only what is due is sent: run it daily (cron)."""
    from ckanext.digicanvis.logic import freshness

    # The e-mails' dates and links need a request context (locale, URLs), as actions do.
    with ctx.meta["flask_app"].test_request_context():
        report = freshness.send_reminders()
    click.echo(f"freshness: {report.emails} e-mails to {report.bodies} bodies, {report.stale_projects} projects "
               f"newly needing an update, {report.reindexed} reindexed")
    if report.unreachable_bodies:
        click.echo(f"  no editor to remind in {len(report.unreachable_bodies)} bodies: "
                   + ", ".join(report.unreachable_bodies[:20]) + (" ..." if len(report.unreachable_bodies) > 20 else ""))


def run_daily_jobs(flask_app: Any) -> None:
    """The day's jobs, each on its own: one failing does not stop the others."""
    from ckanext.digicanvis.logic import freshness, notify

    for name, job in (("freshness reminders", freshness.send_reminders), ("forum digest", notify.send_daily_digests)):
        try:
            with flask_app.test_request_context():
                done = job()
            click.echo(f"{time.strftime('%Y-%m-%d %H:%M:%S')} {name}: {done}")
        except Exception:  # noqa: BLE001 (a scheduler keeps going; the error is in its log)
            log.exception("daily job %s failed", name)
            from ckan import model

            model.Session.rollback()


@click.command("daily-jobs", short_help="Run the daily jobs now, or keep running them every day (--loop)")
@click.option("--loop", is_flag=True, help="Stay running: the jobs now, then every --every seconds.")
@click.option("--every", default=DAY, show_default=True, help="Seconds between two runs with --loop.")
@click.pass_context
def daily_jobs(ctx: click.Context, loop: bool, every: int) -> None:
    """The freshness reminders and the forum's daily digest: what cron would run once a day."""
    while True:
        started = time.monotonic()
        run_daily_jobs(ctx.meta["flask_app"])
        if not loop:
            return
        time.sleep(max(60.0, every - (time.monotonic() - started)))
