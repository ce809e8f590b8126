"""Latency and throughput of every page and API call of issue 15, side by side with raw Solr
and stock CKAN, with 1 and 16 concurrent clients.

    .venv/bin/python bench/search.py                 # every item, 1 and 16 clients, 15 s each
    .venv/bin/python bench/search.py --seconds 30 --clients 1 16 --only api_text api_facets
    .venv/bin/python bench/search.py --mixed 300     # 16 clients, 5 minutes, mixed workload

Needs the site (`make up`, your ports exported) with generated data (bench/generate.py) and
stock CKAN (bench/stock_ckan.sh start). Prints a Markdown table (p50/p95/p99 in ms, requests
per second, errors) and writes it with the raw numbers to bench/results/<N>-projects.json.
Every request is checked: an HTTP error, a timeout or a body without the expected marker
counts as an error. Ratios (ours / stock CKAN, ours / Solr) are printed next to the absolute
times: on a shared machine they are the stable numbers.
"""

from __future__ import annotations

import argparse
import json
import os
import random
import statistics
import sys
import threading
import time
from dataclasses import dataclass, field
from typing import Any, Callable
from urllib.parse import urlencode

import requests

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
SITE = f"http://127.0.0.1:{os.environ.get('CKAN_PORT', '5000')}"
STOCK = f"http://127.0.0.1:{os.environ.get('STOCK_PORT', int(os.environ.get('CKAN_PORT', '5000')) + 1)}"
SOLR = f"http://127.0.0.1:{os.environ.get('SOLR_PORT', '8983')}/solr/ckan"
TIMEOUT = 120  # a 10,000-row download under 16 clients on a busy machine takes ~50 s
WORDS = ["transparència", "teleassistència", "xatbot", "participatius", "mobilitat", "cita", "digital", "datos",
         "presupuestos", "chatbot", "open", "telecare", "tramitació", "sensors", "pla", "portal"]
FACETS = ["area", "transformation_type", "phase", "maturity_level", "facet_technologies", "proximity",
          "population_band", "province", "comarca", "country", "start_year", "organization"]
PLACES = ["41.3874,2.1686", "41.9794,2.8214", "41.6176,0.6200", "41.1189,1.2445", "42.2656,2.9581"]


@dataclass
class Sample:
    fixtures: dict[str, Any]
    rng: random.Random = field(default_factory=random.Random)

    def word(self) -> str:
        return self.rng.choice(WORDS)


Request = tuple[str, str, str]  # (method, url, marker expected in the body)


def api(base: str, action: str, **params: Any) -> str:
    return f"{base}/api/3/action/{action}?" + urlencode(params)


def search_params(s: Sample, facets: bool = False) -> dict[str, Any]:
    params: dict[str, Any] = {"q": s.word(), "rows": 20}
    if facets:
        params.update({"facet.field": json.dumps(FACETS), "facet.limit": 10})
    return params


def solr_query(s: Sample, facets: bool = False) -> str:
    """What CKAN sends Solr for a text search: edismax over its fields, the site and
    visibility filters, the whole stored record of each hit."""
    params: list[tuple[str, Any]] = [
        ("q", s.word()), ("defType", "edismax"), ("qf", "name^4 title^4 tags^2 groups^2 text"), ("q.op", "AND"),
        ("fq", '+site_id:"digicanvis" +dataset_type:project +state:active +capacity:public'),
        ("rows", 20), ("fl", "id validated_data_dict"), ("wt", "json"), ("tie", 0.1), ("mm", "2<-1 5<80%"),
    ]
    if facets:
        params += [("facet", "true"), ("facet.mincount", 1), ("facet.limit", 10)] + [("facet.field", f) for f in FACETS]
    return f"{SOLR}/select?" + urlencode(params)


ITEMS: dict[str, Callable[[Sample], Request]] = {
    # API
    "api_text": lambda s: ("GET", api(SITE, "package_search", **search_params(s)), '"success": true'),
    "api_facets": lambda s: ("GET", api(SITE, "package_search", **search_params(s, True)), '"success": true'),
    "api_distance": lambda s: ("GET", api(SITE, "package_search", ext_near=s.rng.choice(PLACES), ext_radius_km=50, rows=20,
                                          **{"facet.field": json.dumps(FACETS)}), '"success": true'),
    "api_similar_size": lambda s: ("GET", api(SITE, "package_search", q=s.word(), ext_size_like=s.rng.choice(["1k-5k", "5k-20k", "20k-50k"]), rows=20),
                                   '"success": true'),
    "api_similar_projects": lambda s: ("GET", api(SITE, "digicanvis_similar_projects", id=s.rng.choice(s.fixtures["projects"]), rows=5),
                                       '"success": true'),
    "map_points": lambda s: ("GET", f"{SITE}/project/map.geojson?" + urlencode({"q": s.word()}), "FeatureCollection"),
    "csv_10000": lambda s: ("GET", f"{SITE}/project/export.csv", "/project/bench-"),
    # pages
    "search_page": lambda s: ("GET", f"{SITE}/project/?" + urlencode({"q": s.word()}), "</html>"),
    "project_page": lambda s: ("GET", f"{SITE}/project/{s.rng.choice(s.fixtures['projects'])}", "</html>"),
    "home_page": lambda s: ("GET", f"{SITE}/", "</html>"),
    "local_body_page": lambda s: ("GET", f"{SITE}/organization/{s.rng.choice(s.fixtures['bodies'])}", "</html>"),
    "forum_topic_page": lambda s: ("GET", f"{SITE}/forum/t/{s.fixtures['big_topic']}", "</html>"),
    "forum_search": lambda s: ("GET", f"{SITE}/forum/search?" + urlencode({"q": s.word()}), "</html>"),
    # the floor and the reference
    "solr_text": lambda s: ("GET", solr_query(s), '"numFound"'),
    "solr_facets": lambda s: ("GET", solr_query(s, True), '"facet_fields"'),
    "stock_api_text": lambda s: ("GET", api(STOCK, "package_search", **search_params(s)), '"success": true'),
    "stock_api_facets": lambda s: ("GET", api(STOCK, "package_search", **search_params(s, True)), '"success": true'),
    "api_package_show": lambda s: ("GET", api(SITE, "package_show", id=s.rng.choice(s.fixtures["projects"])), '"success": true'),
    "stock_package_show": lambda s: ("GET", api(STOCK, "package_show", id=s.rng.choice(s.fixtures["projects"])), '"success": true'),
}
# (ours, reference): the ratios printed under the table.
RATIOS = [("api_text", "stock_api_text"), ("api_facets", "stock_api_facets"), ("api_package_show", "stock_package_show"), ("project_page", "stock_package_show"),
          ("api_text", "solr_text"), ("api_facets", "solr_facets")]
# The 5-minute mixed run: what a busy morning after a newsletter looks like.
MIX = {"search_page": 25, "project_page": 30, "home_page": 10, "local_body_page": 10, "api_facets": 8, "api_text": 5,
       "map_points": 4, "api_similar_projects": 3, "forum_topic_page": 3, "forum_search": 2}


def service_pids() -> dict[str, int]:
    """The main process of every service (var/run/*.pid; PostgreSQL's postmaster.pid)."""
    var = os.environ.get("VAR") or os.path.join(ROOT, "var")
    pids = {}
    for name in ("redis", "solr", "ckan", "worker", "stock-ckan"):
        try:
            pids[name] = int(open(os.path.join(var, "run", f"{name}.pid")).read().split()[0])
        except (OSError, ValueError):
            continue
    try:
        pids["postgres"] = int(open(os.path.join(var, "postgres", "data", "postmaster.pid")).readline())
    except (OSError, ValueError):
        pass
    return pids


def resident_mib(pid: int) -> float:
    """Resident memory of a process and all its descendants (gunicorn workers, backends)."""
    children: dict[int, list[int]] = {}
    sizes: dict[int, int] = {}
    for entry in os.listdir("/proc"):
        if not entry.isdigit():
            continue
        try:
            with open(f"/proc/{entry}/stat") as stat:
                fields = stat.read().rsplit(")", 1)[1].split()
            children.setdefault(int(fields[1]), []).append(int(entry))
            sizes[int(entry)] = int(fields[21]) * os.sysconf("SC_PAGE_SIZE")
        except (OSError, IndexError, ValueError):
            continue
    total, todo = 0, [pid]
    while todo:
        current = todo.pop()
        total += sizes.get(current, 0)
        todo.extend(children.get(current, []))
    return round(total / 2**20, 1)


class MemoryWatch(threading.Thread):
    """Peak resident memory of each service while a run goes on."""

    def __init__(self) -> None:
        super().__init__(daemon=True)
        self.pids = service_pids()
        self.idle = {name: resident_mib(pid) for name, pid in self.pids.items()}
        self.peak = dict(self.idle)
        self.running = True

    def run(self) -> None:
        while self.running:
            for name, pid in self.pids.items():
                self.peak[name] = max(self.peak[name], resident_mib(pid))
            time.sleep(1)

    def report(self) -> str:
        return "\n".join(f"- {name}: idle {self.idle[name]} MiB, peak under load {self.peak[name]} MiB" for name in sorted(self.pids))


def fixtures() -> dict[str, Any]:
    """Names the requests pick from: projects, bodies, the long forum topic."""
    found = requests.get(api(SITE, "package_search", q="name:bench-*", rows=1000, fl="name,organization"), timeout=TIMEOUT).json()["result"]
    projects = [row["name"] for row in found["results"]]
    bodies = sorted({row["organization"] for row in found["results"] if row.get("organization")})
    topic = requests.get(f"{SITE}/api/3/action/forum_topic_list", params={"rows": 20}, timeout=TIMEOUT).json()["result"]["results"]
    big = max(topic, key=lambda t: t["reply_count"])["id"] if topic else ""
    return {"projects": projects, "bodies": bodies[:200], "big_topic": big, "count": found["count"]}


def run(names: list[str], clients: int, seconds: float, fixtures_: dict[str, Any], max_requests: int | None = None,
        weights: dict[str, int] | None = None) -> dict[str, Any]:
    """``clients`` threads send requests for ``seconds``; each request is drawn from ``names``."""
    latencies: dict[str, list[float]] = {name: [] for name in names}
    errors: dict[str, list[str]] = {name: [] for name in names}
    lock = threading.Lock()
    deadline = time.monotonic() + seconds
    sent = [0]

    def client(number: int) -> None:
        sample = Sample(fixtures_, random.Random(number))
        session = requests.Session()
        while time.monotonic() < deadline:
            with lock:
                if max_requests and sent[0] >= max_requests:
                    return
                sent[0] += 1
            name = sample.rng.choices(names, weights=[weights[n] for n in names])[0] if weights else names[0]
            method, url, marker = ITEMS[name](sample)
            began = time.perf_counter()
            try:
                response = session.request(method, url, timeout=TIMEOUT)
                body = response.text
                problem = None if response.status_code == 200 and marker in body else f"HTTP {response.status_code}: {body[:120]!r}"
            except requests.RequestException as error:
                problem = f"{type(error).__name__}: {error}"
            took = time.perf_counter() - began
            with lock:
                (errors[name].append(problem) if problem else latencies[name].append(took))

    threads = [threading.Thread(target=client, args=(n,)) for n in range(clients)]
    began = time.monotonic()
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    elapsed = time.monotonic() - began
    return {name: summary(latencies[name], errors[name], elapsed) for name in names}


def summary(latencies: list[float], errors: list[str], elapsed: float) -> dict[str, Any]:
    ordered = sorted(latencies)

    def pct(p: float) -> float | None:
        return round(ordered[min(int(p / 100 * len(ordered)), len(ordered) - 1)] * 1000, 1) if ordered else None

    return {"n": len(ordered), "errors": len(errors), "first_errors": errors[:3], "p50": pct(50), "p95": pct(95),
            "p99": pct(99), "mean": round(statistics.mean(ordered) * 1000, 1) if ordered else None,
            "rps": round(len(ordered) / elapsed, 1) if elapsed else None}


def table(results: dict[int, dict[str, Any]]) -> str:
    clients = sorted(results)
    head = "| item | " + " | ".join(f"{c} client{'s' if c > 1 else ''}: p50 / p95 / p99 ms, req/s, errors" for c in clients) + " |"
    lines = [head, "|---|" + "---|" * len(clients)]
    for name in ITEMS:
        if not any(name in results[c] for c in clients):
            continue
        cells = []
        for c in clients:
            r = results[c].get(name)
            cells.append("" if r is None else f"{r['p50']} / {r['p95']} / {r['p99']}, {r['rps']}/s, {r['errors']} err")
        lines.append(f"| {name} | " + " | ".join(cells) + " |")
    lines.append("")
    for ours, ref in RATIOS:
        for c in clients:
            a, b = results[c].get(ours), results[c].get(ref)
            if a and b and a["p50"] and b["p50"]:
                lines.append(f"- {ours} / {ref}, {c} client(s): p50 {a['p50'] / b['p50']:.2f}x, p95 {a['p95'] / b['p95']:.2f}x, "
                             f"throughput {a['rps'] / b['rps']:.2f}x")
    return "\n".join(lines)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--seconds", type=float, default=15, help="per item and client count")
    parser.add_argument("--clients", type=int, nargs="+", default=[1, 16])
    parser.add_argument("--only", nargs="+", choices=list(ITEMS), help="these items only")
    parser.add_argument("--mixed", type=float, help="instead: the mixed workload with 16 clients for this many seconds")
    parser.add_argument("--csv-runs", type=int, default=3, help="CSV downloads of 10,000 rows per client count")
    args = parser.parse_args()
    data = fixtures()
    label = f"{data['count']}-projects"
    print(f"# {data['count']} projects; site {SITE}, stock CKAN {STOCK}, Solr {SOLR}", flush=True)
    os.makedirs(os.path.join(ROOT, "bench", "results"), exist_ok=True)
    memory = MemoryWatch()
    memory.start()
    if args.mixed:
        result = run(list(MIX), 16, args.mixed, data, weights=MIX)
        memory.running = False
        total = sum(r["n"] for r in result.values())
        failed = sum(r["errors"] for r in result.values())
        print(table({16: result}))
        print(f"\nmixed workload, 16 clients, {args.mixed:.0f} s: {total} requests, {failed} errors/timeouts, "
              f"{total / args.mixed:.1f} req/s\n\nresident memory (service and its child processes):\n{memory.report()}")
        with open(os.path.join(ROOT, "bench", "results", f"{label}-mixed.json"), "w") as out:
            json.dump({"seconds": args.mixed, "results": result, "memory_idle": memory.idle, "memory_peak": memory.peak}, out, indent=1)
        sys.exit(1 if failed else 0)
    results: dict[int, dict[str, Any]] = {}
    for clients in args.clients:
        results[clients] = {}
        for name in args.only or list(ITEMS):
            limit = args.csv_runs * max(clients // 4, 1) if name == "csv_10000" else None
            results[clients].update(run([name], clients, args.seconds if not limit else 600, data, max_requests=limit))
            r = results[clients][name]
            print(f"  {clients:>2} clients {name:<22} p50 {r['p50']} p95 {r['p95']} p99 {r['p99']} ms  {r['rps']}/s  "
                  f"{r['errors']} errors {r['first_errors'][:1]}", flush=True)
    memory.running = False
    print()
    print(table(results))
    print(f"\nresident memory (service and its child processes):\n{memory.report()}")
    with open(os.path.join(ROOT, "bench", "results", f"{label}.json"), "w") as out:
        json.dump({"seconds": args.seconds, "results": {str(k): v for k, v in results.items()},
                   "memory_idle": memory.idle, "memory_peak": memory.peak}, out, indent=1)


if __name__ == "__main__":
    main()
