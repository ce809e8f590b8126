"""Latency of the statistics dashboard, on the running site and at catalogue scale.

usage: .venv/bin/python bench/dashboard.py [REQUESTS] [--scale N]

1. On the running site (make up, demo loaded): the dashboard page, the digicanvis_statistics
   action, the coverage map's JSON, and side by side package_search with the same facets.
2. With --scale N (default 100000; 0 skips it): N synthetic project documents are added to the
   site's Solr core under a site id of their own (so the site never sees them), the dashboard's
   own Solr requests (the JSON-facet request of logic/statistics.py, then the savings sums)
   are timed against them next to a classic facet.field request of the same fields, and the
   documents are deleted again.

Prints median and 90th percentile per kind, as seen by a client on the same machine.
"""

from __future__ import annotations

import json
import os
import random
import statistics
import sys
import time
from pathlib import Path

import requests

ROOT = Path(__file__).resolve().parents[1]
SITE = f"http://127.0.0.1:{os.environ.get('CKAN_PORT', '5000')}"
SOLR = f"http://127.0.0.1:{os.environ.get('SOLR_PORT', '8983')}/solr/ckan"
BENCH_SITE = "bench-scale"
FIELDS = ["area", "transformation_type", "phase", "maturity_level", "province", "comarca", "start_year", "facet_technologies"]
SITE_KINDS = {
    "dashboard page (HTML)": ("/statistics/", {}),
    "dashboard page, one comarca": ("/statistics/", {"comarca": "Baix Llobregat"}),
    "digicanvis_statistics action": ("/api/3/action/digicanvis_statistics", {}),
    "coverage map JSON": ("/statistics/coverage.json", {}),
    "package_search, same 8 facets": ("/api/3/action/package_search", {"rows": 0, "facet.field": json.dumps(FIELDS), "facet.limit": -1}),
}


def timed(call, count: int) -> tuple[float, float]:
    call()  # warm caches
    times = []
    for _ in range(count):
        start = time.perf_counter()
        call()
        times.append((time.perf_counter() - start) * 1000)
    times.sort()
    return statistics.median(times), times[max(int(len(times) * 0.9) - 1, 0)]


def report(rows: list[tuple[str, float, float]]) -> None:
    widest = max(median for _, median, _ in rows)
    for kind, median, p90 in rows:
        print(f"  {kind:38} median {median:7.1f} ms  p90 {p90:7.1f} ms  {'#' * max(1, round(40 * median / widest))}")


def on_the_site(count: int) -> None:
    session = requests.Session()
    total = session.get(f"{SITE}/api/3/action/package_search", params={"rows": 0}, timeout=30).json()["result"]["count"]
    print(f"{SITE}: {total} projects, {count} requests per kind")

    def getter(path, params):
        return lambda: session.get(SITE + path, params=params, timeout=60).raise_for_status()

    report([(kind, *timed(getter(path, params), count)) for kind, (path, params) in SITE_KINDS.items()])


# ------------------------------------------------------------------ at scale, in Solr


def municipalities() -> list[dict[str, str]]:
    import csv

    with open(ROOT / "ckanext-digicanvis/ckanext/digicanvis/data/municipalities_cat.csv", encoding="utf-8") as stream:
        return list(csv.DictReader(stream))


def synthetic_documents(count: int, seed: int = 16):
    """Projects spread like a grown catalogue: most by ajuntaments, some by comarcal councils
    (covering their comarca) and diputacions, a third with savings."""
    rng = random.Random(seed)
    towns = municipalities()
    by_comarca: dict[str, list[str]] = {}
    for town in towns:
        by_comarca.setdefault(town["comarca"], []).append(town["ine_code"])
    technologies = [f"technology {n}" for n in range(300)]
    units = [("money", "eur", "year"), ("staff_time", "hours", "year"), ("processing_time", "days", "unstated"), ("paper", "sheets", "once")]
    for number in range(count):
        town = rng.choice(towns)
        doc = {
            "index_id": f"{BENCH_SITE}-{number}", "id": f"{BENCH_SITE}-{number}", "site_id": BENCH_SITE,
            "dataset_type": "project", "state": "active", "capacity": "public", "permission_labels": ["public"],
            "name": f"bench-{number}", "title": f"Bench project {number}",
            "area": rng.choice(["citizen_attention", "services_procedures", "social_services",
                                "participation_open_government", "planning_management", "integral_transformation"]),
            "transformation_type": rng.choice(["service", "process", "organisation"]),
            "phase": rng.choice(["prototype", "pilot", "implemented", "discontinued"]),
            "maturity_level": rng.choice(["digital", "open", "proactive", "accountable", "intelligent"]),
            "province": town["province"], "comarca": town["comarca"], "proximity": "km0",
            "start_year": str(rng.randint(2000, 2026)),
            "facet_technologies": rng.sample(technologies, 3),
        }
        if rng.random() < 0.1:
            doc["facet_coverage_on_behalf"] = by_comarca[town["comarca"]]
        else:
            doc["facet_coverage_own"] = [town["ine_code"]]
        if rng.random() < 0.33:
            kind, unit, period = rng.choice(units)
            key = f"{kind}__{unit}__{period}"
            doc["facet_savings_key"] = [key]
            doc[f"saving_{key}"] = rng.randint(100, 100_000)
        yield doc


def load(count: int) -> None:
    batch: list[dict] = []
    for doc in synthetic_documents(count):
        batch.append(doc)
        if len(batch) == 5000:
            requests.post(f"{SOLR}/update", json=batch, timeout=300).raise_for_status()
            batch = []
    if batch:
        requests.post(f"{SOLR}/update", json=batch, timeout=300).raise_for_status()
    requests.get(f"{SOLR}/update", params={"commit": "true"}, timeout=300).raise_for_status()


def remove() -> None:
    requests.post(f"{SOLR}/update", params={"commit": "true"}, json={"delete": {"query": f"site_id:{BENCH_SITE}"}}, timeout=300).raise_for_status()


def at_scale(count: int, requests_per_kind: int) -> None:
    sys.path.insert(0, str(ROOT))
    from ckanext.digicanvis.logic.statistics import facet_request, savings_request

    filters = [f"+site_id:{BENCH_SITE}", "+dataset_type:project", "+state:active", "+capacity:public", "+permission_labels:(public)"]
    started = time.perf_counter()
    load(count)
    print(f"\nSolr, {count} synthetic projects (indexed in {time.perf_counter() - started:.0f} s), {requests_per_kind} requests per kind")
    session = requests.Session()

    def solr(params):
        return lambda: session.get(f"{SOLR}/select", params=params, timeout=120).raise_for_status()

    base = {"q": "*:*", "fq": filters, "rows": 0, "wt": "json"}
    one_comarca = {**base, "fq": [*filters, '+comarca:"Baix Llobregat"']}
    keys = ["money__eur__year", "staff_time__hours__year", "processing_time__days__unstated", "paper__sheets__once"]
    try:
        check = session.get(f"{SOLR}/select", params={**base, "json.facet": json.dumps(facet_request(15))}, timeout=120).json()
        assert check["response"]["numFound"] == count, check["response"]["numFound"]
        report([
            ("dashboard JSON facets (all counts)", *timed(solr({**base, "json.facet": json.dumps(facet_request(15))}), requests_per_kind)),
            ("  the same, one comarca", *timed(solr({**one_comarca, "json.facet": json.dumps(facet_request(15))}), requests_per_kind)),
            ("savings sums (4 keys)", *timed(solr({**base, "json.facet": json.dumps(savings_request(keys))}), requests_per_kind)),
            ("classic facet.field, 8 fields", *timed(solr({**base, "facet": "true", "facet.field": FIELDS, "facet.limit": -1}), requests_per_kind)),
        ])
    finally:
        remove()


def main() -> None:
    args = sys.argv[1:]
    scale = 100_000
    if "--scale" in args:
        index = args.index("--scale")
        scale = int(args[index + 1])
        del args[index:index + 2]
    count = int(args[0]) if args else 30
    on_the_site(count)
    if scale:
        at_scale(scale, count)


if __name__ == "__main__":
    main()
