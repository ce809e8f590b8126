"""A real HTTP server on 127.0.0.1 that plays the harvest sources, hostile ones included.

Tests register what each path answers; the server runs in a thread of the test process
(test.ini allows private addresses so harvesters may reach it).
"""

from __future__ import annotations

import threading
import time
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from typing import Callable
from urllib.parse import urlsplit

import pytest

Handler = Callable[[BaseHTTPRequestHandler], None]


class SourceServer:
    def __init__(self) -> None:
        self.routes: dict[str, Handler] = {}
        self.hits: dict[str, int] = {}
        self.requests: list[str] = []
        server = self

        class RequestHandler(BaseHTTPRequestHandler):
            protocol_version = "HTTP/1.1"

            def do_GET(self) -> None:  # noqa: N802 (http.server's name)
                path = urlsplit(self.path).path
                server.requests.append(self.path)
                server.hits[path] = server.hits.get(path, 0) + 1
                handler = server.routes.get(path)
                if handler is None:
                    self.send_error(404, "Not Found")
                    return
                try:
                    handler(self)
                except (BrokenPipeError, ConnectionResetError):
                    pass  # the client gave up, as it should with hostile answers

            def log_message(self, *args) -> None:
                pass

        self.httpd = ThreadingHTTPServer(("127.0.0.1", 0), RequestHandler)
        self.httpd.daemon_threads = True
        self.thread = threading.Thread(target=self.httpd.serve_forever, daemon=True)

    def url(self, path: str) -> str:
        return f"http://127.0.0.1:{self.httpd.server_port}{path}"

    def route(self, path: str, handler: Handler) -> str:
        self.routes[path] = handler
        return self.url(path)

    def serve(
        self,
        path: str,
        body: bytes | str,
        content_type: str = "application/octet-stream",
        status: int = 200,
        headers: dict[str, str] | None = None,
    ) -> str:
        """Answer ``path`` with a fixed body (the usual, well-behaved source)."""
        data = body.encode() if isinstance(body, str) else body

        def handler(request: BaseHTTPRequestHandler) -> None:
            request.send_response(status)
            request.send_header("Content-Type", content_type)
            request.send_header("Content-Length", str(len(data)))
            for name, value in (headers or {}).items():
                request.send_header(name, value)
            request.end_headers()
            request.wfile.write(data)

        return self.route(path, handler)

    def redirect(self, path: str, location: str, status: int = 302) -> str:
        def handler(request: BaseHTTPRequestHandler) -> None:
            request.send_response(status)
            request.send_header("Location", location)
            request.send_header("Content-Length", "0")
            request.end_headers()

        return self.route(path, handler)

    def endless(self, path: str, seconds: float = 60) -> str:
        """A body that never ends (for at most ``seconds``), no length announced."""

        def handler(request: BaseHTTPRequestHandler) -> None:
            request.send_response(200)
            request.send_header("Content-Type", "text/csv")
            request.send_header("Connection", "close")
            request.end_headers()
            chunk = (b"x" * 400 + b"\n") * 200
            until = time.monotonic() + seconds
            while time.monotonic() < until:
                request.wfile.write(chunk)
            request.close_connection = True

        return self.route(path, handler)

    def trickle(self, path: str, headers_too: bool = False, seconds: float = 30) -> str:
        """One byte a second (for at most ``seconds``): the body, or the headers as well."""

        def handler(request: BaseHTTPRequestHandler) -> None:
            until = time.monotonic() + seconds
            if headers_too:
                head = b"HTTP/1.1 200 OK\r\nContent-Type: text/csv\r\nX-Padding: " + b"x" * 1000
            else:
                request.send_response(200)
                request.send_header("Content-Type", "text/csv")
                request.send_header("Content-Length", "100000")
                request.end_headers()
                request.wfile.flush()
                head = b"a" * 100000
            for byte in head:
                if time.monotonic() >= until:
                    break
                request.wfile.write(bytes([byte]))
                request.wfile.flush()
                time.sleep(1)
            request.close_connection = True

        return self.route(path, handler)


@pytest.fixture
def source_server():
    """A running :class:`SourceServer`, shut down after the test."""
    server = SourceServer()
    server.thread.start()
    try:
        yield server
    finally:
        server.httpd.shutdown()
        server.httpd.server_close()


# ---------------------------------------------------------------- harvesting end to end

import json
import os
import signal
import subprocess
import sys


class Consumers:
    """ckanext-harvest's gather and fetch consumers as real processes (``ckan digicanvis
    harvest-consumer``, as `make run` starts them; test.ini and the environment `make test`
    gives: the test database, Solr core and Redis database)."""

    KINDS = ("gather", "fetch")

    def __init__(self, ini: str, log_dir: str) -> None:
        self.ini = ini
        self.log_dir = log_dir
        self.processes: dict[str, subprocess.Popen] = {}

    def start(self, kind: str) -> None:
        ckan = os.path.join(os.path.dirname(sys.executable), "ckan")
        log = open(os.path.join(self.log_dir, f"{kind}.log"), "ab")
        self.processes[kind] = subprocess.Popen(
            [ckan, "-c", self.ini, "digicanvis", "harvest-consumer", kind],
            stdout=log, stderr=subprocess.STDOUT, stdin=subprocess.DEVNULL, start_new_session=True,
        )

    def kill(self, kind: str) -> None:
        """As if the machine lost the process: SIGKILL, no clean-up."""
        process = self.processes.pop(kind)
        os.killpg(process.pid, signal.SIGKILL)
        process.wait(timeout=30)

    def stop(self) -> None:
        for kind in list(self.processes):
            process = self.processes.pop(kind)
            os.killpg(process.pid, signal.SIGTERM)
            try:
                process.wait(timeout=20)
            except subprocess.TimeoutExpired:
                os.killpg(process.pid, signal.SIGKILL)

    def alive(self) -> bool:
        return all(process.poll() is None for process in self.processes.values())

    def log(self, kind: str) -> str:
        with open(os.path.join(self.log_dir, f"{kind}.log"), encoding="utf-8", errors="replace") as file:
            return file.read()


@pytest.fixture(scope="session")
def harvest_consumers(request, tmp_path_factory):
    """The two consumers, started once for the session (tests reset the database around them:
    between messages they hold no transaction). One set for the whole run: a module of another
    folder that imports this fixture gets its own fixture instance, and a second set of
    consumers on the same queues would take the jobs a test means nobody to work on."""
    running = getattr(request.config, "digicanvis_harvest_consumers", None)
    if running is not None:
        yield running
        return
    consumers = Consumers(os.path.abspath(request.config.getoption("ckan_ini")), str(tmp_path_factory.mktemp("consumers")))
    for kind in Consumers.KINDS:
        consumers.start(kind)
    request.config.digicanvis_harvest_consumers = consumers
    yield consumers
    del request.config.digicanvis_harvest_consumers
    consumers.stop()


def sysadmin_context() -> dict:
    from ckan.tests import factories

    return {"user": factories.Sysadmin()["name"], "ignore_auth": True}


def create_source(url: str, source_type: str, config: dict | None = None, name: str = "source", **extra) -> dict:
    """A harvest source, owned (CKAN wants an owner here) by the observatory's operator."""
    from ckan import model
    from ckan.tests import factories, helpers

    operator = model.Group.get("observatori-aoc") or model.Group.get(
        factories.Organization(name="observatori-aoc", title="Consorci AOC", body_type="consortium")["id"])
    return helpers.call_action(
        "harvest_source_create", context=sysadmin_context(), name=name, title=f"Source {name}", url=url,
        source_type=source_type, frequency="MANUAL", config=json.dumps(config or {}), owner_org=operator.id, **extra,
    )


def run_job(source_id: str, timeout: float = 240) -> dict:
    """A job of the source through the real queues; waits until `harvester run` (what the
    scheduler calls every minute) marks it finished."""
    from ckan.tests import helpers

    job = helpers.call_action("harvest_job_create", context=sysadmin_context(), source_id=source_id, run=True)
    return wait_for_job(job["id"], source_id, timeout)


def wait_for_job(job_id: str, source_id: str, timeout: float = 240) -> dict:
    from ckan import model
    from ckan.tests import helpers

    until = time.monotonic() + timeout
    while time.monotonic() < until:
        model.Session.remove()
        helpers.call_action("harvest_jobs_run", context=sysadmin_context(), source_id=source_id)
        job = helpers.call_action("harvest_job_show", id=job_id)
        if job["status"] == "Finished":
            # Harvested projects are indexed without a hard commit (Solr's soft commit shows
            # them within a second); commit now so the test searches at once.
            from ckan.lib.search.common import make_connection

            make_connection().commit()
            return job
        time.sleep(0.5)
    raise AssertionError(f"job {job_id} did not finish in {timeout} s")


def job_report(job_id: str) -> dict:
    from ckan import model
    from ckan.tests import helpers

    model.Session.remove()
    return helpers.call_action("digicanvis_harvest_job_report", context=sysadmin_context(), id=job_id)
