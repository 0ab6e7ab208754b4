// SPDX-License-Identifier: EUPL-1.2
// The Groei page in a real browser on the demo initiative "Digitale
// schuldhulp-intake": headline figures, each metric's chart with its table,
// no WCAG 2.1 A/AA violation, no console errors, fits 360 px, and the
// tables show what the API answers for the same parameters.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { axe, screenshot, signedIn, demoInitiativeId } from './lib.mjs';

let server, browser, page, ini;

signedIn(async (s) => {
	({ server, browser, page } = s);
	ini = await demoInitiativeId(page, server.base);
});

const euro = (s) => `€ ${Number(s).toLocaleString('nl-NL', { minimumFractionDigits: 2, maximumFractionDigits: 2 })}`;

test('Groei: headline figures and every chart with its table, matching the API, axe clean, 360 px', async () => {
	await page.goto(`${server.base}/initiatieven/${ini}/metrieken/actief`);
	await page.locator('nav.sl-metrics-nav').getByRole('link', { name: 'Groei' }).click();
	await page.waitForURL(/\/metrieken\/groei$/);
	assert.equal(await page.getByRole('heading', { level: 1 }).textContent(), 'Groei');
	for (const id of ['activatie', 'churn', 'kfactor', 'nps', 'omzet']) await page.locator(`#groei-${id}-grafiek svg`).first().waitFor();
	const api = await (await page.request.get(`${server.base}/api/v1/initiatieven/${ini}/metrieken/groei`)).json();
	// headline cards
	const cards = await page.locator('#groei-kerncijfers li .sl-growth-card__value').allTextContents();
	assert.equal(cards[3], String(Math.round(api.nps.nps)));
	assert.equal(cards[4].replace(/\u00a0/g, ' '), euro(api.revenue.total.revenue));
	// activation table rows = cohorts, same counts
	const act = page.locator('#groei-activatie-tabel tbody tr');
	assert.equal(await act.count(), api.activation.cohorts.length);
	const first = await act.first().locator('td').allTextContents();
	assert.equal(first[0].replace(/\./g, ''), String(api.activation.cohorts[0].persons));
	// churn: incomplete periods say so instead of a number
	const incomplete = api.churn.periods.filter((p) => !p.complete).length;
	assert.ok(incomplete > 0);
	assert.equal(await page.locator('#groei-churn-tabel .sl-metrics-incomplete').count(), incomplete);
	// NPS: 11 scores whose persons add up to the respondents
	const nps = await page.locator('#groei-nps-tabel tbody td:last-child').allTextContents();
	assert.equal(nps.length, 11);
	assert.equal(nps.reduce((a, b) => a + Number(b.replace(/\./g, '')), 0), api.nps.respondents);
	// revenue per period in euros with cents, exactly the API's sums
	const rev = await page.locator('#groei-omzet-tabel tbody tr td:first-of-type').allTextContents();
	assert.deepEqual(rev.map((s) => s.replace(/\u00a0/g, ' ')), api.revenue.periods.map((p) => euro(p.revenue)));
	// unit economics
	assert.match(await page.locator('#groei-ltv').textContent(), /Marketingkosten/);
	await screenshot(page, 'growth');
	const v = await axe(page);
	assert.deepEqual(v, [], v.join('\n'));
	assert.deepEqual(page.consoleErrors, [], 'no console errors (CSP, scripts)');
	await page.setViewportSize({ width: 360, height: 800 });
	await screenshot(page, 'growth-360');
	const over = await page.evaluate(() => document.documentElement.scrollWidth - document.documentElement.clientWidth);
	assert.ok(over <= 0, `no sideways scrolling at 360 px (${over} px too wide)`);
	await page.setViewportSize({ width: 1280, height: 900 });
});

test('Groei: the settings change what is counted and are kept in the form', async () => {
	await page.goto(`${server.base}/initiatieven/${ini}/metrieken/groei?interval=maand&activatie=intake_verzonden&activatiedagen=3`);
	assert.equal(await page.locator('#interval').inputValue(), 'maand');
	assert.equal(await page.locator('#activatie').inputValue(), 'intake_verzonden');
	assert.equal(await page.locator('#activatiedagen').inputValue(), '3');
	const api = await (await page.request.get(`${server.base}/api/v1/initiatieven/${ini}/metrieken/activatie?interval=maand&activatie=intake_verzonden&activatiedagen=3`)).json();
	assert.equal(await page.locator('#groei-activatie-tabel tbody tr').count(), api.cohorts.length);
	const v = await axe(page);
	assert.deepEqual(v, [], v.join('\n'));
});

test('experiment from events: the demo "Korte intake" counts per group from the feature flag, stored as an analysis, axe clean, 360 px', async () => {
	const list = await (await page.request.get(`${server.base}/api/v1/initiatieven/${ini}/experimenten`)).json();
	const exp = list.experiments.find((e) => e.name === 'Korte intake');
	await page.goto(`${server.base}/experimenten/${exp.id}`);
	await page.locator('#tellingen-uit-gebeurtenissen').click();
	await page.waitForURL(/\/gebeurtenissen$/);
	const api = await (await page.request.get(`${server.base}/api/v1/experimenten/${exp.id}/gebeurtenissen`)).json();
	assert.ok(api.counts.control.exposed > 100 && api.counts.treatment.exposed > 100, 'the demo exposes a few hundred persons per group');
	const cells = await page.locator('#exp-telling-tabel tbody tr').first().locator('td').allTextContents();
	assert.equal(cells[0], 'control');
	assert.equal(cells[1].replace(/\./g, ''), String(api.counts.control.exposed));
	assert.equal(cells[2].replace(/\./g, ''), String(api.counts.control.converted));
	assert.match(await page.locator('#exp-analyse').textContent(), /procentpunt/);
	await screenshot(page, 'growth-experiment');
	let v = await axe(page);
	assert.deepEqual(v, [], v.join('\n'));
	await page.setViewportSize({ width: 360, height: 800 });
	await screenshot(page, 'growth-experiment-360');
	const over = await page.evaluate(() => document.documentElement.scrollWidth - document.documentElement.clientWidth);
	assert.ok(over <= 0, `no sideways scrolling at 360 px (${over} px too wide)`);
	await page.setViewportSize({ width: 1280, height: 900 });
	// the same value for both groups is refused and shown with the form
	await page.locator('#treatmentValue').fill('control');
	await page.getByRole('button', { name: 'Koppeling opslaan' }).click();
	assert.match(await page.locator('.utrecht-form-field-error-message').first().textContent(), /anders/);
	v = await axe(page);
	assert.deepEqual(v, [], v.join('\n'));
	// store the analysis: the experiment page shows it as its result
	await page.goto(`${server.base}/experimenten/${exp.id}/gebeurtenissen`);
	await page.getByRole('button', { name: 'Analyse vastleggen' }).click();
	await page.waitForURL(new RegExp(`/experimenten/${exp.id}(#resultaat)?$`));
	const after = await (await page.request.get(`${server.base}/api/v1/experimenten/${exp.id}`)).json();
	assert.equal(after.latestAnalysis.input.control.n, api.counts.control.exposed);
	assert.equal(after.latestAnalysis.input.treatment.conversions, api.counts.treatment.converted);
	assert.deepEqual(page.consoleErrors, [], 'no console errors (CSP, scripts)');
});
