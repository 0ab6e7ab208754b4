// SPDX-License-Identifier: EUPL-1.2
// Login throttle (domain/login.h): failures are counted per (account, client
// address) and per client address; past 5 for a pair or 10 for an address
// the next attempt waits (429 with Retry-After), a wait that doubles with
// every further failure. There is no limit per account alone: failures from
// other addresses never refuse the right password. Counting and recording
// happen in one write transaction, so parallel guesses are all counted.
// Different client addresses come from 127.0.0.x source addresses (Linux
// routes all of 127/8 to lo).
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

function assert429(r, what, max = 30) {
	assert.equal(r.status, 429, what);
	const ra = Number(r.headers['retry-after']);
	assert.ok(Number.isInteger(ra) && ra >= 1 && ra <= max, `${what}: Retry-After is ${r.headers['retry-after']}`);
	assert.match(r.headers['content-type'], /^text\/html/);
}

const failures = (where) => Number(sql(srv.db, `SELECT count(*) FROM login_failures WHERE ${where}`).trim());

test('failures from ten addresses do not lock the account: the right password still signs in', async () => {
	for (let i = 1; i <= 10; i++) {
		const r = await attempt(`127.0.1.${i}`, DEMO_EMAIL, `fout-${i}-wachtwoord`);
		assert.equal(r.status, 401, `attempt ${i}`);
	}
	for (let i = 1; i <= 10; i++) assert.equal((await attempt(`127.0.1.${i}`, DEMO_EMAIL, `fout-b${i}-wachtwoord`)).status, 401);
	assert.equal(failures(`email='${DEMO_EMAIL}'`), 20);
	// the owner, from an address of their own, with other capitals too
	assert.equal((await attempt('127.0.1.200', DEMO_EMAIL, DEMO_PASSWORD)).status, 303, 'right password');
	assert.equal((await attempt('127.0.1.201', 'DEMO@Scalelab.Test', DEMO_PASSWORD)).status, 303, 'other case');
	// a success forgets only its own address's failures
	assert.equal(failures(`email='${DEMO_EMAIL}'`), 20);
});

test('per account and address: five failures are 401, then a wait of 30 s that the right password from there also meets', async () => {
	const from = '127.0.2.1';
	for (let i = 1; i <= 5; i++) assert.equal((await attempt(from, BEWERKER_EMAIL, `fout-${i}-wachtwoord`)).status, 401, `attempt ${i}`);
	assert429(await attempt(from, BEWERKER_EMAIL, 'fout-6-wachtwoord'), '6th from the same address');
	assert429(await attempt(from, BEWERKER_EMAIL.toUpperCase(), 'fout-7-wachtwoord'), 'other capitals: same pair');
	assert429(await attempt(from, BEWERKER_EMAIL, DEMO_PASSWORD), 'right password from the guessing address');
	assert.equal(failures(`ip='${from}'`), 5, 'a refused attempt is not judged, so not counted');
	assert.equal((await attempt('127.0.2.2', BEWERKER_EMAIL, DEMO_PASSWORD)).status, 303, 'the account from elsewhere');
	assert.equal((await attempt(from, LEZER_EMAIL, DEMO_PASSWORD)).status, 303, 'another account from that address');
	const audit = sql(srv.db, "SELECT count(*) FROM audit_log WHERE action='login' AND result='rate-limited'").trim();
	assert.ok(Number(audit) >= 3, 'refused attempts are audited');
});

test('per address: the 11th failure from one address waits, whatever the e-mail', async () => {
	const from = '127.0.3.1';
	for (let i = 1; i <= 10; i++) {
		const r = await attempt(from, `onbekend-${i}@scalelab.test`, 'verkeerd-wachtwoord');
		assert.equal(r.status, 401, `attempt ${i}`);
	}
	assert429(await attempt(from, 'nog-een@scalelab.test', 'verkeerd-wachtwoord'), '11th from the address');
	assert429(await attempt(from, BEWERKER_EMAIL, DEMO_PASSWORD), 'a real account from the waiting address');
	assert.equal((await attempt('127.0.3.2', BEWERKER_EMAIL, DEMO_PASSWORD)).status, 303, 'that account from elsewhere');
});

test('race-free: 40 parallel wrong guesses from 40 addresses record 40 failures; 20 from one address record 5', async () => {
	cli(['user', 'add', '--db', srv.db, '--email', 'race@scalelab.test', '--name', 'Race'], 'berk-en-beuk-17\n');
	const spread = await Promise.all(Array.from({ length: 40 }, (_, i) => attempt(`127.0.4.${i + 1}`, 'race@scalelab.test', `fout-${i}`)));
	assert.deepEqual([...new Set(spread.map((r) => r.status))], [401]);
	assert.equal(failures("email='race@scalelab.test'"), 40);
	const one = await Promise.all(Array.from({ length: 20 }, (_, i) => attempt('127.0.5.1', 'race@scalelab.test', `fout-${i}`)));
	const counts = one.reduce((m, r) => ({ ...m, [r.status]: (m[r.status] || 0) + 1 }), {});
	assert.deepEqual(counts, { 401: 5, 429: 15 }, 'the check and the record are one step');
	assert.equal(failures("ip='127.0.5.1'"), 5);
	assert.equal((await attempt('127.0.5.2', 'race@scalelab.test', 'berk-en-beuk-17')).status, 303);
});
