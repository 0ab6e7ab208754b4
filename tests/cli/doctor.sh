#!/usr/bin/env bash
# SPDX-License-Identifier: EUPL-1.2
# scalelab doctor (issue 17, Operations): a sound deployment passes with no
# failure; each problem it knows is named with what to do: a database open to
# other users, plain http on a public host, https without a trusted proxy, a
# damaged database, a missing one, a database made by a newer program.
# New databases are created for their owner only. Usage: doctor.sh ./scalelab
set -u
bin=$(realpath "${1:-./scalelab}")
tmp=$(mktemp -d "${TMPDIR:-/tmp}/scalelab-doctor-XXXXXX")
trap 'rm -rf "$tmp"' EXIT
cd "$tmp" || exit 1
pass=0
fail=0
ok() { pass=$((pass + 1)); echo "ok - $1"; }
no() { fail=$((fail + 1)); echo "not ok - $1"; }
same() { if [ "$2" = "$3" ]; then ok "$1"; else no "$1 ('$2' != '$3')"; fi; }
has() { if grep -qE -- "$3" "$2"; then ok "$1"; else no "$1 (no /$3/ in $2: $(head -c 600 "$2"))"; fi; }

"$bin" init --db a.db --demo >/dev/null
same "a new database is for its owner only" "$(stat -c %a a.db)" 600
"$bin" doctor --db a.db --public-url https://lab.voorbeeldstad.nl --trusted-proxy 10.0.0.0/8 \
	--security-contact mailto:security@voorbeeldstad.nl >out.txt
same "a sound deployment: exit 0" "$?" 0
has "no failure, no warning" out.txt "^0 failed, 0 warnings$"
has "the schema is current" out.txt "^ok +schema at step ([0-9]+) of \1$"

chmod 644 a.db
"$bin" doctor --db a.db --public-url http://lab.voorbeeldstad.nl >out.txt
same "plain http on a public host fails" "$?" 1
has "names the open file with the fix" out.txt "^warn .*every user.*chmod 600"
has "names plain http with the fix" out.txt "^FAIL +public URL http://lab.*https"
"$bin" doctor --db a.db --public-url https://lab.voorbeeldstad.nl >out.txt
has "https without a trusted proxy is a warning" out.txt "^warn +https but no --trusted-proxy"

"$bin" doctor --db missing.db >out.txt
same "a missing database fails" "$?" 1
has "and says how to make one" out.txt "^FAIL +database missing.db does not exist.*scalelab init"

sqlite3 a.db "PRAGMA wal_checkpoint(TRUNCATE)" >/dev/null
cp a.db newer.db
sqlite3 newer.db "INSERT INTO schema_migrations(version, applied_at) VALUES(9999, '2030-01-01T00:00:00Z')"
"$bin" doctor --db newer.db >out.txt
same "a database of a newer program fails" "$?" 1
has "and says so" out.txt "^FAIL +schema at step 9999.*newer"

sqlite3 a.db "PRAGMA wal_checkpoint(TRUNCATE)" >/dev/null
size=$(stat -c %s a.db)
dd if=/dev/urandom of=a.db bs=4096 seek=3 count=4 conv=notrunc 2>/dev/null
"$bin" doctor --db a.db >out.txt
same "a damaged database fails" "$?" 1
has "and points to restore" out.txt "^FAIL .*(damaged|cannot be opened).*"

echo "$pass passed, $fail failed"
[ "$fail" -eq 0 ]
