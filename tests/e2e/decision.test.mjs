// SPDX-License-Identifier: EUPL-1.2
// The decision outcome of an assessment round over real HTTP: criteria are
// agreed while the round is open (proposed from the method), locked when
// the round closes or the decision is taken; the decision of a closed round
// (opschalen, juistschalen, bijsturen, stoppen) judges every criterion and
// is audited; it shows on the round's results, in the evidence (what a plan
// gate snapshots) and on the initiative page; the demo rounds carry one.
// Also: "niet van toepassing" and number answers through the API and the
// page form, and the results' route, outcome and condition fields.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { startServer, loggedIn, bearer, token, sql, assertProblem, csrfOf, DEMO_EMAIL, LEZER_EMAIL, ORG_A } from './lib.mjs';

let srv, tok, lezer, ini, round;

async function call(method, path, json, t = tok) {
	return bearer(srv.base, t, method, path, { json });
}

before(async () => {
	srv = await startServer();
	tok = token(srv.db, DEMO_EMAIL);
	lezer = token(srv.db, LEZER_EMAIL);
	const r = await call('POST', `/organisaties/${ORG_A}/initiatieven`, { name: 'Besluitproef', stage: 'pilot' });
	assert.equal(r.res.status, 201, r.text);
	ini = r.body.id;
	const rr = await call('POST', `/initiatieven/${ini}/rondes`, { methodId: 'pilot-scaling-canvas', periodStart: '2026-01-01', periodEnd: '2026-01-14' });
	assert.equal(rr.res.status, 201, rr.text);
	round = rr.body.id;
});
after(async () => {
	await srv?.stop();
});

test('demo: the closed demo rounds carry agreed criteria and a decision; the initiative page and evidence show the latest', async () => {
	const id = Number(sql(srv.db, "SELECT id FROM initiatives WHERE name='Buurtcoaches schulden in wijk Noord'").trim());
	const rounds = (await call('GET', `/initiatieven/${id}/rondes`)).body.rounds.filter((r) => r.status === 'gesloten');
	assert.equal(rounds.length, 2);
	const first = rounds.find((r) => /Nulmeting/.test(r.title));
	const d = await call('GET', `/rondes/${first.id}/besluit`);
	assert.equal(d.res.status, 200, d.text);
	assert.equal(d.body.decision.outcome, 'bijsturen');
	assert.equal(d.body.decision.outcomeLabel, 'bijsturen');
	assert.equal(d.body.decision.criteriaInAdvance, true);
	assert.equal(d.body.criteria.length, 4);
	assert.equal(d.body.decision.criteriaTotal, 4);
	assert.equal(d.body.decision.criteriaMet, d.body.criteria.filter((c) => c.met === true).length);
	assert.equal(d.body.criteriaLocked, true);
	assert.match(d.body.decision.rationale, /bij/);
	// the results of the round carry it
	const res = await call('GET', `/rondes/${first.id}/resultaten`);
	assert.equal(res.body.decision.outcome, 'bijsturen');
	// evidence: the latest decision of the initiative (the half-year round: juistschalen)
	const ev = await call('GET', `/initiatieven/${id}/bewijs`);
	assert.equal(ev.res.status, 200, ev.text);
	assert.equal(ev.body.decision.outcome, 'juistschalen');
	assert.match(ev.body.decision.roundTitle, /half jaar/);
	const web = await loggedIn(srv.base);
	const page = await web.get(`/initiatieven/${id}`);
	assert.equal(page.status, 200);
	assert.match(page.text_, /id="laatste-rondebesluit"/);
	assert.match(page.text_, /juistschalen/);
});

test('criteria: proposed by the method, agreed while open, refused when bad, locked once the round closes', async () => {
	let d = await call('GET', `/rondes/${round}/besluit`);
	assert.equal(d.res.status, 200);
	assert.equal(d.body.decision, null);
	assert.deepEqual(d.body.criteria, []);
	assert.equal(d.body.criteriaLocked, false);
	assert.equal(d.body.canDecide, false, 'an open round is not decided yet');
	// bad input: named per field; nothing stored
	let r = await call('PUT', `/rondes/${round}/besluit/criteria`, { criteria: ['Goed', '   ', 7] });
	assertProblem(r, 400, ['criteria.1', 'criteria.2']);
	r = await call('PUT', `/rondes/${round}/besluit/criteria`, { criteria: Array.from({ length: 13 }, (_, i) => `Criterium ${i}`) });
	assertProblem(r, 400, ['criteria']);
	r = await call('PUT', `/rondes/${round}/besluit/criteria`, { criteria: ['x'.repeat(301)] });
	assertProblem(r, 400, ['criteria.0']);
	assert.equal(sql(srv.db, `SELECT count(*) FROM decision_criteria WHERE round_id=${round}`).trim(), '0');
	// a lezer may read, not agree
	r = await call('PUT', `/rondes/${round}/besluit/criteria`, { criteria: ['Effect aangetoond'] }, lezer);
	assertProblem(r, 403);
	r = await call('PUT', `/rondes/${round}/besluit/criteria`, { criteria: ['  Effect aangetoond in twee wijken  ', 'Geld na de pilot geregeld', 'Eigenaar in de lijn'] });
	assert.equal(r.res.status, 200, r.text);
	assert.deepEqual(r.body.criteria.map((c) => c.text), ['Effect aangetoond in twee wijken', 'Geld na de pilot geregeld', 'Eigenaar in de lijn']);
	assert.ok(r.body.criteria.every((c) => c.met === null));
	// deciding an open round is refused
	r = await call('PUT', `/rondes/${round}/besluit`, { outcome: 'opschalen', rationale: 'Te vroeg', judgements: [] });
	assertProblem(r, 409);
	// closing the round locks the criteria
	r = await call('PUT', `/rondes/${round}/status`, { status: 'gesloten' });
	assert.equal(r.res.status, 200, r.text);
	r = await call('PUT', `/rondes/${round}/besluit/criteria`, { criteria: ['Achteraf verzonnen'] });
	assertProblem(r, 409);
	assert.match(r.body.detail, /gesloten/);
	d = await call('GET', `/rondes/${round}/besluit`);
	assert.equal(d.body.criteriaLocked, true);
	assert.equal(d.body.canDecide, true);
	assert.equal(d.body.criteria.length, 3);
});

test('the decision: every criterion judged, a reason and a date not in the future; audited; changing it is audited too', async () => {
	const d = (await call('GET', `/rondes/${round}/besluit`)).body;
	const [c1, c2, c3] = d.criteria.map((c) => c.id);
	let r = await call('PUT', `/rondes/${round}/besluit`, { outcome: 'doorgaan', rationale: '', decidedOn: '2999-01-01', judgements: [{ criterionId: c1, met: true }, { criterionId: 999999, met: false }] });
	assertProblem(r, 400, ['outcome', 'rationale', 'decidedOn', `judgements.${c2}.met`, `judgements.${c3}.met`, 'judgements.1.criterionId']);
	assert.equal(sql(srv.db, `SELECT count(*) FROM decisions WHERE round_id=${round}`).trim(), '0');
	r = await call('PUT', `/rondes/${round}/besluit`, {
		outcome: 'juistschalen', rationale: 'Effect is er, geld voor de hele stad niet: drie wijken.', decider: 'Stuurgroep', decidedOn: '2026-01-20',
		judgements: [{ criterionId: c1, met: true, note: 'Noord en Oost' }, { criterionId: c2, met: false }, { criterionId: c3, met: true }],
	});
	assert.equal(r.res.status, 200, r.text);
	assert.equal(r.body.decision.outcome, 'juistschalen');
	assert.equal(r.body.decision.decider, 'Stuurgroep');
	assert.equal(r.body.decision.decidedOn, '2026-01-20');
	assert.equal(r.body.decision.criteriaMet, 2);
	assert.equal(r.body.decision.criteriaTotal, 3);
	assert.equal(r.body.decision.criteriaInAdvance, true);
	assert.equal(r.body.criteria[0].note, 'Noord en Oost');
	assert.equal(r.body.criteria[1].met, false);
	assert.equal(sql(srv.db, `SELECT count(*) FROM audit_log WHERE action='decision.take' AND object='round/${round}' AND result='ok'`).trim(), '1');
	// changed: stoppen; the criteria stay locked
	r = await call('PUT', `/rondes/${round}/besluit`, { outcome: 'stoppen', rationale: 'Geen geld.', judgements: [{ criterionId: c1, met: true }, { criterionId: c2, met: false }, { criterionId: c3, met: false }] });
	assert.equal(r.res.status, 200, r.text);
	assert.equal(r.body.decision.outcome, 'stoppen');
	assert.equal(r.body.decision.criteriaMet, 1);
	assert.equal(sql(srv.db, `SELECT count(*) FROM audit_log WHERE action='decision.change' AND object='round/${round}'`).trim(), '1');
	// the evidence of the initiative now reports it (what a gate review snapshots)
	const ev = await call('GET', `/initiatieven/${ini}/bewijs`);
	assert.equal(ev.body.decision.outcome, 'stoppen');
	assert.equal(ev.body.decision.roundId, round);
});

test('pages: agree criteria and take the decision with forms; errors are named', async () => {
	const rr = await call('POST', `/initiatieven/${ini}/rondes`, { methodId: 'ten-ingredient-scan', periodStart: '2026-02-01', periodEnd: '2026-02-14' });
	const r2 = rr.body.id;
	const web = await loggedIn(srv.base);
	let page = await web.get(`/rondes/${r2}/besluit`);
	assert.equal(page.status, 200);
	assert.match(page.text_, /<textarea[^>]+id="criteria"/);
	let res = await web.form(`/rondes/${r2}/besluit/criteria`, { _csrf: csrfOf(page.text_), criteria: 'Draagvlak bij de wethouder\n\nBudget voor twee jaar\n' });
	assert.equal(res.status, 303, res.text_);
	const ids = sql(srv.db, `SELECT id FROM decision_criteria WHERE round_id=${r2} ORDER BY position`).trim().split('\n').map(Number);
	assert.equal(ids.length, 2);
	await call('PUT', `/rondes/${r2}/status`, { status: 'gesloten' });
	page = await web.get(`/rondes/${r2}/besluit`);
	assert.match(page.text_, /name="outcome"/);
	assert.match(page.text_, new RegExp(`name="judgements.${ids[0]}.met"`));
	// missing judgement and reason: 400 with an error summary
	res = await web.form(`/rondes/${r2}/besluit`, { _csrf: csrfOf(page.text_), outcome: 'bijsturen', rationale: '', [`judgements.${ids[0]}.met`]: '1' });
	assert.equal(res.status, 400);
	assert.match(res.text_, /id="foutmelding"/);
	assert.match(res.text_, new RegExp(`href="#judgements_${ids[1]}_met"`));
	res = await web.form(`/rondes/${r2}/besluit`, { _csrf: csrfOf(page.text_), outcome: 'bijsturen', rationale: 'Eerst het budget regelen.', decider: '', decidedOn: '', [`judgements.${ids[0]}.met`]: '1', [`judgements.${ids[1]}.met`]: '0', [`judgements.${ids[1]}.note`]: 'Alleen voor een jaar' });
	assert.equal(res.status, 303, res.text_);
	const d = (await call('GET', `/rondes/${r2}/besluit`)).body;
	assert.equal(d.decision.outcome, 'bijsturen');
	const me = sql(srv.db, `SELECT name FROM users WHERE email='${DEMO_EMAIL}'`).trim();
	assert.ok(me.length > 0);
	assert.equal(d.decision.decider, me, 'left empty: the caller decided');
	assert.equal(d.criteria[1].note, 'Alleen voor een jaar');
	const results = await web.get(`/rondes/${r2}/resultaten`);
	assert.match(results.text_, /id="rondebesluit"/);
});

test('answers: "niet van toepassing" is stored apart from "weet niet" and refused where a question does not allow it', async () => {
	const rr = await call('POST', `/initiatieven/${ini}/rondes`, { methodId: 'pilot-scaling-canvas', periodStart: '2026-03-01', periodEnd: '2026-03-14' });
	const r3 = rr.body.id;
	const sheet = (await call('GET', `/rondes/${r3}/antwoorden`)).body;
	const qs = sheet.sections.flatMap((s) => s.questions);
	const scale = qs.find((q) => q.kind === 'scale');
	const na = qs.find((q) => q.notApplicableAllowed);
	let r = await call('PUT', `/rondes/${r3}/antwoorden`, { answers: { [scale.id]: { notApplicable: true } } });
	if (scale.notApplicableAllowed) assert.equal(r.res.status, 200, r.text);
	else assertProblem(r, 400, [`answers.${scale.id}.notApplicable`]);
	r = await call('PUT', `/rondes/${r3}/antwoorden`, { answers: { [scale.id]: { notApplicable: true, unknown: true } } });
	assert.equal(r.res.status, 400);
	if (na) {
		r = await call('PUT', `/rondes/${r3}/antwoorden`, { answers: { [na.id]: { notApplicable: true } } });
		assert.equal(r.res.status, 200, r.text);
		assert.equal(r.body.answers[na.id].notApplicable, true);
		assert.equal(r.body.answers[na.id].unknown, false);
		assert.equal(sql(srv.db, `SELECT a.unknown FROM assessment_answers a JOIN assessment_raters r ON r.id=a.rater_id WHERE r.round_id=${r3} AND a.question_id='${na.id}'`).trim(), '2');
	}
	// the results carry the new members whatever the method's content
	const res = (await call('GET', `/rondes/${r3}/resultaten`)).body;
	assert.ok(Array.isArray(res.routes) && Array.isArray(res.numbers));
	assert.ok(res.basedOn.name.length > 0);
	assert.ok(res.ingredients.every((i) => typeof i.notApplicable === 'number' && typeof i.notApplicableAll === 'boolean'));
	// the demo round's suggestions state their outcome and condition
	const id = Number(sql(srv.db, "SELECT r.id FROM assessment_rounds r JOIN initiatives i ON i.id=r.initiative_id WHERE i.name='Buurtcoaches schulden in wijk Noord' ORDER BY r.id LIMIT 1").trim());
	const demo = (await call('GET', `/rondes/${id}/resultaten`)).body;
	assert.ok(demo.suggestions.length > 0);
	for (const s of demo.suggestions) {
		assert.ok(['improve', 'right-size', 'adjust', 'substitute', 'postpone', 'stop'].includes(s.outcome));
		assert.ok(s.condition.length > 10, s.condition);
		if (s.kind === 'ingredientBelow') assert.match(s.condition, /lager dan \d/);
	}
});
