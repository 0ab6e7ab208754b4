// SPDX-License-Identifier: EUPL-1.2
// Durability of event ingestion: four concurrent clients post gzip PostHog
// batches to /batch/ (every uuid answered 200 recorded; now and then a batch
// already acknowledged is sent again), the server is killed with SIGKILL at
// a random moment 150-1200 ms in, and restarted on the same database and
// event store for the next round. At the end the server stops, and
// `scalelab events export` must hold every acknowledged event exactly once
// and no event twice (acknowledged or not). Prints one line per round and
// "N passed, N failed". Usage: node ingest.mjs ./scalelab [rounds]
import { spawn, execFileSync } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { gzipSync } from 'node:zlib';

const BIN = resolve(process.argv[2] || './scalelab');
const ROUNDS = Number(process.argv[3] || process.env.DURABILITY_ROUNDS || 20);
const dir = mkdtempSync(join(tmpdir(), 'scalelab-evdur-'));
const db = join(dir, 'events.db');
let proc = null;

process.on('exit', () => {
	if (proc && proc.exitCode === null && proc.signalCode === null) proc.kill('SIGKILL');
	rmSync(dir, { recursive: true, force: true });
});

const sleep = (ms) => new Promise((r) => setTimeout(r, ms));
function freePort() {
	return new Promise((ok, fail) => {
		const s = createServer();
		s.on('error', fail);
		s.listen(0, '127.0.0.1', () => {
			const { port } = s.address();
			s.close(() => ok(port));
		});
	});
}

async function start() {
	const port = await freePort();
	// the pending dedup and person index entries are merged every 5,000, so kills land in merges too
	const p = spawn(BIN, ['serve', '--db', db, '--listen', `127.0.0.1:${port}`], {
		stdio: ['ignore', 'ignore', 'pipe'],
		env: { ...process.env, SCALELAB_EVENTS_MERGE_AT: process.env.SCALELAB_EVENTS_MERGE_AT || '5000' },
	});
	let log = '';
	p.stderr.on('data', (d) => (log += d));
	p.exited = new Promise((ok) => p.on('exit', (code, sig) => ok({ code, sig })));
	const base = `http://127.0.0.1:${port}`;
	for (let i = 0; i < 200; i++) {
		if (p.exitCode !== null) break;
		try {
			await fetch(base + '/toegankelijkheid');
			return { p, base, log: () => log };
		} catch {
			await sleep(25);
		}
	}
	p.kill('SIGKILL');
	throw new Error(`server did not start:\n${log}`);
}

execFileSync(BIN, ['init', '--db', db, '--demo'], { stdio: 'ignore' });
const added = execFileSync(BIN, ['source', 'add', '--db', db, '--initiative', '1', '--kind', 'posthog'], { encoding: 'utf8' });
const key = /key: (\S+)/.exec(added)[1];
const sourceId = /source (\d+)/.exec(added)[1];

const acked = new Set();
const ackedBatches = [];
let passed = 0;
let failed = 0;
let seq = 0;

function batch(round, client) {
	const events = [];
	const now = Date.now();
	for (let i = 0; i < 50; i++) {
		const k = `r${round}-c${client}-${seq++}`;
		events.push({ event: i % 3 ? 'stap_voltooid' : 'aanvraag_gestart', distinct_id: `p-${seq % 97}`, uuid: k, timestamp: new Date(now - i).toISOString(), properties: { k } });
	}
	return events;
}

async function post(base, events) {
	const body = gzipSync(JSON.stringify({ api_key: key, batch: events, sent_at: new Date().toISOString() }));
	const res = await fetch(`${base}/batch/`, { method: 'POST', headers: { 'Content-Type': 'application/json', 'Content-Encoding': 'gzip' }, body });
	await res.text();
	return res.status;
}

const t0 = Date.now();
for (let round = 1; round <= ROUNDS; round++) {
	let sent = 0;
	let ok = 0;
	const problems = [];
	try {
		const srv = await start();
		proc = srv.p;
		const delay = 150 + Math.floor(Math.random() * 1050);
		let killed = false;
		const timer = setTimeout(() => {
			killed = true;
			srv.p.kill('SIGKILL');
		}, delay);
		const client = async (c) => {
			while (!killed) {
				// now and then an acknowledged batch again: it must not be stored twice
				const again = ackedBatches.length && Math.random() < 0.1;
				const events = again ? ackedBatches[Math.floor(Math.random() * ackedBatches.length)] : batch(round, c);
				sent += events.length;
				let status;
				try {
					status = await post(srv.base, events);
				} catch {
					break; // killed mid-request: not acknowledged
				}
				if (status === 200) {
					ok += events.length;
					for (const e of events) acked.add(e.uuid);
					if (!again) ackedBatches.push(events);
				} else if (status !== 503) {
					problems.push(`status ${status}`);
				}
			}
		};
		await Promise.all([0, 1, 2, 3].map(client));
		clearTimeout(timer);
		await srv.p.exited;
	} catch (e) {
		problems.push(String(e.message || e));
	}
	if (problems.length) {
		failed++;
		console.log(`round ${round}: FAIL ${problems.slice(0, 3).join('; ')}`);
	} else {
		passed++;
		console.log(`round ${round}: ok (${ok} of ${sent} events acknowledged before the kill)`);
	}
}

// The end: every acknowledged event exactly once, no event twice.
const srv = await start();
proc = srv.p;
srv.p.kill('SIGTERM');
await srv.p.exited;
const out = execFileSync(BIN, ['events', 'export', '--db', db, '--source', sourceId], { encoding: 'utf8', maxBuffer: 1 << 30 });
const seen = new Map();
for (const line of out.split('\n')) {
	if (!line) continue;
	const k = JSON.parse(line).properties?.k;
	seen.set(k, (seen.get(k) || 0) + 1);
}
const missing = [...acked].filter((k) => !seen.has(k));
const twice = [...seen].filter(([, n]) => n > 1).map(([k]) => k);
if (missing.length || twice.length) {
	failed++;
	console.log(`final: FAIL ${missing.length} acknowledged events missing (e.g. ${missing.slice(0, 3)}), ${twice.length} stored twice (e.g. ${twice.slice(0, 3)})`);
} else {
	passed++;
	console.log(`final: ok, ${acked.size} acknowledged events each exactly once among ${seen.size} stored (${((Date.now() - t0) / 1000).toFixed(1)} s)`);
}
console.log(`${passed} passed, ${failed} failed`);
process.exit(failed ? 1 : 0);
