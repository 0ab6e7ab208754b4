// SPDX-License-Identifier: EUPL-1.2
// The live workshop in a real browser: one facilitator on a projector-sized
// screen and three phones (separate browser contexts at 360 px, no account)
// join with the code; the facilitator steps through the parts, the phones
// follow by themselves, answers arrive live as an anonymous distribution,
// a participant changes an answer until the part is closed, the group's
// agreed level is recorded beside the individual answers, an action is
// agreed in the room, a participant is removed, and the results show both.
// Keyboard only on a phone; axe-core finds no WCAG 2.1 A/AA violation.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { startServer, launchBrowser, newPage, login, axe } from './lib.mjs';

let server, browser, fac, phones = [], code, wsPath, roundId;

const shot = (p, name) => p.screenshot({ path: `/tmp/workshop-${name}.png`, fullPage: true });

before(async () => {
	server = await startServer();
	browser = await launchBrowser();
	fac = await newPage(browser, { viewport: { width: 1280, height: 900 } });
	await login(fac, server.base);
});

after(async () => {
	await browser?.close();
	await server?.stop();
});

async function noViolations(p, what) {
	const v = await axe(p);
	assert.deepEqual(v, [], `${what}:\n${v.join('\n')}`);
	assert.deepEqual(p.consoleErrors, [], `${what}: no console errors (CSP, scripts)`);
}

// The count shown for one level of a question on the projector.
async function countOf(questionId, level) {
	const li = fac.locator(`#verdeling-${questionId} .sl-dist__bars li`).filter({ has: fac.locator('strong', { hasText: new RegExp(`^${level}$`) }) });
	return Number((await li.locator('.sl-dist__count').textContent()).trim());
}

test('the facilitator starts a workshop: a big code, a QR code served as an SVG image, no violations', async () => {
	const inits = await (await fac.request.get(`${server.base}/api/v1/organisaties/gemeente-voorbeeldstad/initiatieven`)).json();
	const intake = inits.initiatives.find((i) => i.name === 'Digitale schuldhulp-intake');
	const rounds = await (await fac.request.get(`${server.base}/api/v1/initiatieven/${intake.id}/rondes`)).json();
	roundId = rounds.rounds.find((r) => r.status === 'open').id;
	await fac.goto(`${server.base}/rondes/${roundId}`);
	await Promise.all([fac.waitForURL(/\/werksessies\/\d+$/), fac.getByRole('button', { name: 'Werksessie starten' }).click()]);
	wsPath = new URL(fac.url()).pathname;
	code = (await fac.locator('.sl-join__code').textContent()).trim();
	assert.match(code, /^[A-HJ-NP-Z2-9]{6}$/);
	const qr = await fac.request.get(`${server.base}/api/v1${wsPath}/qr`);
	assert.equal(qr.status(), 200);
	assert.match(qr.headers()['content-type'], /^image\/svg\+xml/);
	assert.match(await qr.text(), /^<svg[^>]*viewBox="0 0 (\d+) \1"/);
	assert.ok(await fac.locator('img.sl-join__qr').evaluate((i) => i.complete && i.naturalWidth > 0), 'the QR image loads');
	await noViolations(fac, 'facilitator');
});

test('three phones join with the code, without an account; the projector sees them', async () => {
	for (const [name, role] of [['Anna', 'inwoner'], ['Bram', 'wijkcoach'], ['Chris', 'schuldhulp']]) {
		const p = await newPage(browser, { viewport: { width: 360, height: 740 }, isMobile: true, hasTouch: true });
		await p.goto(`${server.base}/werksessie?code=${code.toLowerCase()}`);
		assert.equal(await p.getByLabel('Code').inputValue(), code.toLowerCase(), 'the QR link fills in the code');
		if (!phones.length) {
			await shot(p, 'join-360');
			await noViolations(p, 'join form');
		}
		await p.getByLabel('Je naam').fill(name);
		await p.getByLabel('Je rol (optioneel)').fill(role);
		await Promise.all([p.waitForURL(/\/werksessie\/[A-Za-z0-9_-]{43}/), p.getByRole('button', { name: 'Meedoen' }).click()]);
		assert.match(await p.locator('h1').textContent(), /Ambitie en beoogde impact/);
		phones.push(p);
	}
	await fac.locator('#deelnemers', { hasText: 'Deelnemers (3)' }).waitFor({ timeout: 15000 });
	for (const n of ['Anna', 'Bram', 'Chris']) assert.match(await fac.locator('#live').textContent(), new RegExp(n));
	// A wrong code is refused and named.
	const q = await newPage(browser, { viewport: { width: 360, height: 740 } });
	await q.goto(`${server.base}/werksessie`);
	await q.getByLabel('Code').fill('AAAAAA');
	await q.getByLabel('Je naam').fill('Gast');
	await q.getByRole('button', { name: 'Meedoen' }).click();
	assert.match(await q.locator('#foutmelding').textContent(), /hoort niet bij een open werksessie/);
	await q.context().close();
});

test('keyboard only on a phone: the impact answer is typed and saved without a mouse', async () => {
	const p = phones[0];
	await p.goto(p.url());
	await p.keyboard.press('Tab');
	for (let i = 0; i < 40 && !(await p.evaluate(() => document.activeElement?.id === 'q-impact-ambition')); i++) await p.keyboard.press('Tab');
	assert.equal(await p.evaluate(() => document.activeElement?.id), 'q-impact-ambition');
	await p.keyboard.type('Minder mensen met schulden in Noord');
	for (let i = 0; i < 40 && !(await p.evaluate(() => document.activeElement?.textContent?.trim() === 'Opslaan')); i++) await p.keyboard.press('Tab');
	await Promise.all([p.waitForURL(/opgeslagen=1/), p.keyboard.press('Enter')]);
	assert.match(await p.locator('#live').textContent(), /Opgeslagen/);
	assert.equal(await p.locator('#q-impact-ambition').inputValue(), 'Minder mensen met schulden in Noord');
	await fac.locator('#verdeling-impact-ambition', { hasText: 'Minder mensen met schulden in Noord' }).waitFor({ timeout: 15000 });
});

test('the facilitator moves to the ingredients; phones follow and answers arrive live, anonymously', async () => {
	await Promise.all([fac.waitForURL(/\/werksessies\/\d+/), fac.getByRole('button', { name: /^\d+\. Ingrediënten$/ }).click()]);
	for (const p of phones) await p.locator('h1', { hasText: 'Ingrediënten' }).waitFor({ timeout: 15000 });
	const answers = [
		{ 'evidence-1': '1', 'funding-1': '0' },
		{ 'evidence-1': '3', 'funding-1': '2' },
		{ 'evidence-1': '3', 'funding-1': 'weet-niet' },
	];
	for (let i = 0; i < 3; i++) {
		const p = phones[i];
		for (const [q, v] of Object.entries(answers[i])) await p.locator(`#q-${q}-${v}`).check();
		await Promise.all([p.waitForURL(/opgeslagen=1/), p.getByRole('button', { name: 'Opslaan' }).click()]);
	}
	await fac.locator('#verdeling-evidence-1', { hasText: '3 geantwoord' }).waitFor({ timeout: 15000 });
	assert.equal(await countOf('evidence-1', 1), 1);
	assert.equal(await countOf('evidence-1', 3), 2);
	assert.match(await fac.locator('#verdeling-funding-1').textContent(), /Weet niet: 1/);
	assert.doesNotMatch(await fac.locator('.sl-dist-grid').textContent(), /Anna|Bram|Chris/, 'no names in the distribution');
	// Anna changes her mind while the part is open.
	await phones[0].locator('#q-evidence-1-2').check();
	await Promise.all([phones[0].waitForURL(/opgeslagen=1/), phones[0].getByRole('button', { name: 'Opslaan' }).click()]);
	await fac.waitForFunction(() => {
		const li = [...document.querySelectorAll('#verdeling-evidence-1 .sl-dist__bars li')];
		const n = (lv) => Number(li.find((x) => x.querySelector('strong')?.textContent === String(lv))?.querySelector('.sl-dist__count').textContent);
		return n(1) === 0 && n(2) === 1 && n(3) === 2;
	}, null, { timeout: 15000 });
	await shot(fac, 'facilitator-1280');
	await shot(phones[1], 'phone-360');
	await noViolations(phones[1], 'phone sheet');
	await noViolations(fac, 'facilitator with distribution');
});

test('the group records an agreed level with dissent; closing the part stops changes on the phones', async () => {
	const form = fac.locator('#vast-evidence');
	await form.locator('summary').click();
	await form.getByLabel('Samen vastgesteld niveau').selectOption('3');
	await form.getByLabel('Conclusie').fill('Het effect is gemeten tegen een vergelijking.');
	await form.getByLabel('Afwijkende mening').fill('Anna vindt 2: de vergelijkingsgroep is klein.');
	await Promise.all([fac.waitForURL(/#vast-evidence/), form.getByRole('button', { name: /Vastleggen/ }).click()]);
	assert.match(await fac.locator('#vast-evidence summary').textContent(), /vastgelegd: 3/);
	assert.equal(await fac.locator('#vast-evidence select').inputValue(), '3');
	await Promise.all([fac.waitForURL(/\/werksessies\/\d+/), fac.getByRole('button', { name: 'Dit deel sluiten' }).click()]);
	for (const p of phones) await p.locator('#live', { hasText: 'Dit deel is gesloten' }).waitFor({ timeout: 15000 });
	assert.equal(await phones[0].locator('button', { hasText: 'Opslaan' }).count(), 0, 'no form once the part is closed');
});

test('actions agreed in the room: owner, due date, linked ingredient; a participant is removed', async () => {
	await Promise.all([fac.waitForURL(/\/werksessies\/\d+/), fac.getByRole('button', { name: /^\d+\. Afspraken$/ }).click()]);
	const due = new Date(Date.now() + 14 * 86400e3).toISOString().slice(0, 10);
	await fac.getByLabel('Actie', { exact: true }).fill('Vergelijkingsgroep uitbreiden met wijk Zuid');
	await fac.getByLabel('Eigenaar uit de organisatie').selectOption({ label: 'Pieter Pilotleider' });
	await fac.getByLabel('Klaar op (datum)').fill(due);
	await fac.getByLabel('Hoort bij').selectOption('evidence');
	await Promise.all([fac.waitForURL(/#afspraken/), fac.getByRole('button', { name: 'Afspraak toevoegen' }).click()]);
	const agreed = await fac.locator('#afspraken-blok').textContent();
	assert.match(agreed, /Vergelijkingsgroep uitbreiden met wijk Zuid/);
	assert.match(agreed, /Pieter Pilotleider/);
	const acts = await (await fac.request.get(`${server.base}/api/v1${wsPath}`)).json();
	assert.equal(acts.actions.length, 1);
	assert.equal(acts.actions[0].ingredient, 'evidence');
	assert.equal(acts.actions[0].dueDate, due);
	assert.equal(acts.actions[0].roundId, roundId);
	// Chris is removed: the phone's link stops working.
	await Promise.all([fac.waitForURL(/\/werksessies\/\d+/), fac.getByRole('button', { name: 'Verwijderen Chris' }).click()]);
	assert.match(await fac.locator('#deelnemers').textContent(), /Deelnemers \(2\)/);
	const r = await phones[2].goto(phones[2].url().split(/[?#]/)[0]);
	assert.equal(r.status(), 410);
});

test('closing the workshop: the code stops working and the results show the agreed value beside the individual ones', async () => {
	await Promise.all([fac.waitForURL(/\/werksessies\/\d+/), fac.getByRole('button', { name: 'Werksessie afsluiten' }).click()]);
	assert.equal(await fac.locator('.sl-join__code').count(), 0);
	const p = phones[0];
	await p.locator('#live', { hasText: 'De werksessie is afgelopen' }).waitFor({ timeout: 15000 });
	const j = await newPage(browser, { viewport: { width: 360, height: 740 } });
	await j.goto(`${server.base}/werksessie?code=${code}`);
	await j.getByLabel('Je naam').fill('Laatkomer');
	await j.getByRole('button', { name: 'Meedoen' }).click();
	assert.match(await j.locator('#foutmelding').textContent(), /hoort niet bij een open werksessie/);
	await j.context().close();
	await fac.goto(`${server.base}/rondes/${roundId}/resultaten`);
	const summary = await fac.locator('#samenvatting').textContent();
	assert.match(summary, /Wat de groep samen vaststelde/);
	assert.match(summary, /Bewijs van werkzaamheid: 3/);
	const row = fac.locator('#scores tr', { hasText: 'Bewijs van werkzaamheid' });
	const cells = await row.locator('td').allTextContents();
	assert.equal(cells[2].trim(), '3', 'the agreed level beside the median and spread');
	const res = await (await fac.request.get(`${server.base}/api/v1/rondes/${roundId}/resultaten`)).json();
	// two submitted members of the demo round plus Anna and Bram (Chris was removed)
	assert.equal(res.raters, 4);
	const ev = res.ingredients.find((x) => x.id === 'evidence');
	assert.equal(ev.agreed.level, 3);
	assert.match(ev.agreed.dissent, /Anna vindt 2/);
	await shot(fac, 'results-1280');
	await noViolations(fac, 'results with agreed values');
});
