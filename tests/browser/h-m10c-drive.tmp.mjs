import { startServer, launchBrowser, newPage, login, axe, DEMO } from './lib.mjs';
async function clips(p, name, width) {
	const h = await p.evaluate(() => document.documentElement.scrollHeight);
	const step = width > 500 ? 1100 : 1600;
	for (let y = 0, i = 0; y < h && i < 14; y += step, i++)
		await p.screenshot({ path: `/tmp/h-m10c-${name}-${String(i).padStart(2, '0')}.png`, fullPage: true, clip: { x: 0, y, width, height: Math.min(step, h - y) } });
	console.log(name, h);
}
const server = await startServer();
const browser = await launchBrowser();
try {
	for (const width of [1280, 360]) {
		const p = await newPage(browser, { viewport: { width, height: 900 } });
		await login(p, server.base);
		await p.goto(`${server.base}/organisaties/${DEMO.org}/initiatieven`);
		const href = await p.locator('#initiatieven a', { hasText: 'Buurtcoaches schulden' }).first().getAttribute('href');
		await p.goto(server.base + href + '/rondes');
		const rounds = await p.locator('a[href*="/rondes/"]').evaluateAll((as) => as.map((a) => a.getAttribute('href')));
		console.log(rounds.join(' '));
		const round = rounds.find((r) => /\/rondes\/\d+$/.test(r));
		await p.goto(server.base + round + '/resultaten');
		await p.waitForTimeout(800);
		await clips(p, `results-${width}`, width);
		console.log('axe results', width, (await axe(p)).length);
		await p.goto(server.base + round + '/antwoorden');
		await clips(p, `form-${width}`, width);
		console.log('axe form', width, (await axe(p)).length, p.url());
		await p.context().close();
	}
} finally {
	await browser.close();
	await server.stop();
}
