// SPDX-License-Identifier: EUPL-1.2
// One transaction per write request. (1) Fifty concurrent submits through
// one single-use invitation link: exactly one is accepted, the other 49 get
// 410 (link used, as the API documents), and exactly one submission is
// stored: the winner's answers, one audit row. (2) A write whose second
// statement fails leaves nothing of its first: an experiment update that
// renames the primary metric (statement one moves the analyses to the new
// name) is refused by a trigger on statement two; the analyses keep their
// old metric name and no "ok" audit row is written.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { connect } from 'node:net';
import { readFileSync } from 'node:fs';
import { startServer, bearer, token, sql, assertProblem, ORG_A } from './lib.mjs';

const method = JSON.parse(readFileSync(new URL('../../methods/pilot-scaling-canvas.json', import.meta.url)));
const questions = method.sections.flatMap((s) => s.questions);
const textQ = questions.find((q) => q.kind === 'text');
/** A whole answer sheet, marked as the i-th: every scale question answered with evidence. */
function sheet(i) {
	const answers = { [textQ.id]: { text: `Inzending ${i}` } };
	for (const q of questions.filter((x) => x.kind === 'scale'))
		answers[q.id] = { level: i % 5, evidence: `Bron ${i} `.repeat(20), evidenceUrl: 'https://example.org/bron', confidence: 'hoog' };
	return answers;
}

/**
 * Sends the same-moment requests a burst of browsers would: every
 * connection is opened first, then each request goes out in one write, all
 * in one tick. Returns [{status, body}] in request order.
 */
async function burst(base, method, path, bodies) {
	const { hostname, port } = new URL(base);
	const socks = await Promise.all(
		bodies.map(() => new Promise((ok, fail) => {
			const s = connect({ host: hostname, port: Number(port) }, () => ok(s));
			s.on('error', fail);
		})),
	);
	const answers = socks.map((s) => new Promise((ok) => {
		const chunks = [];
		s.on('data', (d) => chunks.push(d));
		s.on('close', () => {
			const text = Buffer.concat(chunks).toString('utf8');
			const status = Number(/^HTTP\/1\.1 (\d{3})/.exec(text)?.[1] ?? 0);
			const raw = text.slice(text.indexOf('\r\n\r\n') + 4);
			let body = null;
			try {
				body = JSON.parse(raw);
			} catch {
				/* asserted by the caller */
			}
			ok({ status, body, text });
		});
	}));
	socks.forEach((s, i) => {
		const json = Buffer.from(JSON.stringify(bodies[i]));
		s.write(`${method} /api/v1${path} HTTP/1.1\r\nHost: ${hostname}:${port}\r\nAccept: application/json\r\n` +
			`Content-Type: application/json\r\nContent-Length: ${json.length}\r\nConnection: close\r\n\r\n${json}`);
	});
	return Promise.all(answers);
}

let srv, tok, initiative;
before(async () => {
	srv = await startServer();
	tok = token(srv.db);
	const r = await bearer(srv.base, tok, 'POST', `/organisaties/${ORG_A}/initiatieven`, { json: { name: 'Transacties', stage: 'pilot' } });
	assert.equal(r.res.status, 201, r.text);
	initiative = r.body.id;
});
after(async () => {
	await srv?.stop();
});

test('50 concurrent submits through one invitation link: exactly one is accepted and stored (8 links)', async () => {
	const r = await bearer(srv.base, tok, 'POST', `/initiatieven/${initiative}/rondes`, {
		json: { methodId: method.id, title: 'Gelijktijdig', periodStart: '2026-01-01', periodEnd: '2026-12-31' },
	});
	assert.equal(r.res.status, 201, r.text);
	// A race shows only sometimes: several links make a missing lock show reliably.
	for (let link = 0; link < 8; link++) await oneLinkBurst(r.body.id, link);
});

async function oneLinkBurst(round, k) {
	const r = await bearer(srv.base, tok, 'POST', `/rondes/${round}/beoordelaars`, { json: { name: `Link ${k}`, roleLabel: 'inwoner' } });
	assert.equal(r.res.status, 201, r.text);
	const link = r.body.link;
	const rater = r.body.id;
	assert.match(link, /^\/uitnodigingen\//);

	const gone = () => Number(sql(srv.db, "SELECT count(*) FROM audit_log WHERE action='answers.save' AND object='invitation' AND result='gone'").trim());
	const goneBefore = gone();
	const N = 50;
	const all = await burst(srv.base, 'PUT', link, Array.from({ length: N }, (_, i) => ({ answers: sheet(i), submit: true })));
	const codes = all.map((x) => x.status);
	const won = all.filter((x) => x.status === 200);
	assert.equal(won.length, 1, `link ${k}: exactly one submit accepted (statuses: ${codes.join(',')})`);
	for (const x of all.filter((y) => y !== won[0])) {
		assert.equal(x.status, 410, x.text);
		assert.equal(x.body?.status, 410);
		assert.match(x.body.detail, /al gebruikt/);
	}
	const i = all.indexOf(won[0]);
	assert.equal(won[0].body.rater.status, 'ingediend');
	assert.equal(won[0].body.answers[textQ.id].text, `Inzending ${i}`);

	// Stored: one submission, the winner's, with one audit row.
	assert.equal(sql(srv.db, `SELECT status FROM assessment_raters WHERE id=${rater}`).trim(), 'ingediend');
	assert.equal(sql(srv.db, `SELECT text FROM assessment_answers WHERE rater_id=${rater} AND question_id='${textQ.id}'`).trim(), `Inzending ${i}`);
	assert.equal(sql(srv.db, `SELECT DISTINCT level FROM assessment_answers WHERE rater_id=${rater} AND level IS NOT NULL`).trim(), String(i % 5));
	assert.equal(sql(srv.db, `SELECT count(*) FROM audit_log WHERE action='answers.submit' AND object='rater/${rater}'`).trim(), '1');
	assert.equal(gone() - goneBefore, N - 1, 'every refused submit is audited (the refusal outlives the undone transaction)');
}

test('a write whose second statement fails leaves nothing of its first', async () => {
	const design = {
		name: 'Atomair', hypothesis: 'Alles of niets.', metric: 'Aanmeldingen', metricKind: 'binomial', status: 'lopend',
	};
	let r = await bearer(srv.base, tok, 'POST', `/initiatieven/${initiative}/experimenten`, { json: design });
	assert.equal(r.res.status, 201, r.text);
	const id = r.body.id;
	r = await bearer(srv.base, tok, 'POST', `/experimenten/${id}/analyses`, {
		json: { control: { n: 1000, conversions: 100 }, treatment: { n: 1000, conversions: 120 }, method: 'frequentist' },
	});
	assert.equal(r.res.status, 201, r.text);
	assert.equal(sql(srv.db, `SELECT metric_name FROM analyses WHERE experiment_id=${id}`).trim(), 'Aanmeldingen');

	// The update renames the metric: statement one moves the analyses along,
	// statement two (the experiment itself) is refused by this trigger.
	execFileSync('sqlite3', [srv.db, `CREATE TRIGGER test_refuse BEFORE UPDATE ON experiments WHEN NEW.name='Boem' BEGIN SELECT RAISE(ABORT, 'refused by test'); END;`]);
	try {
		r = await bearer(srv.base, tok, 'PUT', `/experimenten/${id}`, { json: { ...design, name: 'Boem', metric: 'Inschrijvingen' } });
		assertProblem(r, 400);
		assert.equal(sql(srv.db, `SELECT metric FROM experiments WHERE id=${id}`).trim(), 'Aanmeldingen');
		assert.equal(sql(srv.db, `SELECT metric_name FROM analyses WHERE experiment_id=${id}`).trim(), 'Aanmeldingen', 'the first statement was undone');
		assert.equal(sql(srv.db, `SELECT count(*) FROM audit_log WHERE action='experiment.update' AND object='experiment/${id}' AND result='ok'`).trim(), '0');
	} finally {
		execFileSync('sqlite3', [srv.db, 'DROP TRIGGER test_refuse']);
	}
	// Without the trigger the same update goes through, both statements.
	r = await bearer(srv.base, tok, 'PUT', `/experimenten/${id}`, { json: { ...design, name: 'Boem', metric: 'Inschrijvingen' } });
	assert.equal(r.res.status, 200, r.text);
	assert.equal(sql(srv.db, `SELECT metric_name FROM analyses WHERE experiment_id=${id}`).trim(), 'Inschrijvingen');
	assert.equal(sql(srv.db, `SELECT count(*) FROM audit_log WHERE action='experiment.update' AND object='experiment/${id}' AND result='ok'`).trim(), '1');
});
