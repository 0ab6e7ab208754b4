// SPDX-License-Identifier: EUPL-1.2
// Knowledge base and parties over real HTTP: publish a lesson from the work
// (the prefilled form), find it with Dutch search (inflections, compounds,
// facets, highlights), review its evidence level (audited), versions,
// adoption; Markdown rendered inert; parties matched on their track record;
// "who already did this?"; connect request, inbox, accept; privacy across two
// organisations (another organisation's own items and unshared initiatives
// are never found, matched or suggested); bad input 400 naming each field;
// a request to a party that does not exist 404.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { startServer, loggedIn, bearer, token, sql, cli, assertProblem, csrfOf, DEMO_EMAIL, ORG_A } from './lib.mjs';

let srv, tok, riv, lector;

async function ok(method, path, json, t = tok, want = [200, 201]) {
	const r = await bearer(srv.base, t, method, path, { json });
	assert.ok(want.includes(r.res.status), `${method} ${path}: ${r.res.status} ${r.text}`);
	return r.body;
}
const search = (q, t = tok, extra = '') =>
	ok('GET', `/kennisitems/_zoek?q=${encodeURIComponent(q)}${extra}`, undefined, t);
const iniId = (name) => Number(sql(srv.db, `SELECT id FROM initiatives WHERE name='${name}'`).trim());

before(async () => {
	srv = await startServer();
	tok = token(srv.db, DEMO_EMAIL);
	riv = token(srv.db, 'rivierstad@scalelab.test');
	lector = token(srv.db, 'lector@scalelab.test');
});
after(async () => {
	await srv?.stop();
});

test('demo: at least 30 public items, every evidence level, profiles of every helix type', async () => {
	const all = await ok('GET', '/kennisitems');
	assert.ok(all.total >= 30, `${all.total} items`);
	const levels = new Set(all.items.map((i) => i.evidenceLevel));
	assert.deepEqual([...levels].sort(), ['beschreven', 'eerste-aanwijzingen', 'effectief', 'onderbouwd']);
	const parties = await ok('GET', '/partijen');
	assert.deepEqual([...new Set(parties.parties.map((p) => p.helix))].sort(), ['markt', 'overheid', 'samenleving', 'wetenschap']);
	// the profile not confirmed for 14 months is hidden
	assert.ok(!parties.parties.some((p) => p.slug === 'adviesbureau-vooruit'));
	const expired = Number(sql(srv.db, "SELECT id FROM organisations WHERE slug='adviesbureau-vooruit'").trim());
	assert.equal((await ok('GET', `/partijen/${expired}`)).expired, true);
});

test('search: inflections, compounds, highlights and facets', async () => {
	const s1 = await search('schuldhulpverlening');
	const titles = s1.items.map((i) => i.title);
	assert.ok(titles.includes('Schuldhulpverlening van één wijk naar de hele regio'));
	// finds "schulden" and "hulpverlening" written apart
	const parts = await search('schulden');
	assert.ok(parts.items.some((i) => i.title.startsWith('Schuldhulpverlening')), 'schulden finds schuldhulpverlening');
	const hl = s1.items[0].titleHighlight.filter((s) => s.hit).map((s) => s.text.toLowerCase());
	assert.ok(hl.length > 0, 'a highlighted word in the title');
	// gemeenten finds gemeente, opgeschaald finds opschalen
	const g = await search('gemeenten');
	assert.ok(g.items.some((i) => /gemeente\b/i.test(i.title + i.summary)), 'gemeente found for gemeenten');
	const o = await search('opgeschaald');
	assert.ok(o.items.some((i) => /opschalen/i.test(i.title)), 'opschalen found for opgeschaald');
	// facets count the results; a filter narrows them
	const f = await search('pilot');
	const kinds = f.facets.soort.values;
	assert.ok(kinds.length > 1);
	const les = kinds.find((k) => k.value === 'les');
	const only = await search('pilot', tok, '&soort=les');
	assert.equal(only.total, les.count);
	assert.ok(only.items.every((i) => i.kind === 'les'));
	const lvl = await search('valpreventie', tok, '&bewijs=effectief');
	assert.ok(lvl.items.length >= 1 && lvl.items.every((i) => i.evidenceLevel === 'effectief'));
	const ing = await search('', tok, '&ingredient=procurement');
	assert.ok(ing.items.length >= 2 && ing.items.every((i) => i.ingredients.includes('procurement')));
	// stop words only: nothing
	assert.equal((await search('de het een')).total, 0);
	// bad filters are named
	assertProblem(await bearer(srv.base, tok, 'GET', '/kennisitems/_zoek?soort=roman&bewijs=zeker'), 400, ['soort', 'bewijs']);
});

test('publish → search → review → versions → adopt; Markdown inert', async () => {
	const ini = iniId('Digitale schuldhulp-intake');
	// the prefilled form from a gate decision
	const c = await loggedIn(srv.base);
	const form = await c.get(`/kennisbank/nieuw?soort=les&initiatief=${ini}&ingredient=funding&fase=Pilot&bron=poort-7`);
	assert.equal(form.status, 200);
	assert.match(form.text_, /name="initiativeId" value="\d+"/);
	assert.match(form.text_, /name="source" value="poort-7"/);
	assert.match(form.text_, /<option value="funding" selected>/);
	assert.match(form.text_, /id="kind-les" name="kind" value="les" checked/);
	const body = '# Wat we leerden\n\n<script>alert(1)</script>\n\n[klik](javascript:alert(1)) [x](data:text/html;base64,PHNjcmlwdD4=) ![p](data:image/png;base64,AA) [bron](https://example.nl)';
	const item = await ok('POST', '/kennisitems', {
		kind: 'les', title: 'Kwartaalrapportage overtuigde de wethouder', initiativeId: ini, phase: 'Pilot', source: 'poort-7',
		summary: 'Een kort overzicht per kwartaal hield de bestuurlijke aandacht vast.', body, tags: ['rapportage', 'bestuur'],
		links: [{ kind: 'ingredient', ref: 'funding' }, { kind: 'valkuil', ref: 'pilot-money' }], visibility: 'publiek',
	});
	assert.equal(item.organisation, ORG_A);
	assert.equal(item.initiativeName, 'Digitale schuldhulp-intake');
	assert.doesNotMatch(item.bodyHtml, /<script|javascript:|data:/i);
	assert.match(item.bodyHtml, /href="https:\/\/example.nl"/);
	assert.equal(item.links.find((l) => l.ref === 'funding').title.length > 0, true);
	// the index knows it at once
	const found = await search('kwartaalrapportages wethouders');
	assert.equal(found.items[0].id, item.id);
	// the page renders the HTML, never the script
	const page = await c.get(`/kennisitems/${item.id}`);
	assert.equal(page.status, 200);
	assert.doesNotMatch(page.text_, /<script>alert/);
	assert.match(page.text_, /<h1>Wat we leerden<\/h1>/);
	// review the evidence level: recorded and audited
	const rev = await ok('POST', `/kennisitems/${item.id}/beoordelingen`, { evidenceLevel: 'onderbouwd', evidenceDate: '2026-11-01', evidenceNote: 'Getoetst aan twee andere gemeenten.' });
	assert.equal(rev.evidenceLevel, 'onderbouwd');
	assert.equal(rev.reviews[0].fromLevel, 'beschreven');
	const audit = sql(srv.db, `SELECT object FROM audit_log WHERE action='knowledge.review'`);
	assert.match(audit, new RegExp(`knowledge/${item.id} beschreven->onderbouwd`));
	assertProblem(await bearer(srv.base, tok, 'POST', `/kennisitems/${item.id}/beoordelingen`, { json: { evidenceLevel: 'bewezen' } }), 400, ['evidenceLevel', 'evidenceDate', 'evidenceNote']);
	// a new version names what changed
	const v2 = await ok('PUT', `/kennisitems/${item.id}`, { kind: 'les', title: 'Kwartaalrapportage hield de wethouder betrokken', body, visibility: 'publiek', tags: ['rapportage'] });
	assert.equal(v2.version, 2);
	assert.match(v2.versions[0].changed, /title/);
	assert.match(v2.versions[0].changed, /tags/);
	assert.equal((await ok('GET', `/kennisitems/${item.id}/versies`)).versions.length, 2);
	// adoption from the initiative side, listed on the item
	const ad = await ok('POST', `/initiatieven/${iniId('Buurtteam Jeugd Noord')}/adopties`, { itemId: item.id, note: 'Ook in ons team' });
	assert.ok(ad.adopted.some((a) => a.id === item.id));
	const again = await ok('GET', `/kennisitems/${item.id}`);
	assert.ok(again.adoptions.some((a) => a.initiative === 'Buurtteam Jeugd Noord'));
	// bad input names every field
	assertProblem(await bearer(srv.base, tok, 'POST', '/kennisitems', { json: { kind: 'roman', title: '', tags: 'x', links: [{ kind: 'ingredient', ref: 'bestaat-niet' }], visibility: 'iedereen', evidenceDate: '2026-02-30' } }), 400,
		['kind', 'title', 'links', 'visibility', 'evidenceDate']);
});

test('privacy: another organisation never finds, matches or suggests what is not public', async () => {
	// Voorbeeldstad's own memo: found by its members, never by Rivierstad's
	const mine = await search('budgetafspraken');
	assert.ok(mine.items.some((i) => i.title.startsWith('Intern:')));
	const theirs = await search('budgetafspraken', riv);
	assert.ok(!theirs.items.some((i) => i.title.startsWith('Intern:')));
	const memo = Number(sql(srv.db, "SELECT id FROM knowledge_items WHERE title LIKE 'Intern:%'").trim());
	assertProblem(await bearer(srv.base, riv, 'GET', `/kennisitems/${memo}`), 404);
	assertProblem(await bearer(srv.base, riv, 'PUT', `/kennisitems/${memo}`, { json: { kind: 'les', title: 'x' } }), 404);
	// Rivierstad's confidential lesson is invisible to Voorbeeldstad
	const conf = await search('vertrouwelijk corporatie');
	assert.ok(!conf.items.some((i) => i.title.startsWith('Vertrouwelijk')));
	// an unshared initiative (BouwTech) is never suggested as similar, and its
	// rounds never count as anyone's track record
	const m = await ok('GET', `/initiatieven/${iniId('Digitale schuldhulp-intake')}/matches`);
	assert.ok(!m.similar.some((s) => s.name === 'Sensoren op de bouwplaats'));
	assert.ok(!m.similar.some((s) => s.organisation === 'Gemeente Voorbeeldstad'), 'never the own initiatives');
	// a request to an unshared initiative is 404, as if it did not exist
	assertProblem(await bearer(srv.base, tok, 'POST', `/initiatieven/${iniId('Sensoren op de bouwplaats')}/verzoeken`, { json: { initiativeId: iniId('Digitale schuldhulp-intake'), message: 'Hallo' } }), 404);
	// the matches of another organisation's initiative: 404
	assertProblem(await bearer(srv.base, riv, 'GET', `/initiatieven/${iniId('Digitale schuldhulp-intake')}/matches`), 404);
});

test('matching: needs from the latest closed round; a party that fixed the ingredient outranks one that only claims it', async () => {
	const m = await ok('GET', `/initiatieven/${iniId('Digitale schuldhulp-intake')}/matches`);
	assert.equal(m.round.title, 'Opschalingsscan voor de buurgemeenten');
	const needs = m.needs.map((n) => n.ingredient);
	for (const n of ['evidence', 'funding', 'procurement', 'support']) assert.ok(needs.includes(n), `need ${n}`);
	assert.ok(m.needs.find((n) => n.ingredient === 'evidence').helix.includes('wetenschap'));
	const rank = (name) => m.parties.findIndex((p) => p.name.startsWith(name));
	// the university fixed evidence and funding in Schuldhulp op maat (rounds 10 and 2 months ago)
	const hs = m.parties[rank('Hogeschool Brugwijk')];
	const ev = hs.covers.find((c) => c.ingredient === 'evidence');
	assert.equal(ev.fixedBefore, true);
	assert.equal(ev.offers, true);
	assert.equal(ev.evidence[0].initiative, 'Schuldhulp op maat');
	assert.ok(ev.evidence[0].after > ev.evidence[0].before);
	// Kompas only claims funding; the university's track record ranks it higher
	const kompas = m.parties[rank('Kompas')];
	assert.equal(kompas.covers.find((c) => c.ingredient === 'funding').fixedBefore, false);
	assert.ok(rank('Hogeschool Brugwijk') < rank('Kompas'));
	assert.ok(hs.score > kompas.score);
	// the expired profile is hidden from matching
	assert.equal(rank('Adviesbureau Vooruit'), -1);
	// the coalition covers every need, with more than one helix type
	const covered = new Set(m.coalition.flatMap((c) => c.covers));
	for (const n of needs) assert.ok(covered.has(n), `coalition covers ${n}`);
	assert.ok(new Set(m.coalition.map((c) => c.helix)).size > 1);
	// who already did this: the shared Rivierstad initiative, with what it learned
	const sim = m.similar.find((s) => s.name === 'Schuldhulp op maat');
	assert.ok(sim, 'similar initiative');
	assert.ok(sim.sharedWords.length > 0);
	assert.ok(sim.lessons.some((l) => l.title.startsWith('Schuldhulpverlening')));
});

test('connect: request, inbox, accept; contact only after acceptance; 404 for a party that does not exist', async () => {
	const from = iniId('Digitale schuldhulp-intake');
	const kompas = Number(sql(srv.db, "SELECT id FROM organisations WHERE slug='kompas-inkoopadvies'").trim());
	const req = await ok('POST', `/partijen/${kompas}/verzoeken`, { initiativeId: from, message: 'Kunnen jullie helpen met de aanbesteding voor de buurgemeenten?' });
	assert.equal(req.status, 'open');
	assert.equal(req.fromEmail, null, 'no contact details before acceptance');
	const inkoop = token(srv.db, 'inkoop@scalelab.test');
	// the receivers hear of it in their notifications (issue 16)
	const heard = await ok('GET', '/meldingen', undefined, inkoop);
	const note = heard.items.find((n) => n.kind === 'koppelverzoek');
	assert.ok(note, 'a notification of the request');
	assert.match(note.text, /Digitale schuldhulp-intake/);
	const inbox = await ok('GET', '/verzoeken', undefined, inkoop);
	const got = inbox.received.find((r) => r.id === req.id);
	assert.equal(got.canDecide, true);
	assert.equal(got.fromEmail, null);
	assert.ok(inbox.openCount >= 1);
	// the sender cannot decide its own request
	assertProblem(await bearer(srv.base, tok, 'POST', `/verzoeken/${req.id}/besluit`, { json: { decision: 'geaccepteerd' } }), 404);
	const done = await ok('POST', `/verzoeken/${req.id}/besluit`, { decision: 'geaccepteerd' }, inkoop);
	assert.equal(done.status, 'geaccepteerd');
	assert.equal(done.fromEmail, DEMO_EMAIL);
	assert.equal(done.toEmail, 'inkoop@scalelab.test');
	const answer = (await ok('GET', '/meldingen')).items.find((n) => n.kind === 'koppelverzoek');
	assert.match(answer.text, /geaccepteerd/, 'the sender hears the answer');
	assert.equal(req.toEmail, null);
	assertProblem(await bearer(srv.base, inkoop, 'POST', `/verzoeken/${req.id}/besluit`, { json: { decision: 'afgewezen' } }), 409);
	// accepted: Kompas now took part in the initiative
	assert.equal(sql(srv.db, `SELECT count(*) FROM initiative_partners WHERE initiative_id=${from} AND org_id=${kompas}`).trim(), '1');
	// a request to a shared initiative of another organisation
	const r2 = await ok('POST', `/initiatieven/${iniId('Schuldhulp op maat')}/verzoeken`, { initiativeId: from, message: 'Mogen we jullie draaiboek zien?' });
	assert.equal(r2.toInitiative, 'Schuldhulp op maat');
	// 404s and 400s
	assertProblem(await bearer(srv.base, tok, 'POST', '/partijen/999999/verzoeken', { json: { initiativeId: from, message: 'x' } }), 404);
	assertProblem(await bearer(srv.base, tok, 'GET', '/partijen/999999'), 404);
	assertProblem(await bearer(srv.base, tok, 'POST', `/partijen/${kompas}/verzoeken`, { json: { initiativeId: iniId('Schuldhulp op maat'), message: '' } }), 400, ['initiativeId', 'message']);
	assertProblem(await bearer(srv.base, tok, 'POST', `/verzoeken/${req.id}/besluit`, { json: { decision: 'misschien' } }), 404);
});

test('party profile: write, confirm, offers checked against the methods', async () => {
	const p = await ok('PUT', `/organisaties/${ORG_A}/partijprofiel`, {
		summary: 'Gemeente met ervaring in digitale intake.', regions: 'Utrecht', sectors: 'Werk en inkomen', website: 'https://voorbeeldstad.nl',
		offers: [{ ingredient: 'technical', note: 'Intakeformulier' }, { ingredient: 'procurement' }],
	});
	assert.deepEqual(p.offers.map((o) => o.ingredient).sort(), ['procurement', 'technical']);
	assert.equal(p.expired, false);
	const c = await ok('POST', `/organisaties/${ORG_A}/partijprofiel/bevestigen`, {});
	assert.ok(c.confirmedAt >= p.confirmedAt);
	assertProblem(await bearer(srv.base, tok, 'PUT', `/organisaties/${ORG_A}/partijprofiel`, { json: { summary: '', website: 'ftp://x', offers: [{ ingredient: 'toveren' }] } }), 400, ['summary', 'website', 'offers']);
	// a member of another organisation cannot write it
	assertProblem(await bearer(srv.base, riv, 'PUT', `/organisaties/${ORG_A}/partijprofiel`, { json: { summary: 'x' } }), 404);
});

test('pages: search from the header, results, item, matches, inbox, party pages', async () => {
	const c = await loggedIn(srv.base);
	const home = await c.get('/');
	assert.match(home.text_, /<form method="get" action="\/kennisbank"[^>]*role="search"/);
	const res = await c.get('/kennisbank?q=' + encodeURIComponent('schuldhulpverlening'));
	assert.equal(res.status, 200);
	assert.match(res.text_, /<mark>Schuldhulpverlening<\/mark>/);
	assert.match(res.text_, /id="filters-kop"/);
	const m = await c.get(`/initiatieven/${iniId('Digitale schuldhulp-intake')}/matches`);
	assert.equal(m.status, 200);
	assert.match(m.text_, /Hogeschool Brugwijk/);
	assert.match(m.text_, /heeft dit eerder verbeterd/);
	const inbox = await c.get('/verzoeken');
	assert.equal(inbox.status, 200);
	assert.match(inbox.text_, /Wij zagen dat jullie een digitale intake/);
	// accept from the page
	const csrf = csrfOf(inbox.text_);
	const id = Number(sql(srv.db, "SELECT id FROM connect_requests WHERE message LIKE 'Wij zagen%'").trim());
	const r = await c.form(`/verzoeken/${id}/besluit`, { _csrf: csrf, decision: 'afgewezen' });
	assert.equal(r.status, 303);
	assert.equal(sql(srv.db, `SELECT status FROM connect_requests WHERE id=${id}`).trim(), 'afgewezen');
	const party = await c.get('/partijen');
	assert.equal(party.status, 200);
	const edit = await c.get(`/organisaties/${ORG_A}/partijprofiel`);
	assert.equal(edit.status, 200);
	// the profile form: every checked offer counts
	const saved = await c.form(`/organisaties/${ORG_A}/partijprofiel`, {
		_csrf: csrfOf(edit.text_), summary: 'Gemeente met een digitale intake.', 'offers.procurement': '1', 'offers.data-privacy': '1',
	});
	assert.equal(saved.status, 303, saved.text_.slice(0, 300));
	const orgId = Number(sql(srv.db, `SELECT id FROM organisations WHERE slug='${ORG_A}'`).trim());
	assert.equal(sql(srv.db, `SELECT group_concat(ingredient) FROM (SELECT ingredient FROM party_offers WHERE org_id=${orgId} ORDER BY ingredient)`).trim(), 'data-privacy,procurement');
	// the item form: an ingredient and a pitfall
	const nf = await c.get('/kennisbank/nieuw?soort=les&valkuil=pilot-money');
	assert.match(nf.text_, /<option value="pilot-money" selected>/);
	const made = await c.form('/kennisitems', {
		_csrf: csrfOf(nf.text_), organisation: ORG_A, kind: 'les', title: 'Formulierles', 'links.ingredient': 'funding', 'links.valkuil': 'pilot-money', visibility: 'organisatie',
	});
	assert.equal(made.status, 303, made.text_.slice(0, 300));
	const madeId = Number(sql(srv.db, "SELECT id FROM knowledge_items WHERE title='Formulierles'").trim());
	assert.equal(sql(srv.db, `SELECT group_concat(kind || ':' || ref) FROM (SELECT kind, ref FROM knowledge_links WHERE item_id=${madeId} ORDER BY kind)`).trim(), 'ingredient:funding,valkuil:pilot-money');
	// a closed round's results page links to the prefilled lesson form
	const round = Number(sql(srv.db, "SELECT id FROM assessment_rounds WHERE title='Opschalingsscan voor de buurgemeenten'").trim());
	const results = await c.get(`/rondes/${round}/resultaten`);
	assert.match(results.text_, new RegExp(`href="/kennisbank/nieuw\\?soort=les&amp;initiatief=\\d+&amp;ingredient=evidence&amp;bron=ronde-${round}"`));
	// the page form records an adoption for one of the user's initiatives
	const item = Number(sql(srv.db, "SELECT id FROM knowledge_items WHERE title LIKE 'Effect meten%'").trim());
	const ip = await c.get(`/kennisitems/${item}`);
	const a = await c.form(`/kennisitems/${item}/adopties`, { _csrf: csrfOf(ip.text_), initiativeId: String(iniId('Buurtteam Jeugd Noord')) });
	assert.equal(a.status, 303);
	const after = await c.get(`/kennisitems/${item}`);
	assert.match(after.text_, /Buurtteam Jeugd Noord/);
});
