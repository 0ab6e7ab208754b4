// SPDX-License-Identifier: EUPL-1.2
// The DuckDB side of the metrics bench (bench/metrics/run.sh):
//   node bench/metrics/duck.mjs NDJSON DBFILE END_MS
// Loads the events bench's NDJSON once into DBFILE as ev(ts BIGINT ms,
// person VARCHAR, event VARCHAR) (not timed), then with 2 threads runs the
// three queries of bench/metrics/metbench.c in SQL, each three times,
// timing the query alone (the fastest run is reported), and prints the
// same JSON shape: dau, retention (on, on or after, null when a cell's week
// has not fully elapsed for every person of the cohort), funnel, times.
import { DuckDBInstance } from '@duckdb/node-api';
import { existsSync } from 'node:fs';

const [file, path, endArg] = process.argv.slice(2);
if (!file || !path || !endArg) {
	console.error('usage: node bench/metrics/duck.mjs NDJSON DBFILE END_MS');
	process.exit(2);
}
const END = Number(endArg), DAY = 86400000, W = 7 * DAY, WEEKS = 12, DAYS = 90;
const FIRST_DAY = Math.floor(END / DAY) - DAYS;
const fresh = !existsSync(path);
const db = await DuckDBInstance.create(path);
const con = await db.connect();
if (fresh) {
	const src = `read_json('${file.replaceAll("'", "''")}', format='newline_delimited', columns={event: 'VARCHAR', distinct_id: 'VARCHAR', timestamp: 'TIMESTAMP'})`;
	await con.run(`CREATE TABLE ev AS SELECT epoch_ms(timestamp) AS ts, distinct_id AS person, event FROM ${src}`);
	await con.run('CHECKPOINT');
}
await con.run('SET threads = 2');

async function rows(sql) {
	return (await con.runAndReadAll(sql)).getRows().map((r) => r.map((v) => (typeof v === 'bigint' ? Number(v) : v)));
}
async function timed(sql) {
	let best = Infinity, out;
	for (let i = 0; i < 3; i++) {
		const t0 = performance.now();
		out = await rows(sql);
		best = Math.min(best, (performance.now() - t0) / 1000);
	}
	return [out, best];
}

const FIRST = `WITH f AS (SELECT person, min(ts) AS s FROM ev WHERE ts < ${END} GROUP BY person)`;
const MONDAY = `((f.s // ${DAY}) - ((f.s // ${DAY} + 3) % 7))`;
const [dauRows, tDau] = await timed(`SELECT ts // ${DAY} AS d, count(DISTINCT person) FROM ev WHERE ts >= ${FIRST_DAY * DAY} AND ts < ${END} GROUP BY d ORDER BY d`);
const dau = Array(DAYS).fill(0);
for (const [d, c] of dauRows) dau[d - FIRST_DAY] = c;

// cohorts with sizes and latest starts are part of each retention query
const [onRows, tOn] = await timed(`${FIRST}, c AS (SELECT ${MONDAY} AS c, count(*) AS size, max(f.s) AS latest FROM f GROUP BY c),
  r AS (SELECT ${MONDAY} AS c, (e.ts - f.s) // ${W} AS n, count(DISTINCT e.person) AS k FROM ev e JOIN f ON e.person = f.person
        WHERE e.ts < ${END} AND e.ts - f.s < ${WEEKS * W} GROUP BY c, n)
  SELECT c.c, c.size, c.latest, r.n, r.k FROM c LEFT JOIN r ON r.c = c.c ORDER BY c.c, r.n`);
const [afterRows, tAfter] = await timed(`${FIRST}, c AS (SELECT ${MONDAY} AS c, count(*) AS size, max(f.s) AS latest FROM f GROUP BY c),
  m AS (SELECT ${MONDAY} AS c, (max(e.ts) - f.s) // ${W} AS mx FROM ev e JOIN f ON e.person = f.person WHERE e.ts < ${END} GROUP BY f.person, f.s),
  r AS (SELECT c, mx, count(*) AS k FROM m GROUP BY c, mx)
  SELECT c.c, c.size, c.latest, r.mx, r.k FROM c LEFT JOIN r ON r.c = c.c ORDER BY c.c, r.mx`);
const cohorts = new Map();
function cohort(c, size, latest) {
	if (!cohorts.has(c)) cohorts.set(c, { monday: c, size, latest, on: Array(WEEKS).fill(0), onOrAfter: Array(WEEKS).fill(0) });
	return cohorts.get(c);
}
for (const [c, size, latest, n, k] of onRows) if (n !== null) cohort(c, size, latest).on[n] = k;
for (const [c, size, latest, mx, k] of afterRows) {
	const x = cohort(c, size, latest);
	if (mx !== null) for (let n = 0; n < WEEKS && n <= mx; n++) x.onOrAfter[n] += k;
}
const retention = [...cohorts.values()].sort((a, b) => a.monday - b.monday).map(({ monday, size, latest, on, onOrAfter }) => {
	const nul = (v, n) => (latest + (n + 1) * W > END ? null : v);
	return { monday, size, on: on.map(nul), onOrAfter: onOrAfter.map(nul) };
});

const [fun, tFunnel] = await timed(`WITH a AS (SELECT person, min(ts) // 1000 AS t1 FROM ev WHERE event = 'signup_started' AND ts >= ${END - DAYS * DAY} AND ts < ${END} GROUP BY person),
  b AS (SELECT a.person, a.t1, min(e.ts // 1000) AS t2 FROM a JOIN ev e ON e.person = a.person AND e.event = 'signup_completed'
        AND e.ts >= a.t1 * 1000 AND e.ts < (a.t1 + 604801) * 1000 AND e.ts < ${END} GROUP BY a.person, a.t1),
  c AS (SELECT b.person FROM b JOIN ev e ON e.person = b.person AND e.event = 'project_created'
        AND e.ts >= b.t2 * 1000 AND e.ts < (b.t1 + 604801) * 1000 AND e.ts < ${END} GROUP BY b.person)
  SELECT (SELECT count(*) FROM a), (SELECT count(*) FROM b), (SELECT count(*) FROM c)`);
console.log(JSON.stringify({ dau, retention, funnel: fun[0], warm: { dau: tDau, retOn: tOn, retOnOrAfter: tAfter, funnel: tFunnel } }));
