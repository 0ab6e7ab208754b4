#!/usr/bin/env bash
# SPDX-License-Identifier: EUPL-1.2
# make soak (issue 17, Operations): one server on 127.0.0.1 with the demo
# data under SOAK_SECONDS (default 600) of mixed load: page and API reads,
# writes through the API and a page form, and product events from the real
# posthog-node client (tests/soak/soak.mjs has the mix), with the server's
# RSS sampled every 10 s.
#
# Passes when
#  - the server lives to the end (no crash, no refused connection),
#  - 0 answers are 5xx and every answer has the status the call expects,
#  - every captured event is accepted exactly once,
#  - RSS is flat within 10 %: warm-up is the first max(30 s, 20 % of the
#    run); the baseline is the mean of the first three samples after it, the
#    end the mean of the last three; |end - baseline| <= 10 % of baseline.
# Prints requests per kind with p50/p99, the RSS series, and ends with
# "N passed, N failed". Not part of make test (10 minutes).
# SOAK_CONNECTIONS (8) clients, SOAK_EVENTS (200) events per second.
set -euo pipefail
cd "$(dirname "$0")/../.."
SECS=${SOAK_SECONDS:-600}
tmp=$(mktemp -d "${TMPDIR:-/tmp}/scalelab-soak-XXXXXX")
spid=""
cleanup() {
	[ -n "$spid" ] && kill "$spid" 2>/dev/null || true
	wait 2>/dev/null || true
	rm -rf "$tmp"
}
trap cleanup EXIT
port=$(python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1",0)); print(s.getsockname()[1])')
./scalelab init --db "$tmp/soak.db" --demo >/dev/null
token=$(./scalelab user token --db "$tmp/soak.db" --email demo@scalelab.test --name soak)
me=$(sqlite3 "$tmp/soak.db" "SELECT id FROM users WHERE email='demo@scalelab.test'")
./scalelab serve --db "$tmp/soak.db" --listen "127.0.0.1:$port" --require-mfa none 2>"$tmp/server.log" &
spid=$!
for _ in $(seq 1 50); do curl -sf -o /dev/null "http://127.0.0.1:$port/inloggen" && break; sleep 0.1; done
rc=0
node tests/soak/soak.mjs --base "http://127.0.0.1:$port" --token "$token" --pid "$spid" --me "$me" \
	--seconds "$SECS" --connections "${SOAK_CONNECTIONS:-8}" --events "${SOAK_EVENTS:-200}" || rc=$?
if ! kill -0 "$spid" 2>/dev/null; then
	echo "the server is gone; the end of its log:"
	tail -20 "$tmp/server.log"
	rc=1
fi
exit "$rc"
