// SPDX-License-Identifier: EUPL-1.2
// OKRs over real HTTP, per resource: periods (a quarter by default, custom
// lengths), departments and teams with members, objectives with alignments
// (a cycle is refused and named), key results of every kind with their
// progress (uncapped) and time-aware status, the roll-up with contributing
// and supporting children, check-ins (one, and a person's week at once), the
// value API (idempotent; another organisation's token gets 404), the team
// review, publish warnings, closing with scores and carrying over, the
// objectives of an initiative, the pages, and the demo OKRs.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import {
	startServer, loggedIn, bearer, token, sql, cli, assertProblem, csrfOf,
	DEMO_EMAIL, LEZER_EMAIL, BEWERKER_EMAIL, ORG_A, ORG_B,
} from './lib.mjs';

let srv, tok, lezer, bewerker, other, demoId, pilotId;

const DAY = 86400000;
const iso = (d) => new Date(d).toISOString().slice(0, 10);
const today = iso(Date.now());
const daysFromNow = (n) => iso(Date.now() + n * DAY);
const near = (got, want, eps, what) => assert.ok(Math.abs(got - want) <= eps, `${what}: ${got}, expected ${want}`);

async function ok(method, path, json, t = tok, want = [200, 201]) {
	const r = await bearer(srv.base, t, method, path, { json });
	assert.ok(want.includes(r.res.status), `${method} ${path}: ${r.res.status} ${r.text}`);
	return r.body;
}

// A period of 101 days in which today is day 50: expected pace 0.5.
let period;
async function midPeriod(name) {
	return ok('POST', `/organisaties/${ORG_A}/perioden`, { name, startsOn: daysFromNow(-50), endsOn: daysFromNow(50) });
}

before(async () => {
	srv = await startServer();
	tok = token(srv.db, DEMO_EMAIL);
	lezer = token(srv.db, LEZER_EMAIL);
	bewerker = token(srv.db, BEWERKER_EMAIL);
	cli(['user', 'add', '--db', srv.db, '--email', 'oost@scalelab.test', '--name', 'Olga Oost', '--org', ORG_B,
		'--role', 'beheerder'], 'demo-opschalen-2026\n');
	other = token(srv.db, 'oost@scalelab.test');
	demoId = Number(sql(srv.db, `SELECT id FROM users WHERE email='${DEMO_EMAIL}'`).trim());
	pilotId = Number(sql(srv.db, `SELECT id FROM users WHERE email='${BEWERKER_EMAIL}'`).trim());
	period = await midPeriod('Testperiode');
});
after(async () => {
	await srv?.stop();
});

test('demo: the demo organisation has a cascaded OKR tree with weeks of check-ins', async () => {
	const t = await ok('GET', `/organisaties/${ORG_A}/okr?periode=${JSON.parse(sql(srv.db, "SELECT json_object('id', id) FROM okr_periods WHERE name='Lopend kwartaal'")).id}`);
	assert.equal(t.period.name, 'Lopend kwartaal');
	assert.ok(t.objectives.length >= 3);
	const root = t.objectives.find((o) => o.depth === 0 && o.level === 'organisatie');
	const child = t.objectives.find((o) => o.depth === 1 && o.level === 'team' && o.link === 'bijdragend');
	assert.ok(root && child, 'an organisation objective with a contributing team objective below it');
	const n = Number(sql(srv.db, 'SELECT count(*) FROM okr_checkins').trim());
	assert.ok(n >= 20, `check-ins in the demo: ${n}`);
});

test('periods: a quarter by default, custom lengths, duplicate names and reversed dates refused', async () => {
	const q = await ok('POST', `/organisaties/${ORG_A}/perioden`, { startsOn: '2027-02-10' });
	assert.equal(q.startsOn, '2027-02-10');
	assert.equal(q.endsOn, '2027-03-31');
	const full = await ok('POST', `/organisaties/${ORG_A}/perioden`, { startsOn: '2027-04-01' });
	assert.deepEqual([full.name, full.startsOn, full.endsOn], ['2027-K2', '2027-04-01', '2027-06-30']);
	assertProblem(await bearer(srv.base, tok, 'POST', `/organisaties/${ORG_A}/perioden`, { json: { startsOn: '2027-04-01' } }), 400, ['name']);
	assertProblem(await bearer(srv.base, tok, 'POST', `/organisaties/${ORG_A}/perioden`, {
		json: { name: 'Achterstevoren', startsOn: '2027-05-01', endsOn: '2027-04-01' },
	}), 400, ['endsOn']);
	const list = await ok('GET', `/organisaties/${ORG_A}/perioden`, undefined, lezer);
	assert.ok(list.periods.some((p) => p.id === period.id && p.current));
	near(list.periods.find((p) => p.id === period.id).expected, 0.5, 1e-9, 'expected pace in the middle');
	assertProblem(await bearer(srv.base, lezer, 'POST', `/organisaties/${ORG_A}/perioden`, { json: {} }), 403);
});

test('teams: department, team under it, members of the organisation only', async () => {
	const dep = await ok('POST', `/organisaties/${ORG_A}/teams`, { name: 'Ruimte', kind: 'afdeling' });
	const team = await ok('POST', `/organisaties/${ORG_A}/teams`, { name: 'Team Groen', parentId: dep.id });
	assert.equal(team.parentId, dep.id);
	assert.equal(team.kind, 'team');
	assertProblem(await bearer(srv.base, tok, 'POST', `/organisaties/${ORG_A}/teams`, { json: { name: 'Onder team', parentId: team.id } }), 400, ['parentId']);
	assertProblem(await bearer(srv.base, tok, 'POST', `/organisaties/${ORG_A}/teams`, { json: { name: 'Team Groen' } }), 400, ['name']);
	const added = await ok('POST', `/teams/${team.id}/leden`, { userId: pilotId });
	assert.ok(added.members.some((m) => m.id === pilotId));
	const stranger = Number(sql(srv.db, "SELECT id FROM users WHERE email='oost@scalelab.test'").trim());
	assertProblem(await bearer(srv.base, tok, 'POST', `/teams/${team.id}/leden`, { json: { userId: stranger } }), 400, ['userId']);
	assert.equal((await bearer(srv.base, other, 'GET', `/teams/${team.id}`)).res.status, 404, 'another organisation sees no team');
	const del = await bearer(srv.base, tok, 'DELETE', `/teams/${team.id}/leden/${pilotId}`);
	assert.equal(del.res.status, 204);
	assert.equal((await bearer(srv.base, tok, 'DELETE', `/teams/${team.id}/leden/${pilotId}`)).res.status, 404);
});

test('key results: progress of every kind, uncapped, with the status of the pace', async () => {
	const obj = await ok('POST', `/organisaties/${ORG_A}/doelen`, { title: 'Soorten', periodId: period.id, ownerId: demoId });
	const mk = (b) => ok('POST', `/doelen/${obj.id}/kernresultaten`, { ownerId: demoId, ...b });
	const up = await mk({ title: 'Omhoog', kind: 'stijgen', start: 20, target: 60 });
	const down = await mk({ title: 'Omlaag', kind: 'dalen', start: 40, target: 10 });
	const above = await mk({ title: 'Boven', kind: 'boven', target: 80, equalCounts: false });
	const ms = await mk({ title: 'Mijlpaal', kind: 'mijlpaal', dueOn: daysFromNow(20), milestones: [{ title: 'a', done: true }, { title: 'b' }, { title: 'c' }, { title: 'd', done: true }] });
	const base = await mk({ title: 'Nulmeting', kind: 'nulmeting', start: 12 });
	const put = (kr, v, c) => ok('PUT', `/kernresultaten/${kr.id}/waarden/${today}`, { value: v, ...(c === undefined ? {} : { confidence: c }) });
	near((await put(up, 50)).progress, 0.75, 1e-12, 'increase (50-20)/(60-20)');
	near((await put(down, 25)).progress, 0.5, 1e-12, 'decrease (25-40)/(10-40)');
	const eq = await put(above, 80);
	assert.equal(eq.progress, 0, 'equal does not count when the flag says so');
	assert.equal(eq.status, 'uit_koers', 'a threshold not met is 100 points behind');
	const over = await put(up, 70);
	near(over.progress, 1.25, 1e-12, 'uncapped above');
	const k = await ok('GET', `/kernresultaten/${ms.id}`);
	near(k.progress, 0.5, 1e-12, 'two of four sub-milestones');
	assert.equal(k.status, 'verouderd', 'no check-in in 50 days of the period: stale');
	const b = await ok('GET', `/kernresultaten/${base.id}`);
	assert.equal(b.progress, null, 'a baseline without target has no progress');
	assert.equal(b.status, 'verouderd');
	const behind = await put(up, 30); // 0.25 against 0.5 expected: exactly 25 behind
	assert.equal(behind.status, 'op_koers');
	assert.equal((await put(up, 29.6)).status, 'risico'); // 26 behind
	assert.equal((await put(up, 50, 2)).status, 'uit_koers', 'confidence 2 overrides a good pace');
	const obj2 = await ok('GET', `/doelen/${obj.id}`);
	assert.equal(obj2.status, 'verouderd', 'the objective follows its weakest key result');
	assertProblem(await bearer(srv.base, tok, 'POST', `/doelen/${obj.id}/kernresultaten`, { json: { title: 'Fout', kind: 'stijgen', start: 10, target: 5 } }), 400, ['target']);
	assertProblem(await bearer(srv.base, tok, 'POST', `/doelen/${obj.id}/kernresultaten`, { json: { title: 'Fout', kind: 'onder' } }), 400, ['target']);
	assertProblem(await bearer(srv.base, tok, 'POST', `/doelen/${obj.id}/kernresultaten`, { json: { title: '', kind: 'zijwaarts', weight: 0 } }), 400, ['title', 'kind', 'weight']);
});

test('roll-up: weighted key results and contributing children count, supporting children and negatives do not', async () => {
	const parent = await ok('POST', `/organisaties/${ORG_A}/doelen`, { title: 'Ouder', periodId: period.id, ownerId: demoId });
	const kr = await ok('POST', `/doelen/${parent.id}/kernresultaten`, { title: 'Eigen', kind: 'stijgen', start: 0, target: 100, weight: 3 });
	await ok('PUT', `/kernresultaten/${kr.id}/waarden/${today}`, { value: 40 });
	const contrib = await ok('POST', `/organisaties/${ORG_A}/doelen`, { title: 'Bijdrager', periodId: period.id, parents: [{ objectiveId: parent.id, link: 'bijdragend' }] });
	const ck = await ok('POST', `/doelen/${contrib.id}/kernresultaten`, { title: 'Kind', kind: 'stijgen', start: 0, target: 10 });
	await ok('PUT', `/kernresultaten/${ck.id}/waarden/${today}`, { value: 8 });
	const support = await ok('POST', `/organisaties/${ORG_A}/doelen`, { title: 'Steun', periodId: period.id, parents: [{ objectiveId: parent.id, link: 'ondersteunend' }] });
	const sk = await ok('POST', `/doelen/${support.id}/kernresultaten`, { title: 'Steun-kr', kind: 'stijgen', start: 0, target: 10 });
	await ok('PUT', `/kernresultaten/${sk.id}/waarden/${today}`, { value: 10 });
	// (3 * 0.4 + 1 * 0.8) / 4 = 0.5
	near((await ok('GET', `/doelen/${parent.id}`)).progress, 0.5, 1e-12, 'roll-up');
	await ok('PUT', `/kernresultaten/${ck.id}/waarden/${today}`, { value: -5 });
	// (3 * 0.4 + 1 * 0) / 4 = 0.3: the child's -0.5 counts as 0
	const p = await ok('GET', `/doelen/${parent.id}`);
	near(p.progress, 0.3, 1e-12, 'a negative child counts as 0');
	assert.deepEqual(p.children.map((c) => [c.title, c.link]).sort(), [['Bijdrager', 'bijdragend'], ['Steun', 'ondersteunend']]);
	near((await ok('GET', `/doelen/${contrib.id}`)).progress, 0, 1e-12, 'the negative key result counts as 0 in its own objective too');
	assert.equal((await ok('GET', `/kernresultaten/${ck.id}`)).progress, -0.5, 'but is stored as it is');
});

test('alignment: a cycle is refused with the cycle named, and nothing changes', async () => {
	const a = await ok('POST', `/organisaties/${ORG_A}/doelen`, { title: 'Stad A', periodId: period.id });
	const b = await ok('POST', `/organisaties/${ORG_A}/doelen`, { title: 'Team B', periodId: period.id, parents: [{ objectiveId: a.id }] });
	const c = await ok('POST', `/organisaties/${ORG_A}/doelen`, { title: 'Team C', periodId: period.id, parents: [{ objectiveId: b.id, link: 'ondersteunend' }] });
	const r = await bearer(srv.base, tok, 'PUT', `/doelen/${a.id}`, { json: { title: 'Stad A', periodId: period.id, parents: [{ objectiveId: c.id }] }, headers: { 'Accept-Language': 'nl' } });
	const body = assertProblem(r, 400, ['parents']);
	const reason = body['invalid-params'].find((p) => p.name === 'parents').reason;
	assert.match(reason, /Stad A → Team C → Team B → Stad A/);
	assert.equal((await ok('GET', `/doelen/${a.id}`)).parents.length, 0, 'no parent was stored');
	assertProblem(await bearer(srv.base, tok, 'PUT', `/doelen/${a.id}`, { json: { title: 'Stad A', periodId: period.id, parents: [{ objectiveId: a.id }] } }), 400, ['parents']);
	const otherPeriod = JSON.parse(sql(srv.db, `SELECT json_object('id', max(id)) FROM okr_periods`)).id;
	assert.ok(otherPeriod);
	assertProblem(await bearer(srv.base, tok, 'POST', `/organisaties/${ORG_A}/doelen`, { json: { title: 'X', periodId: 999999, level: 'team' } }), 400, ['periodId', 'teamId']);
});

test('value API: idempotent per day, lezer refused, another organisation\'s token gets 404', async () => {
	const obj = await ok('POST', `/organisaties/${ORG_A}/doelen`, { title: 'Waarden', periodId: period.id });
	const kr = await ok('POST', `/doelen/${obj.id}/kernresultaten`, { title: 'Teller', kind: 'stijgen', start: 0, target: 10 });
	const day = daysFromNow(-3);
	const first = await ok('PUT', `/kernresultaten/${kr.id}/waarden/${day}`, { value: 4, confidence: 7 });
	assert.equal(first.created, true);
	const again = await ok('PUT', `/kernresultaten/${kr.id}/waarden/${day}`, { value: 4, confidence: 7 });
	assert.equal(again.created, false);
	assert.deepEqual({ ...again, created: true }, first, 'the same answer');
	assert.equal(sql(srv.db, `SELECT count(*) FROM okr_checkins WHERE kr_id=${kr.id}`).trim(), '1');
	const o = await bearer(srv.base, other, 'PUT', `/kernresultaten/${kr.id}/waarden/${day}`, { json: { value: 9 } });
	assertProblem(o, 404);
	assert.equal(sql(srv.db, `SELECT value FROM okr_checkins WHERE kr_id=${kr.id}`).trim(), '4.0');
	assertProblem(await bearer(srv.base, lezer, 'PUT', `/kernresultaten/${kr.id}/waarden/${day}`, { json: { value: 9 } }), 403);
	assertProblem(await bearer(srv.base, tok, 'PUT', `/kernresultaten/${kr.id}/waarden/${daysFromNow(30)}`, { json: { value: 9 } }), 400, ['datum']);
	assert.equal((await bearer(srv.base, tok, 'PUT', `/kernresultaten/${kr.id}/waarden/2026-02-30`, { json: { value: 9 } })).res.status, 404);
	assertProblem(await bearer(srv.base, tok, 'PUT', `/kernresultaten/${kr.id}/waarden/${day}`, { json: { value: '9' } }), 400, ['value']);
	const hist = await ok('GET', `/kernresultaten/${kr.id}`, undefined, lezer);
	assert.deepEqual(hist.checkins.map((c) => [c.date, c.value, c.confidence, c.source]), [[day, 4, 7, 'api']]);
	const audit = sql(srv.db, `SELECT count(*) FROM audit_log WHERE action='okr.value' AND object='okr_kr/${kr.id}' AND result='ok'`).trim();
	assert.equal(audit, '2', 'each write is audited');
});

test('weekly check-in: all my key results on one form, saved at once; one bad row saves none', async () => {
	const page = await ok('GET', `/organisaties/${ORG_A}/check-in`);
	assert.ok(page.keyResults.length >= 5, `demo key results of Dewi: ${page.keyResults.length}`);
	const rows = page.keyResults.filter((k) => k.kind !== 'mijlpaal').slice(0, 3);
	const before = sql(srv.db, 'SELECT count(*) FROM okr_checkins').trim();
	const bad = await bearer(srv.base, tok, 'POST', `/organisaties/${ORG_A}/check-in`, {
		json: { checkins: [{ keyResultId: rows[0].id, value: 1 }, { keyResultId: rows[1].id, value: 'veel', confidence: 11 }] },
	});
	assertProblem(bad, 400, ['checkins.1.value', 'checkins.1.confidence']);
	assert.equal(sql(srv.db, 'SELECT count(*) FROM okr_checkins').trim(), before, 'nothing saved');
	const saved = await ok('POST', `/organisaties/${ORG_A}/check-in`, {
		checkins: rows.map((k, i) => ({ keyResultId: k.id, value: (k.value ?? 0) + 1, confidence: 6 + i, changed: 'Weekoverleg gehad' })),
	});
	assert.equal(saved.saved, 3);
	assert.equal(saved.checkedInThisWeek, true);
	for (const k of rows) {
		const got = saved.keyResults.find((x) => x.id === k.id);
		assert.equal(got.value, (k.value ?? 0) + 1);
		assert.equal(got.lastCheckIn, today);
	}
	const foreign = JSON.parse(sql(srv.db, `SELECT json_object('id', k.id) FROM okr_key_results k JOIN okr_objectives o ON o.id=k.objective_id WHERE o.org_id=(SELECT id FROM organisations WHERE slug='${ORG_A}') LIMIT 1`)).id;
	assertProblem(await bearer(srv.base, other, 'POST', `/organisaties/${ORG_B}/check-in`, { json: { checkins: [{ keyResultId: foreign, value: 1 }] } }), 400, ['checkins.0.keyResultId']);
});

test('weekly check-in page: the form posts every row at once and comes back saved', async () => {
	const c = await loggedIn(srv.base);
	const html = (await c.get(`/organisaties/${ORG_A}/check-in`)).text_;
	const ids = [...html.matchAll(/name="checkins\.(\d+)\.keyResultId" value="(\d+)"/g)].map((m) => [m[1], m[2]]);
	assert.ok(ids.length >= 5);
	const fields = { _csrf: csrfOf(html) };
	for (const [i, id] of ids) {
		fields[`checkins.${i}.keyResultId`] = id;
		fields[`checkins.${i}.confidence`] = '7';
	}
	fields['checkins.0.value'] = '3,5';
	const res = await c.form(`/organisaties/${ORG_A}/check-in`, fields);
	assert.equal(res.status, 303, res.text_);
	assert.match(res.headers.get('location'), /\/check-in\?opgeslagen=\d+$/);
	const kr = await ok('GET', `/kernresultaten/${ids[0][1]}`);
	assert.equal(kr.value, 3.5, 'a Dutch decimal comma');
	assert.equal(kr.confidence, 7);
	const badFields = { ...fields, 'checkins.0.value': 'veel' };
	const bad = await c.form(`/organisaties/${ORG_A}/check-in`, badFields);
	assert.equal(bad.status, 400);
	assert.match(bad.text_, /value="veel"/, 'what was typed is shown again');
	assert.match(bad.text_, /href="#checkins_0_value"/, 'the summary links to the field');
	const title = (await ok('GET', `/kernresultaten/${ids[0][1]}`)).title;
	assert.ok(bad.text_.includes(`${title}: Waarde`), 'the summary names the key result and the field');
});

test('team review: stale and off-track key results first, who has not checked in', async () => {
	const teamId = JSON.parse(sql(srv.db, "SELECT json_object('id', id) FROM okr_teams WHERE name='Team Jeugd en Gezin'")).id;
	const r = await ok('GET', `/teams/${teamId}/overleg`, undefined, lezer);
	const order = ['verouderd', 'uit_koers', 'risico', 'op_koers', 'geen'];
	const ranks = r.keyResults.map((k) => order.indexOf(k.status));
	assert.deepEqual(ranks, [...ranks].sort((a, b) => a - b), 'sorted by urgency');
	assert.ok(r.keyResults.some((k) => typeof k.change === 'number'), 'changes since last week');
	const team = await ok('GET', `/teams/${teamId}`);
	assert.deepEqual(r.notCheckedIn.map((m) => m.id).sort(), team.members.filter((m) => !m.checkedInThisWeek).map((m) => m.id).sort());
	const rana = Number(sql(srv.db, `SELECT id FROM users WHERE email='${LEZER_EMAIL}'`).trim());
	await ok('POST', `/teams/${teamId}/leden`, { userId: rana });
	const r2 = await ok('GET', `/teams/${teamId}/overleg`);
	assert.ok(r2.notCheckedIn.some((m) => m.id === rana), 'a member without any check-in has not checked in');
});

test('publish warns but never blocks; close scores; carry-over continues unfinished key results', async () => {
	const obj = await ok('POST', `/organisaties/${ORG_A}/doelen`, { title: 'Alleen mijlpalen', periodId: period.id });
	await ok('POST', `/doelen/${obj.id}/kernresultaten`, { title: 'M', kind: 'mijlpaal' });
	const pub = await ok('POST', `/doelen/${obj.id}/publiceren`, {});
	assert.equal(pub.state, 'gepubliceerd');
	assert.deepEqual(pub.warnings.sort(), ['okr.warn.no_date', 'okr.warn.no_owner', 'okr.warn.only_milestones']);
	const goal = await ok('POST', `/organisaties/${ORG_A}/doelen`, { title: 'Scoren', periodId: period.id, ownerId: demoId });
	const a = await ok('POST', `/doelen/${goal.id}/kernresultaten`, { title: 'A', kind: 'stijgen', start: 0, target: 10, weight: 1, commitment: 'ambitieus' });
	const b = await ok('POST', `/doelen/${goal.id}/kernresultaten`, { title: 'B', kind: 'stijgen', start: 0, target: 10, weight: 1, commitment: 'ambitieus' });
	await ok('PUT', `/kernresultaten/${a.id}/waarden/${today}`, { value: 12 });
	await ok('PUT', `/kernresultaten/${b.id}/waarden/${today}`, { value: 4 });
	const closed = await ok('POST', `/doelen/${goal.id}/afsluiten`, { retrospective: 'B liep vast op capaciteit.' });
	assert.equal(closed.state, 'afgesloten');
	near(closed.score, 0.7, 1e-12, '(1 + 0.4) / 2');
	assert.equal(closed.scoreGood, true, 'aspirational: 0.7 is good');
	assert.deepEqual(closed.keyResults.map((k) => k.score), [1, 0.4]);
	assert.equal(closed.retrospective, 'B liep vast op capaciteit.');
	const next = await ok('POST', `/organisaties/${ORG_A}/perioden`, { name: 'Volgende', startsOn: daysFromNow(51), endsOn: daysFromNow(140) });
	const carried = await ok('POST', `/doelen/${goal.id}/doorschuiven`, { periodId: next.id });
	assert.equal(carried.carriedFrom, goal.id);
	assert.equal(carried.period.id, next.id);
	assert.deepEqual(carried.keyResults.map((k) => [k.title, k.start, k.target, k.carriedFrom]), [['B', 4, 10, b.id]]);
	assertProblem(await bearer(srv.base, tok, 'POST', `/doelen/${goal.id}/doorschuiven`, { json: { periodId: period.id } }), 400, ['periodId']);
	assertProblem(await bearer(srv.base, tok, 'POST', `/doelen/${goal.id}/publiceren`, { json: {} }), 409);
});

test('initiative objectives and the tree filter by team', async () => {
	const ini = (await ok('GET', `/organisaties/${ORG_A}/initiatieven`)).initiatives[0];
	const o = await ok('POST', `/organisaties/${ORG_A}/doelen`, { title: 'Voor het initiatief', periodId: period.id, level: 'initiatief', initiativeId: ini.id });
	const list = await ok('GET', `/initiatieven/${ini.id}/doelen`, undefined, lezer);
	assert.ok(list.objectives.some((x) => x.id === o.id && x.initiative.id === ini.id));
	assert.equal((await bearer(srv.base, other, 'GET', `/initiatieven/${ini.id}/doelen`)).res.status, 404);
	const teamId = JSON.parse(sql(srv.db, "SELECT json_object('id', id) FROM okr_teams WHERE name='Team Jeugd en Gezin'")).id;
	const demoPeriod = JSON.parse(sql(srv.db, "SELECT json_object('id', id) FROM okr_periods WHERE name='Lopend kwartaal'")).id;
	const t = await ok('GET', `/organisaties/${ORG_A}/okr?periode=${demoPeriod}&team=${teamId}`);
	assert.equal(t.teamFilter, teamId);
	assert.ok(t.objectives.length >= 1 && t.objectives.every((x) => x.team?.id === teamId));
});

test('pages: tree, objective, key result with chart data and table, forms; another organisation gets 404', async () => {
	const c = await loggedIn(srv.base);
	const tree = await c.get(`/organisaties/${ORG_A}/okr`);
	assert.equal(tree.status, 200);
	assert.match(tree.text_, /id="okr-boom"/);
	const objId = JSON.parse(sql(srv.db, "SELECT json_object('id', id) FROM okr_objectives WHERE level='team' LIMIT 1")).id;
	const obj = await c.get(`/doelen/${objId}`);
	assert.equal(obj.status, 200);
	assert.match(obj.text_, /<progress max="100" value="\d+"/);
	const krId = JSON.parse(sql(srv.db, `SELECT json_object('id', id) FROM okr_key_results WHERE objective_id=${objId} AND kind='dalen'`)).id;
	const kr = await c.get(`/kernresultaten/${krId}`);
	const block = /<script type="application\/json" data-chart-for="kr-grafiek">([^<]*)<\/script>/.exec(kr.text_);
	assert.ok(block, 'chart data block');
	const chart = JSON.parse(block[1]);
	assert.equal(chart.kind, 'line');
	assert.equal(chart.series.length, 2, 'value and ideal line');
	assert.match(kr.text_, /id="verloop-tabel"/, 'a data table beside the chart');
	for (const p of [`/organisaties/${ORG_A}/doelen/nieuw`, `/doelen/${objId}/bewerken`, `/doelen/${objId}/kernresultaten/nieuw`,
		`/kernresultaten/${krId}/bewerken`, `/organisaties/${ORG_A}/teams`, `/organisaties/${ORG_A}/perioden`]) {
		assert.equal((await c.get(p)).status, 200, p);
	}
	// a form with a bad value is shown again with what was typed
	const form = await c.get(`/doelen/${objId}/kernresultaten/nieuw`);
	const bad = await c.form(`/doelen/${objId}/kernresultaten`, { _csrf: csrfOf(form.text_), title: 'Nieuw', kind: 'stijgen', start: '10', target: '5', weight: '1' });
	assert.equal(bad.status, 400);
	assert.match(bad.text_, /href="#target"/);
	assert.match(bad.text_, /value="Nieuw"/);
	const good = await c.form(`/doelen/${objId}/kernresultaten`, { _csrf: csrfOf(form.text_), title: 'Nieuw', kind: 'stijgen', start: '10', target: '25,5', weight: '1', milestones: '' });
	assert.equal(good.status, 303, good.text_);
	// the cascade: "add an objective below" preselects this one as the parent it contributes to
	const cascade = await c.get(`/organisaties/${ORG_A}/doelen/nieuw?bovenliggend=${objId}`);
	assert.match(cascade.text_, new RegExp(`<option value="${objId}" selected>`));
	const o = await loggedIn(srv.base, 'oost@scalelab.test');
	assert.equal((await o.get(`/doelen/${objId}`)).status, 404);
});

test('CSV: export in the documented layout, import of the same layout, a bad row refuses the file naming its line', async () => {
	const csv = await fetch(`${srv.base}/api/v1/organisaties/${ORG_A}/okr/export?formaat=csv`, { headers: { Authorization: `Bearer ${tok}` } });
	assert.equal(csv.status, 200);
	assert.match(csv.headers.get('content-type'), /^text\/csv/);
	const text = await csv.text();
	const [header] = text.split('\r\n');
	assert.equal(header, 'objectiveId,objective,level,team,period,periodStart,periodEnd,owner,keyResult,kind,start,target,unit,weight,commitment,value,progress,status');
	assert.match(text, /"Wachttijd tot het eerste gesprek","dalen",21,7,"dagen",1,"toegezegd"/);
	const json = await ok('GET', `/organisaties/${ORG_A}/okr/export`, undefined, lezer);
	assert.ok(json.rows.some((r) => r.keyResult === 'Wachttijd tot het eerste gesprek' && r.kind === 'dalen' && r.target === 7));
	// import into the other organisation: periods and teams are made or must exist there
	const otherTok = other;
	const rows = [
		'objective,level,team,period,periodStart,periodEnd,owner,keyResult,kind,start,target,unit,weight,commitment',
		`"Zorg dichtbij, ook digitaal",organisatie,,2027-K1,2027-01-01,2027-03-31,oost@scalelab.test,,,,,,,`,
		`"Zorg dichtbij, ook digitaal",organisatie,,2027-K1,,,,"Cliënten met beeldbellen",stijgen,10,40,%,2,ambitieus`,
		`"Zorg dichtbij, ook digitaal",organisatie,,2027-K1,,,,"Gemiste afspraken",dalen,12,"6,5",%,,`,
	].join('\r\n');
	const imp = await ok('POST', `/organisaties/${ORG_B}/okr/import`, { csv: rows }, otherTok);
	assert.deepEqual(imp, { objectivesCreated: 1, keyResultsCreated: 2 });
	const back = await ok('GET', `/organisaties/${ORG_B}/okr/export`, undefined, otherTok);
	const krs = back.rows.filter((r) => r.keyResult);
	assert.deepEqual(krs.map((r) => [r.keyResult, r.kind, r.start, r.target, r.weight, r.commitment]),
		[['Cliënten met beeldbellen', 'stijgen', 10, 40, 2, 'ambitieus'], ['Gemiste afspraken', 'dalen', 12, 6.5, 1, 'toegezegd']]);
	const before = sql(srv.db, 'SELECT count(*) FROM okr_key_results').trim();
	const bad = await bearer(srv.base, otherTok, 'POST', `/organisaties/${ORG_B}/okr/import`, {
		json: { csv: `${rows.split('\r\n')[0]}\r\nNieuw,organisatie,,2027-K1,,,,Fout,stijgen,10,5,,,\r\n` },
	});
	assertProblem(bad, 400, ['csv.2']);
	assert.equal(sql(srv.db, 'SELECT count(*) FROM okr_key_results').trim(), before, 'nothing imported');
	assertProblem(await bearer(srv.base, otherTok, 'POST', `/organisaties/${ORG_B}/okr/import`, { json: { csv: 'a,"b\n' } }), 400, ['csv']);
	assertProblem(await bearer(srv.base, lezer, 'POST', `/organisaties/${ORG_A}/okr/import`, { json: { csv: 'objective' } }), 403);
});

test('binding: a key result bound to an assessment ingredient takes the median of the latest closed round', async () => {
	const ini = (await ok('GET', `/organisaties/${ORG_A}/initiatieven`)).initiatives[1];
	const round = await ok('POST', `/initiatieven/${ini.id}/rondes`, { methodId: 'pilot-scaling-canvas', periodStart: daysFromNow(-20), periodEnd: daysFromNow(-1) });
	await ok('POST', `/rondes/${round.id}/beoordelaars`, { userId: demoId, roleLabel: 'gemeente' });
	await ok('POST', `/rondes/${round.id}/beoordelaars`, { userId: pilotId, roleLabel: 'uitvoering' });
	// the demo rater: evidence 3 and 1 (value 2); the pilot leader: 4 and 4 (value 4); median 3
	await ok('PUT', `/rondes/${round.id}/antwoorden`, { answers: { 'evidence-1': { level: 3 }, 'evidence-target': { level: 1 } }, submit: true });
	await ok('PUT', `/rondes/${round.id}/antwoorden`, { answers: { 'evidence-1': { level: 4 }, 'evidence-target': { level: 4 } }, submit: true }, bewerker);
	const obj = await ok('POST', `/organisaties/${ORG_A}/doelen`, { title: 'Bewijs op orde', periodId: period.id, level: 'initiatief', initiativeId: ini.id });
	const binding = { initiativeId: ini.id, methodId: 'pilot-scaling-canvas', ingredient: 'evidence' };
	const kr = await ok('POST', `/doelen/${obj.id}/kernresultaten`, { title: 'Bewijs (mediaan)', kind: 'stijgen', start: 1, target: 4, binding });
	assert.equal(kr.source, 'beoordeling');
	assert.deepEqual(kr.binding, binding);
	assert.equal(kr.value, null, 'no closed round yet');
	assert.equal(kr.origin, null);
	await ok('PUT', `/rondes/${round.id}/status`, { status: 'gesloten' });
	const got = await ok('GET', `/kernresultaten/${kr.id}`);
	assert.equal(got.value, 3);
	assert.equal(got.origin.roundId, round.id);
	near(got.progress, 2 / 3, 1e-12, '(3 - 1) / (4 - 1)');
	assert.notEqual(got.status, 'verouderd', 'a bound key result updates itself');
	// the form binds through one select
	const c = await loggedIn(srv.base);
	const form = await c.get(`/doelen/${obj.id}/kernresultaten/nieuw`);
	const ref = `${ini.id}|pilot-scaling-canvas|evidence`;
	assert.ok(form.text_.includes(`value="${ref}"`), 'the binding is offered');
	const posted = await c.form(`/doelen/${obj.id}/kernresultaten`, { _csrf: csrfOf(form.text_), title: 'Via formulier', kind: 'stijgen', start: '1', target: '4', weight: '1', bindingRef: ref });
	assert.equal(posted.status, 303, posted.text_);
	const viaForm = (await ok('GET', `/doelen/${obj.id}`)).keyResults.find((k) => k.title === 'Via formulier');
	assert.deepEqual([viaForm.source, viaForm.value], ['beoordeling', 3]);
	assertProblem(await bearer(srv.base, tok, 'POST', `/doelen/${obj.id}/kernresultaten`, {
		json: { title: 'Fout', kind: 'stijgen', start: 1, target: 4, bindingRef: ref },
	}), 400, ['bindingRef']);
	assertProblem(await bearer(srv.base, tok, 'POST', `/doelen/${obj.id}/kernresultaten`, {
		json: { title: 'Fout', kind: 'stijgen', start: 1, target: 4, binding: { ...binding, ingredient: 'geluk' } },
	}), 400, ['binding.ingredient']);
	assertProblem(await bearer(srv.base, tok, 'POST', `/doelen/${obj.id}/kernresultaten`, {
		json: { title: 'Fout', kind: 'stijgen', start: 1, target: 4, binding: { ...binding, methodId: 'geen' } },
	}), 400, ['binding.methodId']);
});

test('edits after the period has ended are allowed and audited as such', async () => {
	const past = await ok('POST', `/organisaties/${ORG_A}/perioden`, { name: 'Voorbij', startsOn: daysFromNow(-120), endsOn: daysFromNow(-30) });
	const obj = await ok('POST', `/organisaties/${ORG_A}/doelen`, { title: 'Oud doel', periodId: past.id });
	const kr = await ok('POST', `/doelen/${obj.id}/kernresultaten`, { title: 'Oud', kind: 'stijgen', start: 0, target: 10 });
	const upd = await ok('PUT', `/doelen/${obj.id}`, { title: 'Oud doel, bijgewerkt', periodId: past.id });
	assert.equal(upd.title, 'Oud doel, bijgewerkt');
	await ok('PUT', `/kernresultaten/${kr.id}`, { title: 'Oud, bijgewerkt', kind: 'stijgen', start: 0, target: 12 });
	const n = sql(srv.db, `SELECT count(*) FROM audit_log WHERE action='okr.edit_after_period' AND object='okr_objective/${obj.id}'`).trim();
	assert.equal(n, '3', 'key result added, objective and key result changed after the period');
	assert.equal((await ok('GET', `/kernresultaten/${kr.id}`)).status, 'uit_koers', 'after the period: judged on the result, not stale');
});
