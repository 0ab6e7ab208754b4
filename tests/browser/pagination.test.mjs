// SPDX-License-Identifier: EUPL-1.2
// A long list in a real browser: the action list of an initiative with 180
// actions shows 50 at a time with a pager (NL Design System pagination:
// "Vorige"/"Volgende" links with rel and accessible names, "1–50 van 185"),
// walking it with the links shows every action once, axe-core finds no
// WCAG 2.1 A/AA violation, and the page fits 360 px without sideways
// scrolling. Screenshots at 1280 and 360 px.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { startServer, launchBrowser, newPage, login, axe, screenshot, DEMO } from './lib.mjs';

let server, browser, page, listPath, total;

before(async () => {
	server = await startServer();
	const ini = execFileSync('sqlite3', [server.db,
		`SELECT i.id FROM initiatives i JOIN organisations o ON o.id=i.org_id WHERE o.slug='${DEMO.org}' ORDER BY i.id LIMIT 1`],
	{ encoding: 'utf8' }).trim();
	const now = new Date().toISOString().slice(0, 19) + 'Z';
	execFileSync('sqlite3', ['-cmd', '.timeout 5000', server.db, `WITH RECURSIVE s(i) AS (SELECT 1 UNION ALL SELECT i+1 FROM s WHERE i<180)
		INSERT INTO actions(initiative_id,title,status,due_date,created_at,updated_at)
		SELECT ${ini}, 'Werkafspraak ' || i || ' met de buurgemeente vastleggen', CASE WHEN i % 5 = 0 THEN 'klaar' ELSE 'open' END,
			date('now', '+' || (i % 40) || ' days'), '${now}', '${now}' FROM s;`]);
	total = Number(execFileSync('sqlite3', [server.db, `SELECT count(*) FROM actions WHERE initiative_id=${ini}`], { encoding: 'utf8' }).trim());
	listPath = `/initiatieven/${ini}/acties`;
	browser = await launchBrowser();
	page = await newPage(browser);
	await login(page, server.base);
});

after(async () => {
	await browser?.close();
	await server?.stop();
});

const fmt = (n) => n.toLocaleString('nl-NL');

test('the action list pages with Vorige/Volgende; every action once; axe clean', async () => {
	await page.goto(server.base + listPath);
	const nav = page.getByRole('navigation', { name: 'Paginering' });
	await nav.waitFor();
	assert.match(await nav.innerText(), new RegExp(`1–50 van ${fmt(total)}`));
	assert.equal(await page.locator('main table tbody tr').count(), 50);
	assert.equal(await nav.getByRole('link', { name: 'Vorige pagina' }).count(), 0, 'no Vorige on the first page');
	await screenshot(page, 'pagination-actions-1280');
	let v = await axe(page);
	assert.deepEqual(v, [], v.join('\n'));
	const seen = new Set();
	let pages = 0;
	for (;;) {
		pages++;
		const titles = await page.locator('main table tbody tr th, main table tbody tr td:first-child').allInnerTexts();
		const hrefs = await page.locator('main table tbody tr a[href^="/acties/"]').evaluateAll((as) => as.map((a) => a.getAttribute('href')));
		assert.ok(titles.length > 0);
		for (const h of hrefs) {
			assert.ok(!seen.has(h), `${h} shown twice`);
			seen.add(h);
		}
		const next = page.getByRole('link', { name: 'Volgende pagina' });
		if (!(await next.count())) break;
		await Promise.all([page.waitForLoadState('load'), next.click()]);
		await page.getByRole('navigation', { name: 'Paginering' }).waitFor();
		if (pages === 1) { // now on page 2
			assert.match(await page.getByRole('navigation', { name: 'Paginering' }).innerText(), new RegExp(`51–100 van ${fmt(total)}`));
			assert.equal(await page.getByRole('link', { name: 'Eerste pagina' }).count(), 1);
			v = await axe(page);
			assert.deepEqual(v, [], v.join('\n'));
		}
		assert.ok(pages < 10);
	}
	assert.equal(seen.size, total, 'every action once across the pages');
	assert.equal(pages, Math.ceil(total / 50));
	assert.deepEqual(page.consoleErrors, []);
});

test('360 px: the pager fits, links are large enough to tap', async () => {
	const small = await newPage(browser, { viewport: { width: 360, height: 780 } });
	await login(small, server.base);
	await small.goto(`${server.base}/organisaties/${DEMO.org}/initiatieven?aantal=2&pagina=2`);
	const nav = small.getByRole('navigation', { name: 'Paginering' });
	await nav.waitFor();
	assert.match(await nav.innerText(), /Pagina 2 van \d+/);
	await small.goto(server.base + listPath);
	await small.getByRole('navigation', { name: 'Paginering' }).waitFor();
	const overflow = await small.evaluate(() => document.documentElement.scrollWidth - document.documentElement.clientWidth);
	assert.ok(overflow <= 0, `no sideways scrolling (${overflow}px)`);
	const box = await small.getByRole('link', { name: 'Volgende pagina' }).boundingBox();
	assert.ok(box.height >= 24, `tap target ${box.height}px`);
	await screenshot(small, 'pagination-actions-360');
	const v = await axe(small);
	assert.deepEqual(v, [], v.join('\n'));
	await small.context().close();
});
