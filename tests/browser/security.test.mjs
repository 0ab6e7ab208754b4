// SPDX-License-Identifier: EUPL-1.2
// Security pages in a real browser. The audit log page: reached from the organisation page,
// filtered by action with the form, paged with the pager ("Volgende"), a bad date
// marked on the form; axe-core finds no WCAG 2.1 A/AA violation and the page
// fits 360 px. The password page: rules shown, a common password refused
// with the field marked.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { newPage, axe, DEMO, checkPage, signedIn } from './lib.mjs';

let server, browser, page;

signedIn((s) => ({ server, browser, page } = s));

test('audit log: from the organisation page, filter, page, bad date, axe, 360 px', async () => {
	await page.goto(`${server.base}/organisaties/${DEMO.org}`);
	await page.getByRole('link', { name: 'Auditlog' }).click();
	await page.getByRole('heading', { level: 1, name: 'Auditlog' }).waitFor();
	const rows = await page.locator('tbody tr').count();
	assert.ok(rows > 0, 'the demo has audit rows');
	await checkPage(page, 'audit-log');

	await page.getByLabel('Handeling').selectOption('initiative.create');
	await page.getByRole('button', { name: 'Filteren' }).click();
	await page.waitForURL(/actie=initiative.create/);
	const actions = await page.locator('tbody tr td:nth-child(3)').allTextContents();
	assert.ok(actions.length > 0 && actions.every((a) => a.trim() === 'initiative.create'), actions.join());
	assert.equal(await page.getByLabel('Handeling').inputValue(), 'initiative.create', 'the filter stays chosen');

	await page.goto(`${server.base}/organisaties/${DEMO.org}/auditlog?aantal=2`);
	const first = await page.locator('tbody tr td:nth-child(4)').allTextContents();
	await page.getByRole('link', { name: 'Volgende pagina' }).click();
	const second = await page.locator('tbody tr td:nth-child(4)').allTextContents();
	assert.equal(second.length, 2);
	assert.notDeepEqual(first, second);

	await page.goto(`${server.base}/organisaties/${DEMO.org}/auditlog?van=2026-02-31`);
	await page.locator('#van[aria-invalid="true"]').waitFor();
	await checkPage(page, 'audit-log-error');

	await page.setViewportSize({ width: 360, height: 800 });
	await page.goto(`${server.base}/organisaties/${DEMO.org}/auditlog`);
	const overflow = await page.evaluate(() => document.documentElement.scrollWidth - document.documentElement.clientWidth);
	assert.ok(overflow <= 0, `no horizontal scroll of the page at 360 px (${overflow})`);
	await checkPage(page, 'audit-log-360');
});

test('password page: reached from the menu, rules shown, an error marked on the form, axe', async () => {
	await page.setViewportSize({ width: 1280, height: 900 });
	await page.goto(`${server.base}/`);
	await page.getByRole('link', { name: 'Mijn account' }).click();
	await checkPage(page, 'me');
	await page.getByRole('link', { name: 'Wachtwoord wijzigen' }).click();
	await page.getByRole('heading', { level: 1, name: 'Wachtwoord wijzigen' }).waitFor();
	await checkPage(page, 'password');
	await page.getByLabel('Huidig wachtwoord').fill(DEMO.password);
	await page.getByLabel('Nieuw wachtwoord', { exact: true }).fill('Welkom2026!!');
	await page.getByLabel('Nieuw wachtwoord nogmaals').fill('Welkom2026!!');
	await page.getByRole('button', { name: 'Wachtwoord wijzigen' }).click();
	await page.locator('#newPassword[aria-invalid="true"]').waitFor();
	assert.match(await page.locator('#newPassword-fout').textContent(), /veelgebruikte/);
	await checkPage(page, 'password-error');
});

test('two-step page: set-up shows a QR code and the key, axe, 360 px', async () => {
	await page.setViewportSize({ width: 1280, height: 900 });
	await page.goto(`${server.base}/mij/tweestaps`);
	await page.getByRole('heading', { level: 1, name: 'Inloggen in twee stappen' }).waitFor();
	await checkPage(page, 'mfa');
	await page.getByRole('button', { name: 'Instellen' }).click();
	await page.locator('.sl-qr[role="img"] svg').waitFor();
	assert.match(await page.locator('#geheim').textContent(), /^[A-Z2-7]{4}( [A-Z2-7]{4}){7}$/);
	await checkPage(page, 'mfa-setup');
	await page.setViewportSize({ width: 360, height: 800 });
	const overflow = await page.evaluate(() => document.documentElement.scrollWidth - document.documentElement.clientWidth);
	assert.ok(overflow <= 0, `no horizontal scroll at 360 px (${overflow})`);
	await checkPage(page, 'mfa-setup-360');
});

test('invitations: invite on the members page, the link shown once, the invited person\'s page, axe', async () => {
	await page.setViewportSize({ width: 1280, height: 900 });
	await page.goto(`${server.base}/organisaties/${DEMO.org}/leden`);
	await page.getByRole('heading', { name: 'Openstaande uitnodigingen' }).waitFor();
	await page.getByLabel('E-mailadres').fill('kim.nieuw@voorbeeldstad.nl');
	await page.getByLabel('Rol', { exact: true }).selectOption('bewerker');
	await page.getByRole('button', { name: 'Uitnodigen' }).click();
	const url = await page.locator('#link').inputValue();
	assert.match(url, /^http:\/\/127\.0\.0\.1:\d+\/lidmaatschappen\/[A-Za-z0-9_-]{43}$/, 'the full address to send');
	assert.equal(await page.getByRole('button', { name: 'Link kopiëren' }).isVisible(), true);
	const link = new URL(url).pathname;
	await checkPage(page, 'members-invited');
	const ctx = await browser.newContext({ locale: 'nl-NL' });
	const other = await ctx.newPage();
	other.consoleErrors = [];
	other.on('console', (m) => m.type() === 'error' && other.consoleErrors.push(m.text()));
	await other.goto(server.base + link);
	await other.getByRole('heading', { name: /Uitnodiging voor Gemeente Voorbeeldstad/ }).waitFor();
	await checkPage(other, 'invite-page');
	await other.getByLabel('Naam').fill('Kim Nieuw');
	await other.getByLabel('Wachtwoord', { exact: true }).fill('lange-zomeravond-aan-zee');
	await other.getByLabel('Nieuw wachtwoord nogmaals').fill('lange-zomeravond-aan-zee');
	await other.getByRole('button', { name: 'Account maken en lid worden' }).click();
	await other.waitForURL(/\/organisaties\//);
	await ctx.close();
	await page.goto(`${server.base}/mij/uitnodigingen`);
	await checkPage(page, 'my-invitations');
});
