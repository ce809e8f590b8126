"""Search latency of the discovery features on the running site (make up, demo loaded).

usage: .venv/bin/python bench/discovery.py [REQUESTS]   (default 50 per kind)

Prints median and 90th percentile per kind of request, as seen by an HTTP client on the
same machine (CKAN, Solr and PostgreSQL included), with a bar per median.
"""

from __future__ import annotations

import os
import statistics
import sys
import time

import requests

SITE = f"http://127.0.0.1:{os.environ.get('CKAN_PORT', '5000')}"
FACETS = '["area","transformation_type","phase","maturity_level","facet_technologies","proximity",' \
         '"population_band","province","comarca","country","start_year","organization"]'
KINDS = {
    "package_search, text": ("/api/3/action/package_search", {"q": "participació", "rows": 20}),
    "package_search, 12 facets": ("/api/3/action/package_search", {"rows": 20, "facet.field": FACETS}),
    "ext_near a body": ("/api/3/action/package_search", {"rows": 20, "ext_near": "Ajuntament de Girona"}),
    "ext_near + 50 km + facets": (
        "/api/3/action/package_search",
        {"rows": 20, "ext_near": "41.3874,2.1686", "ext_radius_km": 50, "facet.field": FACETS},
    ),
    "ext_size_like": ("/api/3/action/package_search", {"rows": 20, "ext_size_like": "5k-20k"}),
    "similar projects (MLT)": ("/api/3/action/digicanvis_similar_projects", {"id": "decidim-barcelona"}),
    "map points (GeoJSON)": ("/project/map.geojson", {}),
    "CSV download": ("/project/export.csv", {}),
    "search page (HTML)": ("/project/", {"ext_near": "Ajuntament de Girona"}),
}


def measure(path: str, params: dict, requests_per_kind: int) -> list[float]:
    session = requests.Session()
    session.get(SITE + path, params=params, timeout=30).raise_for_status()  # warm caches
    times = []
    for _ in range(requests_per_kind):
        start = time.perf_counter()
        session.get(SITE + path, params=params, timeout=30).raise_for_status()
        times.append((time.perf_counter() - start) * 1000)
    return times


def main() -> None:
    count = int(sys.argv[1]) if len(sys.argv) > 1 else 50
    total = requests.get(f"{SITE}/api/3/action/package_search", params={"rows": 0}, timeout=30).json()["result"]["count"]
    print(f"{SITE}: {total} projects, {count} requests per kind")
    rows = []
    for kind, (path, params) in KINDS.items():
        times = sorted(measure(path, params, count))
        rows.append((kind, statistics.median(times), times[int(len(times) * 0.9) - 1]))
    widest = max(median for _, median, _ in rows)
    for kind, median, p90 in rows:
        bar = "#" * max(1, round(40 * median / widest))
        print(f"{kind:28} median {median:6.1f} ms  p90 {p90:6.1f} ms  {bar}")


if __name__ == "__main__":
    main()
