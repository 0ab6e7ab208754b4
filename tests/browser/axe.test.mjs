// SPDX-License-Identifier: EUPL-1.2
// axe-core (WCAG 2.0/2.1 A and AA) must report 0 violations on every page,
// and no page may log a console error (such as a CSP violation).
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { startServer, launchBrowser, newPage, login, axe, screenshot, DEMO } from './lib.mjs';

let server;
let browser;
let page; // logged in as the demo beheerder
let initiativeId;

before(async () => {
	server = await startServer();
	browser = await launchBrowser();
	page = await newPage(browser);
	await login(page, server.base);
	await page.goto(`${server.base}/organisaties/${DEMO.org}/initiatieven`);
	const href = await page.locator('#initiatieven a').first().getAttribute('href');
	initiativeId = href.split('/').pop();
});

after(async () => {
	await browser?.close();
	await server?.stop();
});

async function check(p, name, path, status = 200) {
	p.consoleErrors.length = 0;
	const res = await p.goto(`${server.base}${path}`);
	assert.equal(res.status(), status, `${path} status`);
	await screenshot(p, `axe-${name}`);
	const violations = await axe(p);
	assert.deepEqual(violations, [], `axe violations on ${name} (${path}):\n${violations.join('\n')}`);
	assert.deepEqual(p.consoleErrors, [], `console errors on ${name}`);
}

test('axe: login page', async () => {
	const anon = await newPage(browser);
	try {
		await check(anon, 'login', '/inloggen');
	} finally {
		await anon.context().close();
	}
});

test('axe: login page with errors', async () => {
	const anon = await newPage(browser);
	try {
		await anon.goto(`${server.base}/inloggen`);
		await anon.getByLabel('E-mailadres').fill(DEMO.email);
		await anon.getByLabel('Wachtwoord').fill('wrong-password-here');
		await anon.getByRole('button', { name: 'Inloggen' }).click();
		await anon.waitForLoadState();
		await assert.doesNotReject(anon.locator('#foutmelding').waitFor());
		await screenshot(anon, 'axe-login-errors');
		const v = await axe(anon);
		assert.deepEqual(v, [], v.join('\n'));
	} finally {
		await anon.context().close();
	}
});

test('axe: dashboard', () => check(page, 'dashboard', '/'));
test('axe: organisation page', () => check(page, 'organisation', `/organisaties/${DEMO.org}`));
test('axe: initiative list', () => check(page, 'initiative-list', `/organisaties/${DEMO.org}/initiatieven`));
test('axe: initiative detail', () => check(page, 'initiative', `/initiatieven/${initiativeId}`));
test('axe: edit page', () => check(page, 'initiative-edit', `/initiatieven/${initiativeId}/bewerken`));
test('axe: new-initiative page', () => check(page, 'initiative-new', `/organisaties/${DEMO.org}/initiatieven/nieuw`));

test('axe: new-initiative page with errors shown', async () => {
	await page.goto(`${server.base}/organisaties/${DEMO.org}/initiatieven/nieuw`);
	await page.getByLabel('Naam', { exact: true }).fill('');
	await page.getByLabel('Hoeveel mensen of eenheden bereiken').fill('-3');
	await page.getByRole('button', { name: 'Initiatief opslaan' }).click();
	await page.locator('#foutmelding').waitFor();
	await screenshot(page, 'axe-initiative-new-errors');
	const v = await axe(page);
	assert.deepEqual(v, [], v.join('\n'));
});

test('axe: members page', () => check(page, 'members', `/organisaties/${DEMO.org}/leden`));
test('axe: tokens page', () => check(page, 'tokens', '/mij/tokens'));

test('axe: tokens page with a new token shown', async () => {
	await page.goto(`${server.base}/mij/tokens`);
	await page.getByLabel('Waarvoor is dit token?').fill('axe-test');
	await page.getByRole('button', { name: 'Token maken' }).click();
	await page.locator('#nieuw-token').waitFor();
	await screenshot(page, 'axe-tokens-created');
	const v = await axe(page);
	assert.deepEqual(v, [], v.join('\n'));
});

test('axe: accessibility page', () => check(page, 'accessibility', '/toegankelijkheid'));
test('axe: error page (404)', () => check(page, 'error-404', '/bestaat-niet', 404));

test('axe: English dashboard and initiative', async () => {
	const en = await newPage(browser);
	try {
		await login(en, server.base);
		await en.getByRole('button', { name: 'English' }).click();
		await en.waitForLoadState();
		assert.equal(await en.locator('html').getAttribute('lang'), 'en');
		for (const [name, path] of [
			['en-dashboard', '/'],
			['en-initiative', `/initiatieven/${initiativeId}`],
			['en-initiative-new', `/organisaties/${DEMO.org}/initiatieven/nieuw`],
		]) {
			await check(en, name, path);
		}
	} finally {
		await en.context().close();
	}
});
