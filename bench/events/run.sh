#!/usr/bin/env bash
# SPDX-License-Identifier: EUPL-1.2
# make bench-events (also run by make bench): the event store's bench.
# Generates the events once (bench/events/gen.mjs, fixed seed; EVENTS_N
# events, default 10,000,000; 90 days, N/10 actors up to 1 M, 20 names) as
# NDJSON under build/bench/, then prints:
#   - events/s durable through direct append() (build/bench/evbench,
#     EVENTS_THREADS threads, default 16, batches of 500: each append
#     returns after its group's fsync);
#   - bytes on disk per event: the core columns (timestamp, actor, event
#     name) of the sealed blocks, whole blocks, and the whole store
#     directory (with the dedup index and the dictionaries);
#   - the same load into DuckDB (@duckdb/node-api) and a plain SQLite table,
#     each with its bytes per event, as ratios to ours.
# Target (issue 13): <= 8 bytes per event for the core columns.
# bench/events/http.sh, when present, adds the HTTP ingestion numbers.
# Quick run: EVENTS_N=100000 bench/events/run.sh
set -euo pipefail
cd "$(dirname "$0")/../.."
N=${EVENTS_N:-10000000}
THREADS=${EVENTS_THREADS:-16}
make -s build/bench/evbench >/dev/null
mkdir -p build/bench
data=build/bench/events-$N.ndjson
if [ ! -s "$data" ]; then
	node bench/events/gen.mjs "$data.tmp" "$N"
	mv "$data.tmp" "$data"
fi
tmp=$(mktemp -d /tmp/scalelab-bench-events-XXXXXX)
trap 'rm -rf "$tmp"' EXIT
echo "event bench: $N events ($(du -h "$data" | cut -f1) NDJSON), $THREADS appending threads, $(nproc) cores" >&2
build/bench/evbench "$data" "$tmp" "$THREADS" >"$tmp/ours.txt"
rm -rf "$tmp/plain.db" "$tmp/plain-core.db"
node bench/events/duck.mjs "$data" "$tmp" >"$tmp/duck.txt"
rm -f "$tmp"/duck*.db
if [ -x bench/events/http.sh ]; then
	bench/events/http.sh "$data" || echo "bench/events/http.sh failed" >&2
fi
python3 - "$tmp/ours.txt" "$tmp/duck.txt" <<'PY'
import sys
v = {}
for f in sys.argv[1:]:
    for line in open(f):
        k, x = line.split()
        v[k] = float(x)
core, blk, tot = v['core_bytes_per_event'], v['block_bytes_per_event'], v['store_bytes_per_event']
print(f"events: {v['events']:.0f} read, {v['stored']:.0f} stored, {v['persons']:.0f} persons")
print(f"direct append (durable, group commit): {v['append_events_per_s']:,.0f} events/s; "
      f"CPU {v['append_cpu_us_per_event']:.1f} us/event (incl. background sealing) = "
      f"{1e6 / v['append_cpu_us_per_event']:,.0f} events per CPU-second; load average now "
      f"{open('/proc/loadavg').read().split()[0]} on this machine")
print(f"final seal: {v['seal_final_seconds']:.2f} s; DAU over all days (day_persons, Roaring): "
      f"{v['dau_query_seconds']:.3f} s for {v['dau_days']:.0f} days, mean DAU {v['dau_mean']:,.0f}")
print("bytes on disk per event           core (ts, actor, name)   total")
print(f"  scalelab sealed blocks          {core:8.2f}              {blk:8.2f}")
print(f"  scalelab whole store dir        {'':8s}              {tot:8.2f}  (blocks + dedup index + dictionaries + log)")
print(f"  DuckDB                          {v['duckdb_core_bytes_per_event']:8.2f}              {v['duckdb_bytes_per_event']:8.2f}")
print(f"  plain SQLite table              {v['sqlite_core_bytes_per_event']:8.2f}              {v['sqlite_bytes_per_event']:8.2f}")
print(f"ratios (core): DuckDB/scalelab {v['duckdb_core_bytes_per_event']/core:.1f}x, SQLite/scalelab {v['sqlite_core_bytes_per_event']/core:.1f}x; "
      f"target <= 8 B/event core: {'met' if core <= 8 else 'MISSED'} ({core:.2f})")
print(f"ratios (total, blocks): DuckDB/scalelab {v['duckdb_bytes_per_event']/blk:.1f}x, SQLite/scalelab {v['sqlite_bytes_per_event']/blk:.1f}x")
if v['append_failed']:
    print("an append, the seal or the query FAILED"); sys.exit(1)
if v['stored'] != v['events']:
    print("stored count differs from events read"); sys.exit(1)
sys.exit(0 if core <= 8 else 1)
PY
