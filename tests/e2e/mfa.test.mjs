// SPDX-License-Identifier: EUPL-1.2
// Two-step sign-in (issue 17, Accounts) with codes computed here from the
// secret the page shows (RFC 6238 with node's own HMAC-SHA1, not our C):
// with the default policy a beheerder must set it up before anything else
// (pages redirect, session API 403, tokens unaffected), a lezer need not;
// set-up confirms with a code and shows ten recovery codes once; signing in
// then asks for a code after the password (no session before it); a used
// code is refused (replay), a recovery code works once, a forged ticket is
// refused, a beheerder cannot turn it off, a lezer can (with the password).
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { createHmac } from 'node:crypto';
import {
	startServer, login, token, bearer, sql, csrfOf, Client, DEMO_EMAIL, DEMO_PASSWORD, LEZER_EMAIL, ORG_A,
} from './lib.mjs';

let srv;

function base32(s) {
	const alphabet = 'ABCDEFGHIJKLMNOPQRSTUVWXYZ234567';
	let bits = '';
	for (const ch of s.replace(/\s+/g, '')) bits += alphabet.indexOf(ch).toString(2).padStart(5, '0');
	const bytes = [];
	for (let i = 0; i + 8 <= bits.length; i += 8) bytes.push(parseInt(bits.slice(i, i + 8), 2));
	return Buffer.from(bytes);
}

function totp(key, t = Date.now() / 1000) {
	const msg = Buffer.alloc(8);
	msg.writeBigUInt64BE(BigInt(Math.floor(t / 30)));
	const h = createHmac('sha1', key).update(msg).digest();
	const o = h[19] & 15;
	const n = ((h[o] & 0x7f) << 24) | (h[o + 1] << 16) | (h[o + 2] << 8) | h[o + 3];
	return String(n % 1e6).padStart(6, '0');
}

async function passwordStep(email, password = DEMO_PASSWORD) {
	const c = new Client(srv.base);
	const res = await login(c, email, password);
	return { c, res };
}

async function enrol(c) {
	const csrf = await c.csrfFrom('/mij/tweestaps');
	let r = await c.form('/mij/tweestaps/instellen', { _csrf: csrf });
	assert.equal(r.status, 303);
	const page = await c.get('/mij/tweestaps');
	assert.match(page.text_, /class="sl-qr" role="img"[^>]*><svg/, 'a QR code');
	const secret = /id="geheim">([A-Z2-7 ]+)</.exec(page.text_)[1];
	const key = base32(secret);
	assert.equal(key.length, 20, '160-bit secret');
	r = await c.form('/mij/tweestaps/bevestigen', { _csrf: csrf, code: '000000' === totp(key) ? '111111' : '000000' });
	assert.equal(r.status, 400, 'a wrong code is refused');
	assert.match(r.text_, /id="code"[^>]*aria-invalid="true"/);
	r = await c.form('/mij/tweestaps/bevestigen', { _csrf: csrf, code: totp(key) });
	assert.equal(r.status, 200);
	const codes = [...r.text_.matchAll(/<li><code>([a-z2-9]{5}-[a-z2-9]{5})<\/code><\/li>/g)].map((m) => m[1]);
	assert.equal(codes.length, 10, 'ten recovery codes shown once');
	return { key, codes };
}

before(async () => {
	srv = await startServer({ args: ['--require-mfa', 'beheerder'] });
});
after(async () => {
	await srv?.stop();
});

let demo; // { key, codes }

test('a beheerder must set it up first; a lezer need not; tokens are not affected', async () => {
	const { c, res } = await passwordStep(DEMO_EMAIL);
	assert.equal(res.status, 303);
	let r = await c.get(`/organisaties/${ORG_A}`);
	assert.equal(r.status, 303);
	assert.equal(r.headers.get('location'), '/mij/tweestaps');
	const csrf = csrfOf((await c.get('/mij/tweestaps')).text_);
	r = await c.api('GET', '/organisaties', undefined, { csrf });
	assert.equal(r.status, 403);
	assert.match(r.text_, /tweestaps/);
	assert.equal((await bearer(srv.base, token(srv.db, DEMO_EMAIL), 'GET', '/organisaties')).res.status, 200);
	const lz = await passwordStep(LEZER_EMAIL);
	assert.equal((await lz.c.get(`/organisaties/${ORG_A}`)).status, 200);

	demo = await enrol(c);
	assert.equal((await c.get(`/organisaties/${ORG_A}`)).status, 200, 'free to go on once set up');
	const status = await c.api('GET', '/mij/tweestaps', undefined, { csrf });
	assert.deepEqual(JSON.parse(status.text_), { enabled: true, pending: false, recoveryCodesLeft: 10, required: true });
	assert.equal(sql(srv.db, "SELECT count(*) FROM audit_log WHERE action='mfa.confirm' AND result='ok'").trim(), '1');
	assert.equal(sql(srv.db, 'SELECT count(*) FROM user_totp WHERE confirmed_at IS NOT NULL').trim(), '1');
	assert.doesNotMatch(sql(srv.db, 'SELECT hex(secret_box) FROM user_totp'), new RegExp(demo.key.toString('hex'), 'i'), 'the secret is stored sealed');
});

test('signing in asks for a code after the password; a used code and a forged ticket are refused', async () => {
	const { c, res } = await passwordStep(DEMO_EMAIL);
	assert.equal(res.status, 200, 'the second step is a page, not a redirect');
	assert.match(res.text_, /action="\/inloggen\/code"/);
	assert.equal((await c.get('/mij/tokens')).status, 303, 'no session before the code');
	const ticket = /name="ticket" value="([^"]+)"/.exec(res.text_)[1];
	const csrf = csrfOf(res.text_);
	let r = await c.form('/inloggen/code', { _csrf: csrf, ticket, next: '/mij/tokens', code: '12345' });
	assert.equal(r.status, 400);
	assert.match(r.text_, new RegExp(`name="ticket" value="${ticket.replace(/\./g, '\\.')}"`), 'the form again, same ticket');
	const code = totp(demo.key, Date.now() / 1000 + 30); // the next step: the confirm used this one
	r = await c.form('/inloggen/code', { _csrf: csrf, ticket, next: '/mij/tokens', code });
	assert.equal(r.status, 303);
	assert.equal(r.headers.get('location'), '/mij/tokens');
	assert.equal((await c.get('/mij/tokens')).status, 200);

	const again = await passwordStep(DEMO_EMAIL);
	const t2 = /name="ticket" value="([^"]+)"/.exec(again.res.text_)[1];
	r = await again.c.form('/inloggen/code', { _csrf: csrfOf(again.res.text_), ticket: t2, code });
	assert.equal(r.status, 400, 'a code is used once');
	const [uid, exp, mac] = t2.split('.');
	r = await again.c.form('/inloggen/code', { _csrf: csrfOf(again.res.text_), ticket: `${Number(uid) + 1}.${exp}.${mac}`, code: totp(demo.key) });
	assert.equal(r.status, 410, 'a forged ticket');
});

test('a recovery code works once; a beheerder cannot turn two steps off, a lezer can', async () => {
	const first = await passwordStep(DEMO_EMAIL);
	const ticket = /name="ticket" value="([^"]+)"/.exec(first.res.text_)[1];
	let r = await first.c.form('/inloggen/code', { _csrf: csrfOf(first.res.text_), ticket, code: demo.codes[3].toUpperCase() });
	assert.equal(r.status, 303, 'recovery code accepted (any case)');
	const second = await passwordStep(DEMO_EMAIL);
	const t2 = /name="ticket" value="([^"]+)"/.exec(second.res.text_)[1];
	r = await second.c.form('/inloggen/code', { _csrf: csrfOf(second.res.text_), ticket: t2, code: demo.codes[3] });
	assert.equal(r.status, 400, 'used once');
	const csrf = await first.c.csrfFrom('/mij/tweestaps');
	r = await first.c.form('/mij/tweestaps/uitzetten', { _csrf: csrf, currentPassword: DEMO_PASSWORD });
	assert.equal(r.status, 409);

	const lz = await passwordStep(LEZER_EMAIL);
	const mine = await enrol(lz.c);
	assert.equal(mine.codes.length, 10);
	const lcsrf = await lz.c.csrfFrom('/mij/tweestaps');
	r = await lz.c.form('/mij/tweestaps/uitzetten', { _csrf: lcsrf, currentPassword: 'fout-wachtwoord-1' });
	assert.equal(r.status, 400);
	r = await lz.c.form('/mij/tweestaps/uitzetten', { _csrf: lcsrf, currentPassword: DEMO_PASSWORD });
	assert.equal(r.status, 303);
	assert.equal((await login(new Client(srv.base), LEZER_EMAIL)).status, 303, 'a password alone again');
});
