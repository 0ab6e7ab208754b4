// SPDX-License-Identifier: EUPL-1.2
// The round decision and the issue-10 result parts in a real browser: axe
// finds no WCAG 2.1 A/AA violation on the decision page (decided and open),
// the results with the decision, routes, outcome and condition of each
// suggestion, the answer sheet (with "niet van toepassing" where a method
// allows it) and the initiative page with the latest decision; no console
// errors; the criteria and the decision are set with the keyboard-usable
// forms; the pages fit 360 px.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { newPage, login, axe, screenshot, signedIn } from './lib.mjs';

let server, browser, page;

signedIn((s) => ({ server, browser, page } = s));

async function check(p, name) {
	await screenshot(p, name);
	await p.screenshot({ path: `/tmp/h-m10e-${name}.png`, fullPage: true });
	const v = await axe(p);
	assert.deepEqual(v, [], v.join('\n'));
	assert.deepEqual(p.consoleErrors, [], 'no console errors (CSP, scripts)');
}

async function fits360(p, path, name) {
	const narrow = await newPage(browser, { viewport: { width: 360, height: 800 } });
	await login(narrow, server.base);
	await narrow.goto(server.base + path);
	const overflow = await narrow.evaluate(() => document.documentElement.scrollWidth - document.documentElement.clientWidth);
	assert.ok(overflow <= 1, `${path} scrolls sideways by ${overflow}px at 360 px`);
	await narrow.screenshot({ path: `/tmp/h-m10e-${name}-360.png`, fullPage: true });
	await narrow.context().close();
}

async function roundOf(initiative, re) {
	await page.goto(`${server.base}/`);
	const res = await page.request.get(`${server.base}/api/v1/organisaties/gemeente-voorbeeldstad/initiatieven`, { headers: { Accept: 'application/json' } });
	const list = await res.json();
	const ini = (list.initiatives || list.items || []).find((i) => i.name === initiative);
	assert.ok(ini, `initiative ${initiative}`);
	const rounds = await (await page.request.get(`${server.base}/api/v1/initiatieven/${ini.id}/rondes`, { headers: { Accept: 'application/json' } })).json();
	const r = rounds.rounds.find((x) => re.test(x.title));
	assert.ok(r, `round ${re} of ${initiative}`);
	return { ini: ini.id, round: r.id };
}

test('the demo round: results with the decision, routes and advice outcome; the decision page; the initiative page', async () => {
	const { ini, round } = await roundOf('Buurtcoaches schulden in wijk Noord', /half jaar/);
	await page.goto(`${server.base}/rondes/${round}/resultaten`);
	await page.locator('#rondebesluit').waitFor();
	assert.match(await page.locator('#rondebesluit').innerText(), /juistschalen/);
	assert.match(await page.locator('#gebaseerd-op').innerText(), /Gebaseerd op/);
	assert.ok(await page.locator('.sl-outcome').count() > 0, 'each suggestion names its outcome');
	assert.match(await page.locator('.sl-condition').first().innerText(), /Geldt als: /);
	await check(page, 'results');
	await fits360(page, `/rondes/${round}/resultaten`, 'results');
	await page.goto(`${server.base}/rondes/${round}/besluit`);
	assert.match(await page.locator('h1').innerText(), /Besluit over de ronde/);
	assert.equal(await page.locator('#criteria-tabel tbody tr').count(), 4);
	await check(page, 'decision-decided');
	await fits360(page, `/rondes/${round}/besluit`, 'decision-decided');
	await page.goto(`${server.base}/initiatieven/${ini}`);
	assert.match(await page.locator('#laatste-rondebesluit').innerText(), /juistschalen/);
	await check(page, 'initiative');
});

test('criteria and the decision with the forms, the keyboard choosing the outcome', async () => {
	const { round } = await roundOf('Digitale schuldhulp-intake', /voorjaarsronde/);
	await page.goto(`${server.base}/rondes/${round}/besluit`);
	await page.getByLabel('Criteria', { exact: true }).fill('Draagvlak bij de wethouder\nBudget voor twee jaar');
	await Promise.all([page.waitForURL(/\/besluit$/), page.getByRole('button', { name: 'Criteria vastleggen' }).click()]);
	assert.equal(await page.locator('#criteria-tabel tbody tr').count(), 2);
	await check(page, 'decision-open');
	await fits360(page, `/rondes/${round}/besluit`, 'decision-open');
	// close the round, then decide
	const csrf = await page.locator('input[name="_csrf"]').first().getAttribute('value');
	const closed = await page.request.post(`${server.base}/rondes/${round}/sluiten`, { form: { _csrf: csrf, status: 'gesloten' }, maxRedirects: 0 });
	assert.ok([200, 303].includes(closed.status()), `close: ${closed.status()}`);
	await page.goto(`${server.base}/rondes/${round}/besluit`);
	// the keyboard: focus the first outcome, arrow to the third (bijsturen)
	await page.locator('#outcome-opschalen').focus();
	await page.keyboard.press('ArrowDown');
	await page.keyboard.press('ArrowDown');
	assert.ok(await page.locator('#outcome-bijsturen').isChecked(), 'arrow keys move through the outcomes');
	const met = page.locator('input[type="radio"][value="1"]');
	const notMet = page.locator('input[type="radio"][value="0"]');
	await met.nth(0).check();
	await notMet.nth(1).check();
	await page.getByLabel('Onderbouwing').fill('Draagvlak is er, het budget nog niet: eerst de begroting regelen.');
	await page.getByLabel('Wie besloot').fill('Programmaraad');
	await Promise.all([page.waitForURL(/\/besluit$/), page.getByRole('button', { name: 'Besluit vastleggen' }).click()]);
	assert.match(await page.locator('#besluit').innerText(), /bijsturen/);
	assert.match(await page.locator('#besluit').innerText(), /1 van 2 criteria voldaan/);
	await check(page, 'decision-taken');
});

test('the answer sheet: route explanations, ambition and, where allowed, "Niet van toepassing" by keyboard', async () => {
	await page.goto(`${server.base}/`);
	const rounds = await (await page.request.get(`${server.base}/api/v1/initiatieven/1/rondes`, { headers: { Accept: 'application/json' } })).json();
	const open = rounds.rounds?.find((r) => r.status === 'open');
	let path;
	if (open) path = `/rondes/${open.id}/antwoorden`;
	else {
		const res = await page.request.post(`${server.base}/api/v1/initiatieven/1/rondes`, {
			headers: { 'X-CSRF-Token': await page.locator('input[name="_csrf"]').first().getAttribute('value').catch(() => ''), 'Content-Type': 'application/json' },
			data: { methodId: 'pilot-scaling-canvas', periodStart: '2026-01-01', periodEnd: '2026-01-14' },
		});
		path = res.ok() ? `/rondes/${(await res.json()).id}/antwoorden` : null;
	}
	if (!path) {
		const { round } = await roundOf('Digitale schuldhulp-intake', /./);
		path = `/rondes/${round}/antwoorden`;
	}
	await page.goto(server.base + path);
	assert.match(await page.locator('main, body').first().innerText(), /Ambitie:/);
	const nvt = page.locator('input[type="radio"][value="nvt"]');
	if (await nvt.count()) {
		const id = await nvt.first().getAttribute('id');
		assert.equal(await page.locator(`label[for="${id}"]`).innerText(), 'Niet van toepassing');
		await nvt.first().focus();
		await page.keyboard.press('Space');
		assert.ok(await nvt.first().isChecked(), 'Space chooses "Niet van toepassing"');
	}
	await check(page, 'sheet');
	await fits360(page, path, 'sheet');
});
