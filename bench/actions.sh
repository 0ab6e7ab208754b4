#!/usr/bin/env bash
# SPDX-License-Identifier: EUPL-1.2
# bench/actions.sh (run by bench/run.sh, or alone): throughput of the action
# list of one initiative holding 7,400 actions (issue 17, finding 6: a 2.2 MB
# answer). Measures this build's first page (50 actions, the default) and
# its largest page (aantal=200); with BENCH_BEFORE_BIN=<a scalelab built
# before pagination> also the whole list that same request returned then,
# on a database of its own seeded the same way. Prints req/s, p99 and the
# answer's size for each.
set -euo pipefail
cd "$(dirname "$0")/.."
DUR=${BENCH_SECONDS:-10}
CONN=${BENCH_CONNECTIONS:-32}
N=${BENCH_ACTIONS:-7400}
tmp=$(mktemp -d)
pids=()
cleanup() {
	for p in "${pids[@]}"; do kill "$p" 2>/dev/null || true; done
	wait 2>/dev/null || true
	rm -rf "$tmp"
}
trap cleanup EXIT
. bench/lib.sh
free_port() { bench_free_port; }

# serve BIN NAME: a demo database with N actions on its first initiative,
# served by BIN; sets PORT, TOKEN and INI.
serve() {
	local bin=$1 db=$tmp/$2.db
	"$bin" init --db "$db" --demo >/dev/null
	INI=$(sqlite3 "$db" "SELECT min(id) FROM initiatives")
	sqlite3 "$db" "WITH RECURSIVE s(i) AS (SELECT 1 UNION ALL SELECT i+1 FROM s WHERE i<$N)
		INSERT INTO actions(initiative_id,title,owner,status,due_date,created_at,updated_at)
		SELECT $INI, 'Actie ' || i || ': afspraken met de buurgemeente vastleggen', 'Programmabureau',
			CASE i % 4 WHEN 0 THEN 'klaar' WHEN 1 THEN 'bezig' ELSE 'open' END,
			CASE WHEN i % 9 = 0 THEN NULL ELSE date('now', '+' || (i % 365) || ' days') END,
			strftime('%Y-%m-%dT%H:%M:%SZ','now'), strftime('%Y-%m-%dT%H:%M:%SZ','now') FROM s;"
	TOKEN=$("$bin" user token --db "$db" --email demo@scalelab.test --name bench)
	PORT=$(free_port)
	"$bin" serve --db "$db" --listen 127.0.0.1:$PORT --require-mfa none 2>"$tmp/$2.log" &
	pids+=($!)
	for _ in $(seq 1 50); do curl -sf -o /dev/null http://127.0.0.1:$PORT/inloggen && break; sleep 0.1; done
}

run() { # label url
	local out rps p99 bytes
	bytes=$(curl -sf -H "Authorization: Bearer $TOKEN" "$2" | wc -c)
	out=$(wrk -t2 -c"$CONN" -d"${DUR}s" --latency -H "Authorization: Bearer $TOKEN" "$2")
	rps=$(echo "$out" | awk '/Requests\/sec/{print $2}')
	p99=$(echo "$out" | awk '$1=="99%"{v=$2; if (v ~ /us$/) {sub(/us/,"",v); v/=1000} else if (v ~ /ms$/) {sub(/ms/,"",v)} else if (v ~ /s$/) {sub(/s/,"",v); v*=1000}; print v}')
	printf '  %-44s %8.0f req/s   p99 %8.2f ms   %9d B\n' "$1" "$rps" "$p99" "$bytes"
}

echo "action list of one initiative with $N actions (${DUR}s, $CONN connections):"
if [ -n "${BENCH_BEFORE_BIN:-}" ]; then
	serve "$BENCH_BEFORE_BIN" before
	run "before: whole list (one answer)" "http://127.0.0.1:$PORT/api/v1/initiatieven/$INI/acties"
fi
serve ./scalelab after
run "after: first page (50)" "http://127.0.0.1:$PORT/api/v1/initiatieven/$INI/acties"
run "after: largest page (aantal=200)" "http://127.0.0.1:$PORT/api/v1/initiatieven/$INI/acties?aantal=200"
next=$(curl -sf -H "Authorization: Bearer $TOKEN" "http://127.0.0.1:$PORT/api/v1/initiatieven/$INI/acties" |
	python3 -c 'import json,sys; print(json.load(sys.stdin)["_links"]["next"]["href"])')
run "after: a later page (cursor)" "http://127.0.0.1:$PORT$next"
[ -n "${BENCH_BEFORE_BIN:-}" ] || echo "  (BENCH_BEFORE_BIN=<scalelab before pagination> adds the whole list for comparison)"
