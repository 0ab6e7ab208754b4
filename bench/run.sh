#!/usr/bin/env bash
# SPDX-License-Identifier: EUPL-1.2
# make bench: first the page weight (bench/weight.mjs: bytes a first and a
# repeat visit of each chart page transfer, measured in Chromium; targets
# (issue 8): <= 300 KB first, <= 20 KB repeat for the heaviest page). Then
# wrk against Scalelab's authenticated initiatives collection (API, bearer
# token) and the initiative list page (session cookie), and against nginx
# from Debian serving static files of the same sizes, in one run on this
# machine. Prints req/s, p99 and the ratio to nginx, then the server's RSS.
# Targets (issue 3): >= 0.5x nginx, p99 < 10 ms, RSS < 50 MB.
# Then bench/actions.sh: the paged action list of an initiative with 7,400
# actions, before (BENCH_BEFORE_BIN) and after pagination.
# `bench/run.sh weight` (make bench-weight) runs the page weight alone.
# Then the national-lab bench (bench/lab.sh: a generated data set of 1,000
# organisations, 100,000 rounds, 2 M answers, 200,000 actions; LAB=0 skips it).
# Exits 1 when the page weight misses its target, after the whole run.
set -euo pipefail
cd "$(dirname "$0")/.."
if [ "${1:-}" = weight ]; then
	tools/deps.sh test
	exec node bench/weight.mjs
fi
tools/deps.sh bench
weight_rc=0
node bench/weight.mjs || weight_rc=$?
[ "$weight_rc" -le 1 ] || exit "$weight_rc"
DUR=${BENCH_SECONDS:-10}
CONN=${BENCH_CONNECTIONS:-32}
tmp=$(mktemp -d)
spid=""
npid=""
cleanup() {
	[ -n "$spid" ] && kill "$spid" 2>/dev/null || true
	[ -n "$npid" ] && kill "$npid" 2>/dev/null || true
	wait 2>/dev/null || true
	rm -rf "$tmp"
}
trap cleanup EXIT
. bench/lib.sh

./scalelab init --db "$tmp/bench.db" --demo >/dev/null
TOKEN=$(./scalelab user token --db "$tmp/bench.db" --email demo@scalelab.test --name bench)
SP=$(bench_free_port)
./scalelab serve --db "$tmp/bench.db" --listen 127.0.0.1:$SP --require-mfa none 2>"$tmp/server.log" &
spid=$!
bench_wait_up "$SP"
# A session cookie for the page, through the real login form.
SID=$(bench_session "$SP" "$tmp/jar")

API_URL=http://127.0.0.1:$SP/api/v1/organisaties/gemeente-voorbeeldstad/initiatieven
PAGE_URL=http://127.0.0.1:$SP/organisaties/gemeente-voorbeeldstad/initiatieven
curl -sf -H "Authorization: Bearer $TOKEN" "$API_URL" >"$tmp/api.json"
curl -sf -H "Cookie: __Host-sl_session=$SID" "$PAGE_URL" >"$tmp/page.html"
mkdir -p "$tmp/www"
bench_static "$tmp/api.json" "$tmp/www/api.json"
bench_static "$tmp/page.html" "$tmp/www/page.html"
bench_nginx "$tmp" "$tmp/www"
NP=$NGINX_PORT
npid=$NGINX_PID

run() { # label url header... -> prints "rps p99_ms"
	local label=$1 url=$2
	shift 2
	local rps p99 non2xx
	read -r rps p99 non2xx < <(bench_wrk "$url" "$@")
	printf '  %-34s %10.0f req/s   p99 %7.2f ms %s\n' "$label" "$rps" "$p99" "$([ "$non2xx" != 0 ] && echo "non-2xx: $non2xx")" >&2
	echo "$rps $p99"
}

ROUNDS=${BENCH_ROUNDS:-3}
echo "bench: ${DUR}s per run, $CONN connections, 2 wrk threads, $(nproc) cores, $ROUNDS interleaved rounds" >&2
echo "response sizes: api $(stat -c %s "$tmp/api.json") B, page $(stat -c %s "$tmp/page.html") B" >&2
: >"$tmp/results"
for r in $(seq 1 "$ROUNDS"); do
	echo "round $r" >&2
	echo "nginx_api $(run "nginx static (api-sized)" http://127.0.0.1:$NP/api.json)" >>"$tmp/results"
	echo "scalelab_api $(run "scalelab GET API initiatives" "$API_URL" "Authorization: Bearer $TOKEN")" >>"$tmp/results"
	echo "nginx_page $(run "nginx static (page-sized)" http://127.0.0.1:$NP/page.html)" >>"$tmp/results"
	echo "scalelab_page $(run "scalelab GET list page" "$PAGE_URL" "Cookie: __Host-sl_session=$SID")" >>"$tmp/results"
done
rss=$(awk '/VmRSS/{print $2}' /proc/$spid/status)
hwm=$(awk '/VmHWM/{print $2}' /proc/$spid/status)
python3 - "$tmp/results" "$rss" "$hwm" <<'PY'
import sys, statistics
rows = {}
for line in open(sys.argv[1]):
    k, rps, p99 = line.split()
    rows.setdefault(k, []).append((float(rps), float(p99)))
med = {k: (statistics.median(r for r, _ in v), statistics.median(p for _, p in v)) for k, v in rows.items()}
print("median over rounds:")
for k in ("nginx_api", "scalelab_api", "nginx_page", "scalelab_page"):
    print(f"  {k:14s} {med[k][0]:9.0f} req/s  p99 {med[k][1]:6.2f} ms")
print(f"ratio API  vs nginx: {med['scalelab_api'][0]/med['nginx_api'][0]:.2f}x (target >= 0.5); p99 {med['scalelab_api'][1]:.2f} ms (target < 10)")
print(f"ratio page vs nginx: {med['scalelab_page'][0]/med['nginx_page'][0]:.2f}x (target >= 0.5); p99 {med['scalelab_page'][1]:.2f} ms (target < 10)")
rss, hwm = float(sys.argv[2]), float(sys.argv[3])
print(f"scalelab RSS after run: {rss/1024:.1f} MB (peak {hwm/1024:.1f} MB; target < 50 MB)")
PY
bench/actions.sh
kill "$spid" 2>/dev/null || true
kill "$npid" 2>/dev/null || true
wait 2>/dev/null || true
spid=""
npid=""
if [ "${LAB:-1}" != 0 ]; then
	echo
	bench/lab.sh || true
fi
exit "$weight_rc"
