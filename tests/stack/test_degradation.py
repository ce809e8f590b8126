"""A stalled Solr, then a stalled Redis, slow the site down; they do not stop it.

The site runs under the production server (gunicorn, config/wsgi.py) with the test settings
and ``solr_timeout = 2``. Solr is frozen with SIGSTOP while requests come in: searches fail
within the timeout with a message, pages that need no search answer at once (even while
searches wait), a save fails fast and leaves nothing half-done, and after SIGCONT the same
save is indexed. Then Redis is frozen: reading and saving still work, the forum keeps the
message (its e-mail is sent later), a contact request is refused with a clear message and
stores nothing. Every frozen process is thawed in a ``finally`` (and at exit), so the rest
of the suite finds its services running.
"""

from __future__ import annotations

import atexit
import concurrent.futures
import os
import signal
import socket
import subprocess
import sys
import time
from contextlib import contextmanager
from pathlib import Path
from typing import Any, Iterator

import pytest
import requests

from ckan.tests import factories, helpers

from tests.factories import full_project, local_body

ROOT = Path(__file__).resolve().parents[2]
RUN = Path(os.environ.get("VAR") or ROOT / "var") / "run"
SOLR_TIMEOUT = 2
# What "fails fast" means here: the timeout, plus a shared, busy machine's slack.
FAST = SOLR_TIMEOUT + 6


def service_pid(name: str) -> int:
    pid_file = RUN / f"{name}.pid"
    if not pid_file.exists():
        pytest.skip(f"{name} was not started by the project's scripts (no {pid_file})")
    return int(pid_file.read_text())


@contextmanager
def frozen(name: str) -> Iterator[None]:
    pid = service_pid(name)
    thaw = lambda: os.kill(pid, signal.SIGCONT)  # noqa: E731
    atexit.register(thaw)
    os.kill(pid, signal.SIGSTOP)
    try:
        yield
    finally:
        thaw()
        atexit.unregister(thaw)


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


@pytest.fixture
def site(tmp_path: Path) -> Iterator[str]:
    """The test site under gunicorn (3 workers), on a free port."""
    ini = tmp_path / "degradation.ini"
    ini.write_text(f"[app:main]\nuse = config:{ROOT / 'test.ini'}\nsolr_timeout = {SOLR_TIMEOUT}\n")
    port = free_port()
    env = {**os.environ, "CKAN_INI": str(ini), "CKAN_PORT": str(port), "CKAN_WORKERS": "3", "VAR": str(tmp_path),
           "CKAN_ACCESS_LOG": str(tmp_path / "access.log"), "CKAN_SITE_URL": f"http://127.0.0.1:{port}"}
    (tmp_path / "log").mkdir()
    server = subprocess.Popen([sys.executable, "-m", "gunicorn", "--config", str(ROOT / "config" / "gunicorn.conf.py")],
                              env=env, stdout=subprocess.DEVNULL, stderr=open(tmp_path / "gunicorn.log", "w"))
    url = f"http://127.0.0.1:{port}"
    try:
        for _ in range(240):
            try:
                if requests.get(f"{url}/api/3/action/status_show", timeout=2).ok:
                    break
            except requests.RequestException:
                time.sleep(0.5)
        else:
            pytest.fail("gunicorn did not start: " + (tmp_path / "gunicorn.log").read_text()[-2000:])
        yield url
    finally:
        server.terminate()
        server.wait(30)


def timed(call: Any, *args: Any, **kwargs: Any) -> tuple[requests.Response, float]:
    began = time.monotonic()
    response = call(*args, timeout=60, **kwargs)
    return response, time.monotonic() - began


@pytest.mark.usefixtures("clean_db", "clean_index")
def test_a_stalled_solr_then_redis_degrade_the_site_without_stopping_it(site: str):
    body = local_body(name="ens-lent", title="Ajuntament Lent")
    admin = factories.Sysadmin(email="admin@example.org")
    token = helpers.call_action("api_token_create", {"user": admin["name"]}, user=admin["name"], name="t")["token"]
    project = helpers.call_action("package_create", {"user": admin["name"]}, **full_project(body["id"], name="projecte-lent"))
    auth = {"Authorization": token}

    def action(name: str, **data: Any) -> tuple[requests.Response, float]:
        return timed(requests.post, f"{site}/api/3/action/{name}", json=data, headers=auth)

    def page(path: str) -> tuple[requests.Response, float]:
        return timed(requests.get, f"{site}{path}")

    with frozen("solr"):
        with concurrent.futures.ThreadPoolExecutor(2) as pool:
            # Two searches wait for Solr in two of the three workers...
            searches = [pool.submit(page, "/api/3/action/package_search?q=lent") for _ in range(2)]
            time.sleep(0.3)
            # ...and what needs no Solr answers meanwhile.
            status, took = page("/api/3/action/status_show")
            assert status.status_code == 200 and took < FAST
            forum, took = page("/forum/")
            assert forum.status_code == 200 and took < FAST
            for search in searches:
                response, took = search.result()
                # CKAN's API: 500 "Search Connection Error: Unable to connect to the search server".
                assert response.status_code in (409, 500), response.text
                assert response.json()["error"]["__type"] in ("Search Error", "Search Connection Error")
                assert took < FAST

        shown, took = page("/project/projecte-lent")
        assert shown.status_code == 200 and "Finestreta virtual" in shown.text and took < 2 * FAST
        home, took = page("/")
        assert home.status_code == 200 and "digicanvis-home__unavailable" in home.text and took < FAST
        results, took = page("/project/?q=finestreta")
        assert results.status_code == 200 and took < FAST
        assert "error" in results.text.lower()

        saved, took = action("package_patch", id=project["id"], title="Finestreta renovada")
        assert took < FAST
        assert saved.status_code in (200, 409, 500), saved.text
        save_failed = saved.status_code != 200
        if save_failed:
            assert "search index" in saved.text.lower()
            # Never half-done: the database still has the old title.
            assert helpers.call_action("package_show", id=project["id"])["title"] == "Finestreta virtual amb cita prèvia"

    if save_failed:
        saved, _took = action("package_patch", id=project["id"], title="Finestreta renovada")
        assert saved.status_code == 200, saved.text
    found, _took = page("/api/3/action/package_search?q=renovada")
    assert found.status_code == 200 and found.json()["result"]["count"] == 1

    topic, _took = action("forum_topic_create", category="general", title="Qui ha fet una finestreta?", body="Expliqueu-nos-ho")
    assert topic.status_code == 200, topic.text
    with frozen("redis"):
        status, took = page("/api/3/action/status_show")
        assert status.status_code == 200 and took < FAST
        searched, took = page("/api/3/action/package_search?q=renovada")
        assert searched.status_code == 200 and searched.json()["result"]["count"] == 1 and took < FAST
        shown, took = page("/project/projecte-lent")
        assert shown.status_code == 200 and took < FAST

        reply, took = action("forum_post_create", topic_id=topic.json()["result"]["id"], body="Nosaltres, l'any passat.")
        assert reply.status_code == 200, reply.text
        assert took < FAST

        refused, took = action("contact_request_create", project="projecte-lent", message="Ens podeu explicar com ho vau fer?")
        assert refused.status_code == 409, refused.text
        assert refused.json()["error"]["message"], refused.text  # "...cannot send e-mails at this moment..."
        assert took < FAST

    thread = helpers.call_action("forum_topic_show", id=topic.json()["result"]["id"])
    assert [post["body"] for post in thread["posts"]][-1] == "Nosaltres, l'any passat."
    assert helpers.call_action("contact_request_list", {"user": admin["name"]}, scope="sent") == []
    sent, _took = action("contact_request_create", project="projecte-lent", message="Ens podeu explicar com ho vau fer?")
    assert sent.status_code == 200, sent.text
