// SPDX-License-Identifier: EUPL-1.2
// Login rate limit: the 11th failed attempt within 15 minutes, counted per
// client address and per e-mail address each on its own, is refused with
// 429 and Retry-After. Different client addresses come from 127.0.0.x
// source addresses (Linux routes all of 127/8 to lo).
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { request } from 'node:http';
import { startServer, sql, cli, DEMO_EMAIL, DEMO_PASSWORD, LEZER_EMAIL, BEWERKER_EMAIL } from './lib.mjs';

let srv;
before(async () => {
	srv = await startServer();
});
after(async () => {
	await srv?.stop();
});

/** One HTTP exchange from a given local address. */
function send(from, method, path, { headers = {}, body } = {}) {
	const url = new URL(srv.base + path);
	return new Promise((ok, fail) => {
		const req = request({ host: url.hostname, port: url.port, path, method, headers, localAddress: from }, (res) => {
			let text = '';
			res.setEncoding('utf8');
			res.on('data', (d) => (text += d));
			res.on('end', () => ok({ status: res.statusCode, headers: res.headers, text }));
		});
		req.on('error', fail);
		if (body) req.write(body);
		req.end();
	});
}

/** The page login flow from address `from`; returns the POST response. */
async function attempt(from, email, password) {
	const page = await send(from, 'GET', '/inloggen');
	assert.equal(page.status, 200);
	const pre = (page.headers['set-cookie'] || []).map((c) => c.split(';')[0]).find((c) => c.startsWith('__Host-sl_pre='));
	const csrf = /name="_csrf" value="([^"]+)"/.exec(page.text)[1];
	const body = new URLSearchParams({ _csrf: csrf, next: '/', email, password }).toString();
	return send(from, 'POST', '/inloggen', {
		headers: {
			'Content-Type': 'application/x-www-form-urlencoded',
			'Content-Length': Buffer.byteLength(body),
			Cookie: pre,
			Origin: srv.base,
		},
		body,
	});
}

function assert429(r, what) {
	assert.equal(r.status, 429, what);
	const ra = Number(r.headers['retry-after']);
	assert.ok(Number.isInteger(ra) && ra >= 1 && ra <= 15 * 60, `${what}: Retry-After is ${r.headers['retry-after']}`);
	assert.match(r.headers['content-type'], /^text\/html/);
}

test('per e-mail: ten failures are 401, the 11th is 429 with Retry-After, even with the right password', async () => {
	for (let i = 1; i <= 10; i++) {
		const r = await attempt('127.0.0.1', DEMO_EMAIL, `fout-${i}-wachtwoord`);
		assert.equal(r.status, 401, `attempt ${i}`);
	}
	assert429(await attempt('127.0.0.1', DEMO_EMAIL, 'fout-11-wachtwoord'), '11th failure');
	assert429(await attempt('127.0.0.1', DEMO_EMAIL, DEMO_PASSWORD), 'right password while limited');
	// From another address the account is still limited …
	assert429(await attempt('127.0.0.2', DEMO_EMAIL, DEMO_PASSWORD), 'same e-mail, other address');
	// … also when the e-mail is written with other capitals (e-mail is case-insensitive).
	assert429(await attempt('127.0.0.2', 'DEMO@Scalelab.Test', DEMO_PASSWORD), 'same e-mail, other case');
	// Another account from a fresh address is not affected.
	const other = await attempt('127.0.0.3', LEZER_EMAIL, DEMO_PASSWORD);
	assert.equal(other.status, 303);
	const audit = sql(srv.db, "SELECT count(*) FROM audit_log WHERE action='login' AND result='rate-limited'").trim();
	assert.ok(Number(audit) >= 3, 'rate-limited attempts are audited');
});

test('per address: the 11th failure from one address is 429 whatever the e-mail', async () => {
	const from = '127.0.0.4';
	for (let i = 1; i <= 10; i++) {
		const r = await attempt(from, `onbekend-${i}@scalelab.test`, 'verkeerd-wachtwoord');
		assert.equal(r.status, 401, `attempt ${i}`);
	}
	assert429(await attempt(from, 'nog-een@scalelab.test', 'verkeerd-wachtwoord'), '11th from the address');
	assert429(await attempt(from, BEWERKER_EMAIL, DEMO_PASSWORD), 'a real account from the limited address');
	assert.equal((await attempt('127.0.0.5', BEWERKER_EMAIL, DEMO_PASSWORD)).status, 303, 'that account from elsewhere');
});

test('the limit counts each key on its own, not address and e-mail together', async () => {
	// Six failures for an account from one address, five from a second address
	// for another e-mail: neither key reaches ten, so the next attempt is judged
	// on the password.
	cli(['user', 'add', '--db', srv.db, '--email', 'los@scalelab.test', '--name', 'Los'], 'los-wachtwoord-1\n');
	for (let i = 0; i < 6; i++) assert.equal((await attempt('127.0.0.6', 'los@scalelab.test', 'fout-wachtwoord-x')).status, 401);
	for (let i = 0; i < 5; i++) assert.equal((await attempt('127.0.0.7', 'ander@scalelab.test', 'fout-wachtwoord-y')).status, 401);
	const r = await attempt('127.0.0.7', 'los@scalelab.test', 'los-wachtwoord-1');
	assert.equal(r.status, 303, 'address has 5 failures and the e-mail 6: not limited');
});
