// SPDX-License-Identifier: EUPL-1.2
// The metrics dashboard and saved funnels in a real browser on the demo
// initiative "Digitale schuldhulp-intake": reached from the initiative page,
// every chart with its table over one range (the tables show what the API
// answers), the two demo funnels with their bars, KPI lines with targets; the
// property filter and source choice narrow every chart and stay in the form;
// a funnel saved from the funnel page shows on its own page and the list,
// a duplicate name is named in the form, and it can be deleted. No WCAG 2.1
// A/AA violation, no console errors, nothing wider than 360 px.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { checkPage, fits360, signedIn, demoInitiativeId } from './lib.mjs';

let server, browser, page, ini;

signedIn(async (s) => {
	({ server, browser, page } = s);
	ini = await demoInitiativeId(page, server.base);
});

const num = (t) => Number(t.trim().replace(/\./g, '').replace(',', '.'));

test('dashboard: from the initiative page, every chart with its table, saved funnels and KPI lines, axe clean, 360 px', async () => {
	await page.goto(`${server.base}/initiatieven/${ini}`);
	await page.locator('#metrieken-links').getByRole('link', { name: 'Dashboard' }).click();
	await page.waitForURL(/\/metrieken$/);
	assert.equal(await page.locator('h1').textContent(), 'Dashboard');
	assert.equal(await page.locator('.sl-metrics-nav [aria-current="page"]').textContent(), 'Dashboard');
	const api = await (await page.request.get(`${server.base}/api/v1/initiatieven/${ini}/metrieken`)).json();
	for (const id of ['dash-actief-grafiek', 'dash-kleef-grafiek', 'dash-retentie-grafiek', 'dash-levenscyclus-grafiek']) {
		await page.locator(`#${id} svg`).first().waitFor();
	}
	// the newest day first, as the API counts it
	const last = api.active.days.at(-1);
	const first = await page.locator('#dash-actief-tabel tbody tr').first().locator('td').allTextContents();
	assert.deepEqual(first.slice(0, 3).map(num), [last.dau, last.wau, last.mau]);
	assert.equal(await page.locator('#dash-actief-tabel tbody tr').count(), api.active.days.length);
	assert.equal(await page.locator('#dash-retentie-tabel tbody tr').count(), api.retention.cohorts.length);
	assert.ok(await page.locator('#dash-retentie-tabel .sl-metrics-incomplete').count() > 0, 'incomplete cells say so');
	// the saved funnels: bars and tables, as the API counts
	for (const [k, f] of api.funnels.entries()) {
		await page.locator(`#dash-trechter-${k + 1}-grafiek svg`).first().waitFor();
		const rows = page.locator(`#dash-trechter-${k + 1}-tabel tbody tr`);
		assert.equal(await rows.count(), f.steps.length);
		const persons = await rows.evaluateAll((trs) => trs.map((tr) => tr.querySelector('td').textContent));
		assert.deepEqual(persons.map(num), f.result.total.map((s) => s.persons), f.name);
	}
	assert.match(await page.locator('#dash-trechters ~ h3, section[aria-labelledby="dash-trechters"] h3').first().textContent(), /Aanmelding, eerste intake/);
	// KPI lines with a target line where the series has one
	const kpiCharts = page.locator('script[data-chart-for^="dash-kpi-"]');
	assert.ok(await kpiCharts.count() >= 2);
	const charts = await kpiCharts.evaluateAll((s) => s.map((x) => JSON.parse(x.textContent)));
	assert.ok(charts.some((c) => c.series.length === 2 && c.series[1].name === 'Doel' && c.series[1].values.every((v) => v === 12)));
	await checkPage(page, 'dashboard');
	await fits360(page, 'dashboard');
});

test('dashboard: a property filter and a source narrow every chart and stay in the form', async () => {
	await page.goto(`${server.base}/initiatieven/${ini}/metrieken`);
	await page.getByLabel('Eigenschap 1').fill('kanaal');
	await page.getByLabel('Waarde 1').fill('web');
	await page.locator('#bron').selectOption({ label: 'Digitale intake (website)' });
	await page.getByRole('button', { name: 'Toon' }).click();
	await page.waitForURL(/eigenschap=kanaal/);
	assert.equal(await page.getByLabel('Eigenschap 1').inputValue(), 'kanaal');
	assert.equal(await page.getByLabel('Waarde 1').inputValue(), 'web');
	assert.match(await page.locator('#filters-actief').textContent(), /kanaal = web/);
	const api = await (await page.request.get(`${server.base}/api/v1/initiatieven/${ini}/metrieken?bron=1&eigenschap=kanaal&waarde=web`)).json();
	const first = await page.locator('#dash-actief-tabel tbody tr').first().locator('td').allTextContents();
	assert.equal(num(first[0]), api.active.days.at(-1).dau);
	const all = await (await page.request.get(`${server.base}/api/v1/initiatieven/${ini}/metrieken`)).json();
	assert.ok(api.active.days.at(-1).mau < all.active.days.at(-1).mau, 'fewer persons with the filter');
	await page.locator('#dash-actief-grafiek svg').first().waitFor();
	await checkPage(page, 'dashboard-filtered');
	// half a filter: the page names the missing value
	// from a source's page: the dashboard of that source
	await page.goto(`${server.base}/bronnen/1`);
	await page.locator('#bron-dashboard').getByRole('link', { name: 'Dashboard van deze bron' }).click();
	await page.waitForURL(/\/metrieken\?bron=1$/);
	assert.equal(await page.locator('#bron').inputValue(), '1');
	assert.match(await page.locator('main, body').first().textContent(), /Alleen de bron: Digitale intake \(website\)/);
	const bad = await page.goto(`${server.base}/initiatieven/${ini}/metrieken?eigenschap=kanaal`);
	assert.equal(bad.status(), 400);
	assert.match(await page.locator('#foutmelding').textContent(), /Geef ook de waarde/);
	await page.locator('#dash-actief-grafiek svg').first().waitFor();
	await checkPage(page, 'dashboard-bad-filter');
});

test('saved funnels: save from the funnel page, read, list, duplicate name named, delete; axe clean, 360 px', async () => {
	await page.goto(`${server.base}/initiatieven/${ini}/metrieken/trechter?stappen=intake_gestart,intake_verzonden&venster=14d`);
	await page.locator('#bewaar-naam').fill('Intake begonnen en verzonden');
	await page.getByRole('button', { name: 'Bewaren' }).click();
	await page.waitForURL(/\/trechters\/\d+$/);
	assert.equal(await page.locator('h1').textContent(), 'Intake begonnen en verzonden');
	await page.locator('#trechter-grafiek svg').first().waitFor();
	assert.equal(await page.locator('#trechter-tabel tbody tr').count(), 2);
	const url = page.url();
	await checkPage(page, 'saved-funnel');
	await fits360(page, 'saved-funnel');
	await page.locator('.sl-metrics-nav').getByRole('link', { name: 'Bewaarde trechters' }).click();
	await page.waitForURL(/\/trechters$/);
	const names = await page.locator('#trechters-tabel tbody th').allTextContents();
	assert.deepEqual(names.map((n) => n.trim()), ['Aanmelding, eerste intake, intake verzonden', 'Intake begonnen en verzonden', 'Van bezoek tot afspraak']);
	await checkPage(page, 'saved-funnels');
	await fits360(page, 'saved-funnels');
	// the same name again: the form says so and keeps what was typed
	await page.locator('#name').fill('Van bezoek tot afspraak');
	await page.getByLabel('Stappen', { exact: true }).fill('aangemeld, intake_gestart');
	await page.getByRole('button', { name: 'Bewaren' }).click();
	await page.locator('#foutmelding').waitFor();
	assert.match(await page.locator('#name-fout').textContent(), /al een bewaarde trechter/);
	assert.equal(await page.getByLabel('Stappen', { exact: true }).inputValue(), 'aangemeld, intake_gestart');
	await checkPage(page, 'saved-funnels-error');
	await page.goto(url);
	await page.getByRole('button', { name: 'Verwijderen' }).click();
	await page.waitForURL(/\/trechters$/);
	assert.equal(await page.locator('#trechters-tabel tbody tr').count(), 2);
});
