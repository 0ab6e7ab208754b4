// SPDX-License-Identifier: EUPL-1.2
// Assessments in a real browser: the owner starts a round of the pilot
// scaling canvas and makes an invitation link; a stranger (no account, a
// fresh browser context) fills the canvas through the link and submits;
// the owner reopens the sheet so the stranger can correct it, revokes a
// second link, sees the radar chart with its table, accepts a suggestion
// as an action with a member and a partner as owners, and opens the
// portfolio. axe-core (WCAG 2.0/2.1 A and AA)
// must find 0 violations on every new page; screenshots are kept.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { startServer, launchBrowser, newPage, login, axe, screenshot, DEMO } from './lib.mjs';

const method = JSON.parse(readFileSync(new URL('../../methods/pilot-scaling-canvas.json', import.meta.url)));
const questions = method.sections.flatMap((s) => s.questions);

let server, browser, owner, initiativeId, roundPath, link;

before(async () => {
	server = await startServer();
	browser = await launchBrowser();
	owner = await newPage(browser);
	await login(owner, server.base);
	await owner.goto(`${server.base}/organisaties/${DEMO.org}/initiatieven`);
	// an initiative without rounds or actions of the demo's own
	const href = await owner.locator('#initiatieven a', { hasText: 'Slimme straatverlichting' }).first().getAttribute('href');
	initiativeId = href.split('/').pop();
});
after(async () => {
	await browser?.close();
	await server?.stop();
});

async function clean(p, name) {
	await screenshot(p, name);
	const v = await axe(p);
	assert.deepEqual(v, [], `axe violations on ${name}:\n${v.join('\n')}`);
	assert.deepEqual(p.consoleErrors, [], `console errors on ${name}`);
}

test('owner starts a round and makes an invitation link', async () => {
	await owner.goto(`${server.base}/initiatieven/${initiativeId}/rondes/nieuw`);
	await clean(owner, 'assess-new-round');
	await owner.getByLabel(method.title.nl, { exact: false }).check();
	await owner.getByLabel('Titel').fill('Nulmeting voorjaar');
	await owner.getByRole('button', { name: 'Ronde starten' }).click();
	await owner.waitForURL(/\/rondes\/\d+$/);
	roundPath = new URL(owner.url()).pathname;
	await owner.getByLabel('Naam of omschrijving').fill('Inwoner wijk Noord');
	await owner.locator('#roleLabel').fill('inwoner');
	await owner.getByRole('button', { name: 'Link maken' }).click();
	await owner.locator('#uitnodiging').waitFor();
	const full = await owner.locator('#link').inputValue();
	assert.match(full, /^http:\/\/127\.0\.0\.1:\d+\/uitnodigingen\/[A-Za-z0-9_-]{43}$/, 'the full URL (issue 9)');
	link = new URL(full).pathname;
	await clean(owner, 'assess-round-link');
	await owner.goto(`${server.base}/initiatieven/${initiativeId}/rondes`);
	await clean(owner, 'assess-round-list');
});

test('a stranger fills the canvas through the link, saves a draft, then submits', async () => {
	const stranger = await newPage(browser);
	try {
		await stranger.goto(server.base + link);
		assert.match(await stranger.locator('h1').innerText(), new RegExp(method.title.nl));
		await clean(stranger, 'assess-form-stranger');
		let i = 0;
		let level = 0;
		// Pitfall questions: the option meaning present or mitigated (their ids differ per
		// question); the pilot has no IT of its own, so its technical questions are n.v.t.
		const optionFor = (q, state) => (q.options ?? method.option_sets.find((o) => o.id === q.options_from).options).filter((o) => o.pitfall_state === state).at(-1).id;
		for (const q of questions) {
			if (q.kind === 'scale' && q.ingredient === 'technical') await stranger.locator(`[id="answers_${q.id}_level-nvt"]`).check();
			else if (q.kind === 'scale') await stranger.locator(`[id="answers_${q.id}_level-${level++ % 5}"]`).check();
			else if (q.kind === 'single') await stranger.locator(`[id="answers_${q.id}_option-${optionFor(q, i++ % 2 ? 'present' : 'mitigated')}"]`).check();
			else if (q.kind === 'text') await stranger.locator(`[id="answers_${q.id}_text"]`).fill('Zo zien wij het in de wijk.');
			else if (q.kind === 'number') await stranger.locator(`[id="answers_${q.id}_value"]`).fill(q.unit === 'euro' ? '52000' : '8');
		}
		await stranger.getByRole('button', { name: 'Concept opslaan' }).click();
		await stranger.waitForURL(/opgeslagen=1/);
		assert.ok(await stranger.locator(`[id="answers_evidence-1_level-0"]`).isChecked(), 'the draft is shown again');
		assert.ok(await stranger.locator(`[id="answers_technical-1_level-nvt"]`).isChecked(), '"niet van toepassing" is kept');
		assert.equal(await stranger.locator(`[id="answers_unit-cost-scale_value"]`).inputValue(), '52000', 'a number is kept');
		await clean(stranger, 'assess-form-saved');
		await stranger.getByRole('button', { name: 'Indienen' }).click();
		await stranger.waitForURL(/\/bedankt$/);
		await clean(stranger, 'assess-thanks');
		const res = await stranger.goto(server.base + link);
		assert.equal(res.status(), 410);
		assert.match(await stranger.locator('main').innerText(), /al gebruikt/);
		await screenshot(stranger, 'assess-link-used');
	} finally {
		await stranger.context().close();
	}
});

test('the owner reopens the submitted sheet; the stranger corrects it, with the question named on error', async () => {
	await owner.goto(server.base + roundPath);
	await owner.getByRole('button', { name: 'Antwoorden heropenen Inwoner wijk Noord' }).click();
	await owner.waitForURL((u) => u.pathname === roundPath);
	assert.match(await owner.locator('#beoordelaars').innerText(), /concept opgeslagen/);
	const stranger = await newPage(browser);
	try {
		await stranger.goto(server.base + link);
		assert.ok(await stranger.locator('[id="answers_evidence-1_level-0"]').isChecked(), 'the submitted answers are back');
		const q = questions.findIndex((x) => x.id === 'evidence-1');
		await stranger.locator('[id="answers_evidence-1_level-2"]').check();
		await stranger.locator('[id="vraag-evidence-1"] summary').click();
		await stranger.locator('[id="answers_evidence-1_evidenceUrl"]').fill('ftp://verslag');
		await stranger.getByRole('button', { name: 'Concept opslaan' }).click();
		const summary = stranger.locator('#foutmelding');
		await summary.waitFor();
		const item = await summary.locator('li').first().innerText();
		assert.equal(item.split(' · ')[0], `Vraag ${q + 1} — ${questions[q].prompt.nl}`);
		assert.match(item, / · Link naar bron/);
		await clean(stranger, 'assess-form-error');
		await summary.screenshot({ path: new URL('./screenshots/assess-form-error-summary.png', import.meta.url).pathname });
		await stranger.locator('[id="answers_evidence-1_evidenceUrl"]').fill('https://example.org/verslag');
		await stranger.getByRole('button', { name: 'Indienen' }).click();
		await stranger.waitForURL(/\/bedankt$/);
	} finally {
		await stranger.context().close();
	}
});

test('the owner revokes an unused link; it then says so in Dutch', async () => {
	await owner.goto(server.base + roundPath);
	await owner.getByLabel('Naam of omschrijving').fill('Leverancier Zuid');
	await owner.locator('#roleLabel').fill('leverancier');
	await owner.getByRole('button', { name: 'Link maken' }).click();
	await owner.locator('#uitnodiging').waitFor();
	const second = new URL(await owner.locator('#link').inputValue()).pathname;
	await owner.goto(server.base + roundPath);
	await clean(owner, 'assess-round-manage');
	await owner.getByRole('button', { name: 'Link intrekken Leverancier Zuid' }).click();
	await owner.waitForURL((u) => u.pathname === roundPath);
	assert.match(await owner.locator('#beoordelaars').innerText(), /link ingetrokken/);
	assert.equal(await owner.getByRole('button', { name: 'Link intrekken Leverancier Zuid' }).count(), 0);
	const stranger = await newPage(browser);
	try {
		const res = await stranger.goto(server.base + second);
		assert.equal(res.status(), 410);
		assert.match(await stranger.locator('main').innerText(), /ingetrokken/);
		await clean(stranger, 'assess-link-revoked');
	} finally {
		await stranger.context().close();
	}
});

test('the owner sees the radar chart with its table and accepts a suggestion', async () => {
	await owner.goto(`${server.base}${roundPath}/resultaten`);
	await owner.locator('#radar svg').waitFor();
	const rows = await owner.locator('#scores tbody tr').count();
	assert.equal(rows, method.ingredients.length);
	assert.ok((await owner.locator('#radar svg path').count()) > 0, 'the radar is drawn');
	await owner.locator('#rollen-heatmap svg').waitFor();
	await clean(owner, 'assess-results');
	await owner.locator('#radar').screenshot({ path: new URL('./screenshots/assess-radar.png', import.meta.url).pathname });
	// issue 9: owner and date sit behind "Eigenaar en datum meteen invullen"; a past date is
	// refused (overdue actions are covered in tests/e2e/assessments.test.mjs); after accepting,
	// the results page says the suggestion was taken over
	const item = owner.locator('li.sl-suggestion', { has: owner.locator('form') }).first();
	const text = (await item.locator('p').first().innerText()).trim();
	await item.locator('summary').click();
	await item.getByLabel('Eigenaar uit de organisatie').selectOption({ label: 'Pieter Pilotleider' });
	await item.getByLabel('Eigenaar buiten de organisatie').fill('Team jeugd');
	await item.getByLabel('Klaar op (datum)').fill(new Date(Date.now() + 7 * 86400e3).toISOString().slice(0, 10));
	await Promise.all([owner.waitForURL(/\/resultaten#sug-/), item.getByRole('button', { name: 'Overnemen als actie' }).click()]);
	assert.match(await owner.locator('li.sl-suggestion', { hasText: text }).innerText(), /overgenomen/);
	await owner.goto(`${server.base}/initiatieven/${initiativeId}/acties`);
	assert.equal(await owner.locator('#acties tbody tr').count(), 1);
	assert.match(await owner.locator('#acties tbody tr').first().innerText(), /Pieter Pilotleider; Team jeugd/);
	await clean(owner, 'assess-actions');
	await owner.locator('#acties a', { hasText: 'Bewerken' }).first().click();
	await owner.waitForURL(/\/bewerken$/);
	await clean(owner, 'assess-action-edit');
	await owner.getByLabel('Eigenaar uit de organisatie').selectOption({ label: 'Dewi de Programmamanager' });
	await owner.getByLabel('Eigenaar buiten de organisatie').fill('Partner Wijkzorg');
	await owner.getByRole('button', { name: 'Opslaan' }).click();
	await owner.waitForURL(/\/acties$/);
	assert.match(await owner.locator('#acties tbody tr').first().innerText(), /Dewi de Programmamanager; Partner Wijkzorg/);
	await owner.goto(`${server.base}/initiatieven/${initiativeId}`);
	await clean(owner, 'assess-initiative');
});

test('portfolio page: heat map, bottlenecks and stages, each with a table', async () => {
	await owner.goto(`${server.base}/organisaties/${DEMO.org}/portfolio`);
	await owner.locator('#fasen svg').waitFor();
	const axis = await owner.locator('#fasen svg').innerHTML();
	for (const name of ['Idee', 'Pilot', 'Opschalen', 'Geborgd', 'Gestopt']) assert.match(axis, new RegExp(`>${name}<`), `stage ${name} on the chart`);
	assert.doesNotMatch(axis, />opschalen</, 'no raw stage ids');
	await clean(owner, 'assess-portfolio');
});
