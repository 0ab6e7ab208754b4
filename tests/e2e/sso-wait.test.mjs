// SPDX-License-Identifier: EUPL-1.2
// A slow identity provider must not stall the server (docs/sso.md,
// "Waiting for the provider"). The server runs with ONE server thread
// (--threads 1), so before the fix every other connection waited while a
// sign-in waited for the token endpoint, and a provider that fetches our
// JWKS during the token request (private_key_jwt, the real oidc-provider)
// could not get it at all. The relay in front of the provider
// (sso-lib.mjs) holds the token endpoint's answer back:
//  - 1.5 s: meanwhile a GET of our JWKS on a kept-alive connection and a
//    page answer in < 100 ms, and the sign-in still completes;
//  - past the 5 s time-out: a Dutch error page naming it, audited, no
//    session; the next sign-in passes (nothing stuck);
//  - 45 sign-ins waiting at once over three providers: one provider holds
//    at most 16 places, all together 32; the rest get 503 at once with
//    Retry-After and a Dutch page, and the server keeps answering.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import http from 'node:http';
import { startServer, sessionApi, catalogue, login, cli, Client, ORG_A, ORG_B } from './lib.mjs';
import { sql, startProvider, startSignIn, providerLogin, signIn } from './sso-lib.mjs';

const NL = catalogue('nl');
const ORG2 = 'gemeente-rivierstad';
let srv, op, api, jwksUri;
const jwksFetches = [];

const accounts = {
	anne: { email: 'anne@voorbeeldstad.nl', email_verified: true, name: 'Anne de Vries', groups: ['scalelab-bewerkers'] },
};

before(async () => {
	srv = await startServer({ args: ['--threads', '1'] });
	jwksUri = `${srv.base}/api/v1/sso/${ORG_A}/jwks.json`;
	op = await startProvider({
		clients: [{
			client_id: 'scalelab-a',
			redirect_uris: [`${srv.base}/inloggen/sso/terug`],
			grant_types: ['authorization_code'],
			response_types: ['code'],
			token_endpoint_auth_method: 'private_key_jwt',
			token_endpoint_auth_signing_alg: 'RS256',
			jwks_uri: jwksUri,
		}],
		accounts,
		cookieKey: 'sso-wait-test-cookie',
		options: {
			// loopback only: the provider's SSRF guard would refuse 127.0.0.1
			fetch: (url, options) => {
				delete options.dispatcher;
				jwksFetches.push(url);
				return globalThis.fetch(url, options);
			},
		},
	});
	api = await sessionApi(srv.base);
	const put = await api('PUT', `/organisaties/${ORG_A}/sso`, {
		displayName: 'Voorbeeldstad Account', issuer: op.base, clientId: 'scalelab-a', authMethod: 'private_key_jwt',
		emailDomains: ['voorbeeldstad.nl'], groupRoles: [{ group: 'scalelab-bewerkers', role: 'bewerker' }], justInTime: true,
	});
	assert.equal(put.res.status, 200, put.text);
});

after(async () => {
	op?.close();
	await srv?.stop();
});

/** GET on a given agent: status, milliseconds, whether the socket was reused. */
function timedGet(agent, url) {
	return new Promise((ok, fail) => {
		const t0 = performance.now();
		const req = http.get(url, { agent }, (res) => {
			res.resume();
			res.on('end', () => ok({ status: res.statusCode, ms: performance.now() - t0, reused: req.reusedSocket }));
		});
		req.on('error', fail);
	});
}

/** Resolves once the relay has received n token requests. */
async function tokenRequests(n) {
	for (let i = 0; i < 400 && op.tokenForms.length < n; i++) await new Promise((ok) => setTimeout(ok, 10));
	assert.ok(op.tokenForms.length >= n, 'the token request reached the provider');
}

test('while a sign-in waits 1.5 s for the token endpoint, our JWKS on a kept-alive connection and a page answer in < 100 ms; the provider reads the JWKS meanwhile and the sign-in completes', async () => {
	const agent = new http.Agent({ keepAlive: true, maxSockets: 1 });
	const first = await timedGet(agent, jwksUri); // opens the kept-alive connection
	assert.equal(first.status, 200);
	op.setTokenDelay(1500);
	const n0 = op.tokenForms.length;
	const f0 = jwksFetches.length;
	const t0 = performance.now();
	const pending = signIn(srv.base, op.base, ORG_A, 'anne');
	await tokenRequests(n0 + 1);
	const during = [];
	for (let i = 0; i < 5; i++) {
		during.push(await timedGet(agent, jwksUri));
		during.push(await timedGet(agent, `${srv.base}/toegankelijkheid`));
	}
	const { c, res } = await pending;
	const total = performance.now() - t0;
	op.setTokenDelay(0);
	agent.destroy();
	for (const d of during) {
		assert.equal(d.status, 200);
		assert.equal(d.reused, true, 'the same kept-alive connection');
		assert.ok(d.ms < 100, `answered in ${d.ms.toFixed(1)} ms while the sign-in waited`);
	}
	console.log(`# during the wait: max ${Math.max(...during.map((d) => d.ms)).toFixed(1)} ms over ${during.length} GETs; sign-in ${total.toFixed(0)} ms`);
	assert.ok(total >= 1500, 'the sign-in did wait for the provider');
	assert.equal(res.status, 303, res.text_.slice(0, 400));
	assert.equal(res.headers.get('location'), '/initiatieven');
	assert.ok(c.jar.get('__Host-sl_session'), 'a session started');
	// the provider fetched our key set during the token request: with one server thread that could not be served before
	assert.ok(jwksFetches.slice(f0).includes(jwksUri), 'the provider read our JWKS during the sign-in');
	assert.equal(op.tokenForms.at(-1).form.get('client_assertion_type'), 'urn:ietf:params:oauth:client-assertion-type:jwt-bearer');
});

test('a token endpoint that does not answer within 5 s: a Dutch error page naming it, audited, no session; the next sign-in passes', async () => {
	op.setTokenDelay(8000);
	const sessions0 = Number(sql(srv.db, 'SELECT count(*) AS n FROM sessions')[0].n);
	const n0 = op.tokenForms.length;
	const t0 = performance.now();
	const pending = signIn(srv.base, op.base, ORG_A, 'anne');
	await tokenRequests(n0 + 1);
	const agent = new http.Agent({ keepAlive: true, maxSockets: 1 });
	const probe = await timedGet(agent, jwksUri);
	agent.destroy();
	assert.ok(probe.ms < 100, `the JWKS answered in ${probe.ms.toFixed(1)} ms`);
	const { c, res } = await pending;
	const took = performance.now() - t0;
	op.setTokenDelay(0);
	assert.ok(took >= 4900 && took < 7500, `the time-out came after ${took.toFixed(0)} ms`);
	assert.equal(res.status, 401);
	assert.match(res.headers.get('content-type'), /text\/html/);
	assert.ok(res.text_.includes(NL['err.sso.timeout']), res.text_.slice(0, 600));
	assert.match(res.text_, /<html lang="nl"/);
	assert.equal(c.jar.get('__Host-sl_session'), undefined);
	assert.equal(Number(sql(srv.db, 'SELECT count(*) AS n FROM sessions')[0].n), sessions0, 'no session was made');
	assert.ok(sql(srv.db, "SELECT object FROM audit_log WHERE action = 'sso.login' AND result = 'denied'").some((r) => r.object.includes('err.sso.timeout')));
	// nothing stuck: the next sign-in goes through
	const next = await signIn(srv.base, op.base, ORG_A, 'anne');
	assert.equal(next.res.status, 303, next.res.text_.slice(0, 300));
});

test('a provider slow in every call (token 4 s, key set 6 s, not cached): the sign-in ends at its 8 s budget with the time-out page', async () => {
	// a changed configuration forgets the cached documents; the start fetches the discovery document again
	const put = await api('PUT', `/organisaties/${ORG_A}/sso`, {
		displayName: 'Voorbeeldstad Account', issuer: op.base, clientId: 'scalelab-a', authMethod: 'private_key_jwt',
		emailDomains: ['voorbeeldstad.nl'], groupRoles: [{ group: 'scalelab-bewerkers', role: 'bewerker' }], justInTime: true,
	});
	assert.equal(put.res.status, 200, put.text);
	const { c, auth } = await startSignIn(srv.base, ORG_A);
	const back = new URL(await providerLogin(auth.toString(), 'anne', { opBase: op.base, srvBase: srv.base }));
	op.setTokenDelay(4000);
	op.setDelay('/jwks', 6000);
	const t0 = performance.now();
	const res = await c.get(back.pathname + back.search);
	const took = performance.now() - t0;
	op.setTokenDelay(0);
	op.setDelay('/jwks', 0);
	assert.equal(res.status, 401, res.text_.slice(0, 300));
	assert.ok(res.text_.includes(NL['err.sso.timeout']), res.text_.slice(0, 600));
	assert.ok(took >= 7800 && took < 9500, `the sign-in ended after ${took.toFixed(0)} ms (4 + 5 + 5 without the budget)`);
	console.log(`# token 4 s + key set 6 s: ended after ${took.toFixed(0)} ms`);
	assert.equal(c.jar.get('__Host-sl_session'), undefined);
});

test('sign-ins waiting at once: one provider holds at most 16 places, all providers together 32; the rest get 503 at once with Retry-After', async () => {
	// two more organisations with providers of their own (distinct issuers), set up with the CLI
	const client = { client_id: 'scalelab-a', redirect_uris: [`${srv.base}/inloggen/sso/terug`], grant_types: ['authorization_code'], response_types: ['code'], token_endpoint_auth_method: 'private_key_jwt', jwks_uri: jwksUri };
	const op2 = await startProvider({ clients: [client], accounts, cookieKey: 'sso-wait-2' });
	const op3 = await startProvider({ clients: [client], accounts, cookieKey: 'sso-wait-3' });
	try {
		for (const [org, o] of [[ORG2, op2], [ORG_B, op3]]) {
			cli(['sso', 'add', '--db', srv.db, '--org', org, '--issuer', o.base, '--client-id', 'scalelab-a', '--auth-method', 'private_key_jwt']);
		}
		// pre-login cookies, each with its own state; the code is made up (the
		// provider refuses it after the delay, which is all this needs)
		const starts = async (org, n) => {
			const out = [];
			for (let i = 0; i < n; i++) out.push(await startSignIn(srv.base, org));
			return out;
		};
		const a = await starts(ORG_A, 20), r = await starts(ORG2, 20), z = await starts(ORG_B, 5);
		for (const o of [op, op2, op3]) o.setTokenDelay(2500);
		const n0 = op.tokenForms.length;
		const t0 = performance.now();
		const fire = (list) => Promise.all(list.map(async ({ c, auth }) => {
			const res = await c.get(`/inloggen/sso/terug?code=verzonnen-code&state=${auth.searchParams.get('state')}`);
			return { res, ms: performance.now() - t0 };
		}));
		const pa = fire(a), pr = fire(r);
		await tokenRequests(n0 + 16);
		for (let i = 0; i < 400 && op2.tokenForms.length < 16; i++) await new Promise((ok) => setTimeout(ok, 10));
		assert.equal(op2.tokenForms.length, 16, 'the second provider got its 16');
		// every waiting place is taken now: the third provider's sign-ins are refused although it holds none
		const agent = new http.Agent({ keepAlive: true, maxSockets: 1 });
		const probes = [];
		for (let i = 0; i < 3; i++) probes.push(await timedGet(agent, jwksUri));
		agent.destroy();
		const pz = fire(z);
		const [ra, rr, rz] = await Promise.all([pa, pr, pz]);
		for (const o of [op, op2, op3]) o.setTokenDelay(0);
		const count = (list, st) => list.filter((x) => x.res.status === st).length;
		const statuses = (list) => list.map((x) => x.res.status).join(' ');
		assert.equal(count(ra, 401), 16, `A: ${statuses(ra)}`);
		assert.equal(count(ra, 503), 4);
		assert.equal(count(rr, 401), 16, `Rivierstad: ${statuses(rr)}`);
		assert.equal(count(rr, 503), 4);
		assert.equal(count(rz, 503), 5, `Oost: ${statuses(rz)}`);
		assert.equal(op3.tokenForms.length, 0, 'the refused ones never reached their provider');
		assert.equal(op.tokenForms.length, n0 + 16);
		const busy = [...ra, ...rr, ...rz].filter((x) => x.res.status === 503);
		for (const b of busy) {
			assert.equal(b.res.headers.get('retry-after'), '5');
			assert.ok(b.res.text_.includes(NL['err.sso.busy']));
		}
		for (const b of [...ra, ...rr].filter((x) => x.res.status === 503)) assert.ok(b.ms < 1500, `refused at once (${b.ms.toFixed(0)} ms)`);
		for (const w of [...ra, ...rr].filter((x) => x.res.status === 401)) assert.ok(w.ms >= 2400, 'these waited for the provider');
		for (const p of probes) assert.ok(p.ms < 100, `the JWKS answered in ${p.ms.toFixed(1)} ms with 32 sign-ins waiting`);
		console.log(`# 45 at once: 32 waited (16 per provider), ${busy.length} refused (at once: max ${Math.max(...busy.map((b) => b.ms)).toFixed(0)} ms after the start); JWKS meanwhile max ${Math.max(...probes.map((p) => p.ms)).toFixed(1)} ms`);
		// and afterwards every place is free again
		const next = await signIn(srv.base, op.base, ORG_A, 'anne');
		assert.equal(next.res.status, 303);
	} finally {
		op2.close();
		op3.close();
	}
});

test('a sign-in start whose discovery document must be fetched (1.5 s) waits off the server thread too', async () => {
	// a changed configuration forgets the cached discovery document
	const put = await api('PUT', `/organisaties/${ORG_A}/sso`, {
		displayName: 'Voorbeeldstad Account', issuer: op.base, clientId: 'scalelab-a', authMethod: 'private_key_jwt',
		emailDomains: ['voorbeeldstad.nl'], groupRoles: [{ group: 'scalelab-bewerkers', role: 'bewerker' }], justInTime: false,
	});
	assert.equal(put.res.status, 200, put.text);
	const agent = new http.Agent({ keepAlive: true, maxSockets: 1 });
	await timedGet(agent, jwksUri);
	op.setDelay('/.well-known/openid-configuration', 1500);
	const t0 = performance.now();
	const pending = startSignIn(srv.base, ORG_A).then((r) => ({ ...r, ms: performance.now() - t0 }));
	await new Promise((ok) => setTimeout(ok, 200));
	const during = [];
	for (let i = 0; i < 5; i++) during.push(await timedGet(agent, jwksUri));
	const start = await pending;
	op.setDelay('/.well-known/openid-configuration', 0);
	agent.destroy();
	assert.ok(start.ms >= 1500, `the start waited for the document (${start.ms.toFixed(0)} ms)`);
	assert.ok(start.auth.toString().startsWith(`${op.base}/auth`), 'and sends the browser to the provider');
	for (const d of during) assert.ok(d.ms < 100 && d.reused, `the JWKS answered in ${d.ms.toFixed(1)} ms meanwhile`);
	console.log(`# start with a 1.5 s discovery: ${start.ms.toFixed(0)} ms; JWKS meanwhile max ${Math.max(...during.map((d) => d.ms)).toFixed(1)} ms`);
});

test('the settings page, whose discovery is fetched as outside work too, still says the provider answers', async () => {
	const c = new Client(srv.base);
	await login(c);
	const res = await c.get(`/organisaties/${ORG_A}/sso`);
	assert.equal(res.status, 200);
	assert.ok(res.text_.includes(NL['sso.reachable']), 'reachable');
});
