// SPDX-License-Identifier: EUPL-1.2
// The plan module over real HTTP, per resource: the demo plan (phases, a
// decided gate review with its snapshot and override, steps with a critical
// path), phases of an initiative and an organisation's defaults, gate
// criteria, gate reviews (the snapshot is kept as it was; a knock-out that
// fails needs a written reason to go on, audited; a stop stops the
// initiative), steps (dependency cycles refused naming the cycle, CSV), the
// starter plan from a round's open actions, the evidence API, and other
// organisations getting 404.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { startServer, bearer, token, sql, cli, assertProblem, DEMO_EMAIL, LEZER_EMAIL, ORG_A, ORG_B } from './lib.mjs';

let srv, tok, lezer, other, ini;

const iso = (d) => new Date(d).toISOString().slice(0, 10);
const today = iso(Date.now());
const days = (n) => iso(Date.now() + n * 86400000);

async function ok(method, path, json, t = tok, want = [200, 201]) {
	const r = await bearer(srv.base, t, method, path, { json });
	assert.ok(want.includes(r.res.status), `${method} ${path}: ${r.res.status} ${r.text}`);
	return r.body;
}
const call = (method, path, json, t = tok) => bearer(srv.base, t, method, path, { json });

before(async () => {
	srv = await startServer();
	tok = token(srv.db, DEMO_EMAIL);
	lezer = token(srv.db, LEZER_EMAIL);
	cli(['user', 'add', '--db', srv.db, '--email', 'oost-plan@scalelab.test', '--name', 'Olga Oost', '--org', ORG_B,
		'--role', 'beheerder'], 'demo-opschalen-2026\n');
	other = token(srv.db, 'oost-plan@scalelab.test');
	ini = (await ok('POST', `/organisaties/${ORG_A}/initiatieven`, { name: 'Plan-proef', stage: 'pilot' })).id;
});
after(async () => {
	await srv?.stop();
});

test('demo: phases around today, a decided gate review with snapshot and override, steps with a critical path', async () => {
	const id = Number(sql(srv.db, "SELECT id FROM initiatives WHERE name='Digitale schuldhulp-intake'").trim());
	const plan = await ok('GET', `/initiatieven/${id}/plan`);
	assert.deepEqual(plan.phases.map((p) => p.name), ['verkennen', 'pilot', 'opschalen', 'borgen']);
	assert.equal(plan.currentPhase.name, 'opschalen');
	assert.ok(plan.phases[2].startsOn < today && plan.phases[2].endsOn > today, 'the current phase runs today');
	assert.equal(plan.steps.length, 7);
	assert.ok(plan.steps.some((s) => s.overdue), 'one step is overdue');
	assert.ok(plan.steps.some((s) => s.dependsOn.length === 3), 'a step waits for three others');
	assert.equal(plan.criticalPath.effortDays, 60); /* 10 + 15 + 5 + 10 + 20 */
	assert.equal(plan.criticalPath.steps.length, 5);
	const decided = plan.reviews.find((r) => r.decision);
	assert.equal(decided.decision, 'door');
	const review = await ok('GET', `/poortreviews/${decided.id}`);
	assert.equal(review.route, 'out');
	assert.equal(review.methodRoute, 'scaling-out');
	assert.match(review.overrideReason, /leverancier/);
	assert.ok(review.snapshot.stakeholder.stakeholders.length >= 6);
	assert.deepEqual(new Set(review.snapshot.stakeholder.stakeholders.map((s) => s.partyType)),
		new Set(['overheid', 'markt', 'wetenschap', 'samenleving']));
	assert.ok(review.snapshot.okr.keyResults.length > 0, 'key results against pace');
	assert.equal(review.lessonLink, `/kennisbank/nieuw?soort=les&initiatief=${id}&fase=pilot&bron=poort-${decided.id}`);
	const oost = await ok('GET', `/initiatieven/${Number(sql(srv.db, "SELECT id FROM initiatives WHERE name='Beeldbellen in de wijkverpleging'").trim())}/plan`, undefined, other, [404]).catch(() => null);
	assert.equal(oost, null, 'another organisation does not see it');
});

test('phases: a new plan offers the defaults; replace, current, 400s naming each field; organisation defaults', async () => {
	const empty = await ok('GET', `/initiatieven/${ini}/plan`);
	assert.deepEqual(empty.phases, []);
	assert.deepEqual(empty.defaultPhases, ['verkennen', 'pilot', 'opschalen', 'borgen']);
	assert.equal(empty.currentPhase, null);
	assertProblem(await call('PUT', `/initiatieven/${ini}/fasen`, {
		phases: [{ name: '' }, { name: 'pilot', startsOn: '2027-02-01', endsOn: '2027-01-01' }, { name: 'x', colour: 1 }], current: 9,
	}), 400, ['phases.0.name', 'phases.1.endsOn', 'phases.2.colour', 'current']);
	assertProblem(await call('PUT', `/initiatieven/${ini}/fasen`, { phases: [] }), 400, ['phases']);
	const plan = await ok('PUT', `/initiatieven/${ini}/fasen`, {
		phases: [{ name: 'verkennen', startsOn: days(-60), endsOn: days(-1) }, { name: 'pilot', startsOn: today, endsOn: days(90) },
			{ name: 'opschalen' }], current: 2,
	});
	assert.deepEqual(plan.phases.map((p) => [p.name, p.current]), [['verkennen', false], ['pilot', true], ['opschalen', false]]);
	assert.equal(plan.nextGate.name, 'pilot');
	assert.equal(plan.nextGate.date, days(90));
	assert.equal(plan.nextGate.nextPhase, 'opschalen');
	assertProblem(await call('PUT', `/initiatieven/${ini}/fasen`, { phases: [{ name: 'a' }] }, lezer), 403);
	// the organisation's defaults: beheerder only
	assertProblem(await call('PUT', `/organisaties/${ORG_A}/fasen`, { phases: ['a', ''] }), 400, ['phases.1']);
	const org = await ok('PUT', `/organisaties/${ORG_A}/fasen`, { phases: ['idee', 'proef', 'uitrol'] });
	assert.deepEqual(org.phases, ['idee', 'proef', 'uitrol']);
	assert.equal(org.custom, true);
	const fresh = (await ok('POST', `/organisaties/${ORG_A}/initiatieven`, { name: 'Nieuw plan', stage: 'idee' })).id;
	assert.deepEqual((await ok('GET', `/initiatieven/${fresh}/plan`)).defaultPhases, ['idee', 'proef', 'uitrol']);
	assertProblem(await call('PUT', `/organisaties/${ORG_A}/fasen`, { phases: ['x'] }, lezer), 403);
	await ok('PUT', `/organisaties/${ORG_A}/fasen`, { phases: ['verkennen', 'pilot', 'opschalen', 'borgen'] });
});

test('criteria and reviews: the snapshot is kept, a failed knock-out needs a written reason (audited), door moves on', async () => {
	const plan = await ok('GET', `/initiatieven/${ini}/plan`);
	const pilot = plan.phases.find((p) => p.name === 'pilot');
	assertProblem(await call('POST', `/fasen/${pilot.id}/criteria`, { title: '', kind: 'soms', weight: 0, threshold: 1e300 }), 400,
		['title', 'kind', 'weight', 'threshold']);
	const ko = await ok('POST', `/fasen/${pilot.id}/criteria`, { title: 'Niemand met macht is tegen', kind: 'knock-out', evidence: 'geen-machtige-tegenstander' });
	const sc = await ok('POST', `/fasen/${pilot.id}/criteria`, { title: 'Gebruikers zijn tevreden', kind: 'score', weight: 3 });
	assert.equal(ko.evidence, 'geen-machtige-tegenstander');
	assert.equal(sc.weight, 3);
	const sh = await ok('POST', `/initiatieven/${ini}/belanghebbenden`, { name: 'Wethouder', partyType: 'overheid', power: 5, interest: 4, support: 'tegen' });
	const gate = await ok('GET', `/fasen/${pilot.id}`);
	assert.equal(gate.judgements.find((j) => j.criterionId === ko.id).verdict, false);
	assert.equal(gate.readiness.failed, 1);
	const review = await ok('POST', `/fasen/${pilot.id}/poortreviews`, {});
	assert.equal(review.status, 'open');
	assert.equal(review.snapshot.stakeholder.stakeholders[0].support, 'tegen');
	assert.equal(review.judgements.find((j) => j.criterionId === ko.id).met, false);
	assertProblem(await call('POST', `/fasen/${pilot.id}/poortreviews`, {}), 409);
	// judge: score 0..4 on scored criteria only
	assertProblem(await call('PUT', `/poortreviews/${review.id}/oordelen`, { judgements: [{ criterionId: sc.id, score: 7 }, { criterionId: ko.id, score: 2 }, { criterionId: 999999, met: true }] }),
		400, ['judgements.0.score', 'judgements.1.score', 'judgements.2.criterionId']);
	const judged = await ok('PUT', `/poortreviews/${review.id}/oordelen`, { judgements: [{ criterionId: sc.id, score: 3, note: 'enquête: 7,8' }] });
	assert.equal(judged.readiness.percent, 75); /* 3*3 / (3*4) */
	// the support changes later; the snapshot stays as it was
	await ok('PUT', `/belanghebbenden/${sh.id}`, { name: 'Wethouder', partyType: 'overheid', power: 5, interest: 4, support: 'steunend' });
	assert.equal((await ok('GET', `/poortreviews/${review.id}`)).snapshot.stakeholder.stakeholders[0].support, 'tegen');
	// door past the failed knock-out: a written reason, audited
	const decision = { decision: 'door', rationale: 'De pilot haalde de doelen.', decisionMakers: 'Stuurgroep', decidedOn: today, route: 'up', methodRoute: 'scaling-up' };
	assertProblem(await call('POST', `/poortreviews/${review.id}/besluit`, decision), 400, ['overrideReason']);
	assertProblem(await call('POST', `/poortreviews/${review.id}/besluit`, { decision: 'vooruit', decidedOn: '2027-02-30', route: 'sideways', methodRoute: 'nergens' }), 400,
		['decision', 'rationale', 'decisionMakers', 'decidedOn', 'route', 'methodRoute']);
	assert.equal(Number(sql(srv.db, `SELECT count(*) FROM audit_log WHERE action='plan.gate.override'`).trim()), 0);
	const done = await ok('POST', `/poortreviews/${review.id}/besluit`, { ...decision, overrideReason: 'De wethouder draait bij na het gesprek van vorige week.' });
	assert.equal(done.status, 'besloten');
	assert.equal(done.decision, 'door');
	assert.match(done.lessonLink, new RegExp(`^/kennisbank/nieuw\\?soort=les&initiatief=${ini}&fase=pilot&bron=poort-${review.id}$`));
	assert.equal(sql(srv.db, `SELECT result||'|'||object FROM audit_log WHERE action='plan.gate.override'`).trim(), `ok|gate_review/${review.id}`);
	assert.equal((await ok('GET', `/initiatieven/${ini}/plan`)).currentPhase.name, 'opschalen');
	assertProblem(await call('POST', `/poortreviews/${review.id}/besluit`, decision), 409);
	assertProblem(await call('PUT', `/poortreviews/${review.id}/oordelen`, { judgements: [] }), 409);
	// another organisation sees none of it
	assertProblem(await call('GET', `/poortreviews/${review.id}`, undefined, other), 404);
	assertProblem(await call('PUT', `/criteria/${sc.id}`, { title: 'x', kind: 'score' }, other), 404);
	assertProblem(await call('POST', `/fasen/${pilot.id}/poortreviews`, {}, other), 404);
	// a lezer reads the record, does not decide
	assert.equal((await ok('GET', `/poortreviews/${review.id}`, undefined, lezer)).decision, 'door');
	// a phase with reviews cannot be removed
	assertProblem(await call('PUT', `/initiatieven/${ini}/fasen`, { phases: [{ name: 'verkennen' }] }), 400, ['phases']);
});

test('a stop is a visible outcome: the initiative becomes gestopt', async () => {
	const id = (await ok('POST', `/organisaties/${ORG_A}/initiatieven`, { name: 'Stopt', stage: 'pilot' })).id;
	const plan = await ok('PUT', `/initiatieven/${id}/fasen`, { phases: [{ name: 'pilot' }, { name: 'opschalen' }], current: 1 });
	const review = await ok('POST', `/fasen/${plan.phases[0].id}/poortreviews`, {});
	await ok('POST', `/poortreviews/${review.id}/besluit`, { decision: 'stoppen', rationale: 'Geen vraag in de regio.', decisionMakers: 'Directie', decidedOn: today });
	assert.equal((await ok('GET', `/initiatieven/${id}`)).stage, 'gestopt');
	const after = await ok('GET', `/initiatieven/${id}/plan`);
	assert.equal(after.stopped, true);
	assert.equal(after.currentPhase.name, 'pilot', 'a stop does not move on');
});

test('steps: dependencies, a cycle is refused naming it, the critical path, CSV, roles and other organisations', async () => {
	const plan = await ok('GET', `/initiatieven/${ini}/plan`);
	const phase = plan.phases[2].id;
	assertProblem(await call('POST', `/initiatieven/${ini}/stappen`, { title: '', effortDays: -1, status: 'misschien', dueOn: '2027-13-01', phaseId: 999999, dependsOn: [999999] }), 400,
		['title', 'effortDays', 'status', 'dueOn', 'phaseId', 'dependsOn.0']);
	const a = await ok('POST', `/initiatieven/${ini}/stappen`, { title: 'Convenant', effortDays: 10, dueOn: days(10), phaseId: phase });
	const b = await ok('POST', `/initiatieven/${ini}/stappen`, { title: 'Training', effortDays: 5, dueOn: days(20), dependsOn: [a.id] });
	const c = await ok('POST', `/initiatieven/${ini}/stappen`, { title: 'Livegang', effortDays: 2, dueOn: days(30), dependsOn: [b.id] });
	const d = await ok('POST', `/initiatieven/${ini}/stappen`, { title: 'Communicatie', effortDays: 3, dueOn: days(-2) });
	assert.deepEqual(c.dependsOn, [b.id]);
	assert.equal(d.overdue, true);
	const cyc = assertProblem(await call('PUT', `/stappen/${a.id}`, { title: 'Convenant', effortDays: 10, dependsOn: [c.id] }), 400, ['dependsOn']);
	const reason = cyc['invalid-params'].find((p) => p.name === 'dependsOn').reason;
	assert.ok(reason.includes('Convenant') && reason.includes('Training') && reason.includes('Livegang'), reason);
	assertProblem(await call('PUT', `/stappen/${a.id}`, { title: 'Convenant', dependsOn: [a.id] }), 400, ['dependsOn']);
	const plan2 = await ok('GET', `/initiatieven/${ini}/plan`);
	assert.deepEqual(plan2.criticalPath.steps, [a.id, b.id, c.id]);
	assert.equal(plan2.criticalPath.effortDays, 17);
	const upd = await ok('PUT', `/stappen/${d.id}`, { title: 'Communicatie', effortDays: 30, dueOn: days(-2), status: 'klaar' });
	assert.equal(upd.overdue, false, 'a step that is done is not overdue');
	assert.deepEqual((await ok('GET', `/initiatieven/${ini}/plan`)).criticalPath.steps, [d.id]);
	// export
	const rows = await ok('GET', `/initiatieven/${ini}/stappen/export`);
	assert.equal(rows.steps.length, 4);
	const csv = await fetch(`${srv.base}/api/v1/initiatieven/${ini}/stappen/export?formaat=csv`, { headers: { Authorization: `Bearer ${tok}` } });
	assert.match(csv.headers.get('content-type'), /^text\/csv/);
	const lines = (await csv.text()).trim().split('\r\n');
	assert.equal(lines[0], 'id,phase,title,owner,dueOn,status,effortDays,dependsOn,critical,overdue,note');
	assert.ok(lines.some((l) => l.startsWith(`${c.id},`) && l.includes(`"${b.id}"`)), lines.join('\n'));
	// roles and other organisations
	assertProblem(await call('POST', `/initiatieven/${ini}/stappen`, { title: 'x' }, lezer), 403);
	for (const p of [`/stappen/${a.id}`, `/initiatieven/${ini}/plan`, `/fasen/${phase}`, `/initiatieven/${ini}/bewijs`]) {
		assertProblem(await call('GET', p, undefined, other), 404);
	}
	// a step of another initiative is no dependency here
	const elsewhere = (await ok('POST', `/organisaties/${ORG_A}/initiatieven`, { name: 'Elders', stage: 'idee' })).id;
	assertProblem(await call('POST', `/initiatieven/${elsewhere}/stappen`, { title: 'x', dependsOn: [a.id] }), 400, ['dependsOn.0']);
	// the people who do the work set the status of a step, nothing else
	cli(['user', 'add', '--db', srv.db, '--email', 'deelnemer-plan@scalelab.test', '--name', 'Daan Deelnemer', '--org', ORG_A,
		'--role', 'deelnemer'], 'demo-opschalen-2026\n');
	const deelnemer = token(srv.db, 'deelnemer-plan@scalelab.test');
	assertProblem(await call('PUT', `/stappen/${a.id}/status`, { status: 'half' }, deelnemer), 400, ['status']);
	assert.equal((await ok('PUT', `/stappen/${a.id}/status`, { status: 'klaar' }, deelnemer)).status, 'klaar');
	assertProblem(await call('PUT', `/stappen/${a.id}/status`, { status: 'open' }, lezer), 403);
	assertProblem(await call('PUT', `/stappen/${a.id}`, { title: 'Anders' }, deelnemer), 403);
	assertProblem(await call('PUT', `/stappen/${a.id}/status`, { status: 'open' }, other), 404);
	await ok('DELETE', `/stappen/${d.id}`, undefined, tok, [204]);
	assertProblem(await call('GET', `/stappen/${d.id}`), 404);
});

test('starter plan: the open actions of the latest round become steps once', async () => {
	const id = (await ok('POST', `/organisaties/${ORG_A}/initiatieven`, { name: 'Startplan', stage: 'pilot' })).id;
	const round = await ok('POST', `/initiatieven/${id}/rondes`, { methodId: 'pilot-scaling-canvas', periodStart: '2026-01-01', periodEnd: '2026-03-31' });
	await ok('POST', `/initiatieven/${id}/acties`, { title: 'Bestuurlijk draagvlak organiseren', roundId: round.id, dueDate: days(14) });
	await ok('POST', `/initiatieven/${id}/acties`, { title: 'Businesscase per partij maken', roundId: round.id });
	const loose = await ok('POST', `/initiatieven/${id}/acties`, { title: 'Los van een ronde' });
	assert.ok(loose.id);
	const first = await ok('POST', `/initiatieven/${id}/stappen/startplan`, {});
	assert.equal(first.created, 2);
	assert.equal(first.roundId, round.id);
	assert.deepEqual(first.steps.map((s) => s.title).sort(), ['Bestuurlijk draagvlak organiseren', 'Businesscase per partij maken']);
	assert.ok(first.steps.every((s) => s.actionId && s.phaseId), 'linked to its action, in the current phase');
	assert.equal((await ok('POST', `/initiatieven/${id}/stappen/startplan`, {})).created, 0, 'twice makes nothing new');
});

test('evidence: every module that has something on the initiative, under its own name', async () => {
	const ev = await ok('GET', `/initiatieven/${ini}/bewijs`);
	assert.equal(ev.plan.currentPhase.name, 'opschalen');
	assert.equal(ev.plan.stepsOpen, 2); /* Training and Livegang; Convenant is klaar, Communicatie deleted */
	assert.equal(ev.plan.latestDecision.decision, 'door');
	assert.equal(ev.stakeholder.stakeholders[0].name, 'Wethouder');
	const empty = (await ok('POST', `/organisaties/${ORG_A}/initiatieven`, { name: 'Leeg', stage: 'idee' })).id;
	assert.deepEqual(await ok('GET', `/initiatieven/${empty}/bewijs`), {});
});
