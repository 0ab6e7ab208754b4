// SPDX-License-Identifier: EUPL-1.2
// KPI series in a real browser: axe-core finds no WCAG 2.1 A/AA violation on
// the series list, a series page (chart and table), the new and edit forms
// and a form shown again with an error; no console errors (CSP). Adding a
// value on the page adds a point to the chart and a row to the table; the
// pages fit 360 px; the key result bound to a series says where its value
// comes from.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { newPage, login, axe, DEMO, checkPage, hrefOf, signedIn } from './lib.mjs';

let server, browser, page, listPath, seriesPath;

signedIn((s) => ({ server, browser, page } = s));

async function chartValues(p) {
	const d = JSON.parse(await p.locator('script[data-chart-for="kpi-grafiek"]').textContent());
	return d.series[0].values.filter((v) => v !== null);
}

test('axe: the KPI pages of the demo have no violations and no console errors', async () => {
	await page.goto(`${server.base}/organisaties/${DEMO.org}/initiatieven`);
	const ini = await page.locator('a', { hasText: 'Digitale schuldhulp-intake' }).first().getAttribute('href');
	await page.goto(server.base + ini);
	await page.getByRole('link', { name: 'Kerncijfers bekijken en bijhouden' }).click();
	listPath = new URL(page.url()).pathname;
	assert.match(listPath, /^\/initiatieven\/\d+\/kpi-reeksen$/);
	await page.locator('#kpi-reeksen').waitFor();
	await checkPage(page, 'kpi-list');
	seriesPath = await hrefOf(page, /^\/kpi-reeksen\/\d+$/);
	await page.goto(server.base + seriesPath);
	await page.locator('#kpi-grafiek svg').first().waitFor();
	await checkPage(page, 'kpi-series');
	for (const [path, name] of [[`${listPath}/nieuw`, 'kpi-new'], [`${seriesPath}/bewerken`, 'kpi-edit']]) {
		await page.goto(server.base + path);
		await checkPage(page, name);
	}
	// a form shown again with its error
	await page.goto(server.base + `${listPath}/nieuw`);
	await page.getByRole('button', { name: 'Kerncijfer aanmaken' }).click();
	await page.locator('.utrecht-form-field--invalid').first().waitFor();
	await checkPage(page, 'kpi-new-error');
});

test('adding a value on the page adds a point to the chart and a row to the table', async () => {
	await page.goto(server.base + seriesPath);
	await page.locator('#kpi-grafiek svg').first().waitFor();
	const before = await chartValues(page);
	const rows = await page.locator('#kpi-tabel tbody tr').count();
	const yesterday = new Date(Date.now() - 86400000).toISOString().slice(0, 10);
	await page.getByLabel('Datum', { exact: true }).fill(yesterday);
	await page.getByRole('textbox', { name: /^Waarde/ }).fill('9');
	await page.getByLabel('Toelichting').fill('Twee nieuwe gemeenten aangesloten');
	await Promise.all([page.waitForURL(/#waarden$/), page.getByRole('button', { name: 'Waarde opslaan' }).click()]);
	await page.locator('#kpi-grafiek svg').first().waitFor();
	const after = await chartValues(page);
	assert.equal(after.length, before.length + 1, 'one more point in the chart');
	assert.equal(after[after.length - 1], 9, 'the newest point is the new value');
	assert.equal(await page.locator('#kpi-tabel tbody tr').count(), rows + 1, 'one more row in the table');
	await assert.doesNotReject(page.locator('#kpi-tabel tbody tr').first().getByText('Twee nieuwe gemeenten aangesloten').waitFor());
	assert.match(await page.locator('#kpi-laatste').textContent(), /9 gemeenten/);
	await checkPage(page, 'kpi-series-after');
	// a bad value is refused, what was typed stays
	await page.getByRole('textbox', { name: /^Waarde/ }).fill('negen');
	await page.getByRole('button', { name: 'Waarde opslaan' }).click();
	await page.locator('#value-fout').waitFor();
	assert.equal(await page.getByRole('textbox', { name: /^Waarde/ }).inputValue(), 'negen');
	await checkPage(page, 'kpi-series-error');
});

test('the key result bound to a series says where its value comes from', async () => {
	await page.goto(server.base + seriesPath);
	const kr = await hrefOf(page, /^\/kernresultaten\/\d+$/);
	assert.ok(kr, 'the series page links the key result that follows it');
	await page.goto(server.base + kr);
	assert.match(await page.locator('#kr-kpi').textContent(), /Aangesloten gemeenten/);
	// its check-in asks no value: that is entered on the series
	assert.equal(await page.locator('#value').count(), 0);
	assert.match(await page.locator('#kr-kpi-checkin').textContent(), /kerncijfer/);
	await checkPage(page, 'kpi-kr');
});

test('a series made on the form, then deleted after opening the delete section', async () => {
	await page.goto(server.base + `${listPath}/nieuw`);
	await page.getByLabel('Naam').fill('Bereikte inwoners');
	await page.getByLabel('Indicator').check();
	await page.getByLabel('Eenheid').fill('personen');
	await page.getByLabel('Doel', { exact: true }).fill('1500');
	await Promise.all([page.waitForURL(/\/kpi-reeksen\/\d+$/), page.getByRole('button', { name: 'Kerncijfer aanmaken' }).click()]);
	assert.equal(await page.locator('h1').textContent(), 'Bereikte inwoners');
	await assert.doesNotReject(page.locator('#geen-waarden').waitFor());
	await checkPage(page, 'kpi-series-empty');
	await page.getByRole('link', { name: 'Kerncijfer bewerken' }).click();
	const del = page.getByRole('button', { name: 'Definitief verwijderen' });
	assert.equal(await del.isVisible(), false, 'the delete button waits behind its summary');
	await page.getByText('Ik wil dit kerncijfer verwijderen').click();
	await checkPage(page, 'kpi-edit-delete-open');
	await Promise.all([page.waitForURL(/\/kpi-reeksen$/), del.click()]);
	assert.doesNotMatch(await page.locator('main').textContent(), /Bereikte inwoners/);
});

test('360 px: the list and a series fit the screen', async () => {
	const small = await newPage(browser, { viewport: { width: 360, height: 740 } });
	await login(small, server.base);
	for (const [path, name] of [[listPath, 'kpi-360-list'], [seriesPath, 'kpi-360-series']]) {
		await small.goto(server.base + path);
		const overflow = await small.evaluate(() => document.documentElement.scrollWidth - window.innerWidth);
		assert.ok(overflow <= 0, `${path} is ${overflow} px too wide`);
		await checkPage(small, name);
	}
	await small.context().close();
});

test('English: the list and a series read in English, without violations', async () => {
	const en = await newPage(browser);
	try {
		await login(en, server.base);
		await en.getByRole('button', { name: 'English' }).click();
		await en.waitForLoadState();
		await en.goto(server.base + listPath);
		assert.equal(await en.locator('html').getAttribute('lang'), 'en');
		assert.match(await en.locator('h1').textContent(), /^KPIs/);
		assert.match(await en.locator('#kpi-reeksen').textContent(), /Adoption · higher is better/);
		await checkPage(en, 'kpi-en-list');
		await en.goto(server.base + seriesPath);
		await en.locator('#kpi-grafiek svg').first().waitFor();
		assert.match(await en.locator('#kpi-stand').textContent(), /Progress towards the target/);
		await checkPage(en, 'kpi-en-series');
	} finally {
		await en.context().close();
	}
});
