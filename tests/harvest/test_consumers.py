"""Consumers that die: a fetch consumer killed in the middle of a job leaves a job that
finishes after it is restarted (what it had taken is sent back by `harvester run`), and a
job nobody works on is ended by ``ckan.harvest.timeout`` with a message."""

from __future__ import annotations

import datetime
import json
import time

import pytest

from ckan import model
from ckan.tests import helpers
from ckanext.harvest.model import HarvestJob, HarvestObject
from ckanext.harvest.queue import get_connection, get_fetch_routing_key, get_gather_consumer

from .conftest import create_source, job_report, sysadmin_context, wait_for_job
from .test_hostile_sources import GOOD_ROW, HEADER

pytestmark = pytest.mark.usefixtures("clean_db", "clean_index")


def rows(count: int) -> str:
    return HEADER + "".join(
        GOOD_ROW.replace("1,Xatbot municipal", f"{number},Projecte {number} de Vic") for number in range(1, count + 1)
    )


def completed(job_id: str) -> int:
    model.Session.remove()
    return model.Session.query(HarvestObject).filter_by(harvest_job_id=job_id, state="COMPLETE").count()


def test_a_fetch_consumer_killed_mid_job_leaves_a_job_that_finishes_after_restart(source_server, harvest_consumers):
    source = create_source(source_server.serve("/cases.csv", rows(40), "text/csv"), "ipsx", name="killed")
    job = helpers.call_action("harvest_job_create", context=sysadmin_context(), source_id=source["id"], run=True)
    until = time.monotonic() + 240
    while completed(job["id"]) < 3 and time.monotonic() < until:
        time.sleep(0.2)
    harvest_consumers.kill("fetch")
    assert completed(job["id"]) < 40

    # What the killed consumer had taken stays marked in Redis; pretend 4 minutes passed, so
    # `harvester run` (the scheduler's minute) sends it back to the queue.
    redis = get_connection()
    old = (datetime.datetime.now() - datetime.timedelta(minutes=4)).strftime("%Y-%m-%d %H:%M:%S.%f")
    for key in redis.keys(get_fetch_routing_key() + ":*"):
        redis.set(key, old)
    harvest_consumers.start("fetch")

    finished = wait_for_job(job["id"], source["id"])
    report = job_report(finished["id"])
    assert report["counts"]["new"] == 40 and report["counts"]["error"] == 0, report["counts"]
    model.Session.remove()
    assert helpers.call_action("package_search", fq="+dataset_type:project")["count"] == 40


@pytest.mark.ckan_config("ckan.harvest.timeout", "30")
def test_a_job_nobody_works_on_is_ended_by_the_timeout_with_a_message(source_server, harvest_consumers):
    harvest_consumers.kill("gather")
    try:
        source = create_source(source_server.serve("/cases.csv", rows(2), "text/csv"), "ipsx", name="stuck")
        job = helpers.call_action("harvest_job_create", context=sysadmin_context(), source_id=source["id"], run=True)
        stuck = HarvestJob.get(job["id"])
        stuck.created = datetime.datetime.utcnow() - datetime.timedelta(minutes=31)
        stuck.save()

        helpers.call_action("harvest_jobs_run", context=sysadmin_context(), source_id=source["id"])

        model.Session.remove()
        ended = helpers.call_action("harvest_job_show", id=job["id"])
        assert ended["status"] == "Finished"
        report = helpers.call_action("harvest_job_report", id=job["id"])
        assert "timeout (30 minutes)" in report["gather_errors"][0]["message"]
    finally:
        get_gather_consumer().queue_purge()
        harvest_consumers.start("gather")
