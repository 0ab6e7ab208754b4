#!/usr/bin/env bash
# SPDX-License-Identifier: EUPL-1.2
# Backup and restore (issue 17, Operations): a backup taken while four
# clients write through the API holds every write acknowledged before it
# started and passes SQLite's integrity and foreign-key checks once
# restored; restore refuses a damaged backup, one from a newer program, and
# a database a running server uses, and keeps the database it replaces.
# Usage: restore.sh ./scalelab
set -u
bin=$(realpath "${1:-./scalelab}")
tmp=$(mktemp -d "${TMPDIR:-/tmp}/scalelab-restore-XXXXXX")
srv_pid=
writers=()
cleanup() {
	for w in "${writers[@]}"; do kill "$w" 2>/dev/null; done
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

"$bin" init --db a.db --demo >/dev/null
tok=$("$bin" user token --db a.db --email demo@scalelab.test)
port=$(node -e 'const s=require("net").createServer();s.listen(0,"127.0.0.1",()=>{console.log(s.address().port);s.close()})')
"$bin" serve --db a.db --listen "127.0.0.1:$port" --require-mfa none 2>serve.log &
srv_pid=$!
for _ in $(seq 100); do curl -s -o /dev/null "http://127.0.0.1:$port/toegankelijkheid" && break; sleep 0.05; done

# Four writers; each line of w<N>.log is a name the server acknowledged (201).
writer() {
	local n=$1 i=0
	while :; do
		i=$((i + 1))
		code=$(curl -s -o /dev/null -w '%{http_code}' -X POST -H "Authorization: Bearer $tok" \
			-H 'Content-Type: application/json' -d "{\"name\":\"Last $n-$i\",\"stage\":\"idee\"}" \
			"http://127.0.0.1:$port/api/v1/organisaties/gemeente-voorbeeldstad/initiatieven")
		[ "$code" = 201 ] && echo "Last $n-$i" >>"w$n.log"
	done
}
for n in 1 2 3 4; do
	writer "$n" &
	writers+=($!)
done
sleep 1.5
cat w*.log | sort >acked-before.txt
"$bin" backup --db a.db b.db 2>backup.err
same "backup under load succeeds" "$?" 0
sleep 0.5
for w in "${writers[@]}"; do kill "$w" 2>/dev/null; wait "$w" 2>/dev/null; done
writers=()
cat w*.log | sort >acked-all.txt
before=$(wc -l <acked-before.txt)
all=$(wc -l <acked-all.txt)
if [ "$before" -gt 20 ] && [ "$all" -gt "$before" ]; then ok "writes went on during the backup ($before before, $all in all)"; else no "writes went on during the backup ($before before, $all in all)"; fi

"$bin" restore --db a.db b.db >out.txt 2>err.txt
same "restore refuses a database a running server uses" "$?" 1
if grep -q "in use" err.txt; then ok "and says why"; else no "and says why ($(cat err.txt))"; fi
same "the served database is untouched" "$(q a.db 'PRAGMA integrity_check')" ok

"$bin" restore --db r.db b.db >out.txt 2>err.txt
same "restore into a new file" "$?" 0
same "restored: integrity_check" "$(q r.db 'PRAGMA integrity_check')" ok
same "restored: no foreign-key violations" "$(q r.db 'PRAGMA foreign_key_check' | wc -l)" 0
q r.db "SELECT name FROM initiatives WHERE name LIKE 'Last %'" | sort >restored.txt
missing=$(comm -23 acked-before.txt restored.txt | wc -l)
same "every write acknowledged before the backup is there" "$missing" 0
extra=$(comm -13 acked-all.txt restored.txt | wc -l)
same "nothing that was never acknowledged is there" "$extra" 0
same "the restore is audited" "$(q r.db "SELECT count(*) FROM audit_log WHERE action='db.restore'")" 1

kill -TERM "$srv_pid"
wait "$srv_pid"
srv_pid=
sum_before=$(sha256sum a.db | cut -d' ' -f1)
head -c 40000 b.db >broken.db
"$bin" restore --db a.db broken.db >out.txt 2>err.txt
same "a damaged backup is refused" "$?" 1
same "and nothing changed" "$(sha256sum a.db | cut -d' ' -f1)" "$sum_before"
cp b.db newer.db
q newer.db "INSERT INTO schema_migrations(version, applied_at) VALUES(9999, '2030-01-01T00:00:00Z')" 2>/dev/null ||
	q newer.db "INSERT INTO schema_migrations(version) VALUES(9999)"
"$bin" restore --db a.db newer.db >out.txt 2>err.txt
same "a backup from a newer program is refused" "$?" 1
if grep -q "newer Scalelab" err.txt; then ok "and says so"; else no "and says so ($(cat err.txt))"; fi

"$bin" restore --db a.db b.db >out.txt 2>err.txt
same "restore over the stopped database" "$?" 0
kept=$(ls a.db.before-restore-* 2>/dev/null | head -1)
if [ -n "$kept" ] && [ "$(q "$kept" 'PRAGMA integrity_check')" = ok ]; then ok "the replaced database is kept beside it"; else no "the replaced database is kept beside it"; fi
same "the restored database holds the backup" "$(q a.db "SELECT count(*) FROM initiatives")" "$(q b.db "SELECT count(*) FROM initiatives")"

echo "$pass passed, $fail failed"
[ "$fail" -eq 0 ]
