// SPDX-License-Identifier: EUPL-1.2
// Assessment rounds end to end: a round of the pilot scaling canvas, three
// raters (two members and one stranger through an invitation link), one of
// whom answers "weet niet" everywhere. The scores are checked against
// values worked out by hand below from the answers sent (not from the
// server), then a second round gives the trend; actions, portfolio,
// export, and the 400/409/410 cases, with nothing saved being lost.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { execFileSync } from 'node:child_process';
import { startServer, bearer, token, sql, assertProblem, loggedIn, catalogue, DEMO_EMAIL, BEWERKER_EMAIL, ORG_A } from './lib.mjs';

const method = JSON.parse(readFileSync(new URL('../../methods/pilot-scaling-canvas.json', import.meta.url)));
const questions = method.sections.flatMap((s) => s.questions);
const scaleQs = questions.filter((q) => q.kind === 'scale');
const pitfallQs = questions.filter((q) => q.kind === 'single' && q.pitfall);
const textQs = questions.filter((q) => q.kind === 'text');
const multiQ = questions.find((q) => q.kind === 'multi');

// Levels per scale question of each ingredient (in method order), 0-4
// (evidence 0-5). null = "weet niet".
const R1 = { evidence: [3, 4], 'working-elements': [3, 3], demand: [4, 3], funding: [2, 2], ownership: [1, 2, 3], support: [4, 4], capacity: [3, 3], governance: [2, 3],
	regulation: [1, 1], procurement: [0, 1], 'data-privacy': [2, 2], technical: [3, 4], partnerships: [4, 3] };
const R2 = { evidence: [1, 0], 'working-elements': [2, 2], demand: [3, 3], funding: [2, 3], ownership: [1, 1, 1], support: [3, 4], capacity: [null, 2], governance: [2, 2],
	regulation: [0, 1], procurement: [1, 1], 'data-privacy': [3, 3], technical: [4, 4], partnerships: [2, 2] };

// Worked out by hand: a rater's value is the mean of their levels on the
// ingredient; with two raters x0 <= x1, R type 7 gives median = (x0+x1)/2,
// q1 = x0 + (x1-x0)/4, q3 = x0 + 3(x1-x0)/4. R3 has no values.
const EXPECTED = {
	// 3.5 and 0.5 are 3 apart: at least half the 0-5 range.
	evidence: { median: 2, q1: 1.25, q3: 2.75, iqr: 1.5, unknownShare: 2 / 6, evidenceCoverage: 2 / 4, disagreement: true },
	'working-elements': { median: 2.5, q1: 2.25, q3: 2.75, iqr: 0.5, unknownShare: 2 / 6, evidenceCoverage: 0.5, disagreement: false },
	demand: { median: 3.25, q1: 3.125, q3: 3.375, iqr: 0.25, unknownShare: 2 / 6, evidenceCoverage: 0.5, disagreement: false },
	funding: { median: 2.25, q1: 2.125, q3: 2.375, iqr: 0.25, unknownShare: 2 / 6, evidenceCoverage: 0.5, disagreement: false },
	// Three questions: R1 (1+2+3)/3 = 2, R2 1; R3's three "weet niet" of nine answers.
	ownership: { median: 1.5, q1: 1.25, q3: 1.75, iqr: 0.5, unknownShare: 3 / 9, evidenceCoverage: 0.5, disagreement: false },
	support: { median: 3.75, q1: 3.625, q3: 3.875, iqr: 0.25, unknownShare: 2 / 6, evidenceCoverage: 0.5, disagreement: false },
	// R2 said "weet niet" on capacity-1: 3 of 6 answers unknown; R1's two
	// evidenced levels of the 3 level answers.
	capacity: { median: 2.5, q1: 2.25, q3: 2.75, iqr: 0.5, unknownShare: 3 / 6, evidenceCoverage: 2 / 3, disagreement: false },
	governance: { median: 2.25, q1: 2.125, q3: 2.375, iqr: 0.25, unknownShare: 2 / 6, evidenceCoverage: 0.5, disagreement: false },
	regulation: { median: 0.75, q1: 0.625, q3: 0.875, iqr: 0.25, unknownShare: 2 / 6, evidenceCoverage: 0.5, disagreement: false },
	procurement: { median: 0.75, q1: 0.625, q3: 0.875, iqr: 0.25, unknownShare: 2 / 6, evidenceCoverage: 0.5, disagreement: false },
	'data-privacy': { median: 2.5, q1: 2.25, q3: 2.75, iqr: 0.5, unknownShare: 2 / 6, evidenceCoverage: 0.5, disagreement: false },
	technical: { median: 3.75, q1: 3.625, q3: 3.875, iqr: 0.25, unknownShare: 2 / 6, evidenceCoverage: 0.5, disagreement: false },
	// 3.5 and 2 are 1.5 apart: less than half the 0-4 range, so no flag.
	partnerships: { median: 2.75, q1: 2.375, q3: 3.125, iqr: 0.75, unknownShare: 2 / 6, evidenceCoverage: 0.5, disagreement: false },
};
// Pitfall questions 1-6 R1 present, the rest absent; R2: 1-3 mitigated,
// 4-6 present, 7-9 absent, the rest mitigated. Plurality, ties: present > mitigated > absent.
const R1_PIT = (i) => (i < 6 ? 'present' : 'absent');
const R2_PIT = (i) => (i < 3 ? 'mitigated' : i < 6 ? 'present' : i < 9 ? 'absent' : 'mitigated');
const PIT_STATE = (i) => (i < 6 ? 'present' : i < 9 ? 'absent' : 'mitigated');

function levelsOf(table, bump = 0) {
	const seen = {};
	const out = {};
	for (const q of scaleQs) {
		const k = (seen[q.ingredient] = (seen[q.ingredient] ?? -1) + 1);
		const v = table[q.ingredient][k];
		out[q.id] = v;
	}
	for (const [id, v] of Object.entries(out)) if (v !== null) out[id] = Math.min(4, v + bump);
	return out;
}

// The option of a pitfall question that means the given state (the last one
// when several do, so "nothing comparable" rather than "this approach itself").
function optionFor(q, state) {
	const options = q.options ?? method.option_sets.find((o) => o.id === q.options_from).options;
	return options.filter((o) => o.pitfall_state === state).at(-1).id;
}

function sheet(table, pit, { evidence = false, bump = 0, texts = false } = {}) {
	const answers = {};
	for (const [id, v] of Object.entries(levelsOf(table, bump))) {
		answers[id] = v === null ? { unknown: true } : { level: v };
		if (evidence && v !== null) Object.assign(answers[id], { evidence: 'Evaluatie 2025, p. 12', evidenceUrl: 'https://example.org/evaluatie', confidence: 'hoog' });
	}
	pitfallQs.forEach((q, i) => (answers[q.id] = pit ? { option: optionFor(q, pit(i)) } : { unknown: true }));
	if (texts) textQs.forEach((q) => (answers[q.id] = { text: `Antwoord op ${q.id}` }));
	answers[multiQ.id] = texts ? { options: ['scaling-out', 'anchor-in-line'].filter((o) => method.routes.some((r) => r.id === o)) } : { unknown: true };
	return answers;
}
function allUnknown() {
	const answers = {};
	for (const q of questions) if (q.kind !== 'text' && q.kind !== 'number') answers[q.id] = { unknown: true }; // a number is given or left empty
	return answers;
}

let srv, demoTok, pilotTok, initiative, round1, round2, linkR2, linkDraft;
const near = (a, b, msg) => assert.ok(Math.abs(a - b) < 1e-9, `${msg}: ${a} != ${b}`);

before(async () => {
	srv = await startServer();
	demoTok = token(srv.db, DEMO_EMAIL);
	pilotTok = token(srv.db, BEWERKER_EMAIL);
	const { body } = await bearer(srv.base, demoTok, 'POST', `/organisaties/${ORG_A}/initiatieven`, {
		json: { name: 'Wijkcoaches voor mantelzorgers', stage: 'pilot' },
	});
	initiative = body.id;
});
after(async () => {
	if (process.env.SHOW_LOG) console.error(srv?.log());
	await srv?.stop();
});

const api = (tok, m, p, json) => bearer(srv.base, tok, m, p, json === undefined ? {} : { json });

test('a bewerker starts a round; bad input is named per field', async () => {
	let r = await api(demoTok, 'POST', `/initiatieven/${initiative}/rondes`, { methodId: 'geen-methode', periodStart: '2026-02-30', periodEnd: '2026-01-01' });
	assertProblem(r, 400, ['methodId', 'periodStart']);
	r = await api(demoTok, 'POST', `/initiatieven/${initiative}/rondes`, { methodId: method.id, periodStart: '2026-03-01', periodEnd: '2026-01-01' });
	assertProblem(r, 400, ['periodEnd']);
	r = await api(demoTok, 'POST', `/initiatieven/${initiative}/rondes`, { methodId: method.id, title: 'Nulmeting', periodStart: '2026-01-01', periodEnd: '2026-03-31' });
	assert.equal(r.res.status, 201);
	assert.equal(r.res.headers.get('location'), `/api/v1/rondes/${r.body.id}`);
	assert.equal(r.body.status, 'open');
	assert.equal(r.body.methodId, method.id);
	round1 = r.body.id;
	// A lezer may look but not start rounds or invite.
	const lezer = token(srv.db, 'raad@scalelab.test');
	r = await api(lezer, 'POST', `/initiatieven/${initiative}/rondes`, { methodId: method.id, periodStart: '2026-01-01', periodEnd: '2026-01-02' });
	assert.equal(r.res.status, 403);
});

test('invite two members and a stranger; the link is shown once and only its hash is stored', async () => {
	const demoId = Number(sql(srv.db, `SELECT id FROM users WHERE email='${DEMO_EMAIL}'`).trim());
	const pilotId = Number(sql(srv.db, `SELECT id FROM users WHERE email='${BEWERKER_EMAIL}'`).trim());
	let r = await api(demoTok, 'POST', `/rondes/${round1}/beoordelaars`, { userId: demoId, roleLabel: 'gemeente' });
	assert.equal(r.res.status, 201);
	assert.equal(r.body.kind, 'lid');
	assert.equal(r.body.link, undefined);
	r = await api(demoTok, 'POST', `/rondes/${round1}/beoordelaars`, { name: 'Inwoner Noord', roleLabel: 'inwoner', expiresInDays: 7 });
	assert.equal(r.res.status, 201);
	assert.match(r.body.link, /^\/uitnodigingen\/[A-Za-z0-9_-]{43}$/);
	linkR2 = r.body.link;
	r = await api(demoTok, 'POST', `/rondes/${round1}/beoordelaars`, { userId: pilotId, roleLabel: 'zorgaanbieder' });
	assert.equal(r.res.status, 201);
	r = await api(demoTok, 'POST', `/rondes/${round1}/beoordelaars`, { userId: pilotId, roleLabel: 'zorgaanbieder' });
	assertProblem(r, 400, ['userId']);
	r = await api(demoTok, 'POST', `/rondes/${round1}/beoordelaars`, { roleLabel: '', expiresInDays: 365 });
	assertProblem(r, 400, ['roleLabel', 'name', 'expiresInDays']);
	// A fourth rater who will only save a draft.
	r = await api(demoTok, 'POST', `/rondes/${round1}/beoordelaars`, { name: 'Leverancier X', roleLabel: 'leverancier' });
	linkDraft = r.body.link;
	const tokenPart = linkR2.split('/').pop();
	assert.equal(sql(srv.db, `SELECT count(*) FROM assessment_raters WHERE hex(token_hash) LIKE '%${Buffer.from(tokenPart).toString('hex').slice(0, 16).toUpperCase()}%'`).trim(), '0');
	assert.equal(sql(srv.db, `SELECT count(*) FROM assessment_raters WHERE round_id=${round1} AND length(token_hash)=32`).trim(), '2');
	const got = await api(demoTok, 'GET', `/rondes/${round1}`);
	assert.equal(got.body.raters.length, 4);
	assert.ok(got.body.raters.every((x) => x.link === undefined), 'links are never listed again');
});

test('the stranger answers through the link without an account: draft, then submit', async () => {
	const anon = (m, json) => bearer(srv.base, null, m, linkR2, json === undefined ? {} : { json });
	let r = await anon('GET');
	assert.equal(r.res.status, 200);
	assert.equal(r.body.rater.roleLabel, 'inwoner');
	assert.equal(r.body.canAnswer, true);
	const q1 = r.body.sections.find((s) => s.questions.some((q) => q.kind === 'scale')).questions.find((q) => q.kind === 'scale');
	assert.equal(q1.anchors.length, 6, 'every level of the 0-5 evidence ladder has its anchor text');
	assert.ok(q1.anchors.every((a) => a.text.length > 0));
	// First a partial draft.
	r = await anon('PUT', { answers: { 'evidence-1': { level: 1, confidence: 'laag' } } });
	assert.equal(r.res.status, 200);
	assert.equal(r.body.rater.status, 'concept');
	assert.deepEqual(r.body.answers['evidence-1'], { level: 1, unknown: false, text: '', evidence: '', evidenceUrl: '', confidence: 'laag' });
	// Bad input: 400 naming each field, and the draft survives.
	r = await anon('PUT', { answers: { 'evidence-1': { level: 7 }, nope: { level: 1 }, 'pitfall-kpis': { option: 'misschien' }, 'funding-1': { level: 2, unknown: true }, 'funding-2': { level: 1, evidenceUrl: 'javascript:alert(1)', confidence: 'zeker' } } });
	assertProblem(r, 400, ['answers.evidence-1.level', 'answers.nope', 'answers.pitfall-kpis.option', 'answers.funding-1.level', 'answers.funding-2.evidenceUrl', 'answers.funding-2.confidence']);
	r = await anon('GET');
	assert.equal(r.body.answers['evidence-1'].level, 1, 'the saved draft is still there');
	assert.equal(r.body.answers['funding-2'], undefined, 'nothing of the rejected save was written');
	// The whole sheet, submitted.
	r = await anon('PUT', { answers: sheet(R2, R2_PIT), submit: true });
	assert.equal(r.res.status, 200, r.text);
	assert.equal(r.body.rater.status, 'ingediend');
	assert.equal(r.body.canAnswer, false);
	// Single use: the link is now used up (410, in Dutch).
	r = await anon('GET');
	assertProblem(r, 410);
	assert.match(r.body.detail, /al gebruikt/);
	r = await anon('PUT', { answers: { 'evidence-1': { level: 4 } } });
	assertProblem(r, 410);
	const stored = sql(srv.db, `SELECT level FROM assessment_answers a JOIN assessment_raters r ON r.id=a.rater_id WHERE r.role_label='inwoner' AND a.question_id='evidence-1'`).trim();
	assert.equal(stored, '1', 'the submitted answer was not changed');
});

test('members answer with their own sheet; one answers "weet niet" everywhere', async () => {
	let r = await api(demoTok, 'PUT', `/rondes/${round1}/antwoorden`, { answers: sheet(R1, R1_PIT, { evidence: true, texts: true }), submit: true });
	assert.equal(r.res.status, 200, r.text);
	assert.equal(r.body.rater.status, 'ingediend');
	r = await api(demoTok, 'PUT', `/rondes/${round1}/antwoorden`, { answers: { 'evidence-1': { level: 0 } } });
	assertProblem(r, 409);
	r = await api(pilotTok, 'PUT', `/rondes/${round1}/antwoorden`, { answers: allUnknown(), submit: true });
	assert.equal(r.res.status, 200, r.text);
	// The draft of the fourth rater does not count.
	r = await bearer(srv.base, null, 'PUT', linkDraft, { json: { answers: { 'evidence-1': { level: 4 }, 'evidence-target': { level: 4 } } } });
	assert.equal(r.res.status, 200);
	// A lezer who was not invited answers directly: an empty sheet, and the
	// first save makes them a rater; an empty submission does not count.
	const raad = token(srv.db, 'raad@scalelab.test');
	r = await api(raad, 'GET', `/rondes/${round1}/antwoorden`);
	assert.equal(r.res.status, 200, r.text);
	assert.equal(r.body.rater.id, 0);
	assert.equal(r.body.canAnswer, true);
	assert.equal(r.body.context.questions, questions.length);
	assert.equal(r.body.context.answered, 0);
	const before = Number(sql(srv.db, `SELECT count(*) FROM assessment_raters WHERE round_id=${round1}`).trim());
	r = await api(raad, 'PUT', `/rondes/${round1}/antwoorden`, { answers: {}, submit: true });
	assertProblem(r, 409);
	assert.match(r.body.detail, /geen enkele vraag/);
	assert.equal(Number(sql(srv.db, `SELECT count(*) FROM assessment_raters WHERE round_id=${round1}`).trim()), before, 'the refused submission left no rater behind');
	r = await api(raad, 'PUT', `/rondes/${round1}/antwoorden`, { answers: { 'evidence-1': { level: 2 } } });
	assert.equal(r.res.status, 200, r.text);
	assert.ok(r.body.rater.id > 0);
	assert.equal(r.body.rater.status, 'concept', 'a draft: it does not count until submitted');
	assert.equal(r.body.context.answered, 1);
});

test('scores equal the hand-computed values', async () => {
	const { res, body } = await api(demoTok, 'GET', `/rondes/${round1}/resultaten`);
	assert.equal(res.status, 200);
	assert.equal(body.raters, 3, 'three submitted raters; the draft does not count');
	assert.equal(body.total, undefined, 'no grand total');
	assert.deepEqual(body.ingredients.map((i) => i.id), method.ingredients.map((i) => i.id));
	for (const ing of body.ingredients) {
		const e = EXPECTED[ing.id];
		assert.ok(e, ing.id);
		assert.equal(ing.raters, 2, `${ing.id}: R3 has no value`);
		for (const k of ['median', 'q1', 'q3', 'iqr', 'unknownShare', 'evidenceCoverage']) near(ing[k], e[k], `${ing.id}.${k}`);
		assert.equal(ing.disagreement, e.disagreement, `${ing.id}.disagreement`);
	}
	assert.deepEqual(body.weakest.map((w) => w.id).sort(), ['procurement', 'regulation']);
	// body.pitfalls follow the catalogue; the states were set per question.
	const stateOf = Object.fromEntries(pitfallQs.map((q, i) => [q.pitfall, PIT_STATE(i)]));
	assert.equal(body.pitfalls.length, pitfallQs.length);
	assert.deepEqual(body.pitfalls.map((p) => p.state), body.pitfalls.map((p) => stateOf[p.id]));
	assert.equal(body.pitfallsPresent, 6);
	assert.equal(body.pitfallsMitigated, pitfallQs.length - 9);
	assert.ok(body.pitfalls.every((p) => p.unknown === 1), 'R3 said weet niet on each pitfall');
	// Rules: weak (median < 2) ownership, regulation, procurement; half of the
	// capacity answers "weet niet"; the 6 present pitfalls (the pilot-versus-
	// scale check comes first in the canvas). The weakest first.
	const ids = body.suggestions.map((s) => s.ruleId);
	assert.deepEqual(ids.slice(0, 2).sort(), ['weak-procurement', 'weak-regulation']);
	assert.deepEqual(ids.slice(2).sort(), ['pitfall-exemptions', 'pitfall-extra-attention', 'pitfall-hand-picked', 'pitfall-pilot-money', 'pitfall-pioneers', 'pitfall-uniform-sites', 'unknown-capacity', 'weak-ownership'].sort());
	assert.ok(body.suggestions.every((s) => s.actions.length > 0));
	// Heat map: roles in order of invitation, medians of each role's raters.
	assert.deepEqual(body.roleHeatmap.map((r) => r.role), ['gemeente', 'inwoner', 'zorgaanbieder']);
	const cell = (role, ing) => body.roleHeatmap.find((r) => r.role === role).cells.find((c) => c.ingredient === ing);
	near(cell('gemeente', 'evidence').median, 3.5, 'gemeente evidence');
	near(cell('inwoner', 'evidence').median, 0.5, 'inwoner evidence');
	near(cell('inwoner', 'capacity').median, 2, 'inwoner capacity (one level, one weet niet)');
	assert.equal(cell('zorgaanbieder', 'evidence').median, null);
	assert.equal(cell('zorgaanbieder', 'evidence').raters, 0);
	const routes = body.choices.find((c) => c.question === multiQ.id);
	assert.equal(routes.unknown, 2);
	assert.equal(body.openAnswers.find((o) => o.question === textQs[0].id).answers.length, 1);
	// {ambitie} is filled in the results too: this initiative states no reach, so the neutral phrase
	const why = questions.find((q) => q.id === 'routes-why');
	assert.equal(body.openAnswers.find((o) => o.question === why.id).prompt, why.prompt.nl.replace('{ambitie}', 'het beoogde bereik'));
	assert.doesNotMatch(JSON.stringify([body.openAnswers, body.choices, body.numbers]), /\{ambit/);
});

test('the results page carries the radar chart with a table beside it', async () => {
	const c = await loggedIn(srv.base);
	const res = await c.get(`/rondes/${round1}/resultaten`);
	assert.equal(res.status, 200);
	const html = res.text_;
	assert.match(html, /<div id="radar" class="sl-chart[^"]*" role="img"/);
	const m = /<script type="application\/json" data-chart-for="radar">([^<]*)<\/script>/.exec(html);
	const chart = JSON.parse(m[1]);
	assert.equal(chart.kind, 'radar');
	assert.equal(chart.indicators.length, method.ingredients.length);
	assert.equal(chart.series[0].values[0], 2);
	assert.match(html, /<table class="utrecht-table utrecht-table--html-table" id="scores">/);
	assert.match(html, /data-chart-for="rollen-heatmap"/);
	assert.match(html, /src="\/static\/charts\.[0-9a-f]{8}\.js"/);
	assert.doesNotMatch(html, /<script>(?!<)/, 'no inline script');
	// the table shows each non-whole median in the page's language, as the API has it
	const api1 = await api(demoTok, 'GET', `/rondes/${round1}/resultaten`);
	const frac = api1.body.ingredients.find((i) => i.median !== null && !Number.isInteger(i.median));
	assert.ok(frac, 'a round with a non-whole median');
	const row = (h, title) => new RegExp(`scope="row">${title}</th>\\s*<td[^>]*>([^ <]+)`).exec(h)?.[1];
	assert.equal(row(html, frac.title), String(frac.median).replace('.', ','), 'Dutch decimal comma');
	const enApi = await bearer(srv.base, demoTok, 'GET', `/rondes/${round1}/resultaten`, { headers: { 'Accept-Language': 'en' } });
	const enTitle = enApi.body.ingredients.find((i) => i.id === frac.id).title;
	const en = await loggedIn(srv.base);
	en.jar.c.set('__Host-sl_lang', 'en');
	const enHtml = (await en.get(`/rondes/${round1}/resultaten`)).text_;
	assert.equal(row(enHtml, enTitle), String(frac.median), 'English decimal point');
});

test('export: CSV and JSON of the submitted answers', async () => {
	const n = Number(sql(srv.db, `SELECT count(*) FROM assessment_answers a JOIN assessment_raters r ON r.id=a.rater_id WHERE r.round_id=${round1} AND r.status='ingediend'`).trim());
	const res = await fetch(`${srv.base}/api/v1/rondes/${round1}/export?formaat=csv`, { headers: { Authorization: `Bearer ${demoTok}` } });
	assert.equal(res.status, 200);
	assert.match(res.headers.get('content-type'), /^text\/csv/);
	assert.match(res.headers.get('content-disposition'), /attachment/);
	const lines = (await res.text()).trim().split('\r\n');
	assert.equal(lines[0], 'round_id,method_id,rater_id,role_label,question_id,unknown,level,options,text,evidence,evidence_url,confidence,not_applicable');
	assert.equal(lines.length, n + 1);
	assert.ok(lines.some((l) => l.includes('"inwoner","evidence-1",0,1,')));
	const j = await api(demoTok, 'GET', `/rondes/${round1}/export`);
	assert.equal(j.res.status, 200);
	assert.equal(j.body.answers.length, n);
	near(j.body.results.ingredients[0].median, 2, 'export results');
	assert.ok(j.body.results.basedOn.name.length > 0, 'the export says what the method is based on');
	assert.ok(j.body.raters.every((r) => r.link === undefined));
	assertProblem(await api(demoTok, 'GET', `/rondes/${round1}/export?formaat=xls`), 400, ['formaat']);
});

test('closing the round: answering gives 409 and the saved draft is kept', async () => {
	let r = await api(demoTok, 'PUT', `/rondes/${round1}/status`, { status: 'dicht' });
	assertProblem(r, 400, ['status']);
	r = await api(pilotTok, 'PUT', `/rondes/${round1}/status`, { status: 'gesloten' });
	assert.equal(r.res.status, 200);
	assert.equal(r.body.status, 'gesloten');
	r = await bearer(srv.base, null, 'PUT', linkDraft, { json: { answers: { 'evidence-1': { level: 1 } }, submit: true } });
	assertProblem(r, 409);
	assert.match(r.body.detail, /gesloten/);
	r = await bearer(srv.base, null, 'GET', linkDraft);
	assert.equal(r.res.status, 200);
	assert.equal(r.body.canAnswer, false);
	assert.equal(r.body.answers['evidence-1'].level, 4, 'the draft was not lost');
	r = await api(demoTok, 'POST', `/rondes/${round1}/beoordelaars`, { name: 'Laat', roleLabel: 'inwoner' });
	assertProblem(r, 409);
});

test('an expired link gives 410 with a Dutch message; an unknown one 404', async () => {
	const rr = await api(demoTok, 'POST', `/initiatieven/${initiative}/rondes`, { methodId: method.id, title: 'Tussenmeting', periodStart: '2026-04-01', periodEnd: '2026-06-30' });
	round2 = rr.body.id;
	const inv = await api(demoTok, 'POST', `/rondes/${round2}/beoordelaars`, { name: 'Oud', roleLabel: 'inwoner', expiresInDays: 1 });
	execFileSync('sqlite3', [srv.db, `UPDATE assessment_raters SET expires_s=strftime('%s','now')-1 WHERE id=${inv.body.id}`]);
	let r = await bearer(srv.base, null, 'GET', inv.body.link);
	assertProblem(r, 410);
	assert.match(r.body.detail, /verlopen/);
	r = await bearer(srv.base, null, 'PUT', inv.body.link, { json: { answers: {} } });
	assertProblem(r, 410);
	r = await bearer(srv.base, null, 'GET', '/uitnodigingen/' + 'A'.repeat(43));
	assertProblem(r, 404);
});

test('a second round shows the trend per ingredient', async () => {
	const demoId = Number(sql(srv.db, `SELECT id FROM users WHERE email='${DEMO_EMAIL}'`).trim());
	await api(demoTok, 'POST', `/rondes/${round2}/beoordelaars`, { userId: demoId, roleLabel: 'gemeente' });
	const r = await api(demoTok, 'PUT', `/rondes/${round2}/antwoorden`, { answers: sheet(R1, R1_PIT, { bump: 1 }), submit: true });
	assert.equal(r.res.status, 200, r.text);
	const { body } = await api(demoTok, 'GET', `/rondes/${round2}/resultaten`);
	assert.deepEqual(body.trend.rounds.map((x) => x.id), [round1, round2]);
	const line = (id) => body.trend.lines.find((l) => l.id === id);
	// Round 2: R1 alone, every level one higher (at most 4).
	assert.deepEqual(line('evidence').values, [2, 4]);
	near(line('evidence').delta, 2, 'evidence delta');
	assert.deepEqual(line('procurement').values, [0.75, 1.5]);
	near(line('procurement').delta, 0.75, 'procurement delta');
	assert.deepEqual(line('support').values, [3.75, 4]);
	assert.deepEqual(body.weakest.map((w) => w.id), ['procurement']);
	const c = await loggedIn(srv.base);
	const html = (await c.get(`/rondes/${round2}/resultaten`)).text_;
	const m = /data-chart-for="trend-lijn">([^<]*)</.exec(html);
	const chart = JSON.parse(m[1]);
	assert.equal(chart.kind, 'line');
	assert.equal(chart.series.length, method.ingredients.length);
	assert.deepEqual(chart.x, ['Nulmeting', 'Tussenmeting']);
});

test('actions: accept a suggestion with its parties, overdue stands out, then done', async () => {
	// A new due date in the past is refused, saying why.
	let r = await api(demoTok, 'POST', `/initiatieven/${initiative}/acties`, { title: 'Jurist toetst de vrijstelling', dueDate: '2020-01-31' });
	assertProblem(r, 400, ['dueDate']);
	assert.match(r.body['invalid-params'][0].reason, /verleden/);
	r = await api(demoTok, 'POST', `/initiatieven/${initiative}/acties`, { title: 'Jurist toetst de vrijstelling', roundId: round1, ruleId: 'weak-regulation', ingredient: 'regulation', owner: 'Juridische zaken', dueDate: '2099-01-31' });
	assert.equal(r.res.status, 201, r.text);
	const id = r.body.id;
	assert.equal(r.body.overdue, false);
	// Time passes: the date is now behind us.
	execFileSync('sqlite3', [srv.db, `UPDATE actions SET due_date='2020-01-31' WHERE id=${id}`]);
	r = await api(demoTok, 'GET', `/acties/${id}`);
	assert.equal(r.body.overdue, true);
	assert.equal(r.body.ruleId, 'weak-regulation');
	const rule = method.rules.find((x) => x.id === 'weak-regulation');
	assert.deepEqual(r.body.parties.map((p) => p.type), (rule.parties || []).map((p) => p.type));
	r = await api(demoTok, 'POST', `/initiatieven/${initiative}/acties`, { title: '', dueDate: '31-01-2020', status: 'misschien', ruleId: 'weak-regulation' });
	assertProblem(r, 400, ['title', 'dueDate', 'status', 'roundId']);
	r = await api(demoTok, 'POST', `/initiatieven/${initiative}/acties`, { title: 'x', roundId: round1, ruleId: 'bestaat-niet' });
	assertProblem(r, 400, ['ruleId']);
	const c = await loggedIn(srv.base);
	let html = (await c.get(`/initiatieven/${initiative}`)).text_;
	assert.match(html, /id="achterstallig"/);
	assert.match(html, /Jurist toetst de vrijstelling/);
	r = await api(demoTok, 'PUT', `/acties/${id}`, { title: 'Jurist toetst de vrijstelling', status: 'klaar', dueDate: '2020-01-31' });
	assert.equal(r.res.status, 200);
	assert.equal(r.body.overdue, false);
	html = (await c.get(`/initiatieven/${initiative}`)).text_;
	assert.doesNotMatch(html, /id="achterstallig"/);
	r = await api(demoTok, 'GET', `/initiatieven/${initiative}/acties`);
	assert.equal(r.body.actions.length, 1);
	r = await api(token(srv.db, 'raad@scalelab.test'), 'PUT', `/acties/${id}`, { title: 'x' });
	assert.equal(r.res.status, 403);
});

test('portfolio: latest round per initiative, common bottlenecks, stages', async () => {
	const { res, body } = await api(demoTok, 'GET', `/organisaties/${ORG_A}/portfolio`);
	assert.equal(res.status, 200);
	assert.ok(body.methods.find((m) => m.methodId === method.id));
	const row = body.rows.find((x) => x.initiativeId === initiative && x.methodId === method.id);
	assert.equal(row.roundId, round2, 'the newest round with answers');
	assert.equal(row.cells.length, method.ingredients.length);
	near(row.cells[0].median, 4, 'evidence in round 2');
	const proc = body.bottlenecks.find((b) => b.id === 'procurement');
	assert.ok(proc && proc.count >= 1);
	const total = body.stages.reduce((a, s) => a + s.count, 0);
	assert.equal(total, body.initiativeCount);
	assert.equal(body.stages.length, 5);
});

test('pages: stranger form via the link posts drafts and shows what was typed on error', async () => {
	const inv = await api(demoTok, 'POST', `/rondes/${round2}/beoordelaars`, { name: 'Formulier', roleLabel: 'leverancier' });
	const { Client } = await import('./lib.mjs');
	const c = new Client(srv.base);
	const page = await c.get(inv.body.link);
	assert.equal(page.status, 200);
	assert.match(page.text_, /name="answers.evidence-1.level"/);
	const csrf = /name="_csrf" value="([^"]+)"/.exec(page.text_)[1];
	let res = await c.form(inv.body.link, { _csrf: csrf, 'answers.evidence-1.level': '3', 'answers.evidence-1.evidence': 'Rapport', 'answers.funding-1.level': 'weet-niet' });
	assert.equal(res.status, 303);
	assert.equal(res.headers.get('location'), `${inv.body.link}?opgeslagen=1`);
	res = await c.get(inv.body.link);
	assert.match(res.text_, /id="answers_evidence-1_level-3" value="3" checked/);
	assert.match(res.text_, /id="answers_funding-1_level" value="weet-niet" checked/);
	res = await c.form(inv.body.link, { _csrf: csrf, 'answers.evidence-target.level': '9', 'answers.evidence-target.evidence': 'getypt' });
	assert.equal(res.status, 400);
	assert.match(res.text_, /href="#answers_evidence-target_level"/);
	assert.match(res.text_, />getypt</, 'what was typed is shown again');
	res = await c.form(inv.body.link, { _csrf: csrf, submit: '1' });
	assert.equal(res.status, 303);
	assert.equal(res.headers.get('location'), '/bedankt');
	res = await c.get(inv.body.link);
	assert.equal(res.status, 410);
	assert.match(res.text_, /al gebruikt/);
});

// --- revoking links, reopening answers, action owners, portfolio names, error summary ---

const nl = catalogue('nl');
const en = catalogue('en');
const unescapeHtml = (s) => s.replace(/&lt;/g, '<').replace(/&gt;/g, '>').replace(/&quot;/g, '"').replace(/&#39;|&#x27;/g, "'").replace(/&amp;/g, '&');
const audited = (action, object) => Number(sql(srv.db, `SELECT count(*) FROM audit_log WHERE action='${action}' AND object='${object}' AND result='ok'`).trim());
let round3;

test('the owner revokes an unused link: it answers 410 in Dutch and the draft stays', async () => {
	const rr = await api(demoTok, 'POST', `/initiatieven/${initiative}/rondes`, { methodId: method.id, title: 'Correctieronde', periodStart: '2026-07-01', periodEnd: '2026-09-30' });
	assert.equal(rr.res.status, 201);
	round3 = rr.body.id;
	const inv = await api(demoTok, 'POST', `/rondes/${round3}/beoordelaars`, { name: 'Buurman', roleLabel: 'inwoner' });
	let r = await bearer(srv.base, null, 'PUT', inv.body.link, { json: { answers: { 'evidence-1': { level: 2 } } } });
	assert.equal(r.res.status, 200, 'a draft was saved: not submitted, so still revocable');
	const lezer = token(srv.db, 'raad@scalelab.test');
	r = await api(lezer, 'DELETE', `/rondes/${round3}/beoordelaars/${inv.body.id}/link`);
	assert.equal(r.res.status, 403, 'a lezer may not revoke');
	r = await api(pilotTok, 'DELETE', `/rondes/${round3}/beoordelaars/${inv.body.id}/link`);
	assert.equal(r.res.status, 204, r.text);
	assert.equal(audited('round.revoke_link', `rater/${inv.body.id}`), 1);
	r = await bearer(srv.base, null, 'GET', inv.body.link);
	assertProblem(r, 410);
	assert.match(r.body.detail, /ingetrokken/);
	r = await bearer(srv.base, null, 'PUT', inv.body.link, { json: { answers: { 'evidence-1': { level: 4 } }, submit: true } });
	assertProblem(r, 410);
	assert.equal(sql(srv.db, `SELECT level FROM assessment_answers WHERE rater_id=${inv.body.id} AND question_id='evidence-1'`).trim(), '2', 'the draft is kept, not overwritten');
	// The page shows the same Dutch message with status 410.
	const { Client } = await import('./lib.mjs');
	const page = await new Client(srv.base).get(inv.body.link);
	assert.equal(page.status, 410);
	assert.match(page.text_, /ingetrokken door degene die de ronde beheert/);
	const round = await api(demoTok, 'GET', `/rondes/${round3}`);
	const row = round.body.raters.find((x) => x.id === inv.body.id);
	assert.equal(row.status, 'ingetrokken');
	assert.match(row.revokedAt, /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}Z$/);
	const list = await api(demoTok, 'GET', `/initiatieven/${initiative}/rondes`);
	assert.equal(list.body.rounds.find((x) => x.id === round3).raters, 0, 'a revoked link is no longer counted as a rater');
	r = await api(demoTok, 'DELETE', `/rondes/${round3}/beoordelaars/${inv.body.id}/link`);
	assert.equal(r.res.status, 204, 'revoking twice changes nothing');
});

test('only an unused invitation link of this round can be revoked', async () => {
	const demoId = Number(sql(srv.db, `SELECT id FROM users WHERE email='${DEMO_EMAIL}'`).trim());
	const member = await api(demoTok, 'POST', `/rondes/${round3}/beoordelaars`, { userId: demoId, roleLabel: 'gemeente' });
	let r = await api(demoTok, 'DELETE', `/rondes/${round3}/beoordelaars/${member.body.id}/link`);
	assertProblem(r, 409);
	assert.match(r.body.detail, /Alleen een uitnodigingslink/);
	const used = await api(demoTok, 'POST', `/rondes/${round3}/beoordelaars`, { name: 'Snel', roleLabel: 'leverancier' });
	r = await bearer(srv.base, null, 'PUT', used.body.link, { json: { answers: { 'evidence-1': { level: 1 } }, submit: true } });
	assert.equal(r.res.status, 200);
	r = await api(demoTok, 'DELETE', `/rondes/${round3}/beoordelaars/${used.body.id}/link`);
	assertProblem(r, 409);
	assert.match(r.body.detail, /al gebruikt/);
	// A rater of another round, and one that does not exist, are not found here.
	const other = Number(sql(srv.db, `SELECT id FROM assessment_raters WHERE round_id=${round1} AND user_id IS NULL LIMIT 1`).trim());
	assertProblem(await api(demoTok, 'DELETE', `/rondes/${round3}/beoordelaars/${other}/link`), 404);
	assertProblem(await api(demoTok, 'DELETE', `/rondes/${round3}/beoordelaars/999999/link`), 404);
});

test('the owner reopens a submitted sheet while the round is open; the rater corrects it', async () => {
	const inv = await api(demoTok, 'POST', `/rondes/${round3}/beoordelaars`, { name: 'Corrector', roleLabel: 'zorgaanbieder' });
	let r = await bearer(srv.base, null, 'PUT', inv.body.link, { json: { answers: { 'evidence-1': { level: 0 }, 'evidence-target': { level: 0 } }, submit: true } });
	assert.equal(r.res.status, 200);
	const before = (await api(demoTok, 'GET', `/rondes/${round3}/resultaten`)).body.raters;
	const path = `/rondes/${round3}/beoordelaars/${inv.body.id}/status`;
	assertProblem(await api(demoTok, 'PUT', path, { status: 'ingediend' }), 400, ['status']);
	assertProblem(await api(demoTok, 'PUT', path, { status: 'concept', extra: 1 }), 400, ['extra']);
	assert.equal((await api(token(srv.db, 'raad@scalelab.test'), 'PUT', path, { status: 'concept' })).res.status, 403);
	r = await api(pilotTok, 'PUT', path, { status: 'concept' });
	assert.equal(r.res.status, 200, r.text);
	assert.equal(r.body.status, 'concept');
	assert.equal(audited('answers.reopen', `rater/${inv.body.id}`), 1);
	assert.equal((await api(demoTok, 'GET', `/rondes/${round3}/resultaten`)).body.raters, before - 1, 'a reopened sheet no longer counts');
	assertProblem(await api(demoTok, 'PUT', path, { status: 'concept' }), 409, []);
	// The link opens again with the answers as they were; the rater corrects and submits.
	r = await bearer(srv.base, null, 'GET', inv.body.link);
	assert.equal(r.res.status, 200);
	assert.equal(r.body.canAnswer, true);
	assert.equal(r.body.answers['evidence-1'].level, 0);
	r = await bearer(srv.base, null, 'PUT', inv.body.link, { json: { answers: { 'evidence-1': { level: 3 } }, submit: true } });
	assert.equal(r.res.status, 200, r.text);
	assert.equal(sql(srv.db, `SELECT level FROM assessment_answers WHERE rater_id=${inv.body.id} AND question_id='evidence-1'`).trim(), '3');
	assert.equal((await api(demoTok, 'GET', `/rondes/${round3}/resultaten`)).body.raters, before);
	// A closed round cannot be reopened per sheet.
	await api(demoTok, 'PUT', `/rondes/${round3}/status`, { status: 'gesloten' });
	r = await api(demoTok, 'PUT', path, { status: 'concept' });
	assertProblem(r, 409);
	assert.match(r.body.detail, /gesloten/);
	await api(demoTok, 'PUT', `/rondes/${round3}/status`, { status: 'open' });
});

test('pages: the round page revokes a link and reopens a sheet with buttons', async () => {
	const inv = await api(demoTok, 'POST', `/rondes/${round3}/beoordelaars`, { name: 'Via knop', roleLabel: 'inwoner' });
	const done = await api(demoTok, 'POST', `/rondes/${round3}/beoordelaars`, { name: 'Klaar', roleLabel: 'inwoner' });
	await bearer(srv.base, null, 'PUT', done.body.link, { json: { answers: { 'evidence-1': { unknown: true } }, submit: true } });
	const c = await loggedIn(srv.base);
	let html = (await c.get(`/rondes/${round3}`)).text_;
	assert.match(html, new RegExp(`action="/rondes/${round3}/beoordelaars/${inv.body.id}/intrekken"`));
	assert.doesNotMatch(html, new RegExp(`action="/rondes/${round3}/beoordelaars/${inv.body.id}/heropenen"`), 'nothing submitted to reopen');
	assert.match(html, new RegExp(`action="/rondes/${round3}/beoordelaars/${done.body.id}/heropenen"`));
	assert.doesNotMatch(html, new RegExp(`action="/rondes/${round3}/beoordelaars/${done.body.id}/intrekken"`), 'a used link cannot be revoked');
	const csrf = /name="_csrf" value="([^"]+)"/.exec(html)[1];
	let res = await c.form(`/rondes/${round3}/beoordelaars/${inv.body.id}/intrekken`, { _csrf: csrf });
	assert.equal(res.status, 303);
	assert.equal(res.headers.get('location'), `/rondes/${round3}`);
	assert.equal((await bearer(srv.base, null, 'GET', inv.body.link)).res.status, 410);
	res = await c.form(`/rondes/${round3}/beoordelaars/${done.body.id}/heropenen`, { _csrf: csrf });
	assert.equal(res.status, 303);
	assert.equal((await bearer(srv.base, null, 'GET', done.body.link)).res.status, 200);
	// Revoking the same link again from a stale page is harmless; reopening again is a 409 on the page.
	res = await c.form(`/rondes/${round3}/beoordelaars/${done.body.id}/heropenen`, { _csrf: csrf });
	assert.equal(res.status, 409);
	assert.match(res.text_, /nog niets ingediend/);
	html = (await c.get(`/rondes/${round3}`)).text_;
	assert.match(html, /link ingetrokken/);
	// A lezer sees no buttons.
	const lezer = await loggedIn(srv.base, 'raad@scalelab.test');
	assert.doesNotMatch((await lezer.get(`/rondes/${round3}`)).text_, /intrekken"|heropenen"/);
});

test('an action owner is a member (ownerId) and/or a free-text party outside the organisation', async () => {
	const pilotId = Number(sql(srv.db, `SELECT id FROM users WHERE email='${BEWERKER_EMAIL}'`).trim());
	execFileSync('sqlite3', [srv.db, `INSERT INTO users(email,name,pw_hash,created_at) VALUES('buiten@scalelab.test','Buitenstaander','x','2026-01-01T00:00:00Z')`]);
	const outsider = Number(sql(srv.db, `SELECT id FROM users WHERE email='buiten@scalelab.test'`).trim());
	let r = await api(demoTok, 'POST', `/initiatieven/${initiative}/acties`, { title: 'Inkoop verkennen', ownerId: pilotId, owner: 'Partner Wijkzorg BV' });
	assert.equal(r.res.status, 201, r.text);
	const id = r.body.id;
	assert.equal(r.body.ownerId, pilotId);
	assert.equal(r.body.ownerName, 'Pieter Pilotleider');
	assert.equal(r.body.owner, 'Partner Wijkzorg BV');
	assertProblem(await api(demoTok, 'POST', `/initiatieven/${initiative}/acties`, { title: 'x', ownerId: outsider }), 400, ['ownerId']);
	assertProblem(await api(demoTok, 'POST', `/initiatieven/${initiative}/acties`, { title: 'x', ownerId: 'Pieter' }), 400, ['ownerId']);
	assertProblem(await api(demoTok, 'PUT', `/acties/${id}`, { title: 'x', ownerId: -3 }), 400, ['ownerId']);
	// Only a partner: ownerId null clears the member.
	r = await api(demoTok, 'PUT', `/acties/${id}`, { title: 'Inkoop verkennen', ownerId: null, owner: 'Partner Wijkzorg BV' });
	assert.equal(r.res.status, 200, r.text);
	assert.equal(r.body.ownerId, null);
	assert.equal(r.body.ownerName, null);
	// Pages: a select of members beside the free text; the list shows both.
	const c = await loggedIn(srv.base);
	let html = (await c.get(`/initiatieven/${initiative}/acties`)).text_;
	assert.match(html, /<select class="utrecht-select utrecht-select--html-select" id="ownerId" name="ownerId"/);
	assert.match(html, new RegExp(`<option value="${pilotId}">Pieter Pilotleider</option>`));
	assert.doesNotMatch(html, /Buitenstaander/, 'only members are offered');
	const csrf = /name="_csrf" value="([^"]+)"/.exec(html)[1];
	let res = await c.form(`/initiatieven/${initiative}/acties`, { _csrf: csrf, title: 'Gesprek met de zorgverzekeraar', ownerId: String(pilotId), owner: 'Zorgverzekeraar Oost', status: 'open', ingredient: '' });
	assert.equal(res.status, 303);
	html = (await c.get(`/initiatieven/${initiative}/acties`)).text_;
	assert.match(html, /Pieter Pilotleider; Zorgverzekeraar Oost/);
	res = await c.form(`/initiatieven/${initiative}/acties`, { _csrf: csrf, title: 'Fout', ownerId: String(outsider), owner: '', status: 'open', ingredient: '' });
	assert.equal(res.status, 400);
	assert.match(res.text_, /href="#ownerId"/);
	assert.match(res.text_, /id="ownerId-fout"/);
	const newest = (await api(demoTok, 'GET', `/initiatieven/${initiative}/acties`)).body.actions.find((a) => a.title === 'Gesprek met de zorgverzekeraar');
	html = (await c.get(`/acties/${newest.id}/bewerken`)).text_;
	assert.match(html, new RegExp(`<option value="${pilotId}" selected>Pieter Pilotleider</option>`));
	assert.match(html, /id="owner" name="owner" type="text" maxlength="120" value="Zorgverzekeraar Oost"/);
});

test('portfolio: the stage chart uses the same translated names as its table (nl and en)', async () => {
	const stages = ['idee', 'pilot', 'opschalen', 'geborgd', 'gestopt'];
	const chartOf = (html) => JSON.parse(/data-chart-for="fasen">([^<]*)</.exec(html)[1]);
	const c = await loggedIn(srv.base);
	let html = (await c.get(`/organisaties/${ORG_A}/portfolio`)).text_;
	let chart = chartOf(html);
	assert.deepEqual(chart.x, stages.map((s) => nl[`stage.${s}`]));
	assert.deepEqual(chart.x, ['Idee', 'Pilot', 'Opschalen', 'Geborgd', 'Gestopt']);
	assert.equal(chart.series[0].name, nl['portfolio.initiatives']);
	const table = /id="fasen-tabel">([\s\S]*?)<\/table>/.exec(html)[1];
	assert.deepEqual([...table.matchAll(/scope="row">([^<]*)</g)].map((m) => m[1]), chart.x);
	execFileSync('sqlite3', [srv.db, `UPDATE users SET lang='en' WHERE email='raad@scalelab.test'`]);
	const e = await loggedIn(srv.base, 'raad@scalelab.test');
	html = (await e.get(`/organisaties/${ORG_A}/portfolio`)).text_;
	chart = chartOf(html);
	assert.deepEqual(chart.x, ['Idea', 'Pilot', 'Scaling', 'Embedded', 'Stopped']);
	assert.deepEqual(chart.x, stages.map((s) => en[`stage.${s}`]));
	assert.equal(chart.series[0].name, en['portfolio.initiatives']);
});

test('pages: the error summary of the answer form names each question by its text', async () => {
	const inv = await api(demoTok, 'POST', `/rondes/${round3}/beoordelaars`, { name: 'Foutje', roleLabel: 'inwoner' });
	const { Client } = await import('./lib.mjs');
	const c = new Client(srv.base);
	const csrf = /name="_csrf" value="([^"]+)"/.exec((await c.get(inv.body.link)).text_)[1];
	const res = await c.form(inv.body.link, { _csrf: csrf, 'answers.working-elements-1.level': '9', 'answers.funding-1.level': '1', 'answers.funding-1.evidenceUrl': 'ftp://x' });
	assert.equal(res.status, 400);
	const summary = /<div class="utrecht-alert utrecht-alert--error[\s\S]*?<ul class="utrecht-unordered-list">([\s\S]*?)<\/ul>/.exec(res.text_)[1];
	const items = [...summary.matchAll(/<li><a class="utrecht-link" href="#([^"]+)">([^<]*)<\/a><\/li>/g)].map((m) => [m[1], unescapeHtml(m[2])]);
	const num = (id) => questions.findIndex((q) => q.id === id) + 1;
	const prompt = (id) => questions.find((q) => q.id === id).prompt.nl;
	assert.deepEqual(items, [
		['answers_working-elements-1_level', `Vraag ${num('working-elements-1')} — ${prompt('working-elements-1')}: ${nl['err.level']}`],
		['answers_funding-1_evidenceUrl', `Vraag ${num('funding-1')} — ${prompt('funding-1')} · ${nl['assess.evidence_url']}: ${nl['err.url']}`],
	]);
	// The API keeps invalid-params to name and reason.
	const r = await bearer(srv.base, null, 'PUT', inv.body.link, { json: { answers: { 'working-elements-1': { level: 9 } } } });
	assertProblem(r, 400, ['answers.working-elements-1.level']);
	assert.deepEqual(Object.keys(r.body['invalid-params'][0]).sort(), ['name', 'reason']);
});
