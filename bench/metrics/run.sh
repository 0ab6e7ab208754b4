#!/usr/bin/env bash
# SPDX-License-Identifier: EUPL-1.2
# make bench-metrics (also run by make bench, after bench-events): the
# metric kernels against DuckDB and SQLite on the events bench's data
# (bench/events/gen.mjs: 90 days ending 2026-11-01, N/10 actors, 20 names).
# For each size (1 M and 10 M events; 30 M too with BENCH_FULL=1; or only
# METRICS_N): loads the events once into an embedded event store, a plain
# indexed SQLite table and a DuckDB file under build/bench/metrics-N/
# (kept for the next run), then times
#   DAU over 90 days, weekly first-time retention (12 weeks, on and on or
#   after), a 3-step funnel with a 7-day window
# on Scalelab's store (build/bench/metbench: a cold process, then warm
# runs), on DuckDB (@duckdb/node-api, 2 threads, the query alone) and on
# SQLite SQL; checks that all three give identical numbers (a mismatch is
# printed loudly and the run fails), prints each ratio, the targets
# (>= 10x DuckDB, >= 100x SQLite, RSS < 200 MB) as met or MISSED, and the
# growth of each query's time with the number of events.
set -euo pipefail
cd "$(dirname "$0")/../.."
if [ -n "${METRICS_N:-}" ]; then
	sizes="$METRICS_N"
else
	sizes="1000000 10000000"
	[ "${BENCH_FULL:-}" = 1 ] && sizes="$sizes 30000000"
fi
END=1793491200000 # 2026-11-01T00:00:00Z: the data's end, and "now" for the queries
make -s build/bench/metbench >/dev/null
mkdir -p build/bench
results=()
for N in $sizes; do
	data=build/bench/events-$N.ndjson
	if [ ! -s "$data" ]; then
		node bench/events/gen.mjs "$data.tmp" "$N"
		mv "$data.tmp" "$data"
	fi
	dir=build/bench/metrics-$N
	if [ ! -s "$dir/loaded" ]; then
		rm -rf "$dir" && mkdir -p "$dir"
		echo "metrics bench: loading $N events (once; kept in $dir)" >&2
		build/bench/metbench load "$data" "$dir/store" "$dir/plain.sqlite"
		date -u +%FT%TZ >"$dir/loaded"
	fi
	echo "metrics bench: $N events: Scalelab (cold process, then warm), DuckDB, SQLite" >&2
	build/bench/metbench query "$dir/store" "$END" 5 >"$dir/ours.json"
	node bench/metrics/duck.mjs "$data" "$dir/duck.db" "$END" >"$dir/duck.json"
	build/bench/metbench sqlite "$dir/plain.sqlite" "$END" >"$dir/sqlite.json"
	results+=("$N" "$dir")
done
python3 - "${results[@]}" <<'PY'
import json, sys
args = sys.argv[1:]
runs = []
bad = False
queries = [('dau', 'DAU over 90 days'), ('retOn', 'weekly retention, on'), ('retOnOrAfter', 'weekly retention, on or after'), ('funnel', '3-step funnel, 7-day window')]
for i in range(0, len(args), 2):
    n, d = int(args[i]), args[i + 1]
    ours, duck, lite = (json.load(open(f"{d}/{k}.json")) for k in ('ours', 'duck', 'sqlite'))
    print(f"\n== {n:,} events ==")
    for key in ('dau', 'retention', 'funnel'):
        if not (ours[key] == duck[key] == lite[key]):
            bad = True
            print(f"!!!!!!!! MISMATCH in {key}: Scalelab, DuckDB and SQLite do not give identical numbers !!!!!!!!")
            for name, o in (('scalelab', ours), ('duckdb', duck), ('sqlite', lite)):
                print(f"  {name}: {json.dumps(o[key])[:400]}")
    if not bad:
        print(f"identical numbers in all three: {len(ours['dau'])} DAU values, {len(ours['retention'])} cohorts x 12 weeks x 2, funnel {ours['funnel']}")
    print(f"{'query':32s} {'ours cold':>10s} {'ours warm':>10s} {'DuckDB':>9s} {'SQLite':>9s} {'DuckDB/ours':>12s} {'SQLite/ours':>12s}  targets (>=10x, >=100x)")
    for q, label in queries:
        c, w, dk, sl = ours['cold'][q], ours['warm'][q], duck['warm'][q], lite['warm'][q]
        rd, rs = dk / w, sl / w
        print(f"{label:32s} {c:9.3f}s {w:9.3f}s {dk:8.3f}s {sl:8.3f}s {rd:11.1f}x {rs:11.1f}x  "
              f"{'met' if rd >= 10 else 'MISSED'} / {'met' if rs >= 100 else 'MISSED'}")
    if 'warmCpu' in ours:
        cf = ours['warmCpu']['funnel']
        print(f"  (funnel, ours warm in CPU seconds of the process: {cf:.4f}s; the load stretches a few ms of work on the wall clock)")
    rss = ours['rssMB']
    print(f"peak RSS of the Scalelab process (store open, every query): {rss:.0f} MB: target < 200 MB {'met' if rss < 200 else 'MISSED'}")
    runs.append((n, ours))
if len(runs) > 1:
    print("\ngrowth of Scalelab's warm time with the number of events (linear = the events' ratio):")
    base_n, base = runs[0]
    for n, o in runs[1:]:
        parts = ', '.join(f"{q} {o['warm'][q] / base['warm'][q]:.1f}x" for q, _ in queries)
        print(f"  {base_n:,} -> {n:,} events ({n / base_n:.0f}x): {parts}")
sys.exit(1 if bad else 0)
PY
