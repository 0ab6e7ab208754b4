// SPDX-License-Identifier: EUPL-1.2
// The stakeholder module over real HTTP: create, read with salience and
// history, replace (each change kept in the history), delete; 400 naming
// every bad field; the warnings of the map; the demo's map of all four
// helix types; other organisations get 404 and a lezer cannot write.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { startServer, bearer, token, sql, cli, assertProblem, DEMO_EMAIL, LEZER_EMAIL, ORG_A, ORG_B } from './lib.mjs';

let srv, tok, lezer, other, ini;

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
	cli(['user', 'add', '--db', srv.db, '--email', 'oost-sh@scalelab.test', '--name', 'Olga Oost', '--org', ORG_B,
		'--role', 'beheerder'], 'demo-opschalen-2026\n');
	other = token(srv.db, 'oost-sh@scalelab.test');
	ini = (await ok('POST', `/organisaties/${ORG_A}/initiatieven`, { name: 'Draagvlak-proef', stage: 'pilot' })).id;
});
after(async () => {
	await srv?.stop();
});

test('demo: 6 to 8 stakeholders of all four helix types, a powerful party against', async () => {
	const id = Number(sql(srv.db, "SELECT id FROM initiatives WHERE name='Digitale schuldhulp-intake'").trim());
	const list = await ok('GET', `/initiatieven/${id}/belanghebbenden`);
	assert.ok(list.stakeholders.length >= 6 && list.stakeholders.length <= 8, `${list.stakeholders.length}`);
	assert.deepEqual(new Set(list.stakeholders.map((s) => s.partyType)), new Set(['overheid', 'markt', 'wetenschap', 'samenleving']));
	const against = list.warnings.find((w) => w.kind === 'machtig-tegen');
	assert.equal(against.name, 'Leverancier zaaksysteem');
	assert.equal(list.warnings.find((w) => w.kind === 'grootste-kloof').name, 'Buurtteams Voorbeeldstad');
	// The business-case module's evidence is read when the initiative has a case: every
	// "pays without gain" warning names a stakeholder that pays in it and gains nothing.
	const evidence = await ok('GET', `/initiatieven/${id}/bewijs`);
	const bc = evidence.businesscase;
	assert.equal(list.businessCase, Boolean(bc));
	for (const w of list.warnings.filter((x) => x.kind === 'betaalt-zonder-baat')) {
		const p = bc.parties.find((x) => x.name.toLowerCase() === w.name.toLowerCase());
		assert.ok(p && p.paysCents > 0 && p.gainsCents === 0, `${w.name} pays and gains nothing`);
	}
});

test('stakeholders: create with salience, 400s naming each field, unique names, history of changes', async () => {
	assertProblem(await call('POST', `/initiatieven/${ini}/belanghebbenden`, {
		name: '', partyType: 'kerk', power: 6, interest: 0, support: 'enthousiast', desiredSupport: 'ja', legitimate: 'ja', colour: 'rood',
	}), 400, ['name', 'partyType', 'power', 'interest', 'support', 'desiredSupport', 'legitimate', 'colour']);
	const s = await ok('POST', `/initiatieven/${ini}/belanghebbenden`, {
		name: 'Provincie', partyType: 'overheid', power: 4, interest: 2, legitimate: true, urgent: true, support: 'neutraal', desiredSupport: 'trekkend',
		role: 'Subsidie voor de regionale uitrol',
	});
	assert.equal(s.salience, 'definitief'); /* power, legitimacy and urgency */
	assert.equal(s.quadrant, 'tevreden-houden');
	assert.equal(s.gap, 2);
	assert.equal(s.history.length, 1);
	assertProblem(await call('POST', `/initiatieven/${ini}/belanghebbenden`, { name: 'Provincie', partyType: 'overheid', power: 1, interest: 1 }), 400, ['name']);
	const d = await ok('POST', `/initiatieven/${ini}/belanghebbenden`, { name: 'Bewonersplatform', partyType: 'samenleving', power: 2, interest: 5, urgent: true });
	assert.equal(d.salience, 'veeleisend');
	assert.equal(d.support, 'onbekend');
	assert.equal(d.desiredSupport, 'steunend');
	const u = await ok('PUT', `/belanghebbenden/${s.id}`, {
		name: 'Provincie', partyType: 'overheid', power: 4, interest: 2, legitimate: true, urgent: true, support: 'steunend', desiredSupport: 'trekkend',
		role: 'Subsidie voor de regionale uitrol',
	});
	assert.equal(u.history.length, 2);
	assert.deepEqual(u.history[0].changes, [{ field: 'support', from: 'neutraal', to: 'steunend' }]);
	assert.equal(u.history[0].by, 'Dewi de Programmamanager');
	// the same body again changes nothing worth a history row
	assert.equal((await ok('PUT', `/belanghebbenden/${s.id}`, {
		name: 'Provincie', partyType: 'overheid', power: 4, interest: 2, legitimate: true, urgent: true, support: 'steunend', desiredSupport: 'trekkend',
		role: 'Subsidie voor de regionale uitrol',
	})).history.length, 2);
	assertProblem(await call('PUT', `/belanghebbenden/${s.id}`, { name: 'Bewonersplatform', partyType: 'overheid', power: 4, interest: 2 }), 400, ['name']);
});

test('warnings: a powerful party against and the largest gap; evidence carries them', async () => {
	const x = await ok('POST', `/initiatieven/${ini}/belanghebbenden`, { name: 'Gemeenteraad', partyType: 'overheid', power: 5, interest: 3, support: 'tegen', desiredSupport: 'steunend' });
	const list = await ok('GET', `/initiatieven/${ini}/belanghebbenden`);
	assert.deepEqual(list.warnings.filter((w) => w.kind === 'machtig-tegen').map((w) => w.stakeholderId), [x.id]);
	const gap = list.warnings.filter((w) => w.kind === 'grootste-kloof');
	assert.deepEqual(gap.map((w) => [w.name, w.gap]), [['Bewonersplatform', 3]]); /* onbekend 0 -> steunend 3 */
	assert.equal(list.stakeholders[0].name, 'Gemeenteraad', 'by power first');
	const ev = await ok('GET', `/initiatieven/${ini}/bewijs`);
	assert.equal(ev.stakeholder.stakeholders.length, 3);
	assert.ok(ev.stakeholder.warnings.some((w) => w.kind === 'machtig-tegen' && w.name === 'Gemeenteraad'));
	for (const s of ev.stakeholder.stakeholders) for (const k of ['name', 'partyType', 'power', 'interest', 'support', 'desiredSupport']) assert.ok(k in s, k);
});

test('roles, other organisations and delete', async () => {
	const list = await ok('GET', `/initiatieven/${ini}/belanghebbenden`, undefined, lezer);
	const id = list.stakeholders[0].id;
	assertProblem(await call('POST', `/initiatieven/${ini}/belanghebbenden`, { name: 'Y', partyType: 'markt', power: 1, interest: 1 }, lezer), 403);
	assertProblem(await call('PUT', `/belanghebbenden/${id}`, { name: 'Y', partyType: 'markt', power: 1, interest: 1 }, lezer), 403);
	assertProblem(await call('GET', `/belanghebbenden/${id}`, undefined, other), 404);
	assertProblem(await call('GET', `/initiatieven/${ini}/belanghebbenden`, undefined, other), 404);
	assertProblem(await call('DELETE', `/belanghebbenden/${id}`, undefined, other), 404);
	await ok('DELETE', `/belanghebbenden/${id}`, undefined, tok, [204]);
	assertProblem(await call('GET', `/belanghebbenden/${id}`), 404);
	assert.equal(Number(sql(srv.db, `SELECT count(*) FROM stakeholder_history WHERE stakeholder_id=${id}`).trim()), 0);
	assert.equal(Number(sql(srv.db, `SELECT count(*) FROM audit_log WHERE action='stakeholder.delete' AND object='stakeholder/${id}' AND result='ok'`).trim()), 1);
});
