// SPDX-License-Identifier: EUPL-1.2
// problem+json (RFC 9457 / NL API Design Rules) for every kind of bad
// input: status, media type, the five members, and invalid-params that
// name every bad field of a request at once.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { startServer, bearer, sessionApi, token, assertProblem, sql, DEMO_EMAIL, LEZER_EMAIL, ORG_A } from './lib.mjs';

let srv, tok, idA;
const coll = `/organisaties/${ORG_A}/initiatieven`;
const post = (json, opts = {}) => bearer(srv.base, tok, 'POST', coll, { json, ...opts });
const postRaw = (raw, opts = {}) => bearer(srv.base, tok, 'POST', coll, { raw, ...opts });

before(async () => {
	srv = await startServer();
	tok = token(srv.db, DEMO_EMAIL);
	idA = (await bearer(srv.base, tok, 'GET', coll)).body.initiatives[0].id;
});
after(async () => {
	await srv?.stop();
});

function count() {
	return Number(sql(srv.db, 'SELECT count(*) FROM initiatives').trim());
}

test('invalid JSON → 400 naming the body', async () => {
	assertProblem(await postRaw('{"name": "x", "stage": '), 400, ['body']);
	assertProblem(await postRaw('{"name": "x",}'), 400, ['body']);
});

test('JSON that is not an object → 400 naming the body', async () => {
	for (const raw of ['[]', '"text"', '42', 'null', '[{"name":"x","stage":"idee"}]']) {
		assertProblem(await postRaw(raw), 400, ['body']);
	}
});

test('empty body on POST → 400 naming the body', async () => {
	assertProblem(await postRaw(''), 400, ['body']);
});

test('duplicate keys → 400 (no silent last-one-wins)', async () => {
	assertProblem(await postRaw('{"name":"a","name":"b","stage":"idee"}'), 400, ['body']);
});

test('invalid UTF-8 and lone surrogates → 400', async () => {
	const bytes = Buffer.concat([Buffer.from('{"name":"'), Buffer.from([0xc3, 0x28]), Buffer.from('","stage":"idee"}')]);
	assertProblem(await postRaw(bytes), 400, ['body']);
	const overlong = Buffer.concat([Buffer.from('{"name":"'), Buffer.from([0xc0, 0xaf]), Buffer.from('","stage":"idee"}')]);
	assertProblem(await postRaw(overlong), 400, ['body']);
	assertProblem(await postRaw('{"name":"\\ud800","stage":"idee"}'), 400, ['body']);
	assertProblem(await postRaw('{"name":"a\\u0000b","stage":"idee"}'), 400, ['body']);
});

test('wrong types → 400 naming every mistyped field', async () => {
	const p = await post({
		name: 5, description: ['x'], sector: {}, stage: 3, ownerId: 'me',
		ambition: { reach: 'veel', targetDate: 20261231, targetGroup: 1, area: true, scalableUnit: 2.5 },
	});
	assertProblem(p, 400, ['name', 'description', 'sector', 'stage', 'ownerId', 'ambition.reach',
		'ambition.targetDate', 'ambition.targetGroup', 'ambition.area', 'ambition.scalableUnit']);
	assertProblem(await post({ name: 'x', stage: 'idee', ambition: 'groot' }), 400, ['ambition']);
	assertProblem(await post({ name: 'x', stage: 'idee', ambition: { reach: 1.5 } }), 400, ['ambition.reach']);
});

test('unknown fields → 400 naming each, top-level and nested', async () => {
	const p = await post({ name: 'x', stage: 'idee', colour: 'blauw', Name: 'y', ambition: { reach: 3, budget: 10 } });
	assertProblem(p, 400, ['colour', 'Name', 'ambition.budget']);
});

test('missing required fields → 400 naming name and stage', async () => {
	assertProblem(await post({}), 400, ['name', 'stage']);
	assertProblem(await post({ name: '   ', stage: 'idee' }), 400, ['name']);
	assertProblem(await post({ name: null, stage: 'idee' }), 400, ['name']);
});

test('bad stage → 400', async () => {
	for (const stage of ['Pilot', 'klaar', '', 'pilot ']) assertProblem(await post({ name: 'x', stage }), 400, ['stage']);
});

test('bad date → 400 (not a date, impossible date, other format)', async () => {
	for (const d of ['morgen', '2026-02-29', '2026-13-01', '31-12-2026', '2026-1-5', '2026-12-31T00:00:00Z', '2026-04-31']) {
		assertProblem(await post({ name: 'x', stage: 'idee', ambition: { targetDate: d } }), 400, ['ambition.targetDate']);
	}
	// A leap day that exists is fine.
	const ok = await post({ name: 'Schrikkeldag', stage: 'idee', ambition: { targetDate: '2028-02-29' } });
	assert.equal(ok.res.status, 201, ok.text);
});

test('negative reach → 400', async () => {
	assertProblem(await post({ name: 'x', stage: 'idee', ambition: { reach: -1 } }), 400, ['ambition.reach']);
	assertProblem(await post({ name: 'x', stage: 'idee', ambition: { reach: -5000 } }), 400, ['ambition.reach']);
});

test('too long text and an owner from outside the organisation → 400', async () => {
	const other = sql(srv.db, "SELECT id FROM users WHERE email='demo@scalelab.test'").trim();
	assert.ok(other);
	const outsider = sql(srv.db,
		`SELECT id FROM users WHERE id NOT IN (SELECT user_id FROM memberships WHERE org_id=(SELECT id FROM organisations WHERE slug='${ORG_A}'))`).trim();
	const body = { name: 'x'.repeat(201), stage: 'idee' };
	if (outsider) body.ownerId = Number(outsider.split('\n')[0]);
	assertProblem(await post(body), 400, outsider ? ['name', 'ownerId'] : ['name']);
	assertProblem(await post({ name: 'x', stage: 'idee', ownerId: 987654 }), 400, ['ownerId']);
});

test('every bad field at once: one response names them all', async () => {
	const before = count();
	const p = await post({
		stage: 'later', extra: 1,
		ambition: { reach: -3, targetDate: '2026-02-30', scalableUnit: 7, foo: 'bar' },
	});
	const body = assertProblem(p, 400, ['name', 'stage', 'extra', 'ambition.reach', 'ambition.targetDate',
		'ambition.scalableUnit', 'ambition.foo']);
	assert.ok(body['invalid-params'].length >= 7);
	assert.equal(count(), before, 'nothing stored');
	// The same through PUT.
	const u = await bearer(srv.base, tok, 'PUT', `/initiatieven/${idA}`, {
		json: { name: '', stage: 'x', ambition: { reach: -1, targetDate: 'nooit' } },
	});
	assertProblem(u, 400, ['name', 'stage', 'ambition.reach', 'ambition.targetDate']);
});

test('wrong Content-Type → 415', async () => {
	for (const ct of ['text/plain', 'application/x-www-form-urlencoded', 'application/jsonx', 'multipart/form-data; boundary=x']) {
		assertProblem(await postRaw('{"name":"x","stage":"idee"}', { headers: { 'Content-Type': ct } }), 415);
	}
	const none = await fetch(srv.base + '/api/v1' + coll, {
		method: 'POST', headers: { Authorization: `Bearer ${tok}` }, body: new Uint8Array(Buffer.from('{"name":"x","stage":"idee"}')),
	});
	assert.equal(none.status, 415);
	// Parameters on the right type are fine.
	const ok = await postRaw('{"name":"Met charset","stage":"idee"}', { headers: { 'Content-Type': 'application/json; charset=utf-8' } });
	assert.equal(ok.res.status, 201, ok.text);
});

test('Accept: text/html on the API → 406', async () => {
	for (const accept of ['text/html', 'text/html, application/xhtml+xml', 'image/png']) {
		assertProblem(await bearer(srv.base, tok, 'GET', '/organisaties', { headers: { Accept: accept } }), 406);
	}
	const ok = await bearer(srv.base, tok, 'GET', '/organisaties', { headers: { Accept: 'text/html, application/json;q=0.9' } });
	assert.equal(ok.res.status, 200);
});

test('unknown or revoked bearer token → 401 with WWW-Authenticate', async () => {
	for (const t of ['slpat_doesnotexist', 'x', tok + 'x']) {
		const r = await bearer(srv.base, t, 'GET', '/organisaties');
		assertProblem(r, 401);
		assert.match(r.res.headers.get('www-authenticate'), /^Bearer/);
	}
	assertProblem(await bearer(srv.base, null, 'GET', '/organisaties'), 401);
	assertProblem(await bearer(srv.base, 'nope', 'POST', coll, { json: { name: 'x', stage: 'idee' } }), 401);
});

test('body too large → 413', async () => {
	const big = JSON.stringify({ name: 'x', stage: 'idee', description: 'a'.repeat(2 * 1024 * 1024) });
	assertProblem(await postRaw(big), 413);
	const bigForm = await fetch(srv.base + '/inloggen', {
		method: 'POST', headers: { 'Content-Type': 'application/x-www-form-urlencoded' }, body: 'a=' + 'b'.repeat(2 * 1024 * 1024),
	});
	assert.equal(bigForm.status, 413);
});

test('forbidden and not found are problems too', async () => {
	const lezer = token(srv.db, LEZER_EMAIL);
	assertProblem(await bearer(srv.base, lezer, 'POST', coll, { json: { name: 'x', stage: 'idee' } }), 403);
	assertProblem(await bearer(srv.base, tok, 'GET', '/initiatieven/0'), 404);
	assertProblem(await bearer(srv.base, tok, 'GET', '/initiatieven/abc'), 404);
	assertProblem(await bearer(srv.base, tok, 'GET', '/organisaties/bestaat-niet'), 404);
	assertProblem(await (await sessionApi(srv.base))('DELETE', '/mij/tokens/999999'), 404);
});

test('members and tokens: every bad field at once', async () => {
	assertProblem(await bearer(srv.base, tok, 'POST', `/organisaties/${ORG_A}/uitnodigingen`, {
		json: { email: 'geen-adres', role: 'koning', extra: true },
	}), 400, ['email', 'role', 'extra']);
	assertProblem(await bearer(srv.base, tok, 'POST', `/organisaties/${ORG_A}/uitnodigingen`, { json: {} }), 400, ['email', 'role']);
	const api = await sessionApi(srv.base);
	assertProblem(await api('POST', '/mij/tokens', { name: '', scope: 'all' }), 400, ['name', 'scope']);
	assertProblem(await api('POST', '/mij/tokens', { name: 'n'.repeat(101) }), 400, ['name']);
});

test('problem text follows Accept-Language', async () => {
	const en = await post({}, { headers: { 'Accept-Language': 'en-GB,en;q=0.9' } });
	assert.equal(assertProblem(en, 400, ['name']).title, 'Invalid input');
	const nl = await post({}, { headers: { 'Accept-Language': 'nl' } });
	assert.equal(assertProblem(nl, 400, ['name']).title, 'Ongeldige invoer');
});

test('a malformed query string → 400 problem', async () => {
	assertProblem(await bearer(srv.base, tok, 'GET', '/organisaties?x=%zz'), 400);
});
