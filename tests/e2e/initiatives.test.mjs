// SPDX-License-Identifier: EUPL-1.2
// Create, edit and delete an initiative through the API and through the
// page forms; what one side writes the other side shows. Dates are RFC
// 3339 UTC and the audit log gets a row for each change.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { startServer, loggedIn, bearer, sessionApi, token, sql, cli, RFC3339_UTC, DEMO_EMAIL, BEWERKER_EMAIL, ORG_A } from './lib.mjs';

let srv, tok;
const coll = `/organisaties/${ORG_A}/initiatieven`;
before(async () => {
	srv = await startServer();
	tok = token(srv.db, DEMO_EMAIL);
});
after(async () => {
	await srv?.stop();
});

function escapeHtml(s) {
	return s.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;');
}

test('API create: 201 with Location, the stored document, RFC 3339 UTC dates; then listed', async () => {
	const pilot = Number(sql(srv.db, `SELECT id FROM users WHERE email='${BEWERKER_EMAIL}'`).trim());
	const t0 = Date.now();
	const input = {
		name: 'Repair café in elke wijk', description: 'Eén avond per maand <samen> repareren & leren.',
		sector: 'Duurzaamheid', stage: 'pilot', ownerId: pilot,
		ambition: { targetGroup: 'Alle inwoners', area: 'Twaalf wijken', reach: 1500, targetDate: '2027-09-30', scalableUnit: 'Eén vrijwilligersteam' },
	};
	const { res, body } = await bearer(srv.base, tok, 'POST', coll, { json: input });
	assert.equal(res.status, 201);
	assert.match(res.headers.get('content-type'), /^application\/json/);
	assert.equal(res.headers.get('location'), `/api/v1/initiatieven/${body.id}`);
	assert.equal(body.name, input.name);
	assert.equal(body.description, input.description);
	assert.equal(body.stage, 'pilot');
	assert.equal(body.organisation, ORG_A);
	assert.deepEqual(body.owner, { id: pilot, name: 'Pieter Pilotleider' });
	assert.deepEqual(body.ambition, input.ambition);
	for (const k of ['createdAt', 'updatedAt']) {
		assert.match(body[k], RFC3339_UTC, `${k} is RFC 3339 UTC`);
		assert.ok(Math.abs(Date.parse(body[k]) - t0) < 60_000, `${k} is now`);
	}
	const got = await bearer(srv.base, tok, 'GET', `/initiatieven/${body.id}`);
	assert.equal(got.res.status, 200);
	assert.equal(got.body.name, input.name);
	const list = await bearer(srv.base, tok, 'GET', coll);
	const row = list.body.initiatives.find((i) => i.id === body.id);
	assert.ok(row, 'listed in the API');
	assert.match(row.updatedAt, RFC3339_UTC);
	const c = await loggedIn(srv.base);
	const page = await c.get(coll);
	assert.ok(page.text_.includes(escapeHtml(input.name)), 'listed on the page');
	const detail = await c.get(`/initiatieven/${body.id}`);
	assert.equal(detail.status, 200);
	assert.ok(detail.text_.includes(escapeHtml(input.description)), 'text is escaped on the page');
	assert.ok(!detail.text_.includes('<samen>'), 'no raw markup from user input');
});

test('every date in API documents is RFC 3339 UTC (Z)', async () => {
	const list = await bearer(srv.base, tok, 'GET', coll);
	assert.ok(list.body.initiatives.length >= 4);
	for (const i of list.body.initiatives) {
		assert.match(i.updatedAt, RFC3339_UTC);
		const one = await bearer(srv.base, tok, 'GET', `/initiatieven/${i.id}`);
		assert.match(one.body.createdAt, RFC3339_UTC);
		assert.match(one.body.updatedAt, RFC3339_UTC);
	}
	const created = await (await sessionApi(srv.base))('POST', '/mij/tokens', { name: 'datumtest' });
	for (const t of created.body.tokens) assert.match(t.createdAt, RFC3339_UTC);
});

test('API edit: PUT replaces the initiative and updates updatedAt', async () => {
	const { body: made } = await bearer(srv.base, tok, 'POST', coll, {
		json: { name: 'Te vervangen', stage: 'idee', sector: 'Oud', ambition: { reach: 10 } },
	});
	await new Promise((r) => setTimeout(r, 1100));
	const put = await bearer(srv.base, tok, 'PUT', `/initiatieven/${made.id}`, {
		json: { name: 'Vervangen', stage: 'opschalen', ambition: { targetDate: '2030-01-01' } },
	});
	assert.equal(put.res.status, 200, put.text);
	assert.equal(put.body.name, 'Vervangen');
	assert.equal(put.body.stage, 'opschalen');
	assert.equal(put.body.sector, '', 'PUT replaces: absent fields are cleared');
	assert.equal(put.body.ambition.reach, null);
	assert.equal(put.body.ambition.targetDate, '2030-01-01');
	assert.equal(put.body.createdAt, made.createdAt);
	assert.ok(Date.parse(put.body.updatedAt) > Date.parse(made.updatedAt), 'updatedAt moves');
	const again = await bearer(srv.base, tok, 'GET', `/initiatieven/${made.id}`);
	assert.equal(again.body.name, 'Vervangen');
	assert.equal((await bearer(srv.base, tok, 'PUT', '/initiatieven/999999', { json: { name: 'x', stage: 'idee' } })).res.status, 404);
});

test('API delete: 204, then 404', async () => {
	const { body: made } = await bearer(srv.base, tok, 'POST', coll, { json: { name: 'Weg ermee', stage: 'gestopt' } });
	const d = await bearer(srv.base, tok, 'DELETE', `/initiatieven/${made.id}`);
	assert.equal(d.res.status, 204);
	assert.equal(d.text, '');
	assert.equal((await bearer(srv.base, tok, 'GET', `/initiatieven/${made.id}`)).res.status, 404);
	assert.equal((await bearer(srv.base, tok, 'DELETE', `/initiatieven/${made.id}`)).res.status, 404);
});

test('page create: form with CSRF token → 303 to the new initiative, visible in the list and the API', async () => {
	const c = await loggedIn(srv.base, BEWERKER_EMAIL);
	const csrf = await c.csrfFrom(`${coll}/nieuw`);
	const res = await c.form(coll, {
		_csrf: csrf, name: 'Formulier-initiatief', description: 'Via de pagina', sector: 'Wonen', stage: 'idee',
		ownerId: '', 'ambition.targetGroup': 'Huurders', 'ambition.area': 'Oost', 'ambition.reach': '250',
		'ambition.targetDate': '2027-03-01', 'ambition.scalableUnit': 'Een portiek',
	});
	assert.equal(res.status, 303, res.text_.slice(0, 500));
	const loc = res.headers.get('location');
	const m = /^\/initiatieven\/(\d+)$/.exec(loc);
	assert.ok(m, `redirects to the initiative (got ${loc})`);
	const detail = await c.get(loc);
	assert.equal(detail.status, 200);
	assert.match(detail.text_, /Formulier-initiatief/);
	assert.match((await c.get(coll)).text_, /Formulier-initiatief/);
	const api = await bearer(srv.base, tok, 'GET', `/initiatieven/${m[1]}`);
	assert.equal(api.body.sector, 'Wonen');
	assert.equal(api.body.owner, null);
	assert.deepEqual(api.body.ambition, { targetGroup: 'Huurders', area: 'Oost', reach: 250, targetDate: '2027-03-01', scalableUnit: 'Een portiek' });
});

test('page create with bad input: 400, the form again with an error summary and what was typed', async () => {
	const c = await loggedIn(srv.base);
	const csrf = await c.csrfFrom(`${coll}/nieuw`);
	const before = sql(srv.db, 'SELECT count(*) FROM initiatives').trim();
	const res = await c.form(coll, {
		_csrf: csrf, name: '', description: 'Bewaard <b>', stage: 'klaar', 'ambition.reach': '-4', 'ambition.targetDate': '2026-02-30',
	});
	assert.equal(res.status, 400);
	assert.match(res.headers.get('content-type'), /^text\/html/);
	for (const id of ['name', 'stage', 'ambition_reach', 'ambition_targetDate']) {
		assert.ok(res.text_.includes(`href="#${id}"`), `error summary links to #${id}`);
		assert.match(res.text_, new RegExp(`id="${id}"[^>]*aria-invalid="true"`), `${id} is marked invalid`);
	}
	assert.ok(res.text_.includes('Bewaard &lt;b&gt;'), 'typed text is kept, escaped');
	assert.equal(sql(srv.db, 'SELECT count(*) FROM initiatives').trim(), before);
	// "-1" is refused too, not stored as "no reach".
	const r2 = await c.form(coll, { _csrf: csrf, name: 'Min één', stage: 'idee', 'ambition.reach': '-1' });
	assert.equal(r2.status, 400);
	const r3 = await c.form(coll, { _csrf: csrf, name: 'Tekst', stage: 'idee', 'ambition.reach': 'veel' });
	assert.equal(r3.status, 400);
	assert.ok(r3.text_.includes('href="#ambition_reach"'));
});

test('page edit: the form shows current values; POST → 303, change visible in page and API', async () => {
	const { body: made } = await bearer(srv.base, tok, 'POST', coll, {
		json: { name: 'Te bewerken', stage: 'idee', sector: 'Cultuur', ambition: { reach: 40 } },
	});
	const c = await loggedIn(srv.base, BEWERKER_EMAIL);
	const form = await c.get(`/initiatieven/${made.id}/bewerken`);
	assert.equal(form.status, 200);
	assert.match(form.text_, /id="name" name="name" type="text" value="Te bewerken"/);
	assert.match(form.text_, /value="40"/);
	const csrf = /name="_csrf" value="([^"]+)"/.exec(form.text_)[1];
	const res = await c.form(`/initiatieven/${made.id}/bewerken`, {
		_csrf: csrf, name: 'Bewerkt via formulier', stage: 'pilot', sector: 'Cultuur', 'ambition.reach': '41',
	});
	assert.equal(res.status, 303);
	assert.equal(res.headers.get('location'), `/initiatieven/${made.id}`);
	assert.match((await c.get(coll)).text_, /Bewerkt via formulier/);
	const api = await bearer(srv.base, tok, 'GET', `/initiatieven/${made.id}`);
	assert.equal(api.body.name, 'Bewerkt via formulier');
	assert.equal(api.body.stage, 'pilot');
	assert.equal(api.body.ambition.reach, 41);
	const bad = await c.form(`/initiatieven/${made.id}/bewerken`, { _csrf: csrf, name: '', stage: 'pilot' });
	assert.equal(bad.status, 400);
	assert.ok(bad.text_.includes('href="#name"'));
	assert.equal((await bearer(srv.base, tok, 'GET', `/initiatieven/${made.id}`)).body.name, 'Bewerkt via formulier');
});

test('audit log: rows for create, update and delete with actor, object and UTC time; export has them, never a password', async () => {
	const { body: made } = await bearer(srv.base, tok, 'POST', coll, { json: { name: 'Geaudit', stage: 'idee' } });
	await bearer(srv.base, tok, 'PUT', `/initiatieven/${made.id}`, { json: { name: 'Geaudit 2', stage: 'idee' } });
	await bearer(srv.base, tok, 'DELETE', `/initiatieven/${made.id}`);
	const rows = sql(srv.db, `SELECT action||'|'||actor||'|'||result||'|'||at FROM audit_log WHERE object='initiative/${made.id}' ORDER BY id`)
		.trim().split('\n');
	assert.equal(rows.length, 3);
	assert.match(rows[0], /^initiative\.create\|demo@scalelab\.test\|ok\|\d{4}-\d\d-\d\dT\d\d:\d\d:\d\dZ$/);
	assert.match(rows[1], /^initiative\.update\|demo@scalelab\.test\|ok\|/);
	assert.match(rows[2], /^initiative\.delete\|demo@scalelab\.test\|ok\|/);
	const dump = JSON.parse(cli(['export', '--db', srv.db]));
	const text = JSON.stringify(dump);
	assert.ok(text.includes(`initiative/${made.id}`), 'export includes the audit rows');
	assert.ok(!text.includes('demo-opschalen-2026'));
	assert.ok(!sql(srv.db, 'SELECT * FROM audit_log').includes(tok), 'no bearer token in the audit log');
});
