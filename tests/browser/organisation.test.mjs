// SPDX-License-Identifier: EUPL-1.2
// The organisation page at a lab's size in a real browser: with 250
// initiatives it shows the ten most recently changed ones and a link to the
// paged list of all of them ("Alle initiatieven (254)"), which leads there;
// axe-core finds no WCAG 2.1 A/AA violation, no console error, and the page
// fits 360 px without sideways scrolling. Screenshots at 1280 and 360 px.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { startServer, launchBrowser, newPage, login, checkPage, fits360, DEMO } from './lib.mjs';

let server, browser, page, total;
const sql = (q) => execFileSync('sqlite3', ['-cmd', '.timeout 5000', server.db, q], { encoding: 'utf8' }).trim();

before(async () => {
	server = await startServer();
	const org = sql(`SELECT id FROM organisations WHERE slug='${DEMO.org}'`);
	sql(`WITH RECURSIVE s(i) AS (SELECT 1 UNION ALL SELECT i+1 FROM s WHERE i<250)
		INSERT INTO initiatives(org_id,name,stage,sector,created_at,updated_at)
		SELECT ${org}, 'Wijkaanpak ' || printf('%03d', i), CASE i % 3 WHEN 0 THEN 'pilot' WHEN 1 THEN 'idee' ELSE 'opschalen' END,
			'Sociaal domein', '2026-01-01T00:00:00Z', strftime('%Y-%m-%dT%H:%M:%SZ', '2026-01-01', '+' || i || ' hours') FROM s;`);
	total = Number(sql(`SELECT count(*) FROM initiatives WHERE org_id=${org}`));
	browser = await launchBrowser();
	page = await newPage(browser);
	await login(page, server.base);
});

after(async () => {
	await browser?.close();
	await server?.stop();
});

test('ten most recently changed initiatives, a link to all of them; axe clean; fits 360 px', async () => {
	await page.goto(`${server.base}/organisaties/${DEMO.org}`);
	await page.getByRole('heading', { level: 2, name: 'Laatst gewijzigde initiatieven' }).waitFor();
	const rows = page.locator('#initiatieven tbody tr');
	assert.equal(await rows.count(), 10, 'ten rows, not every initiative');
	const names = await page.locator('#initiatieven tbody tr td:first-child').allInnerTexts();
	// the demo's own initiatives were made today, after the seeded ones of 2026-01
	const want = sql(`SELECT name FROM initiatives WHERE org_id=(SELECT id FROM organisations WHERE slug='${DEMO.org}')
		ORDER BY updated_at DESC, id DESC LIMIT 10`).split('\n');
	assert.deepEqual(names.map((s) => s.trim()), want);
	const all = page.getByRole('link', { name: `Alle initiatieven (${total.toLocaleString('nl-NL')})` });
	assert.equal(await all.count(), 1);
	await checkPage(page, 'organisation-overview');
	await fits360(page, 'organisation-overview');
	await Promise.all([page.waitForURL(`${server.base}/organisaties/${DEMO.org}/initiatieven`), all.click()]);
	await page.getByRole('navigation', { name: 'Paginering' }).waitFor();
	assert.match(await page.locator('main').innerText(), new RegExp(`Pagina 1 van ${Math.ceil(total / 50)}`));
});
