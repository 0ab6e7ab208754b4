// SPDX-License-Identifier: EUPL-1.2
// Shared by the metrics e2e tests (metrics, metrics-funnel, metrics-dashboard):
// a server on a fresh demo database with the demo source's events as the CLI
// exports them, and the outside recomputation's helpers (UTC days, the
// persons $identify links). Nothing here is shared with the server's code.
import { spawn, execFileSync } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { BIN, cli, freePort, token } from './lib.mjs';

export const DAY = 86400000;
export const dayOf = (ms) => Math.floor(ms / DAY);
export const dateOf = (d) => new Date(d * DAY).toISOString().slice(0, 10);

/**
 * A demo database and a server on it. allEvents: every event of demo source 1
 * (`scalelab events export`); events: those up to now. The server reads no
 * event after now (the demo stamps some later today), but a link between ids
 * holds whenever it was sent: an $identify stamped later today already makes
 * its two ids one person (docs/events-store.md), so link with allEvents.
 */
export async function demoWithEvents(prefix) {
	const dir = mkdtempSync(join(tmpdir(), `${prefix}-`));
	const db = join(dir, 'demo.db');
	cli(['init', '--db', db, '--demo']);
	// the metrics count in the organisation's zone by default (the demo's:
	// Europe/Amsterdam); these tests recompute UTC days unless they ask for a zone
	execFileSync('sqlite3', [db, "UPDATE organisations SET time_zone='UTC'"]);
	const out = execFileSync(BIN, ['events', 'export', '--db', db, '--source', '1'], { encoding: 'utf8', maxBuffer: 256 << 20 });
	const allEvents = out.trim().split('\n').map((l) => JSON.parse(l)).map((e) => ({ ...e, ts: Date.parse(e.timestamp) }));
	const events = allEvents.filter((e) => e.ts <= Date.now());
	const port = await freePort();
	const proc = spawn(BIN, ['serve', '--db', db, '--listen', `127.0.0.1:${port}`, '--require-mfa', 'none'], { stdio: ['ignore', 'ignore', 'inherit'] });
	const base = `http://127.0.0.1:${port}`;
	for (let i = 0; i < 200; i++) {
		try {
			await fetch(`${base}/toegankelijkheid`);
			break;
		} catch {
			await new Promise((r) => setTimeout(r, 50));
		}
	}
	const stop = async () => {
		if (proc.exitCode === null) {
			const done = new Promise((ok) => proc.on('exit', ok));
			proc.kill('SIGTERM');
			await done;
		}
		rmSync(dir, { recursive: true, force: true });
	};
	return { dir, db, proc, base, tok: token(db), allEvents, events, stop };
}

/** The person of every distinct id: linked ids ($identify with $anon_distinct_id) are one. */
export function persons(evs) {
	const parent = new Map();
	const find = (x) => {
		if (!parent.has(x)) parent.set(x, x);
		while (parent.get(x) !== x) x = parent.get(x);
		return x;
	};
	for (const e of evs) {
		find(e.distinct_id);
		const anon = e.properties?.$anon_distinct_id;
		if (e.event === '$identify' && anon) {
			const a = find(anon), b = find(e.distinct_id);
			if (a !== b) parent.set(a, b);
		}
	}
	return (id) => find(id);
}
