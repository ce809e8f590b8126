"""Latency of issue 13's pages and pickers on the running site, beside CKAN's own
equivalents in the same run (this machine is noisy: compare the ratios).

usage: CKAN_PORT=5000 .venv/bin/python bench/joining.py [REQUESTS]   (default 50 per kind)
       (make up first; "El meu espai" is measured as `admin`, through `make admin-token`)
"""

from __future__ import annotations

import os
import statistics
import subprocess
import sys
import time

import requests

SITE = f"http://127.0.0.1:{os.environ.get('CKAN_PORT', '5000')}"
KINDS = {
    "picker: bodies 'llucanes'": ("/api/3/action/digicanvis_autocomplete", {"kind": "local_body", "q": "llucanes"}),
    "  CKAN organization autocomplete": ("/api/2/util/organization/autocomplete", {"q": "llucanes"}),
    "picker: bodies 'ajuntament girona'": ("/api/3/action/digicanvis_autocomplete", {"kind": "local_body", "q": "ajuntament girona"}),
    "picker: projects 'teleassist'": ("/api/3/action/digicanvis_autocomplete", {"kind": "project", "q": "teleassist"}),
    "  CKAN package_autocomplete": ("/api/3/action/package_autocomplete", {"q": "teleassist"}),
    "directory page 1 (25 of 1,006)": ("/local-bodies/", {}),
    "directory, province + type": ("/local-bodies/", {"province": "Girona", "body_type": "municipality"}),
    "directory, last page": ("/local-bodies/", {"page": 41}),
    "  CKAN organization_list, 25 all_fields": ("/api/3/action/organization_list", {"all_fields": "true", "limit": 25}),
    "El meu espai (admin)": ("/my-space/", {}),
    "  CKAN dashboard (admin)": ("/dashboard/datasets", {}),
}


def measure(session: requests.Session, path: str, params: dict, count: int) -> list[float]:
    session.get(SITE + path, params=params, timeout=60).raise_for_status()  # warm caches
    times = []
    for _ in range(count):
        start = time.perf_counter()
        session.get(SITE + path, params=params, timeout=60).raise_for_status()
        times.append((time.perf_counter() - start) * 1000)
    return sorted(times)


def main() -> None:
    count = int(sys.argv[1]) if len(sys.argv) > 1 else 50
    token = subprocess.run(["scripts/site.sh", "admin-token"], capture_output=True, text=True, check=True).stdout.split()[-1]
    session = requests.Session()
    session.headers["Authorization"] = token
    print(f"{SITE}: {count} requests per kind (median, p90)")
    rows = [(kind, *(lambda t: (statistics.median(t), t[int(len(t) * 0.9) - 1]))(measure(session, path, params, count)))
            for kind, (path, params) in KINDS.items()]
    widest = max(median for _, median, _ in rows)
    for kind, median, p90 in rows:
        print(f"{kind:40} median {median:6.1f} ms  p90 {p90:6.1f} ms  {'#' * max(1, round(40 * median / widest))}")


if __name__ == "__main__":
    main()
