// SPDX-License-Identifier: EUPL-1.2
// Page weight (issue 8): the bytes a first and a repeat visit of each page
// with charts transfer, measured in Debian's Chromium over the DevTools
// protocol (Network.loadingFinished encodedDataLength: headers and the body
// as sent, so compression and caching count). Starts ./scalelab on a temp
// demo database, adds two assessment rounds with answers and an experiment
// with an analysis through the API, logs in through the form, then visits
// each page in a fresh browser context (empty cache) and once more.
// Prints a table and the heaviest page against the targets; exits 1 when a
// target is missed. Usage: node bench/weight.mjs [--json]
import { spawn, execFileSync } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { chromium } from 'playwright-core';

const BIN = resolve(process.env.SCALELAB_BIN || './scalelab');
const CHROMIUM = process.env.CHROMIUM_PATH || '/usr/bin/chromium';
const ORG = 'gemeente-voorbeeldstad';
const FIRST_MAX = 300 * 1024;
const REPEAT_MAX = 20 * 1024;

const port = await new Promise((ok, fail) => {
	const s = createServer();
	s.on('error', fail);
	s.listen(0, '127.0.0.1', () => {
		const p = s.address().port;
		s.close(() => ok(p));
	});
});
const base = `http://127.0.0.1:${port}`;
const dir = mkdtempSync(join(tmpdir(), 'scalelab-weight-'));
const db = join(dir, 'bench.db');
execFileSync(BIN, ['init', '--db', db, '--demo'], { stdio: 'ignore' });
const token = (email) => execFileSync(BIN, ['user', 'token', '--db', db, '--email', email, '--name', 'weight'], { encoding: 'utf8' }).trim();
const server = spawn(BIN, ['serve', '--db', db, '--listen', `127.0.0.1:${port}`, '--require-mfa', 'none'], { stdio: ['ignore', 'ignore', 'pipe'] });
let serverLog = '';
server.stderr.on('data', (d) => (serverLog += d));
let browser;
const cleanup = async () => {
	await browser?.close().catch(() => {});
	if (server.exitCode === null) {
		server.kill('SIGTERM');
		await new Promise((r) => server.once('exit', r));
	}
	rmSync(dir, { recursive: true, force: true });
};
process.on('exit', () => server.exitCode === null && server.kill('SIGKILL'));

async function api(tok, method, path, json) {
	const res = await fetch(`${base}/api/v1${path}`, {
		method,
		headers: { Authorization: `Bearer ${tok}`, Accept: 'application/json', ...(json ? { 'Content-Type': 'application/json' } : {}) },
		body: json ? JSON.stringify(json) : undefined,
	});
	const body = await res.json().catch(() => null);
	if (!res.ok) throw new Error(`${method} ${path}: ${res.status} ${JSON.stringify(body)}`);
	return body;
}

try {
	for (let i = 0; ; i++) {
		try {
			if ((await fetch(`${base}/inloggen`)).ok) break;
		} catch {
			if (i > 100) throw new Error('scalelab did not start');
			await new Promise((r) => setTimeout(r, 50));
		}
	}
	// Data for the chart pages: two rounds (radar, role heat map, trend line)
	// answered by every member, and an experiment with an analysis (forest plot).
	const owner = token('demo@scalelab.test');
	const org = await api(owner, 'GET', `/organisaties/${ORG}`);
	const initiative = org.initiatives[0].id;
	const members = (await api(owner, 'GET', `/organisaties/${ORG}/leden`)).members;
	const tokens = Object.fromEntries(members.map((m) => [m.userId ?? m.id, token(m.email)]));
	const roles = ['gemeente', 'zorgaanbieder', 'inwoner', 'leverancier'];
	let round;
	for (const [k, period] of [
		['2026-01-01', '2026-03-31'],
		['2026-04-01', '2026-06-30'],
	].entries()) {
		round = await api(owner, 'POST', `/initiatieven/${initiative}/rondes`, {
			methodId: 'pilot-scaling-canvas',
			periodStart: period[0],
			periodEnd: period[1],
		});
		for (const [j, m] of members.entries()) {
			const uid = m.userId ?? m.id;
			await api(owner, 'POST', `/rondes/${round.id}/beoordelaars`, { userId: uid, roleLabel: roles[j % roles.length] });
			const sheet = await api(tokens[uid], 'GET', `/rondes/${round.id}/antwoorden`);
			const answers = {};
			let n = 0;
			for (const s of sheet.sections)
				for (const q of s.questions) {
					const i = n++ + j + k;
					if (q.kind === 'scale') answers[q.id] = { level: q.anchors[i % q.anchors.length].level };
					else if (q.kind === 'single') answers[q.id] = { option: q.options[i % q.options.length].id };
					else if (q.kind === 'multi') answers[q.id] = { options: [q.options[i % q.options.length].id] };
					else if (q.kind === 'text') answers[q.id] = { text: `Antwoord ${i} van beoordelaar ${j + 1}.` };
				}
			await api(tokens[uid], 'PUT', `/rondes/${round.id}/antwoorden`, { answers, submit: true });
		}
	}
	const exp = await api(owner, 'POST', `/initiatieven/${initiative}/experimenten`, {
		name: 'Sms-herinnering spreekuur',
		hypothesis: 'Een herinnering per sms verhoogt de opkomst.',
		metric: 'Opkomst',
	});
	await api(owner, 'POST', `/experimenten/${exp.id}/analyses`, {
		control: { n: 1000, conversions: 100 },
		treatment: { n: 1000, conversions: 120 },
	});

	const pages = [
		['dashboard', '/'],
		['assessment results', `/rondes/${round.id}/resultaten`],
		['experiment', `/experimenten/${exp.id}`],
		['portfolio', `/organisaties/${ORG}/portfolio`],
		['form (new initiative)', `/organisaties/${ORG}/initiatieven/nieuw`],
	];

	browser = await chromium.launch({
		executablePath: CHROMIUM,
		args: ['--no-sandbox', '--disable-gpu', '--disable-background-networking', '--disable-component-update', '--disable-sync', '--no-first-run'],
	});
	// A session through the real login form, shared by every fresh context.
	const loginCtx = await browser.newContext({ locale: 'nl-NL' });
	const lp = await loginCtx.newPage();
	await lp.goto(`${base}/inloggen`);
	await lp.getByLabel('E-mailadres').fill('demo@scalelab.test');
	await lp.getByLabel('Wachtwoord').fill('demo-opschalen-2026');
	await Promise.all([lp.waitForURL((u) => !u.pathname.startsWith('/inloggen')), lp.getByRole('button', { name: 'Inloggen' }).click()]);
	const state = await loginCtx.storageState();
	await loginCtx.close();

	// Bytes on the wire for one navigation, by resource.
	async function visit(page, cdp, path) {
		const sizes = new Map();
		const urls = new Map();
		const onResp = (e) => urls.set(e.requestId, { url: e.response.url, cached: e.response.fromDiskCache || false });
		const onDone = (e) => sizes.set(e.requestId, (sizes.get(e.requestId) || 0) + e.encodedDataLength);
		const onCache = (e) => urls.set(e.requestId, { ...(urls.get(e.requestId) || {}), cached: true });
		cdp.on('Network.responseReceived', onResp);
		cdp.on('Network.loadingFinished', onDone);
		cdp.on('Network.requestServedFromCache', onCache);
		const res = await page.goto(base + path, { waitUntil: 'networkidle' });
		if (res.status() !== 200) throw new Error(`${path}: ${res.status()}`);
		cdp.off('Network.responseReceived', onResp);
		cdp.off('Network.loadingFinished', onDone);
		cdp.off('Network.requestServedFromCache', onCache);
		let total = 0;
		const items = [];
		for (const [id, bytes] of sizes) {
			if ((urls.get(id)?.url || '').startsWith('data:')) continue;
			total += bytes;
			items.push({ url: (urls.get(id)?.url || id).replace(base, ''), bytes, cached: urls.get(id)?.cached || bytes === 0 });
		}
		return { total, items };
	}

	const rows = [];
	for (const [name, path] of pages) {
		const ctx = await browser.newContext({ storageState: state, locale: 'nl-NL', viewport: { width: 1280, height: 900 } });
		const page = await ctx.newPage();
		const errors = [];
		page.on('pageerror', (e) => errors.push(String(e)));
		page.on('console', (m) => m.type() === 'error' && errors.push(m.text()));
		const cdp = await ctx.newCDPSession(page);
		await cdp.send('Network.enable');
		const first = await visit(page, cdp, path);
		const charts = await page.locator('[data-chart-for]').count();
		const drawn = await page.locator('.sl-chart svg, [role="img"] svg').count();
		const repeat = await visit(page, cdp, path);
		if (errors.length) throw new Error(`${path}: ${errors.join('; ')}`);
		if (drawn < charts) throw new Error(`${path}: ${charts} charts in the page, ${drawn} drawn`);
		rows.push({ name, path, charts, first, repeat });
		await ctx.close();
	}

	const kb = (n) => `${(n / 1024).toFixed(1)} KB`;
	if (process.argv.includes('--json')) console.log(JSON.stringify(rows, null, 1));
	console.log('page weight (Chromium, bytes on the wire incl. headers; first visit = empty cache):');
	for (const r of rows)
		console.log(`  ${r.name.padEnd(24)} ${String(r.charts).padStart(2)} charts   first ${kb(r.first.total).padStart(9)}   repeat ${kb(r.repeat.total).padStart(8)}`);
	const heavy = rows.reduce((a, b) => (b.first.total > a.first.total ? b : a));
	console.log(`heaviest page: ${heavy.name} (${heavy.path})`);
	for (const it of heavy.first.items.sort((a, b) => b.bytes - a.bytes)) console.log(`    first  ${kb(it.bytes).padStart(9)}  ${it.url}`);
	for (const it of heavy.repeat.items.sort((a, b) => b.bytes - a.bytes))
		console.log(`    repeat ${kb(it.bytes).padStart(9)}  ${it.url}${it.cached ? ' (from cache)' : ''}`);
	const firstOk = heavy.first.total <= FIRST_MAX;
	const repeatMax = Math.max(...rows.map((r) => r.repeat.total));
	const repeatOk = repeatMax <= REPEAT_MAX;
	console.log(`first visit, heaviest page: ${kb(heavy.first.total)} (target <= ${kb(FIRST_MAX)}) ${firstOk ? 'ok' : 'MISSED'}`);
	console.log(`repeat visit, heaviest of all: ${kb(repeatMax)} (target <= ${kb(REPEAT_MAX)}) ${repeatOk ? 'ok' : 'MISSED'}`);
	await cleanup();
	process.exit(firstOk && repeatOk ? 0 : 1);
} catch (e) {
	console.error(`weight: ${e.stack || e}\nserver log:\n${serverLog}`);
	await cleanup();
	process.exit(2);
}
