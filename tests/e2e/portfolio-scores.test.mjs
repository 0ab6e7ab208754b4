// SPDX-License-Identifier: EUPL-1.2
// Stored round scores (schema step 29, api/round_scores.c) against a
// recomputation: the portfolio read from the stored rows must equal the
// portfolio computed from the answers, on the demo data and on a generated
// set with "weet niet" and "niet van toepassing" answers, drafts, revoked
// links and three methods (one of readiness x use components). Also checked
// from outside the server: every median is worked out here in JavaScript
// from the answers table, and the rows are the ones the old selection query
// (newest round per initiative and method with a submitted rater) picks.
// The triggers keep the rows true: a changed answer, a reopened sheet and a
// deleted round are seen at once.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { execFileSync } from 'node:child_process';
import { startServer, bearer, token, sql, assertProblem, loggedIn, ORG_A } from './lib.mjs';

const methods = Object.fromEntries(['pilot-scaling-canvas', 'ten-ingredient-scan', 'readiness-use-ladder'].map((id) => [id, JSON.parse(readFileSync(new URL(`../../methods/${id}.json`, import.meta.url)))]));
let srv, tok;
const write = (q) => execFileSync('sqlite3', [srv.db], { input: q, encoding: 'utf8' });
const api = (path) => bearer(srv.base, tok, 'GET', path);

// A small deterministic generator (mulberry32).
function rng(seed) {
	return () => {
		seed = (seed + 0x6d2b79f5) | 0;
		let t = Math.imul(seed ^ (seed >>> 15), 1 | seed);
		t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
		return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
	};
}

function scaleQuestions(m) {
	const scales = Object.fromEntries(m.scales.map((s) => [s.id, s]));
	return m.sections.flatMap((s) => s.questions).filter((q) => q.kind === 'scale').map((q) => ({ ...q, min: scales[q.scale].min, max: scales[q.scale].max }));
}

// Twelve initiatives in ORG_A, each with two rounds of every method; raters
// are invitation links (submitted, draft or revoked); answers are levels,
// "weet niet" (unknown=1) or, where the question allows it, n.v.t. (unknown=2).
function generate() {
	const r = rng(2026);
	const org = sql(srv.db, `SELECT id FROM organisations WHERE slug='${ORG_A}'`).trim();
	const stmts = ['BEGIN;'];
	let ini = 9000, round = 9000, rater = 9000;
	for (let i = 0; i < 12; i++) {
		ini++;
		const stage = ['idee', 'pilot', 'opschalen', 'geborgd'][i % 4];
		stmts.push(`INSERT INTO initiatives(id,org_id,name,description,sector,stage,created_at,updated_at) VALUES(${ini},${org},'Gegenereerd ${String.fromCharCode(65 + ((i * 7) % 12))}${i}','','Zorg','${stage}','2026-01-01T00:00:00Z','2026-01-01T00:00:00Z');`);
		for (const [mid, m] of Object.entries(methods)) {
			const qs = scaleQuestions(m);
			for (let k = 0; k < 2; k++) {
				round++;
				const closed = k === 0 || r() < 0.5;
				stmts.push(`INSERT INTO assessment_rounds(id,initiative_id,method_id,method_version,title,period_start,period_end,status,created_at,closed_at) VALUES(${round},${ini},'${mid}',${m.version},'Ronde ${k + 1}','202${5 + k}-01-01','202${5 + k}-03-31','${closed ? 'gesloten' : 'open'}','2026-01-01T00:00:00Z',${closed ? "'2026-04-01T00:00:00Z'" : 'NULL'});`);
				// the last initiative's newer rounds have no submitted rater: the older one counts
				const nRaters = i === 11 && k === 1 ? 1 : 2 + Math.floor(r() * 3);
				for (let t = 0; t < nRaters; t++) {
					rater++;
					const kind = i === 11 && k === 1 ? 'concept' : t === 0 ? 'ingediend' : ['ingediend', 'ingediend', 'concept', 'revoked'][Math.floor(r() * 4)];
					const status = kind === 'revoked' ? 'uitgenodigd' : kind;
					stmts.push(`INSERT INTO assessment_raters(id,round_id,name,role_label,token_hash,expires_s,status,created_at,submitted_at,revoked_at) VALUES(${rater},${round},'Beoordelaar ${rater}','${['gemeente', 'partner', 'inwoner'][t % 3]}',randomblob(32),4102444800,'${status}','2026-01-01T00:00:00Z',${status === 'ingediend' ? "'2026-02-01T00:00:00Z'" : 'NULL'},${kind === 'revoked' ? "'2026-02-02T00:00:00Z'" : 'NULL'});`);
					for (const q of qs) {
						const x = r();
						if (x < 0.1) continue; // not answered
						if (x < 0.25) stmts.push(`INSERT INTO assessment_answers(rater_id,question_id,unknown,level,updated_at) VALUES(${rater},'${q.id}',1,NULL,'2026-02-01T00:00:00Z');`);
						else if (x < 0.4 && q.not_applicable) stmts.push(`INSERT INTO assessment_answers(rater_id,question_id,unknown,level,updated_at) VALUES(${rater},'${q.id}',2,NULL,'2026-02-01T00:00:00Z');`);
						else stmts.push(`INSERT INTO assessment_answers(rater_id,question_id,unknown,level,updated_at) VALUES(${rater},'${q.id}',0,${q.min + Math.floor(r() * (q.max - q.min + 1))},'2026-02-01T00:00:00Z');`);
					}
				}
			}
		}
	}
	stmts.push('COMMIT;');
	write(stmts.join('\n'));
}

const pending = () => Number(sql(srv.db, 'SELECT count(*) FROM round_scores WHERE fingerprint IS NULL AND raters>0').trim());
async function filled() {
	await api(`/organisaties/${ORG_A}/portfolio`); // the first reader starts the filler
	for (let i = 0; i < 100 && pending() > 0; i++) await new Promise((ok) => setTimeout(ok, 200));
	assert.equal(pending(), 0, 'the filler stored every round with submitted answers');
}

// Every row of the portfolio, page by page (7 a page), and the rest of the document.
async function portfolio(query = '') {
	let path = `/organisaties/${ORG_A}/portfolio?aantal=7${query}`;
	const rows = [];
	let doc;
	for (let n = 0; path && n < 100; n++) {
		const { res, body } = await api(path);
		assert.equal(res.status, 200);
		rows.push(...body.rows);
		doc = body;
		path = body._links.next?.href.replace('/api/v1', '');
		if (path) assert.equal(body.rows.length, 7);
	}
	const total = Number(doc && rows.length);
	return { rows, total, doc };
}

// R type 7 quantile of sorted values.
function quantile(x, p) {
	const h = (x.length - 1) * p;
	const lo = Math.floor(h);
	return lo + 1 < x.length ? x[lo] + (h - lo) * (x[lo + 1] - x[lo]) : x[lo];
}

// The medians of one round worked out from the answers table: a rater's value
// is the mean of their levels on the ingredient ("weet niet" and n.v.t. left
// out); the cell is the median of the raters' values; components take
// min(median readiness, median use).
function expectedCells(roundId, m) {
	const rows = sql(srv.db, `SELECT a.rater_id, a.question_id, a.level FROM assessment_answers a JOIN assessment_raters r ON r.id=a.rater_id WHERE r.round_id=${roundId} AND r.status='ingediend' AND r.revoked_at IS NULL AND a.unknown=0 AND a.level IS NOT NULL`)
		.trim().split('\n').filter(Boolean).map((l) => l.split('|'));
	const qs = Object.fromEntries(scaleQuestions(m).map((q) => [q.id, q]));
	const median = (key) => {
		const per = {};
		for (const [rater, qid, level] of rows) {
			const q = qs[qid];
			if (!q || key(q) === undefined) continue;
			(per[rater] ??= []).push(Number(level));
		}
		const vals = Object.values(per).map((v) => v.reduce((a, b) => a + b, 0) / v.length).sort((a, b) => a - b);
		return vals.length ? quantile(vals, 0.5) : null;
	};
	if (m.ingredients?.length) return m.ingredients.map((g) => median((q) => (q.ingredient === g.id ? 1 : undefined)));
	return m.components.map((c) => {
		const a = median((q) => (q.component === c.id && q.dimension === 'readiness' ? 1 : undefined));
		const b = median((q) => (q.component === c.id && q.dimension === 'use' ? 1 : undefined));
		return a === null || b === null ? null : Math.min(a, b);
	});
}

// The rows the portfolio had before scores were stored (assessment_store_latest_rounds).
function oldSelection() {
	return sql(srv.db, `SELECT i.id, r.method_id, r.id FROM assessment_rounds r JOIN initiatives i ON i.id=r.initiative_id JOIN organisations o ON o.id=i.org_id WHERE o.slug='${ORG_A}'
		AND EXISTS(SELECT 1 FROM assessment_raters a WHERE a.round_id=r.id AND a.status='ingediend')
		AND r.id=(SELECT r2.id FROM assessment_rounds r2 WHERE r2.initiative_id=r.initiative_id AND r2.method_id=r.method_id AND EXISTS(SELECT 1 FROM assessment_raters a2 WHERE a2.round_id=r2.id AND a2.status='ingediend' ) ORDER BY r2.period_start DESC, r2.id DESC LIMIT 1)
		ORDER BY r.method_id, i.name, i.id`).trim().split('\n').filter(Boolean);
}

function checkAgainstAnswers(rows) {
	assert.deepEqual(rows.map((x) => `${x.initiativeId}|${x.methodId}|${x.roundId}`), oldSelection(), 'the same rows, in the same order, as the old selection');
	for (const row of rows) {
		const want = expectedCells(row.roundId, methods[row.methodId] ?? JSON.parse(readFileSync(new URL(`../../methods/${row.methodId}.json`, import.meta.url))));
		assert.equal(row.cells.length, want.length);
		row.cells.forEach((c, k) => {
			if (want[k] === null) assert.equal(c.median, null, `round ${row.roundId} column ${k}`);
			else assert.ok(Math.abs(c.median - want[k]) < 1e-12, `round ${row.roundId} column ${k}: ${c.median} != ${want[k]}`);
		});
		// the weakest: scored, and no scored cell has a lower median relative to its scale
		const weak = row.cells.map((c, k) => (c.weakest ? k : -1)).filter((k) => k >= 0);
		for (const k of weak) assert.notEqual(row.cells[k].median, null);
	}
}

before(async () => {
	srv = await startServer();
	tok = token(srv.db);
});
after(async () => srv && (await srv.stop()));

test('demo data: the stored portfolio equals the recomputed one and the answers', async () => {
	await filled();
	const stored = await portfolio();
	assert.ok(stored.rows.length > 0);
	checkAgainstAnswers(stored.rows);
	write("UPDATE round_scores SET fingerprint='test-stale' WHERE fingerprint IS NOT NULL");
	const live = await portfolio();
	assert.deepEqual(live.rows, stored.rows, 'rows computed from the answers equal the stored ones');
	assert.deepEqual(live.doc.bottlenecks, stored.doc.bottlenecks);
	write("UPDATE round_scores SET fingerprint=NULL WHERE fingerprint='test-stale'");
	await filled();
});

test('generated set with "weet niet", n.v.t., drafts and revoked links: stored equals recomputed, page by page', async () => {
	generate();
	await filled();
	const stored = await portfolio();
	assert.ok(stored.rows.length >= 3 * 12, `${stored.rows.length} rows`);
	assert.ok(stored.rows.some((x) => x.methodId === 'readiness-use-ladder'));
	checkAgainstAnswers(stored.rows);
	// the last generated initiative's newer rounds have only a draft: its older ones count
	const last = stored.rows.filter((x) => x.initiativeId === 9012);
	assert.equal(last.length, 3);
	for (const x of last) assert.match(x.periodEnd, /^2025-/);
	const nvt = Number(sql(srv.db, 'SELECT count(*) FROM assessment_answers WHERE unknown=2').trim());
	assert.ok(nvt > 0, 'the set has n.v.t. answers');
	// every bottleneck count over all rows, and the filter keeps exactly those rows
	const counts = {};
	for (const x of stored.rows) {
		const cols = stored.doc.methods.find((m) => m.methodId === x.methodId).columns;
		x.cells.forEach((c, k) => c.weakest && (counts[cols[k].id] = (counts[cols[k].id] ?? 0) + 1));
	}
	assert.deepEqual(Object.fromEntries(stored.doc.bottlenecks.map((b) => [b.id, b.count])), counts);
	const top = stored.doc.bottlenecks[0];
	const only = await portfolio(`&knelpunt=${top.id}`);
	assert.equal(only.rows.length, top.count);
	assert.equal(only.doc.bottleneckFilter.count, top.count);
	// stored == recomputed from the answers by the server itself
	write("UPDATE round_scores SET fingerprint='test-stale' WHERE fingerprint IS NOT NULL");
	const live = await portfolio();
	assert.deepEqual(live.rows, stored.rows);
	assert.deepEqual(live.doc.bottlenecks, stored.doc.bottlenecks);
	assert.deepEqual(live.doc.stages, stored.doc.stages);
	write("UPDATE round_scores SET fingerprint=NULL WHERE fingerprint='test-stale'");
	await filled();
});

test('the triggers: a changed answer, a reopened sheet and a deleted round are seen at once', async () => {
	const before = (await portfolio()).rows;
	const row = before.find((x) => x.initiativeId === 9001 && x.methodId === 'ten-ingredient-scan');
	const [rater, q] = sql(srv.db, `SELECT a.rater_id, a.question_id FROM assessment_answers a JOIN assessment_raters r ON r.id=a.rater_id WHERE r.round_id=${row.roundId} AND r.status='ingediend' AND a.unknown=0 LIMIT 1`).trim().split('|');
	write(`UPDATE assessment_answers SET level=CASE WHEN level=0 THEN 5 ELSE 0 END WHERE rater_id=${rater} AND question_id='${q}'`);
	assert.equal(sql(srv.db, `SELECT fingerprint IS NULL FROM round_scores WHERE round_id=${row.roundId}`).trim(), '1', 'the stored row is no longer current');
	let now = (await portfolio()).rows;
	checkAgainstAnswers(now); // computed from the answers until the filler stores it again
	await filled();
	checkAgainstAnswers((await portfolio()).rows);
	// every submitted sheet of that round reopened: the older round becomes the row
	write(`UPDATE assessment_raters SET status='concept', submitted_at=NULL WHERE round_id=${row.roundId}`);
	now = (await portfolio()).rows;
	const moved = now.find((x) => x.initiativeId === 9001 && x.methodId === 'ten-ingredient-scan');
	assert.ok(moved && moved.roundId < row.roundId, 'the older round with answers');
	checkAgainstAnswers(now);
	// that round deleted too: the initiative has no row of this method left
	write(`PRAGMA foreign_keys=ON; DELETE FROM assessment_rounds WHERE id=${moved.roundId}`);
	now = (await portfolio()).rows;
	assert.equal(now.find((x) => x.initiativeId === 9001 && x.methodId === 'ten-ingredient-scan'), undefined);
	checkAgainstAnswers(now);
});

test('a round that closes is stored in its own transaction', async () => {
	const id = sql(srv.db, "SELECT r.id FROM assessment_rounds r JOIN round_scores s ON s.round_id=r.id WHERE r.status='open' AND s.raters>0 LIMIT 1").trim();
	assert.ok(id, 'an open round with answers');
	write(`UPDATE assessment_answers SET level=level WHERE rater_id IN (SELECT id FROM assessment_raters WHERE round_id=${id} AND status='ingediend')`);
	assert.equal(sql(srv.db, `SELECT fingerprint IS NULL FROM round_scores WHERE round_id=${id}`).trim(), '1');
	const r = await bearer(srv.base, tok, 'PUT', `/rondes/${id}/status`, { json: { status: 'gesloten' } });
	assert.equal(r.res.status, 200, r.text);
	assert.equal(sql(srv.db, `SELECT fingerprint IS NOT NULL FROM round_scores WHERE round_id=${id}`).trim(), '1', 'stored when it closed');
	checkAgainstAnswers((await portfolio()).rows);
});

test('a change through the API is seen by the next read on any request thread', async () => {
	const stagesOf = async () => Object.fromEntries((await api(`/organisaties/${ORG_A}/portfolio`)).body.stages.map((x) => [x.stage, x.count]));
	for (const [i, stage] of ['gestopt', 'idee', 'gestopt', 'pilot', 'gestopt', 'geborgd', 'gestopt', 'opschalen'].entries()) {
		const before = await stagesOf();
		const name = `Gegenereerd hernoemd ${i}`;
		const r = await bearer(srv.base, tok, 'PUT', '/initiatieven/9002', { json: { name, stage } });
		assert.equal(r.res.status, 200, r.text);
		const now = await stagesOf(); // reads rotate over the server's threads
		const was = Object.keys(before).find((k) => before[k] !== now[k] && now[k] < before[k]);
		if (was) assert.equal(now[was], before[was] - 1);
		const rows = (await portfolio()).rows.filter((x) => x.initiativeId === 9002);
		assert.ok(rows.length > 0 && rows.every((x) => x.initiativeName === name && x.stage === stage), `renamed and moved (${stage})`);
	}
});

test('bad filter and cursor are 400s naming them; the page pages and filters', async () => {
	assertProblem(await api(`/organisaties/${ORG_A}/portfolio?knelpunt=bestaat-niet`), 400, ['knelpunt']);
	assertProblem(await api(`/organisaties/${ORG_A}/portfolio?na=12`), 400, ['na']);
	const c = await loggedIn(srv.base);
	const first = await c.get(`/organisaties/${ORG_A}/portfolio?aantal=5`);
	assert.equal(first.status, 200);
	assert.match(first.text_, /rel="next"/);
	assert.equal((first.text_.match(/href="\/rondes\/\d+\/resultaten"/g) || []).length, 5);
	const { doc } = await portfolio();
	const top = doc.bottlenecks[0];
	const page = await c.get(`/organisaties/${ORG_A}/portfolio?knelpunt=${top.id}`);
	assert.equal(page.status, 200);
	assert.match(page.text_, /id="knelpunt-filter"/);
	assert.match(page.text_, new RegExp(`portfolio\\?knelpunt=${top.id}#heatmap`));
});
