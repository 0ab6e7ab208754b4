#!/usr/bin/env bash
# SPDX-License-Identifier: EUPL-1.2
# scalelab sso add|remove: an organisation's identity provider set up from
# the command line with the page's rules (https issuer, known roles, a
# domain for one organisation), the secret read from standard input and
# stored sealed (never in plain text), each change audited as cli:<user>.
# Usage: sso.sh ./scalelab
set -u
bin=$(realpath "${1:-./scalelab}")
tmp=$(mktemp -d "${TMPDIR:-/tmp}/scalelab-sso-XXXXXX")
trap 'rm -rf "$tmp"' EXIT
cd "$tmp" || exit 1
pass=0
fail=0
ok() { pass=$((pass + 1)); echo "ok - $1"; }
no() { fail=$((fail + 1)); echo "not ok - $1"; }
same() { if [ "$2" = "$3" ]; then ok "$1"; else no "$1 ('$2' != '$3')"; fi; }
q() { sqlite3 s.db "$1"; }

"$bin" init --db s.db >/dev/null 2>&1
"$bin" org add --db s.db --slug utrecht --name 'Gemeente Utrecht' >/dev/null 2>&1
"$bin" org add --db s.db --slug zeist --name 'Gemeente Zeist' >/dev/null 2>&1
echo 'geheim-van-de-client' | "$bin" sso add --db s.db --org utrecht --issuer https://login.utrecht.example/realms/mw \
	--client-id scalelab --name 'Utrecht Account' --domains 'Utrecht.example utrecht.nl' \
	--groups 'innovatie=bewerker,it=beheerder' --jit >out 2>err
same "sso add succeeds" "$?" "0"
same "the provider is stored" "$(q "SELECT display_name||'|'||issuer||'|'||client_id||'|'||jit FROM sso_providers")" \
	"Utrecht Account|https://login.utrecht.example/realms/mw|scalelab|1"
same "domains in lower case" "$(q "SELECT group_concat(domain, ' ') FROM (SELECT domain FROM sso_domains ORDER BY domain)")" "utrecht.example utrecht.nl"
same "groups to roles" "$(q "SELECT group_concat(group_name||'='||role, ',') FROM (SELECT * FROM sso_group_roles ORDER BY group_name)")" "innovatie=bewerker,it=beheerder"
same "the secret is not stored in plain text" "$(q "SELECT instr(CAST(secret_box AS TEXT), 'geheim-van-de-client') FROM sso_providers")" "0"
same "audited as a CLI action" "$(q "SELECT actor LIKE 'cli:%' FROM audit_log WHERE action='sso.update'")" "1"
echo 'x' | "$bin" sso add --db s.db --org zeist --issuer https://login.zeist.example --client-id z --domains utrecht.nl >out 2>err
same "a domain of another organisation is refused" "$?" "1"
grep -q "utrecht.nl belongs to another" err && ok "the message names the domain" || no "the message names the domain ($(cat err))"
echo 'x' | "$bin" sso add --db s.db --org zeist --issuer http://login.zeist.example --client-id z >/dev/null 2>&1
same "a plain http issuer is refused" "$?" "2"
echo 'x' | "$bin" sso add --db s.db --org zeist --issuer https://login.zeist.example --client-id z --groups 'a=baas' >/dev/null 2>&1
same "an unknown role is refused" "$?" "2"
"$bin" sso add --db s.db --org zeist --issuer https://login.zeist.example --client-id z </dev/null >/dev/null 2>&1
same "no secret on standard input is refused" "$?" "2"
same "nothing was stored for zeist" "$(q "SELECT count(*) FROM sso_providers p JOIN organisations o ON o.id=p.org_id WHERE o.slug='zeist'")" "0"
"$bin" sso remove --db s.db --org utrecht >/dev/null 2>&1
same "sso remove succeeds" "$?" "0"
same "provider and domains are gone" "$(q "SELECT (SELECT count(*) FROM sso_providers)+(SELECT count(*) FROM sso_domains)")" "0"
same "the removal is audited" "$(q "SELECT count(*) FROM audit_log WHERE action='sso.delete'")" "1"
"$bin" sso remove --db s.db --org utrecht >/dev/null 2>&1
same "removing again says there is none" "$?" "1"

echo "$pass passed, $fail failed"
[ "$fail" -eq 0 ]
