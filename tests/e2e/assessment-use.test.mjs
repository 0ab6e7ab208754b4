// SPDX-License-Identifier: EUPL-1.2
// Issue 9 over HTTP, on the demo data and with --public-url: the demo pilot
// has two closed rounds by five raters (one outside) with visible
// disagreement and accepted actions; invitation links are full URLs and the
// page form answers with post/redirect/get; results name the tie-break and
// mark suggestions taken over; actions link back; the start page is "my
// work"; the portfolio lists what is not assessed; a new round runs two
// weeks with a readable title.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { startServer, bearer, token, loggedIn, csrfOf, DEMO_EMAIL, ORG_A } from './lib.mjs';

const PUBLIC = 'https://lab.voorbeeldstad.nl';
let srv, tok, pilot, rounds;
const api = (m, p, json) => bearer(srv.base, tok, m, p, json === undefined ? {} : { json });

before(async () => {
	srv = await startServer({ args: ['--public-url', PUBLIC] });
	tok = token(srv.db, DEMO_EMAIL);
	pilot = (await api('GET', `/organisaties/${ORG_A}/initiatieven`)).body.initiatives.find((i) => i.name === 'Buurtcoaches schulden in wijk Noord');
	rounds = (await api('GET', `/initiatieven/${pilot.id}/rondes`)).body.rounds;
});
after(async () => {
	await srv?.stop();
});

test('demo: two closed rounds by five raters, one outside, with disagreement and accepted actions', async () => {
	const closed = rounds.filter((r) => r.status === 'gesloten');
	assert.equal(closed.length, 2);
	for (const r of closed) {
		assert.equal(r.submitted, 5);
		const round = (await api('GET', `/rondes/${r.id}`)).body;
		assert.equal(round.raters.filter((x) => x.kind === 'link').length, 1, 'one outside rater');
	}
	const second = closed.find((r) => r.title === 'Tussenstand na een half jaar');
	const res = (await api('GET', `/rondes/${second.id}/resultaten`)).body;
	const funding = res.ingredients.find((x) => x.id === 'funding');
	assert.equal(funding.min, 0);
	assert.equal(funding.max, 4);
	assert.equal(funding.disagreement, true);
	// procurement: raters at 1, 1 and 0 (two say "weet niet"); the lowest median of all
	assert.deepEqual(res.weakest.map((w) => w.id), ['procurement']);
	assert.equal(res.weakestBy, 'mediaan');
	assert.equal(res.allEquallyWeak, false);
	const accepted = res.suggestions.flatMap((s) => s.accepted);
	assert.ok(accepted.length >= 2, 'actions taken over from the first round');
	assert.ok(accepted.every((a) => a.actionIndex === 0));
	assert.ok(res.agreed.some((a) => a.id === 'evidence' && a.level === 3 && a.dissent), 'the workshop agreed with dissent');
	const acts = (await api('GET', `/initiatieven/${pilot.id}/acties`)).body.actions;
	assert.ok(acts.some((a) => a.overdue), 'one action is overdue');
	assert.ok(acts.every((a) => a.roundId && a.ruleId));
	// the second pilot, at another stage, has an open round with two of three sheets in
	const intake = (await api('GET', `/organisaties/${ORG_A}/initiatieven`)).body.initiatives.find((i) => i.name === 'Digitale schuldhulp-intake');
	assert.equal(intake.stage, 'opschalen');
	const open = (await api('GET', `/initiatieven/${intake.id}/rondes`)).body.rounds.find((r) => r.status === 'open');
	assert.equal(open.submitted, 2);
});

test('an invitation link is a full URL on the public address; the page form redirects and the token stays in the fragment', async () => {
	const open = (await api('POST', `/initiatieven/${pilot.id}/rondes`, { methodId: 'pilot-scaling-canvas', periodStart: '2099-03-01', periodEnd: '2099-03-14' })).body;
	let r = await api('POST', `/rondes/${open.id}/beoordelaars`, { name: 'Buurman', roleLabel: 'inwoner' });
	assert.equal(r.res.status, 201);
	assert.match(r.body.url, new RegExp(`^${PUBLIC.replace(/\./g, '\\.')}/uitnodigingen/[A-Za-z0-9_-]{43}$`));
	assert.equal(r.body.link, new URL(r.body.url).pathname);
	const c = await loggedIn(srv.base);
	const page = await c.get(`/rondes/${open.id}`);
	const res = await c.form(`/rondes/${open.id}/beoordelaars`, { _csrf: csrfOf(page.text_), name: 'Buurvrouw', roleLabel: 'inwoner', expiresInDays: '7' });
	assert.equal(res.status, 303);
	const loc = res.headers.get('location');
	assert.match(loc, new RegExp(`^/rondes/${open.id}\\?uitgenodigd=\\d+#[A-Za-z0-9_-]{43}$`));
	const again = await c.get(loc.replace(/#.*/, ''));
	assert.equal(again.status, 200, 'a reload of the page is a GET that works');
	assert.match(again.text_, /data-link-base="https:\/\/lab\.voorbeeldstad\.nl\/uitnodigingen\/"/);
	assert.doesNotMatch(again.text_, new RegExp(loc.split('#')[1]), 'the token is never in the page');
	// the form keeps what was typed on an error
	const bad = await c.form(`/rondes/${open.id}/beoordelaars`, { _csrf: csrfOf(page.text_), name: 'Buurvrouw', roleLabel: 'inwoner', expiresInDays: '365' });
	assert.equal(bad.status, 400);
	assert.match(bad.text_, /id="name"[^>]*value="Buurvrouw"/);
	assert.match(bad.text_, /id="expiresInDays"[^>]*value="365"/);
	// a workshop's join link is on the public address too
	const ws = (await api('POST', `/rondes/${open.id}/werksessie`, {})).body;
	assert.equal(ws.joinUrl, `${PUBLIC}/werksessie?code=${ws.code}`);
});

test('a new round: two weeks by default, the recommended method first with a one-line explanation', async () => {
	const c = await loggedIn(srv.base);
	const html = (await c.get(`/initiatieven/${pilot.id}/rondes/nieuw`)).text_;
	const start = /id="periodStart"[^>]*value="(\d{4}-\d{2}-\d{2})"/.exec(html)[1];
	const end = /id="periodEnd"[^>]*value="(\d{4}-\d{2}-\d{2})"/.exec(html)[1];
	assert.equal((Date.parse(end) - Date.parse(start)) / 86400e3, 14);
	assert.ok(html.indexOf('methodId-pilot-scaling-canvas') < html.indexOf('methodId-ten-ingredient-scan'));
	assert.match(html, /id="methodId-pilot-scaling-canvas"[^>]*checked/);
	assert.match(html, /aanbevolen/);
	assert.match(html, /Voor een publieke pilot die wil opschalen/);
});

test('the start page is "my work": rounds to answer, my actions with the overdue one, initiatives I own, start a pilot', async () => {
	const c = await loggedIn(srv.base);
	const html = (await c.get('/')).text_;
	assert.match(html, /Rondes die op jouw antwoord wachten[\s\S]*Opschalen naar de regio: voorjaarsronde/);
	assert.match(html, /Mijn acties[\s\S]*te laat/);
	assert.match(html, /Initiatieven waarvan ik eigenaar ben[\s\S]*Buurtcoaches schulden in wijk Noord/);
	assert.match(html, /href="\/organisaties\/gemeente-voorbeeldstad\/initiatieven\/nieuw"[^>]*>Een pilot starten/);
});

test('the action list names what an action belongs to in words and links back to its round and suggestion', async () => {
	const c = await loggedIn(srv.base);
	const html = (await c.get(`/initiatieven/${pilot.id}/acties`)).text_;
	assert.match(html, /Structurele financiering<br><a class="utrecht-link" href="\/rondes\/\d+\/resultaten#sug-weak-funding">suggestie bekijken/);
	assert.doesNotMatch(html, /<td class="utrecht-table__cell">funding/);
});

test('portfolio: initiatives not assessed are named', async () => {
	const p = (await api('GET', `/organisaties/${ORG_A}/portfolio`)).body;
	assert.deepEqual(p.notAssessed.map((i) => i.name).sort(), ['Buurtteam Jeugd Noord', 'Slimme straatverlichting', 'Valpreventie thuis']);
});

test('an ambition date in the past is refused when it is new; one already stored may stay', async () => {
	const r = await api('POST', `/organisaties/${ORG_A}/initiatieven`, { name: 'Terug in de tijd', stage: 'idee', ambition: { targetDate: '2020-01-01' } });
	assert.equal(r.res.status, 400);
	assert.ok(r.body['invalid-params'].some((p) => p.name === 'ambition.targetDate' && /verleden/.test(p.reason)));
	const val = (await api('GET', `/organisaties/${ORG_A}/initiatieven`)).body.initiatives.find((i) => i.name === 'Valpreventie thuis');
	const cur = (await api('GET', `/initiatieven/${val.id}`)).body;
	assert.ok(cur.ambition.targetDate < new Date().toISOString().slice(0, 10), 'the demo initiative reached its date');
	const put = await api('PUT', `/initiatieven/${val.id}`, { name: cur.name, stage: cur.stage, ambition: { targetDate: cur.ambition.targetDate } });
	assert.equal(put.res.status, 200, put.text);
});
