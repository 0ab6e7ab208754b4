// SPDX-License-Identifier: EUPL-1.2
// Smaller hardening findings of issue 17: an encoded NUL does not cut the
// path, an id has one spelling (no leading zero), unknown body members
// starting with "_" are refused (only a page form's _csrf is allowed).
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { request } from 'node:http';
import { startServer, Client, bearer, sessionApi, token, assertProblem, DEMO_EMAIL, ORG_A } from './lib.mjs';

let srv, tok, id;
before(async () => {
	srv = await startServer();
	tok = token(srv.db, DEMO_EMAIL);
	const list = await bearer(srv.base, tok, 'GET', `/organisaties/${ORG_A}/initiatieven`);
	id = list.body.initiatives[0].id;
	assert.ok(id > 0);
});
after(async () => {
	await srv?.stop();
});

/** GET with the path sent exactly as written (no client normalising). */
function rawGet(path, headers = {}) {
	const url = new URL(srv.base);
	return new Promise((ok, fail) => {
		const req = request({ host: url.hostname, port: url.port, path, method: 'GET', headers }, (res) => {
			const parts = [];
			res.on('data', (d) => parts.push(d));
			res.on('end', () => ok({ status: res.statusCode, headers: res.headers, body: Buffer.concat(parts).toString() }));
		});
		req.on('error', fail);
		req.end();
	});
}

test('%00 in the path is refused, not cut: /static/app.css%00.js serves no CSS', async () => {
	const css = await rawGet('/static/app.css');
	assert.equal(css.status, 200, 'the file itself exists');
	for (const p of ['/static/app.css%00.js', '/static/app.css%00', '/toegankelijkheid%00.txt']) {
		const r = await rawGet(p);
		assert.equal(r.status, 400, `${p}: ${r.status}`);
		assert.doesNotMatch(r.headers['content-type'] || '', /text\/css/, p);
		assert.equal(r.headers['x-content-type-options'], 'nosniff', `${p}: security headers`);
	}
	const api = await rawGet(`/api/v1/initiatieven/${id}%00`, { Accept: 'application/json', Authorization: `Bearer ${tok}` });
	assert.equal(api.status, 400);
	assert.match(api.headers['content-type'], /^application\/problem\+json/);
});

test('an id with a leading zero is no second name of the object: 404', async () => {
	assert.equal((await bearer(srv.base, tok, 'GET', `/initiatieven/${id}`)).res.status, 200);
	for (const p of [`/initiatieven/0${id}`, `/initiatieven/00${id}`, `/initiatieven/+${id}`]) {
		const r = await bearer(srv.base, tok, 'GET', p);
		assertProblem(r, 404);
	}
	const me = await bearer(srv.base, tok, 'GET', '/mij/tokens');
	if (me.res.status === 200 && me.body.tokens?.length) {
		const tid = me.body.tokens[0].id;
		assert.equal((await (await sessionApi(srv.base))('DELETE', `/mij/tokens/0${tid}`)).res.status, 404, 'token 0<id>');
	}
	const page = await new Client(srv.base).get(`/initiatieven/0${id}`);
	assert.ok(page.status === 404 || page.status === 303, `page: ${page.status}`);
});

test('unknown members starting with "_" are refused in JSON, and on forms all but _csrf', async () => {
	const r = await bearer(srv.base, tok, 'POST', `/organisaties/${ORG_A}/initiatieven`, {
		json: { name: 'Onderstreept', stage: 'idee', _csrf: 'x', _admin: true },
	});
	assertProblem(r, 400, ['_csrf', '_admin']);
	// a page form: the login form with an extra "_admin" is refused, not signed in
	const c = new Client(srv.base);
	const csrf = await c.csrfFrom('/inloggen');
	const res = await c.form('/inloggen', { _csrf: csrf, next: '/', email: DEMO_EMAIL, password: 'demo-opschalen-2026', _admin: '1' });
	assert.equal(res.status, 400);
	assert.ok(!c.jar.get('__Host-sl_session'), 'no session');
});
