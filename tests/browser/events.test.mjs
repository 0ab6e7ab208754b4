// SPDX-License-Identifier: EUPL-1.2
// Event sources in a real browser: from the initiative page to its sources,
// the demo source's counters and last errors, a new source whose key is
// shown once with the client snippet naming this server's address (filled
// by events.js), rotating and revoking the key on the page, a form shown
// again with its error. axe-core finds no WCAG 2.1 A/AA violation, there
// are no console errors (CSP), and the pages fit 360 px.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { axe, screenshot, DEMO, checkPage, signedIn } from './lib.mjs';

let server, browser, page;

signedIn((s) => ({ server, browser, page } = s));

async function fits360(p, name) {
	await p.setViewportSize({ width: 360, height: 800 });
	await screenshot(p, `${name}-360`);
	const wide = await p.evaluate(() => document.documentElement.scrollWidth);
	assert.ok(wide <= 362, `${name} at 360 px is ${wide} px wide`);
	await p.setViewportSize({ width: 1280, height: 900 });
}

test('the initiative page leads to its sources; the demo source shows counters and last errors', async () => {
	await page.goto(`${server.base}/organisaties/${DEMO.org}/initiatieven`);
	const ini = await page.locator('a', { hasText: 'Digitale schuldhulp-intake' }).first().getAttribute('href');
	await page.goto(server.base + ini);
	await page.getByRole('link', { name: 'Gebeurtenisbronnen beheren' }).click();
	assert.match(new URL(page.url()).pathname, /^\/initiatieven\/\d+\/bronnen$/);
	const row = page.locator('#bronnen tbody tr').first();
	await row.waitFor();
	assert.match(await row.textContent(), /Digitale intake \(website\)/);
	assert.match(await row.textContent(), /\d\.\d{3}/, 'the count in Dutch notation');
	await checkPage(page, 'events-sources');
	await fits360(page, 'events-sources');
	await row.locator('a').click();
	await page.locator('#tellers-lijst').waitFor();
	await page.waitForLoadState('load'); // events.js has filled in the address
	const accepted = await page.locator('#geaccepteerd').textContent();
	assert.match(accepted, /^\d{1,2}\.\d{3}$/);
	assert.equal(await page.locator('#laatste-fouten li').count(), 2);
	assert.match(await page.locator('#koppelen + p + pre').textContent(), new RegExp(`host: '${server.base}'`));
	await checkPage(page, 'events-source');
	await fits360(page, 'events-source');
});

test('a new source shows its key once; rotate and revoke on the page; a bad form is shown again', async () => {
	await page.goto(`${server.base}/organisaties/${DEMO.org}/initiatieven`);
	const ini = await page.locator('a', { hasText: 'Digitale schuldhulp-intake' }).first().getAttribute('href');
	await page.goto(`${server.base}${ini}/bronnen/nieuw`);
	await checkPage(page, 'events-new');
	// Plausible without a domain: the form again, with the error
	await page.getByLabel('Plausible').check();
	await page.getByRole('button', { name: 'Bron aanmaken' }).click();
	await page.locator('.utrecht-form-field-error-message').first().waitFor();
	assert.match(await page.locator('#domain-fout').textContent(), /domein/);
	await checkPage(page, 'events-new-error');
	await page.getByLabel('Segment').check();
	await page.locator('#name').fill('Aanvraag-app');
	await page.getByRole('button', { name: 'Bron aanmaken' }).click();
	await page.waitForLoadState('load');
	const key = await page.locator('#sleutel-waarde').inputValue();
	assert.match(key, /^sgw_[A-Za-z0-9_-]{43}$/);
	assert.match(await page.locator('pre').textContent(), new RegExp(`writeKey: '${key}', host: '${server.base}'`));
	await checkPage(page, 'events-created');
	await fits360(page, 'events-created');
	await page.getByRole('link', { name: 'Naar de bron' }).click();
	assert.equal(await page.locator('#sleutel-waarde').count(), 0, 'the key is not shown again');
	await page.getByRole('button', { name: 'Nieuwe sleutel maken' }).click();
	const rotated = await page.locator('#sleutel-waarde').inputValue();
	assert.notEqual(rotated, key);
	await page.getByRole('button', { name: 'Sleutel intrekken' }).click();
	await page.locator('h1').waitFor();
	assert.match(await page.locator('main, body').first().textContent(), /Ingetrokken/);
	assert.equal(await page.getByRole('button', { name: 'Sleutel intrekken' }).count(), 0);
	await checkPage(page, 'events-revoked');
});

test('a beheerder erases a person on the page, linked ids included', async () => {
	await page.goto(`${server.base}/organisaties/${DEMO.org}/initiatieven`);
	const ini = await page.locator('a', { hasText: 'Digitale schuldhulp-intake' }).first().getAttribute('href');
	await page.goto(`${server.base}${ini}/bronnen/nieuw`);
	await page.getByLabel('PostHog').check();
	await page.getByRole('button', { name: 'Bron aanmaken' }).click();
	const key = await page.locator('#sleutel-waarde').inputValue();
	const ev = (k, id, extra = {}) => ({ event: 'stap', distinct_id: id, uuid: k, ...extra });
	const r = await fetch(`${server.base}/batch/`, {
		method: 'POST',
		headers: { 'Content-Type': 'application/json' },
		body: JSON.stringify({ api_key: key, batch: [ev('w1', 'anon-wis'), ev('w2', 'burger-wis', { event: '$identify', properties: { $anon_distinct_id: 'anon-wis' } }), ev('w3', 'burger-wis'), ev('w4', 'iemand')] }),
	});
	assert.equal(r.status, 200);
	await page.goto(`${server.base}${ini}/bronnen`);
	// empty: the form again with its error
	await page.getByRole('button', { name: 'Gebeurtenissen verwijderen' }).click();
	await page.locator('#distinctId-fout').waitFor();
	await checkPage(page, 'events-erase-error');
	await page.locator('#distinctId').fill('burger-wis');
	await page.getByRole('button', { name: 'Gebeurtenissen verwijderen' }).click();
	assert.match(await page.locator('#verwijderd').textContent(), /Verwijderde gebeurtenissen: 3/);
	await checkPage(page, 'events-erased');
	await page.locator('#distinctId').fill('anon-wis');
	await page.getByRole('button', { name: 'Gebeurtenissen verwijderen' }).click();
	assert.match(await page.locator('#verwijderd').textContent(), /geen gebeurtenissen/);
});
