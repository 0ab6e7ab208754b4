// SPDX-License-Identifier: EUPL-1.2
// notify in a real browser: axe-core finds no WCAG 2.1 A/AA violation on the
// inbox, the preferences, the calendar feed page (also right after making a
// URL), the outbox of a beheerder and the unsubscribe page; no console
// errors (CSP). The bell in the header shows the unread count and works as
// a plain link; marking read lowers it; the pages fit 360 px.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { newPage, login, axe, screenshot, DEMO, checkPage, signedIn } from './lib.mjs';

let server, browser, page;

signedIn((s) => ({ server, browser, page } = s));

test('the bell shows the unread count and leads to the inbox; marking read lowers it', async () => {
	await page.goto(server.base + '/');
	const bell = page.locator('#bel');
	await bell.waitFor();
	assert.match(await bell.innerText(), /Meldingen\s*2\s*ongelezen/);
	await bell.click();
	await page.waitForURL((u) => u.pathname === '/meldingen');
	await page.locator('#meldingen').waitFor();
	assert.equal(await page.locator('.sl-notify-item--unread').count(), 2);
	assert.match(await page.locator('#meldingen').innerText(), /Pieter Pilotleider heeft je de actie Bestuurlijk akkoord vragen/);
	await checkPage(page, 'inbox');
	await page.getByRole('button', { name: /Markeer als gelezen\s*: Pieter/ }).click();
	await page.locator('#meldingen').waitFor();
	assert.match(await page.locator('#bel').innerText(), /Meldingen\s*1\s*ongelezen/);
	await page.getByRole('button', { name: 'Alles als gelezen markeren' }).click();
	await page.locator('#meldingen').waitFor();
	assert.equal(await page.locator('.sl-bell__count').count(), 0);
	assert.match(await page.locator('#ongelezen-aantal').innerText(), /alles gelezen/);
});

test('preferences: axe clean; turning the digest off is kept', async () => {
	await page.goto(server.base + '/mij/meldingen');
	await checkPage(page, 'prefs');
	const box = page.getByLabel('Weekoverzicht op maandagochtend');
	assert.equal(await box.isChecked(), true);
	await box.uncheck();
	await page.getByRole('button', { name: 'Opslaan' }).click();
	await page.waitForURL((u) => u.pathname === '/mij/meldingen');
	assert.equal(await page.getByLabel('Weekoverzicht op maandagochtend').isChecked(), false);
	assert.equal(await page.getByLabel('Een actie die aan mij is toegewezen').isChecked(), true);
});

test('calendar feed: the address is shown once, the page is axe clean, revoking works', async () => {
	await page.goto(server.base + '/mij/agenda');
	assert.match(await page.locator('#agenda-status').innerText(), /actief sinds/);
	await checkPage(page, 'feed');
	await page.getByRole('button', { name: /Nieuw adres maken/ }).click();
	const url = await page.locator('#feed-url').inputValue();
	assert.match(url, /\/api\/v1\/agenda\/[A-Za-z0-9_-]{43}$/);
	await checkPage(page, 'feed-new');
	const ics = await fetch(server.base + new URL(url).pathname);
	assert.equal(ics.status, 200);
	await page.goto(server.base + '/mij/agenda');
	assert.equal(await page.locator('#feed-url').count(), 0, 'shown once');
	await page.getByRole('button', { name: 'Agenda-adres intrekken' }).click();
	assert.match(await page.locator('#agenda-status').innerText(), /geen agenda-adres/);
	assert.equal((await fetch(server.base + new URL(url).pathname)).status, 404);
});

test('outbox of a beheerder: counts, the refused message with its reason, axe clean', async () => {
	await page.goto(`${server.base}/organisaties/${DEMO.org}/postvak-uit`);
	await page.locator('#postvak').waitFor();
	const row = page.locator('#postvak tr', { hasText: 'w.devries@oud-adres.example' });
	assert.match(await row.innerText(), /Mislukt/);
	assert.match(await row.innerText(), /550 5\.1\.1/);
	await checkPage(page, 'outbox');
});

test('360 px: inbox, preferences and outbox fit without sideways scrolling', async () => {
	const small = await newPage(browser, { viewport: { width: 360, height: 780 } });
	await login(small, server.base);
	for (const [path, name] of [['/meldingen', 'inbox-360'], ['/mij/meldingen', 'prefs-360'], [`/organisaties/${DEMO.org}/postvak-uit`, 'outbox-360']]) {
		await small.goto(server.base + path);
		await screenshot(small, name);
		await small.screenshot({ path: `/tmp/notify-${name}.png`, fullPage: true });
		const over = await small.evaluate(() => document.documentElement.scrollWidth - document.documentElement.clientWidth);
		assert.ok(over <= 0, `${path}: ${over}px too wide`);
	}
	await small.context().close();
});

test('unsubscribe page without login: axe clean', async () => {
	const anon = await newPage(browser);
	// a link with a wrong signature is a 404 page, not an error
	const r = await anon.goto(server.base + '/uitschrijven/1.weekoverzicht.' + 'A'.repeat(43));
	assert.equal(r.status(), 404);
	await anon.context().close();
});

test('unsubscribe from a real digest e-mail: the page and its result are axe clean, without login', async () => {
	const { startServer: startE2e, token, cli, freePort } = await import('../e2e/lib.mjs');
	const { SMTPServer } = await import('smtp-server');
	const { simpleParser } = await import('mailparser');
	const mails = [];
	const port = await freePort();
	const relay = new SMTPServer({
		disabledCommands: ['STARTTLS', 'AUTH'],
		logger: false,
		onData(stream, session, cb) {
			simpleParser(stream).then((m) => {
				m.raw_ = m.headerLines.map((h) => h.line).join('\n');
				mails.push(m);
				cb();
			});
		},
	});
	await new Promise((ok) => relay.listen(port, '127.0.0.1', ok));
	const s = await startE2e({ args: ['--smtp', `smtp://127.0.0.1:${port}`, '--smtp-insecure', '--public-url', 'https://lab.voorbeeldstad.nl'], env: { SCALELAB_NOTIFY_TICK_MS: '100' } });
	const anon = await newPage(browser);
	try {
		cli(['user', 'add', '--db', s.db, '--email', 'root@scalelab.test', '--name', 'Beheer', '--admin'], 'demo-opschalen-2026\n');
		const admin = token(s.db, 'root@scalelab.test');
		const d = new Date();
		d.setUTCDate(d.getUTCDate() + ((8 - d.getUTCDay()) % 7 || 7));
		const now = `${d.toISOString().slice(0, 10)}T09:00:00Z`;
		const r = await fetch(`${s.base}/api/v1/beheer/notificaties/planning`, { method: 'POST', headers: { Authorization: `Bearer ${admin}`, 'Content-Type': 'application/json' }, body: JSON.stringify({ now }) });
		assert.equal(r.status, 200);
		let digest;
		for (let i = 0; i < 100 && !digest; i++) {
			await new Promise((ok) => setTimeout(ok, 100));
			digest = mails.find((m) => /Je week in Scalelab/.test(m.subject));
		}
		assert.ok(digest, 'a digest arrived');
		const url = /List-Unsubscribe: <([^>]+)>/.exec(digest.raw_)[1];
		await anon.goto(s.base + new URL(url).pathname);
		await checkPage(anon, 'unsubscribe');
		await anon.getByRole('button', { name: 'Ja, meld mij af' }).click();
		await anon.locator('#uitgeschreven').waitFor();
		await checkPage(anon, 'unsubscribed');
	} finally {
		await anon.context().close();
		await s.stop();
		await new Promise((ok) => relay.close(ok));
	}
});
