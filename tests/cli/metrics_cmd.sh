#!/usr/bin/env bash
# SPDX-License-Identifier: EUPL-1.2
# CLI contract of `scalelab metrics KIND --db FILE --source ID [options]
# --format json|csv|table` (docs/metrics.md, "CLI"): while a server holds
# the event store, the command reads it (read-only, no lock) and prints the
# very document the API answers for the same parameters, for every kind;
# --source counts that source only; csv and table carry the same numbers;
# bad options exit 2 naming the option. Reference values: revenue of the
# second source is 0.1 + 0.2 + 19.99 = 20.29 exactly; its NPS (scores 10,
# 9, 3 and an unusable "x") is 100 x (2 - 1) / 3 = 33.33.
# Usage: metrics_cmd.sh ./scalelab
set -u
bin=$(realpath "${1:-./scalelab}")
tmp=$(mktemp -d "${TMPDIR:-/tmp}/scalelab-metrics-XXXXXX")
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

"$bin" init --db a.db --demo >/dev/null || exit 1
ini=$(q "SELECT id FROM initiatives WHERE name='Digitale schuldhulp-intake'")
src1=$(q "SELECT id FROM event_sources WHERE initiative_id=$ini")
key=$("$bin" source add --db a.db --initiative "$ini" --kind posthog --name 'Tweede bron' | sed -n 's/^key: //p')
src2=$(q "SELECT max(id) FROM event_sources WHERE initiative_id=$ini")
tok=$("$bin" user token --db a.db --email demo@scalelab.test | tail -1)
port=$(python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1",0)); print(s.getsockname()[1])')
"$bin" serve --db a.db --listen 127.0.0.1:$port --require-mfa none 2>serve.log &
srv=$!
trap 'kill $srv 2>/dev/null; wait $srv 2>/dev/null; rm -rf "$tmp"' EXIT
for i in $(seq 1 50); do curl -sf -o /dev/null http://127.0.0.1:$port/inloggen && break; sleep 0.1; done
day=$(date -u -d 'yesterday' +%Y-%m-%d)
ts() { echo "${day}T$1Z"; }
curl -sf -H 'Content-Type: application/json' -o /dev/null -d @- http://127.0.0.1:$port/batch/ <<JSON || no "the second source's events were accepted"
{"api_key":"$key","batch":[
 {"event":"aankoop","distinct_id":"k1","properties":{"bedrag":"0.1"},"timestamp":"$(ts 09:00:00)"},
 {"event":"aankoop","distinct_id":"k2","properties":{"bedrag":0.2},"timestamp":"$(ts 09:01:00)"},
 {"event":"aankoop","distinct_id":"k1","properties":{"bedrag":"19.99"},"timestamp":"$(ts 09:02:00)"},
 {"event":"aankoop","distinct_id":"k3","properties":{"bedrag":"twintig"},"timestamp":"$(ts 09:03:00)"},
 {"event":"survey sent","distinct_id":"k1","properties":{"\$survey_response":"3"},"timestamp":"$(ts 10:00:00)"},
 {"event":"survey sent","distinct_id":"k1","properties":{"\$survey_response":"10"},"timestamp":"$(ts 11:00:00)"},
 {"event":"survey sent","distinct_id":"k2","properties":{"\$survey_response":9},"timestamp":"$(ts 10:00:00)"},
 {"event":"survey sent","distinct_id":"k3","properties":{"\$survey_response":"3"},"timestamp":"$(ts 10:00:00)"},
 {"event":"survey sent","distinct_id":"k4","properties":{"\$survey_response":"x"},"timestamp":"$(ts 10:00:00)"}
]}
JSON

# the same document from the API and from the CLI, for every kind
api() { curl -sf -H "Authorization: Bearer $tok" "http://127.0.0.1:$port/api/v1/initiatieven/$ini/metrieken/$1"; }
norm() { python3 -c 'import json,sys; print(json.dumps(json.load(sys.stdin), sort_keys=True))'; }
check() { # NAME ROUTE?QUERY SOURCE CLI-ARGS...
	local name=$1 route=$2 s=$3
	shift 3
	local a c
	a=$(api "$route" | norm)
	c=$("$bin" metrics "$@" --db a.db --source "$s" --format json 2>err.txt | norm)
	if [ -n "$a" ] && [ "$a" = "$c" ]; then ok "$name: CLI = API"; else no "$name: CLI != API ($(head -c 200 err.txt); api ${a:0:200}; cli ${c:0:200})"; fi
}
check dau "actief?bron=$src1" "$src1" dau
check "dau of an event in Dutch days" "actief?bron=$src1&gebeurtenis=intake_gestart&tijdzone=Europe/Amsterdam&van=2026-01-01&tot=$day" "$src1" dau --event intake_gestart --tz Europe/Amsterdam --from 2026-01-01 --to "$day"
check retention "retentie?bron=$src1&start=recurring&telling=vanaf&interval=dag&terugkeer=intake_verzonden" "$src1" retention --recurring --on-or-after --interval day --return-event intake_verzonden
check "retention with any return event" "retentie?bron=$src1&gebeurtenis=intake_gestart" "$src1" retention --start-event intake_gestart --return-event '$any'
check activation "activatie?bron=$src1&activatie=intake_verzonden&activatiedagen=3&interval=maand" "$src1" activation --event intake_verzonden --days 3 --interval month
check churn "churn?bron=$src1&churndagen=14" "$src1" churn --days 14
check kfactor "kfactor?bron=$src1" "$src1" kfactor
check nps "nps?bron=$src2" "$src2" nps
check revenue "omzet?bron=$src2&interval=maand" "$src2" revenue --interval month
check ltv "ltv?bron=$src1" "$src1" ltv
check lifecycle "levenscyclus?bron=$src1&interval=maand" "$src1" lifecycle --interval month
check "lifecycle of one event in Dutch days" "levenscyclus?bron=$src1&interval=dag&gebeurtenis=intake_gestart&tijdzone=Europe/Amsterdam" "$src1" lifecycle --interval day --event intake_gestart --tz Europe/Amsterdam
check funnel "trechter?bron=$src1&stappen=intake_gestart,intake_verzonden&venster=7d" "$src1" funnel --steps intake_gestart,intake_verzonden --window 7d
check "strict funnel" "trechter?bron=$src1&stappen=intake_gestart,intake_verzonden&venster=3d&volgorde=strikt" "$src1" funnel --steps intake_gestart,intake_verzonden --window 3d --strict

# outside reference values on the second source
expect 0 "revenue of the second source" "$bin" metrics revenue --db a.db --source "$src2" --format json
same "0.1 + 0.2 + 19.99 is exactly 20.29" "$(python3 -c 'import json; print(json.load(open("out.txt"))["total"]["revenue"])')" "20.29"
same "one unreadable amount is counted, not summed" "$(python3 -c 'import json; t=json.load(open("out.txt"))["total"]; print(t["ignored"], t["purchases"], t["payingPersons"])')" "1 3 2"
expect 0 "nps of the second source as csv" "$bin" metrics nps --db a.db --source "$src2" --format csv
same "csv: header and one row" "$(cat out.txt)" "respondents,promoters,passives,detractors,ignored,nps
3,2,0,1,1,33.33333333"
expect 0 "the first source does not see the second's purchases" "$bin" metrics revenue --db a.db --source "$src1" --format json
has "no 20.29 in the first source" out.txt '"revenue": "[0-9]+\.[0-9]{2}"'
if grep -q '"k1"\|20\.29' out.txt; then no "source filter"; else ok "source filter"; fi
# the second source's funnel by hand: k1, k2 and k3 bought (09:00, 09:01, 09:03) and each
# answered the survey at 10:00 (k1 also at 11:00): 3 persons, all convert, median 59 min
expect 0 "funnel of the second source as csv" "$bin" metrics funnel --db a.db --source "$src2" --steps aankoop,'survey sent' --window 1h --format csv
same "funnel csv: 3 of 3, median 3540 s" "$(cat out.txt)" "name,persons,conversion,fromPrevious,medianSeconds,medianTotalSeconds
aankoop,3,1.0,1.0,,
survey sent,3,1.0,1.0,3540.0,3540.0"
expect 0 "a 59-minute window" "$bin" metrics funnel --db a.db --source "$src2" --steps aankoop,'survey sent' --window 59m --format csv
same "59 minutes: k1 (60 min) is out, k2 (59 min, end included) and k3 are in" "$(sed -n 3p out.txt | cut -d, -f1,2)" "survey sent,2"
expect 0 "lifecycle of the second source per day" "$bin" metrics lifecycle --db a.db --source "$src2" --interval day --from "$day" --to "$day" --format csv
same "lifecycle: k1..k4 are new yesterday" "$(sed -n 2p out.txt | cut -d, -f1,4,5,6)" "$day,4,4,0"
expect 2 "a funnel of one step" "$bin" metrics funnel --db a.db --source "$src1" --steps intake_gestart
has "it names --steps" err.txt "^scalelab: --steps: "
expect 0 "table format" "$bin" metrics stickiness --db a.db --source "$src1"
has "table header" out.txt "^ +date +dau +mau +stickiness$"
has "table rule" out.txt "^-{10}  -+"

# usage errors name the option (exit 2)
expect 2 "an unknown kind" "$bin" metrics lifetime --db a.db --source "$src1"
has "it says so" err.txt "unknown metric kind 'lifetime'"
expect 2 "an option of another kind" "$bin" metrics nps --db a.db --source "$src1" --days 3
has "it names the option" err.txt "^scalelab: --days is not an option of 'metrics nps'"
expect 2 "a bad date" "$bin" metrics churn --db a.db --source "$src1" --from 2026-02-30
has "it names --from" err.txt "^scalelab: --from: "
expect 2 "a bad interval" "$bin" metrics activation --db a.db --source "$src1" --interval fortnight
has "it names --interval" err.txt "^scalelab: --interval: "
expect 2 "a bad format" "$bin" metrics nps --db a.db --source "$src1" --format xml
has "it names --format" err.txt "^scalelab: --format"
expect 2 "no --source" "$bin" metrics nps --db a.db
has "it names --source" err.txt "needs --source"
expect 2 "a source that does not exist" "$bin" metrics nps --db a.db --source 999
expect 1 "no event store" "$bin" metrics nps --db a.db --source "$src1" --events-dir "$tmp/none"
has "it says there is none" err.txt "cannot read the event store .*there is none"
expect 0 "--help lists the metrics command" "$bin" --help
has "--help shows metrics" out.txt "^  metrics KIND --db FILE --source ID"

echo "$pass passed, $fail failed"
[ "$fail" -eq 0 ]
