// SPDX-License-Identifier: EUPL-1.2
// What the single sign-on tests share (sso.test.mjs, sso-key.test.mjs,
// sso-link.test.mjs, sso-wait.test.mjs): the REAL `oidc-provider` (npm) on
// 127.0.0.1 behind a small relay, the walk through its development login
// screens, and one whole sign-in (start -> provider -> callback).
//
// The relay is the issuer's address; the provider itself listens on an
// inner port. It notes every token request's form as sent and can hold the
// answers under a path (the token endpoint, the discovery document) back for
// a while (a slow provider).
import assert from 'node:assert/strict';
import http from 'node:http';
import { execFileSync } from 'node:child_process';
import Provider from 'oidc-provider';
import { freePort, Client, Jar } from './lib.mjs';

/** Rows of a read-only query on the server's database, as objects. */
export function sql(db, query) {
	const out = execFileSync('sqlite3', ['-json', '-readonly', db, query], { encoding: 'utf8' });
	return out.trim() ? JSON.parse(out) : [];
}

/**
 * Starts oidc-provider with `clients` and `accounts` (id -> claims) behind
 * a relay. `options` are passed on to the provider (e.g. its `fetch`).
 * Returns { op, base, tokenForms, setTokenDelay(ms), close() }.
 */
export async function startProvider({ clients, accounts, cookieKey = 'sso-test-cookie-key', options = {} }) {
	const port = await freePort();
	const base = `http://127.0.0.1:${port}`;
	const op = new Provider(base, {
		clients,
		async findAccount(ctx, id) {
			if (!accounts[id]) return undefined;
			return { accountId: id, async claims() { return { sub: id, ...accounts[id] }; } };
		},
		claims: { openid: ['sub'], email: ['email', 'email_verified'], profile: ['name', 'groups'] },
		conformIdTokenClaims: false, // the claims go into the ID token itself
		pkce: { required: () => true },
		cookies: { keys: [cookieKey] },
		features: { devInteractions: { enabled: true } },
		...options,
	});
	const inner = http.createServer(op.callback());
	const innerPort = await freePort();
	await new Promise((ok) => inner.listen(innerPort, '127.0.0.1', ok));
	const tokenForms = []; // every token request: { form, auth }
	const delays = new Map(); // path prefix -> ms
	const relay = http.createServer((req, res) => {
		const chunks = [];
		req.on('data', (d) => chunks.push(d));
		req.on('end', async () => {
			const body = Buffer.concat(chunks);
			const isToken = req.method === 'POST' && req.url.startsWith('/token');
			if (isToken) tokenForms.push({ form: new URLSearchParams(body.toString()), auth: req.headers.authorization });
			const delay = [...delays].find(([prefix]) => req.url.startsWith(prefix))?.[1];
			if (delay) {
				await new Promise((ok) => setTimeout(ok, delay));
				if (res.destroyed || req.socket.destroyed) return; // the client gave up
			}
			const fwd = http.request({ host: '127.0.0.1', port: innerPort, method: req.method, path: req.url, headers: req.headers }, (r) => {
				res.writeHead(r.statusCode, r.headers);
				r.pipe(res);
			});
			fwd.on('error', () => res.destroy());
			fwd.end(body);
		});
	});
	await new Promise((ok) => relay.listen(port, '127.0.0.1', ok));
	return {
		op,
		base,
		tokenForms,
		setTokenDelay(ms) { delays.set('/token', ms); },
		/** Holds back every answer under the path prefix for ms (0: none). */
		setDelay(prefix, ms) { delays.set(prefix, ms); },
		close() {
			relay.closeAllConnections?.();
			relay.close();
			inner.closeAllConnections?.();
			inner.close();
		},
	};
}

/** Follows one redirect chain at the provider (base opBase) with its own
 * cookie jar, logging in as `who` and consenting, until it points back at
 * Scalelab (srvBase); returns that URL. */
export async function providerLogin(authUrl, who, { opBase, srvBase }) {
	const jar = new Jar();
	let url = authUrl;
	for (let i = 0; i < 12; i++) {
		if (url.startsWith(srvBase)) return url;
		const u = new URL(url, opBase);
		let res = await fetch(u, { headers: { Cookie: jar.header() }, redirect: 'manual' });
		jar.take(res);
		if (res.status === 200 && u.pathname.startsWith('/interaction/')) {
			const html = await res.text();
			const prompt = /name="prompt" value="(\w+)"/.exec(html)?.[1] ?? (html.includes('name="login"') ? 'login' : 'consent');
			const body = new URLSearchParams(prompt === 'login' ? { prompt, login: who, password: 'x' } : { prompt });
			res = await fetch(u, {
				method: 'POST',
				headers: { Cookie: jar.header(), 'Content-Type': 'application/x-www-form-urlencoded' },
				body: body.toString(),
				redirect: 'manual',
			});
			jar.take(res);
		}
		assert.ok([302, 303].includes(res.status), `provider step ${u.pathname}: ${res.status}`);
		url = new URL(res.headers.get('location'), u).toString();
	}
	throw new Error('no way back from the provider');
}

/** Starts a sign-in at our server (client c, new when absent) for org;
 * returns the client (holding the pre-login cookie) and the provider's URL. */
export async function startSignIn(srvBase, org, { c = new Client(srvBase), next = '/initiatieven', extra = '' } = {}) {
	const res = await c.get(`/inloggen/sso/start?organisatie=${org}&next=${next}${extra}`);
	assert.equal(res.status, 303, res.text_);
	return { c, res, auth: new URL(res.headers.get('location')) };
}

/** One whole sign-in of `who` through org's provider: the client, the
 * callback's answer and the callback URL. */
export async function signIn(srvBase, opBase, org, who, opts = {}) {
	const { c, auth } = await startSignIn(srvBase, org, opts);
	const back = new URL(await providerLogin(auth.toString(), who, { opBase, srvBase }));
	return { c, back, res: await c.get(back.pathname + back.search) };
}
