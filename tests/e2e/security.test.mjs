// SPDX-License-Identifier: EUPL-1.2
// Security headers on every kind of response, CSRF (token and Origin) for
// page forms and cookie-authenticated API writes, the central role check,
// 404 on trailing slashes, 405 with Allow, HEAD, and the public documents.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import {
	startServer, Client, loggedIn, bearer, token, csrfOf, sql,
	DEMO_EMAIL, LEZER_EMAIL, BEWERKER_EMAIL, ORG_A, ORG_B,
} from './lib.mjs';

let srv, demoTok, lezerTok, bewerkerTok, idA, idB;
before(async () => {
	srv = await startServer();
	demoTok = token(srv.db, DEMO_EMAIL);
	lezerTok = token(srv.db, LEZER_EMAIL);
	bewerkerTok = token(srv.db, BEWERKER_EMAIL);
	const a = await bearer(srv.base, demoTok, 'GET', `/organisaties/${ORG_A}/initiatieven`);
	const b = await bearer(srv.base, demoTok, 'GET', `/organisaties/${ORG_B}/initiatieven`);
	idA = a.body.initiatives[0].id;
	idB = b.body.initiatives[0].id;
	assert.ok(idA > 0 && idB > 0);
});
after(async () => {
	await srv?.stop();
});

const CSP = "default-src 'self'; object-src 'none'; base-uri 'none'; frame-ancestors 'none'";

function assertSecurityHeaders(res, what, { api = false, cacheable = false } = {}) {
	const h = res.headers;
	const csp = h.get('content-security-policy') || '';
	assert.ok(csp.startsWith(CSP), `${what}: CSP is "${csp}"`);
	assert.ok(!/unsafe-inline|unsafe-eval/.test(csp), `${what}: no inline script allowed`);
	const hsts = /max-age=(\d+)/.exec(h.get('strict-transport-security') || '');
	assert.ok(hsts && Number(hsts[1]) >= 31536000, `${what}: HSTS >= 1 year`);
	assert.equal(h.get('x-content-type-options'), 'nosniff', `${what}: nosniff`);
	assert.ok(h.get('referrer-policy'), `${what}: Referrer-Policy`);
	assert.equal(h.get('x-frame-options'), 'DENY', `${what}: X-Frame-Options`);
	if (cacheable) assert.ok(!/no-store/.test(h.get('cache-control') || ''), `${what}: static is cacheable`);
	else assert.equal(h.get('cache-control'), 'no-store', `${what}: Cache-Control no-store`);
	if (api) assert.match(h.get('api-version') || '', /^\d+\.\d+\.\d+$/, `${what}: API-Version`);
	else assert.equal(h.get('api-version'), null, `${what}: no API-Version outside the API`);
}

test('security headers on pages, redirects, errors, API, problems, openapi and static files', async () => {
	const c = await loggedIn(srv.base);
	const anon = new Client(srv.base);
	const cases = [
		['login page 200', await anon.get('/inloggen')],
		['redirect 303', await anon.get('/')],
		['page 404', await anon.get('/bestaat-niet')],
		['authenticated page 200', await c.get(`/organisaties/${ORG_A}`)],
		['page 403', await (await loggedIn(srv.base, LEZER_EMAIL)).get(`/organisaties/${ORG_A}/initiatieven/nieuw`)],
		['page 405', await anon.req('DELETE', '/inloggen')],
		['accessibility 200', await anon.get('/toegankelijkheid')],
	];
	for (const [what, res] of cases) assertSecurityHeaders(res, what);
	const apiCases = [
		['API 200', (await bearer(srv.base, demoTok, 'GET', '/organisaties')).res],
		['API 401', (await bearer(srv.base, null, 'GET', '/organisaties')).res],
		['API 404', (await bearer(srv.base, demoTok, 'GET', '/nergens')).res],
		['API 400', (await bearer(srv.base, demoTok, 'POST', `/organisaties/${ORG_A}/initiatieven`, { raw: '{' })).res],
		['API 405', (await bearer(srv.base, demoTok, 'PATCH', '/organisaties')).res],
		['API 406', (await bearer(srv.base, demoTok, 'GET', '/organisaties', { headers: { Accept: 'text/html' } })).res],
		['openapi', (await bearer(srv.base, null, 'GET', '/openapi.json')).res],
	];
	for (const [what, res] of apiCases) assertSecurityHeaders(res, what, { api: true });
	const css = await fetch(srv.base + '/static/app.css');
	assert.equal(css.status, 200);
	assertSecurityHeaders(css, 'static', { cacheable: true });
	// Session pages must not be cached anywhere, even by the browser.
	assert.equal(cases[3][1].headers.get('cache-control'), 'no-store');
});

test('openapi.json is public, OpenAPI 3.0.3, with Access-Control-Allow-Origin: *', async () => {
	const { res, body } = await bearer(srv.base, null, 'GET', '/openapi.json');
	assert.equal(res.status, 200);
	assert.match(res.headers.get('content-type'), /^application\/json/);
	assert.equal(res.headers.get('access-control-allow-origin'), '*');
	assert.equal(body.openapi, '3.0.3');
	assert.ok(body.paths['/organisaties/{org}/initiatieven'].post, 'route table is documented');
});

test('/.well-known/security.txt has Contact and a future Expires', async () => {
	const res = await fetch(srv.base + '/.well-known/security.txt');
	assert.equal(res.status, 200);
	assert.match(res.headers.get('content-type'), /^text\/plain/);
	const txt = await res.text();
	assert.match(txt, /^Contact: \S+/m);
	const exp = /^Expires: (\S+)$/m.exec(txt);
	assert.ok(exp, 'Expires present (RFC 9116)');
	assert.ok(Date.parse(exp[1]) > Date.now(), 'Expires is in the future');
});

test('/toegankelijkheid is public and linked from the footer of every page', async () => {
	const anon = new Client(srv.base);
	const res = await anon.get('/toegankelijkheid');
	assert.equal(res.status, 200);
	assert.match(res.text_, /<h1[^>]*>/);
	const login = await anon.get('/inloggen');
	assert.match(login.text_, /href="\/toegankelijkheid"/);
});

test('HEAD gives the GET status and headers without a body', async () => {
	const page = await fetch(srv.base + '/toegankelijkheid', { method: 'HEAD' });
	assert.equal(page.status, 200);
	assert.match(page.headers.get('content-type'), /^text\/html/);
	assert.equal((await page.text()).length, 0);
	assertSecurityHeaders(page, 'HEAD page');
	const api = await fetch(srv.base + `/api/v1/organisaties/${ORG_A}`, {
		method: 'HEAD', headers: { Authorization: `Bearer ${demoTok}` },
	});
	assert.equal(api.status, 200);
	assert.match(api.headers.get('content-type'), /^application\/json/);
	assert.equal((await api.text()).length, 0);
	assertSecurityHeaders(api, 'HEAD api', { api: true });
	const anonApi = await fetch(srv.base + '/api/v1/organisaties', { method: 'HEAD' });
	assert.equal(anonApi.status, 401);
});

test('trailing slash is 404 on pages and the API', async () => {
	const c = await loggedIn(srv.base);
	for (const p of ['/organisaties/', `/organisaties/${ORG_A}/`, '/inloggen/', `/initiatieven/${idA}/`]) {
		const r = await c.get(p);
		assert.equal(r.status, 404, `page ${p}`);
	}
	for (const p of ['/organisaties/', `/organisaties/${ORG_A}/initiatieven/`, `/initiatieven/${idA}/`]) {
		const r = await bearer(srv.base, demoTok, 'GET', p);
		assert.equal(r.res.status, 404, `api ${p}`);
		assert.match(r.res.headers.get('content-type'), /^application\/problem\+json/);
		assert.equal(r.body.status, 404);
	}
	// Without the slash they exist.
	assert.equal((await bearer(srv.base, demoTok, 'GET', '/organisaties')).res.status, 200);
});

test('405 with an Allow header listing the methods of the path', async () => {
	const a = await bearer(srv.base, demoTok, 'PATCH', `/initiatieven/${idA}`);
	assert.equal(a.res.status, 405);
	assert.match(a.res.headers.get('content-type'), /^application\/problem\+json/);
	const allow = a.res.headers.get('allow').split(/,\s*/).sort();
	assert.deepEqual(allow, ['DELETE', 'GET', 'PUT']);
	const b = await bearer(srv.base, demoTok, 'DELETE', '/organisaties');
	assert.equal(b.res.status, 405);
	assert.equal(b.res.headers.get('allow'), 'GET');
	const o = await bearer(srv.base, null, 'POST', '/openapi.json', { json: {} });
	assert.equal(o.res.status, 405);
	assert.equal(o.res.headers.get('allow'), 'GET');
	const p = await new Client(srv.base).req('PUT', '/inloggen');
	assert.equal(p.status, 405);
	assert.deepEqual(p.headers.get('allow').split(/,\s*/).sort(), ['GET', 'POST']);
});

test('roles: a lezer gets 403 on writes (API by token and cookie, page form)', async () => {
	const body = { name: 'Mag niet', stage: 'idee' };
	const before = sql(srv.db, 'SELECT count(*) FROM initiatives').trim();
	const r1 = await bearer(srv.base, lezerTok, 'POST', `/organisaties/${ORG_A}/initiatieven`, { json: body });
	assert.equal(r1.res.status, 403);
	assert.match(r1.res.headers.get('content-type'), /^application\/problem\+json/);
	const r2 = await bearer(srv.base, lezerTok, 'PUT', `/initiatieven/${idA}`, { json: body });
	assert.equal(r2.res.status, 403);
	const c = await loggedIn(srv.base, LEZER_EMAIL);
	const csrf = await c.csrfFrom('/');
	const r3 = await c.api('POST', `/organisaties/${ORG_A}/initiatieven`, body, { csrf });
	assert.equal(r3.status, 403);
	const r4 = await c.form(`/organisaties/${ORG_A}/initiatieven`, { _csrf: csrf, ...body });
	assert.equal(r4.status, 403);
	assert.match(r4.headers.get('content-type'), /^text\/html/);
	assert.equal((await c.get(`/organisaties/${ORG_A}/initiatieven/nieuw`)).status, 403);
	assert.equal((await c.get(`/initiatieven/${idA}/bewerken`)).status, 403);
	// Reading is allowed.
	assert.equal((await c.get(`/initiatieven/${idA}`)).status, 200);
	assert.equal((await bearer(srv.base, lezerTok, 'GET', `/initiatieven/${idA}`)).res.status, 200);
	assert.equal(sql(srv.db, 'SELECT count(*) FROM initiatives').trim(), before, 'nothing was created');
});

test('roles: a bewerker cannot delete (beheerder only) nor manage members', async () => {
	const d = await bearer(srv.base, bewerkerTok, 'DELETE', `/initiatieven/${idA}`);
	assert.equal(d.res.status, 403);
	const m = await bearer(srv.base, bewerkerTok, 'GET', `/organisaties/${ORG_A}/leden`);
	assert.equal(m.res.status, 403);
	assert.equal((await bearer(srv.base, demoTok, 'GET', `/initiatieven/${idA}`)).res.status, 200);
});

test("roles: a member of org A gets 404 for org B's initiative, via API and page", async () => {
	for (const tok of [lezerTok, bewerkerTok]) {
		const r = await bearer(srv.base, tok, 'GET', `/initiatieven/${idB}`);
		assert.equal(r.res.status, 404);
		assert.match(r.res.headers.get('content-type'), /^application\/problem\+json/);
		assert.equal((await bearer(srv.base, tok, 'PUT', `/initiatieven/${idB}`, { json: { name: 'x', stage: 'idee' } })).res.status, 404);
		assert.equal((await bearer(srv.base, tok, 'GET', `/organisaties/${ORG_B}`)).res.status, 404);
		assert.equal((await bearer(srv.base, tok, 'GET', `/organisaties/${ORG_B}/initiatieven`)).res.status, 404);
	}
	const c = await loggedIn(srv.base, BEWERKER_EMAIL);
	assert.equal((await c.get(`/initiatieven/${idB}`)).status, 404);
	assert.equal((await c.get(`/initiatieven/${idB}/bewerken`)).status, 404);
	assert.equal((await c.get(`/organisaties/${ORG_B}`)).status, 404);
	const csrf = await c.csrfFrom('/');
	const w = await c.form(`/initiatieven/${idB}/bewerken`, { _csrf: csrf, name: 'overgenomen', stage: 'idee' });
	assert.equal(w.status, 404);
	// The same 404 as for an id that does not exist: nothing leaks.
	assert.equal((await bearer(srv.base, bewerkerTok, 'GET', '/initiatieven/999999')).res.status, 404);
	// The member of B sees it.
	assert.equal((await bearer(srv.base, demoTok, 'GET', `/initiatieven/${idB}`)).res.status, 200);
	assert.ok(!sql(srv.db, 'SELECT name FROM initiatives').includes('overgenomen'));
});

test('CSRF on a page form: missing token, wrong token, foreign Origin, cross-site fetch → 403', async () => {
	const c = await loggedIn(srv.base);
	const csrf = await c.csrfFrom(`/organisaties/${ORG_A}/initiatieven/nieuw`);
	const path = `/organisaties/${ORG_A}/initiatieven`;
	const f = { name: 'CSRF-doelwit', stage: 'idee' };
	const miss = await c.form(path, f);
	assert.equal(miss.status, 403);
	const wrong = await c.form(path, { ...f, _csrf: csrf.slice(0, -2) + (csrf.endsWith('AA') ? 'BB' : 'AA') });
	assert.equal(wrong.status, 403);
	const foreign = await c.form(path, { ...f, _csrf: csrf }, { origin: 'https://evil.example' });
	assert.equal(foreign.status, 403);
	const nullOrigin = await c.form(path, { ...f, _csrf: csrf }, { origin: 'null' });
	assert.equal(nullOrigin.status, 403);
	const site = await c.form(path, { ...f, _csrf: csrf }, { headers: { 'Sec-Fetch-Site': 'cross-site' } });
	assert.equal(site.status, 403);
	// Another user's token does not fit this session.
	const other = await loggedIn(srv.base, BEWERKER_EMAIL);
	const otherTok = await other.csrfFrom('/');
	assert.equal((await c.form(path, { ...f, _csrf: otherTok })).status, 403);
	assert.equal(sql(srv.db, "SELECT count(*) FROM initiatives WHERE name='CSRF-doelwit'").trim(), '0');
	const denied = sql(srv.db, "SELECT count(*) FROM audit_log WHERE action='csrf' AND result='denied'").trim();
	assert.ok(Number(denied) >= 6, 'CSRF refusals are audited');
	// Positive control: same request with the token and our own Origin works.
	const ok = await c.form(path, { ...f, _csrf: csrf });
	assert.equal(ok.status, 303);
});

test('CSRF on a cookie-authenticated API write: missing token or foreign Origin → 403', async () => {
	const c = await loggedIn(srv.base);
	const csrf = await c.csrfFrom('/');
	const path = `/organisaties/${ORG_A}/initiatieven`;
	const body = { name: 'API-CSRF-doelwit', stage: 'idee' };
	const miss = await c.api('POST', path, body);
	assert.equal(miss.status, 403);
	assert.match(miss.headers.get('content-type'), /^application\/problem\+json/);
	const foreign = await c.api('POST', path, body, { csrf, origin: 'https://evil.example' });
	assert.equal(foreign.status, 403);
	const wrongPort = await c.api('POST', path, body, { csrf, origin: 'http://127.0.0.1:1' });
	assert.equal(wrongPort.status, 403);
	const del = await c.api('DELETE', `/initiatieven/${idA}`, undefined, { origin: srv.base });
	assert.equal(del.status, 403, 'DELETE needs the token too');
	assert.equal(sql(srv.db, "SELECT count(*) FROM initiatives WHERE name='API-CSRF-doelwit'").trim(), '0');
	const ok = await c.api('POST', path, body, { csrf, origin: srv.base });
	assert.equal(ok.status, 201);
	// A bearer token is not ambient authority: no CSRF token needed.
	const b = await bearer(srv.base, demoTok, 'POST', path, { json: { name: 'Met token', stage: 'idee' } });
	assert.equal(b.res.status, 201);
});

test('no state change on GET: a GET to a write-only path changes nothing', async () => {
	const c = await loggedIn(srv.base);
	const r = await c.get(`/mij/tokens/1/intrekken`);
	assert.equal(r.status, 405);
	const u = await c.get('/uitloggen');
	assert.equal(u.status, 405);
	assert.equal((await c.get('/')).status, 200, 'still logged in');
});
