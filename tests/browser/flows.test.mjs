// SPDX-License-Identifier: EUPL-1.2
// User flows in a real browser: log in, create, list, view and edit an
// initiative, form errors, language switch, keyboard use and reflow.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { startServer, launchBrowser, newPage, login, screenshot, DEMO } from './lib.mjs';

let server;
let browser;
let page; // one logged-in session shared by the flow tests, in order
let createdUrl;
let demoInitiative; // path of a demo initiative, for tests that do not depend on the create test
const NAME = `Repair Café Oost ${Date.now()}`;
const NEW_NAME = `${NAME} (regionaal)`;

before(async () => {
	server = await startServer();
	browser = await launchBrowser();
	page = await newPage(browser);
	const probe = await newPage(browser);
	await login(probe, server.base);
	await probe.goto(`${server.base}/organisaties/${DEMO.org}/initiatieven`);
	demoInitiative = await probe.locator('#initiatieven a').first().getAttribute('href');
	await probe.context().close();
});

after(async () => {
	await browser?.close();
	await server?.stop();
});

const focusedId = (p) => p.evaluate(() => document.activeElement?.id || '');

test('an anonymous visitor is sent to the login page and logs in through the form', async () => {
	await page.goto(`${server.base}/`);
	assert.match(new URL(page.url()).pathname, /^\/inloggen/);
	assert.equal(await page.locator('html').getAttribute('lang'), 'nl');
	await page.getByLabel('E-mailadres').fill(DEMO.email);
	await page.getByLabel('Wachtwoord').fill(DEMO.password);
	await Promise.all([page.waitForURL(`${server.base}/`), page.getByRole('button', { name: 'Inloggen' }).click()]);
	await assert.doesNotReject(page.getByRole('heading', { level: 1, name: 'Overzicht' }).waitFor());
	await assert.doesNotReject(page.getByRole('link', { name: 'Gemeente Voorbeeldstad' }).waitFor());
	await assert.doesNotReject(page.getByRole('button', { name: 'Uitloggen' }).waitFor());
	await screenshot(page, 'flow-dashboard');
});

test('a wrong password shows an error and keeps the e-mail address', async () => {
	const anon = await newPage(browser);
	try {
		await anon.goto(`${server.base}/inloggen`);
		await anon.getByLabel('E-mailadres').fill(DEMO.email);
		await anon.getByLabel('Wachtwoord').fill('not-the-password');
		await anon.getByRole('button', { name: 'Inloggen' }).click();
		await anon.locator('#foutmelding').waitFor();
		assert.match(new URL(anon.url()).pathname, /^\/inloggen/);
		assert.equal(await anon.getByLabel('E-mailadres').inputValue(), DEMO.email);
		assert.equal(await anon.getByLabel('Wachtwoord').inputValue(), '');
		assert.equal(await focusedId(anon), 'foutmelding', 'the error summary has focus');
	} finally {
		await anon.context().close();
	}
});

test('create an initiative via the "Nieuw initiatief" form', async () => {
	await page.getByRole('link', { name: 'Gemeente Voorbeeldstad' }).click();
	await page.getByRole('heading', { level: 1, name: 'Gemeente Voorbeeldstad' }).waitFor();
	await page.getByRole('link', { name: 'Nieuw initiatief' }).click();
	await page.getByRole('heading', { level: 1, name: 'Nieuw initiatief' }).waitFor();
	await page.getByLabel('Naam', { exact: true }).fill(NAME);
	await page.getByLabel('Beschrijving').fill('Vrijwilligers repareren spullen samen met bewoners.\nElke zaterdag.');
	await page.getByLabel('Sector of domein').fill('Circulaire economie');
	await page.getByLabel('Fase').selectOption('pilot');
	await page.getByLabel('Voor wie (doelgroep)').fill('Bewoners van Oost');
	await page.getByLabel('Waar', { exact: true }).fill('Alle wijken');
	await page.getByLabel('Hoeveel mensen of eenheden bereiken').fill('2500');
	await page.getByLabel('Wanneer bereikt (datum)').fill('2027-06-30');
	await page.getByLabel('De schaalbare eenheid').fill('Een maandelijkse reparatiemiddag per wijk');
	await Promise.all([
		page.waitForURL((u) => /^\/initiatieven\/[^/]+$/.test(u.pathname)),
		page.getByRole('button', { name: 'Initiatief opslaan' }).click(),
	]);
	createdUrl = page.url();
	await page.getByRole('heading', { level: 1, name: NAME }).waitFor();
	const body = await page.locator('main').innerText();
	for (const want of ['Pilot', 'Circulaire economie', 'Bewoners van Oost', 'Alle wijken', '2.500', '30 juni 2027', 'Een maandelijkse reparatiemiddag per wijk', 'Elke zaterdag.']) {
		assert.ok(body.includes(want), `detail page shows ${want}`);
	}
	await screenshot(page, 'flow-created');
});

test('the new initiative is in the list and links to its detail page', async () => {
	assert.ok(createdUrl, 'created in the previous test');
	await page.goto(`${server.base}/organisaties/${DEMO.org}/initiatieven`);
	const row = page.locator('#initiatieven tr', { hasText: NAME });
	assert.equal(await row.count(), 1);
	assert.ok((await row.innerText()).includes('Pilot'));
	await row.getByRole('link', { name: NAME }).click();
	await page.getByRole('heading', { level: 1, name: NAME }).waitFor();
	assert.equal(page.url(), createdUrl);
});

test('edit the initiative', async () => {
	await page.goto(createdUrl);
	await page.getByRole('link', { name: 'Bewerken' }).click();
	await page.getByRole('heading', { level: 1 }).filter({ hasText: 'Bewerken' }).waitFor();
	assert.equal(await page.getByLabel('Naam', { exact: true }).inputValue(), NAME, 'the form is filled in');
	assert.equal(await page.getByLabel('Fase').inputValue(), 'pilot');
	await page.getByLabel('Naam', { exact: true }).fill(NEW_NAME);
	await page.getByLabel('Fase').selectOption('opschalen');
	await page.getByLabel('Hoeveel mensen of eenheden bereiken').fill('10000');
	await Promise.all([page.waitForURL(createdUrl), page.getByRole('button', { name: 'Wijzigingen opslaan' }).click()]);
	await page.getByRole('heading', { level: 1, name: NEW_NAME }).waitFor();
	const body = await page.locator('main').innerText();
	assert.ok(body.includes('10.000'), 'the reach in Dutch notation');
	assert.equal(await page.locator('[aria-current="step"]').innerText(), 'Opschalen');
	await page.goto(`${server.base}/organisaties/${DEMO.org}/initiatieven`);
	assert.equal(await page.locator('#initiatieven tr', { hasText: NEW_NAME }).count(), 1);
});

test('a form with errors: summary with links to the fields, focus, aria-invalid, values kept', async () => {
	await page.goto(`${server.base}/organisaties/${DEMO.org}/initiatieven/nieuw`);
	await page.getByLabel('Beschrijving').fill('Blijft staan na de fout.');
	await page.getByLabel('Hoeveel mensen of eenheden bereiken').fill('-5');
	await page.getByRole('button', { name: 'Initiatief opslaan' }).click();
	const summary = page.locator('#foutmelding');
	await summary.waitFor();
	await screenshot(page, 'flow-form-errors');
	assert.equal(await summary.getAttribute('role'), 'alert');
	assert.equal(await focusedId(page), 'foutmelding', 'focus is on the error summary');
	assert.ok((await summary.innerText()).includes('Controleer de volgende velden'));

	const links = summary.locator('a');
	const hrefs = (await links.evaluateAll((as) => as.map((a) => a.getAttribute('href')))).sort();
	assert.deepEqual(hrefs, ['#ambition_reach', '#name']);
	for (const href of hrefs) {
		const field = page.locator(href);
		assert.equal(await field.count(), 1, `${href} exists`);
		assert.equal(await field.getAttribute('aria-invalid'), 'true', `${href} is aria-invalid`);
		const described = (await field.getAttribute('aria-describedby')).split(/\s+/);
		const errId = described.find((id) => id.endsWith('-fout'));
		assert.ok(errId, `${href} is described by its error message`);
		const msg = (await page.locator(`#${errId}`).innerText()).trim();
		assert.ok(msg.length > 0);
		assert.ok((await summary.innerText()).includes(msg), 'summary repeats the field message');
	}
	for (const ok of ['#description', '#sector', '#stage', '#ambition_targetGroup']) {
		assert.equal(await page.locator(ok).getAttribute('aria-invalid'), null, `${ok} is not marked invalid`);
	}
	assert.equal(await page.getByLabel('Beschrijving').inputValue(), 'Blijft staan na de fout.');
	assert.equal(await page.getByLabel('Hoeveel mensen of eenheden bereiken').inputValue(), '-5');

	// Following a summary link moves focus to the field.
	await summary.locator('a[href="#name"]').click();
	assert.equal(await focusedId(page), 'name');
	await summary.locator('a[href="#ambition_reach"]').focus();
	await page.keyboard.press('Enter');
	assert.equal(await focusedId(page), 'ambition_reach');
	// Nothing was created.
	await page.goto(`${server.base}/organisaties/${DEMO.org}/initiatieven`);
	assert.equal(await page.locator('#initiatieven tr', { hasText: 'Blijft staan' }).count(), 0);
});

test('switch to English and back', async () => {
	await page.goto(`${server.base}/organisaties/${DEMO.org}`);
	await Promise.all([page.waitForLoadState(), page.getByRole('button', { name: 'English' }).click()]);
	await page.getByRole('heading', { level: 1, name: 'Gemeente Voorbeeldstad' }).waitFor();
	assert.equal(new URL(page.url()).pathname, `/organisaties/${DEMO.org}`, 'stays on the same page');
	assert.equal(await page.locator('html').getAttribute('lang'), 'en');
	await assert.doesNotReject(page.getByRole('link', { name: 'New initiative' }).waitFor());
	await assert.doesNotReject(page.getByRole('button', { name: 'Log out' }).waitFor());
	await page.goto(`${server.base}/`);
	await page.getByRole('heading', { level: 1, name: 'Overview' }).waitFor();
	await page.goto(`${server.base}/organisaties/${DEMO.org}/initiatieven/nieuw`);
	await assert.doesNotReject(page.getByLabel('Name', { exact: true }).waitFor());
	await screenshot(page, 'flow-english-new');
	await page.getByRole('button', { name: 'Nederlands' }).click();
	await page.getByRole('heading', { level: 1, name: 'Nieuw initiatief' }).waitFor();
	assert.equal(await page.locator('html').getAttribute('lang'), 'nl');
});

test('keyboard: the skip link is the first Tab stop and moves focus to main', async () => {
	for (const path of ['/', demoInitiative, '/toegankelijkheid']) {
		await page.goto(`${server.base}${path}`);
		await page.keyboard.press('Tab');
		const first = await page.evaluate(() => {
			const el = document.activeElement;
			const r = el.getBoundingClientRect();
			return { cls: el.className, href: el.getAttribute('href'), text: el.textContent.trim(), top: r.top, h: r.height, outline: getComputedStyle(el).outlineStyle };
		});
		assert.match(first.cls, /utrecht-skip-link/, `${path}: first Tab stop is the skip link`);
		assert.equal(first.href, '#inhoud');
		assert.equal(first.text, 'Direct naar de inhoud');
		assert.ok(first.top >= 0 && first.h > 0, `${path}: skip link is visible when focused`);
		assert.notEqual(first.outline, 'none', `${path}: focus is visible`);
		if (path === '/') await screenshot(page, 'flow-skip-link');
		await page.keyboard.press('Enter');
		assert.equal(await focusedId(page), 'inhoud', `${path}: focus moved to main`);
		assert.equal(await page.evaluate(() => document.activeElement.tagName), 'MAIN');
		// The next Tab goes on from main (into it, or past it), not back to the header.
		await page.keyboard.press('Tab');
		const after = await page.evaluate(() => {
			const main = document.querySelector('main');
			const el = document.activeElement;
			return main.contains(el) || !!(main.compareDocumentPosition(el) & Node.DOCUMENT_POSITION_FOLLOWING);
		});
		assert.ok(after, `${path}: the next Tab continues after the skip target`);
	}
});

test('keyboard: the login form works without a mouse', async () => {
	const anon = await newPage(browser);
	try {
		await anon.goto(`${server.base}/inloggen`);
		await anon.keyboard.press('Tab'); // skip link
		await anon.keyboard.press('Enter');
		let guard = 0;
		while ((await focusedId(anon)) !== 'email' && guard++ < 10) await anon.keyboard.press('Tab');
		assert.equal(await focusedId(anon), 'email');
		await anon.keyboard.type(DEMO.email);
		await anon.keyboard.press('Tab');
		assert.equal(await focusedId(anon), 'password');
		await anon.keyboard.type(DEMO.password);
		await Promise.all([anon.waitForURL(`${server.base}/`), anon.keyboard.press('Enter')]);
		await anon.getByRole('heading', { level: 1, name: 'Overzicht' }).waitFor();
	} finally {
		await anon.context().close();
	}
});

test('reflow: no horizontal scrolling at 320 CSS pixels (WCAG 1.4.10)', async () => {
	const narrow = await newPage(browser, { viewport: { width: 320, height: 640 } });
	try {
		await login(narrow, server.base);
		const paths = {
			dashboard: '/',
			organisation: `/organisaties/${DEMO.org}`,
			list: `/organisaties/${DEMO.org}/initiatieven`,
			detail: demoInitiative,
			edit: `${demoInitiative}/bewerken`,
			new: `/organisaties/${DEMO.org}/initiatieven/nieuw`,
			members: `/organisaties/${DEMO.org}/leden`,
			tokens: '/mij/tokens',
		};
		for (const [name, path] of Object.entries(paths)) {
			await narrow.goto(`${server.base}${path}`);
			const w = await narrow.evaluate(() => document.documentElement.scrollWidth);
			await screenshot(narrow, `reflow-${name}`);
			assert.ok(w <= 320, `${path}: page is ${w}px wide at a 320px viewport`);
		}
	} finally {
		await narrow.context().close();
	}
});

test('log out ends the session', async () => {
	await page.goto(`${server.base}/`);
	await Promise.all([page.waitForLoadState(), page.getByRole('button', { name: 'Uitloggen' }).click()]);
	await page.goto(`${server.base}/organisaties/${DEMO.org}`);
	assert.match(new URL(page.url()).pathname, /^\/inloggen/);
});
