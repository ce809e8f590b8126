#!/usr/bin/env bash
# Numbers of the running stack: warm start time, Solr start time, resident memory of each
# service with the site idle, and package_search latency. Restarts the stack (make down; make up).
# usage: bench/stack.sh [SEARCHES]   (default 50 searches)
set -euo pipefail
cd "$(dirname "$0")/.."
source scripts/env.sh
searches=${1:-50}

make -s down >/dev/null
t0=$(date +%s.%N)
make -s up >/dev/null
t1=$(date +%s.%N)
awk -v a="$t0" -v b="$t1" 'BEGIN {printf "warm make up (services + site answering): %.1f s\n", b - a}'
printf 'Solr start (launch to both cores answering ping): %s s\n' "$(cat var/run/solr.start-seconds)"

sleep 5 # let the site settle: idle means no request in flight
# rss_kb PID...: resident memory of these processes and all their descendants.
rss_kb() {
  local pids=("$@") all=() pid
  while [ ${#pids[@]} -gt 0 ]; do
    all+=("${pids[@]}")
    mapfile -t pids < <(for pid in "${pids[@]}"; do pgrep -P "$pid" || true; done)
  done
  ps -o rss= -p "$(IFS=,; echo "${all[*]}")" | awk '{s += $1} END {print s}'
}
printf 'resident memory, idle:\n'
printf '  %-9s %6d MiB\n' postgres $(($(rss_kb "$(head -n 1 "$PG_DATA/postmaster.pid")") / 1024))
for service in redis solr ckan worker; do
  printf '  %-9s %6d MiB\n' "$service" $(($(rss_kb "$(cat "$RUN/$service.pid")") / 1024))
done

url="$CKAN_SITE_URL/api/3/action/package_search?q=digital&facet.field=%5B%22organization%22%2C%22tags%22%5D"
for _ in $(seq 1 "$searches"); do curl -s -o /dev/null -w '%{time_total}\n' "$url"; done | sort -n |
  awk '{a[NR] = $1} END {printf "package_search with 2 facets, %d requests: median %.1f ms, p90 %.1f ms\n", NR, a[int(NR / 2) + 1] * 1000, a[int(NR * 0.9)] * 1000}'
