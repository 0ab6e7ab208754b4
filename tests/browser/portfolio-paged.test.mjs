// SPDX-License-Identifier: EUPL-1.2
// The portfolio of a large organisation in Chromium: 120 more initiatives
// with a round each, so the heat map pages (50 a page, Volgende/Vorige with
// the counts), the bottleneck table links each bottleneck to the heat map
// narrowed to it, with a note that says so and a way back; axe finds no
// WCAG 2.1 AA violation on either, and at 360 px nothing but the tables
// (which scroll in their own container) is wider than the screen.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { startServer, launchBrowser, newPage, login, axe, DEMO } from './lib.mjs';

let server, browser, page;

function generate(db) {
	const org = execFileSync('sqlite3', [db, `SELECT id FROM organisations WHERE slug='${DEMO.org}'`], { encoding: 'utf8' }).trim();
	const q = ['BEGIN;'];
	const ingredients = ['evidence-1', 'working-elements-1', 'demand-1', 'funding-1', 'ownership-1', 'support-1', 'capacity-1', 'governance-1', 'regulation-1', 'procurement-1', 'data-privacy-1', 'technical-1', 'partnerships-1'];
	for (let i = 1; i <= 120; i++) {
		const ini = 7000 + i;
		q.push(`INSERT INTO initiatives(id,org_id,name,description,sector,stage,created_at,updated_at) VALUES(${ini},${org},'Wijkaanpak ${String(i).padStart(3, '0')}','','Sociaal domein','${['idee', 'pilot', 'opschalen', 'geborgd'][i % 4]}','2026-01-01T00:00:00Z','2026-01-01T00:00:00Z');`);
		q.push(`INSERT INTO assessment_rounds(id,initiative_id,method_id,method_version,title,period_start,period_end,status,created_at,closed_at) VALUES(${ini},${ini},'pilot-scaling-canvas',1,'Nulmeting','2026-01-01','2026-03-31','gesloten','2026-01-01T00:00:00Z','2026-04-01T00:00:00Z');`);
		for (let r = 0; r < 2; r++) {
			const rater = ini * 10 + r;
			q.push(`INSERT INTO assessment_raters(id,round_id,name,role_label,token_hash,expires_s,status,created_at,submitted_at) VALUES(${rater},${ini},'Beoordelaar','gemeente',randomblob(32),4102444800,'ingediend','2026-01-01T00:00:00Z','2026-02-01T00:00:00Z');`);
			ingredients.forEach((qid, k) => q.push(`INSERT INTO assessment_answers(rater_id,question_id,level,updated_at) VALUES(${rater},'${qid}',${(i * 7 + k * 3 + r) % 5},'2026-02-01T00:00:00Z');`));
		}
	}
	q.push('COMMIT;');
	execFileSync('sqlite3', [db], { input: q.join('\n') });
}

before(async () => {
	server = await startServer();
	generate(server.db);
	browser = await launchBrowser();
	page = await newPage(browser);
	await login(page, server.base);
});

after(async () => {
	await browser?.close();
	await server?.stop();
});

test('the heat map pages: 50 rows, Volgende, and the second page continues', async () => {
	await page.goto(`${server.base}/organisaties/${DEMO.org}/portfolio`);
	const rows = page.locator('.sl-portfolio-table tbody tr');
	assert.equal(await rows.count(), 50);
	const status = await page.locator('.sl-pager__status').textContent();
	assert.match(status, /1–50 van 12\d/);
	assert.deepEqual(await axe(page), []);
	await page.screenshot({ path: '/tmp/h-port-portfolio-1280.png', fullPage: true });
	const firstNames = await rows.locator('th a').allTextContents();
	await page.getByRole('link', { name: /Volgende/ }).click();
	await page.waitForURL(/na=/);
	const next = await page.locator('.sl-portfolio-table tbody tr th a').allTextContents();
	assert.equal(next.length, 50);
	assert.ok(!next.some((n) => firstNames.includes(n)), 'no row twice');
	assert.match(await page.locator('.sl-pager__status').textContent(), /51–100 van/);
	assert.deepEqual(page.consoleErrors, []);
});

test('a bottleneck narrows the heat map to its initiatives, with a way back', async () => {
	await page.goto(`${server.base}/organisaties/${DEMO.org}/portfolio`);
	const first = page.locator('#knelpunten tbody tr').first();
	const title = (await first.locator('th').textContent()).trim();
	const count = Number((await first.locator('td').first().textContent()).replace(/\D/g, ''));
	await first.getByRole('link').click();
	await page.waitForURL(/knelpunt=/);
	const note = page.locator('#knelpunt-filter');
	assert.match(await note.textContent(), new RegExp(title));
	const rows = await page.locator('.sl-portfolio-table tbody tr').count();
	assert.equal(rows, Math.min(count, 50));
	// every row shown has this bottleneck marked weakest
	const marked = await page.locator('.sl-portfolio-table tbody tr').evaluateAll((trs) => trs.every((tr) => tr.querySelector('.sl-cell--weak')));
	assert.ok(marked);
	assert.deepEqual(await axe(page), []);
	await page.screenshot({ path: '/tmp/h-port-portfolio-filter-1280.png', fullPage: false });
	await page.getByRole('link', { name: 'Alle initiatieven tonen' }).click();
	assert.equal(await page.locator('#knelpunt-filter').count(), 0);
});

test('360 px: only the tables scroll sideways, in their own container', async () => {
	const small = await newPage(browser, { viewport: { width: 360, height: 800 } });
	await login(small, server.base);
	await small.goto(`${server.base}/organisaties/${DEMO.org}/portfolio`);
	const wide = await small.evaluate(() => document.documentElement.scrollWidth);
	assert.ok(wide <= 361, `page is ${wide} px wide`);
	assert.deepEqual(await axe(small), []);
	await small.screenshot({ path: '/tmp/h-port-portfolio-360.png', fullPage: false });
	await small.context().close();
});
