// SPDX-License-Identifier: EUPL-1.2
// The metrics dashboard with a time zone and a filter other than equality,
// and saved retention and lifecycle queries, in a real browser on the demo
// initiative "Digitale schuldhulp-intake": the zone typed in the form
// (America/New_York) and a "is niet gelijk aan" filter narrow every chart,
// stay in the form and are said above the charts; the tables show what the
// API answers; the demo's two saved queries are on the dashboard; a
// retention query saved from the retention page opens with its triangle,
// is listed and can be deleted. No WCAG 2.1 A/AA violation, no console
// errors, nothing wider than 360 px. Screenshots also in /tmp/h-dash-*.png.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { checkPage, fits360, signedIn, demoInitiativeId } from './lib.mjs';

let server, browser, page, ini;

signedIn(async (s) => {
	({ server, browser, page } = s);
	ini = await demoInitiativeId(page, server.base);
});

const num = (t) => Number(t.trim().replace(/\./g, '').replace(',', '.'));
const shot = async (name) => {
	await page.screenshot({ path: `/tmp/h-dash-${name}.png`, fullPage: true });
	await page.setViewportSize({ width: 360, height: 800 });
	await page.screenshot({ path: `/tmp/h-dash-${name}-360.png`, fullPage: true });
	await page.setViewportSize({ width: 1280, height: 900 });
};

test('dashboard: a zone and a "not equal" filter from the form narrow every chart; tables equal the API; axe clean, 360 px', async () => {
	await page.goto(`${server.base}/initiatieven/${ini}/metrieken`);
	// the organisation's zone is the default
	assert.equal(await page.locator('#tijdzone').inputValue(), 'Europe/Amsterdam');
	await page.locator('#tijdzone').fill('America/New_York');
	await page.getByLabel('Eigenschap 1').fill('kanaal');
	await page.getByLabel('Vergelijking 1').selectOption({ label: 'is niet gelijk aan' });
	await page.getByLabel('Waarde 1').fill('telefoon');
	await page.getByRole('button', { name: 'Toon' }).click();
	await page.waitForURL(/operator=isniet/);
	assert.equal(await page.locator('#tijdzone').inputValue(), 'America/New_York');
	assert.equal(await page.getByLabel('Vergelijking 1').inputValue(), 'isniet');
	assert.match(await page.locator('#filters-actief').textContent(), /kanaal ≠ telefoon/);
	const api = await (await page.request.get(`${server.base}/api/v1/initiatieven/${ini}/metrieken?tijdzone=America%2FNew_York&eigenschap=kanaal&operator=isniet&waarde=telefoon`)).json();
	assert.equal(api.timeZone, 'America/New_York');
	const first = await page.locator('#dash-actief-tabel tbody tr').first().locator('td').allTextContents();
	assert.deepEqual(first.slice(0, 3).map(num), [api.active.days.at(-1).dau, api.active.days.at(-1).wau, api.active.days.at(-1).mau]);
	assert.match(await page.locator('#dash-actief-tabel caption').textContent(), /America\/New_York/);
	assert.equal(await page.locator('#dash-retentie-tabel tbody tr').count(), api.retention.cohorts.length);
	// the demo's saved queries, each with its chart and table
	assert.equal(api.savedQueries.length, 2);
	for (const [k, q] of api.savedQueries.entries()) {
		await page.locator(`#dash-vraag-${k + 1}-grafiek svg`).first().waitFor();
		const rows = q.kind === 'retentie' ? q.result.cohorts.length : q.result.periods.length;
		assert.equal(await page.locator(`#dash-vraag-${k + 1}-tabel tbody tr`).count(), rows, q.name);
	}
	await page.locator('#dash-actief-grafiek svg').first().waitFor();
	await checkPage(page, 'dashboard-zone-filter');
	await fits360(page, 'dashboard-zone-filter');
	await shot('dashboard-zone-filter');
	// an unknown zone: named in the form, the default dashboard shown
	const bad = await page.goto(`${server.base}/initiatieven/${ini}/metrieken?tijdzone=Mars%2FOlympus&eigenschap=bedrag&operator=minstens&waarde=veel`);
	assert.equal(bad.status(), 400);
	assert.match(await page.locator('#foutmelding').textContent(), /tijdzone kennen we niet/);
	assert.match(await page.locator('#foutmelding').textContent(), /Geef een getal/);
	await checkPage(page, 'dashboard-bad-zone');
});

test('saved queries: save a retention query from its page, open it, list it, delete it; axe clean, 360 px', async () => {
	await page.goto(`${server.base}/initiatieven/${ini}/metrieken/retentie?interval=dag&telling=vanaf&tijdzone=Asia%2FKolkata&eigenschap=kanaal&operator=eenvan&waarde=web%2Ctelefoon`);
	await page.locator('#bewaar-naam').fill('Dagelijks terug in Kolkata');
	await page.getByRole('button', { name: 'Vraag bewaren' }).click();
	await page.waitForURL(/\/bewaarde-metrieken\/\d+$/);
	assert.equal(await page.locator('h1').textContent(), 'Dagelijks terug in Kolkata');
	const id = page.url().match(/(\d+)$/)[1];
	const api = await (await page.request.get(`${server.base}/api/v1/bewaarde-metrieken/${id}`)).json();
	assert.deepEqual(api.parameters, { eigenschap: 'kanaal', interval: 'dag', operator: 'eenvan', telling: 'vanaf', tijdzone: 'Asia/Kolkata', waarde: 'web,telefoon' });
	await page.locator('#vraag-grafiek svg').first().waitFor();
	assert.equal(await page.locator('#vraag-tabel tbody tr').count(), api.result.cohorts.length);
	await checkPage(page, 'saved-query');
	await fits360(page, 'saved-query');
	await shot('saved-query');
	await page.locator('.sl-metrics-nav').getByRole('link', { name: 'Bewaarde vragen' }).click();
	await page.waitForURL(/\/bewaarde-metrieken$/);
	const names = await page.locator('#vragen-tabel tbody th').allTextContents();
	assert.deepEqual(names.map((n) => n.trim()), ['Blijven cliënten terugkomen? (per kalenderweek)', 'Dagelijks terug in Kolkata', 'Nieuw en terug per maand, zonder uitnodigingen']);
	await checkPage(page, 'saved-queries');
	await fits360(page, 'saved-queries');
	await shot('saved-queries');
	// the lifecycle page offers the same
	await page.goto(`${server.base}/initiatieven/${ini}/metrieken/levenscyclus?interval=maand`);
	assert.equal(await page.getByRole('button', { name: 'Vraag bewaren' }).count(), 1);
	await page.goto(`${server.base}/bewaarde-metrieken/${id}`);
	await page.getByRole('button', { name: 'Deze vraag verwijderen' }).click();
	await page.waitForURL(/\/bewaarde-metrieken$/);
	assert.equal(await page.locator('#vragen-tabel tbody tr').count(), 2);
});
