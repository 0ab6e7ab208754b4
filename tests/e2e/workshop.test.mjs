// SPDX-License-Identifier: EUPL-1.2
// The live workshop over HTTP (issue 9): starting on an open round only,
// joining with the code as people type it, the guessing limit, answers only
// to the open part and only until it closes, removal (410), the QR code as
// SVG while open, agreed values checked against the method (level on the
// scale, real routes), the impact statement prefilled from the ambition,
// routes linked to the pitfalls that threaten them, actions agreed in the
// room, and the results showing the agreed values beside the individual ones.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { startServer, bearer, token, assertProblem, DEMO_EMAIL, LEZER_EMAIL, ORG_A } from './lib.mjs';

let srv, tok, round, ws, code;
const api = (m, p, json, t = tok) => bearer(srv.base, t, m, p, json === undefined ? {} : { json });
const anon = (m, p, json) => bearer(srv.base, null, m, p, json === undefined ? {} : { json });

before(async () => {
	srv = await startServer();
	tok = token(srv.db, DEMO_EMAIL);
	const inits = (await api('GET', `/organisaties/${ORG_A}/initiatieven`)).body.initiatives;
	const ini = inits.find((i) => i.name === 'Buurtcoaches schulden in wijk Noord');
	const r = await api('POST', `/initiatieven/${ini.id}/rondes`, { methodId: 'pilot-scaling-canvas', periodStart: '2099-01-01', periodEnd: '2099-01-14' });
	assert.equal(r.res.status, 201, r.text);
	round = r.body;
	assert.equal(round.title, 'Opschalingscanvas voor pilots, januari 2099', 'a readable default title');
});
after(async () => {
	await srv?.stop();
});

test('a workshop starts on an open round only, once; a lezer may not start one', async () => {
	const rounds = (await api('GET', `/initiatieven/${round.initiativeId}/rondes`)).body.rounds;
	const closed = rounds.find((x) => x.status === 'gesloten');
	assertProblem(await api('POST', `/rondes/${closed.id}/werksessie`, {}), 409);
	assertProblem(await api('POST', `/rondes/${round.id}/werksessie`, {}, token(srv.db, LEZER_EMAIL)), 403);
	const r = await api('POST', `/rondes/${round.id}/werksessie`, {});
	assert.equal(r.res.status, 201, r.text);
	ws = r.body;
	code = ws.code;
	assert.match(code, /^[ABCDEFGHJKMNPQRSTUVWXYZ23456789]{6}$/);
	assert.equal(ws.joinUrl, `${srv.base}/werksessie?code=${code}`);
	assert.equal(ws.part, 'impact');
	assert.deepEqual(ws.parts.map((p) => p.id), ['impact', 'context', 'unit', 'routes', 'ingredients', 'pitfalls', 'acties']);
	// the impact statement starts from the initiative's ambition
	const impact = ws.agreed.find((a) => a.item === 'impact');
	assert.match(impact.conclusion, /huishoudens met beginnende betalingsachterstanden/);
	assert.match(impact.conclusion, /600/);
	assertProblem(await api('POST', `/rondes/${round.id}/werksessie`, {}), 409);
});

test('the QR code is an SVG of the join link; the projector page shows the code', async () => {
	const res = await fetch(`${srv.base}/api/v1/werksessies/${ws.id}/qr`, { headers: { Authorization: `Bearer ${tok}` } });
	assert.equal(res.status, 200);
	assert.match(res.headers.get('content-type'), /^image\/svg\+xml/);
	const svg = await res.text();
	const m = /viewBox="0 0 (\d+) (\d+)"/.exec(svg);
	// a QR symbol has 17 + 4 * version modules per side, plus 4 quiet modules on each side
	const side = Number(m[1]) - 8;
	assert.equal((side - 17) % 4, 0, `a QR side of ${side} modules`);
	// the three finder patterns: a 7-module dark run at the top left and right
	assert.match(svg, /M4 4h7v1h-7z/);
	assert.match(svg, new RegExp(`M${side - 3} 4h7v1h-7z`));
});

let p1, p2;
test('joining: the code as typed (lower case, dash), a name; a wrong code is named', async () => {
	assertProblem(await anon('POST', '/werksessie', { code: 'ZZZZZZ', name: 'Gast' }), 400, ['code']);
	assertProblem(await anon('POST', '/werksessie', { code, name: '' }), 400, ['name']);
	const typed = `${code.slice(0, 3).toLowerCase()}-${code.slice(3).toLowerCase()}`;
	let r = await anon('POST', '/werksessie', { code: typed, name: 'Anna', roleLabel: 'inwoner' });
	assert.equal(r.res.status, 201, r.text);
	p1 = r.body;
	assert.match(p1.link, /^\/werksessie\/[A-Za-z0-9_-]{43}$/);
	r = await anon('POST', '/werksessie', { code, name: 'Bram' });
	p2 = r.body;
	const sheet = await anon('GET', p1.link);
	assert.equal(sheet.res.status, 200);
	assert.equal(sheet.body.part, 'impact');
	assert.equal(sheet.body.name, 'Anna');
	// the participant's token is no invitation link
	assert.equal((await anon('GET', `/uitnodigingen/${p1.link.split('/').pop()}`)).res.status, 404);
});

test('answers go to the open part only, change until it closes, and arrive anonymously on the projector', async () => {
	assertProblem(await anon('POST', p1.link, { answers: { 'evidence-1': 2 } }), 400, ['answers.evidence-1']);
	let r = await api('POST', `/werksessies/${ws.id}/deel`, { part: 'ingredients' });
	assert.equal(r.res.status, 200, r.text);
	assertProblem(await api('POST', `/werksessies/${ws.id}/deel`, { part: 'bestaat-niet' }), 400, ['part']);
	assertProblem(await anon('POST', p1.link, { answers: { 'evidence-1': 9 } }), 400, ['answers.evidence-1']);
	assert.equal((await anon('POST', p1.link, { answers: { 'evidence-1': 1, 'funding-1': 'weet-niet' } })).res.status, 200);
	assert.equal((await anon('POST', p1.link, { answers: { 'evidence-1': 2 } })).res.status, 200, 'changed while open');
	assert.equal((await anon('POST', p2.link, { answers: { 'evidence-1': 2 } })).res.status, 200);
	r = await api('GET', `/werksessies/${ws.id}`);
	const q = r.body.questions.find((x) => x.id === 'evidence-1');
	assert.deepEqual(q.bars.map((b) => b.count), [0, 0, 2, 0, 0, 0], 'one bar per level of the 0-5 evidence ladder');
	assert.equal(q.answered, 2);
	assert.equal(r.body.questions.find((x) => x.id === 'funding-1').unknown, 1);
	assert.doesNotMatch(JSON.stringify(r.body.questions), /Anna|Bram/);
	r = await api('POST', `/werksessies/${ws.id}/deel`, { part: 'ingredients', close: true });
	assert.equal(r.body.partClosed, true);
	assertProblem(await anon('POST', p1.link, { answers: { 'evidence-1': 4 } }), 409);
	assert.equal((await anon('GET', p1.link)).body.partClosed, true);
});

test('agreed values are checked against the method; routes name the pitfalls that threaten them', async () => {
	assertProblem(await api('POST', `/werksessies/${ws.id}/vastgesteld`, { item: 'evidence', level: 7 }), 400, ['level']);
	assertProblem(await api('POST', `/werksessies/${ws.id}/vastgesteld`, { item: 'geen' }), 400, ['item']);
	assertProblem(await api('POST', `/werksessies/${ws.id}/vastgesteld`, { item: 'routes', routes: ['vliegen'] }), 400, ['routes']);
	let r = await api('POST', `/werksessies/${ws.id}/vastgesteld`, { item: 'evidence', level: 2, conclusion: 'Alleen eigen metingen.', dissent: 'Bram: eerder 1.' });
	assert.equal(r.res.status, 200, r.text);
	r = await api('POST', `/werksessies/${ws.id}/vastgesteld`, { item: 'routes', routes: ['replicate', 'embed'], conclusion: 'Eerst Zuid, dan borgen.' });
	assert.equal(r.res.status, 200, r.text);
	r = await api('POST', `/werksessies/${ws.id}/deel`, { part: 'routes' });
	const routes = r.body.agreed.find((a) => a.item === 'routes').routes;
	const rep = routes.find((x) => x.id === 'replicate');
	assert.equal(rep.chosen, true);
	assert.ok(rep.threats.some((t) => t.id === 'blind-copy'), 'replicating elsewhere is threatened by copying blindly');
	assert.equal(routes.find((x) => x.id === 'license').chosen, false);
});

test('actions agreed in the room need an owner and a due date from today', async () => {
	assertProblem(await api('POST', `/werksessies/${ws.id}/acties`, { title: 'X', dueDate: '2020-01-01', owner: 'Zorgverzekeraar' }), 400, ['dueDate']);
	assertProblem(await api('POST', `/werksessies/${ws.id}/acties`, { title: 'X', dueDate: '2099-01-01' }), 400, ['ownerId']);
	const r = await api('POST', `/werksessies/${ws.id}/acties`, { title: 'Kosten en baten per partij', dueDate: '2099-02-01', owner: 'Zorgverzekeraar', ingredient: 'funding' });
	assert.equal(r.res.status, 201, r.text);
	assert.equal(r.body.actions.length, 1);
	assert.equal(r.body.actions[0].roundId, round.id);
	assert.equal(r.body.actions[0].ingredient, 'funding');
});

test('a removed participant gets 410 and no longer counts', async () => {
	const r = await api('DELETE', `/werksessies/${ws.id}/deelnemers/${p2.participantId}`);
	assert.equal(r.res.status, 204);
	assert.equal((await anon('GET', p2.link)).res.status, 410);
	assert.equal((await anon('POST', p2.link, { answers: {} })).res.status, 410);
	const v = (await api('GET', `/werksessies/${ws.id}`)).body;
	assert.equal(v.present, 1);
	assert.equal(v.participants.find((x) => x.id === p2.participantId).removed, true);
});

test('closing: the code stops working, the QR is gone, answers count, the results show the agreed values', async () => {
	const r = await api('POST', `/werksessies/${ws.id}/sluiten`, {});
	assert.equal(r.res.status, 200, r.text);
	assert.equal(r.body.code, null);
	assert.equal(r.body.status, 'gesloten');
	assertProblem(await anon('POST', '/werksessie', { code, name: 'Laat' }), 400, ['code']);
	assert.equal((await bearer(srv.base, tok, 'GET', `/werksessies/${ws.id}/qr`)).res.status, 409);
	const res = (await api('GET', `/rondes/${round.id}/resultaten`)).body;
	assert.equal(res.raters, 1, 'Anna counts; Bram was removed');
	assert.equal(res.workshopId, ws.id);
	const ev = res.ingredients.find((x) => x.id === 'evidence');
	assert.equal(ev.median, 2);
	assert.deepEqual(ev.agreed, { id: 'evidence', title: 'Bewijs van werkzaamheid', hasLevel: true, level: 2, conclusion: 'Alleen eigen metingen.', evidence: '', dissent: 'Bram: eerder 1.' });
	assert.ok(res.agreed.some((a) => a.id === 'routes' && /Eerst Zuid/.test(a.conclusion)));
});

test('guessing codes is limited per client address: after ten wrong codes even the right one waits', async () => {
	const again = await api('POST', `/initiatieven/${round.initiativeId}/rondes`, { methodId: 'pilot-scaling-canvas', periodStart: '2099-02-01', periodEnd: '2099-02-14' });
	const w = (await api('POST', `/rondes/${again.body.id}/werksessie`, {})).body;
	// two wrong codes were tried above (a typo and one after closing): eight more reach the limit
	for (let i = 0; i < 8; i++) assertProblem(await anon('POST', '/werksessie', { code: 'QQQQQ' + 'ABCDEFGHJK'[i], name: 'Raden' }), 400, ['code']);
	const r = await anon('POST', '/werksessie', { code: w.code, name: 'Echt' });
	assert.equal(r.res.status, 429, r.text);
	assert.ok(Number(r.res.headers.get('retry-after')) > 0);
});
