#!/usr/bin/env bash
# SPDX-License-Identifier: EUPL-1.2
# scalelab doctor (issue 17, Operations): a sound deployment passes with no
# failure; each problem it knows is named with what to do: a database open to
# other users, plain http on a public host, https without a trusted proxy, a
# damaged database, a missing one, a database made by a newer program; the
# event store's directory and disk; the SMTP relay (a real one from npm
# smtp-server, with and without STARTTLS, a closed port, a silent listener).
# New databases are created for their owner only. Usage: doctor.sh ./scalelab
set -u
bin=$(realpath "${1:-./scalelab}")
root=$(cd "$(dirname "$0")/../.." && pwd)
tmp=$(mktemp -d "${TMPDIR:-/tmp}/scalelab-doctor-XXXXXX")
pids=()
trap 'for p in "${pids[@]}"; do kill "$p" 2>/dev/null; done; rm -rf "$tmp"' EXIT
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

# The event store: serve makes DIR (default FILE.events) and writes there.
"$bin" init --db e.db >/dev/null
"$bin" doctor --db e.db >out.txt
has "a store not made yet is fine when its directory is writable" out.txt "^ok +event store e.db.events does not exist yet"
has "and the free space for it is shown" out.txt "^ok +free disk space for the event store [0-9.]+ GiB of"
mkdir ev
"$bin" doctor --db e.db --events-dir ev >out.txt
has "free space in the event store's own directory" out.txt "^ok +free disk space in the event store [0-9.]+ GiB"
: >evfile
"$bin" doctor --db e.db --events-dir evfile >out.txt
same "an event store that is a file fails" "$?" 1
has "and says what to do" out.txt "^FAIL +event store evfile is not a writable directory -- .*--events-dir"

# SMTP: skipped without --smtp; with it, connect + greeting + EHLO + STARTTLS.
"$bin" doctor --db e.db >out.txt
has "no --smtp: the check is skipped" out.txt "^ok +no --smtp: .*skipped"
node "$root/tests/cli/smtp-relay.mjs" starttls >relay1.port &
pids+=($!)
node "$root/tests/cli/smtp-relay.mjs" plain >relay2.port &
pids+=($!)
python3 -c 'import socket,sys,time
s=socket.socket(); s.bind(("127.0.0.1",0)); s.listen(4); print(s.getsockname()[1], flush=True); time.sleep(60)' >silent.port &
pids+=($!)
closed=$(python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1",0)); print(s.getsockname()[1])')
for i in $(seq 1 100); do [ -s relay1.port ] && [ -s relay2.port ] && [ -s silent.port ] && break; sleep 0.1; done
good="--db a2.db --public-url https://lab.voorbeeldstad.nl --trusted-proxy 10.0.0.0/8 --security-contact mailto:security@voorbeeldstad.nl"
"$bin" init --db a2.db >/dev/null
# shellcheck disable=SC2086
"$bin" doctor $good --smtp "smtp://127.0.0.1:$(cat relay1.port)" >out.txt
same "a relay offering STARTTLS: exit 0" "$?" 0
has "it answers and offers STARTTLS" out.txt "^ok +SMTP relay smtp://127.0.0.1:[0-9]+ answers and offers STARTTLS$"
has "still no failure and no warning" out.txt "^0 failed, 0 warnings$"
# shellcheck disable=SC2086
"$bin" doctor $good --smtp "smtp://127.0.0.1:$(cat relay2.port)" >out.txt
same "a relay without STARTTLS fails" "$?" 1
has "and says serve would not send" out.txt "^FAIL +SMTP relay .* offers no STARTTLS -- .*refuses to send"
# shellcheck disable=SC2086
"$bin" doctor $good --smtp "smtp://127.0.0.1:$(cat relay2.port)" --smtp-insecure >out.txt
same "the same relay with --smtp-insecure passes" "$?" 0
has "with a warning" out.txt "^warn +SMTP relay .* offers no STARTTLS \\(--smtp-insecure\\)"
# shellcheck disable=SC2086
"$bin" doctor $good --smtp "smtp://127.0.0.1:$closed" >out.txt
same "a closed port fails" "$?" 1
has "as unreachable" out.txt "^FAIL +SMTP relay smtp://127.0.0.1:$closed cannot be reached"
start=$(date +%s%N)
# shellcheck disable=SC2086
"$bin" doctor $good --smtp "smtp://127.0.0.1:$(cat silent.port)" >out.txt
same "a listener that never greets fails" "$?" 1
has "as silent" out.txt "^FAIL +SMTP relay .* does not greet within 3 s"
ms=$((($(date +%s%N) - start) / 1000000))
if [ "$ms" -lt 6000 ]; then ok "and the wait is short ($ms ms)"; else no "the wait is short ($ms ms)"; fi
"$bin" doctor --db a2.db --smtp "http://127.0.0.1:1" >out.txt
same "a URL that is not SMTP fails" "$?" 1
has "and names the forms" out.txt "^FAIL +--smtp http://127.0.0.1:1 is not an smtp://"

echo "$pass passed, $fail failed"
[ "$fail" -eq 0 ]
