// SPDX-License-Identifier: EUPL-1.2
// A database that is locked, full or failing degrades the answer, never the
// server. Locked: a sqlite3 shell holds the write lock (BEGIN IMMEDIATE);
// writes through the API, a page form and a CSRF-rejected form answer 503
// with Retry-After while reads still work, nothing is stored, and once the
// lock goes the same writes succeed on the same server process. Full: the
// database lives on a small tmpfs that a filler file fills; writes go on
// until 507 problem+json, PRAGMA integrity_check stays ok, every
// acknowledged write is still there, and after the filler is removed
// writes succeed again. The tmpfs is mounted directly as root, or else
// inside a user+mount namespace (unshare -rm) that every command enters
// with nsenter; when neither is possible the test fails and says so.
import { test, after } from 'node:test';
import assert from 'node:assert/strict';
import { spawn, execFile, execFileSync } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { startServer, bearer, token, sql, assertProblem, loggedIn, freePort, BIN, ORG_A, LEZER_EMAIL } from './lib.mjs';

const sleep = (ms) => new Promise((r) => setTimeout(r, ms));
/** Waits up to 2 s for cond() (a server's log line may trail its answer). */
async function eventually(cond) {
	for (let i = 0; i < 40 && !cond(); i++) await sleep(50);
	return cond();
}
const cleanups = [];
after(async () => {
	for (const f of cleanups.reverse()) await f();
});

/** Runs a scalelab subcommand without blocking the event loop: {code, stdout, stderr}. */
function cliAsync(args) {
	return new Promise((ok) => {
		execFile(BIN, args, { encoding: 'utf8' }, (err, stdout, stderr) => ok({ code: err ? err.code : 0, signal: err?.signal ?? null, stdout, stderr }));
	});
}

/** 1 when another connection cannot take the write lock right now. */
function writeLocked(db) {
	try {
		execFileSync('sqlite3', [db, 'BEGIN IMMEDIATE; ROLLBACK;'], { stdio: 'pipe' });
		return false;
	} catch (e) {
		if (/locked|busy/i.test(String(e.stderr))) return true;
		throw e;
	}
}

/** A sqlite3 shell that holds the write lock until release() is awaited. */
async function holdWriteLock(db) {
	const p = spawn('sqlite3', [db], { stdio: ['pipe', 'ignore', 'pipe'] });
	let err = '';
	p.stderr.on('data', (d) => (err += d));
	const gone = new Promise((ok) => p.on('exit', ok));
	p.stdin.write('BEGIN IMMEDIATE;\n');
	for (let i = 0; i < 100 && !writeLocked(db); i++) await sleep(20);
	assert.ok(writeLocked(db), `the sqlite3 shell holds the write lock (${err})`);
	return {
		async release() {
			p.stdin.end('ROLLBACK;\n.quit\n');
			await gone;
			assert.ok(!writeLocked(db), 'lock released');
		},
	};
}

function initiative(name, extra = {}) {
	return { name, stage: 'idee', ...extra };
}

test('a locked database answers 503 with Retry-After to every kind of write, then recovers by itself', async () => {
	const srv = await startServer();
	cleanups.push(() => srv.stop());
	const tok = token(srv.db);
	const page = await loggedIn(srv.base);
	const csrf = await page.csrfFrom(`/organisaties/${ORG_A}/initiatieven/nieuw`);
	// The session is due for its once-a-minute renewal: a page read then writes.
	execFileSync('sqlite3', [srv.db, 'UPDATE sessions SET seen_s = seen_s - 120']);

	const lock = await holdWriteLock(srv.db);
	let released = false;
	try {
		const t0 = Date.now();
		const [api, form, forged, read, pageRead, cliToken, cliOrg] = await Promise.all([
			bearer(srv.base, tok, 'POST', `/organisaties/${ORG_A}/initiatieven`, { json: initiative('Tijdens slot (API)') }),
			page.form(`/organisaties/${ORG_A}/initiatieven`, { _csrf: csrf, name: 'Tijdens slot (formulier)', stage: 'idee' }),
			page.form(`/organisaties/${ORG_A}/initiatieven`, { _csrf: 'vervalst', name: 'Vervalst', stage: 'idee' }),
			bearer(srv.base, tok, 'GET', `/organisaties/${ORG_A}/initiatieven`),
			page.get(`/organisaties/${ORG_A}/initiatieven`),
			cliAsync(['user', 'token', '--db', srv.db, '--email', 'demo@scalelab.test']),
			cliAsync(['org', 'add', '--db', srv.db, '--slug', 'tijdens-slot', '--name', 'Tijdens slot']),
		]);
		const waited = Date.now() - t0;

		const body = assertProblem(api, 503);
		assert.match(body.detail, /bezet/, 'a Dutch reason');
		const retry = Number(api.res.headers.get('retry-after'));
		assert.ok(Number.isInteger(retry) && retry >= 1 && retry <= 60, `Retry-After in seconds (got ${api.res.headers.get('retry-after')})`);

		assert.equal(form.status, 503, 'the page form gets 503 too');
		assert.match(form.headers.get('content-type'), /^text\/html/);
		assert.ok(form.headers.get('retry-after'), 'the page has Retry-After');
		assert.match(form.text_, /Tijdelijk niet beschikbaar/);
		assert.equal(form.headers.get('location'), null, 'no redirect as if it was saved');

		assert.equal(forged.status, 503, 'a CSRF-rejected form is answered as well (it needs the lock for its audit row)');
		assert.equal(read.res.status, 200, 'reads are not blocked by a writer');
		assert.equal(pageRead.status, 200, 'a page read whose session renewal meets the lock is still served');
		assert.ok(await eventually(() => /locked \(UPDATE sessions/.test(srv.log())), 'that renewal did meet the lock');
		for (const [what, r] of [['user token', cliToken], ['org add', cliOrg]]) {
			assert.equal(r.signal, null, `scalelab ${what} did not crash`);
			assert.equal(r.code, 1, `scalelab ${what} exits 1 (stderr: ${r.stderr})`);
			assert.match(r.stderr, /locked by another process.*nothing was changed/, `scalelab ${what} says why`);
			assert.equal(r.stdout, '', `scalelab ${what} printed no result`);
		}
		assert.ok(waited < 15000, `answers came within the busy timeout (${waited} ms)`);

		assert.equal(srv.proc.exitCode, null, 'the server is still running');
		assert.equal(srv.proc.signalCode, null);
		await lock.release();
		released = true;
	} finally {
		if (!released) await lock.release().catch(() => {});
	}
	assert.equal(sql(srv.db, "SELECT count(*) FROM initiatives WHERE name LIKE 'Tijdens slot%' OR name='Vervalst'").trim(), '0', 'nothing of the refused writes was stored');
	assert.equal(sql(srv.db, "SELECT count(*) FROM organisations WHERE slug='tijdens-slot'").trim(), '0');

	// The same server, the same kinds of writes: now they go through.
	const ok = await bearer(srv.base, tok, 'POST', `/organisaties/${ORG_A}/initiatieven`, { json: initiative('Na het slot (API)') });
	assert.equal(ok.res.status, 201, ok.text);
	const again = await page.form(`/organisaties/${ORG_A}/initiatieven`, { _csrf: csrf, name: 'Na het slot (formulier)', stage: 'idee' });
	assert.equal(again.status, 303, again.text_);
	const forged = await page.form(`/organisaties/${ORG_A}/initiatieven`, { _csrf: 'vervalst', name: 'Vervalst', stage: 'idee' });
	assert.equal(forged.status, 403);
	assert.equal(sql(srv.db, `SELECT count(*) FROM audit_log WHERE action='initiative.create' AND object='initiative/${ok.body.id}' AND result='ok'`).trim(), '1');
	assert.ok(Number(sql(srv.db, "SELECT count(*) FROM audit_log WHERE action='csrf' AND result='denied'").trim()) >= 1, 'the CSRF refusal after the lock is audited');
	assert.equal(srv.proc.exitCode, null, 'the server is still running');
	assert.doesNotMatch(srv.log(), /bug:/, 'no bug reported');
});

/**
 * A small tmpfs at a new directory. Returns {dir, run(cmd, args), spawn(cmd, args, opts), cleanup()}
 * where run and spawn execute inside the mount's namespace when one was needed.
 */
async function smallFs(sizeKb) {
	const dir = mkdtempSync(join(tmpdir(), 'scalelab-full-'));
	const reasons = [];
	if (process.getuid() === 0) {
		try {
			execFileSync('mount', ['-t', 'tmpfs', '-o', `size=${sizeKb}k,mode=0700`, 'tmpfs', dir], { stdio: 'pipe' });
			return {
				dir,
				run: (cmd, args, opts = {}) => execFileSync(cmd, args, { encoding: 'utf8', stdio: 'pipe', ...opts }),
				spawn: (cmd, args, opts) => spawn(cmd, args, opts),
				async cleanup() {
					execFileSync('umount', ['-l', dir], { stdio: 'pipe' });
					rmSync(dir, { recursive: true, force: true });
				},
			};
		} catch (e) {
			reasons.push(`mount as root: ${String(e.stderr || e.message).trim()}`);
		}
	} else reasons.push('not root');
	// A user+mount namespace: we are root inside it and may mount a tmpfs.
	const holder = spawn('unshare', ['-rm', 'sh', '-c', `mount -t tmpfs -o size=${sizeKb}k tmpfs "$1" && echo ready && exec sleep 100000`, 'sh', dir], { stdio: ['ignore', 'pipe', 'pipe'] });
	let out = '';
	holder.stdout.on('data', (d) => (out += d));
	holder.stderr.on('data', (d) => (out += d));
	const exited = new Promise((ok) => holder.on('exit', ok));
	for (let i = 0; i < 100 && !out.includes('ready') && holder.exitCode === null; i++) await sleep(20);
	if (!out.includes('ready')) {
		holder.kill('SIGKILL');
		rmSync(dir, { recursive: true, force: true });
		reasons.push(`unshare -rm: ${out.trim() || 'no answer'}`);
		throw new Error(`cannot mount a small tmpfs for the disk-full test: ${reasons.join('; ')}. Run as root or allow unprivileged user namespaces.`);
	}
	const enter = ['-t', String(holder.pid), '-U', '-m', '--preserve-credentials', '--'];
	return {
		dir,
		run: (cmd, args, opts = {}) => execFileSync('nsenter', [...enter, cmd, ...args], { encoding: 'utf8', stdio: 'pipe', ...opts }),
		spawn: (cmd, args, opts) => spawn('nsenter', [...enter, cmd, ...args], opts),
		async cleanup() {
			holder.kill('SIGKILL'); // the mount goes with its namespace
			await exited;
			rmSync(dir, { recursive: true, force: true });
		},
	};
}

test('a full disk answers 507, keeps the database intact, and writes succeed again once space is freed', async () => {
	const fs = await smallFs(6144);
	cleanups.push(() => fs.cleanup());
	const db = join(fs.dir, 'full.db');
	fs.run(BIN, ['init', '--db', db, '--demo']);
	const tok = fs.run(BIN, ['user', 'token', '--db', db, '--email', 'demo@scalelab.test']).trim();
	const port = await freePort();
	const proc = fs.spawn(BIN, ['serve', '--db', db, '--listen', `127.0.0.1:${port}`, '--require-mfa', 'none'], { stdio: ['ignore', 'ignore', 'pipe'] });
	let log = '';
	proc.stderr.on('data', (d) => (log += d));
	const exited = new Promise((ok) => proc.on('exit', (code, sig) => ok({ code, sig })));
	cleanups.push(async () => {
		if (proc.exitCode === null && proc.signalCode === null) proc.kill('SIGTERM');
		const t = setTimeout(() => proc.kill('SIGKILL'), 5000);
		await exited;
		clearTimeout(t);
	});
	const base = `http://127.0.0.1:${port}`;
	for (let i = 0; i < 100; i++) {
		try {
			await fetch(`${base}/toegankelijkheid`);
			break;
		} catch {
			await sleep(50);
		}
	}
	const page = await loggedIn(base);
	const csrf = await page.csrfFrom(`/organisaties/${ORG_A}/initiatieven/nieuw`);
	const reader = await loggedIn(base, LEZER_EMAIL);
	// Sessions due for their once-a-minute renewal: a page read then writes.
	fs.run('sqlite3', [db, 'UPDATE sessions SET seen_s = seen_s - 120']);

	// Fill the file system, then give back a little for the server to use up.
	fs.run('sh', ['-c', `dd if=/dev/zero of="$1" bs=64k 2>/dev/null; truncate -s -768k "$1"`, 'sh', join(fs.dir, 'filler')]);

	const acked = new Map();
	let full = null;
	const text = 'Een lange beschrijving die de schijf vult. '.repeat(200);
	for (let i = 0; i < 3000 && !full; i++) {
		const r = await bearer(base, tok, 'POST', `/organisaties/${ORG_A}/initiatieven`, { json: initiative(`Vol ${i}`, { description: text }) });
		if (r.res.status === 201) acked.set(r.body.id, `Vol ${i}`);
		else full = r;
	}
	assert.ok(full, 'the disk filled up');
	assert.ok(acked.size > 0, 'some writes fitted before it was full');
	const body = assertProblem(full, 507);
	assert.match(body.detail, /vol/);
	// Still full: the server keeps answering, pages included, and reads work.
	assertProblem(await bearer(base, tok, 'POST', `/organisaties/${ORG_A}/initiatieven`, { json: initiative('Nog steeds vol', { description: text }) }), 507);
	const read = await bearer(base, tok, 'GET', `/initiatieven/${[...acked.keys()][0]}`);
	assert.equal(read.res.status, 200);
	// SQLite may meet the full disk at the UPDATE or only at its COMMIT.
	const renewals = () => (log.match(/full \((UPDATE sessions|COMMIT)/g) || []).length;
	const before = renewals();
	const pageRead = await reader.get(`/organisaties/${ORG_A}/initiatieven`);
	assert.equal(pageRead.status, 200, 'a page read whose session renewal cannot be written is still served');
	if (!(await eventually(() => renewals() === before + 1))) {
		// Or the renewal fitted in space SQLite already held (WAL frames it
		// reuses after a checkpoint): then it must have been written.
		const seen = Number(fs.run('sqlite3', ['-readonly', db,
			`SELECT max(seen_s) FROM sessions WHERE user_id=(SELECT id FROM users WHERE email='${LEZER_EMAIL}')`]).trim());
		assert.ok(seen >= Math.floor(Date.now() / 1000) - 30, `the renewal neither met the full disk nor was written: ${log.slice(-800)}`);
	}
	const form = await page.form(`/organisaties/${ORG_A}/initiatieven`, { _csrf: csrf, name: 'Vol (formulier)', stage: 'idee', description: text });
	assert.equal(form.status, 507);
	assert.match(form.text_, /Opslag vol/);
	assert.equal(proc.exitCode, null, 'the server is still running');

	assert.equal(fs.run('sqlite3', ['-readonly', db, 'PRAGMA integrity_check']).trim(), 'ok');

	// Free the space: writes succeed again on the same process.
	fs.run('rm', [join(fs.dir, 'filler')]);
	const ok = await bearer(base, tok, 'POST', `/organisaties/${ORG_A}/initiatieven`, { json: initiative('Weer ruimte', { description: text }) });
	assert.equal(ok.res.status, 201, ok.text);
	const again = await page.form(`/organisaties/${ORG_A}/initiatieven`, { _csrf: csrf, name: 'Weer ruimte (formulier)', stage: 'idee' });
	assert.equal(again.status, 303, again.text_);
	for (const [id, name] of acked) {
		const r = await bearer(base, tok, 'GET', `/initiatieven/${id}`);
		assert.equal(r.body?.name, name, `acknowledged initiative ${id} is still there`);
	}
	const refused = fs.run('sqlite3', ['-readonly', db, "SELECT count(*) FROM initiatives WHERE name IN ('Nog steeds vol','Vol (formulier)')"]).trim();
	assert.equal(refused, '0', 'refused writes left nothing');
	assert.equal(fs.run('sqlite3', ['-readonly', db, 'PRAGMA integrity_check']).trim(), 'ok');
	assert.equal(proc.exitCode, null, 'the server is still running');
	assert.doesNotMatch(log, /bug:/, 'no bug reported');
});
