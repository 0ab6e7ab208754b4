#!/usr/bin/env bash
# SPDX-License-Identifier: EUPL-1.2
# Lints the served /api/v1/openapi.json with the NL GOV API Design Rules
# Spectral ruleset (../shared/adr/adr-ruleset.yaml) and Spectral's own OpenAPI
# ruleset. Starts the real binary on 127.0.0.1 with a temporary demo database.
# Usage: tests/openapi/lint.sh [path/to/scalelab]
# Ends with one line "N passed, N failed"; exits non-zero on any failure.
set -u
export SCARF_ANALYTICS=false

here=$(cd "$(dirname "$0")" && pwd)
root=$(git -C "$here" rev-parse --show-toplevel 2>/dev/null || (cd "$here/../.." && pwd))
bin=$(realpath "${1:-$root/scalelab}")
ruleset=${ADR_RULESET:-$root/../shared/adr/adr-ruleset.yaml}

pass=0
fail=0
ok() { pass=$((pass + 1)); echo "ok - $*"; }
nok() { fail=$((fail + 1)); echo "not ok - $*"; }
check() { # description command...
	local d=$1
	shift
	if "$@"; then ok "$d"; else nok "$d"; fi
}
finish() {
	echo "$pass passed, $fail failed"
	[ "$fail" -eq 0 ]
	exit $?
}

if [ ! -x "$bin" ]; then
	nok "binary $bin exists (run make)"
	finish
fi
if [ ! -f "$ruleset" ]; then
	nok "ADR ruleset found at $ruleset"
	finish
fi
ruleset=$(realpath "$ruleset")

tmp=$(mktemp -d)
server_pid=""
stop_server() {
	if [ -n "$server_pid" ] && kill -0 "$server_pid" 2>/dev/null; then
		kill -TERM "$server_pid" 2>/dev/null
		for _ in $(seq 50); do kill -0 "$server_pid" 2>/dev/null || break; sleep 0.1; done
		kill -KILL "$server_pid" 2>/dev/null
		wait "$server_pid" 2>/dev/null
	fi
	server_pid=""
}
trap 'stop_server; rm -rf "$tmp"' EXIT
trap 'exit 130' INT TERM

free_port() {
	node -e 'const s=require("net").createServer();s.listen(0,"127.0.0.1",()=>{console.log(s.address().port);s.close()})'
}

# start_server [extra serve args...]: sets $base, returns non-zero if it did not come up.
start_server() {
	local port
	port=$(free_port)
	base="http://127.0.0.1:$port"
	"$bin" serve --db "$tmp/lint.db" --listen "127.0.0.1:$port" "$@" 2>>"$tmp/serve.log" &
	server_pid=$!
	for _ in $(seq 100); do
		curl -fs -o /dev/null "$base/api/v1/openapi.json" && return 0
		kill -0 "$server_pid" 2>/dev/null || return 1
		sleep 0.05
	done
	return 1
}

# spectral RULESET FILE OUTJSON: runs Spectral, writes its JSON results.
spectral() {
	(cd "$root" && npx spectral lint --quiet -f json -o "$3" -r "$1" "$2" >/dev/null 2>"$3.err")
	[ -s "$3" ] || { cat "$3.err" >&2; return 1; }
}
jqtest() { jq -e "$1" "$2" >/dev/null 2>&1; }
count_sev() { jq "[.[] | select(.severity == $2)] | length" "$1"; }
show() { jq -r '.[] | "    \(["error","warning","info","hint"][.severity]) \(.code) \(.path | join(".")): \(.message)"' "$1"; }

if ! "$bin" init --db "$tmp/lint.db" --demo >"$tmp/init.log" 2>&1; then
	nok "scalelab init --demo"
	cat "$tmp/init.log"
	finish
fi

# 1. The document as served on the default (http) address.
if ! start_server; then
	nok "server starts"
	cat "$tmp/serve.log"
	finish
fi
curl -s -D "$tmp/headers" -o "$tmp/openapi.json" -w '%{http_code}' "$base/api/v1/openapi.json" >"$tmp/status"
check "GET /api/v1/openapi.json is 200" [ "$(cat "$tmp/status")" = 200 ]
check "served as application/json" grep -qiE '^content-type: application/json' "$tmp/headers"
check "public: Access-Control-Allow-Origin: *" grep -qiE '^access-control-allow-origin: \*' "$tmp/headers"
check "API-Version header" grep -qiE '^api-version: [0-9]+\.[0-9]+\.[0-9]+' "$tmp/headers"
check "openapi is 3.0.3" [ "$(jq -r .openapi "$tmp/openapi.json" 2>/dev/null)" = 3.0.3 ]
check "servers[0].url ends in /api/v1" jqtest '.servers[0].url | test("/api/v1$")' "$tmp/openapi.json"
check "every operation has an operationId" jqtest '[.paths[][] | objects | select(has("responses")) | has("operationId")] | all' "$tmp/openapi.json"
curl -s -o /dev/null -w '%{http_code}' "$base/api/v1/openapi.json/" >"$tmp/status"
check "trailing slash on openapi.json is 404" [ "$(cat "$tmp/status")" = 404 ]
stop_server

# Spectral's own OpenAPI ruleset (recommended rules) checks it is a valid 3.0.3 document.
printf 'extends: [["spectral:oas", "recommended"]]\n' >"$tmp/oas.yaml"
if spectral "$tmp/oas.yaml" "$tmp/openapi.json" "$tmp/oas.json"; then
	e=$(count_sev "$tmp/oas.json" 0)
	w=$(count_sev "$tmp/oas.json" 1)
	echo "# spectral:oas: $e errors, $w warnings"
	show "$tmp/oas.json"
	check "valid OpenAPI 3.0.3 (spectral:oas: $e errors)" [ "$e" -eq 0 ]
else
	nok "spectral:oas ran"
fi

# The NL GOV API Design Rules ruleset: 0 errors required.
if spectral "$ruleset" "$tmp/openapi.json" "$tmp/adr.json"; then
	e=$(count_sev "$tmp/adr.json" 0)
	w=$(count_sev "$tmp/adr.json" 1)
	echo "# ADR ruleset (served on http): $e errors, $w warnings"
	show "$tmp/adr.json"
	check "ADR ruleset: 0 errors ($e errors, $w warnings)" [ "$e" -eq 0 ]
else
	nok "spectral ADR ruleset ran"
fi

# 2. Behind a proxy with an https public URL the document should be clean:
# nlgov:servers-use-https only warns about the plain-http test address.
if start_server --public-url https://scalelab.example; then
	curl -s -o "$tmp/openapi-https.json" "$base/api/v1/openapi.json"
	stop_server
	check "--public-url sets servers[0].url" [ "$(jq -r '.servers[0].url' "$tmp/openapi-https.json")" = https://scalelab.example/api/v1 ]
	if spectral "$ruleset" "$tmp/openapi-https.json" "$tmp/adr-https.json"; then
		e=$(count_sev "$tmp/adr-https.json" 0)
		w=$(count_sev "$tmp/adr-https.json" 1)
		echo "# ADR ruleset (https public URL): $e errors, $w warnings"
		show "$tmp/adr-https.json"
		check "ADR ruleset with https public URL: 0 errors, 0 warnings ($e, $w)" [ "$e" -eq 0 ] && [ "$w" -eq 0 ]
	else
		nok "spectral ADR ruleset ran (https)"
	fi
else
	nok "server starts with --public-url"
fi

finish
