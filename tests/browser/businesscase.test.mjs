// SPDX-License-Identifier: EUPL-1.2
// Business cases in a real browser: from the initiative page to the demo case
// (the wrong-pocket matrix, the deal, scenarios, tornado and cash charts, each
// with its table), axe-core finds no WCAG 2.1 A/AA violation at 1280 and 360
// px and no console error (CSP); a line typed in Dutch euros on the form
// changes the matrix; a bad amount is named and what was typed stays; the
// export links answer an XLSX workbook and a CSV file.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { newPage, login, axe, checkPage, signedIn } from './lib.mjs';

let server, browser, page, casePath;

signedIn((s) => ({ server, browser, page } = s));

test('the demo case: matrix, deal, charts with tables, no violations', async () => {
	await page.goto(`${server.base}/organisaties/gemeente-voorbeeldstad/initiatieven`);
	await page.locator('a', { hasText: 'Valpreventie thuis' }).first().click();
	await page.locator('#businesscases-link').click();
	await page.locator('#bc-lijst').waitFor();
	await checkPage(page, 'bc-list');
	await page.getByRole('link', { name: 'MKBA valpreventie per partij' }).click();
	casePath = new URL(page.url()).pathname;
	assert.match(casePath, /^\/businesscases\/\d+$/);
	for (const id of ['bc-matrix-grafiek', 'bc-scenario-grafiek', 'bc-tornado-grafiek', 'bc-kas-grafiek'])
		await page.locator(`#${id} svg`).first().waitFor();
	// the matrix: a row per party and the total, with a flag on the parties below zero
	assert.equal(await page.locator('#bc-matrix tbody tr').count(), 5);
	assert.equal(await page.locator('#bc-matrix .sl-bc-flag').count(), 3);
	assert.match(await page.locator('#bc-totaal').textContent(), /€\s703\.087/);
	// the deal: the insurer pays the three others
	assert.match(await page.locator('#bc-deal').textContent(), /overdrachten van in totaal €\s834\.473/);
	assert.equal(await page.locator('#bc-overdrachten tbody tr').count(), 3);
	assert.match(await page.locator('#bc-geen-stakeholders').textContent(), /stakeholderkaart/);
	// every chart has its data table; the heatmap's numbers are the matrix's
	const heat = JSON.parse(await page.locator('script[data-chart-for="bc-matrix-grafiek"]').textContent());
	assert.equal(heat.y.at(-1), 'Gemeente Voorbeeldstad', 'the first party is drawn on top');
	assert.equal(heat.values.at(-1)[0], -180, 'year 0 of the municipality in thousands');
	assert.ok(await page.locator('#bc-scenarios').isVisible());
	assert.ok(await page.locator('#bc-tornado').isVisible());
	assert.equal(await page.locator('#bc-kas tbody tr').count(), 37);
	assert.match(await page.locator('#bc-ltv').textContent(), /€\s630\.000/);
	assert.match(await page.locator('#bc-jaarbesparing').textContent(), /€\s54\.000/, 'public scaling: the saving a year');
	await checkPage(page, 'bc-case');
});

test('a line typed in Dutch euros changes the matrix; a bad amount is named and kept', async () => {
	await page.goto(server.base + casePath);
	await page.getByRole('link', { name: 'Regel toevoegen' }).click();
	await page.getByLabel('Partij', { exact: true }).selectOption({ label: 'Thuiszorg Samen' });
	await page.getByLabel('Baten', { exact: true }).check();
	await page.getByLabel('Categorie', { exact: true }).selectOption('besparing');
	await page.getByLabel('Omschrijving', { exact: true }).fill('Minder verzuim wijkverpleging');
	await page.getByLabel('Bedragen per jaar (euro)').fill('0; 40.000; 40.000; veertig');
	await page.getByRole('button', { name: 'Regel opslaan' }).click();
	await page.locator('#amounts-fout').waitFor();
	assert.match(await page.locator('#amounts-fout').textContent(), /jaar 3/);
	assert.equal(await page.getByLabel('Bedragen per jaar (euro)').inputValue(), '0; 40.000; 40.000; veertig');
	await checkPage(page, 'bc-line-error');
	await page.getByLabel('Bedragen per jaar (euro)').fill('0; 40.000; 40.000; 40.000');
	await page.getByLabel('Bron van de bedragen').fill('Verzuimcijfers 2025');
	await Promise.all([page.waitForURL(/#regels$/), page.getByRole('button', { name: 'Regel opslaan' }).click()]);
	const row = page.locator('#bc-matrix tbody tr', { hasText: 'Thuiszorg Samen' });
	assert.match(await row.textContent(), /€\s35\.000/, 'year 1: 40,000 gained, 5,000 net before');
	assert.ok(await page.locator('#bc-regels', { hasText: 'Minder verzuim wijkverpleging' }).isVisible());
});

test('the export links answer a workbook and a CSV file', async () => {
	await page.goto(server.base + casePath);
	const xlsx = await page.locator('#bc-xlsx').getAttribute('href');
	const csv = await page.locator('#bc-csv').getAttribute('href');
	const rx = await page.request.get(server.base + xlsx);
	assert.equal(rx.status(), 200);
	assert.equal(rx.headers()['content-type'], 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet');
	assert.equal((await rx.body()).subarray(0, 2).toString(), 'PK', 'a zip container');
	const rc = await page.request.get(server.base + csv);
	assert.match(await rc.text(), /^partij,helix,jaar_0/);
});

test('360 px: the case page and its forms fit the screen without violations', async () => {
	const small = await newPage(browser, { viewport: { width: 360, height: 740 } });
	await login(small, server.base);
	for (const [path, name] of [[casePath, 'bc-360-case'], [`${casePath}/regels/nieuw`, 'bc-360-line'],
		[`${casePath}/eenheidseconomie`, 'bc-360-unit'], [`${casePath}/scenariofactoren`, 'bc-360-factors']]) {
		await small.goto(server.base + path);
		const overflow = await small.evaluate(() => document.documentElement.scrollWidth - window.innerWidth);
		assert.ok(overflow <= 0, `${path} is ${overflow} px too wide`);
		await checkPage(small, name);
	}
	await small.context().close();
});
