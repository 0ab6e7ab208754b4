// SPDX-License-Identifier: EUPL-1.2
// The audit log of an organisation for its beheerders: only that
// organisation's rows, newest first, filters (day, action, result, actor), a
// cursor that pages through without overlap or gaps, CSV with the same rows,
// 400 naming each bad filter, 403 for other roles, and the page.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import {
	startServer, loggedIn, bearer, token, sql, cli, assertProblem,
	DEMO_EMAIL, LEZER_EMAIL, ORG_A, ORG_B,
} from './lib.mjs';

let srv, tok, lezer, other;
const today = new Date().toISOString().slice(0, 10);

async function get(path, t = tok) {
	const r = await bearer(srv.base, t, 'GET', path);
	assert.equal(r.res.status, 200, `GET ${path}: ${r.text}`);
	return r.body;
}

before(async () => {
	srv = await startServer();
	tok = token(srv.db, DEMO_EMAIL);
	lezer = token(srv.db, LEZER_EMAIL);
	cli(['user', 'add', '--db', srv.db, '--email', 'oost@scalelab.test', '--name', 'Olga Oost', '--org', ORG_B,
		'--role', 'beheerder'], 'demo-opschalen-2026\n');
	other = token(srv.db, 'oost@scalelab.test');
	for (let i = 0; i < 7; i++) {
		const r = await bearer(srv.base, tok, 'POST', `/organisaties/${ORG_A}/initiatieven`, {
			json: { name: `Audit-proef ${i}`, stage: 'idee' },
		});
		assert.equal(r.res.status, 201);
	}
	// a refused write is logged too (result "invalid")
	await bearer(srv.base, tok, 'POST', `/organisaties/${ORG_A}/initiatieven`, { json: { name: '' } });
});
after(async () => {
	await srv?.stop();
});

test('rows of this organisation only, newest first, and they match the table', async () => {
	const page = await get(`/organisaties/${ORG_A}/auditlog?aantal=200`);
	const orgA = Number(sql(srv.db, `SELECT id FROM organisations WHERE slug='${ORG_A}'`).trim());
	const inDb = Number(sql(srv.db, `SELECT count(*) FROM audit_log WHERE org_id=${orgA}`).trim());
	assert.equal(page.items.length, Math.min(inDb, 200));
	for (let i = 1; i < page.items.length; i++) assert.ok(page.items[i - 1].id > page.items[i].id, 'newest first');
	assert.equal(page.items[0].action, 'initiative.create');
	assert.equal(page.items[0].result, 'invalid');
	assert.equal(page.items[0].actor, DEMO_EMAIL);
	const ids = new Set(sql(srv.db, `SELECT id FROM audit_log WHERE org_id=${orgA}`).trim().split('\n').map(Number));
	for (const it of page.items) assert.ok(ids.has(it.id), `row ${it.id} belongs to ${ORG_A}`);
	const b = await get(`/organisaties/${ORG_B}/auditlog`, other);
	assert.ok(!b.items.some((it) => /Audit-proef/.test(it.object) || it.actor === DEMO_EMAIL && it.action === 'initiative.create'));
});

test('filters narrow the rows; an empty result is an empty list', async () => {
	const ok = await get(`/organisaties/${ORG_A}/auditlog?actie=initiative.create&resultaat=ok&aantal=200`);
	assert.ok(ok.items.length >= 7);
	assert.ok(ok.items.every((it) => it.action === 'initiative.create' && it.result === 'ok'));
	const who = await get(`/organisaties/${ORG_A}/auditlog?actor=${encodeURIComponent(DEMO_EMAIL.toUpperCase().slice(0, 6))}`);
	assert.ok(who.items.length > 0 && who.items.every((it) => it.actor.toLowerCase().includes(DEMO_EMAIL.slice(0, 6))));
	const day = await get(`/organisaties/${ORG_A}/auditlog?van=${today}&tot=${today}&aantal=200`);
	assert.ok(day.items.length >= 8 && day.items.every((it) => it.at.startsWith(today)));
	const none = await get(`/organisaties/${ORG_A}/auditlog?tot=2001-01-01`);
	assert.deepEqual(none.items, []);
	assert.equal(none._links.next, undefined);
});

test('the cursor pages through every row once', async () => {
	const all = (await get(`/organisaties/${ORG_A}/auditlog?aantal=200`)).items.map((it) => it.id);
	const seen = [];
	let path = `/organisaties/${ORG_A}/auditlog?aantal=3`;
	for (let guard = 0; path && guard < 100; guard++) {
		const p = await get(path);
		assert.ok(p.items.length <= 3);
		seen.push(...p.items.map((it) => it.id));
		path = p._links.next ? p._links.next.href.replace(/^\/api\/v1/, '') : null;
	}
	assert.deepEqual(seen, all);
	const f = await get(`/organisaties/${ORG_A}/auditlog?actie=initiative.create&aantal=2`);
	assert.match(f._links.next.href, /actie=initiative\.create/);
	assert.match(f._links.next.href, /na=\d+/);
});

test('CSV holds the same rows as the JSON', async () => {
	const res = await fetch(`${srv.base}/api/v1/organisaties/${ORG_A}/auditlog?actie=initiative.create&formaat=csv`, {
		headers: { Authorization: `Bearer ${tok}` },
	});
	assert.equal(res.status, 200);
	assert.match(res.headers.get('content-type'), /^text\/csv/);
	const lines = (await res.text()).trim().split('\r\n');
	assert.equal(lines[0], 'id,at,actor,action,object,result,origin');
	const json = await get(`/organisaties/${ORG_A}/auditlog?actie=initiative.create&aantal=200`);
	assert.equal(lines.length - 1, json.items.length);
	assert.equal(Number(lines[1].split(',')[0]), json.items[0].id);
});

test('bad filters: 400 naming each; other roles 403; another organisation 404', async () => {
	assertProblem(await bearer(srv.base, tok, 'GET', `/organisaties/${ORG_A}/auditlog?van=2026-02-30`), 400, ['van']);
	assertProblem(await bearer(srv.base, tok, 'GET', `/organisaties/${ORG_A}/auditlog?van=2026-05-02&tot=2026-05-01`), 400, ['tot']);
	assertProblem(await bearer(srv.base, tok, 'GET', `/organisaties/${ORG_A}/auditlog?aantal=0&na=x&formaat=xml`), 400, ['aantal', 'na', 'formaat']);
	assertProblem(await bearer(srv.base, tok, 'GET', `/organisaties/${ORG_A}/auditlog?aantal=201`), 400, ['aantal']);
	assertProblem(await bearer(srv.base, tok, 'GET', `/organisaties/${ORG_A}/auditlog?actor=${'x'.repeat(200)}`), 400, ['actor']);
	assert.equal((await bearer(srv.base, lezer, 'GET', `/organisaties/${ORG_A}/auditlog`)).res.status, 403);
	assert.equal((await bearer(srv.base, other, 'GET', `/organisaties/${ORG_A}/auditlog`)).res.status, 404);
});

test('page: table, filters kept, next link, link from the organisation page, Dutch result words', async () => {
	const c = await loggedIn(srv.base);
	const org = await c.get(`/organisaties/${ORG_A}`);
	assert.match(org.text_, new RegExp(`href="/organisaties/${ORG_A}/auditlog"`));
	const res = await c.get(`/organisaties/${ORG_A}/auditlog?actie=initiative.create&aantal=2`);
	assert.equal(res.status, 200);
	assert.match(res.text_, /<option value="initiative.create" selected>/);
	assert.match(res.text_, /ongeldige invoer|gelukt/);
	assert.match(res.text_, /rel="next" href="\/organisaties\/[^"]+auditlog\?actie=initiative.create&amp;aantal=2&amp;na=\d+"/);
	assert.match(res.text_, /formaat=csv/);
	const bad = await c.get(`/organisaties/${ORG_A}/auditlog?van=gisteren`);
	assert.equal(bad.status, 400);
	assert.match(bad.text_, /aria-invalid="true"/);
	const lz = await loggedIn(srv.base, LEZER_EMAIL);
	assert.equal((await lz.get(`/organisaties/${ORG_A}/auditlog`)).status, 403);
});
