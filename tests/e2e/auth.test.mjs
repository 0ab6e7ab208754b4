// SPDX-License-Identifier: EUPL-1.2
// Login, session renewal, logout, language choice and the audit trail of
// a login, against the real binary.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import {
	startServer, Client, Jar, login, loggedIn, csrfOf, sql, cli,
	DEMO_EMAIL, DEMO_PASSWORD, ORG_A,
} from './lib.mjs';

let srv;
before(async () => {
	srv = await startServer();
});
after(async () => {
	await srv?.stop();
});

test('login page flow: form token, 303 to next, session cookie with __Host- attributes', async () => {
	const c = new Client(srv.base);
	const page = await c.get('/inloggen');
	assert.equal(page.status, 200);
	assert.match(page.headers.get('content-type'), /^text\/html/);
	assert.match(page.text_, /<html lang="nl"/);
	const pre = c.jar.get('__Host-sl_pre');
	assert.ok(pre, 'pre-login cookie binds the form token');
	const tok = csrfOf(page.text_);
	assert.ok(tok);
	const res = await c.form('/inloggen', {
		_csrf: tok, next: `/organisaties/${ORG_A}`, email: DEMO_EMAIL, password: DEMO_PASSWORD,
	});
	assert.equal(res.status, 303);
	assert.equal(res.headers.get('location'), `/organisaties/${ORG_A}`);
	const sc = res.headers.getSetCookie().find((s) => s.startsWith('__Host-sl_session='));
	assert.ok(sc, 'session cookie issued');
	for (const attr of ['HttpOnly', 'Secure', 'SameSite=Lax', 'Path=/']) assert.ok(sc.includes(attr), `${attr} in ${sc}`);
	assert.ok(!/Domain=/i.test(sc), '__Host- cookies carry no Domain');
	const sid = c.jar.get('__Host-sl_session');
	assert.notEqual(sid, pre, 'the session id is not the pre-login value');
	assert.ok(sid.length >= 32, 'session id has enough entropy to be unguessable');
	const home = await c.get(`/organisaties/${ORG_A}`);
	assert.equal(home.status, 200);
	assert.match(home.text_, /Buurtteam Jeugd Noord/);
});

test('an external "next" is not followed after login', async () => {
	const c = new Client(srv.base);
	const tok = await c.csrfFrom('/inloggen');
	const res = await c.form('/inloggen', { _csrf: tok, next: '//evil.example/x', email: DEMO_EMAIL, password: DEMO_PASSWORD });
	assert.equal(res.status, 303);
	assert.equal(res.headers.get('location'), '/');
});

test('"next" that a browser would turn into another host is not followed', async () => {
	// Browsers drop tabs and newlines inside URLs and treat "\\" like "/", so
	// each of these would become "//evil.example" if sent back in Location.
	for (const next of ['/\t/evil.example', '/\n/evil.example', '/\\evil.example', '/\x01/evil.example', 'https://evil.example', '/\r\nSet-Cookie: x=y']) {
		const c = new Client(srv.base);
		const tok = await c.csrfFrom('/inloggen');
		const res = await c.form('/inloggen', { _csrf: tok, next, email: DEMO_EMAIL, password: DEMO_PASSWORD });
		assert.equal(res.status, 303, JSON.stringify(next));
		assert.equal(res.headers.get('location'), '/', `next=${JSON.stringify(next)}`);
		assert.equal(res.headers.get('set-cookie')?.includes('x=y'), false);
	}
	const c = new Client(srv.base);
	const tok = await c.csrfFrom('/inloggen');
	const res = await c.form('/taal', { _csrf: tok, lang: 'en', next: '/\t/evil.example' });
	assert.equal(res.headers.get('location'), '/');
});

test('the next parameter is escaped in the login form', async () => {
	const res = await new Client(srv.base).get('/inloggen?next=' + encodeURIComponent('/x"><script>alert(1)</script>'));
	assert.equal(res.status, 200);
	assert.ok(!res.text_.includes('<script>alert(1)'), 'no markup injected');
	assert.match(res.text_, /&quot;&gt;&lt;script&gt;/);
});

test('wrong password: 401 page with the form again, no session', async () => {
	const c = new Client(srv.base);
	const res = await login(c, DEMO_EMAIL, 'not-the-password');
	assert.equal(res.status, 401);
	assert.match(res.text_, /<form[^>]+action="\/inloggen"/);
	assert.equal(c.jar.get('__Host-sl_session'), undefined);
});

test('login form without the CSRF token is refused with 403', async () => {
	const c = new Client(srv.base);
	await c.get('/inloggen');
	const res = await c.form('/inloggen', { email: DEMO_EMAIL, password: DEMO_PASSWORD });
	assert.equal(res.status, 403);
	assert.equal(c.jar.get('__Host-sl_session'), undefined);
});

test('a new session id at login: a prior session cookie is replaced and dies', async () => {
	const c = await loggedIn(srv.base);
	const first = c.jar.get('__Host-sl_session');
	const old = c.jar.clone();
	const res = await login(c); // logging in again while signed in
	assert.equal(res.status, 303);
	const second = c.jar.get('__Host-sl_session');
	assert.ok(second);
	assert.notEqual(second, first, 'session id changes at login');
	const stale = await new Client(srv.base, old).get('/organisaties');
	assert.equal(stale.status, 303, 'the replaced session no longer works');
	assert.match(stale.headers.get('location'), /^\/inloggen/);
	const fresh = await c.get('/organisaties');
	assert.equal(fresh.status, 200);
});

test('a session id planted before login is not adopted (fixation)', async () => {
	const jar = new Jar();
	jar.c.set('__Host-sl_session', 'attacker-chosen-value-0123456789abcdef');
	const c = new Client(srv.base, jar);
	const res = await login(c);
	assert.equal(res.status, 303);
	assert.notEqual(c.jar.get('__Host-sl_session'), 'attacker-chosen-value-0123456789abcdef');
	const planted = new Jar();
	planted.c.set('__Host-sl_session', 'attacker-chosen-value-0123456789abcdef');
	const r = await new Client(srv.base, planted).get('/organisaties');
	assert.equal(r.status, 303);
});

test('logout kills the session: the old cookie no longer works on pages or the API', async () => {
	const c = await loggedIn(srv.base);
	const old = c.jar.clone();
	const tok = await c.csrfFrom('/');
	const res = await c.form('/uitloggen', { _csrf: tok });
	assert.equal(res.status, 303);
	assert.equal(res.headers.get('location'), '/inloggen');
	const cleared = res.headers.getSetCookie().find((s) => s.startsWith('__Host-sl_session='));
	assert.match(cleared, /Max-Age=0/);
	const replay = new Client(srv.base, old);
	const page = await replay.get('/');
	assert.equal(page.status, 303);
	assert.match(page.headers.get('location'), /^\/inloggen\?next=/);
	const api = await replay.api('GET', '/organisaties');
	assert.equal(api.status, 401);
	assert.match(api.headers.get('content-type'), /^application\/problem\+json/);
});

test('anonymous page request is redirected to the login page with next', async () => {
	const res = await new Client(srv.base).get(`/organisaties/${ORG_A}/initiatieven`);
	assert.equal(res.status, 303);
	assert.equal(res.headers.get('location'), `/inloggen?next=${encodeURIComponent(`/organisaties/${ORG_A}/initiatieven`)}`);
});

test('language switch: English UI after POST /taal, Dutch by default', async () => {
	const c = await loggedIn(srv.base);
	const nl = await c.get('/');
	assert.match(nl.text_, /<html lang="nl"/);
	const tok = csrfOf(nl.text_);
	const res = await c.form('/taal', { _csrf: tok, lang: 'en', next: '/toegankelijkheid' });
	assert.equal(res.status, 303);
	assert.equal(res.headers.get('location'), '/toegankelijkheid');
	assert.equal(c.jar.get('__Host-sl_lang'), 'en');
	const en = await c.get('/');
	assert.match(en.text_, /<html lang="en"/);
	assert.match(en.text_, /<title>Overview/);
	const a11y = await c.get('/toegankelijkheid');
	assert.match(a11y.text_, /<title>Accessibility/);
	// And back.
	const back = await c.form('/taal', { _csrf: csrfOf(en.text_), lang: 'nl', next: '/' });
	assert.equal(back.status, 303);
	const nl2 = await c.get('/');
	assert.match(nl2.text_, /<html lang="nl"/);
});

test('language switch works before login too, and rejects unknown languages', async () => {
	const c = new Client(srv.base);
	const tok = await c.csrfFrom('/inloggen');
	const res = await c.form('/taal', { _csrf: tok, lang: 'en', next: '/inloggen' });
	assert.equal(res.status, 303);
	const page = await c.get('/inloggen');
	assert.match(page.text_, /<title>Log in/);
	const bad = await c.form('/taal', { _csrf: csrfOf(page.text_), lang: 'xx', next: '/' });
	assert.equal(bad.status, 400);
});

test('audit log records login success and failure without the password', async () => {
	const c = new Client(srv.base);
	const secretTry = 'wrong-password-Zq9vX3';
	assert.equal((await login(c, DEMO_EMAIL, secretTry)).status, 401);
	assert.equal((await login(c)).status, 303);
	const rows = sql(srv.db, "SELECT action||'|'||result||'|'||object||'|'||origin||'|'||at FROM audit_log WHERE action='login'");
	assert.match(rows, /^login\|denied\|demo@scalelab\.test\|127\.0\.0\.1\|\d{4}-\d\d-\d\dT\d\d:\d\d:\d\dZ$/m);
	assert.match(rows, /^login\|ok\|demo@scalelab\.test\|127\.0\.0\.1\|/m);
	const all = sql(srv.db, 'SELECT * FROM audit_log');
	assert.ok(!all.includes(DEMO_PASSWORD), 'no password in the audit log');
	assert.ok(!all.includes(secretTry), 'no attempted password in the audit log');
	const dump = cli(['export', '--db', srv.db]);
	assert.ok(!dump.includes(DEMO_PASSWORD));
	assert.ok(!dump.includes(secretTry));
});

test('sessions expire: idle timeout and absolute timeout end the session', async () => {
	const idle = await startServer({ env: { SCALELAB_SESSION_IDLE: '1' } });
	try {
		const c = await loggedIn(idle.base);
		assert.equal((await c.get('/organisaties')).status, 200);
		await new Promise((r) => setTimeout(r, 2500));
		const r = await c.get('/organisaties');
		assert.equal(r.status, 303, 'idle session is gone');
		assert.match(r.headers.get('location'), /^\/inloggen/);
	} finally {
		await idle.stop();
	}
	const max = await startServer({ env: { SCALELAB_SESSION_MAX: '2' } });
	try {
		const c = await loggedIn(max.base);
		const t0 = Date.now();
		let alive = true;
		while (alive && Date.now() - t0 < 6000) {
			await new Promise((r) => setTimeout(r, 400));
			alive = (await c.get('/organisaties')).status === 200; // activity does not extend it
		}
		assert.equal(alive, false, 'an active session still ends at the absolute timeout');
		assert.ok(Date.now() - t0 >= 1500, 'not before its time');
	} finally {
		await max.stop();
	}
});
