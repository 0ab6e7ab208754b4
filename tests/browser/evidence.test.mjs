// SPDX-License-Identifier: EUPL-1.2
// Metrics as evidence in a real browser (docs/plan.md "Criteria",
// docs/metrics.md "A key result that follows a metric"): the demo's
// Opschalen gate judges its WAU, NPS and activation criteria from the
// events and says value, norm, source, when computed and where to look; a
// criterion bound to a metric is added through the page's form; the KPI
// series that follows the WAU shows the metric, its parameters and its
// trend as a chart with a table equal to the API. axe-core finds no WCAG
// 2.1 A/AA violation, no console errors, and the pages fit 360 px.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { startServer, launchBrowser, newPage, login, axe, DEMO, checkPage } from './lib.mjs';

let server, browser, page, ini, gatePath, seriesPath;

async function hrefs(p, re) {
	const all = await p.locator('a').evaluateAll((as) => as.map((a) => a.getAttribute('href')));
	return [...new Set(all.filter((h) => re.test(h || '')))];
}

before(async () => {
	server = await startServer();
	browser = await launchBrowser();
	page = await newPage(browser);
	await login(page, server.base);
	await page.goto(`${server.base}/organisaties/${DEMO.org}/initiatieven`);
	ini = await page.locator('a', { hasText: 'Digitale schuldhulp-intake' }).first().getAttribute('href');
	await page.goto(`${server.base}${ini}/plan`);
	for (const g of await hrefs(page, /^\/fasen\/\d+$/)) {
		await page.goto(server.base + g);
		if (await page.getByText('Wekelijks gebruiken minstens 400 inwoners de intake').count()) gatePath = g;
	}
	await page.goto(`${server.base}${ini}/kpi-reeksen`);
	seriesPath = await page.locator('a', { hasText: 'Wekelijks actieve inwoners (WAU)' }).first().getAttribute('href');
});

after(async () => {
	await browser?.close();
	await server?.stop();
});

test('the Opschalen gate judges its metric criteria from the events and says where they come from', async () => {
	assert.ok(gatePath, 'the demo has a gate with a WAU criterion');
	await page.goto(server.base + gatePath);
	const row = page.locator('#criteria-tabel tr', { hasText: 'Wekelijks gebruiken minstens 400' });
	const text = await row.innerText();
	assert.match(text, /WAU \(wekelijks actieve personen\) minstens 400/);
	assert.match(text, /houdt stand/);
	assert.match(text, /WAU \(wekelijks actieve personen\): \d[\d.]* \(norm: minstens 400\)/);
	assert.match(text, /Alle bronnen van het initiatief\./);
	assert.match(text, /Berekend op \d+ [a-z]+ 20\d\d, \d\d:\d\d\./);
	const act = await page.locator('#criteria-tabel tr', { hasText: 'Minstens 25 % verstuurt' }).innerText();
	assert.match(act, /Activatie: \d+,\d% \(norm: minstens 25,0%\)/);
	const link = row.getByRole('link', { name: /Bekijk de metriek/ });
	assert.equal(await link.getAttribute('href'), `${ini}/metrieken/actief`);
	for (const width of [1280, 360]) {
		const p = await newPage(browser, { viewport: { width, height: 900 } });
		await login(p, server.base);
		await p.goto(server.base + gatePath);
		await checkPage(p, `gate-metric-${width}`);
		const over = await p.evaluate(() => document.documentElement.scrollWidth - document.documentElement.clientWidth);
		assert.ok(over <= 1, `the gate fits ${width} px (overflow ${over})`);
		await p.context().close();
	}
});

test('a criterion bound to a metric is added on the page: churn of one source at most 30 %', async () => {
	await page.goto(server.base + gatePath);
	await page.locator('#title').fill('Hoogstens 30 % haakt af');
	await page.locator('#kind-ko').check();
	await page.locator('#evidence').selectOption('metriek');
	await page.locator('#metric').selectOption('churn');
	await page.locator('#metricSource').selectOption({ label: 'Digitale intake (website)' });
	await page.locator('#comparison').selectOption('<=');
	await page.locator('#threshold').fill('30');
	await page.getByRole('button', { name: 'Criterium toevoegen' }).click();
	const row = page.locator('#criteria-tabel tr', { hasText: 'Hoogstens 30 % haakt af' });
	await row.waitFor();
	const text = await row.innerText();
	assert.match(text, /Churn \(afhakers\) hoogstens 30,0%/);
	assert.match(text, /Bron: Digitale intake \(website\)\./);
	// without a threshold the form comes back naming it
	await page.locator('#title').fill('Zonder drempel');
	await page.locator('#evidence').selectOption('metriek');
	await page.locator('#metric').selectOption('nps');
	await page.getByRole('button', { name: 'Criterium toevoegen' }).click();
	await page.locator('.utrecht-form-field--invalid #threshold').waitFor();
	// and without a metric it names the metric list
	await page.locator('#title').fill('Zonder metriek');
	await page.locator('#evidence').selectOption('metriek');
	await page.locator('#metric').selectOption('');
	await page.locator('#threshold').fill('3');
	await page.getByRole('button', { name: 'Criterium toevoegen' }).click();
	await page.locator('.utrecht-form-field--invalid #metric').waitFor();
	await checkPage(page, 'gate-metric-error');
});

test('a review of that gate keeps the metrics it opened with, in its judgements and its evidence', async () => {
	await page.goto(server.base + gatePath);
	await page.getByRole('button', { name: 'Poortreview openen' }).click();
	await page.waitForURL(/\/poortreviews\/\d+/);
	const row = await page.locator('#oordelen-form fieldset', { hasText: 'Inwoners bevelen de intake aan' }).innerText();
	assert.match(row, /NPS: \d+(,\d+)? \(norm: minstens 30\)/);
	const ev = await page.locator('#bewijs-plan').locator('xpath=..').innerText();
	assert.match(ev, /Metrieken uit gebeurtenissen: WAU \(wekelijks actieve personen\) \d/);
	for (const width of [1280, 360]) {
		const p = await newPage(browser, { viewport: { width, height: 900 } });
		await login(p, server.base);
		await p.goto(page.url());
		await checkPage(p, `review-metric-${width}`);
		const over = await p.evaluate(() => document.documentElement.scrollWidth - document.documentElement.clientWidth);
		assert.ok(over <= 1, `the review fits ${width} px (overflow ${over})`);
		await p.context().close();
	}
});

test('the KPI series that follows the WAU shows the metric, its parameters and its trend (chart and table equal the API)', async () => {
	await page.goto(server.base + seriesPath);
	const sec = page.locator('section.sl-kpi-metric');
	const text = await sec.innerText();
	assert.match(text, /Deze reeks volgt WAU \(wekelijks actieve personen\) uit de gebeurtenissen van bron Digitale intake \(website\)/);
	assert.match(text, /Berekend\s+\d+ [a-z]+ 20\d\d, \d\d:\d\d/);
	await page.locator('#kpi-metriek-grafiek svg, #kpi-metriek-grafiek canvas').first().waitFor();
	const id = seriesPath.split('/').pop();
	const api = await page.evaluate(async (sid) => (await fetch(`/api/v1/kpi-reeksen/${sid}/metriek`)).json(), id);
	assert.equal(api.metric, 'wau');
	assert.equal(api.trend.length, 30);
	const cells = await page.locator('#kpi-metriek-tabel tbody td').allInnerTexts();
	const want = api.trend.slice().reverse().map((t) => Math.round(t.value).toLocaleString('nl-NL'));
	assert.deepEqual(cells, want);
	assert.equal(await page.locator('#kpi-metriek-waarde').innerText(), Math.round(api.value).toLocaleString('nl-NL'));
	assert.equal(await sec.getByRole('link', { name: /Bekijk de metriek/ }).getAttribute('href'), `${ini}/metrieken/actief?bron=${api.parameters.bron}`);
	for (const width of [1280, 360]) {
		const p = await newPage(browser, { viewport: { width, height: 900 } });
		await login(p, server.base);
		await p.goto(server.base + seriesPath);
		await p.locator('#kpi-metriek-grafiek svg, #kpi-metriek-grafiek canvas').first().waitFor();
		await checkPage(p, `kpi-metric-${width}`);
		const over = await p.evaluate(() => document.documentElement.scrollWidth - document.documentElement.clientWidth);
		assert.ok(over <= 1, `the series page fits ${width} px (overflow ${over})`);
		await p.context().close();
	}
});
