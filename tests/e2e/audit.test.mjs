// SPDX-License-Identifier: EUPL-1.2
// Audit of denied accesses: a 403 (role too low) and a 404 on an object that
// exists in another organisation write an audit row with result "denied",
// tied to the organisation of the object, for reads (GET) and writes alike;
// an unknown id is not logged as a denial. Audit rows name their
// organisation (org_id) for ordinary changes too.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { startServer, bearer, token, sql, loggedIn, DEMO_EMAIL, LEZER_EMAIL, ORG_A, ORG_B } from './lib.mjs';

let srv, demoTok, lezerTok, idA, idB, orgA, orgB;
before(async () => {
	srv = await startServer();
	demoTok = token(srv.db, DEMO_EMAIL);
	lezerTok = token(srv.db, LEZER_EMAIL);
	idA = (await bearer(srv.base, demoTok, 'GET', `/organisaties/${ORG_A}/initiatieven`)).body.initiatives[0].id;
	idB = (await bearer(srv.base, demoTok, 'GET', `/organisaties/${ORG_B}/initiatieven`)).body.initiatives[0].id;
	orgA = sql(srv.db, `SELECT id FROM organisations WHERE slug='${ORG_A}'`).trim();
	orgB = sql(srv.db, `SELECT id FROM organisations WHERE slug='${ORG_B}'`).trim();
});
after(async () => {
	await srv?.stop();
});

const denied = (path) =>
	sql(srv.db, `SELECT actor||'|'||action||'|'||ifnull(org_id,'') FROM audit_log WHERE result='denied' AND object='${path}' ORDER BY id`)
		.trim()
		.split('\n')
		.filter(Boolean);

test('a 403 for a role too low is audited as denied (write and read)', async () => {
	const w = await bearer(srv.base, lezerTok, 'PUT', `/initiatieven/${idA}`, { json: { name: 'x', stage: 'idee' } });
	assert.equal(w.res.status, 403);
	assert.deepEqual(denied(`PUT /api/v1/initiatieven/${idA}`), [`${LEZER_EMAIL}|access|${orgA}`]);
	const c = await loggedIn(srv.base, LEZER_EMAIL);
	assert.equal((await c.get(`/initiatieven/${idA}/bewerken`)).status, 403);
	assert.deepEqual(denied(`GET /initiatieven/${idA}/bewerken`), [`${LEZER_EMAIL}|access|${orgA}`]);
});

test("a 404 on another organisation's existing object is audited in that organisation", async () => {
	const r = await bearer(srv.base, lezerTok, 'GET', `/initiatieven/${idB}`);
	assert.equal(r.res.status, 404);
	assert.deepEqual(denied(`GET /api/v1/initiatieven/${idB}`), [`${LEZER_EMAIL}|access|${orgB}`]);
	const w = await bearer(srv.base, lezerTok, 'DELETE', `/initiatieven/${idB}`);
	assert.equal(w.res.status, 404);
	assert.deepEqual(denied(`DELETE /api/v1/initiatieven/${idB}`), [`${LEZER_EMAIL}|access|${orgB}`]);
	const o = await bearer(srv.base, lezerTok, 'GET', `/organisaties/${ORG_B}`);
	assert.equal(o.res.status, 404);
	assert.deepEqual(denied(`GET /api/v1/organisaties/${ORG_B}`), [`${LEZER_EMAIL}|access|${orgB}`]);
});

test('an unknown id or organisation is not logged as a denial', async () => {
	const n = sql(srv.db, "SELECT count(*) FROM audit_log WHERE result='denied'").trim();
	assert.equal((await bearer(srv.base, lezerTok, 'GET', '/initiatieven/987654')).res.status, 404);
	assert.equal((await bearer(srv.base, lezerTok, 'GET', '/organisaties/bestaat-niet')).res.status, 404);
	assert.equal(sql(srv.db, "SELECT count(*) FROM audit_log WHERE result='denied'").trim(), n);
});

test('an allowed read writes no audit row; a change is audited in its organisation', async () => {
	const n = sql(srv.db, 'SELECT count(*) FROM audit_log').trim();
	assert.equal((await bearer(srv.base, lezerTok, 'GET', `/initiatieven/${idA}`)).res.status, 200);
	assert.equal(sql(srv.db, 'SELECT count(*) FROM audit_log').trim(), n);
	const p = await bearer(srv.base, demoTok, 'POST', `/organisaties/${ORG_A}/initiatieven`, { json: { name: 'Audit', stage: 'idee' } });
	assert.equal(p.res.status, 201);
	assert.equal(sql(srv.db, "SELECT org_id FROM audit_log WHERE result='ok' ORDER BY id DESC LIMIT 1").trim(), orgA);
});
