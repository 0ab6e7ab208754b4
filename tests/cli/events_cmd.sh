#!/usr/bin/env bash
# SPDX-License-Identifier: EUPL-1.2
# CLI contract of the events commands (docs/events.md): `source add` prints a
# key once and stores only its digest; `events import` checks every line
# first (FILE:LINE: message, exit 2, nothing imported), imports a good file,
# stores each event once when the file is imported again; `events export`
# writes every stored event once as NDJSON; `events erase` erases a person
# with its linked ids. Usage: events_cmd.sh ./scalelab
set -u
bin=$(realpath "${1:-./scalelab}")
tmp=$(mktemp -d "${TMPDIR:-/tmp}/scalelab-events-XXXXXX")
trap 'rm -rf "$tmp"' EXIT
cd "$tmp" || exit 1
pass=0
fail=0
ok() { pass=$((pass + 1)); echo "ok - $1"; }
no() { fail=$((fail + 1)); echo "not ok - $1"; }
expect() { # STATUS NAME COMMAND...: output in out.txt/err.txt
	local want=$1 name=$2
	shift 2
	"$@" >out.txt 2>err.txt
	local got=$?
	if [ "$got" -eq "$want" ]; then ok "$name"; else no "$name (exit $got, want $want; stderr: $(head -c 300 err.txt))"; fi
}
has() { # NAME FILE REGEX
	if grep -qE -- "$3" "$2"; then ok "$1"; else no "$1 (no /$3/ in $2: $(head -c 300 "$2"))"; fi
}
same() { # NAME A B
	if [ "$2" = "$3" ]; then ok "$1"; else no "$1 ('$2' != '$3')"; fi
}
q() { sqlite3 a.db "$1"; }

"$bin" init --db a.db >/dev/null || exit 1
"$bin" org add --db a.db --slug proef --name Proef >/dev/null || exit 1
tok=$(printf 'wachtwoord-lang-genoeg\n' | "$bin" user add --db a.db --email p@proef.test --name P --org proef --role beheerder >/dev/null && "$bin" user token --db a.db --email p@proef.test)
port=$(python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1",0)); print(s.getsockname()[1])')
"$bin" serve --db a.db --listen 127.0.0.1:$port 2>/dev/null &
spid=$!
for i in $(seq 1 50); do curl -sf -o /dev/null http://127.0.0.1:$port/inloggen && break; sleep 0.1; done
curl -sf -H "Authorization: Bearer $tok" -H 'Content-Type: application/json' -d '{"name":"App","stage":"pilot"}' \
	http://127.0.0.1:$port/api/v1/organisaties/proef/initiatieven >/dev/null
kill "$spid"
wait "$spid" 2>/dev/null

expect 2 "source add needs --kind" "$bin" source add --db a.db --initiative App
expect 2 "source add refuses an unknown kind" "$bin" source add --db a.db --initiative App --kind amplitude
expect 2 "source add: no such initiative" "$bin" source add --db a.db --initiative Onbekend --kind posthog
expect 0 "source add posthog" "$bin" source add --db a.db --initiative App --kind posthog --name Web
has "prints the key once" out.txt "^key: phc_[A-Za-z0-9_-]{43}$"
key=$(sed -n 's/^key: //p' out.txt)
sid=$(sed -n 's/^source \([0-9]*\):.*/\1/p' out.txt)
same "the key is not stored" "$(q "SELECT count(*) FROM event_sources WHERE key_digest LIKE '%${key:4:20}%' OR key_hint='$key'")" 0
same "the creation is audited" "$(q "SELECT count(*) FROM audit_log WHERE action='events.source.create' AND origin='cli'")" 1
expect 2 "plausible needs a domain" "$bin" source add --db a.db --initiative App --kind plausible
expect 0 "source add plausible" "$bin" source add --db a.db --initiative App --kind plausible --domain www.proef.nl

now=$(date -u +%Y-%m-%dT%H:%M:%SZ)
{
	for i in $(seq 1 500); do
		printf '{"uuid":"e-%d","event":"stap","distinct_id":"p-%d","timestamp":"%s","properties":{"i":%d}}\n' "$i" $((i % 9)) "$now" "$i"
	done
	printf '\n{"uuid":"i-1","event":"$identify","distinct_id":"klant-1","timestamp":"%s","properties":{"$anon_distinct_id":"p-1"}}\n' "$now"
} >good.ndjson
cp good.ndjson bad.ndjson
printf '{"uuid":"x","event":"stap","distinct_id":"p","timestamp":"morgen"}\n' >>bad.ndjson
printf 'geen json\n' >>bad.ndjson

expect 2 "a bad file: exit 2" "$bin" events import --db a.db --source "$sid" bad.ndjson
has "names file and line of the first bad line" err.txt "^bad\.ndjson:503: the timestamp is not an ISO 8601 date-time$"
has "says nothing was imported" err.txt "^bad\.ndjson: nothing was imported$"
"$bin" events export --db a.db --source "$sid" >none.ndjson
same "a bad file stores nothing" "$(wc -l <none.ndjson)" 0
expect 0 "a good file imports" "$bin" events import --db a.db --source "$sid" good.ndjson
has "counts what it stored" out.txt "^501 events imported, 0 already present$"
expect 0 "the same file again" "$bin" events import --db a.db --source "$sid" good.ndjson
has "stores each event once" out.txt "^0 events imported, 501 already present$"
same "the source's counters" "$(q "SELECT accepted || ' ' || duplicates FROM event_source_stats WHERE source_id=$sid")" "501 501"
expect 2 "an unknown source" "$bin" events import --db a.db --source 99 good.ndjson
expect 2 "a missing file" "$bin" events import --db a.db --source "$sid" missing.ndjson

expect 0 "export" "$bin" events export --db a.db --source "$sid"
same "export has every event once" "$(wc -l <out.txt)" 501
same "export holds each uuid's properties once" "$(grep -o '"i":[0-9]*' out.txt | sort -u | wc -l)" 500
has "export lines are PostHog export lines" out.txt '^\{"event":"stap","distinct_id":"p-1","timestamp":"[0-9T:.-]+Z","source":'"$sid"',"properties":\{"i":1\}\}$'
has "the identify keeps its own distinct id" out.txt '^\{"event":"\$identify","distinct_id":"klant-1",'

# p-1 and klant-1 are one person: erasing either erases both ids' events
expect 0 "erase a person" "$bin" events erase --db a.db --initiative App --distinct-id klant-1
want=$((500 / 9 + 1 + 1))
has "counts the erased events" out.txt "^$want events of the person erased$"
"$bin" events export --db a.db --source "$sid" >after.ndjson
same "the person's events are gone" "$(wc -l <after.ndjson)" $((501 - want))
same "the erasure is audited without the id" "$(q "SELECT count(*) FROM audit_log WHERE action='events.erase' AND object NOT LIKE '%klant%'")" 1
expect 2 "erase needs --distinct-id" "$bin" events erase --db a.db --initiative App

# Plausible behind a trusted proxy: the visitor is the forwarded address
# (with the User-Agent), hashed with the day's salt; no address is stored
psid=$(q "SELECT id FROM event_sources WHERE kind='plausible'")
"$bin" serve --db a.db --listen 127.0.0.1:$port --trusted-proxy 127.0.0.1 2>/dev/null &
spid=$!
for i in $(seq 1 50); do curl -sf -o /dev/null http://127.0.0.1:$port/inloggen && break; sleep 0.1; done
for ip in 203.0.113.5 203.0.113.5 203.0.113.6; do
	curl -s -o /dev/null -w '%{http_code}\n' -H "X-Forwarded-For: $ip" -H 'User-Agent: Mozilla/5.0 (proef)' \
		-d '{"n":"pageview","u":"https://www.proef.nl/","d":"www.proef.nl"}' http://127.0.0.1:$port/api/event
done >codes.txt
kill "$spid"
wait "$spid" 2>/dev/null
same "plausible answers 202" "$(sort -u codes.txt)" 202
"$bin" events export --db a.db --source "$psid" >pl.ndjson
same "three pageviews" "$(wc -l <pl.ndjson)" 3
same "two visitors: the forwarded addresses, not the proxy's" "$(grep -o '"distinct_id":"[^"]*"' pl.ndjson | sort -u | wc -l)" 2
if grep -rqa "203\.0\.113" a.db a.db.events; then no "no client address stored"; else ok "no client address stored"; fi

echo "$pass passed, $fail failed"
[ "$fail" -eq 0 ]
