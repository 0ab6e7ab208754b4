// SPDX-License-Identifier: EUPL-1.2
// Single sign-on pages a person meets around a slow provider and a PEM key,
// in a real browser (axe: no WCAG 2.1 A/AA violation; 1280 and 360 px):
//  - a beheerder pastes a PEM private key on the configuration page: a bad
//    one is shown again with the problem and its line at the field, a good
//    one (PKCS#8, P-256) is taken and its kid shown;
//  - a provider whose token endpoint never answers: after the 5 s time-out
//    the person sees a Dutch page saying so, not a hanging browser.
// The provider here is a hand-made one (discovery, an authorization endpoint
// that sends the browser straight back with a code, a token endpoint that
// never answers): the waiting is the point, not the provider's screens.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import http from 'node:http';
import { generateKeyPairSync } from 'node:crypto';
import { startServer, launchBrowser, newPage, login, checkPage, fits360 } from './lib.mjs';
import { sessionApi, ORG_A } from '../e2e/lib.mjs';

let server, browser, page, fake, fakeBase;
const hanging = new Set();

async function freePort() {
	const s = http.createServer();
	await new Promise((ok) => s.listen(0, '127.0.0.1', ok));
	const { port } = s.address();
	await new Promise((ok) => s.close(ok));
	return port;
}

before(async () => {
	server = await startServer();
	const port = await freePort();
	fakeBase = `http://127.0.0.1:${port}`;
	fake = http.createServer((req, res) => {
		const u = new URL(req.url, fakeBase);
		if (u.pathname === '/.well-known/openid-configuration') {
			res.setHeader('Content-Type', 'application/json');
			res.end(JSON.stringify({
				issuer: fakeBase, authorization_endpoint: `${fakeBase}/auth`, token_endpoint: `${fakeBase}/token`,
				jwks_uri: `${fakeBase}/jwks`, response_types_supported: ['code'], subject_types_supported: ['public'],
				id_token_signing_alg_values_supported: ['RS256'], token_endpoint_auth_methods_supported: ['private_key_jwt'],
			}));
		} else if (u.pathname === '/auth') {
			const back = new URL(u.searchParams.get('redirect_uri'));
			back.searchParams.set('code', 'code-van-de-trage-provider');
			back.searchParams.set('state', u.searchParams.get('state'));
			res.writeHead(302, { Location: back.toString() }).end();
		} else if (u.pathname === '/token') {
			hanging.add(res); // never answered
		} else if (u.pathname === '/jwks') {
			res.setHeader('Content-Type', 'application/json');
			res.end('{"keys":[]}');
		} else res.writeHead(404).end();
	});
	await new Promise((ok) => fake.listen(port, '127.0.0.1', ok));
	const api = await sessionApi(server.base);
	const put = await api('PUT', `/organisaties/${ORG_A}/sso`, {
		displayName: 'Trage Provider', issuer: fakeBase, clientId: 'scalelab', authMethod: 'private_key_jwt',
		emailDomains: ['voorbeeldstad.nl'], groupRoles: [{ group: 'medewerkers', role: 'lezer' }],
	});
	assert.equal(put.res.status, 200, put.text);
	browser = await launchBrowser();
	page = await newPage(browser);
	await login(page, server.base);
});

after(async () => {
	for (const r of hanging) r.destroy();
	fake?.close();
	await browser?.close();
	await server?.stop();
});

test('a bad PEM key is shown again with the problem and its line; a good one is taken', async () => {
	const key = generateKeyPairSync('ec', { namedCurve: 'P-256' }).privateKey.export({ type: 'pkcs8', format: 'pem' });
	const lines = key.split('\n');
	lines[2] = `${lines[2].slice(0, 5)}!${lines[2].slice(6)}`;
	await page.goto(`${server.base}/organisaties/${ORG_A}/sso#sleutel`);
	await page.locator('#privateJwk').fill(lines.join('\n'));
	await page.getByRole('button', { name: 'Sleutel opslaan' }).click();
	await page.waitForLoadState('load');
	const err = page.locator('#privateJwk-fout');
	await assert.doesNotReject(err.waitFor());
	assert.match(await err.innerText(), /^Regel 3: hier staat een teken dat niet in een PEM-blok hoort/);
	assert.equal(await page.locator('#privateJwk').getAttribute('aria-invalid'), 'true');
	assert.equal(await page.locator('#privateJwk').inputValue(), '', 'the key is not put back into the page');
	await page.locator('#privateJwk').scrollIntoViewIfNeeded();
	await checkPage(page, 'sso-pem-error');
	await page.screenshot({ path: '/tmp/h-sso-pem-error.png', fullPage: true });
	await fits360(page, 'sso-pem-error');
	await page.setViewportSize({ width: 360, height: 800 });
	await page.screenshot({ path: '/tmp/h-sso-pem-error-360.png', fullPage: true });
	await page.setViewportSize({ width: 1280, height: 900 });

	await page.locator('#privateJwk').fill(key);
	await page.getByRole('button', { name: 'Sleutel opslaan' }).click();
	await page.waitForLoadState('load');
	assert.equal(await page.locator('#privateJwk-fout').count(), 0);
	assert.match(await page.content(), /ES256/);
});

test('a provider that never answers its token endpoint: after 5 s a Dutch page says so', async () => {
	const p = await newPage(browser);
	const t0 = Date.now();
	const res = await p.goto(`${server.base}/inloggen/sso/start?organisatie=${ORG_A}`, { timeout: 15000 });
	const took = Date.now() - t0;
	assert.equal(res.status(), 401);
	assert.ok(took >= 4500 && took < 9000, `the answer came after ${took} ms`);
	const text = await p.locator('main').innerText();
	assert.match(text, /De identiteitsprovider gaf binnen 5 seconden geen antwoord/);
	await checkPage(p, 'sso-timeout');
	await p.screenshot({ path: '/tmp/h-sso-timeout.png', fullPage: true });
	await fits360(p, 'sso-timeout');
	await p.setViewportSize({ width: 360, height: 800 });
	await p.screenshot({ path: '/tmp/h-sso-timeout-360.png', fullPage: true });
	await p.context().close();
});
