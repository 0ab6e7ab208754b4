// SPDX-License-Identifier: EUPL-1.2
// Shared helpers for the browser tests: start the real scalelab binary on
// 127.0.0.1 with a temporary demo database, drive Debian's chromium with
// playwright-core, run axe-core and keep screenshots.
import { spawn, spawnSync } from 'node:child_process';
import { mkdtempSync, mkdirSync, rmSync, existsSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { chromium } from 'playwright-core';
import AxeBuilder from '@axe-core/playwright';
import assert from 'node:assert/strict';
import { before, after } from 'node:test';

const here = dirname(fileURLToPath(import.meta.url));
export const repoRoot = resolve(here, '..', '..');
export const binary = process.env.SCALELAB_BIN ? resolve(process.env.SCALELAB_BIN) : join(repoRoot, 'scalelab');
export const screenshotDir = join(here, 'screenshots');
export const chromiumPath = process.env.CHROMIUM_PATH || '/usr/lib/chromium/chromium';

export const DEMO = {
	email: 'demo@scalelab.test',
	password: 'demo-opschalen-2026',
	org: 'gemeente-voorbeeldstad',
};

export const AXE_TAGS = ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa'];

function freePort() {
	return new Promise((ok, fail) => {
		const s = createServer();
		s.unref();
		s.on('error', fail);
		s.listen(0, '127.0.0.1', () => {
			const { port } = s.address();
			s.close(() => ok(port));
		});
	});
}

const sleep = (ms) => new Promise((r) => setTimeout(r, ms));

// Every child we start, so that an abnormal exit still stops them.
const children = new Set();
process.on('exit', () => {
	for (const c of children) {
		try {
			c.kill('SIGKILL');
		} catch {
			/* already gone */
		}
	}
});

// Starts `scalelab serve` on a free port with a fresh demo database.
// Returns { base, stop() }; stop() sends SIGTERM, waits, and removes the temp dir.
export async function startServer() {
	if (!existsSync(binary)) throw new Error(`${binary} is missing: run make first`);
	const dir = mkdtempSync(join(tmpdir(), 'scalelab-browser-'));
	const db = join(dir, 'test.db');
	const init = spawnSync(binary, ['init', '--db', db, '--demo'], { encoding: 'utf8' });
	if (init.status !== 0) throw new Error(`scalelab init failed: ${init.stderr}`);
	let lastErr;
	for (let attempt = 0; attempt < 5; attempt++) {
		const port = await freePort();
		const base = `http://127.0.0.1:${port}`;
		const child = spawn(binary, ['serve', '--db', db, '--listen', `127.0.0.1:${port}`, '--require-mfa', 'none'], {
			stdio: ['ignore', 'ignore', 'pipe'],
		});
		children.add(child);
		let log = '';
		child.stderr.on('data', (d) => {
			log += d;
		});
		const exited = new Promise((r) => child.once('exit', (code, sig) => r({ code, sig })));
		let up = false;
		for (let i = 0; i < 100 && child.exitCode === null; i++) {
			try {
				const r = await fetch(`${base}/inloggen`);
				await r.arrayBuffer();
				if (r.ok) {
					up = true;
					break;
				}
			} catch {
				/* not listening yet */
			}
			await sleep(50);
		}
		const stop = async () => {
			if (child.exitCode === null && child.signalCode === null) {
				child.kill('SIGTERM');
				const t = setTimeout(() => child.kill('SIGKILL'), 5000);
				await exited;
				clearTimeout(t);
			}
			children.delete(child);
			rmSync(dir, { recursive: true, force: true });
		};
		if (up) return { base, db, stop, log: () => log };
		lastErr = new Error(`server did not start on ${base}: ${log}`);
		if (child.exitCode === null) {
			child.kill('SIGKILL');
			await exited;
		}
		children.delete(child);
	}
	rmSync(dir, { recursive: true, force: true });
	throw lastErr;
}

export async function launchBrowser() {
	return chromium.launch({
		executablePath: chromiumPath,
		args: [
			'--no-sandbox',
			'--disable-gpu',
			'--disable-background-networking',
			'--disable-component-update',
			'--disable-sync',
			'--no-first-run',
		],
	});
}

// A new context (needed by AxeBuilder) and page. Console errors (such as CSP
// violations) are collected in page.consoleErrors.
export async function newPage(browser, opts = {}) {
	const context = await browser.newContext({ viewport: { width: 1280, height: 900 }, locale: 'nl-NL', ...opts });
	const page = await context.newPage();
	page.consoleErrors = [];
	page.on('console', (m) => {
		// A failed load is reported below with its URL; a 404 page itself is expected.
		if (m.type() === 'error' && !m.text().startsWith('Failed to load resource')) page.consoleErrors.push(m.text());
	});
	page.on('response', (r) => {
		if (r.status() >= 400 && r.request().resourceType() !== 'document') page.consoleErrors.push(`${r.status()} ${r.url()}`);
	});
	page.on('pageerror', (e) => page.consoleErrors.push(String(e)));
	return page;
}

export async function login(page, base, email = DEMO.email, password = DEMO.password) {
	await page.goto(`${base}/inloggen`);
	await page.getByLabel('E-mailadres').fill(email);
	await page.getByLabel('Wachtwoord').fill(password);
	await Promise.all([page.waitForURL((u) => !u.pathname.startsWith('/inloggen')), page.getByRole('button', { name: 'Inloggen' }).click()]);
}

// Runs axe-core with the WCAG 2.1 A/AA tags; returns a readable list of violations.
export async function axe(page) {
	const res = await new AxeBuilder({ page }).withTags(AXE_TAGS).analyze();
	return res.violations.map(
		(v) => `${v.id} (${v.impact}): ${v.help}\n` + v.nodes.map((n) => `    ${n.target.join(' ')}: ${n.failureSummary?.split('\n').join(' ')}`).join('\n'),
	);
}

export async function screenshot(page, name) {
	mkdirSync(screenshotDir, { recursive: true });
	await page.screenshot({ path: join(screenshotDir, `${name}.png`), fullPage: true });
}

// A full-page screenshot, then no WCAG 2.1 A/AA violation and no console
// error (CSP, scripts) on the page as it is now.
export async function checkPage(p, name) {
	await screenshot(p, name);
	const v = await axe(p);
	assert.deepEqual(v, [], `${name}:\n${v.join('\n')}`);
	assert.deepEqual(p.consoleErrors, [], `${name}: no console errors (CSP, scripts)`);
}

/** The first link on the page whose href matches re, as a path. */
export async function hrefOf(p, re) {
	const hrefs = await p.locator('a').evaluateAll((as) => as.map((a) => a.getAttribute('href')));
	return hrefs.find((h) => re.test(h || ''));
}

// At 360 px wide (a screenshot `name`-360) nothing scrolls sideways; the
// viewport is 1280 x 900 again afterwards.
export async function fits360(p, name) {
	await p.setViewportSize({ width: 360, height: 800 });
	await screenshot(p, `${name}-360`);
	const over = await p.evaluate(() => document.documentElement.scrollWidth - document.documentElement.clientWidth);
	assert.ok(over <= 0, `no sideways scrolling at 360 px (${over} px too wide)`);
	await p.setViewportSize({ width: 1280, height: 900 });
}

// The usual set-up of a browser test file: a server with the demo, a
// browser, and a page signed in as the demo user, all stopped after the
// file's tests. set gets { server, browser, page } once they are ready (and
// is awaited: it may look up more).
export function signedIn(set) {
	const s = {};
	before(async () => {
		s.server = await startServer();
		s.browser = await launchBrowser();
		s.page = await newPage(s.browser);
		await login(s.page, s.server.base);
		await set(s);
	});
	after(async () => {
		await s.browser?.close();
		await s.server?.stop();
	});
}

// The id of the demo initiative "Digitale schuldhulp-intake", through the API.
export async function demoInitiativeId(page, base) {
	const inits = await (await page.request.get(`${base}/api/v1/organisaties/${DEMO.org}/initiatieven`)).json();
	return inits.initiatives.find((i) => i.name === 'Digitale schuldhulp-intake').id;
}
