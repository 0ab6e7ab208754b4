// SPDX-License-Identifier: EUPL-1.2
// Shared helpers for the end-to-end tests: start the real ./scalelab on
// 127.0.0.1 with a free port and a temp database, a tiny cookie jar, the
// login page flow, and assertions for problem+json. Every server started
// here is stopped with SIGTERM by stop(), and with SIGKILL on process exit
// as a last resort, so a failing test never leaves a server behind.
// Importing this module also wraps the global fetch: every answer from
// /api/v1 that any e2e test receives is checked against the OpenAPI document
// of the server that sent it (openapi-check.mjs); a mismatch rejects the
// fetch, so the test fails with the path, status and schema errors.
import { spawn, execFileSync } from 'node:child_process';
import { mkdtempSync, readFileSync, readdirSync, rmSync, statSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import assert from 'node:assert/strict';
import { contractOf } from './openapi-check.mjs';

export const BIN = resolve(process.env.SCALELAB_BIN || './scalelab');
export const DEMO_EMAIL = 'demo@scalelab.test';
export const LEZER_EMAIL = 'raad@scalelab.test';
export const BEWERKER_EMAIL = 'pilot@scalelab.test';
export const DEMO_PASSWORD = 'demo-opschalen-2026';
export const ORG_A = 'gemeente-voorbeeldstad';
export const ORG_B = 'zorgcooperatie-oost';

const live = new Set();
process.on('exit', () => {
	for (const p of live) {
		try {
			p.kill('SIGKILL');
		} catch {
			/* already gone */
		}
	}
});

const nativeFetch = globalThis.fetch;

/** Checks one API answer against the server's OpenAPI document; throws on a mismatch. */
export async function checkApiAnswer(url, method, res) {
	const u = new URL(url);
	if (!u.pathname.startsWith('/api/v1/') || method === 'HEAD' || res.status === 304) return;
	const text = await res.clone().text();
	const contract = await contractOf(u.origin, nativeFetch);
	const err = contract.check(method, u.pathname.slice('/api/v1'.length), res.status, res.headers.get('content-type'), text);
	if (err) throw new Error(`OpenAPI contract: ${err}`);
}

globalThis.fetch = async function checkedFetch(input, init) {
	const res = await nativeFetch(input, init);
	const req = input instanceof Request ? input : null;
	const method = String(init?.method ?? req?.method ?? 'GET').toUpperCase();
	await checkApiAnswer(req ? req.url : String(input), method, res);
	return res;
};

/** The message catalogue of one language: every i18n/<module>.<lang>.json merged. */
export function catalogue(lang) {
	const out = {};
	const walk = (dir) => {
		for (const f of readdirSync(dir)) {
			const p = join(dir, f);
			if (statSync(p).isDirectory()) walk(p);
			else if (new RegExp(`(^|[._-])${lang}\\.json$`).test(f)) Object.assign(out, JSON.parse(readFileSync(p, 'utf8')));
		}
	};
	walk(resolve(new URL('../../i18n', import.meta.url).pathname));
	return out;
}

export function freePort() {
	return new Promise((ok, fail) => {
		const s = createServer();
		s.unref();
		s.on('error', fail);
		s.listen(0, '127.0.0.1', () => {
			const { port } = s.address();
			s.close(() => ok(port));
		});
	});
}

/** Runs a scalelab subcommand synchronously; returns stdout. */
export function cli(args, input) {
	return execFileSync(BIN, args, { input: input ?? '', encoding: 'utf8', stdio: ['pipe', 'pipe', 'pipe'] });
}

/** Runs sqlite3 on the database; returns stdout. */
export function sql(db, query) {
	return execFileSync('sqlite3', ['-readonly', db, query], { encoding: 'utf8' });
}

/**
 * Starts a server on a fresh demo database (env: extra environment, e.g.
 * session timeouts; args: extra `serve` options). Returns {base, db, dir, stop()}.
 * stop() sends SIGTERM, waits for the exit and removes the temp directory.
 */
export async function startServer({ demo = true, env = {}, args = [] } = {}) {
	const dir = mkdtempSync(join(tmpdir(), 'scalelab-e2e-'));
	const db = join(dir, 'test.db');
	cli(['init', '--db', db, ...(demo ? ['--demo'] : [])]);
	const port = await freePort();
	const proc = spawn(BIN, ['serve', '--db', db, '--listen', `127.0.0.1:${port}`,
		// two-step sign-in is tested on its own (mfa.test.mjs); elsewhere the demo beheerder signs in with a password
		...(args.includes('--require-mfa') ? [] : ['--require-mfa', 'none']), ...args], {
		stdio: ['ignore', 'ignore', 'pipe'],
		env: { ...process.env, ...env },
	});
	live.add(proc);
	let log = '';
	proc.stderr.on('data', (d) => (log += d));
	const exited = new Promise((ok) => proc.on('exit', (code, sig) => ok({ code, sig })));
	const base = `http://127.0.0.1:${port}`;
	const srv = {
		base,
		db,
		dir,
		proc,
		log: () => log,
		async stop() {
			if (proc.exitCode === null && proc.signalCode === null) proc.kill('SIGTERM');
			const t = setTimeout(() => proc.kill('SIGKILL'), 5000);
			const r = await exited;
			clearTimeout(t);
			live.delete(proc);
			rmSync(dir, { recursive: true, force: true });
			return r;
		},
	};
	for (let i = 0; i < 100; i++) {
		if (proc.exitCode !== null) break;
		try {
			await fetch(`${base}/toegankelijkheid`, { redirect: 'manual' });
		} catch {
			await new Promise((r) => setTimeout(r, 50));
			continue;
		}
		try {
			await contractOf(base, nativeFetch); // now, while the server surely runs
		} catch (e) {
			await srv.stop();
			throw e;
		}
		return srv;
	}
	await srv.stop();
	throw new Error(`server did not start:\n${log}`);
}

/** A cookie jar that ignores Secure (the tests speak plain HTTP to 127.0.0.1). */
export class Jar {
	constructor() {
		this.c = new Map();
	}
	take(res) {
		for (const sc of res.headers.getSetCookie()) {
			const [pair, ...attrs] = sc.split(';');
			const eq = pair.indexOf('=');
			const name = pair.slice(0, eq).trim();
			const value = pair.slice(eq + 1).trim();
			const maxAge = attrs.map((a) => a.trim().toLowerCase()).find((a) => a.startsWith('max-age='));
			if (maxAge && Number(maxAge.slice(8)) <= 0) this.c.delete(name);
			else this.c.set(name, value);
		}
	}
	get(name) {
		return this.c.get(name);
	}
	header() {
		return [...this.c].map(([k, v]) => `${k}=${v}`).join('; ');
	}
	clone() {
		const j = new Jar();
		j.c = new Map(this.c);
		return j;
	}
}

/** A browser-like client: keeps cookies, sends forms with Origin. */
export class Client {
	constructor(base, jar = new Jar()) {
		this.base = base;
		this.jar = jar;
	}
	async req(method, path, { headers = {}, body, origin } = {}) {
		const h = { ...headers };
		const cookie = this.jar.header();
		if (cookie) h.Cookie = cookie;
		if (origin) h.Origin = origin;
		const res = await fetch(this.base + path, { method, headers: h, body, redirect: 'manual' });
		this.jar.take(res);
		res.text_ = await res.text();
		return res;
	}
	get(path, opts) {
		return this.req('GET', path, opts);
	}
	/** Posts a urlencoded form; fields may use dotted names. */
	form(path, fields, { origin = this.base, headers = {} } = {}) {
		return this.req('POST', path, {
			origin,
			headers: { 'Content-Type': 'application/x-www-form-urlencoded', ...headers },
			body: new URLSearchParams(fields).toString(),
		});
	}
	/** The _csrf value of the first form on the page at path. */
	async csrfFrom(path) {
		const res = await this.get(path);
		assert.equal(res.status, 200, `GET ${path}`);
		const tok = csrfOf(res.text_);
		assert.ok(tok, `no _csrf in ${path}`);
		return tok;
	}
	/** Cookie-authenticated API call with the CSRF token from a page. */
	async api(method, path, json, { csrf, headers = {}, origin } = {}) {
		const h = { Accept: 'application/json', ...headers };
		if (json !== undefined) h['Content-Type'] = 'application/json';
		if (csrf) h['X-CSRF-Token'] = csrf;
		return this.req(method, '/api/v1' + path, {
			headers: h,
			origin,
			body: json === undefined ? undefined : JSON.stringify(json),
		});
	}
}

export function csrfOf(html) {
	const m = /name="_csrf" value="([^"]+)"/.exec(html);
	return m ? m[1] : null;
}

/** The page login flow: GET the form, POST it with its token. Returns the response. */
export async function login(client, email = DEMO_EMAIL, password = DEMO_PASSWORD) {
	const csrf = await client.csrfFrom('/inloggen');
	return client.form('/inloggen', { _csrf: csrf, next: '/', email, password });
}

export async function loggedIn(base, email = DEMO_EMAIL) {
	const c = new Client(base);
	const res = await login(c, email);
	assert.equal(res.status, 303, `login of ${email}`);
	assert.ok(c.jar.get('__Host-sl_session'), 'session cookie set');
	return c;
}

/** Plain bearer-token API call. Returns {res, body}. */
export async function bearer(base, token, method, path, { json, raw, headers = {} } = {}) {
	const h = { Accept: 'application/json', ...headers };
	if (token) h.Authorization = `Bearer ${token}`;
	let body = raw;
	if (json !== undefined) {
		body = JSON.stringify(json);
		h['Content-Type'] ??= 'application/json';
	} else if (raw !== undefined) {
		h['Content-Type'] ??= 'application/json';
	}
	const res = await fetch(base + '/api/v1' + path, { method, headers: h, body, redirect: 'manual' });
	const text = await res.text();
	let parsed = null;
	try {
		parsed = JSON.parse(text);
	} catch {
		/* not JSON; tests that care assert on it */
	}
	return { res, body: parsed, text };
}

/**
 * Logs in and returns a session-authenticated API caller (cookie plus CSRF
 * token): (method, path, json) => {res, body, text}, like bearer().
 */
export async function sessionApi(base, email = DEMO_EMAIL) {
	const c = await loggedIn(base, email);
	const csrf = await c.csrfFrom('/mij/tokens');
	return async (method, path, json) => {
		const res = await c.api(method, path, json, { csrf, origin: base });
		let parsed = null;
		try {
			parsed = JSON.parse(res.text_);
		} catch {
			/* not JSON; tests that care assert on it */
		}
		return { res, body: parsed, text: res.text_ };
	};
}

export function token(db, email = DEMO_EMAIL) {
	return cli(['user', 'token', '--db', db, '--email', email]).trim();
}

/** Asserts the problem+json shape; `fields` must all appear in invalid-params. */
export function assertProblem({ res, body, text }, status, fields = []) {
	assert.equal(res.status, status, `status (body: ${text})`);
	assert.match(res.headers.get('content-type') || '', /^application\/problem\+json/);
	assert.ok(body && typeof body === 'object', 'body is a JSON object');
	assert.equal(typeof body.type, 'string');
	assert.equal(typeof body.title, 'string');
	assert.ok(body.title.length > 0);
	assert.equal(body.status, status);
	assert.equal(typeof body.detail, 'string');
	assert.equal(typeof body.instance, 'string');
	if (fields.length) {
		assert.ok(Array.isArray(body['invalid-params']), `invalid-params present (body: ${text})`);
		for (const p of body['invalid-params']) {
			assert.equal(typeof p.name, 'string');
			assert.equal(typeof p.reason, 'string');
			assert.ok(p.reason.length > 0);
		}
		const list = body['invalid-params'].map((p) => p.name);
		const names = new Set(list);
		assert.equal(names.size, list.length, `each field is named once (got ${list})`);
		for (const f of fields) assert.ok(names.has(f), `invalid-params names ${f} (got ${[...names]})`);
	}
	return body;
}

export const RFC3339_UTC = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(\.\d+)?Z$/;
