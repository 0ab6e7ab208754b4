// SPDX-License-Identifier: EUPL-1.2
// Metric pages in a real browser on the demo initiative "Digitale
// schuldhulp-intake": the active-persons page (line chart with its table)
// and the retention page (heat map with the triangle as a table, incomplete
// cells hatched and named) have no WCAG 2.1 A/AA violation, no console
// errors, fit 360 px, and the table shows what the API answers.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { checkPage, fits360, signedIn, demoInitiativeId } from './lib.mjs';

let server, browser, page, ini;

signedIn(async (s) => {
	({ server, browser, page } = s);
	ini = await demoInitiativeId(page, server.base);
});

test('the initiative page links to its metrics', async () => {
	await page.goto(`${server.base}/initiatieven/${ini}`);
	// the headline: yesterday's active persons (the metrics module's evidence)
	assert.match(await page.locator('#metrieken-kop').textContent(), /^Actieve personen op \d+ \w+ \d{4}: [\d.]+ DAU · [\d.]+ WAU · [\d.]+ MAU$/);
	await checkPage(page, 'metrics-initiative');
	await page.locator('#metrieken-links').getByRole('link', { name: 'Actieve personen' }).click();
	await page.waitForURL(/\/metrieken\/actief$/);
	assert.equal(await page.getByRole('heading', { level: 1 }).textContent(), 'Actieve personen');
});

test('active persons: chart and table of 30 complete days, axe clean, 360 px', async () => {
	await page.goto(`${server.base}/initiatieven/${ini}/metrieken/actief`);
	await page.locator('#metrics-actief-grafiek svg').first().waitFor();
	const chart = JSON.parse(await page.locator('script[data-chart-for="metrics-actief-grafiek"]').textContent());
	assert.equal(chart.x.length, 30);
	assert.deepEqual(chart.series.map((s) => s.name), ['DAU', 'WAU', 'MAU']);
	const rows = page.locator('#metrics-actief-tabel tbody tr');
	assert.equal(await rows.count(), 30);
	// the newest row is the last point of the chart, in Dutch formatting
	const newest = await rows.first().locator('td').allTextContents();
	assert.equal(newest[0], String(chart.series[0].values.at(-1)));
	assert.equal(newest[2].replace(/\./g, ''), String(chart.series[2].values.at(-1)));
	assert.match(newest[3], /^\d+,\d\s?%$/);
	const bars = JSON.parse(await page.locator('script[data-chart-for="metrics-dagen-grafiek"]').textContent());
	assert.equal(await page.locator('#metrics-dagen-tabel tbody tr').count(), 30);
	assert.equal(bars.series[0].values.reduce((a, b) => a + b, 0), chart.series[2].values.at(-1), 'the bars add up to the MAU');
	await checkPage(page, 'metrics-active');
	await fits360(page, 'metrics-active');
});

test('retention: heat map and triangle, incomplete cells named, filters kept, axe clean, 360 px', async () => {
	await page.goto(`${server.base}/initiatieven/${ini}/metrieken/retentie?telling=vanaf&interval=week`);
	await page.locator('#metrics-retentie-grafiek svg').first().waitFor();
	assert.equal(await page.locator('#telling').inputValue(), 'vanaf');
	const rows = page.locator('#metrics-retentie-tabel tbody tr');
	assert.ok((await rows.count()) >= 7);
	// the newest cohort has had less than a week: every cell is incomplete, none says 0
	const last = rows.last();
	assert.equal(await last.locator('.sl-metrics-incomplete').count(), 9);
	assert.match(await last.textContent(), /nog niet compleet/);
	// the oldest cohort: week 0 is 100 % (any event returns, the start itself included)
	assert.match(await rows.first().locator('td').nth(1).textContent(), /^100,0\s?%/);
	await checkPage(page, 'metrics-retention');
	await fits360(page, 'metrics-retention');
	await page.goto(`${server.base}/initiatieven/${ini}/metrieken/retentie?interval=dag&gebeurtenis=intake_gestart&terugkeer=intake_verzonden`);
	await page.locator('#metrics-retentie-tabel').waitFor();
	assert.equal(await page.locator('#metrics-retentie-tabel thead th').count(), 2 + 15);
	await checkPage(page, 'metrics-retention-day');
});
