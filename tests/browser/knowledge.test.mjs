// SPDX-License-Identifier: EUPL-1.2
// Knowledge base and matching in a real browser: searching from the header
// lands on highlighted results with facets, a facet narrows them, an item
// shows its rendered text, evidence badge and who uses it; the matches page
// of an initiative explains each suggested party and lists who already did
// this; the inbox and party pages; axe-core finds no WCAG 2.1 A/AA violation
// at 1280 and 360 px, nothing is wider than the screen, no console errors.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { newPage, login, axe, screenshot, signedIn } from './lib.mjs';

let server, browser, page, matchesPath, itemPath;

signedIn((s) => ({ server, browser, page } = s));

async function check(p, name) {
	await screenshot(p, name);
	await p.screenshot({ path: `/tmp/know-${name}.png`, fullPage: true });
	const v = await axe(p);
	assert.deepEqual(v, [], v.join('\n'));
	assert.deepEqual(p.consoleErrors, [], 'no console errors (CSP, scripts)');
}

test('search from the header: highlighted results, facets narrow them, an item reads well', async () => {
	await page.goto(server.base + '/');
	await page.getByRole('searchbox', { name: 'Zoeken in de kennisbank' }).fill('schuldhulpverlening');
	await Promise.all([page.waitForURL(/\/kennisbank\?q=/), page.getByRole('search').first().getByRole('button', { name: 'Zoeken' }).click()]);
	const first = page.locator('#resultaten li').first();
	assert.match(await first.textContent(), /Schuldhulpverlening van één wijk naar de hele regio/);
	assert.ok((await page.locator('#resultaten mark').count()) > 0, 'hits are marked');
	await check(page, 'kb-results');
	// the kind facet "Les" keeps only lessons
	const before = await page.locator('#resultaten li').count();
	await page.locator('.sl-kb-facets a', { hasText: 'Les' }).first().click();
	await page.waitForURL(/soort=les/);
	const kinds = await page.locator('#resultaten .sl-kb-kind').allTextContents();
	assert.ok(kinds.length > 0 && kinds.length <= before && kinds.every((k) => k === 'Les'), kinds.join(','));
	await check(page, 'kb-facet');
	// an item with its rendered text, badge and adopters
	await page.goto(server.base + '/kennisbank?q=' + encodeURIComponent('effect meten vergelijkingsgroep'));
	await page.locator('#resultaten a').first().click();
	await page.waitForURL(/\/kennisitems\/\d+$/);
	itemPath = new URL(page.url()).pathname;
	assert.match(await page.locator('h1').textContent(), /Effect meten zonder gerandomiseerde studie/);
	assert.match(await page.locator('.sl-kb-badge').first().textContent(), /Theoretisch onderbouwd/);
	assert.ok((await page.locator('#tekst ol li').count()) === 3, 'the Markdown list is rendered');
	assert.match(await page.locator('#adopties').textContent(), /Schuldhulp op maat/);
	await check(page, 'kb-item');
	// the edit form of an item of the user's own organisation
	await page.goto(server.base + '/kennisbank?q=' + encodeURIComponent('eigenaar vóór de pilot'));
	await page.locator('#resultaten a', { hasText: 'Wijs de eigenaar aan' }).click();
	await page.getByRole('link', { name: 'Item bewerken' }).click();
	await page.waitForURL(/\/bewerken$/);
	assert.equal(await page.locator('#links').inputValue(), 'ownership');
	await check(page, 'kb-edit');
	// the new-item form, prefilled from the work
	await page.goto(server.base + '/kennisbank/nieuw?soort=belemmering&ingredient=regulation');
	assert.equal(await page.locator('#links').inputValue(), 'regulation');
	assert.ok(await page.locator('#kind-belemmering').isChecked());
	await check(page, 'kb-new');
});

test('matching: each suggested party says which needs it covers and why; who already did this', async () => {
	await page.goto(`${server.base}/organisaties/gemeente-voorbeeldstad/initiatieven`);
	const ini = await page.locator('a', { hasText: 'Digitale schuldhulp-intake' }).first().getAttribute('href');
	await page.goto(server.base + ini);
	await Promise.all([page.waitForURL(/\/matches$/), page.locator('#partners-link').click()]);
	matchesPath = new URL(page.url()).pathname;
	const first = page.locator('#partijmatches > li').first();
	assert.match(await first.textContent(), /Hogeschool Brugwijk/);
	assert.match(await first.textContent(), /heeft dit eerder verbeterd \(Schuldhulp op maat: 1,0 → 4,0\)/);
	assert.match(await page.locator('#vergelijkbaar').textContent(), /Schuldhulp op maat/);
	assert.match(await page.locator('#coalitie + p + ul').textContent(), /Kompas Inkoopadvies/);
	await check(page, 'kb-matches');
	await page.goto(server.base + '/verzoeken');
	assert.match(await page.locator('#ontvangen-lijst').textContent(), /Gemeente Rivierstad/);
	await check(page, 'kb-inbox');
	await page.goto(server.base + '/partijen');
	await check(page, 'kb-parties');
	await page.locator('#partijen a', { hasText: 'Kompas' }).click();
	await page.waitForURL(/\/partijen\/\d+$/);
	await check(page, 'kb-party');
	await page.goto(server.base + '/organisaties/gemeente-voorbeeldstad/partijprofiel');
	await check(page, 'kb-profile-edit');
});

test('English: the results and the matches read in English, without violations', async () => {
	const en = await newPage(browser);
	try {
		await login(en, server.base);
		await en.getByRole('button', { name: 'English' }).click();
		await en.waitForLoadState();
		await en.goto(server.base + '/kennisbank?q=verzekeraar');
		assert.equal(await en.locator('html').getAttribute('lang'), 'en');
		assert.match(await en.locator('h1').textContent(), /Knowledge base/);
		assert.match(await en.locator('#filters-kop').textContent(), /Filter/);
		await check(en, 'kb-en-results');
		await en.goto(server.base + matchesPath);
		assert.match(await en.locator('#partijmatches').textContent(), /improved this before/);
		await check(en, 'kb-en-matches');
	} finally {
		await en.context().close();
	}
});

test('360 px: search, item, matches, inbox and party pages fit the screen without violations', async () => {
	const small = await newPage(browser, { viewport: { width: 360, height: 740 } });
	await login(small, server.base);
	const pages = [
		['/kennisbank?q=gemeenten', 'kb-360-results'], [itemPath, 'kb-360-item'], [matchesPath, 'kb-360-matches'],
		['/verzoeken', 'kb-360-inbox'], ['/partijen', 'kb-360-parties'], ['/kennisbank/nieuw', 'kb-360-new'],
	];
	for (const [path, name] of pages) {
		await small.goto(server.base + path);
		const overflow = await small.evaluate(() => document.documentElement.scrollWidth - window.innerWidth);
		assert.ok(overflow <= 0, `${path} is ${overflow} px too wide`);
		await check(small, name);
	}
	await small.context().close();
});
