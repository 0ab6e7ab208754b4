#!/usr/bin/env bash
# SPDX-License-Identifier: EUPL-1.2
# CLI contract: init, org add, user add/passwd/token, backup, export and
# import round trip, serve + SIGTERM, and the documented exit statuses
# (0 ok, 1 failure, 2 bad usage or bad input). Usage: roundtrip.sh ./scalelab
set -u
bin=$(realpath "${1:-./scalelab}")
tmp=$(mktemp -d "${TMPDIR:-/tmp}/scalelab-cli-XXXXXX")
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
# expect STATUS NAME COMMAND...: runs the command, output in out.txt/err.txt
expect() {
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
q() { sqlite3 "$1" "$2"; }

# --- help and version -------------------------------------------------------------
expect 0 "--help exits 0" "$bin" --help
for cmd in serve init user backup export import version; do has "--help lists $cmd" out.txt "^  $cmd( |$)"; done
has "--help shows the route table" out.txt "/organisaties/\{org\}/initiatieven"
expect 0 "version exits 0" "$bin" version
has "version prints a version" out.txt "^scalelab [0-9]+\.[0-9]+\.[0-9]+"
expect 2 "unknown command is bad usage" "$bin" bogus
expect 2 "init without --db is bad usage" "$bin" init
expect 2 "init with an unknown option is bad usage" "$bin" init --db x.db --wat

# --- init -------------------------------------------------------------------------
expect 0 "init creates a database" "$bin" init --db a.db
has "init reports the schema version" out.txt "schema version [1-9]"
same "journal mode is WAL" "$(q a.db 'PRAGMA journal_mode')" wal
same "tables are STRICT" "$(q a.db "SELECT count(*) FROM pragma_table_list WHERE schema='main' AND name IN ('users','initiatives','audit_log') AND strict=1")" 3
same "migrations are recorded" "$(q a.db 'SELECT count(*)>0 FROM schema_migrations')" 1
expect 0 "init is idempotent" "$bin" init --db a.db
expect 0 "init --demo adds demo data" "$bin" init --db a.db --demo
has "init --demo prints the demo login" out.txt "demo@scalelab\.test"
expect 0 "init --demo twice is harmless" "$bin" init --db a.db --demo
same "demo data once only" "$(q a.db "SELECT count(*) FROM organisations WHERE slug='gemeente-voorbeeldstad'")" 1

# --- org and user -------------------------------------------------------------------
expect 0 "org add" "$bin" org add --db a.db --slug proefdorp --name "Proefdorp" --kind samenleving
expect 1 "org add twice fails" "$bin" org add --db a.db --slug proefdorp --name "Proefdorp"
expect 2 "org add with a bad slug is bad input" "$bin" org add --db a.db --slug "Niet Goed" --name X
expect 0 "user add reads the password on stdin" "$bin" user add --db a.db --email kees@proef.test --name "Kees" --org proefdorp --role beheerder <<<"molen-wachtwoord-1"
same "user is beheerder of the org" "$(q a.db "SELECT role FROM memberships m JOIN users u ON u.id=m.user_id WHERE u.email='kees@proef.test'")" beheerder
same "password stored as argon2id" "$(q a.db "SELECT substr(pw_hash,1,10) FROM users WHERE email='kees@proef.test'")" '$argon2id$'
if q a.db "SELECT * FROM users" | grep -q "molen-wachtwoord-1"; then no "password not stored in plain text"; else ok "password not stored in plain text"; fi
expect 2 "user add with a short password" "$bin" user add --db a.db --email kort@proef.test --name K <<<"kort"
expect 1 "user add twice fails" "$bin" user add --db a.db --email KEES@proef.test --name "Kees" <<<"molen-wachtwoord-1"
expect 2 "user add --role without --org" "$bin" user add --db a.db --email r@proef.test --name R --role lezer <<<"lang-genoeg-1"
expect 2 "user add with an unknown role" "$bin" user add --db a.db --email r@proef.test --name R --org proefdorp --role koning <<<"lang-genoeg-1"
expect 1 "user add to an unknown org" "$bin" user add --db a.db --email r@proef.test --name R --org nergens --role lezer <<<"lang-genoeg-1"
expect 2 "user add without an e-mail address" "$bin" user add --db a.db --email geen-adres --name R <<<"lang-genoeg-1"

# --- tokens -------------------------------------------------------------------------
expect 0 "user token prints a token" "$bin" user token --db a.db --email kees@proef.test --name ci
tok=$(cat out.txt)
if [[ "$tok" =~ ^[A-Za-z0-9_-]{32,}$ ]]; then ok "token looks like a token"; else no "token looks like a token ('$tok')"; fi
if q a.db "SELECT quote(hash)||name FROM tokens" | grep -qF "$tok"; then no "token stored hashed"; else ok "token stored hashed"; fi
same "token row recorded" "$(q a.db "SELECT t.name FROM tokens t JOIN users u ON u.id=t.user_id WHERE u.email='kees@proef.test'")" ci
expect 1 "user token for an unknown user" "$bin" user token --db a.db --email niemand@proef.test
same "token expires in 90 days by default" "$(q a.db "SELECT expires_s - strftime('%s', created_at) FROM tokens WHERE name='ci'")" 7776000
expect 0 "user token --days 365" "$bin" user token --db a.db --email kees@proef.test --name jaar --days 365
same "token --days sets the expiry" "$(q a.db "SELECT expires_s - strftime('%s', created_at) FROM tokens WHERE name='jaar'")" 31536000
expect 2 "user token --days 0 is refused" "$bin" user token --db a.db --email kees@proef.test --days 0
expect 2 "user token --days 366 is refused" "$bin" user token --db a.db --email kees@proef.test --days 366
expect 2 "user token --days x is refused" "$bin" user token --db a.db --email kees@proef.test --days 7x

# --- serve: token works, SIGTERM stops cleanly ---------------------------------------------
port=$(node -e 'const s=require("net").createServer();s.listen(0,"127.0.0.1",()=>{console.log(s.address().port);s.close()})')
"$bin" serve --db a.db --listen "127.0.0.1:$port" --require-mfa none 2>serve.log &
srv_pid=$!
up=0
for _ in $(seq 100); do
	if curl -s -o /dev/null "http://127.0.0.1:$port/toegankelijkheid"; then up=1; break; fi
	sleep 0.05
done
same "serve listens on the given address" "$up" 1
code=$(curl -s -o me.json -w '%{http_code}' -H "Authorization: Bearer $tok" "http://127.0.0.1:$port/api/v1/organisaties")
same "CLI token works as bearer" "$code" 200
has "bearer sees its organisation" me.json '"slug":"proefdorp"'
has "serve logs to stderr" serve.log "listening on http://127.0.0.1:$port"
code=$(curl -s -o /dev/null -w '%{http_code}' -X POST -H "Authorization: Bearer $tok" -H 'Content-Type: application/json' \
	-d '{"name":"Via de CLI-token","stage":"idee"}' "http://127.0.0.1:$port/api/v1/organisaties/proefdorp/initiatieven")
same "CLI token can write" "$code" 201
expect 0 "backup while serving" "$bin" backup --db a.db live.db
same "live backup has the new initiative" "$(q live.db "SELECT count(*) FROM initiatives WHERE name='Via de CLI-token'")" 1
kill -TERM "$srv_pid"
wait "$srv_pid"
same "serve exits 0 on SIGTERM" "$?" 0
srv_pid=
has "serve logs the stop" serve.log "stopping"
# every worker closed its connection: the write-ahead log was folded back and removed
if [ ! -s a.db-wal ]; then ok "no write-ahead log left after SIGTERM"; else no "no write-ahead log left after SIGTERM ($(stat -c %s a.db-wal) bytes)"; fi

# --- passwd -------------------------------------------------------------------------
q a.db "INSERT INTO sessions(id_hash,user_id,created_s,seen_s) SELECT randomblob(32), id, 0, 0 FROM users WHERE email='kees@proef.test'"
old_hash=$(q a.db "SELECT pw_hash FROM users WHERE email='kees@proef.test'")
expect 0 "user passwd" "$bin" user passwd --db a.db --email kees@proef.test <<<"nieuw-wachtwoord-2"
new_hash=$(q a.db "SELECT pw_hash FROM users WHERE email='kees@proef.test'")
if [ "$old_hash" != "$new_hash" ]; then ok "passwd changes the hash"; else no "passwd changes the hash"; fi
same "passwd ends the user's sessions" "$(q a.db "SELECT count(*) FROM sessions s JOIN users u ON u.id=s.user_id WHERE u.email='kees@proef.test'")" 0
same "passwd revokes the user's tokens" "$(q a.db "SELECT count(*) FROM tokens t JOIN users u ON u.id=t.user_id WHERE u.email='kees@proef.test'")" 0
expect 2 "passwd with a short password" "$bin" user passwd --db a.db --email kees@proef.test <<<"kort"
expect 1 "passwd for an unknown user" "$bin" user passwd --db a.db --email niemand@proef.test <<<"lang-genoeg-1"

# --- backup -------------------------------------------------------------------------
expect 0 "backup" "$bin" backup --db a.db b.db
same "backup passes integrity_check" "$(q b.db 'PRAGMA integrity_check')" ok
same "backup has every initiative" "$(q b.db 'SELECT count(*) FROM initiatives')" "$(q a.db 'SELECT count(*) FROM initiatives')"
same "backup has every user" "$(q b.db 'SELECT group_concat(email) FROM users ORDER BY id')" "$(q a.db 'SELECT group_concat(email) FROM users ORDER BY id')"
expect 1 "backup refuses to overwrite" "$bin" backup --db a.db b.db
expect 2 "backup without a target" "$bin" backup --db a.db
expect 1 "backup of a missing database" "$bin" backup --db missing.db c.db

# --- export / import round trip -------------------------------------------------------
expect 0 "export to stdout" "$bin" export --db a.db
cp out.txt e1.json
expect 0 "export --out" "$bin" export --db a.db --out e1b.json
node -e 'const d=require("./e1.json");process.exit(d.format==="scalelab-export"&&d.tables.initiatives.length>0?0:1)' &&
	ok "export is a scalelab-export document with initiatives" || no "export is a scalelab-export document with initiatives"
if grep -qE "molen-wachtwoord|nieuw-wachtwoord-2|demo-opschalen-2026|$tok" e1.json; then no "export holds no password or token"; else ok "export holds no password or token"; fi
if grep -q '"sessions"\|"tokens"' e1.json; then no "export leaves out sessions and tokens"; else ok "export leaves out sessions and tokens"; fi
expect 0 "import into a new database" "$bin" import --db imp.db --in e1.json
has "import reports completion" out.txt "import complete"
"$bin" export --db imp.db --out e2.json 2>/dev/null
# the import's own audit row (action "import") is the one difference
strip() { node -e 'const d=require(process.argv[1]);delete d.exportedAt;d.tables.audit_log=d.tables.audit_log.filter((r)=>r.action!=="import");console.log(JSON.stringify(d))' "$1"; }
same "import is audited" "$(q imp.db "SELECT count(*) FROM audit_log WHERE action='import' AND actor LIKE 'cli%'")" 1
same "export → import → export is identical" "$(strip ./e1.json)" "$(strip ./e2.json)"
same "imported database passes integrity_check" "$(q imp.db 'PRAGMA integrity_check')" ok
same "imported database passes foreign_key_check" "$(q imp.db 'PRAGMA foreign_key_check')" ""
expect 1 "import into a non-empty database" "$bin" import --db imp.db --in e1.json
has "import says why" err.txt "not empty"
echo '{"format": "scalelab-export", ' >broken.json
expect 2 "import of broken JSON is bad input" "$bin" import --db new1.db --in broken.json
has "broken JSON error names file and line" err.txt "^broken\.json:[0-9]+: "
echo '{"format": "iets-anders", "version": 1, "tables": {}}' >other.json
expect 2 "import of a foreign document is bad input" "$bin" import --db new2.db --in other.json
expect 0 "import from stdin" "$bin" import --db new3.db <e1.json
same "stdin import has every initiative" "$(q new3.db 'SELECT count(*) FROM initiatives')" "$(q a.db 'SELECT count(*) FROM initiatives')"

# The imported database serves: the imported password hash logs in.
port=$(node -e 'const s=require("net").createServer();s.listen(0,"127.0.0.1",()=>{console.log(s.address().port);s.close()})')
"$bin" serve --db imp.db --listen "127.0.0.1:$port" --require-mfa none 2>serve2.log &
srv_pid=$!
for _ in $(seq 100); do curl -s -o /dev/null "http://127.0.0.1:$port/toegankelijkheid" && break; sleep 0.05; done
curl -s -c jar.txt -o login.html "http://127.0.0.1:$port/inloggen"
csrf=$(sed -n 's/.*name="_csrf" value="\([^"]*\)".*/\1/p' login.html | head -1)
code=$(curl -s -b jar.txt -o /dev/null -w '%{http_code}' -H "Origin: http://127.0.0.1:$port" \
	--data-urlencode "_csrf=$csrf" --data-urlencode "email=kees@proef.test" --data-urlencode "password=nieuw-wachtwoord-2" \
	--data-urlencode "next=/" "http://127.0.0.1:$port/inloggen")
same "imported account logs in with its password" "$code" 303
kill -TERM "$srv_pid"
wait "$srv_pid"
srv_pid=

echo "$pass passed, $fail failed"
[ "$fail" -eq 0 ]
