// SPDX-License-Identifier: EUPL-1.2
// Single sign-on in a real browser: a beheerder sets the provider up on the
// configuration page (a form shown again with its errors first), the login
// page then shows "Inloggen met <provider>" for the organisation's link and
// for an e-mail in its domain, and a click on it signs in at a real
// oidc-provider on 127.0.0.1 (its own login and consent screens) and comes
// back signed in. axe-core finds no WCAG 2.1 A/AA violation on our pages
// (not on the provider's development screens, which are not ours), at 1280
// and 360 px.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import http from 'node:http';
import Provider from 'oidc-provider';
import { startServer, launchBrowser, newPage, login, axe, screenshot, DEMO } from './lib.mjs';

let server, browser, page, opServer, opBase;
const SECRET = 'browser-test-geheim-51c2';

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
	opBase = `http://127.0.0.1:${port}`;
	const op = new Provider(opBase, {
		clients: [{ client_id: 'scalelab', client_secret: SECRET, redirect_uris: [`${server.base}/inloggen/sso/terug`], grant_types: ['authorization_code'], response_types: ['code'] }],
		async findAccount(ctx, id) {
			return { accountId: id, async claims() { return { sub: id, email: `${id}@voorbeeldstad.nl`, email_verified: true, name: 'Fatima El Amrani', groups: ['innovatieteam'] }; } };
		},
		claims: { openid: ['sub'], email: ['email', 'email_verified'], profile: ['name', 'groups'] },
		conformIdTokenClaims: false,
		pkce: { required: () => true },
		cookies: { keys: ['browser-sso-test'] },
		features: { devInteractions: { enabled: true } },
	});
	opServer = http.createServer(op.callback());
	await new Promise((ok) => opServer.listen(port, '127.0.0.1', ok));
	browser = await launchBrowser();
	page = await newPage(browser);
	await login(page, server.base);
});

after(async () => {
	await browser?.close();
	opServer?.close();
	await server?.stop();
});

async function clean(p, name) {
	await screenshot(p, name);
	const v = await axe(p);
	assert.deepEqual(v, [], v.join('\n'));
	assert.deepEqual(p.consoleErrors, [], 'no console errors (CSP, scripts)');
}

test('the configuration page: errors named, then saved; axe clean at 1280 and 360 px', async () => {
	await page.goto(`${server.base}/organisaties/${DEMO.org}`);
	await page.getByRole('link', { name: 'Inloggen via eigen identiteitsprovider' }).click();
	await page.waitForURL(/\/sso$/);
	await clean(page, 'sso-config-empty');
	await page.getByLabel('Naam op de inlogknop').fill('Voorbeeldstad Account');
	await page.getByLabel('Issuer').fill('ftp://verkeerd');
	await page.getByLabel('Client-ID').fill('scalelab');
	await page.getByRole('button', { name: 'Opslaan' }).click();
	await page.locator('.utrecht-form-field-error-message').first().waitFor();
	const errors = await page.locator('.utrecht-form-field-error-message').allTextContents();
	assert.ok(errors.some((e) => e.includes('https://')), errors.join(' | '));
	assert.equal(await page.getByLabel('Naam op de inlogknop').inputValue(), 'Voorbeeldstad Account', 'what was typed stays');
	await clean(page, 'sso-config-errors');
	await page.getByLabel('Issuer').fill(opBase);
	await page.getByLabel('Clientgeheim', { exact: true }).fill(SECRET);
	await page.getByLabel('E-maildomeinen').fill('voorbeeldstad.nl');
	await page.getByLabel('Groepen en rollen').fill('innovatieteam = bewerker\nmedewerkers = lezer');
	await page.getByLabel('Ja, maak het account aan').check();
	await page.getByRole('button', { name: 'Opslaan' }).click();
	await page.waitForURL(/\/sso$/);
	assert.ok(await page.getByText('De identiteitsprovider is bereikbaar').isVisible());
	assert.equal(await page.getByLabel('Groepen en rollen').inputValue(), 'innovatieteam = bewerker\nmedewerkers = lezer\n');
	await clean(page, 'sso-config');
	await page.setViewportSize({ width: 360, height: 800 });
	await clean(page, 'sso-config-360');
	const wide = await page.evaluate(() => document.documentElement.scrollWidth);
	assert.ok(wide <= 360, `no sideways scrolling at 360 px (${wide})`);
	await page.setViewportSize({ width: 1280, height: 900 });
});

test('the login page shows the provider; a click signs in at the real provider and comes back signed in', async () => {
	const ctx = await browser.newContext({ viewport: { width: 1280, height: 900 }, locale: 'nl-NL' });
	const p = await ctx.newPage();
	p.consoleErrors = [];
	await p.goto(`${server.base}/inloggen?organisatie=${DEMO.org}`);
	const button = p.getByRole('link', { name: 'Inloggen met Voorbeeldstad Account' });
	assert.ok(await button.isVisible());
	await clean(p, 'sso-login');
	await p.setViewportSize({ width: 360, height: 800 });
	await clean(p, 'sso-login-360');
	await p.setViewportSize({ width: 1280, height: 900 });
	// by e-mail domain
	await p.goto(`${server.base}/inloggen`);
	await p.getByRole('link', { name: 'Inloggen via je organisatie' }).click();
	await p.getByLabel('E-mailadres').fill('fatima@voorbeeldstad.nl');
	await p.getByRole('button', { name: 'Zoek mijn organisatie' }).click();
	await clean(p, 'sso-choose');
	await p.getByRole('link', { name: 'Inloggen met Voorbeeldstad Account' }).click();
	// the provider's own (development) screens
	await p.waitForURL((u) => u.origin === opBase);
	await p.locator('input[name="login"]').fill('fatima');
	await p.locator('input[name="password"]').fill('x');
	await p.locator('button[type="submit"]').click();
	await p.locator('button[type="submit"]').click(); // consent
	await p.waitForURL((u) => u.origin === server.base && !u.pathname.startsWith('/inloggen'));
	await screenshot(p, 'sso-after-login');
	const me = await p.evaluate(async (org) => (await fetch(`/api/v1/organisaties/${org}`, { headers: { Accept: 'application/json' } })).json(), DEMO.org);
	assert.equal(me.role, 'bewerker');
	await ctx.close();
});

test('an unknown e-mail domain is said plainly, with the form again', async () => {
	const p = await newPage(browser);
	await p.goto(`${server.base}/inloggen/sso?email=iemand%40nergens.example`);
	assert.ok(await p.getByText('Voor dit e-mailadres is geen inloggen via de organisatie ingesteld').first().isVisible());
	p.consoleErrors = [];
	await clean(p, 'sso-choose-unknown');
	await p.context().close();
});
