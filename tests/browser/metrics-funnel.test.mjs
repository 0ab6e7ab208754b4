// SPDX-License-Identifier: EUPL-1.2
// The funnel and lifecycle pages in a real browser on the demo initiative
// "Digitale schuldhulp-intake": the funnel form offers the event names the
// source sent, choosing steps and submitting shows horizontal bars with the
// table of the same numbers (and a table per breakdown value); the
// lifecycle page shows stacked bars with dormant persons below zero and the
// table beside them. No WCAG 2.1 A/AA violation, no console errors, 360 px.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { checkPage, fits360, signedIn, demoInitiativeId } from './lib.mjs';

let server, browser, page, ini;

signedIn(async (s) => {
	({ server, browser, page } = s);
	ini = await demoInitiativeId(page, server.base);
});

test('funnel: choose steps among the names seen, bars and table agree, breakdown tables, axe clean, 360 px', async () => {
	await page.goto(`${server.base}/initiatieven/${ini}/metrieken/actief`);
	await page.locator('.sl-metrics-nav').getByRole('link', { name: 'Trechter', exact: true }).click();
	await page.waitForURL(/\/metrieken\/trechter$/);
	assert.match(await page.locator('#geen-stappen').textContent(), /minstens twee stappen/);
	const offered = await page.locator('#stap1 option').allTextContents();
	for (const n of ['intake_gestart', 'intake_verzonden', 'afspraak_gepland']) assert.ok(offered.includes(n), `${n} is offered`);
	await checkPage(page, 'funnel-empty');
	await page.locator('#stap1').selectOption('intake_gestart');
	await page.locator('#stap2').selectOption('intake_verzonden');
	await page.locator('#stap3').selectOption('afspraak_gepland');
	await page.locator('#uitsplitsing').fill('kanaal');
	await page.getByRole('button', { name: 'Toon' }).click();
	await page.locator('#trechter-grafiek svg').first().waitFor();
	assert.equal(await page.locator('#stap2').inputValue(), 'intake_verzonden', 'the choice is kept');
	const api = await (await page.request.get(`${server.base}/api/v1/initiatieven/${ini}/metrieken/trechter?stappen=intake_gestart,intake_verzonden,afspraak_gepland&uitsplitsing=kanaal`)).json();
	const chart = JSON.parse(await page.locator('script[data-chart-for="trechter-grafiek"]').textContent());
	assert.equal(chart.horizontal, true);
	assert.deepEqual(chart.x, ['1. intake_gestart', '2. intake_verzonden', '3. afspraak_gepland']);
	assert.equal(chart.series[0].values[0], 100);
	const rows = page.locator('#trechter-tabel tbody tr');
	assert.equal(await rows.count(), 3);
	for (let k = 0; k < 3; k++) {
		const cells = await rows.nth(k).locator('td').allTextContents();
		assert.equal(cells[0].replace(/\./g, ''), String(api.total[k].persons));
		assert.ok(Math.abs(chart.series[0].values[k] - api.total[k].conversion * 100) < 0.051);
	}
	assert.ok(api.total[0].persons > api.total[2].persons && api.total[2].persons > 0, 'a realistic funnel');
	assert.match(await rows.nth(1).locator('td').nth(3).textContent(), /^\d+ (s|min|u \d+ min)$/);
	// one table per value of kanaal, the largest group first
	const groups = page.locator('table.sl-funnel-group');
	assert.equal(await groups.count(), api.breakdown.length);
	assert.match(await groups.first().locator('caption').textContent(), /^kanaal = web$/);
	await checkPage(page, 'funnel');
	await fits360(page, 'funnel');
});

test('funnel: bad steps and window are named in the form answer', async () => {
	const res = await page.request.get(`${server.base}/api/v1/initiatieven/${ini}/metrieken/trechter?stappen=alleen_een&venster=8w`);
	assert.equal(res.status(), 400);
	const body = await res.json();
	assert.deepEqual(body['invalid-params'].map((p) => p.name).sort(), ['stappen', 'venster']);
});

test('lifecycle: stacked bars with dormant below zero and the table, interval kept, axe clean, 360 px', async () => {
	await page.goto(`${server.base}/initiatieven/${ini}/metrieken/levenscyclus`);
	await page.locator('#levenscyclus-grafiek svg').first().waitFor();
	const chart = JSON.parse(await page.locator('script[data-chart-for="levenscyclus-grafiek"]').textContent());
	assert.deepEqual(chart.series.map((s) => s.name), ['Nieuw', 'Terugkerend', 'Teruggekomen', 'Slapend']);
	assert.ok(chart.series[3].values.every((v) => v <= 0), 'dormant is drawn below zero');
	assert.ok(chart.series[3].values.some((v) => v < 0));
	assert.ok(chart.series[1].values.some((v) => v > 0), 'some persons return');
	const rows = page.locator('#levenscyclus-tabel tbody tr');
	assert.equal(await rows.count(), 12);
	// newest first: the running week says so
	assert.match(await rows.first().locator('th').textContent(), /loopt nog/);
	const newest = await rows.first().locator('td').allTextContents();
	assert.equal(newest[0].replace(/\./g, ''), String(chart.series[0].values.at(-1)));
	await checkPage(page, 'lifecycle');
	await fits360(page, 'lifecycle');
	await page.locator('#interval').selectOption('maand');
	await page.getByRole('button', { name: 'Toon' }).click();
	await page.waitForURL(/interval=maand/);
	assert.equal(await page.locator('#interval').inputValue(), 'maand');
	assert.equal(await page.locator('#levenscyclus-tabel tbody tr').count(), 3, 'the dates of the form are kept: September to November');
	await checkPage(page, 'lifecycle-month');
});

test('retention by calendar month in Dutch time with one triangle per kanaal: fields kept, axe clean, 360 px', async () => {
	await page.goto(`${server.base}/initiatieven/${ini}/metrieken/retentie?interval=maand&kalender=1&tijdzone=Europe/Amsterdam&uitsplitsing=kanaal`);
	await page.locator('#metrics-retentie-tabel').waitFor();
	assert.equal(await page.locator('#interval').inputValue(), 'maand');
	assert.equal(await page.locator('#kalender').inputValue(), '1');
	assert.equal(await page.locator('#tijdzone').inputValue(), 'Europe/Amsterdam');
	assert.match(await page.locator('#metrics-retentie-tabel thead').textContent(), /Maand 6/);
	assert.match(await page.locator('#metrics-retentie-tabel tbody th').first().textContent(), /^maand van 1 \w+ \d{4}$/);
	const groups = page.locator('table.sl-retention-group');
	assert.equal(await groups.count(), 3); // web and telefoon (intake funnel), uitnodiging (growth demo)
	assert.match(await groups.first().locator('caption').textContent(), /^kanaal = web$/);
	await checkPage(page, 'retention-month-split');
	await fits360(page, 'retention-month-split');
});
