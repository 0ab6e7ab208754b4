#!/usr/bin/env bash
# SPDX-License-Identifier: EUPL-1.2
# The national-lab bench (issue 17, Performance; called by bench/run.sh after
# its own part, or alone: bench/lab.sh). Builds a national lab's data set into
# a fresh database, reproducibly (LAB_SEED, default 2026: the same seed gives
# the same rows), in one SQL transaction on top of `scalelab init --demo`:
#   1,000 organisations; the largest ("landelijk-opschalingslab") has 2,000
#   initiatives, the other 999 have 8 each (9,992 initiatives);
#   100,000 assessment rounds (pilot-scaling-canvas; 95 % closed) with two
#   submitted raters each answering 10 scale questions: 200,000 raters and
#   2,000,000 answers;
#   200,000 actions, 7,400 of them on the largest organisation's first
#   initiative (the action list of issue 17), the rest spread evenly;
#   5,000 people, five members per organisation; demo@scalelab.test is a
#   beheerder of the largest organisation.
# Then wrk, against nginx serving a static file of the same size in the same
# run, for the largest organisation (its overview: ten recent initiatives
# and a link to the list), the initiative list, an initiative (the page with
# every module's headline, the metrics' from the event store), round
# results, the portfolio of the largest organisation and an action list,
# each as API and page. The
# lists ask for their first page (?aantal=50). Prints req/s, p99, the ratio
# to nginx, the median of 20 requests made one at a time ("1-by-1" ms: the
# server's own work, apart from queueing on a shared machine) and the
# server's RSS, each against its target with met/MISSED:
# p99 < 20 ms for every path, >= 0.3x nginx for the paginated lists
# (initiatives and actions), RSS < 100 MB. Exits 1 when a target is missed.
# LAB_DB=FILE keeps (and reuses) the generated database.
set -euo pipefail
cd "$(dirname "$0")/.."
DUR=${BENCH_SECONDS:-10}
CONN=${BENCH_CONNECTIONS:-32}
SEED=${LAB_SEED:-2026}
tmp=$(mktemp -d "${TMPDIR:-/tmp}/scalelab-lab-XXXXXX")
spid=""
npid=""
cleanup() {
	[ -n "$spid" ] && kill "$spid" 2>/dev/null || true
	[ -n "$npid" ] && kill "$npid" 2>/dev/null || true
	wait 2>/dev/null || true
	rm -rf "$tmp"
}
trap cleanup EXIT
. bench/lib.sh

db=${LAB_DB:-$tmp/lab.db}
if [ ! -f "$db" ]; then
	t0=$(date +%s.%N)
	./scalelab init --db "$db" --demo >/dev/null
	# h(k, salt): a fixed pseudo-random number from a row number, so the data
	# set depends on LAB_SEED only.
	sqlite3 "$db" <<SQL
.output /dev/null
PRAGMA foreign_keys=OFF;
PRAGMA journal_mode=WAL;
PRAGMA synchronous=OFF;
PRAGMA cache_size=-200000;
BEGIN;
CREATE TEMP TABLE base AS SELECT
  (SELECT max(id) FROM organisations) AS o0,
  (SELECT max(id) FROM users) AS u0,
  (SELECT max(id) FROM initiatives) AS i0,
  (SELECT max(id) FROM assessment_rounds) AS r0,
  (SELECT max(id) FROM assessment_raters) AS t0,
  (SELECT id FROM users WHERE email='demo@scalelab.test') AS demo,
  strftime('%Y-%m-%dT%H:%M:%SZ','now') AS now;
CREATE TEMP TABLE n(k INTEGER PRIMARY KEY);
WITH RECURSIVE c(k) AS (SELECT 1 UNION ALL SELECT k+1 FROM c WHERE k < 200000) INSERT INTO n SELECT k FROM c;
CREATE TEMP TABLE q(j INTEGER PRIMARY KEY, id TEXT);
INSERT INTO q VALUES (0,'evidence-1'),(1,'funding-1'),(2,'ownership-1'),(3,'support-1'),(4,'capacity-1'),
  (5,'governance-1'),(6,'regulation-1'),(7,'procurement-1'),(8,'data-privacy-1'),(9,'partnerships-1');

-- people and organisations
INSERT INTO users(id, email, name, pw_hash, created_at)
  SELECT u0 + k, printf('persoon%04d@lab.example', k), printf('Persoon %04d', k), '!', now FROM n, base WHERE k <= 5000;
INSERT INTO organisations(id, slug, name, kind, created_at)
  SELECT o0 + k,
    CASE k WHEN 1 THEN 'landelijk-opschalingslab' ELSE printf('organisatie-%04d', k) END,
    CASE k WHEN 1 THEN 'Landelijk Opschalingslab' ELSE printf('Organisatie %04d', k) END,
    CASE (k * 7 + $SEED) % 4 WHEN 0 THEN 'overheid' WHEN 1 THEN 'markt' WHEN 2 THEN 'wetenschap' ELSE 'samenleving' END, now
  FROM n, base WHERE k <= 1000;
INSERT INTO memberships(org_id, user_id, role, created_at)
  SELECT o0 + ((k - 1) / 5) + 1, u0 + k, CASE k % 5 WHEN 1 THEN 'beheerder' WHEN 2 THEN 'bewerker' ELSE 'deelnemer' END, now
  FROM n, base WHERE k <= 5000;
INSERT INTO memberships(org_id, user_id, role, created_at) SELECT o0 + 1, demo, 'beheerder', now FROM base;

-- initiatives: 2,000 in the largest organisation, 8 in each other one
INSERT INTO initiatives(id, org_id, name, description, sector, stage, owner_id, created_at, updated_at)
  SELECT i0 + k,
    o0 + CASE WHEN k <= 2000 THEN 1 ELSE 2 + (k - 2001) / 8 END,
    printf('Initiatief %05d', k),
    'Gegenereerd voor de bench: een aanpak die van pilot naar brede invoering gaat.',
    CASE (k * 2654435761 + $SEED) % 5 WHEN 0 THEN 'Sociaal domein' WHEN 1 THEN 'Werk en inkomen'
      WHEN 2 THEN 'Mobiliteit' WHEN 3 THEN 'Zorg' ELSE 'Energie' END,
    CASE (k * 40503 + $SEED) % 5 WHEN 0 THEN 'idee' WHEN 1 THEN 'pilot' WHEN 2 THEN 'opschalen' WHEN 3 THEN 'geborgd' ELSE 'pilot' END,
    u0 + 1 + (CASE WHEN k <= 2000 THEN 0 ELSE 5 * (1 + (k - 2001) / 8) END) + k % 5,
    now, now
  FROM n, base WHERE k <= 9992;

-- 100,000 rounds, ten per initiative in turn, 95 % closed
INSERT INTO assessment_rounds(id, initiative_id, method_id, method_version, title, period_start, period_end, status, created_by, created_at, closed_at)
  SELECT r0 + k, i0 + 1 + (k - 1) % 9992, 'pilot-scaling-canvas', 1, printf('Ronde %d', 1 + (k - 1) / 9992),
    date('2016-01-01', printf('+%d months', (k - 1) / 9992 * 12)), date('2016-03-31', printf('+%d months', (k - 1) / 9992 * 12)),
    CASE WHEN (k * 2246822519 + $SEED) % 20 = 0 THEN 'open' ELSE 'gesloten' END, demo, now,
    CASE WHEN (k * 2246822519 + $SEED) % 20 = 0 THEN NULL ELSE now END
  FROM n, base WHERE k <= 100000;

-- two submitted raters per round (two different members), ten answers each
INSERT INTO assessment_raters(id, round_id, user_id, name, role_label, status, created_at, submitted_at)
  SELECT t0 + k, r0 + (k + 1) / 2, u0 + 1 + ((k - 1) % 2) * 2500 + ((k - 1) / 2) % 2500,
    printf('Beoordelaar %d', k), CASE k % 2 WHEN 1 THEN 'gemeente' ELSE 'partner' END, 'ingediend', now, now
  FROM n, base WHERE k <= 200000;
INSERT INTO assessment_answers(rater_id, question_id, level, updated_at)
  SELECT t0 + k, q.id, ((k * 2654435761 + q.j * 97 + $SEED) >> 7) % 5, now FROM n, q, base WHERE k <= 200000;

-- 200,000 actions: 7,400 on the largest organisation's first initiative
INSERT INTO actions(initiative_id, round_id, ingredient, title, owner, due_date, status, created_at, updated_at)
  SELECT CASE WHEN k <= 7400 THEN i0 + 1 ELSE i0 + 2 + (k - 7401) % 9991 END, NULL,
    (SELECT id FROM q WHERE j = k % 10),
    printf('Actie %06d: afspraken maken over de volgende stap', k), '',
    date('2026-01-01', printf('+%d days', (k * 48271 + $SEED) % 700)),
    CASE (k * 69621 + $SEED) % 4 WHEN 0 THEN 'open' WHEN 1 THEN 'bezig' WHEN 2 THEN 'klaar' ELSE 'open' END, now, now
  FROM n, base;
COMMIT;
.output stdout
PRAGMA foreign_keys=ON;
PRAGMA foreign_key_check;
ANALYZE;
SQL
	t1=$(date +%s.%N)
	printf 'lab data set (seed %s) built in %.1f s: ' "$SEED" "$(echo "$t1 - $t0" | bc)"
	sqlite3 "$db" "SELECT (SELECT count(*) FROM organisations) || ' organisations, ' ||
		(SELECT count(*) FROM initiatives) || ' initiatives, ' || (SELECT count(*) FROM assessment_rounds) || ' rounds, ' ||
		(SELECT count(*) FROM assessment_answers) || ' answers, ' || (SELECT count(*) FROM actions) || ' actions; ' ||
		(SELECT page_count * page_size / 1048576 FROM pragma_page_count, pragma_page_size) || ' MB'"
fi

ORG=landelijk-opschalingslab
INI=$(sqlite3 "$db" "SELECT min(i.id) FROM initiatives i JOIN organisations o ON o.id=i.org_id WHERE o.slug='$ORG'")
ROUND=$(sqlite3 "$db" "SELECT max(id) FROM assessment_rounds WHERE initiative_id=$INI AND status='gesloten'")
TOKEN=$(./scalelab user token --db "$db" --email demo@scalelab.test --name lab-bench)
SP=$(bench_free_port)
./scalelab serve --db "$db" --listen 127.0.0.1:$SP --require-mfa none 2>"$tmp/server.log" &
spid=$!
bench_wait_up "$SP"
SID=$(bench_session "$SP" "$tmp/jar")

# Stored round scores (schema step 30): the first reader starts the filler;
# the bench measures once every round with answers is stored, as a server
# that has run for a while has them (the fill itself is reported).
t0=$(date +%s.%N)
curl -sf -o /dev/null -H "Authorization: Bearer $TOKEN" "http://127.0.0.1:$SP/api/v1/organisaties/$ORG/portfolio"
while :; do
	left=$(sqlite3 "$db" "SELECT count(*) FROM round_scores WHERE fingerprint IS NULL AND raters>0")
	[ "$left" = 0 ] && break
	sleep 2
done
printf 'round scores stored in %.1f s (server started on a database without them, or with them all)\n' "$(echo "$(date +%s.%N) - $t0" | bc)" >&2

# Product events for the measured initiative, so its page's metrics
# headline (yesterday's DAU/WAU/MAU) is read from the event store: 5,000
# events of 400 persons over the last 30 days, through the PostHog batch
# endpoint, as a pilot's app sends them.
KEY=$(curl -sf -X POST -H "Authorization: Bearer $TOKEN" -H 'Content-Type: application/json' \
	-d '{"kind":"posthog","name":"Lab-bench"}' "http://127.0.0.1:$SP/api/v1/initiatieven/$INI/bronnen" |
	python3 -c 'import json,sys; print(json.load(sys.stdin)["key"])')
python3 - "$KEY" "$SEED" >"$tmp/events.json" <<'PY'
import json, random, sys, time
rnd = random.Random(int(sys.argv[2]))
now = int(time.time() * 1000)
batch = [{"event": rnd.choice(["$pageview", "aanvraag_gestart", "aanvraag_verstuurd"]),
          "distinct_id": f"inwoner-{rnd.randrange(400)}", "uuid": f"lab-{i}",
          "timestamp": time.strftime("%Y-%m-%dT%H:%M:%SZ", time.gmtime((now - rnd.randrange(30 * 86400000)) / 1000))}
         for i in range(5000)]
print(json.dumps({"api_key": sys.argv[1], "batch": batch}))
PY
curl -sf -o /dev/null -H 'Content-Type: application/json' --data-binary @"$tmp/events.json" "http://127.0.0.1:$SP/batch/" ||
	echo "lab: the events batch was refused" >&2

# name  path  (list = paginated: the >= 0.3x nginx target applies)
paths="organisation one /organisaties/$ORG
initiatives list /organisaties/$ORG/initiatieven?aantal=50
initiative one /initiatieven/$INI
results one /rondes/$ROUND/resultaten
portfolio list /organisaties/$ORG/portfolio?aantal=50
actions list /initiatieven/$INI/acties?aantal=50"

mkdir -p "$tmp/www"
while read -r name _ path; do
	curl -sf -o "$tmp/www/api-$name" -H "Authorization: Bearer $TOKEN" "http://127.0.0.1:$SP/api/v1$path" ||
		echo "lab: GET /api/v1$path failed" >&2
	curl -sf -o "$tmp/www/page-$name" -H "Cookie: __Host-sl_session=$SID" "http://127.0.0.1:$SP$path" ||
		echo "lab: GET $path failed" >&2
done <<<"$paths"
for f in "$tmp"/www/api-* "$tmp"/www/page-*; do
	bench_static "$f" "$f.static"
done
bench_nginx "$tmp" "$tmp/www"
NP=$NGINX_PORT
npid=$NGINX_PID
run() { bench_wrk "$@"; }

echo "lab bench: ${DUR}s per run, $CONN connections, 2 wrk threads, $(nproc) cores; organisation $ORG, initiative $INI, round $ROUND" >&2
: >"$tmp/results"
while read -r name kind path; do
	for side in api page; do
		f=$tmp/www/$side-$name
		size=$(stat -c %s "$f")
		if [ "$side" = api ]; then
			s=$(run "http://127.0.0.1:$SP/api/v1$path" "Authorization: Bearer $TOKEN")
		else
			s=$(run "http://127.0.0.1:$SP$path" "Cookie: __Host-sl_session=$SID")
		fi
		n=$(run "http://127.0.0.1:$NP/$side-$name.static")
		# one request at a time (20, the median): the server's own work,
		# apart from queueing on a shared machine
		if [ "$side" = api ]; then hdr="Authorization: Bearer $TOKEN" url="http://127.0.0.1:$SP/api/v1$path"; else
			hdr="Cookie: __Host-sl_session=$SID" url="http://127.0.0.1:$SP$path"
		fi
		one=$(for _ in $(seq 1 20); do curl -s -o /dev/null -w '%{time_total}\n' -H "$hdr" "$url"; done |
			sort -n | awk '{a[NR]=$1} END{printf "%.2f", a[int((NR+1)/2)]*1000}')
		echo "$side $name $kind $size $s $n $one" >>"$tmp/results"
		echo "  $side $name: $size B; scalelab $s; nginx $n" >&2
	done
done <<<"$paths"
rss=$(awk '/VmRSS/{print $2}' /proc/$spid/status)
hwm=$(awk '/VmHWM/{print $2}' /proc/$spid/status)
python3 - "$tmp/results" "$rss" "$hwm" <<'PY'
import sys
missed = 0
def verdict(ok):
    global missed
    missed += not ok
    return "met" if ok else "MISSED"
print(f"{'path':24s} {'bytes':>9s} {'req/s':>8s} {'p99 ms':>8s} {'nginx':>8s} {'ratio':>6s} {'1-by-1':>7s}  targets")
for line in open(sys.argv[1]):
    side, name, kind, size, rps, p99, bad, nrps, np99, nbad, one = line.split()
    rps, p99, nrps, bad = float(rps), float(p99), float(nrps), int(float(bad))
    ratio = rps / nrps if nrps else 0
    # no answer within the run is a miss too (wrk then reports 0 req/s)
    t = f"p99<20ms {verdict(rps > 0 and 0 < p99 < 20 and bad == 0)}"
    if kind == "list":
        t += f", >=0.3x nginx {verdict(ratio >= 0.3)}"
    if bad:
        t += f" ({bad} answers not 2xx)"
    print(f"{side + ' ' + name:24s} {int(size):9d} {rps:8.0f} {p99:8.2f} {nrps:8.0f} {ratio:6.2f} {float(one):7.2f}  {t}")
rss, hwm = float(sys.argv[2]) / 1024, float(sys.argv[3]) / 1024
print(f"scalelab RSS after the run: {rss:.1f} MB (peak {hwm:.1f} MB): RSS<100MB {verdict(hwm < 100)}")
print(f"lab bench: {missed} target(s) missed")
sys.exit(1 if missed else 0)
PY
