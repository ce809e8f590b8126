"""Harvest throughput and the consumers' memory, on the test database (services running:
`make up`, or the backing services of `make test`; never while `make test` runs: it takes
the same lock).

usage: .venv/bin/python bench/harvest.py [PROJECTS ...]   (default: 500 2000)

For each size, a fresh pair of consumer processes (`ckan digicanvis harvest-consumer`)
harvests a DigiCanvis-like source of that many projects served on 127.0.0.1 (a CKAN Action
API, tests/harvest/fake_ckan.py) through the real Redis queues, then harvests it again
unchanged. Printed: projects per second of the first harvest and of the unchanged re-run,
the consumers' peak memory (VmHWM) for each size (flat: records are streamed page by page,
never held whole), and, side by side in the same run, stock CKAN's own rate: package_create
of the same projects in one process, no harvesting around it.
"""

from __future__ import annotations

import fcntl
import os
import subprocess
import sys
import tempfile
import time
import uuid

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
sys.path.insert(0, ROOT)
PORTS = {"PG_PORT": "5433", "SOLR_PORT": "8983", "REDIS_PORT": "6380"}
for name, default in PORTS.items():
    os.environ.setdefault(name, default)
os.environ["CKAN_SQLALCHEMY_URL"] = f"postgresql://ckan:ckan@127.0.0.1:{os.environ['PG_PORT']}/ckan_test"
os.environ["CKAN_SOLR_URL"] = f"http://127.0.0.1:{os.environ['SOLR_PORT']}/solr/ckan_test"
os.environ["CKAN_REDIS_URL"] = f"redis://127.0.0.1:{os.environ['REDIS_PORT']}/1"
os.environ.pop("CKAN_INI", None)
INI = os.path.join(ROOT, "test.ini")
# Before CKAN is imported: it makes "tests" mean ckan.tests.
from tests.harvest.conftest import SourceServer  # noqa: E402
from tests.harvest.fake_ckan import FakeCkan  # noqa: E402
STOCK_SAMPLE = 100


def peak_memory_mib(pid: int) -> float:
    with open(f"/proc/{pid}/status") as status:
        for line in status:
            if line.startswith("VmHWM:"):
                return int(line.split()[1]) / 1024
    return 0.0


def start_consumers(log_dir: str) -> dict[str, subprocess.Popen]:
    ckan = os.path.join(os.path.dirname(sys.executable), "ckan")
    consumers = {}
    for queue in ("gather", "fetch"):
        log = open(os.path.join(log_dir, f"{queue}.log"), "ab")
        consumers[queue] = subprocess.Popen([ckan, "-c", INI, "digicanvis", "harvest-consumer", queue],
                                            stdout=log, stderr=subprocess.STDOUT, start_new_session=True)
    time.sleep(6)  # CKAN loads its plugins
    return consumers


def remote_with(server, projects: int):
    site = FakeCkan(server)
    for number in range(20):
        site.organization(f"bench-body-{number}", f"Ajuntament de Prova {number}", body_type="municipality",
                          country="ES", latitude=41.0 + number / 100, longitude=2.0)
    for number in range(projects):
        site.project(f"Projecte de prova {number}", f"bench-body-{number % 20}",
                     notes=f"Descripció del projecte {number}. " * 20, technologies=["dades obertes", "IA"],
                     barriers="Pressupost", benefits="Temps estalviat")
    return site


def harvest(site_url: str, name: str) -> tuple[float, float, dict]:
    """(seconds of the first harvest, of the unchanged re-run, counts of the re-run)."""
    from ckan.lib.search.common import make_connection
    from ckan.plugins import toolkit as tk

    context = {"user": tk.get_action("get_site_user")({"ignore_auth": True}, {})["name"], "ignore_auth": True}
    owner = tk.get_action("organization_create")(dict(context), {"name": f"bench-{name}", "title": "Bench", "body_type": "consortium"})
    source = tk.get_action("harvest_source_create")(dict(context), {
        "name": name, "title": name, "url": site_url, "source_type": "digicanvis", "frequency": "MANUAL",
        "owner_org": owner["id"], "config": "{}"})
    times = []
    counts: dict = {}
    for _run in range(2):
        started = time.monotonic()
        job = tk.get_action("harvest_job_create")(dict(context), {"source_id": source["id"], "run": True})
        while True:
            from ckan import model

            model.Session.remove()
            tk.get_action("harvest_jobs_run")(dict(context), {"source_id": source["id"]})
            if tk.get_action("harvest_job_show")(dict(context), {"id": job["id"]})["status"] == "Finished":
                break
            time.sleep(0.5)
        make_connection().commit()
        times.append(time.monotonic() - started)
        counts = tk.get_action("digicanvis_harvest_job_report")(dict(context), {"id": job["id"]})["counts"]
    return times[0], times[1], counts


def stock_rate(count: int) -> float:
    """Projects per second of plain package_create (no harvest), same kind of project."""
    from ckan.plugins import toolkit as tk

    context = {"user": tk.get_action("get_site_user")({"ignore_auth": True}, {})["name"], "ignore_auth": True}
    owner = tk.get_action("organization_create")(dict(context), {"name": f"stock-{uuid.uuid4().hex[:8]}", "title": "Stock", "body_type": "consortium"})
    started = time.monotonic()
    for number in range(count):
        tk.get_action("package_create")(dict(context), {
            "type": "project", "name": f"stock-{uuid.uuid4().hex[:12]}", "title": f"Projecte de prova {number}",
            "owner_org": owner["id"], "notes": f"Descripció del projecte {number}. " * 20, "area": "services_procedures",
            "phase": "implemented", "transformation_type": "service", "technologies": ["dades obertes", "IA"],
            "barriers": "Pressupost", "benefits": "Temps estalviat", "language": "ca"})
    return count / (time.monotonic() - started)


def main(sizes: list[int]) -> None:
    from ckan.cli import load_config
    from ckan.config.middleware import make_app

    lock = open(os.path.join(ROOT, "var", "run", "test.lock"), "w")
    fcntl.flock(lock, fcntl.LOCK_EX)
    app = make_app(load_config(INI))
    results = []
    with app._wsgi_app.test_request_context():
        for size in sizes:
            server = SourceServer()
            server.thread.start()
            site = remote_with(server, size)
            with tempfile.TemporaryDirectory() as logs:
                consumers = start_consumers(logs)
                try:
                    first, again, counts = harvest(site.url, f"bench-{size}-{uuid.uuid4().hex[:6]}")
                    memory = {queue: peak_memory_mib(process.pid) for queue, process in consumers.items()}
                finally:
                    for process in consumers.values():
                        process.terminate()
                        process.wait(timeout=30)
            server.httpd.shutdown()
            results.append((size, first, again, counts, memory))
            print(f"{size:5d} projects: first harvest {first:7.1f} s = {size / first:6.1f} projects/s; "
                  f"unchanged re-run {again:6.1f} s = {size / again:7.1f} projects/s "
                  f"(unchanged {counts.get('unchanged')}); peak memory gather {memory['gather']:.0f} MiB, "
                  f"fetch {memory['fetch']:.0f} MiB", flush=True)
        stock = stock_rate(STOCK_SAMPLE)
    print(f"stock CKAN package_create, same projects, one process: {stock:.1f} projects/s")
    for size, first, _again, _counts, _memory in results:
        print(f"  harvest of {size}: {size / first / stock:.0%} of stock package_create's rate")


if __name__ == "__main__":
    main([int(arg) for arg in sys.argv[1:]] or [500, 2000])
