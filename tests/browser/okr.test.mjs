// SPDX-License-Identifier: EUPL-1.2
// OKRs in a real browser. The weekly check-in of the demo programme manager:
// five key results on one form, filled from the keyboard with at most one
// click per key result plus the submit (counted), well under two minutes;
// afterwards the stale key result is no longer stale and its history chart
// has one more point. axe-core finds no WCAG 2.1 A/AA violation on any OKR
// page, no page has console errors (CSP), and the pages fit 360 px.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { newPage, login, axe, screenshot, DEMO, checkPage, hrefOf, signedIn } from './lib.mjs';

let server, browser, page;

signedIn((s) => ({ server, browser, page } = s));

/** The chart data of the key result page: the value series. */
async function valueSeries(p) {
	const d = JSON.parse(await p.locator('script[data-chart-for="kr-grafiek"]').textContent());
	return d.series[0].values.filter((v) => v !== null);
}

test('axe: every OKR page of the demo has no violations and no console errors', async () => {
	await page.goto(`${server.base}/organisaties/${DEMO.org}/okr`);
	await page.locator('#okr-boom').waitFor();
	await checkPage(page, 'okr-tree');
	const objective = await hrefOf(page, /^\/doelen\/\d+$/);
	await page.goto(server.base + objective);
	await checkPage(page, 'okr-objective');
	const kr = await hrefOf(page, /^\/kernresultaten\/\d+$/);
	await page.goto(server.base + kr);
	await page.locator('#kr-grafiek svg').first().waitFor();
	await checkPage(page, 'okr-kr');
	for (const [path, name] of [
		[`/organisaties/${DEMO.org}/check-in`, 'okr-checkin'],
		[`/organisaties/${DEMO.org}/teams`, 'okr-teams'],
		[`/organisaties/${DEMO.org}/perioden`, 'okr-periods'],
		[`/organisaties/${DEMO.org}/doelen/nieuw`, 'okr-objective-new'],
		[`${objective}/kernresultaten/nieuw`, 'okr-kr-new'],
		[`${objective}/bewerken`, 'okr-objective-edit'],
		[`${kr}/bewerken`, 'okr-kr-edit'],
	]) {
		await page.goto(server.base + path);
		await checkPage(page, name);
	}
	await page.goto(`${server.base}/organisaties/${DEMO.org}/teams`);
	const team = await hrefOf(page, /^\/teams\/\d+$/);
	await page.goto(server.base + team);
	await checkPage(page, 'okr-team');
	await page.goto(`${server.base}${team}/overleg`);
	await checkPage(page, 'okr-review');
});

test('weekly check-in: five key results, one click each at most plus the submit; the status changes and the chart moves', async () => {
	// the stale key result before: its status and its history
	await page.goto(`${server.base}/organisaties/${DEMO.org}/check-in`);
	const rows = page.locator('fieldset.sl-okr-row');
	assert.equal(await rows.count(), 5, 'five key results of Dewi');
	const stale = rows.filter({ hasText: 'Aanvragen die digitaal binnenkomen' });
	await assert.doesNotReject(stale.getByText('verouderd').waitFor(), 'stale before the check-in');
	const krId = await stale.locator('input[type="hidden"]').getAttribute('value');
	await page.goto(`${server.base}/kernresultaten/${krId}`);
	const before = await valueSeries(page);
	assert.match(await page.locator('#kr-stand').textContent(), /verouderd/);

	await page.goto(`${server.base}/organisaties/${DEMO.org}/check-in`);
	let clicks = 0;
	const click = async (loc) => {
		clicks++;
		await loc.click();
	};
	const started = Date.now();
	// One click into the first field; the rest is the keyboard: a value, Tab,
	// a confidence, then Tab past the three notes to the next key result.
	await click(page.locator('#checkins_0_value'));
	await page.keyboard.press('Control+A');
	const values = ['3', '70', '7,9', '52', '17900'];
	for (let i = 0; i < 5; i++) {
		await page.keyboard.type(values[i]);
		await page.keyboard.press('Tab');
		await page.keyboard.type(String(6 + (i % 3)));
		if (i === 3) {
			await page.keyboard.press('Tab');
			await page.keyboard.type('Koppeling met DigiD werkt weer');
			await page.keyboard.press('Tab');
			await page.keyboard.press('Tab');
			await page.keyboard.press('Tab');
		} else {
			for (let t = 0; t < 4; t++) await page.keyboard.press('Tab');
		}
	}
	await Promise.all([page.waitForURL(/opgeslagen=5/), click(page.getByRole('button', { name: 'Weekcheck opslaan' }))]);
	const seconds = (Date.now() - started) / 1000;
	assert.ok(clicks <= 5 + 1, `${clicks} clicks`);
	assert.ok(seconds < 120, `took ${seconds} s`);
	await page.locator('#opgeslagen').waitFor();
	await checkPage(page, 'okr-checkin-saved');

	await page.goto(`${server.base}/kernresultaten/${krId}`);
	const after = await valueSeries(page);
	assert.equal(after.length, before.length + 1, 'one more point on the chart');
	assert.equal(after.at(-1), 52);
	const status = await page.locator('#kr-stand').textContent();
	assert.doesNotMatch(status, /verouderd/, 'no longer stale');
	assert.match(status, /risico|uit koers|op koers/);
	assert.match(await page.locator('#verloop-tabel').textContent(), /Koppeling met DigiD werkt weer/);
	await page.locator('#kr-grafiek svg').first().waitFor();
});

test('the click budget: the check-in form needs one click per key result at most plus one submit', async () => {
	await page.goto(`${server.base}/organisaties/${DEMO.org}/check-in`);
	let clicks = 0;
	const click = async (loc) => {
		clicks++;
		await loc.click();
	};
	const rows = await page.locator('fieldset.sl-okr-row').count();
	for (let i = 0; i < rows; i++) {
		await click(page.locator(`#checkins_${i}_confidence`));
		await page.keyboard.press('Control+A');
		await page.keyboard.type('8');
	}
	await Promise.all([page.waitForURL(/opgeslagen=/), click(page.getByRole('button', { name: 'Weekcheck opslaan' }))]);
	assert.ok(clicks <= rows + 1, `${clicks} clicks for ${rows} key results`);
	assert.match(await page.locator('#opgeslagen').textContent(), new RegExp(`\\(${rows}\\)`));
});

test('360 px: the tree, the check-in and a key result fit the screen', async () => {
	const small = await newPage(browser, { viewport: { width: 360, height: 740 } });
	await login(small, server.base);
	for (const path of [`/organisaties/${DEMO.org}/okr`, `/organisaties/${DEMO.org}/check-in`]) {
		await small.goto(server.base + path);
		const overflow = await small.evaluate(() => document.documentElement.scrollWidth - window.innerWidth);
		assert.ok(overflow <= 0, `${path} is ${overflow} px too wide`);
		await screenshot(small, `okr-360-${path.split('/').pop()}`);
	}
	await small.goto(`${server.base}/organisaties/${DEMO.org}/okr`);
	const objective = await hrefOf(small, /^\/doelen\/\d+$/);
	await small.goto(server.base + objective);
	const kr = await hrefOf(small, /^\/kernresultaten\/\d+$/);
	await small.goto(server.base + kr);
	await small.locator('#kr-grafiek svg').first().waitFor();
	const overflow = await small.evaluate(() => document.documentElement.scrollWidth - window.innerWidth);
	assert.ok(overflow <= 0, `key result page is ${overflow} px too wide`);
	await checkPage(small, 'okr-360-kr');
	await small.context().close();
});
