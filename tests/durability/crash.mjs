// SPDX-License-Identifier: EUPL-1.2
// Durability: creates initiatives, and actions under them, through the API
// in a loop (one client, sequential POSTs, every id that got a 201
// recorded), kills the server with SIGKILL at a random moment 50-800 ms in,
// restarts it, and checks that every acknowledged initiative and action is
// there (GET by id, same name) and that PRAGMA integrity_check and
// foreign_key_check are clean, that no change exists without its audit row
// (nor an audit row without its change: they commit together), and that
// `scalelab export` holds them too. The
// database lives on across rounds, so each round also recovers from all
// earlier crashes. Prints one line per round and "N passed, N failed".
// Usage: node crash.mjs ./scalelab [rounds]
import { spawn, execFileSync } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';

const BIN = resolve(process.argv[2] || './scalelab');
const ROUNDS = Number(process.argv[3] || process.env.DURABILITY_ROUNDS || 20);
const ORG = 'gemeente-voorbeeldstad';
const dir = mkdtempSync(join(tmpdir(), 'scalelab-durability-'));
const db = join(dir, 'crash.db');
let proc = null;

process.on('exit', () => {
	if (proc && proc.exitCode === null && proc.signalCode === null) proc.kill('SIGKILL');
	rmSync(dir, { recursive: true, force: true });
});

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

const sleep = (ms) => new Promise((r) => setTimeout(r, ms));

async function start() {
	const port = await freePort();
	const p = spawn(BIN, ['serve', '--db', db, '--listen', `127.0.0.1:${port}`], { stdio: ['ignore', 'ignore', 'pipe'] });
	let log = '';
	p.stderr.on('data', (d) => (log += d));
	p.exited = new Promise((ok) => p.on('exit', (code, sig) => ok({ code, sig })));
	const base = `http://127.0.0.1:${port}`;
	for (let i = 0; i < 200; i++) {
		if (p.exitCode !== null) break;
		try {
			await fetch(base + '/toegankelijkheid');
			return { p, base };
		} catch {
			await sleep(25);
		}
	}
	p.kill('SIGKILL');
	throw new Error(`server did not start:\n${log}`);
}

function sqlite(query) {
	return execFileSync('sqlite3', [db, query], { encoding: 'utf8' }).trim();
}

execFileSync(BIN, ['init', '--db', db, '--demo'], { stdio: 'ignore' });
const token = execFileSync(BIN, ['user', 'token', '--db', db, '--email', 'demo@scalelab.test'], { encoding: 'utf8' }).trim();
const auth = { Authorization: `Bearer ${token}`, Accept: 'application/json' };
const acked = new Map(); // id -> name, over all rounds
const ackedActions = new Map(); // id -> title, over all rounds
// Rows made by `init --demo` have no audit rows (the CLI is not audited).
const demoMax = {
	initiative: Number(sqlite('SELECT coalesce(max(id),0) FROM initiatives')),
	action: Number(sqlite('SELECT coalesce(max(id),0) FROM actions')),
};

/** Changes without their audit row and audit rows without their change. */
function auditGaps(table, kind) {
	const without = sqlite(`SELECT group_concat(id) FROM ${table} t WHERE id>${demoMax[kind]} AND NOT EXISTS
		(SELECT 1 FROM audit_log a WHERE a.action='${kind}.create' AND a.result='ok' AND a.object='${kind}/'||t.id)`);
	const ghosts = sqlite(`SELECT group_concat(object) FROM audit_log a WHERE a.action='${kind}.create' AND a.result='ok'
		AND NOT EXISTS (SELECT 1 FROM ${table} t WHERE a.object='${kind}/'||t.id)`);
	const out = [];
	if (without) out.push(`${kind} without its audit row: ${without}`);
	if (ghosts) out.push(`audit row without its ${kind}: ${ghosts}`);
	return out;
}
let passed = 0;
let failed = 0;

for (let round = 1; round <= ROUNDS; round++) {
	const problems = [];
	let made = 0;
	let delay = 0;
	try {
		const srv = await start();
		proc = srv.p;
		delay = 50 + Math.floor(Math.random() * 751);
		let killed = false;
		const timer = setTimeout(() => {
			killed = true;
			srv.p.kill('SIGKILL');
		}, delay);
		let parent = 0; // the last initiative made this round: actions go under it
		for (let i = 0; !killed; i++) {
			const name = `Duurzaam r${round} n${i} ${Math.random().toString(36).slice(2)}`;
			const action = parent && i % 3 === 2;
			let res;
			try {
				res = await fetch(
					action ? `${srv.base}/api/v1/initiatieven/${parent}/acties` : `${srv.base}/api/v1/organisaties/${ORG}/initiatieven`,
					{
						method: 'POST',
						headers: { ...auth, 'Content-Type': 'application/json' },
						body: JSON.stringify(action ? { title: name } : { name, stage: 'pilot', description: 'x'.repeat(200 + (i % 50) * 40), ambition: { reach: i } }),
					},
				);
			} catch {
				break; // the server died mid-request: that one was never acknowledged
			}
			if (res.status === 201) {
				const body = await res.json().catch(() => null);
				if (!body || !Number.isInteger(body.id)) problems.push(`201 without an id`);
				else if (action) {
					ackedActions.set(body.id, name);
					made++;
				} else {
					acked.set(body.id, name);
					parent = body.id;
					made++;
				}
			} else if (!killed) {
				problems.push(`POST answered ${res.status}: ${await res.text()}`);
				break;
			}
		}
		clearTimeout(timer);
		const gone = await srv.p.exited;
		if (gone.sig !== 'SIGKILL') problems.push(`server ended by ${gone.sig ?? 'exit ' + gone.code}, not SIGKILL`);

		const again = await start();
		proc = again.p;
		let missing = 0;
		for (const [id, name] of acked) {
			const r = await fetch(`${again.base}/api/v1/initiatieven/${id}`, { headers: auth });
			const body = r.status === 200 ? await r.json() : null;
			if (!body || body.name !== name) {
				missing++;
				if (missing <= 5) problems.push(`initiative ${id} ("${name}") acknowledged but ${r.status === 200 ? 'changed' : 'missing (' + r.status + ')'}`);
			}
		}
		if (missing > 5) problems.push(`… ${missing} acknowledged initiatives missing in all`);
		let lostActions = 0;
		for (const [id, title] of ackedActions) {
			const r = await fetch(`${again.base}/api/v1/acties/${id}`, { headers: auth });
			const body = r.status === 200 ? await r.json() : null;
			if (!body || body.title !== title) {
				lostActions++;
				if (lostActions <= 5) problems.push(`action ${id} ("${title}") acknowledged but ${r.status === 200 ? 'changed' : 'missing (' + r.status + ')'}`);
			}
		}
		problems.push(...auditGaps('initiatives', 'initiative'), ...auditGaps('actions', 'action'));
		const integrity = sqlite('PRAGMA integrity_check');
		if (integrity !== 'ok') problems.push(`integrity_check: ${integrity}`);
		const fk = sqlite('PRAGMA foreign_key_check');
		if (fk !== '') problems.push(`foreign_key_check: ${fk}`);
		// The server takes new writes after recovery.
		const post = await fetch(`${again.base}/api/v1/organisaties/${ORG}/initiatieven`, {
			method: 'POST',
			headers: { ...auth, 'Content-Type': 'application/json' },
			body: JSON.stringify({ name: `Na herstel ${round}`, stage: 'idee' }),
		});
		if (post.status !== 201) problems.push(`POST after restart answered ${post.status}`);
		else {
			const b = await post.json();
			acked.set(b.id, `Na herstel ${round}`);
		}
		again.p.kill('SIGTERM');
		const end = await again.p.exited;
		if (end.code !== 0) problems.push(`SIGTERM stop ended with ${end.sig ?? 'exit ' + end.code}`);
		// The same through the CLI: the export holds every acknowledged id.
		const dump = JSON.parse(execFileSync(BIN, ['export', '--db', db], { encoding: 'utf8', maxBuffer: 1 << 28 }));
		const rows = dump.tables?.initiatives;
		if (!Array.isArray(rows)) problems.push(`'scalelab export' has no tables.initiatives`);
		else {
			const ids = new Set(rows.map((i) => i.id));
			const lost = [...acked.keys()].filter((id) => !ids.has(id));
			if (lost.length) problems.push(`${lost.length} acknowledged initiatives not in 'scalelab export' (e.g. ${lost[0]})`);
		}
	} catch (e) {
		problems.push(String(e.stack || e));
	}
	if (problems.length) {
		failed++;
		console.log(`not ok ${round} - killed after ${delay} ms, ${made} acknowledged this round`);
		for (const p of problems) console.log(`  ${p}`);
	} else {
		passed++;
		console.log(`ok ${round} - killed after ${delay} ms, ${made} acknowledged this round, ${acked.size + ackedActions.size} checked`);
	}
}

console.log(`${passed} passed, ${failed} failed`);
process.exitCode = failed ? 1 : 0;
