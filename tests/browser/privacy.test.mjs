// SPDX-License-Identifier: EUPL-1.2
// Privacy pages in a real browser: the processing register (nl and en) has
// no WCAG 2.1 A/AA violation, fits 360 px and is reached from the
// organisation page; "my data" on /mij downloads a JSON file with the
// signed-in person in it.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { axe, screenshot, DEMO, signedIn } from './lib.mjs';

let server, browser, page;

signedIn((s) => ({ server, browser, page } = s));

test('register: reached from the organisation page, axe 0 violations in nl and en, fits 360 px', async () => {
	await page.goto(`${server.base}/organisaties/${DEMO.org}`);
	await page.getByRole('link', { name: 'Verwerkingsregister' }).click();
	await page.waitForURL(/\/privacy\/register$/);
	assert.equal(await page.locator('h1').textContent(), 'Verwerkingsregister');
	const purposes = await page.locator('h2').count();
	assert.ok(purposes >= 8 && purposes <= 12, `purposes: ${purposes}`);
	assert.ok(await page.locator('dl code', { hasText: /^users\.email$/ }).count() === 1);
	await screenshot(page, 'privacy-register-1280');
	assert.deepEqual(await axe(page), []);
	assert.deepEqual(page.consoleErrors, []);
	await page.setViewportSize({ width: 360, height: 740 });
	await page.reload();
	await screenshot(page, 'privacy-register-360');
	const overflow = await page.evaluate(() => document.documentElement.scrollWidth - window.innerWidth);
	assert.ok(overflow <= 0, `page wider than 360 px by ${overflow}`);
	assert.deepEqual(await axe(page), []);
	await page.setViewportSize({ width: 1280, height: 900 });
	await page.getByRole('button', { name: 'English' }).click();
	await page.goto(`${server.base}/privacy/register`);
	assert.equal(await page.locator('h1').textContent(), 'Processing register');
	assert.deepEqual(await axe(page), []);
	await page.getByRole('button', { name: 'Nederlands' }).click();
});

test('my data: the link on /mij downloads a JSON file holding the signed-in person', async () => {
	await page.goto(`${server.base}/mij`);
	const [download] = await Promise.all([
		page.waitForEvent('download'),
		page.getByRole('link', { name: /mijn gegevens/i }).click(),
	]);
	assert.equal(download.suggestedFilename(), 'mijn-gegevens.json');
	const d = JSON.parse(readFileSync(await download.path(), 'utf8'));
	assert.equal(d.person.email, DEMO.email);
	assert.ok(d.tables.memberships.length >= 1);
	await screenshot(page, 'privacy-me-1280');
	assert.deepEqual(await axe(page), []);
});
