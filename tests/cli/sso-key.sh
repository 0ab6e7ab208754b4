#!/usr/bin/env bash
# SPDX-License-Identifier: EUPL-1.2
# scalelab sso add --auth-method private_key_jwt and scalelab sso key: a
# key pair instead of a client secret, made by Scalelab or imported from a
# PEM file written by openssl (PKCS#8, RSA PRIVATE KEY, EC PRIVATE KEY with
# its EC PARAMETERS block). The public key Scalelab stores must be the one
# openssl derives from the file (compared as RFC 7638 thumbprints computed
# by Node's crypto, outside our code); the private key is stored sealed; a
# bad file is refused as FILE:LINE: message and nothing changes.
# Usage: sso-key.sh ./scalelab
set -u
bin=$(realpath "${1:-./scalelab}")
tmp=$(mktemp -d "${TMPDIR:-/tmp}/scalelab-sso-key-XXXXXX")
trap 'rm -rf "$tmp"' EXIT
cd "$tmp" || exit 1
pass=0
fail=0
ok() { pass=$((pass + 1)); echo "ok - $1"; }
no() { fail=$((fail + 1)); echo "not ok - $1"; }
same() { if [ "$2" = "$3" ]; then ok "$1"; else no "$1 ('$2' != '$3')"; fi; }
q() { sqlite3 s.db "$1"; }
# the RFC 7638 thumbprint of the public key in a PEM file, by Node's crypto
thumb() {
	node -e '
const c = require("crypto");
const j = c.createPublicKey(require("fs").readFileSync(process.argv[1])).export({ format: "jwk" });
const m = j.kty === "RSA" ? { e: j.e, kty: "RSA", n: j.n } : { crv: j.crv, kty: "EC", x: j.x, y: j.y };
console.log(c.createHash("sha256").update(JSON.stringify(m)).digest("base64url"));' "$1"
}
kid() { q "SELECT json_extract(key_public, '\$.kid') FROM sso_providers p JOIN organisations o ON o.id = p.org_id WHERE o.slug = '$1'"; }

"$bin" init --db s.db >/dev/null 2>&1
for o in utrecht zeist amersfoort; do "$bin" org add --db s.db --slug $o --name "Gemeente $o" >/dev/null 2>&1; done
openssl genpkey -algorithm RSA -pkeyopt rsa_keygen_bits:2048 -out rsa8.pem 2>/dev/null
openssl genrsa -traditional -out rsa1.pem 3072 2>/dev/null
openssl ecparam -name prime256v1 -genkey -out ec.pem 2>/dev/null
openssl genrsa -out small.pem 1024 2>/dev/null
openssl pkey -in rsa8.pem -pubout -out pub.pem 2>/dev/null
openssl pkey -in rsa8.pem -aes256 -passout pass:geheim -out enc.pem 2>/dev/null

# add with a key made by Scalelab: no secret on standard input, the JWKS address printed
"$bin" sso add --db s.db --org utrecht --issuer https://login.utrecht.example --client-id scalelab \
	--auth-method private_key_jwt --public-url https://lab.utrecht.example </dev/null >out 2>err
same "sso add with private_key_jwt succeeds without a secret" "$?" "0"
grep -q "jwks_uri https://lab.utrecht.example/api/v1/sso/utrecht/jwks.json" out && ok "the JWKS address is printed" || no "the JWKS address is printed ($(cat out err))"
same "the method is stored" "$(q "SELECT auth_method FROM sso_providers")" "private_key_jwt"
same "no secret is stored" "$(q "SELECT coalesce(length(secret_box), 0) FROM sso_providers")" "0"
k1=$(kid utrecht)
grep -q "client key $k1 (RS256)" out && ok "the kid is printed" || no "the kid is printed ($(cat out))"
same "the key made is RSA 2048" "$(q "SELECT json_extract(key_public, '\$.kty') || length(json_extract(key_public, '\$.n')) FROM sso_providers")" "RSA342"
same "audited" "$(q "SELECT count(*) FROM audit_log WHERE action = 'sso.key' AND actor LIKE 'cli:%'")" "1"
"$bin" sso add --db s.db --org utrecht --issuer https://login.utrecht.example --client-id scalelab \
	--auth-method private_key_jwt </dev/null >out 2>err
same "running add again keeps the key" "$(kid utrecht)" "$k1"

# imported from PEM files: the stored public key is the file's
"$bin" sso add --db s.db --org zeist --issuer https://login.zeist.example --client-id z \
	--auth-method private_key_jwt --key-pem ec.pem </dev/null >out 2>err
same "add with an EC PRIVATE KEY file (after EC PARAMETERS)" "$?" "0"
same "its public key is the file's (thumbprint by Node)" "$(kid zeist)" "$(thumb ec.pem)"
same "ES256" "$(q "SELECT json_extract(key_public, '\$.alg') FROM sso_providers p JOIN organisations o ON o.id = p.org_id WHERE o.slug = 'zeist'")" "ES256"
for f in rsa8.pem rsa1.pem; do
	"$bin" sso key --db s.db --org utrecht --pem $f >out 2>err
	same "sso key --pem $f succeeds" "$?" "0"
	same "$f: the stored public key is the file's" "$(kid utrecht)" "$(thumb $f)"
done
same "the private key is not stored in clear" "$(q "SELECT instr(CAST(key_box AS TEXT), 'PRIVATE') + instr(CAST(key_box AS TEXT), '\"d\"') FROM sso_providers")" "0
0"
"$bin" sso key --db s.db --org utrecht --alg ES256 >out 2>err
same "sso key --alg ES256 makes a new pair" "$(q "SELECT json_extract(key_public, '\$.crv') FROM sso_providers p JOIN organisations o ON o.id = p.org_id WHERE o.slug = 'utrecht'")" "P-256"

# bad files: FILE:LINE: message, exit 2, nothing changed
before=$(kid utrecht)
sed '3s/^./*/' rsa8.pem >bad64.pem
cat rsa8.pem ec.pem >two.pem
printf 'geen sleutel\n' >none.pem
for c in "small.pem:1: Only RSA keys of 2048" "pub.pem:1: This is a public key" "enc.pem:1: The key is encrypted with a passphrase" \
	"bad64.pem:3: A character that does not belong" "two.pem:29: A second key starts here" "none.pem:1: No PEM private key found"; do
	f=${c%%:*}
	"$bin" sso key --db s.db --org utrecht --pem "$f" >out 2>err
	same "$f is refused" "$?" "2"
	grep -qF "$c" err && ok "$f: the message is '$c...'" || no "$f: the message ($(cat err))"
done
"$bin" sso key --db s.db --org utrecht --pem nergens.pem >out 2>err
grep -q "nergens.pem: cannot be read" err && ok "a missing file is named" || no "a missing file is named ($(cat err))"
same "the key did not change" "$(kid utrecht)" "$before"
grep -q "PRIVATE\|MII" err && no "the key never appears in a message" || ok "the key never appears in a message"
"$bin" sso key --db s.db --org amersfoort --pem rsa8.pem >out 2>err
same "an organisation without single sign-on has no key to set" "$?" "1"
echo x | "$bin" sso add --db s.db --org amersfoort --issuer https://a.example --client-id a --key-pem rsa8.pem >/dev/null 2>&1
same "--key-pem without private_key_jwt is refused" "$?" "2"

echo "$pass passed, $fail failed"
[ "$fail" -eq 0 ]
