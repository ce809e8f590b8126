"""Relevance of the project search on the judged queries (tests/search/judged_queries.yaml).

usage: .venv/bin/python bench/relevance.py [--save FILE] [--baseline FILE] [--details]

Runs every judged query through the running site's API (make up, demo loaded) as a reader
of the query's language (`/es/api/...`, `/en/api/...`; Catalan is the site's default) and
prints recall@10 and nDCG@10 (binary gains) per language, beside the numbers of a saved
run (default: bench/relevance_main.json, measured on the main branch before issue 14).
`--save` writes this run's per-query results for a later comparison; `--details` lists
the queries that miss.
"""

from __future__ import annotations

import argparse
import json
import math
import os
import statistics
import sys
import time
from pathlib import Path

import requests
import yaml

ROOT = Path(__file__).resolve().parent.parent
QUERIES = ROOT / "tests" / "search" / "judged_queries.yaml"
BASELINE = ROOT / "bench" / "relevance_main.json"
SITE = f"http://127.0.0.1:{os.environ.get('CKAN_PORT', '5000')}"
DEFAULT_LANGUAGE = "ca"
CUTOFF = 10


def recall_at(found: list[str], expected: list[str], k: int = CUTOFF) -> float:
    return len(set(found[:k]) & set(expected)) / len(expected)


def ndcg_at(found: list[str], expected: list[str], k: int = CUTOFF) -> float:
    gains = [1.0 if name in expected else 0.0 for name in found[:k]]
    dcg = sum(gain / math.log2(rank + 2) for rank, gain in enumerate(gains))
    ideal = sum(1.0 / math.log2(rank + 2) for rank in range(min(k, len(expected))))
    return dcg / ideal


def search(session: requests.Session, query: dict) -> tuple[list[str], float]:
    prefix = "" if query["lang"] == DEFAULT_LANGUAGE else f"/{query['lang']}"
    start = time.perf_counter()
    response = session.get(
        f"{SITE}{prefix}/api/3/action/package_search",
        params={"q": query["q"], "rows": CUTOFF, "fl": "name"},
        timeout=30,
    )
    elapsed = (time.perf_counter() - start) * 1000
    response.raise_for_status()
    return [row["name"] for row in response.json()["result"]["results"]], elapsed


def run() -> list[dict]:
    session = requests.Session()
    results = []
    for query in yaml.safe_load(QUERIES.read_text(encoding="utf-8")):
        found, elapsed = search(session, query)
        results.append({**query, "found": found, "ms": round(elapsed, 1),
                        "recall": recall_at(found, query["expected"]),
                        "ndcg": ndcg_at(found, query["expected"])})
    return results


def summary(results: list[dict]) -> dict[str, dict[str, float]]:
    by_language: dict[str, dict[str, float]] = {}
    for language in ("ca", "es", "en", "all"):
        rows = [r for r in results if language in (r["lang"], "all")]
        if not rows:
            continue
        by_language[language] = {
            "queries": len(rows),
            "recall@10": statistics.fmean(r["recall"] for r in rows),
            "ndcg@10": statistics.fmean(r["ndcg"] for r in rows),
            "answered": sum(1 for r in rows if r["recall"] > 0),
        }
    return by_language


def print_table(now: dict, before: dict | None) -> None:
    print(f"{'lang':5} {'queries':>7} | {'recall@10':>19} | {'nDCG@10':>19} | {'answered (top 10)':>19}")
    print(f"{'':5} {'':>7} | {'before':>9} {'after':>9} | {'before':>9} {'after':>9} | {'before':>9} {'after':>9}")
    for language, row in now.items():
        old = (before or {}).get(language)

        def cell(key: str, fmt: str) -> str:
            return format(old[key], fmt) if old else "-"

        print(f"{language:5} {row['queries']:7d} | {cell('recall@10', '9.3f')} {row['recall@10']:9.3f} | "
              f"{cell('ndcg@10', '9.3f')} {row['ndcg@10']:9.3f} | "
              f"{cell('answered', '9d')} {row['answered']:9d}")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--save", type=Path, help="write this run's per-query results here")
    parser.add_argument("--baseline", type=Path, default=BASELINE, help="saved run to compare with")
    parser.add_argument("--details", action="store_true", help="list the queries that miss")
    args = parser.parse_args()

    results = run()
    before = None
    if args.baseline.exists() and args.baseline.resolve() != (args.save.resolve() if args.save else None):
        before = summary(json.loads(args.baseline.read_text(encoding="utf-8"))["queries"])
    total = requests.get(f"{SITE}/api/3/action/package_search", params={"rows": 0}, timeout=30).json()["result"]["count"]
    print(f"{SITE}: {total} projects, {len(results)} judged queries; before = {args.baseline.name}")
    print_table(summary(results), before)
    times = sorted(r["ms"] for r in results)
    print(f"latency per query: median {statistics.median(times):.1f} ms, p90 {times[int(len(times) * 0.9) - 1]:.1f} ms")
    if args.details:
        for r in results:
            if r["recall"] < 1:
                print(f"  [{r['lang']}] {r['q']!r}: recall {r['recall']:.2f}, found {r['found'][:5]}")
    if args.save:
        args.save.write_text(json.dumps({"site": SITE, "queries": results}, ensure_ascii=False, indent=1) + "\n",
                             encoding="utf-8")


if __name__ == "__main__":
    sys.exit(main())
