// SPDX-License-Identifier: EUPL-1.2
// Single sign-on in a real browser: a beheerder sets the provider up on the
// configuration page (a form shown again with its errors first), the login
// page then shows "Inloggen met <provider>" for the organisation's link and
// for an e-mail in its domain, and a click on it signs in at a real
// oidc-provider on 127.0.0.1 (its own login and consent screens) and comes
// back signed in. axe-core finds no WCAG 2.1 A/AA violation on our pages
// (not on the provider's development screens, which are not ours), at 1280
// and 360 px. Linking: the demo account (member of two organisations)
// signs in through the provider and confirms with its password; the
// account page lists the link, unlinks it and links it again with one
// confirming click; the key pair section of the configuration page.
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
			const email = id.includes('@') ? id : `${id}@voorbeeldstad.nl`;
			return { accountId: id, async claims() { return { sub: id, email, email_verified: true, name: 'Fatima El Amrani', groups: ['innovatieteam'] }; } };
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
	await page.getByLabel('E-maildomeinen').fill('voorbeeldstad.nl\nscalelab.test');
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

/** Signs in at the provider's development screens as who. */
async function atProvider(p, who) {
	await p.waitForURL((u) => u.origin === opBase);
	await p.locator('input[name="login"]').fill(who);
	await p.locator('input[name="password"]').fill('x');
	await p.locator('button[type="submit"]').click();
	await p.locator('button[type="submit"]').click(); // consent
}

test('linking: a member of two organisations confirms with her password; the account page unlinks and links again', async () => {
	const ctx = await browser.newContext({ viewport: { width: 1280, height: 900 }, locale: 'nl-NL' });
	const p = await ctx.newPage();
	p.consoleErrors = [];
	p.on('console', (m) => m.type() === 'error' && !m.text().startsWith('Failed to load resource') && p.consoleErrors.push(m.text()));
	await p.goto(`${server.base}/inloggen?organisatie=${DEMO.org}`);
	await p.getByRole('link', { name: 'Inloggen met Voorbeeldstad Account' }).click();
	await atProvider(p, DEMO.email);
	await p.getByRole('heading', { name: 'Account koppelen' }).waitFor();
	assert.ok(await p.getByText(DEMO.email).first().isVisible());
	await clean(p, 'sso-link-password');
	await p.setViewportSize({ width: 360, height: 800 });
	await clean(p, 'sso-link-password-360');
	assert.ok((await p.evaluate(() => document.documentElement.scrollWidth)) <= 360);
	await p.setViewportSize({ width: 1280, height: 900 });
	await p.getByLabel('Wachtwoord').fill('niet-het-goede-wachtwoord');
	await p.getByRole('button', { name: 'Bevestigen en inloggen' }).click();
	await p.locator('.utrecht-form-field-error-message').first().waitFor();
	await clean(p, 'sso-link-password-wrong');
	await p.getByLabel('Wachtwoord').fill(DEMO.password);
	await p.getByRole('button', { name: 'Bevestigen en inloggen' }).click();
	await p.waitForURL((u) => u.origin === server.base && !u.pathname.startsWith('/inloggen'));
	// the account page: the card, then the linked account
	await p.goto(`${server.base}/mij`);
	await p.getByRole('link', { name: 'Inloggen via je organisatie' }).click();
	await p.waitForURL(/\/mij\/sso$/);
	assert.equal(await p.getByRole('button', { name: /Ontkoppelen/ }).count(), 1);
	await clean(p, 'sso-me');
	await p.setViewportSize({ width: 360, height: 800 });
	await clean(p, 'sso-me-360');
	assert.ok((await p.evaluate(() => document.documentElement.scrollWidth)) <= 360);
	await p.setViewportSize({ width: 1280, height: 900 });
	await p.getByRole('button', { name: /Ontkoppelen/ }).click();
	await p.getByText('Het account is ontkoppeld.').waitFor();
	await clean(p, 'sso-me-unlinked');
	await p.getByRole('link', { name: 'Koppelen met Voorbeeldstad Account' }).click();
	// the provider remembers her sign-in and consent: straight back
	await p.getByRole('heading', { name: 'Account koppelen' }).waitFor();
	assert.equal(await p.getByLabel('Wachtwoord').count(), 0, 'signed in: one click, no password');
	await clean(p, 'sso-link-account');
	await p.getByRole('button', { name: 'Koppelen' }).click();
	await p.getByText('Het account is gekoppeld.').waitFor();
	assert.equal(await p.getByRole('button', { name: /Ontkoppelen/ }).count(), 1);
	await ctx.close();
});

test('the key pair section: choosing private_key_jwt makes a key whose JWKS is linked', async () => {
	await page.goto(`${server.base}/organisaties/${DEMO.org}/sso`);
	await page.getByLabel('Aanmelden bij het tokenadres').selectOption('private_key_jwt');
	await page.getByRole('button', { name: 'Opslaan', exact: true }).click();
	await page.waitForURL(/\/sso$/);
	const jwks = page.getByRole('link', { name: /jwks\.json$/ });
	assert.ok(await jwks.isVisible());
	await page.locator('#sleutel').scrollIntoViewIfNeeded();
	await clean(page, 'sso-config-key');
	await page.setViewportSize({ width: 360, height: 800 });
	await clean(page, 'sso-config-key-360');
	assert.ok((await page.evaluate(() => document.documentElement.scrollWidth)) <= 360);
	await page.setViewportSize({ width: 1280, height: 900 });
	const doc = await page.evaluate(async (u) => (await fetch(u)).json(), await jwks.getAttribute('href'));
	assert.equal(doc.keys[0].kty, 'RSA');
	await page.getByLabel('Eigen privésleutel gebruiken').fill('{"kty":"RSA"}');
	await page.getByRole('button', { name: 'Sleutel opslaan' }).click();
	await page.locator('.utrecht-form-field-error-message').first().waitFor();
	await clean(page, 'sso-config-key-error');
});
