#!/usr/bin/env bash
# SPDX-License-Identifier: EUPL-1.2
# Upgrade: a database made by the round-1 release (tests/fixtures/round1.db,
# made by tests/fixtures/make-round1.sh) is brought up to date by `init` and
# by `serve`, keeps every row and answers through the API; schema steps never
# run out of order (a database with a step this release does not know, or a
# step missing below an applied one, is refused and left untouched).
# Usage: upgrade.sh ./scalelab
set -u
bin=$(realpath "${1:-./scalelab}")
fixture=$(realpath "$(dirname "$0")/../fixtures/round1.db")
tmp=$(mktemp -d "${TMPDIR:-/tmp}/scalelab-upgrade-XXXXXX")
srv_pid=
cleanup() {
	[ -n "$srv_pid" ] && kill -KILL "$srv_pid" 2>/dev/null
	rm -rf "$tmp"
}
trap cleanup EXIT
cd "$tmp" || exit 1
pass=0
fail=0
ok() { pass=$((pass + 1)); echo "ok - $1"; }
no() { fail=$((fail + 1)); echo "not ok - $1"; }
same() { if [ "$2" = "$3" ]; then ok "$1"; else no "$1 ('$2' != '$3')"; fi; }
q() { sqlite3 "$1" "$2"; }

counts="SELECT (SELECT count(*) FROM users)||','||(SELECT count(*) FROM initiatives)||','||
 (SELECT count(*) FROM assessment_rounds)||','||(SELECT count(*) FROM assessment_raters)||','||
 (SELECT count(*) FROM assessment_answers)||','||(SELECT count(*) FROM actions)||','||
 (SELECT count(*) FROM experiments)||','||(SELECT count(*) FROM analyses)||','||(SELECT count(*) FROM audit_log)"

cp "$fixture" r1.db
# a personal access token of before tokens expired
q r1.db "INSERT INTO tokens(user_id,name,hash,created_at) SELECT id,'oud',randomblob(32),'2026-01-01T00:00:00Z' FROM users ORDER BY id LIMIT 1"
before=$(q r1.db "$counts")
same "the fixture is a round-1 database (steps 1-5)" "$(q r1.db 'SELECT group_concat(version) FROM (SELECT version FROM schema_migrations ORDER BY version)')" "1,2,3,4,5"
"$bin" init --db r1.db >out.txt 2>err.txt
same "init upgrades the round-1 database (exit 0)" "$?" "0"
newest=$("$bin" init --db fresh.db 2>/dev/null | sed -nE 's/.*schema version ([0-9]+).*/\1/p')
same "the upgraded database is at the newest step" "$(q r1.db 'SELECT max(version) FROM schema_migrations')" "$newest"
same "every step is recorded once, in order" "$(q r1.db 'SELECT group_concat(version) FROM (SELECT version FROM schema_migrations ORDER BY version)')" "$(q fresh.db 'SELECT group_concat(version) FROM (SELECT version FROM schema_migrations ORDER BY version)')"
same "no row was lost" "$(q r1.db "$counts")" "$before"
same "integrity check" "$(q r1.db 'PRAGMA integrity_check')" "ok"
same "a token of before the upgrade expires 90 days after it" \
	"$(q r1.db "SELECT count(*) FROM tokens WHERE name='oud' AND expires_s - strftime('%s','now') BETWEEN 90*86400-600 AND 90*86400")" 1
same "foreign keys hold" "$(q r1.db 'PRAGMA foreign_key_check' | wc -l)" "0"
same "same tables as a fresh database" "$(q r1.db "SELECT group_concat(name) FROM (SELECT name FROM sqlite_schema WHERE type IN ('table','index') ORDER BY name)")" \
	"$(q fresh.db "SELECT group_concat(name) FROM (SELECT name FROM sqlite_schema WHERE type IN ('table','index') ORDER BY name)")"

# serve the upgraded round-1 data and read it through the API
cp "$fixture" served.db
tok=$("$bin" user token --db served.db --email demo@scalelab.test --name upgrade)
port=$((20000 + RANDOM % 20000))
"$bin" serve --db served.db --listen 127.0.0.1:$port --require-mfa none 2>serve.log &
srv_pid=$!
for _ in $(seq 100); do curl -fs "http://127.0.0.1:$port/api/v1/openapi.json" >/dev/null 2>&1 && break; sleep 0.1; done
get() { curl -s -H "Authorization: Bearer $tok" "http://127.0.0.1:$port/api/v1$1"; }
res=$(get /rondes/1/resultaten)
case "$res" in *'"evidence"'*) ok "round-1 results are served after the upgrade" ;; *) no "round-1 results are served ($(echo "$res" | head -c 200))" ;; esac
res=$(get /experimenten/1)
case "$res" in *'"opschalen"'*) ok "round-1 experiment keeps its decision" ;; *) no "round-1 experiment keeps its decision ($(echo "$res" | head -c 200))" ;; esac
kill -TERM $srv_pid
wait $srv_pid 2>/dev/null
srv_pid=

# never out of order
cp "$fixture" newer.db
q newer.db "INSERT INTO schema_migrations VALUES(999, '2030-01-01T00:00:00Z')"
"$bin" init --db newer.db >out.txt 2>err.txt
same "a database of a newer release is refused (exit 1)" "$?" "1"
if grep -q "step 999" err.txt && grep -q "newer release" err.txt; then ok "the refusal names the unknown step"; else no "the refusal names the unknown step: $(cat err.txt)"; fi
cp "$fixture" gap.db
q gap.db "DELETE FROM schema_migrations WHERE version=3"
sum=$(md5sum <gap.db)
"$bin" init --db gap.db >out.txt 2>err.txt
same "a step missing below an applied one is refused (exit 1)" "$?" "1"
if grep -q "step 3 is missing below step 5" err.txt; then ok "the refusal names the missing step"; else no "the refusal names the missing step: $(cat err.txt)"; fi
same "a refused database is left untouched" "$(md5sum <gap.db)" "$sum"

echo "$pass passed, $fail failed"
[ "$fail" -eq 0 ]
