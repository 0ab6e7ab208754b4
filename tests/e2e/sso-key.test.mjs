// SPDX-License-Identifier: EUPL-1.2
// Single sign-on with client authentication by a key pair (private_key_jwt,
// RFC 7523; OIDC Core section 9), against the REAL `oidc-provider` (npm) on
// 127.0.0.1. Scalelab makes (or imports) the organisation's key pair,
// publishes the public half at /api/v1/sso/<org>/jwks.json, and signs a
// client assertion for the token request. The provider reads that JWKS
// itself (client metadata jwks_uri) and verifies the assertion: a login
// through it proves the key, the JWKS and the assertion's claims together.
// The provider is given a fetch without its SSRF guard, which refuses
// loopback addresses: everything here runs on 127.0.0.1.
// A second client is registered with a key the test made (jose), not
// Scalelab's: its logins are refused at the token endpoint until that
// private key is imported into Scalelab.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import http from 'node:http';
import { execFileSync } from 'node:child_process';
import Provider from 'oidc-provider';
import { generateKeyPair, exportJWK, calculateJwkThumbprint, decodeJwt, decodeProtectedHeader } from 'jose';
import { startServer, sessionApi, catalogue, freePort, Client, Jar, ORG_A } from './lib.mjs';

const ORG2 = 'gemeente-rivierstad';
const NL = catalogue('nl');
let srv, op, opServer, opBase, api, api2, testKey;
const assertions = []; // every client assertion the provider received, as sent
const jwksFetches = []; // every key set the provider fetched

function sql(db, query) {
	const out = execFileSync('sqlite3', ['-json', '-readonly', db, query], { encoding: 'utf8' });
	return out.trim() ? JSON.parse(out) : [];
}

const accounts = {
	anne: { email: 'anne@voorbeeldstad.nl', email_verified: true, name: 'Anne de Vries', groups: ['scalelab-bewerkers'] },
	eva: { email: 'eva@rivierstad.nl', email_verified: true, name: 'Eva Bakker', groups: ['scalelab-bewerkers'] },
};

before(async () => {
	srv = await startServer();
	const port = await freePort();
	opBase = `http://127.0.0.1:${port}`;
	const k = await generateKeyPair('RS256', { extractable: true });
	// registered at the provider under a kid of its own, as an operator would
	testKey = { priv: { ...(await exportJWK(k.privateKey)), kid: 'rivierstad-2026' }, pub: { ...(await exportJWK(k.publicKey)), kid: 'rivierstad-2026', use: 'sig', alg: 'RS256' } };
	op = new Provider(opBase, {
		clients: [{
			client_id: 'scalelab-a',
			redirect_uris: [`${srv.base}/inloggen/sso/terug`],
			grant_types: ['authorization_code'],
			response_types: ['code'],
			token_endpoint_auth_method: 'private_key_jwt',
			token_endpoint_auth_signing_alg: 'RS256',
			jwks_uri: `${srv.base}/api/v1/sso/${ORG_A}/jwks.json`,
		}, {
			client_id: 'scalelab-b',
			redirect_uris: [`${srv.base}/inloggen/sso/terug`],
			grant_types: ['authorization_code'],
			response_types: ['code'],
			token_endpoint_auth_method: 'private_key_jwt',
			jwks: { keys: [testKey.pub] },
		}],
		async findAccount(ctx, id) {
			if (!accounts[id]) return undefined;
			return { accountId: id, async claims() { return { sub: id, ...accounts[id] }; } };
		},
		claims: { openid: ['sub'], email: ['email', 'email_verified'], profile: ['name', 'groups'] },
		conformIdTokenClaims: false,
		pkce: { required: () => true },
		cookies: { keys: ['sso-key-test-cookie'] },
		features: { devInteractions: { enabled: true } },
		// loopback only: the provider's SSRF guard would refuse 127.0.0.1
		fetch: (url, options) => {
			delete options.dispatcher;
			jwksFetches.push(url);
			return globalThis.fetch(url, options);
		},
	});
	// the provider listens on an inner port; the issuer's port is a plain
	// relay that notes every token request's form as sent
	const inner = http.createServer(op.callback());
	const innerPort = await freePort();
	await new Promise((ok) => inner.listen(innerPort, '127.0.0.1', ok));
	opServer = http.createServer((req, res) => {
		const chunks = [];
		req.on('data', (d) => chunks.push(d));
		req.on('end', () => {
			const body = Buffer.concat(chunks);
			if (req.method === 'POST' && req.url.startsWith('/token')) {
				const p = new URLSearchParams(body.toString());
				assertions.push({ type: p.get('client_assertion_type'), jwt: p.get('client_assertion'), auth: req.headers.authorization });
			}
			const fwd = http.request({ host: '127.0.0.1', port: innerPort, method: req.method, path: req.url, headers: req.headers }, (r) => {
				res.writeHead(r.statusCode, r.headers);
				r.pipe(res);
			});
			fwd.end(body);
		});
	});
	opServer.inner = inner;
	await new Promise((ok) => opServer.listen(port, '127.0.0.1', ok));
	api = await sessionApi(srv.base);
	api2 = await sessionApi(srv.base, 'rivierstad@scalelab.test');
});

after(async () => {
	opServer?.close();
	opServer?.inner.close();
	await srv?.stop();
});

async function providerLogin(authUrl, who) {
	const jar = new Jar();
	let url = authUrl;
	for (let i = 0; i < 12; i++) {
		if (url.startsWith(srv.base)) return url;
		const u = new URL(url, opBase);
		let res = await fetch(u, { headers: { Cookie: jar.header() }, redirect: 'manual' });
		jar.take(res);
		if (res.status === 200 && u.pathname.startsWith('/interaction/')) {
			const html = await res.text();
			const prompt = /name="prompt" value="(\w+)"/.exec(html)?.[1] ?? (html.includes('name="login"') ? 'login' : 'consent');
			const body = new URLSearchParams(prompt === 'login' ? { prompt, login: who, password: 'x' } : { prompt });
			res = await fetch(u, { method: 'POST', headers: { Cookie: jar.header(), 'Content-Type': 'application/x-www-form-urlencoded' }, body: body.toString(), redirect: 'manual' });
			jar.take(res);
		}
		assert.ok([302, 303].includes(res.status), `provider step ${u.pathname}: ${res.status}`);
		url = new URL(res.headers.get('location'), u).toString();
	}
	throw new Error('no way back from the provider');
}

/** Makes the provider fetch and cache (60 s) the client's JWKS now, with
 * an assertion it cannot verify. Why: while Scalelab waits for the token
 * endpoint, that login's worker thread is busy; a provider that fetches the
 * JWKS during that call lands on the same thread 1 time in --threads and
 * times out (docs/sso.md, Limits). Outside the token call it always works. */
async function warmProviderJwks(clientId, kid, tokenEndpoint) {
	const b64 = (o) => Buffer.from(JSON.stringify(o)).toString('base64url');
	const t = Math.floor(Date.now() / 1000);
	const junk = `${b64({ alg: 'RS256', kid })}.${b64({ iss: clientId, sub: clientId, aud: tokenEndpoint, jti: `warm-${t}-${Math.random()}`, iat: t, exp: t + 60 })}.${'A'.repeat(342)}`;
	const r = await fetch(tokenEndpoint, {
		method: 'POST',
		headers: { 'Content-Type': 'application/x-www-form-urlencoded' },
		body: new URLSearchParams({ grant_type: 'authorization_code', code: 'x', redirect_uri: `${srv.base}/inloggen/sso/terug`, client_id: clientId, client_assertion_type: 'urn:ietf:params:oauth:client-assertion-type:jwt-bearer', client_assertion: junk }).toString(),
	});
	assert.equal(r.status, 401, 'a forged assertion is refused');
}

/** A whole sign-in of `who` through org's provider; the callback's answer and the client. */
async function signIn(org, who) {
	const c = new Client(srv.base);
	const res = await c.get(`/inloggen/sso/start?organisatie=${org}&next=/initiatieven`);
	assert.equal(res.status, 303, res.text_);
	const back = new URL(await providerLogin(res.headers.get('location'), who));
	const cb = await c.get(back.pathname + back.search);
	return { c, res: cb };
}

test('private_key_jwt: Scalelab makes a key pair, publishes its JWKS and signs in through the real provider with a client assertion', async () => {
	const put = await api('PUT', `/organisaties/${ORG_A}/sso`, {
		displayName: 'Voorbeeldstad Account', issuer: opBase, clientId: 'scalelab-a', authMethod: 'private_key_jwt',
		emailDomains: ['voorbeeldstad.nl'], groupRoles: [{ group: 'scalelab-bewerkers', role: 'bewerker' }], justInTime: true,
	});
	assert.equal(put.res.status, 200, put.text);
	assert.equal(put.body.authMethod, 'private_key_jwt');
	assert.equal(put.body.hasClientSecret, false, 'no secret was needed');
	assert.equal(put.body.clientKey.alg, 'RS256');
	assert.equal(put.body.jwksUri, `${srv.base}/api/v1/sso/${ORG_A}/jwks.json`);
	// the JWKS is public, holds only the public half, and its kid is the RFC 7638 thumbprint (computed by jose)
	const jr = await fetch(put.body.jwksUri);
	assert.equal(jr.status, 200);
	const jwks = await jr.json();
	assert.equal(jwks.keys.length, 1);
	const [pub] = jwks.keys;
	assert.equal(pub.kty, 'RSA');
	for (const priv of ['d', 'p', 'q', 'dp', 'dq', 'qi']) assert.equal(pub[priv], undefined, `no ${priv} in the public key`);
	assert.equal(Buffer.from(pub.n, 'base64url').length * 8, 2048);
	assert.equal(pub.kid, await calculateJwkThumbprint(pub));
	assert.equal(pub.kid, put.body.clientKey.kid);
	// the private key is stored sealed: its members appear nowhere in the database in clear
	const row = sql(srv.db, 'SELECT hex(key_box) AS box, key_public FROM sso_providers WHERE key_box IS NOT NULL')[0];
	assert.ok(row.box.length > 2000);
	assert.ok(!row.box.includes(Buffer.from('"d":').toString('hex').toUpperCase()));
	assert.ok(!row.key_public.includes('"d"'));
	assert.ok(sql(srv.db, "SELECT 1 FROM audit_log WHERE action = 'sso.key' AND result = 'ok'").length >= 1);

	const disc = await (await fetch(`${opBase}/.well-known/openid-configuration`)).json();
	const f0 = jwksFetches.length;
	await warmProviderJwks('scalelab-a', pub.kid, disc.token_endpoint);
	assert.deepEqual(jwksFetches.slice(f0), [put.body.jwksUri], 'the provider read our published key set');
	const n0 = assertions.length;
	const { c, res } = await signIn(ORG_A, 'anne');
	assert.equal(res.status, 303, res.text_.slice(0, 400));
	assert.equal(res.headers.get('location'), '/initiatieven');
	assert.ok(c.jar.get('__Host-sl_session'), 'a session started');
	// what the provider received: an assertion, no secret
	const a = assertions.at(-1);
	assert.equal(assertions.length, n0 + 1);
	assert.equal(a.type, 'urn:ietf:params:oauth:client-assertion-type:jwt-bearer');
	assert.equal(a.auth, undefined, 'no Basic credentials');
	const hdr = decodeProtectedHeader(a.jwt);
	const cl = decodeJwt(a.jwt);
	assert.equal(hdr.alg, 'RS256');
	assert.equal(hdr.kid, pub.kid);
	assert.equal(cl.iss, 'scalelab-a');
	assert.equal(cl.sub, 'scalelab-a');
	assert.equal(cl.aud, disc.token_endpoint);
	assert.equal(cl.exp - cl.iat, 60);
	assert.ok(Math.abs(cl.iat - Date.now() / 1000) < 30);
	assert.ok(cl.jti.length >= 32);
	// a second sign-in: a new jti (the provider refuses a replayed one)
	const again = await signIn(ORG_A, 'anne');
	assert.equal(again.res.status, 303);
	assert.notEqual(decodeJwt(assertions.at(-1).jwt).jti, cl.jti);
});

test('private_key_jwt: a key the provider does not know is refused at the token endpoint; importing the registered key makes it work', async () => {
	const put = await api2('PUT', `/organisaties/${ORG2}/sso`, {
		displayName: 'Rivierstad Account', issuer: opBase, clientId: 'scalelab-b', authMethod: 'private_key_jwt',
		emailDomains: ['rivierstad.nl'], groupRoles: [{ group: 'scalelab-bewerkers', role: 'bewerker' }], justInTime: true,
	});
	assert.equal(put.res.status, 200, put.text);
	const sessions0 = sql(srv.db, 'SELECT count(*) AS n FROM sessions')[0].n;
	const wrong = await signIn(ORG2, 'eva');
	assert.equal(wrong.res.status, 401, wrong.res.text_.slice(0, 300));
	assert.ok(wrong.res.text_.includes(NL['err.sso.token_refused']));
	assert.equal(wrong.c.jar.get('__Host-sl_session'), undefined);
	assert.equal(sql(srv.db, 'SELECT count(*) AS n FROM sessions')[0].n, sessions0, 'no session was made');
	assert.ok(sql(srv.db, "SELECT object FROM audit_log WHERE action = 'sso.login' AND result = 'denied'").some((r) => r.object.includes('err.sso.token_refused')));
	assert.equal(sql(srv.db, "SELECT count(*) AS n FROM users WHERE email = 'eva@rivierstad.nl'")[0].n, 0);

	// bad imports are named
	for (const [jwk, reason] of [[{ kty: 'RSA', n: testKey.pub.n, e: testKey.pub.e }, 'err.sso.key_public'], [{ kty: 'oct', k: 'AAAA' }, 'err.sso.key_kind'], ['geen json', 'err.sso.key_format']]) {
		const bad = await api2('POST', `/organisaties/${ORG2}/sso/sleutel`, { privateJwk: jwk });
		assert.equal(bad.res.status, 400, bad.text);
		assert.equal(bad.body['invalid-params'][0].name, 'privateJwk');
		assert.equal(bad.body['invalid-params'][0].reason, NL[reason]);
	}
	// the registered key imported: published under its own kid, and the sign-in passes
	const imp = await api2('POST', `/organisaties/${ORG2}/sso/sleutel`, { privateJwk: testKey.priv });
	assert.equal(imp.res.status, 200, imp.text);
	assert.equal(imp.body.clientKey.kid, 'rivierstad-2026');
	assert.ok(!JSON.stringify(imp.body).includes(testKey.priv.d), 'the private key is never sent back');
	const pub = (await (await fetch(imp.body.jwksUri)).json()).keys[0];
	assert.equal(pub.n, testKey.pub.n);
	const ok = await signIn(ORG2, 'eva');
	assert.equal(ok.res.status, 303, ok.res.text_.slice(0, 300));
	assert.ok(ok.c.jar.get('__Host-sl_session'));
	// a new ES256 pair replaces it: the provider (which holds the old key) refuses again
	const es = await api2('POST', `/organisaties/${ORG2}/sso/sleutel`, { alg: 'ES256' });
	assert.equal(es.res.status, 200, es.text);
	assert.equal(es.body.clientKey.alg, 'ES256');
	assert.equal((await (await fetch(es.body.jwksUri)).json()).keys[0].crv, 'P-256');
	assert.equal((await signIn(ORG2, 'eva')).res.status, 401);
});

test('private_key_jwt: the JWKS of an organisation without a key is 404; only beheerders make keys', async () => {
	const r = await fetch(`${srv.base}/api/v1/sso/onbekende-organisatie/jwks.json`);
	assert.equal(r.status, 404);
	const lezer = await sessionApi(srv.base, 'raad@scalelab.test');
	const k = await lezer('POST', `/organisaties/${ORG_A}/sso/sleutel`, {});
	assert.ok([403, 404].includes(k.res.status));
});
