// SPDX-License-Identifier: EUPL-1.2
// bench/events/http.mjs: events per second made durable through PostHog's
// /batch/ (gzip, 100 events a request, a keep-alive load generator on this
// same machine), and the latency of a normal page (the initiatives list,
// signed in) while that flood runs, against the same page idle. Prints the
// numbers and the ratios. Targets (issue 13): >= 100 k events/s durable
// through HTTP; page latency under the flood within 2x of idle.
// Usage: node bench/events/http.mjs [./scalelab] [seconds] [connections]
// A benchmark, not a test: it exits 0 whatever it measures (1 on a failure
// to run at all).
import { spawn, execFileSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import http from 'node:http';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { gzipSync } from 'node:zlib';

const BIN = resolve(process.argv[2] || './scalelab');
const SECONDS = Number(process.argv[3] || process.env.BENCH_SECONDS || 10);
const CONN = Number(process.argv[4] || process.env.BENCH_CONNECTIONS || 16);
const PER_REQUEST = 100;
const dir = mkdtempSync(join(tmpdir(), 'scalelab-evhttp-'));
const db = join(dir, 'bench.db');
let proc;
process.on('exit', () => {
	if (proc && proc.exitCode === null) proc.kill('SIGKILL');
	rmSync(dir, { recursive: true, force: true });
});

// A fixed-seed generator (mulberry32), so every run sends the same events.
let seed = 20261129;
const rnd = () => {
	seed |= 0;
	seed = (seed + 0x6d2b79f5) | 0;
	let t = Math.imul(seed ^ (seed >>> 15), 1 | seed);
	t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
	return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
};
const NAMES = Array.from({ length: 20 }, (_, i) => `gebeurtenis_${i}`);

const port = await new Promise((ok) => {
	const s = createServer();
	s.listen(0, '127.0.0.1', () => {
		const p = s.address().port;
		s.close(() => ok(p));
	});
});
execFileSync(BIN, ['init', '--db', db, '--demo'], { stdio: 'ignore' });
const added = execFileSync(BIN, ['source', 'add', '--db', db, '--initiative', '1', '--kind', 'posthog'], { encoding: 'utf8' });
const key = /key: (\S+)/.exec(added)[1];
const sourceId = /source (\d+)/.exec(added)[1];
proc = spawn(BIN, ['serve', '--db', db, '--listen', `127.0.0.1:${port}`, '--require-mfa', 'none', ...(process.env.INGEST_WORKERS ? ['--ingest-workers', process.env.INGEST_WORKERS] : [])], { stdio: ['ignore', 'ignore', 'inherit'] });
const base = `http://127.0.0.1:${port}`;
for (let i = 0; i < 100; i++) {
	try {
		await fetch(base + '/inloggen');
		break;
	} catch {
		await new Promise((r) => setTimeout(r, 50));
	}
}

const agent = new http.Agent({ keepAlive: true, maxSockets: CONN + 2 });
function request(method, path, headers, body) {
	return new Promise((ok, fail) => {
		const req = http.request({ host: '127.0.0.1', port, method, path, headers, agent }, (res) => {
			const chunks = [];
			res.on('data', (c) => chunks.push(c));
			res.on('end', () => ok({ status: res.statusCode, headers: res.headers, body: Buffer.concat(chunks).toString() }));
		});
		req.on('error', fail);
		if (body) req.write(body);
		req.end();
	});
}

// Signed in through the real login form: a session cookie for the page.
const form = await request('GET', '/inloggen', {});
const pre = form.headers['set-cookie'].map((c) => c.split(';')[0]).join('; ');
const csrf = /name="_csrf" value="([^"]+)"/.exec(form.body)[1];
const login = await request('POST', '/inloggen', { 'Content-Type': 'application/x-www-form-urlencoded', Cookie: pre, Origin: base },
	new URLSearchParams({ _csrf: csrf, next: '/', email: 'demo@scalelab.test', password: 'demo-opschalen-2026' }).toString());
const session = login.headers['set-cookie'].map((c) => c.split(';')[0]).find((c) => c.startsWith('__Host-sl_session='));
const PAGE = '/organisaties/gemeente-voorbeeldstad/initiatieven';

async function pageLatencies(n, until) {
	const out = [];
	for (let i = 0; i < n && (!until || Date.now() < until); i++) {
		const t = process.hrtime.bigint();
		const r = await request('GET', PAGE, { Cookie: session });
		if (r.status !== 200) throw new Error(`page: ${r.status}`);
		out.push(Number(process.hrtime.bigint() - t) / 1e6);
		await new Promise((r2) => setTimeout(r2, 20));
	}
	return out.sort((a, b) => a - b);
}
const pct = (a, p) => a[Math.min(a.length - 1, Math.floor((a.length * p) / 100))];

// The bodies, made before the clock starts: 100 events each, unique uuids.
const now = Date.now();
let n = 0;
function body() {
	const batch = [];
	for (let i = 0; i < PER_REQUEST; i++, n++) {
		batch.push({
			event: NAMES[Math.floor(rnd() * rnd() * NAMES.length)],
			distinct_id: `persoon-${Math.floor(rnd() * 1e6)}`,
			uuid: `0190${n.toString(16).padStart(12, '0')}-bench`,
			timestamp: new Date(now - Math.floor(rnd() * 90 * 86400000)).toISOString(),
			properties: { $lib: 'bench', pagina: `/stap/${Math.floor(rnd() * 8)}`, plan: rnd() < 0.3 ? 'pro' : 'basis' },
		});
	}
	return gzipSync(JSON.stringify({ api_key: key, batch, sent_at: new Date(now).toISOString() }));
}
// enough for 150 k events/s over the whole run: every event is new
const POOL = Math.ceil((SECONDS * 150000) / PER_REQUEST);
const bodies = Array.from({ length: POOL }, body);
process.stderr.write(`bench: ${POOL} gzip bodies of ${PER_REQUEST} events (${(bodies.reduce((s, b) => s + b.length, 0) / POOL / 1024).toFixed(1)} KiB each)\n`);

const idle = await pageLatencies(150);

let acked = 0;
let refused = 0;
let next = 0;
let stop = false;
const headers = { 'Content-Type': 'application/json', 'Content-Encoding': 'gzip' };
async function loader() {
	while (!stop && next < POOL) {
		const b = bodies[next++];
		const r = await request('POST', '/batch/', headers, b);
		if (r.status === 200) acked += PER_REQUEST;
		else refused++;
	}
}
// CPU seconds of the server (utime + stime from /proc) and of this load
// generator, over the flood: CPU per event, and whether the generator is a
// limit on this 2-core machine.
const TICK = 100; // USER_HZ
const serverCpu = () => {
	const f = readFileSync(`/proc/${proc.pid}/stat`, 'utf8').split(') ')[1].split(' ');
	return (Number(f[11]) + Number(f[12])) / TICK;
};
const genCpu = () => {
	const u = process.cpuUsage();
	return (u.user + u.system) / 1e6;
};
const cpu0 = [serverCpu(), genCpu()];
const t0 = Date.now();
const end = t0 + SECONDS * 1000;
let t1 = 0;
const loaders = Array.from({ length: CONN }, loader);
const done = Promise.all(loaders).then(() => (t1 = Date.now()));
await new Promise((r) => setTimeout(r, 500)); // the flood is on
const flood = await pageLatencies(10000, end);
await Promise.race([done, new Promise((r) => setTimeout(r, Math.max(0, end - Date.now())))]);
stop = true;
await done;
const cpu1 = [serverCpu(), genCpu()];
const secs = (t1 - t0) / 1000;
const sent = next;

// What the server says it stored (its counters are flushed once a second).
await new Promise((r) => setTimeout(r, 1500));
const tok = execFileSync(BIN, ['user', 'token', '--db', db, '--email', 'demo@scalelab.test'], { encoding: 'utf8' }).trim();
const src = JSON.parse((await request('GET', `/api/v1/bronnen/${sourceId}`, { Authorization: `Bearer ${tok}`, Accept: 'application/json' })).body);

const rate = acked / secs;
console.log(`events/s durable through POST /batch/ (gzip, ${PER_REQUEST} a request, ${CONN} connections, ${secs.toFixed(1)} s): ${Math.round(rate)}`);
console.log(`  requests ${sent} (${refused} not 200); events acknowledged ${acked}; source counters: accepted ${src.counts.accepted}, duplicates ${src.counts.duplicates}, store holds ${src.counts.stored}`);
console.log(`  vs target 100000 events/s: ${(rate / 100000).toFixed(2)}x`);
console.log(`  CPU: server ${((1e6 * (cpu1[0] - cpu0[0])) / Math.max(1, acked)).toFixed(1)} us/event (${((cpu1[0] - cpu0[0]) / secs).toFixed(2)} cores), load generator ${((cpu1[1] - cpu0[1]) / secs).toFixed(2)} cores; load average ${readFileSync('/proc/loadavg', 'utf8').split(' ')[0]}`);
console.log(`page ${PAGE} latency idle:  median ${pct(idle, 50).toFixed(2)} ms, p95 ${pct(idle, 95).toFixed(2)} ms (${idle.length} requests)`);
console.log(`page ${PAGE} latency flood: median ${pct(flood, 50).toFixed(2)} ms, p95 ${pct(flood, 95).toFixed(2)} ms (${flood.length} requests)`);
console.log(`ratio flood/idle: median ${(pct(flood, 50) / pct(idle, 50)).toFixed(2)}x, p95 ${(pct(flood, 95) / pct(idle, 95)).toFixed(2)}x (target <= 2x)`);
proc.kill('SIGTERM');
