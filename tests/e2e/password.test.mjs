// SPDX-License-Identifier: EUPL-1.2
// Password rules and changing your own password (issue 17, Accounts): the
// CLI refuses short, common, personal and over-long passwords (never cut
// short); a signed-in person changes their password with the current one
// (a wrong one counts as a failed login), after which the old password, the
// person's tokens and other sessions stop working and this session goes on;
// a token cannot change a password; the page keeps the form on an error.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import {
	startServer, login, bearer, token, cli, assertProblem, Client, BIN, ORG_A,
} from './lib.mjs';

let srv;
const EMAIL = 'wisselaar@scalelab.test';
const FIRST = 'zonnebloem-rivier-77';
const SECOND = 'paarse-olifant-op-dak';

function userAdd(email, name, pw) {
	try {
		execFileSync(BIN, ['user', 'add', '--db', srv.db, '--email', email, '--name', name, '--org', ORG_A, '--role', 'lezer'],
			{ input: pw + '\n', encoding: 'utf8', stdio: ['pipe', 'pipe', 'pipe'] });
		return { code: 0, err: '' };
	} catch (e) {
		return { code: e.status, err: e.stderr };
	}
}

before(async () => {
	srv = await startServer();
});
after(async () => {
	await srv?.stop();
});

test('CLI: the rules hold for user add, with the reason; a long password is refused, never cut', () => {
	let r = userAdd('a@scalelab.test', 'Anna', 'kort-maar-1');
	assert.equal(r.code, 2);
	assert.match(r.err, /at least 12 characters/);
	r = userAdd('a@scalelab.test', 'Anna', 'Wachtwoord2026!');
	assert.equal(r.code, 2);
	assert.match(r.err, /commonly used and leaked/);
	r = userAdd('a@scalelab.test', 'Anna Jansen', 'jansen-is-de-naam');
	assert.equal(r.code, 2);
	assert.match(r.err, /your name/);
	r = userAdd('a@scalelab.test', 'Anna', 'x'.repeat(5) + 'abcdefghij'.repeat(110));
	assert.equal(r.code, 2, 'over-long: refused');
	assert.equal(userAdd(EMAIL, 'Wim Wissel', FIRST).code, 0);
});

test('a person changes their password: old one, tokens and other sessions stop; this session goes on', async () => {
	const here = new Client(srv.base);
	assert.equal((await login(here, EMAIL, FIRST)).status, 303);
	const elsewhere = new Client(srv.base);
	assert.equal((await login(elsewhere, EMAIL, FIRST)).status, 303);
	const tok = token(srv.db, EMAIL);
	assert.equal((await bearer(srv.base, tok, 'GET', '/organisaties')).res.status, 200);

	const csrf = await here.csrfFrom('/mij/wachtwoord');
	const call = async (json) => {
		const res = await here.api('POST', '/mij/wachtwoord', json, { csrf, origin: srv.base });
		return { res, body: JSON.parse(res.text_ || 'null'), text: res.text_ };
	};
	assertProblem(await call({ currentPassword: 'niet-het-goede-1', newPassword: SECOND }), 400, ['currentPassword']);
	assertProblem(await call({ currentPassword: FIRST, newPassword: 'qwerty123456' }), 400, ['newPassword']);
	assertProblem(await call({ currentPassword: FIRST, newPassword: FIRST }), 400, ['newPassword']);
	assertProblem(await call({ currentPassword: FIRST }), 400, ['newPassword']);
	// a token may not change a password
	const t = await bearer(srv.base, tok, 'POST', '/mij/wachtwoord', { json: { currentPassword: FIRST, newPassword: SECOND } });
	assert.equal(t.res.status, 403);

	const ok = await call({ currentPassword: FIRST, newPassword: SECOND });
	assert.equal(ok.res.status, 200, ok.text);
	assert.deepEqual(ok.body, { changed: true });

	assert.equal((await here.get('/mij/tokens')).status, 200, 'this session goes on');
	assert.equal((await elsewhere.get('/mij/tokens')).status, 303, 'the other session ended');
	assert.equal((await bearer(srv.base, tok, 'GET', '/organisaties')).res.status, 401, 'tokens revoked');
	assert.equal((await login(new Client(srv.base), EMAIL, FIRST)).status, 401, 'old password refused');
	assert.equal((await login(new Client(srv.base), EMAIL, SECOND)).status, 303, 'new password works');
});

test('page: a mismatch keeps the form with the field marked; success shows a confirmation', async () => {
	const c = new Client(srv.base);
	assert.equal((await login(c, EMAIL, SECOND)).status, 303);
	const csrf = await c.csrfFrom('/mij/wachtwoord');
	const bad = await c.form('/mij/wachtwoord', { _csrf: csrf, currentPassword: SECOND, newPassword: 'groene-appel-boom-4', repeatPassword: 'groene-appel-boom-5' });
	assert.equal(bad.status, 400);
	assert.match(bad.text_, /id="repeatPassword"[^>]*aria-invalid="true"/);
	assert.match(bad.text_, /niet gelijk/);
	const good = await c.form('/mij/wachtwoord', { _csrf: csrf, currentPassword: SECOND, newPassword: 'groene-appel-boom-4', repeatPassword: 'groene-appel-boom-4' });
	assert.equal(good.status, 303);
	assert.equal(good.headers.get('location'), '/mij/wachtwoord?gewijzigd=1');
	const shown = await c.get('/mij/wachtwoord?gewijzigd=1');
	assert.match(shown.text_, /is gewijzigd/);
});
