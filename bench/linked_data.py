"""Cost of the linked-data output on the running site (make up, demo loaded), side by side
with ckanext-dcat's stock profile in the same run (``?profiles=euro_dcat_ap_3``).

usage: .venv/bin/python bench/linked_data.py [REQUESTS]   (default 20 per kind)

Prints median and 90th percentile per kind, with the ratio to the stock profile where there is
one; absolute times on this shared machine are noisy, the ratios are what to compare.
"""

from __future__ import annotations

import statistics
import sys

from discovery import SITE, measure  # bench/discovery.py: same client, same warm-up

STOCK = {"profiles": "euro_dcat_ap_3"}
KINDS = {
    "catalogue page, Turtle": ("/catalog.ttl", {}),
    "catalogue page, Turtle (stock)": ("/catalog.ttl", STOCK),
    "catalogue page, JSON-LD": ("/catalog.jsonld", {}),
    "catalogue page, JSON-LD (stock)": ("/catalog.jsonld", STOCK),
    "one project, Turtle": ("/project/decidim-barcelona.ttl", {}),
    "one project, Turtle (stock, /dataset)": ("/dataset/decidim-barcelona.ttl", STOCK),
    "project page (HTML + schema.org)": ("/project/decidim-barcelona", {}),
    "local body, Turtle": ("/organization/ajuntament-de-barcelona.ttl", {}),
    "vocabulary, Turtle": ("/vocab/technologies.ttl", {}),
}


def main() -> None:
    count = int(sys.argv[1]) if len(sys.argv) > 1 else 20
    print(f"{SITE}: {count} requests per kind")
    medians: dict[str, float] = {}
    for kind, (path, params) in KINDS.items():
        times = sorted(measure(path, params, count))
        medians[kind] = statistics.median(times)
        ratio = ""
        if "(stock" in kind:
            own = medians[[k for k in medians if k.startswith(kind.split(" (stock")[0]) and "(stock" not in k][0]]
            ratio = f"  ours/stock {own / medians[kind]:4.1f}x"
        print(f"{kind:40} median {medians[kind]:7.1f} ms  p90 {times[int(len(times) * 0.9) - 1]:7.1f} ms{ratio}")


if __name__ == "__main__":
    main()
