#!/usr/bin/env bash
# SPDX-License-Identifier: EUPL-1.2
# Audit: CLI actions (org add, user add, admin grant, membership, passwd,
# token) write an audit row with actor "cli:<OS user>"; audit_log rows can
# be inserted but never changed or deleted (schema step 8 triggers).
# Usage: audit.sh ./scalelab
set -u
bin=$(realpath "${1:-./scalelab}")
tmp=$(mktemp -d "${TMPDIR:-/tmp}/scalelab-audit-XXXXXX")
trap 'rm -rf "$tmp"' EXIT
cd "$tmp" || exit 1
pass=0
fail=0
ok() { pass=$((pass + 1)); echo "ok - $1"; }
no() { fail=$((fail + 1)); echo "not ok - $1"; }
same() { if [ "$2" = "$3" ]; then ok "$1"; else no "$1 ('$2' != '$3')"; fi; }
q() { sqlite3 a.db "$1"; }

"$bin" init --db a.db >/dev/null 2>&1
"$bin" org add --db a.db --slug auditdorp --name Auditdorp >/dev/null 2>&1
org=$(q "SELECT id FROM organisations WHERE slug='auditdorp'")
echo 'een-lang-wachtwoord' | "$bin" user add --db a.db --email ann@audit.test --name Ann --org auditdorp --role beheerder --admin >/dev/null 2>&1
uid=$(q "SELECT id FROM users WHERE email='ann@audit.test'")
echo 'nog-een-lang-wachtwoord' | "$bin" user passwd --db a.db --email ann@audit.test >/dev/null 2>&1
"$bin" user token --db a.db --email ann@audit.test --name t >/dev/null 2>&1
me=$(id -un)
row() { q "SELECT actor||'|'||object||'|'||result||'|'||ifnull(org_id,'') FROM audit_log WHERE action='$1' ORDER BY id DESC LIMIT 1"; }
same "org add is audited with its organisation" "$(row org.add)" "cli:$me|organisation/$org|ok|$org"
same "user add is audited" "$(row user.add)" "cli:$me|user/$uid|ok|"
same "admin grant is audited" "$(row user.admin_grant)" "cli:$me|user/$uid|ok|"
same "membership is audited in its organisation" "$(row member.add)" "cli:$me|user/$uid|ok|$org"
same "passwd is audited" "$(row user.passwd)" "cli:$me|user/$uid|ok|"
same "token is audited" "$(row token.create)" "cli:$me|user/$uid|ok|"
same "a failed user add leaves no audit row" \
	"$(echo 'een-lang-wachtwoord' | "$bin" user add --db a.db --email ann@audit.test --name Ann >/dev/null 2>&1; q "SELECT count(*) FROM audit_log WHERE action='user.add'")" 1

n=$(q "SELECT count(*) FROM audit_log")
q "UPDATE audit_log SET result='ok'" >/dev/null 2>err.txt
same "UPDATE on audit_log is refused" "$(grep -c 'append-only' err.txt)" 1
q "DELETE FROM audit_log" >/dev/null 2>err.txt
same "DELETE on audit_log is refused" "$(grep -c 'append-only' err.txt)" 1
same "no audit row changed or lost" "$(q 'SELECT count(*) FROM audit_log')" "$n"
q "INSERT INTO audit_log(at,actor,action,result) VALUES('2026-01-01T00:00:00Z','x','y','ok')"
same "INSERT still works" "$(q 'SELECT count(*) FROM audit_log')" "$((n + 1))"

echo "$pass passed, $fail failed"
[ "$fail" -eq 0 ]
