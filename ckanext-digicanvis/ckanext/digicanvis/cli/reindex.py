"""``ckan digicanvis reindex``: CKAN's search-index rebuild, in several processes.

``ckan search-index rebuild`` indexes one dataset after another in one process; most of its
time is spent in Python (package_show, validation, the index document), so on a machine with
several cores, worker processes that each index a share of the datasets finish sooner. Each
worker defers Solr commits; one commit at the end makes everything searchable.
"""

from __future__ import annotations

import logging
import multiprocessing
import os
import time
from typing import Any

import click

DEFAULT_PROCESSES = max(os.cpu_count() or 1, 1)
BATCH = 250


def _index_share(package_ids: list[str], done: Any, failed: Any) -> None:
    from ckan import model
    from ckan.lib import search

    # A forked child must not reuse the parent's database connections.
    model.meta.engine.dispose(close=False)
    # One transaction per batch: the bodies' facts are read once per batch (logic/indexing.py).
    for start in range(0, len(package_ids), BATCH):
        batch = package_ids[start:start + BATCH]
        try:
            search.rebuild(package_ids=batch)
        except Exception:  # one bad dataset must not stop the others: index them one by one
            for package_id in batch:
                try:
                    search.rebuild(package_ids=[package_id])
                except Exception as error:
                    click.echo(f"\nnot indexed: {package_id}: {error!r}", err=True)
                    with failed.get_lock():
                        failed.value += 1
        with done.get_lock():
            done.value += len(batch)


@click.command("reindex")
@click.option("--processes", "-p", type=int, default=DEFAULT_PROCESSES, show_default=True,
              help="worker processes (default: one per core)")
@click.option("--only-missing", is_flag=True, help="index only the datasets the index lacks")
def reindex(processes: int, only_missing: bool) -> None:
    """Rebuild the search index of every active dataset, in PROCESSES processes, with progress.
    (Entries of datasets deleted from the database: ``ckan search-index clear-orphans``.)"""
    from ckan import model
    from ckan.lib import search

    # CKAN logs a line per dataset; the progress line below says enough.
    logging.getLogger("ckan.lib.search").setLevel(logging.WARNING)
    ids = [package_id for (package_id,) in model.Session.query(model.Package.id).filter(model.Package.state == "active")]
    if only_missing:
        indexed = set(search.query_for(model.Package).get_all_entity_ids(max_results=len(ids)))
        ids = [package_id for package_id in ids if package_id not in indexed]
    model.Session.remove()
    model.meta.engine.dispose()
    done, failed = multiprocessing.Value("i", 0), multiprocessing.Value("i", 0)
    context = multiprocessing.get_context("fork")
    workers = [context.Process(target=_index_share, args=(ids[n::processes], done, failed)) for n in range(processes)]
    began = time.monotonic()
    for worker in workers:
        worker.start()
    while any(worker.is_alive() for worker in workers):
        time.sleep(2)
        elapsed = time.monotonic() - began
        click.echo(f"\rindexed {done.value}/{len(ids)}  ({done.value / elapsed:,.0f} datasets/s)", nl=False)
    for worker in workers:
        worker.join()
    search.commit()
    elapsed = time.monotonic() - began
    click.echo(f"\rindexed {done.value}/{len(ids)} datasets in {elapsed:.1f} s = {done.value / max(elapsed, 1e-9):,.1f} datasets/s "
               f"with {processes} processes; {failed.value} failed")
    if failed.value:
        raise click.exceptions.Exit(1)
