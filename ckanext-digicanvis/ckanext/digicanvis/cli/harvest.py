"""``ckan digicanvis import FILE``, ``spreadsheet-template`` and ``harvest-scheduler``."""

from __future__ import annotations

import contextlib
import os
import time
from typing import Any

import click

LANGUAGES = ("ca", "es", "en")


@contextlib.contextmanager
def language(lang: str) -> Any:
    """Messages in ``lang``: a request context of the CLI's app with CKAN's language key."""
    app = click.get_current_context().meta["flask_app"]
    with app.test_request_context(environ_overrides={"CKAN_LANG": lang}):
        yield


@click.command("import", short_help="Import projects from a filled spreadsheet template (XLSX or CSV)")
@click.argument("file", type=click.Path(exists=True, dir_okay=False))
@click.option("--dry-run", is_flag=True, help="Check every row and say what would happen; write nothing.")
@click.option("--skip-invalid", is_flag=True, help="Import the valid rows even if other rows have errors.")
@click.option("--lang", type=click.Choice(LANGUAGES), default=None, help="Language of the report (default: the site's).")
def import_spreadsheet(file: str, dry_run: bool, skip_invalid: bool, lang: str | None) -> None:
    """Import FILE: rows are matched by external_id, else name, so a second run changes
    nothing. A file with errors imports nothing unless --skip-invalid is given."""
    import ckan.plugins.toolkit as tk

    from ckanext.digicanvis.harvest import report as job_report
    from ckanext.digicanvis.harvest import spreadsheet

    lang = lang or tk.config.get("ckan.locale_default") or "en"
    bar: Any = None

    def progress(stage: str, done: int, total: int) -> None:
        nonlocal bar
        if stage == "check":
            if done % 50 == 0:
                click.echo(f"\r{done} rows checked", nl=False, err=True)
            return
        if bar is None:
            click.echo("", err=True)
            bar = click.progressbar(length=total, label="Importing", file=click.get_text_stream("stderr"))
            bar.__enter__()
        bar.update(1)

    result = spreadsheet.import_file(lambda: open(file, "rb"), os.path.basename(file), dry_run=dry_run,
                                     skip_invalid=skip_invalid, progress=progress)
    if bar is not None:
        bar.__exit__(None, None, None)
    with language(lang):
        summary = job_report.job_report(result.job_id)
        counts = ", ".join(f"{summary['labels'][kind]}: {count}" for kind, count in summary["counts"].items())
        click.echo(f"\n{os.path.basename(file)}: {result.rows} {tk._('rows')}; {counts}")
        for line in summary["lines"]:
            if line["outcome"] in ("error", "duplicate"):
                where = f"{tk._('Row')} {line['row']}" if line["row"] else ""
                click.echo(f"  {where} [{line['outcome_label']}] {line['title'] or ''}: {line['text']}")
                for error in line["field_errors"]:
                    click.echo(f"      {error['label']} ({error['field']}): {error['message']}")
        if dry_run:
            click.echo(tk._("Check only: nothing was written."))
        elif not result.imported:
            click.echo(tk._("Nothing was imported: correct the rows above, or run again with --skip-invalid."))
    if result.invalid and not skip_invalid and not dry_run:
        raise SystemExit(1)


@click.command("spreadsheet-template", short_help="Write the XLSX template of a project inventory")
@click.argument("output", type=click.Path(dir_okay=False, writable=True))
@click.option("--lang", type=click.Choice(LANGUAGES), default="ca", help="Language of labels and drop-downs.")
def spreadsheet_template(output: str, lang: str) -> None:
    """Write the template (labels and drop-down lists in --lang, a sheet explaining every column)."""
    from ckanext.digicanvis.harvest import spreadsheet

    with language(lang):
        data = spreadsheet.template(lang)
    with open(output, "wb") as target:
        target.write(data)
    click.echo(f"{output}: {len(data)} bytes")


@click.command("harvest-scheduler", short_help="Every minute, what `ckan harvester run` does (cron's job)")
@click.option("--every", default=60, show_default=True, help="Seconds between two runs.")
@click.option("--once", is_flag=True, help="Run once and stop.")
def harvest_scheduler(every: int, once: bool) -> None:
    """Start the jobs of sources whose frequency is due, mark finished jobs as finished, end
    jobs that went past ckan.harvest.timeout, send back to the queues what a stopped
    consumer left: ckanext-harvest's `harvester run`, in one long-lived process."""
    from ckan import model
    from ckanext.harvest import utils

    app = click.get_current_context().meta["flask_app"]
    while True:
        started = time.monotonic()
        try:
            with app.test_request_context():
                utils.run_harvester()
        except Exception as error:  # keep scheduling: the next minute may work
            click.echo(f"harvest-scheduler: {type(error).__name__}: {error}", err=True)
        finally:
            model.Session.remove()
        if once:
            return
        time.sleep(max(1.0, every - (time.monotonic() - started)))


@click.command("harvest-consumer", short_help="ckanext-harvest's gather or fetch consumer, kept alive")
@click.argument("queue", type=click.Choice(["gather", "fetch"]))
def harvest_consumer(queue: str) -> None:
    """Consume the harvest QUEUE (gather or fetch) with ckanext-harvest's callbacks, on a
    Redis connection without read timeout (redis-py 8 ends an idle `harvester
    gather-consumer` after 5 s), surviving a lost Redis or a failed message."""
    from ckanext.digicanvis.harvest import consumers

    consumers.run(queue)
