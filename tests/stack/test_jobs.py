"""Background jobs go through CKAN's queue in the real Redis and are run by an RQ worker."""

from __future__ import annotations

import pytest

import ckan.lib.jobs as jobs
import ckan.plugins.toolkit as tk
from ckan.lib.redis import connect_to_redis

DONE_KEY = "digicanvis:test:job-done"


@pytest.fixture(autouse=True)
def empty_redis(reset_redis):
    """No job and no mark left over from an earlier run."""
    reset_redis()


def record_done(value: str) -> str:
    """The job: leaves a mark in Redis that the test can read."""
    connect_to_redis().set(DONE_KEY, value)
    return value.upper()


def test_enqueued_job_is_run_by_a_worker():
    job = tk.enqueue_job(record_done, ["hola"], title="stack check")

    assert job.id in [j.id for j in jobs.get_queue().jobs]
    assert connect_to_redis().get(DONE_KEY) is None

    jobs.Worker().work(burst=True)

    assert connect_to_redis().get(DONE_KEY) == b"hola"
    assert job.get_status(refresh=True) == "finished"
    assert job.return_value() == "HOLA"
    assert jobs.get_queue().jobs == []


def test_job_list_action_shows_queued_jobs():
    tk.enqueue_job(record_done, ["adeu"], title="visible job")

    listed = tk.get_action("job_list")({"ignore_auth": True}, {})

    assert [job["title"] for job in listed] == ["visible job"]
