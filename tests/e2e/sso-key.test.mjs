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
import { generateKeyPairSync } from 'node:crypto';
import { generateKeyPair, exportJWK, calculateJwkThumbprint, decodeJwt, decodeProtectedHeader } from 'jose';
import { startServer, sessionApi, catalogue, ORG_A } from './lib.mjs';
import { sql, startProvider, signIn as signInAt } from './sso-lib.mjs';

const ORG2 = 'gemeente-rivierstad';
const NL = catalogue('nl');
let srv, provider, opBase, api, api2, testKey, pemKey;
let assertions; // every client assertion the provider received, as sent
const jwksFetches = []; // every key set the provider fetched

const accounts = {
	anne: { email: 'anne@voorbeeldstad.nl', email_verified: true, name: 'Anne de Vries', groups: ['scalelab-bewerkers'] },
	eva: { email: 'eva@rivierstad.nl', email_verified: true, name: 'Eva Bakker', groups: ['scalelab-bewerkers'] },
};

before(async () => {
	srv = await startServer();
	const k = await generateKeyPair('RS256', { extractable: true });
	// registered at the provider under a kid of its own, as an operator would
	testKey = { priv: { ...(await exportJWK(k.privateKey)), kid: 'rivierstad-2026' }, pub: { ...(await exportJWK(k.publicKey)), kid: 'rivierstad-2026', use: 'sig', alg: 'RS256' } };
	// a P-256 key as the PEM file (PKCS#8) a provider's admin would hand out
	const ec = generateKeyPairSync('ec', { namedCurve: 'P-256' });
	const ecPub = ec.publicKey.export({ format: 'jwk' });
	pemKey = { pem: ec.privateKey.export({ type: 'pkcs8', format: 'pem' }), pub: { ...ecPub, kid: await calculateJwkThumbprint(ecPub), use: 'sig', alg: 'ES256' } };
	provider = await startProvider({
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
		}, {
			// registered with a P-256 key under its RFC 7638 thumbprint (jose):
			// the kid Scalelab gives a PEM key, which carries none
			client_id: 'scalelab-c',
			redirect_uris: [`${srv.base}/inloggen/sso/terug`],
			grant_types: ['authorization_code'],
			response_types: ['code'],
			token_endpoint_auth_method: 'private_key_jwt',
			jwks: { keys: [pemKey.pub] },
		}],
		accounts,
		cookieKey: 'sso-key-test-cookie',
		options: {
			// loopback only: the provider's SSRF guard would refuse 127.0.0.1
			fetch: (url, options) => {
				delete options.dispatcher;
				jwksFetches.push(url);
				return globalThis.fetch(url, options);
			},
		},
	});
	opBase = provider.base;
	// the relay notes every token request's form as sent
	assertions = {
		get length() { return provider.tokenForms.length; },
		at(i) {
			const t = provider.tokenForms.at(i);
			return { type: t.form.get('client_assertion_type'), jwt: t.form.get('client_assertion'), auth: t.auth };
		},
	};
	api = await sessionApi(srv.base);
	api2 = await sessionApi(srv.base, 'rivierstad@scalelab.test');
});

after(async () => {
	provider?.close();
	await srv?.stop();
});

/** A whole sign-in of `who` through org's provider; the callback's answer and the client. */
const signIn = (org, who) => signInAt(srv.base, opBase, org, who);

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
	// the provider reads our key set DURING the token request (the sign-in's
	// connection is suspended meanwhile, so no server thread waits on it)
	const f0 = jwksFetches.length;
	const n0 = assertions.length;
	const { c, res } = await signIn(ORG_A, 'anne');
	assert.equal(res.status, 303, res.text_.slice(0, 400));
	assert.deepEqual(jwksFetches.slice(f0), [put.body.jwksUri], 'the provider read our published key set');
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

test('private_key_jwt: a private key imported as PEM is published under its thumbprint and signs in; a bad PEM is a 400 naming the problem and its line', async () => {
	const put = await api2('PUT', `/organisaties/${ORG2}/sso`, {
		displayName: 'Rivierstad Account', issuer: opBase, clientId: 'scalelab-c', authMethod: 'private_key_jwt',
		emailDomains: ['rivierstad.nl'], groupRoles: [{ group: 'scalelab-bewerkers', role: 'bewerker' }], justInTime: true,
	});
	assert.equal(put.res.status, 200, put.text);
	const before = put.body.clientKey.kid;
	const lines = pemKey.pem.split('\n');
	const bad = [
		[lines.map((l, i) => (i === 2 ? `${l.slice(0, 10)}*${l.slice(11)}` : l)).join('\n'), 'err.sso.pem_base64', 3],
		[pemKey.pem.replace('-----END PRIVATE KEY-----', ''), 'err.sso.pem_end', lines.length - 1],
		[pemKey.pem + pemKey.pem, 'err.sso.pem_many', lines.length],
		[generateKeyPairSync('ec', { namedCurve: 'P-256' }).publicKey.export({ type: 'spki', format: 'pem' }), 'err.sso.pem_public', 1],
		[generateKeyPairSync('rsa', { modulusLength: 2048 }).privateKey.export({ type: 'pkcs8', format: 'pem', cipher: 'aes-256-cbc', passphrase: 'geheim' }), 'err.sso.pem_encrypted', 1],
		[generateKeyPairSync('rsa', { modulusLength: 1024 }).privateKey.export({ type: 'pkcs1', format: 'pem' }), 'err.sso.key_kind', 1],
		['geen sleutel', 'err.sso.pem_none', 1],
		[42, 'err.sso.pem_none', 0],
	];
	for (const [pem, reason, line] of bad) {
		const r = await api2('POST', `/organisaties/${ORG2}/sso/sleutel`, { privateKeyPem: pem });
		assert.equal(r.res.status, 400, `${reason}: ${r.text}`);
		assert.equal(r.body['invalid-params'][0].name, 'privateKeyPem');
		assert.equal(r.body['invalid-params'][0].reason, NL[reason].replace('{line}', line), reason);
		for (const l of String(pem).split('\n').filter((x) => /^[A-Za-z0-9+/=]{40,}$/.test(x))) assert.ok(!r.text.includes(l), 'the key is never sent back');
	}
	assert.equal((await api2('GET', `/organisaties/${ORG2}/sso`)).body.clientKey.kid, before, 'nothing changed');
	const imp = await api2('POST', `/organisaties/${ORG2}/sso/sleutel`, { privateKeyPem: pemKey.pem });
	assert.equal(imp.res.status, 200, imp.text);
	assert.equal(imp.body.clientKey.alg, 'ES256');
	assert.equal(imp.body.clientKey.kid, pemKey.pub.kid, 'the kid is the RFC 7638 thumbprint jose computed');
	const pub = (await (await fetch(imp.body.jwksUri)).json()).keys[0];
	assert.deepEqual([pub.x, pub.y, pub.d], [pemKey.pub.x, pemKey.pub.y, undefined]);
	assert.ok(!sql(srv.db, 'SELECT hex(key_box) AS b FROM sso_providers').some((r) => r.b.includes(Buffer.from('PRIVATE').toString('hex').toUpperCase())));
	const ok = await signIn(ORG2, 'eva');
	assert.equal(ok.res.status, 303, ok.res.text_.slice(0, 300));
	assert.ok(ok.c.jar.get('__Host-sl_session'));
	assert.equal(decodeProtectedHeader(assertions.at(-1).jwt).kid, pemKey.pub.kid);
});

test('private_key_jwt: the JWKS of an organisation without a key is 404; only beheerders make keys', async () => {
	const r = await fetch(`${srv.base}/api/v1/sso/onbekende-organisatie/jwks.json`);
	assert.equal(r.status, 404);
	const lezer = await sessionApi(srv.base, 'raad@scalelab.test');
	const k = await lezer('POST', `/organisaties/${ORG_A}/sso/sleutel`, {});
	assert.ok([403, 404].includes(k.res.status));
});
