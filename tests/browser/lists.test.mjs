// SPDX-License-Identifier: EUPL-1.2
// Lists read one page from the store, seen in a real browser: the initiative
// page of an initiative with many overdue actions shows their number, the
// ten most overdue and a link to the action list filtered on overdue, which
// pages on its own; the requests inbox (/verzoeken) shows the first ten of
// each list and links to the two paged lists. axe-core finds no WCAG 2.1
// A/AA violation, 360 px needs no sideways scrolling. Screenshots at 1280
// and 360 px (tests/browser/screenshots/lists-*.png).
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { startServer, launchBrowser, newPage, login, axe, screenshot, DEMO } from './lib.mjs';

let server, browser, ini, overdue;
const sql = (q) => execFileSync('sqlite3', ['-cmd', '.timeout 5000', server.db, q], { encoding: 'utf8' }).trim();
const fmt = (n) => n.toLocaleString('nl-NL');

before(async () => {
	server = await startServer();
	ini = sql(`SELECT i.id FROM initiatives i JOIN organisations o ON o.id=i.org_id WHERE o.slug='${DEMO.org}' ORDER BY i.id LIMIT 1`);
	const now = new Date().toISOString().slice(0, 19) + 'Z';
	sql(`WITH RECURSIVE s(i) AS (SELECT 1 UNION ALL SELECT i+1 FROM s WHERE i<120)
		INSERT INTO actions(initiative_id,title,status,due_date,created_at,updated_at)
		SELECT ${ini}, 'Afspraak ' || i || ' met de zorgverzekeraar bevestigen', CASE WHEN i % 4 = 0 THEN 'klaar' ELSE 'open' END,
			date('now', '-' || (2 + i % 60) || ' days'), '${now}', '${now}' FROM s;`);
	overdue = Number(sql(`SELECT count(*) FROM actions WHERE initiative_id=${ini} AND status IN ('open','bezig')
		AND due_date<>'' AND due_date<date('now')`));
	const user = sql(`SELECT id FROM users WHERE email='${DEMO.email}'`);
	const mine = sql(`SELECT id FROM organisations WHERE slug='${DEMO.org}'`);
	const other = sql(`SELECT id FROM organisations WHERE id NOT IN (SELECT org_id FROM memberships WHERE user_id=${user}) ORDER BY id LIMIT 1`);
	for (const [from, to] of [[other, mine], [mine, other]])
		sql(`WITH RECURSIVE s(i) AS (SELECT 1 UNION ALL SELECT i+1 FROM s WHERE i<70)
			INSERT INTO connect_requests(from_user,from_org,to_org,message,status,created_at)
			SELECT ${user}, ${from}, ${to}, 'Wij zoeken een partner voor de uitrol in de regio (' || i || ').',
				CASE WHEN i % 3 = 0 THEN 'open' ELSE 'afgewezen' END, '${now}' FROM s;`);
	browser = await launchBrowser();
});

after(async () => {
	await browser?.close();
	await server?.stop();
});

test('the initiative page shows the ten most overdue actions and links to all of them', async () => {
	const page = await newPage(browser);
	await login(page, server.base);
	await page.goto(`${server.base}/initiatieven/${ini}`);
	const box = page.locator('#achterstallig');
	await box.waitFor();
	assert.equal(await box.locator('li').count(), 10);
	assert.match(await box.locator('h2').innerText(), new RegExp(fmt(overdue)));
	await box.scrollIntoViewIfNeeded();
	await screenshot(page, 'lists-initiative-1280');
	let v = await axe(page);
	assert.deepEqual(v, [], v.join('\n'));
	await Promise.all([page.waitForLoadState('load'), page.locator('#achterstallig-alle').click()]);
	assert.match(page.url(), /\/acties\?achterstallig=ja$/);
	const nav = page.getByRole('navigation', { name: 'Paginering' });
	await nav.waitFor();
	assert.match(await nav.innerText(), new RegExp(`1–50 van ${fmt(overdue)}`));
	assert.equal(await page.locator('main table tbody tr').count(), 50);
	assert.equal(await page.locator('main table tbody tr.sl-row--overdue').count(), 50, 'only overdue actions');
	await screenshot(page, 'lists-overdue-1280');
	v = await axe(page);
	assert.deepEqual(v, [], v.join('\n'));
	await Promise.all([page.waitForLoadState('load'), nav.getByRole('link', { name: 'Volgende pagina' }).click()]);
	assert.match(page.url(), /achterstallig=ja/);
	assert.match(await page.getByRole('navigation', { name: 'Paginering' }).innerText(), new RegExp(`51–${Math.min(100, overdue)} van ${fmt(overdue)}`));
	await Promise.all([page.waitForLoadState('load'), page.getByRole('link', { name: 'Alle acties tonen' }).click()]);
	assert.match(page.url(), new RegExp(`/initiatieven/${ini}/acties$`));
	assert.deepEqual(page.consoleErrors, []);
	await page.context().close();
});

test('the requests inbox: first ten of each list, the paged lists, 360 px', async () => {
	const page = await newPage(browser);
	await login(page, server.base);
	await page.goto(`${server.base}/verzoeken`);
	assert.equal(await page.locator('#ontvangen-lijst > li').count(), 10);
	await screenshot(page, 'lists-inbox-1280');
	let v = await axe(page);
	assert.deepEqual(v, [], v.join('\n'));
	await Promise.all([page.waitForLoadState('load'), page.locator('#ontvangen-alle').click()]);
	const nav = page.getByRole('navigation', { name: 'Paginering' });
	await nav.waitFor();
	assert.match(await nav.innerText(), /Pagina 1 van 2/);
	assert.equal(await page.locator('#verzoeken-lijst > li').count(), 50);
	await Promise.all([page.waitForLoadState('load'), nav.getByRole('link', { name: 'Volgende pagina' }).click()]);
	assert.ok(await page.locator('#verzoeken-lijst > li').count() > 0);
	await screenshot(page, 'lists-received-p2-1280');
	v = await axe(page);
	assert.deepEqual(v, [], v.join('\n'));
	await page.context().close();

	const small = await newPage(browser, { viewport: { width: 360, height: 780 } });
	await login(small, server.base);
	for (const [path, name] of [['/verzoeken/ontvangen', 'received'], [`/initiatieven/${ini}/acties?achterstallig=ja`, 'overdue'],
		[`/initiatieven/${ini}`, 'initiative']]) {
		await small.goto(server.base + path);
		const overflow = await small.evaluate(() => document.documentElement.scrollWidth - document.documentElement.clientWidth);
		assert.ok(overflow <= 0, `${path}: no sideways scrolling (${overflow}px)`);
		await screenshot(small, `lists-${name}-360`);
		v = await axe(small);
		assert.deepEqual(v, [], `${path}: ${v.join('\n')}`);
	}
	await small.context().close();
});
