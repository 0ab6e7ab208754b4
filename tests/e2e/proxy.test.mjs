// SPDX-License-Identifier: EUPL-1.2
// The client address behind a proxy: only with --trusted-proxy is the
// forwarding header read, right to left, skipping trusted hops, and the
// login throttle and the audit log use that address. Also the start-up
// options beside it: --security-contact (security.txt) and the cap on
// connections per address against slow-header clients.
// Different client addresses come from 127.0.0.x source addresses.
import { test, after } from 'node:test';
import assert from 'node:assert/strict';
import { request } from 'node:http';
import { connect } from 'node:net';
import { spawnSync } from 'node:child_process';
import { startServer, BIN, DEMO_EMAIL, BEWERKER_EMAIL, DEMO_PASSWORD, sql } from './lib.mjs';

const servers = [];
after(async () => {
	for (const s of servers) await s.stop();
});
async function server(args) {
	const s = await startServer({ args });
	servers.push(s);
	return s;
}

function send(srv, from, method, path, { headers = {}, body } = {}) {
	const url = new URL(srv.base);
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

/** The page login flow from socket address `from` with extra headers. */
async function attempt(srv, from, headers, email, password) {
	const page = await send(srv, from, 'GET', '/inloggen', { headers });
	assert.equal(page.status, 200);
	const pre = (page.headers['set-cookie'] || []).map((c) => c.split(';')[0]).find((c) => c.startsWith('__Host-sl_pre='));
	const csrf = /name="_csrf" value="([^"]+)"/.exec(page.text)[1];
	const body = new URLSearchParams({ _csrf: csrf, next: '/', email, password }).toString();
	return send(srv, from, 'POST', '/inloggen', {
		headers: {
			...headers,
			'Content-Type': 'application/x-www-form-urlencoded',
			'Content-Length': Buffer.byteLength(body),
			Cookie: pre,
			Origin: srv.base,
		},
		body,
	});
}

const lastFailureIp = (srv) => sql(srv.db, 'SELECT ip FROM login_failures ORDER BY id DESC LIMIT 1').trim();
const lastAuditOrigin = (srv) => sql(srv.db, "SELECT origin FROM audit_log WHERE action='login' ORDER BY id DESC LIMIT 1").trim();

test('without --trusted-proxy the forwarding headers are ignored', async () => {
	const srv = await server([]);
	const h = { 'X-Forwarded-For': '198.51.100.7', Forwarded: 'for=198.51.100.8' };
	assert.equal((await attempt(srv, '127.0.0.21', h, DEMO_EMAIL, 'fout-wachtwoord-1')).status, 401);
	assert.equal(lastFailureIp(srv), '127.0.0.21');
	assert.equal(lastAuditOrigin(srv), '127.0.0.21');
});

test('behind a trusted proxy: X-Forwarded-For right to left; throttle and audit use the real client', async () => {
	const srv = await server(['--trusted-proxy', '127.0.0.31', '--trusted-proxy', '10.0.0.0/8', '--trusted-proxy', '::1']);
	const via = (xff) => ({ 'X-Forwarded-For': xff });
	// the client spoofs a left entry; the proxy appends the real address; an inner trusted hop is skipped
	assert.equal((await attempt(srv, '127.0.0.31', via('6.6.6.6, 198.51.100.7, 10.1.2.3'), DEMO_EMAIL, 'fout-1')).status, 401);
	assert.equal(lastFailureIp(srv), '198.51.100.7');
	assert.equal(lastAuditOrigin(srv), '198.51.100.7');
	// two header lines count as one list
	const two = await attempt(srv, '127.0.0.31', { 'X-Forwarded-For': ['6.6.6.6', '198.51.100.9'] }, DEMO_EMAIL, 'fout-2');
	assert.equal(two.status, 401);
	assert.equal(lastFailureIp(srv), '198.51.100.9');
	// IPv6 client addresses
	assert.equal((await attempt(srv, '127.0.0.31', via('[2001:DB8::17]:4711'), DEMO_EMAIL, 'fout-3')).status, 401);
	assert.equal(lastFailureIp(srv), '2001:db8::17');
	// a peer that is not trusted cannot name a client
	assert.equal((await attempt(srv, '127.0.0.32', via('198.51.100.7'), DEMO_EMAIL, 'fout-4')).status, 401);
	assert.equal(lastFailureIp(srv), '127.0.0.32');
	// the throttle: one client behind the proxy waits; another client behind the same proxy does not
	const a = via('203.0.113.5');
	for (let i = 1; i <= 4; i++) assert.equal((await attempt(srv, '127.0.0.31', a, BEWERKER_EMAIL, `fout-a${i}`)).status, 401);
	assert.equal((await attempt(srv, '127.0.0.31', a, BEWERKER_EMAIL, 'fout-a5')).status, 401);
	assert.equal((await attempt(srv, '127.0.0.31', a, BEWERKER_EMAIL, 'fout-a6')).status, 429, 'that client waits');
	// spoofing another left entry does not give the waiting client a fresh budget
	assert.equal((await attempt(srv, '127.0.0.31', via('1.1.1.1, 203.0.113.5'), BEWERKER_EMAIL, DEMO_PASSWORD)).status, 429);
	assert.equal((await attempt(srv, '127.0.0.31', via('203.0.113.6'), BEWERKER_EMAIL, DEMO_PASSWORD)).status, 303, 'another client');
});

test('behind a trusted proxy that writes Forwarded (--proxy-header forwarded)', async () => {
	const srv = await server(['--trusted-proxy', '127.0.0.0/24', '--proxy-header', 'forwarded']);
	const h = { Forwarded: 'for=6.6.6.6, for="198.51.100.44:4711";proto=https', 'X-Forwarded-For': '5.5.5.5' };
	assert.equal((await attempt(srv, '127.0.0.41', h, DEMO_EMAIL, 'fout-1')).status, 401);
	assert.equal(lastFailureIp(srv), '198.51.100.44');
});

test('bad proxy options stop the server with exit status 2', () => {
	for (const args of [['--trusted-proxy', 'proxy.example'], ['--trusted-proxy', '10.0.0.0/33'], ['--proxy-header', 'x-real-ip'], ['--security-contact', 'security@example.org']]) {
		const r = spawnSync(BIN, ['serve', '--db', '/nonexistent/x.db', '--listen', '127.0.0.1:1', ...args], { encoding: 'utf8', timeout: 5000 });
		assert.equal(r.status, 2, `${args.join(' ')}: ${r.stderr}`);
		assert.match(r.stderr, /--(trusted-proxy|proxy-header|security-contact)/);
	}
});

test('security.txt names the configured contact, or security@ the public host', async () => {
	const a = await server(['--security-contact', 'mailto:csirt@gemeente.example']);
	const ta = await (await fetch(a.base + '/.well-known/security.txt')).text();
	assert.match(ta, /^Contact: mailto:csirt@gemeente\.example$/m);
	assert.doesNotMatch(ta, /scalelab\.example/);
	const exp = /^Expires: (\S+)$/m.exec(ta);
	assert.ok(exp && Date.parse(exp[1]) > Date.now() + 300 * 86400e3, 'Expires about a year ahead');
	const b = await server(['--public-url', 'https://lab.gemeente.example']);
	const tb = await (await fetch(b.base + '/.well-known/security.txt')).text();
	assert.match(tb, /^Contact: mailto:security@lab\.gemeente\.example$/m);
	assert.match(tb, /^Canonical: https:\/\/lab\.gemeente\.example\/\.well-known\/security\.txt$/m);
});

test('--max-connections-per-address caps the connections one address holds open', async () => {
	const srv = await server(['--max-connections-per-address', '3']);
	const { port } = new URL(srv.base);
	const open = (from) =>
		new Promise((ok, fail) => {
			const s = connect({ host: '127.0.0.1', port: Number(port), localAddress: from }, () => ok(s));
			s.on('error', fail);
		});
	const slow = [];
	for (let i = 0; i < 3; i++) {
		const s = await open('127.0.0.51');
		s.write('GET / HTTP/1.1\r\nHost: x\r\n'); // headers never finished
		slow.push(s);
	}
	await new Promise((r) => setTimeout(r, 200));
	const fourth = await open('127.0.0.51');
	const closed = await new Promise((ok) => {
		let data = '';
		fourth.on('data', (d) => (data += d));
		fourth.on('close', () => ok({ closed: true, data }));
		fourth.on('error', () => {});
		fourth.write('GET /toegankelijkheid HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n');
		setTimeout(() => ok({ closed: false, data }), 3000);
	});
	assert.ok(closed.closed && !/^HTTP\/1\.1 200/.test(closed.data), `the 4th connection is refused (${closed.data.slice(0, 40)})`);
	assert.equal((await send(srv, '127.0.0.52', 'GET', '/toegankelijkheid')).status, 200, 'another address is served');
	for (const s of slow) s.destroy();
	await new Promise((r) => setTimeout(r, 200));
	assert.equal((await send(srv, '127.0.0.51', 'GET', '/toegankelijkheid')).status, 200, 'served again once they close');
});
