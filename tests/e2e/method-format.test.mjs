// SPDX-License-Identifier: EUPL-1.2
// The method-format extensions of issue 10 end to end, with a small method
// of our own loaded through `serve --methods DIR`: "niet van toepassing" on
// a scale and a pitfall question, number answers with a measure, routes by
// direction and mechanism with the pitfalls they trigger, rule outcomes and
// route rules, the condition sentence, {ambitie} filled from the
// initiative, based_on and decision_criteria. Two members answer; the
// results are checked against values worked out by hand.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, writeFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { startServer, bearer, token, loggedIn, DEMO_EMAIL, BEWERKER_EMAIL, ORG_A } from './lib.mjs';

const T = (s) => ({ nl: s, en: s });
const METHOD = {
	format: 'scalelab-method/1', id: 'e2e-nvt', version: 1, title: T('Proefmethode'), description: T('Voor de test.'),
	based_on: { name: T('Eigen proef'), note: T('Alleen voor de test.') },
	decision_criteria: [T('Er is geld voor drie jaar'), T('Een eigenaar in de lijn')],
	scales: [{ id: 'p', kind: 'progress', min: 0, max: 4, anchors: [0, 1, 2, 3, 4].map((l) => ({ level: l, text: T(`niveau ${l}`) })) }],
	ingredients: [{ id: 'geld', title: T('Geld'), description: T('d') }, { id: 'mensen', title: T('Mensen'), description: T('d') }],
	routes: [
		{ id: 'out', title: T('Breder'), description: T('Meer wijken.'), kind: 'direction', pitfalls: ['kopie'] },
		{ id: 'up', title: T('Hoger'), description: T('In beleid.'), kind: 'direction' },
		{ id: 'copy', title: T('Kopie'), description: T('Elders opzetten.'), kind: 'mechanism', pitfalls: ['kopie'] },
		{ id: 'lic', title: T('Licentie'), description: T('Onder afspraken.'), kind: 'mechanism' },
	],
	pitfalls: [{ id: 'kopie', title: T('Kopiëren zonder de kern'), description: T('d'), prevention: T('Beschrijf de kern.') }],
	sections: [{
		id: 's', title: T('Alles'), questions: [
			{ id: 'g1', kind: 'scale', form: 'how-far', prompt: { nl: 'Hoe ver is het geld voor {ambitie} geregeld?', en: 'How far is money for {ambition} arranged?' }, scale: 'p', ingredient: 'geld', not_applicable: true },
			{ id: 'm1', kind: 'scale', form: 'how-far', prompt: T('Hoe ver zijn de mensen geregeld?'), scale: 'p', ingredient: 'mensen' },
			{ id: 'dir', kind: 'multi', prompt: T('Welke richting?'), options_from: 'route-directions' },
			{ id: 'mech', kind: 'single', prompt: T('Welk mechanisme?'), options_from: 'route-mechanisms', not_applicable: true },
			{ id: 'q-kopie', kind: 'single', prompt: T('Wordt er gekopieerd zonder de kern?'), pitfall: 'kopie', not_applicable: true,
				options: [{ id: 'nee', text: T('nee'), pitfall_state: 'absent' }, { id: 'ja', text: T('ja'), pitfall_state: 'present' }] },
			{ id: 'cost', kind: 'number', prompt: T('Wat kost één wijkteam per jaar?'), unit: 'euro', min: 0, measure: 'unit-cost-pilot' },
		],
	}],
	rules: [
		{ id: 'geld-laag', when: { ingredient: 'geld', below: 2 }, outcome: 'right-size', actions: [T('Kleiner beginnen.')] },
		{ id: 'geld-onbekend', when: { ingredient: 'geld', unknown_at_least: 0.5 }, actions: [T('Uitzoeken.')] },
		{ id: 'mensen-laag', when: { ingredient: 'mensen', below: 3 }, outcome: 'adjust', actions: [T('Mensen vrijmaken.')] },
		{ id: 'route-kopie', when: { route: 'copy' }, outcome: 'adjust', actions: [T('Beschrijf eerst de kern.')] },
		{ id: 'route-up', when: { route: 'up' }, actions: [T('Beleid.')] },
		{ id: 'kopie-speelt', when: { pitfall: 'kopie' }, outcome: 'stop', actions: [T('Stop met kopiëren.')] },
	],
};

let srv, dir, tok, pilot, ini, round;

async function call(method, path, json, t = tok) {
	return bearer(srv.base, t, method, path, { json });
}

before(async () => {
	dir = mkdtempSync(join(tmpdir(), 'h-m10e-methods-'));
	writeFileSync(join(dir, 'e2e-nvt.json'), JSON.stringify(METHOD, null, 1));
	srv = await startServer({ args: ['--methods', dir] });
	tok = token(srv.db, DEMO_EMAIL);
	pilot = token(srv.db, BEWERKER_EMAIL);
	const r = await call('POST', `/organisaties/${ORG_A}/initiatieven`, { name: 'Formaatproef', stage: 'pilot', ambition: { reach: 40, scalableUnit: 'wijkteams', targetDate: '2028-12-31' } });
	assert.equal(r.res.status, 201, r.text);
	ini = r.body.id;
	const rr = await call('POST', `/initiatieven/${ini}/rondes`, { methodId: 'e2e-nvt', periodStart: '2026-01-01', periodEnd: '2026-01-14' });
	assert.equal(rr.res.status, 201, rr.text);
	round = rr.body.id;
});
after(async () => {
	await srv?.stop();
	rmSync(dir, { recursive: true, force: true });
});

test('the sheet: {ambitie} filled from the initiative, n.v.t. offered where allowed, routes with their explanation and kind, number with its unit', async () => {
	const s = (await call('GET', `/rondes/${round}/antwoorden`)).body;
	const qs = s.sections.flatMap((x) => x.questions);
	const g1 = qs.find((q) => q.id === 'g1');
	assert.match(g1.prompt, /^Hoe ver is het geld voor 40 wijkteams, uiterlijk in 2028 geregeld\?$/);
	assert.equal(g1.notApplicableAllowed, true);
	assert.equal(qs.find((q) => q.id === 'm1').notApplicableAllowed, undefined);
	const dir2 = qs.find((q) => q.id === 'dir');
	assert.deepEqual(dir2.options.map((o) => [o.id, o.routeKind, o.description]), [['out', 'direction', 'Meer wijken.'], ['up', 'direction', 'In beleid.']]);
	assert.equal(qs.find((q) => q.id === 'cost').unit, 'euro');
	assert.equal(s.method.basedOn.name, 'Eigen proef');
	assert.match(s.ambition, /40 wijkteams/);
	// refused: n.v.t. where not allowed, a number below its minimum, n.v.t. with a level
	let r = await call('PUT', `/rondes/${round}/antwoorden`, { answers: { m1: { notApplicable: true }, cost: { value: -1 }, g1: { level: 2, notApplicable: true } } });
	assert.equal(r.res.status, 400);
	const names = r.body['invalid-params'].map((p) => p.name).sort();
	assert.deepEqual(names, ['answers.cost.value', 'answers.g1.level', 'answers.m1.notApplicable']);
});

test('two raters, then the results: n.v.t. left out and counted, routes and triggered pitfall, outcomes, conditions, the median of the figures', async () => {
	let r = await call('PUT', `/rondes/${round}/antwoorden`, {
		answers: { g1: { notApplicable: true }, m1: { level: 1 }, dir: { options: ['out'] }, mech: { option: 'copy' }, 'q-kopie': { option: 'ja' }, cost: { value: 1000 } }, submit: true,
	});
	assert.equal(r.res.status, 200, r.text);
	assert.equal(r.body.answers.g1.notApplicable, true);
	assert.equal(r.body.answers.cost.value, 1000);
	r = await call('PUT', `/rondes/${round}/antwoorden`, {
		answers: { g1: { notApplicable: true }, m1: { level: 3 }, dir: { options: ['out', 'up'] }, mech: { option: 'lic' }, 'q-kopie': { notApplicable: true }, cost: { value: 3000 } }, submit: true,
	}, pilot);
	assert.equal(r.res.status, 200, r.text);
	const res = (await call('GET', `/rondes/${round}/resultaten`)).body;
	const geld = res.ingredients.find((i) => i.id === 'geld');
	const mensen = res.ingredients.find((i) => i.id === 'mensen');
	assert.equal(geld.notApplicableAll, true);
	assert.equal(geld.notApplicable, 2);
	assert.equal(geld.notApplicablePercent, 100);
	assert.equal(geld.scored, false);
	assert.equal(geld.weakest, false);
	assert.equal(mensen.median, 2);
	assert.deepEqual(res.weakest.map((w) => w.id), ['mensen']);
	// routes: out 2, up 1 -> out; copy 1, lic 1 -> both (a shared first place)
	const routes = Object.fromEntries(res.routes.map((x) => [x.id, [x.count, x.chosen]]));
	assert.deepEqual(routes, { out: [2, true], up: [1, false], copy: [1, true], lic: [1, true] });
	const pit = res.pitfalls.find((p) => p.id === 'kopie');
	assert.equal(pit.state, 'present');
	assert.equal(pit.notApplicable, 1);
	assert.equal(pit.triggeredBy.id, 'out');
	assert.equal(res.pitfallsTriggered, 1);
	// advice: no rule on "geld" (every answer n.v.t.); the others with their outcome and condition
	const fired = Object.fromEntries(res.suggestions.map((s) => [s.ruleId, s]));
	assert.deepEqual(Object.keys(fired).sort(), ['kopie-speelt', 'mensen-laag', 'route-kopie']);
	assert.equal(fired['mensen-laag'].outcome, 'adjust');
	assert.equal(fired['mensen-laag'].outcomeLabel, 'bijsturen');
	assert.equal(fired['mensen-laag'].condition, 'mediaan van \u201cMensen\u201d lager dan 3');
	assert.equal(fired['route-kopie'].kind, 'routeChosen');
	assert.equal(fired['route-kopie'].target.id, 'copy');
	assert.equal(fired['kopie-speelt'].outcomeLabel, 'stoppen');
	const cost = res.numbers.find((n) => n.question === 'cost');
	assert.equal(cost.median, 2000);
	assert.equal(cost.answers, 2);
	assert.equal(res.basedOn.note, 'Alleen voor de test.');
	// the page shows the n.v.t. column, the routes and the outcome labels
	const web = await loggedIn(srv.base);
	const page = await web.get(`/rondes/${round}/resultaten`);
	assert.equal(page.status, 200);
	assert.match(page.text_, /id="routes"/);
	assert.match(page.text_, /sl-outcome--adjust/);
	assert.match(page.text_, /id="getallen-tabel"/);
});

test('closed: the decision page proposes the method\'s criteria; evidence and the business case get the unit cost', async () => {
	let r = await call('GET', `/rondes/${round}/besluit`);
	assert.deepEqual(r.body.proposed, ['Er is geld voor drie jaar', 'Een eigenaar in de lijn']);
	assert.deepEqual(r.body.adviceOutcomes.map((a) => [a.outcome, a.rules]), [['bijsturen', 2], ['stoppen', 1]]);
	r = await call('PUT', `/rondes/${round}/status`, { status: 'gesloten' });
	assert.equal(r.res.status, 200, r.text);
	const ev = (await call('GET', `/initiatieven/${ini}/bewijs`)).body;
	assert.equal(ev.assessment.measures['unit-cost-pilot'].median, 2000);
	assert.equal(ev.assessment.measures['unit-cost-pilot'].unit, 'euro');
	const bc = await call('POST', `/initiatieven/${ini}/businesscases`, { name: 'Case', horizon: 5, ratePct: 2.25, rateSource: 'MKBA-standaard' });
	assert.equal(bc.res.status, 201, bc.text);
	const web = await loggedIn(srv.base);
	const page = await web.get(`/businesscases/${bc.body.id}/eenheidseconomie`);
	assert.equal(page.status, 200);
	assert.match(page.text_, /id="uit-beoordeling"/);
	assert.match(page.text_, /Kosten per eenheid in de pilot: € 2\.000/);
});
