// SPDX-License-Identifier: EUPL-1.2
// Assessment pages as people use them (issue 9), in a real browser on the
// demo data: the results page opens with a one-screen summary, shows the
// raters' spread in the radar itself and marks suggestions already taken
// over; printed, it is a clean A4 report of at most two pages holding the
// summary (read from Chromium's own PDF); an invitation link is a full URL
// with a copy button that survives a reload; an outside rater sees what it
// is about; a member answers without being invited; the portfolio lists the
// initiatives not assessed. axe-core finds no WCAG 2.1 A/AA violation.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { startServer, launchBrowser, newPage, login, axe } from './lib.mjs';
import { readPdf, pdfHas } from './pdftext.mjs';

let server, browser, page, results, openRound;

before(async () => {
	server = await startServer();
	browser = await launchBrowser();
	page = await newPage(browser);
	await page.context().grantPermissions(['clipboard-read', 'clipboard-write'], { origin: server.base });
	await login(page, server.base);
	const inits = await (await page.request.get(`${server.base}/api/v1/organisaties/gemeente-voorbeeldstad/initiatieven`)).json();
	const pilot = inits.initiatives.find((i) => i.name === 'Buurtcoaches schulden in wijk Noord');
	const rounds = (await (await page.request.get(`${server.base}/api/v1/initiatieven/${pilot.id}/rondes`)).json()).rounds;
	assert.equal(rounds.filter((r) => r.status === 'gesloten').length, 2, 'the demo pilot has two closed rounds');
	results = `/rondes/${rounds.find((r) => r.title === "Tussenstand na een half jaar").id}/resultaten`;
	const intake = inits.initiatives.find((i) => i.name === 'Digitale schuldhulp-intake');
	openRound = (await (await page.request.get(`${server.base}/api/v1/initiatieven/${intake.id}/rondes`)).json()).rounds.find((r) => r.status === 'open').id;
});

after(async () => {
	await browser?.close();
	await server?.stop();
});

async function clean(p, what) {
	const v = await axe(p);
	assert.deepEqual(v, [], `${what}:\n${v.join('\n')}`);
	assert.deepEqual(p.consoleErrors, [], `${what}: no console errors`);
}

test('results: a one-screen summary first, the spread in the radar, accepted suggestions marked', async () => {
	await page.goto(server.base + results);
	const summary = page.locator('#samenvatting');
	const box = await summary.boundingBox();
	assert.ok(box.y + box.height <= 1100, `the summary fits about one screen (ends at ${box.y + box.height}px)`);
	const text = await summary.textContent();
	assert.match(text.replace(/\s+/g, " "), /Zwakste ingrediënt Inkoop en aanbesteding/);
	assert.match(text, /Structurele financiering: van 0 tot 4/, 'the biggest disagreement, with its range');
	assert.match(text, /Extra pilotgeld dat verdwijnt/, 'a pitfall present and not covered');
	assert.equal(await summary.locator('ol li').count(), 3, 'three suggested actions');
	assert.match(await page.locator('#rangorde').textContent(), /onderste kwartiel/);
	const radar = JSON.parse(await page.locator('script[data-chart-for="radar"]').textContent());
	assert.deepEqual(radar.series.map((s) => s.spread || 'median'), ['median', 'quartile', 'quartile', 'range', 'range', 'rater', 'rater', 'rater', 'rater', 'rater']);
	assert.deepEqual(radar.series.filter((s) => s.hidden).map((s) => s.name).slice(0, 3), ['laagste score', 'hoogste score', 'beoordelaar 1: programmamanager']);
	assert.ok(radar.series.filter((s) => s.spread === 'rater').every((s) => s.hidden), "each rater's points only on request");
	const funding = radar.indicators.findIndex((i) => i.name === 'Structurele financiering');
	assert.equal(radar.series[3].values[funding], 0);
	assert.equal(radar.series[4].values[funding], 4);
	// the demo accepted "Maak een begroting ..." from the funding rule: no second accept button for it
	const card = page.locator('section.sl-card', { hasText: 'Structurele financiering (ingrediënt zwak)' });
	const accepted = card.locator('li.sl-suggestion', { hasText: 'Maak een begroting voor de situatie na de pilot' });
	assert.match(await accepted.textContent(), /overgenomen/);
	assert.equal(await accepted.locator('button').count(), 0);
	assert.equal(await card.locator('li.sl-suggestion', { hasText: 'Breng in kaart' }).locator('button', { hasText: 'Overnemen als actie' }).count(), 1);
	// Dutch numbers in the chart data table and no internal ids
	assert.match(await page.locator('#scores').textContent(), /2,5/);
	await page.screenshot({ path: '/tmp/workshop-results-demo-1280.png', fullPage: false });
	await clean(page, 'results');
});

test('printed: a clean A4 report of at most two pages that holds the summary', async () => {
	await page.goto(server.base + results);
	const pdf = readPdf(await page.pdf({ format: 'A4', printBackground: true }));
	assert.ok(pdf.pages >= 1 && pdf.pages <= 2, `pages: ${pdf.pages}`);
	for (const phrase of ['Samenvatting', 'Zwakste ingrediënt', 'Grootste verschillen van mening', 'Valkuilen die spelen en niet zijn afgedekt', 'Scores per ingrediënt'])
		assert.ok(pdfHas(pdf, phrase), `the PDF says "${phrase}"`);
	for (const phrase of ['Suggesties voor acties', 'Overnemen als actie', 'Uitloggen'])
		assert.ok(!pdfHas(pdf, phrase), `the PDF leaves out "${phrase}"`);
});

test('results at 360 px: nothing wider than the screen', async () => {
	const p = await newPage(browser, { viewport: { width: 360, height: 740 } });
	await login(p, server.base);
	await p.goto(server.base + results);
	const wide = await p.evaluate(() => document.documentElement.scrollWidth);
	assert.ok(wide <= 361, `page width ${wide}`);
	await p.screenshot({ path: '/tmp/workshop-results-360.png', fullPage: false });
	await p.context().close();
});

let link;
test('an invitation: the form keeps what was typed on an error, then a full URL with a copy button that survives a reload', async () => {
	await page.goto(`${server.base}/rondes/${openRound}`);
	const form = page.locator('form', { has: page.getByRole('button', { name: 'Link maken' }) });
	await form.getByLabel('Naam of omschrijving').fill('Fatima van de Voedselbank');
	await form.getByLabel('Rol', { exact: true }).fill('vrijwilliger');
	await form.getByLabel('Geldig (dagen)').fill('365');
	await form.getByRole('button', { name: 'Link maken' }).click();
	assert.match(await page.locator('#foutmelding').textContent(), /1 tot 90 dagen/);
	const again = page.locator('form', { has: page.getByRole('button', { name: 'Link maken' }) });
	assert.equal(await again.getByLabel('Naam of omschrijving').inputValue(), 'Fatima van de Voedselbank');
	assert.equal(await again.getByLabel('Rol', { exact: true }).inputValue(), 'vrijwilliger');
	assert.equal(await again.getByLabel('Geldig (dagen)').inputValue(), '365');
	await again.getByLabel('Geldig (dagen)').fill('10');
	await Promise.all([page.waitForURL(/uitgenodigd=\d+#[A-Za-z0-9_-]{43}$/), again.getByRole('button', { name: 'Link maken' }).click()]);
	link = await page.locator('#link').inputValue();
	assert.match(link, new RegExp(`^${server.base.replace(/\./g, '\\.')}/uitnodigingen/[A-Za-z0-9_-]{43}$`), 'the full URL');
	await page.getByRole('button', { name: 'Link kopiëren' }).click();
	await page.locator('#link-status', { hasText: 'klembord' }).waitFor({ timeout: 5000 });
	assert.equal(await page.evaluate(() => navigator.clipboard.readText()), link);
	await clean(page, 'round page with a new link');
	const r = await page.reload();
	assert.equal(r.status(), 200, 'the page survives a reload');
	assert.equal(await page.locator('#link').inputValue(), link);
	assert.match(await page.locator('header').textContent(), /Uitloggen/, 'still logged in, with the menu');
});

test('an outside rater sees what it is about, who asks, how long it takes, progress and privacy; an empty sheet does not count', async () => {
	const p = await newPage(browser, { viewport: { width: 360, height: 740 } });
	await p.goto(link);
	const ctx = await p.locator('.sl-context').textContent();
	assert.match(ctx, /Waar gaat dit over\?/);
	assert.match(ctx, /Wie vraagt het\s*Dewi de Programmamanager/);
	assert.match(ctx, /ongeveer \d+ minuten/);
	assert.match(ctx, /Beantwoord: 0 \/ 57/);
	assert.match(ctx, /Wat we bewaren en wie het ziet/);
	assert.match(await p.locator('#vraag-pitfall-pilot-money').textContent(), /tijdelijk budget/, 'the pitfall explained while answering');
	await p.getByRole('button', { name: 'Indienen' }).click();
	assert.match(await p.locator('#foutmelding').textContent(), /nog geen enkele vraag beantwoord/);
	assert.equal(await p.evaluate(() => document.documentElement.scrollWidth <= 361), true);
	await p.screenshot({ path: '/tmp/workshop-invitation-360.png', fullPage: false });
	await clean(p, 'invitation sheet at 360 px');
	await p.context().close();
});

test('a member answers without inviting themselves first', async () => {
	const p = await newPage(browser);
	await login(p, server.base, 'raad@scalelab.test');
	await p.goto(`${server.base}/rondes/${openRound}`);
	await Promise.all([p.waitForURL(/\/antwoorden$/), p.getByRole('link', { name: 'Zelf antwoorden' }).click()]);
	await p.locator('#answers_evidence-1_level-2').check();
	await Promise.all([p.waitForURL(/opgeslagen=1/), p.getByRole('button', { name: 'Concept opslaan' }).click()]);
	await p.goto(`${server.base}/rondes/${openRound}`);
	assert.match(await p.locator('#beoordelaars').textContent(), /Rana Raadslid/);
	await p.context().close();
});

test('portfolio: initiatives not assessed are listed, the stage chart counts in whole steps, the table fits 1280 px', async () => {
	await page.goto(`${server.base}/organisaties/gemeente-voorbeeldstad/portfolio`);
	const not = await page.locator('#niet-beoordeeld + p + ul').textContent();
	assert.match(not, /Slimme straatverlichting/);
	const chart = JSON.parse(await page.locator('script[data-chart-for="fasen"]').textContent());
	assert.equal(chart.integer, true);
	// one table per method the organisation's rounds use: none is cut off
	const fits = await page.locator('.sl-portfolio-table').evaluateAll((ts) => ts.map((t) => t.scrollWidth <= t.parentElement.clientWidth + 1));
	assert.ok(fits.length >= 1 && fits.every(Boolean), `the ingredients tables are not cut off (${fits})`);
	await page.screenshot({ path: '/tmp/workshop-portfolio-1280.png', fullPage: true });
	await clean(page, 'portfolio');
});
