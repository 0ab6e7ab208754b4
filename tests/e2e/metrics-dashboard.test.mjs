// SPDX-License-Identifier: EUPL-1.2
// The metrics dashboard, filters on event properties and saved funnels
// through the API, on the demo ("Digitale schuldhulp-intake"):
// 1. active persons filtered on kanaal = web recomputed in JavaScript from
//    the events `scalelab events export` wrote (ids linked by the test's own
//    reading of $identify, no code shared with the server); a second filter
//    ANDed; two filters that exclude each other count nobody;
// 2. every part of the dashboard is what its own route answers for the same
//    range, source and filters (one query per chart);
// 3. saved funnels: the demo's two, create (201, audited), a duplicate name
//    and bad fields are 400 naming each, read with the result of getFunnel,
//    paged, a lezer reads but cannot write, delete (204, audited).
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { token, bearer, assertProblem, sql, LEZER_EMAIL } from './lib.mjs';
import { DAY, dayOf, dateOf, demoWithEvents, persons } from './metrics-lib.mjs';

let srv, db, base, tok, lezer, demo, other, events, allEvents;

before(async () => {
	srv = await demoWithEvents('metrics-dashboard-e2e');
	({ db, base, tok, events, allEvents } = srv);
	lezer = token(db, LEZER_EMAIL);
	const list = await bearer(base, tok, 'GET', '/organisaties/gemeente-voorbeeldstad/initiatieven');
	demo = list.body.initiatives.find((i) => i.name === 'Digitale schuldhulp-intake').id;
	other = list.body.initiatives.find((i) => i.name === 'Valpreventie thuis').id;
});

after(async () => {
	await srv?.stop();
});


/** DAU, WAU, MAU of day d from the definitions over the events that pass keep. */
function active(evs, who, d, keep) {
	const win = (n) => {
		const s = new Set();
		for (const e of evs) {
			const k = dayOf(e.ts);
			if (k <= d && k > d - n && keep(e)) s.add(who(e.distinct_id));
		}
		return s.size;
	};
	return { dau: win(1), wau: win(7), mau: win(30) };
}

const get = (path, t = tok) => bearer(base, t, 'GET', path);

test('filters: active persons with kanaal = web match a recount from the exported events; a second filter is ANDed', async () => {
	const who = persons(allEvents);
	const yesterday = dayOf(Date.now()) - 1;
	const from = dateOf(yesterday - 6), to = dateOf(yesterday);
	const web = await get(`/initiatieven/${demo}/metrieken/actief?van=${from}&tot=${to}&eigenschap=kanaal&waarde=web`);
	assert.equal(web.res.status, 200);
	assert.deepEqual(web.body.filters, [{ property: 'kanaal', operator: 'is', value: 'web' }]);
	assert.equal(web.body.days.length, 7);
	const isWeb = (e) => e.properties?.kanaal === 'web';
	for (const day of web.body.days) {
		const want = active(events, who, dayOf(Date.parse(day.date)), isWeb);
		assert.deepEqual({ dau: day.dau, wau: day.wau, mau: day.mau }, want, `kanaal = web on ${day.date}`);
	}
	const all = await get(`/initiatieven/${demo}/metrieken/actief?van=${from}&tot=${to}`);
	assert.ok(all.body.days.every((d, i) => d.dau > web.body.days[i].dau), 'the filter leaves persons out');
	// a second filter that every web event passes changes nothing (the scan path equals the store's filter)
	const both = await get(`/initiatieven/${demo}/metrieken/actief?van=${from}&tot=${to}&eigenschap=kanaal&waarde=web&eigenschap2=%24lib&waarde2=posthog-js`);
	assert.ok(events.filter(isWeb).every((e) => e.properties.$lib === 'posthog-js'));
	assert.deepEqual(both.body.days, web.body.days);
	assert.equal(both.body.filters.length, 2);
	// two that exclude each other count nobody
	const none = await get(`/initiatieven/${demo}/metrieken/actief?van=${from}&tot=${to}&eigenschap=kanaal&waarde=web&eigenschap2=kanaal&waarde2=telefoon`);
	assert.ok(none.body.days.every((d) => d.dau === 0 && d.mau === 0));
	// the Dutch calendar scans instead of reading the per-day sets: the same persons on these days
	const tz = await get(`/initiatieven/${demo}/metrieken/actief?van=${from}&tot=${to}&eigenschap=kanaal&waarde=telefoon&tijdzone=Europe%2FAmsterdam`);
	assert.equal(tz.res.status, 200);
	assert.ok(tz.body.days.some((d) => d.dau > 0));
});

test('filters: a property without a value (or the other way round) is a 400 naming the missing half', async () => {
	for (const path of ['metrieken/actief', 'metrieken/retentie', 'metrieken/levenscyclus', 'metrieken/trechter', 'metrieken']) {
		assertProblem(await get(`/initiatieven/${demo}/${path}?eigenschap=kanaal`), 400, ['waarde']);
		assertProblem(await get(`/initiatieven/${demo}/${path}?waarde2=web`), 400, ['eigenschap2']);
	}
	assertProblem(await get(`/initiatieven/${demo}/metrieken?eigenschap3=${'x'.repeat(201)}&waarde3=a`), 400, ['eigenschap3']);
});

test('dashboard: each part is what its own route answers for the same range, source and filters', async () => {
	const q = 'van=2026-01-01&tot=2026-01-02'; // shape check of an explicit range first
	const small = await get(`/initiatieven/${demo}/metrieken?${q}`);
	assert.equal(small.res.status, 200);
	assert.equal(small.body.from, '2026-01-01');
	const yesterday = dayOf(Date.now()) - 1;
	const from = dateOf(yesterday - 55), to = dateOf(yesterday);
	const d = await get(`/initiatieven/${demo}/metrieken`);
	assert.equal(d.res.status, 200);
	assert.equal(d.body.from, from, 'eight weeks up to yesterday by default');
	assert.equal(d.body.to, to);
	assert.equal(d.body.source, null);
	assert.deepEqual(d.body.sources.map((s) => s.kind), ['posthog']);
	const r = `van=${from}&tot=${to}`;
	assert.deepEqual(d.body.active, (await get(`/initiatieven/${demo}/metrieken/actief?${r}`)).body);
	assert.deepEqual(d.body.retention, (await get(`/initiatieven/${demo}/metrieken/retentie?${r}&interval=week`)).body);
	assert.deepEqual(d.body.lifecycle, (await get(`/initiatieven/${demo}/metrieken/levenscyclus?${r}&interval=week`)).body);
	assert.deepEqual(d.body.funnels.map((f) => f.name), ['Aanmelding, eerste intake, intake verzonden', 'Van bezoek tot afspraak']);
	for (const f of d.body.funnels) {
		const own = await get(`/initiatieven/${demo}/metrieken/trechter?stappen=${encodeURIComponent(f.steps.join(','))}&venster=${f.window}&volgorde=${f.order}&bron=${f.sourceId}&${r}`);
		assert.deepEqual(f.result, own.body, f.name);
		assert.ok(f.result.total[0].persons > f.result.total.at(-1).persons, 'a funnel narrows');
	}
	const visit = d.body.funnels.find((f) => f.name === 'Van bezoek tot afspraak');
	assert.ok(visit.result.total[3].persons > 0, 'some planned an appointment');
	// KPI lines: the values inside the range, with the targets
	const kpi = d.body.kpi.find((k) => k.name === 'Marketingkosten');
	assert.ok(kpi.values.length >= 7 && kpi.values.every((v) => v.date >= from && v.date <= to));
	assert.equal(d.body.kpi.find((k) => k.name === 'Aangesloten gemeenten').target, 12);
	// one source and a filter: every part follows both
	const f = await get(`/initiatieven/${demo}/metrieken?${r}&bron=1&eigenschap=kanaal&waarde=web`);
	assert.deepEqual(f.body.source, { id: 1, name: 'Digitale intake (website)' });
	assert.deepEqual(f.body.active, (await get(`/initiatieven/${demo}/metrieken/actief?${r}&bron=1&eigenschap=kanaal&waarde=web`)).body);
	assert.deepEqual(f.body.lifecycle, (await get(`/initiatieven/${demo}/metrieken/levenscyclus?${r}&interval=week&bron=1&eigenschap=kanaal&waarde=web`)).body);
	assert.ok(f.body.funnels[1].result.total[0].persons < visit.result.total[0].persons);
	// another initiative's source, bad ranges
	assertProblem(await get(`/initiatieven/${other}/metrieken?bron=1`), 400, ['bron']);
	assertProblem(await get(`/initiatieven/${demo}/metrieken?van=2026-03-02&tot=2026-03-01`), 400, ['van']);
	assertProblem(await get(`/initiatieven/${demo}/metrieken?van=2024-01-01&tot=2026-01-01`), 400, ['van']);
	assert.equal((await get(`/initiatieven/${demo}/metrieken`, lezer)).res.status, 200, 'a lezer reads it');
	// an initiative without events still has its dashboard
	const empty = await get(`/initiatieven/${other}/metrieken`);
	assert.equal(empty.res.status, 200);
	assert.deepEqual(empty.body.funnels, []);
});

test('saved funnels: list, create, refuse, read with its result, page, lezer, delete, audit', async () => {
	const list = await get(`/initiatieven/${demo}/trechters`);
	assert.equal(list.res.status, 200);
	assert.equal(list.res.headers.get('x-total-count'), '2');
	assert.deepEqual(list.body.funnels.map((f) => [f.name, f.sourceId, f.steps.length]), [
		['Aanmelding, eerste intake, intake verzonden', 1, 3],
		['Van bezoek tot afspraak', 1, 4],
	]);
	const body = { name: 'Intake in twee stappen', steps: ['intake_gestart', 'intake_verzonden'], window: '3d', order: 'strikt' };
	const c = await bearer(base, tok, 'POST', `/initiatieven/${demo}/trechters`, { json: body });
	assert.equal(c.res.status, 201);
	assert.equal(c.res.headers.get('location'), `/api/v1/trechters/${c.body.id}`);
	assert.equal(c.body.windowSeconds, 3 * 86400);
	assert.equal(c.body.sourceId, null);
	assertProblem(await bearer(base, tok, 'POST', `/initiatieven/${demo}/trechters`, { json: body }), 400, ['name']);
	assertProblem(await bearer(base, tok, 'POST', `/initiatieven/${demo}/trechters`, { json: { name: 'x', steps: ['een'], window: '91d', order: 'anders', sourceId: 999 } }), 400, ['steps', 'window', 'order', 'sourceId']);
	assertProblem(await bearer(base, tok, 'POST', `/initiatieven/${other}/trechters`, { json: { ...body, sourceId: 1 } }), 400, ['sourceId']);
	assertProblem(await bearer(base, tok, 'POST', `/initiatieven/${demo}/trechters`, { json: { name: 'y', steps: 'a, , b' } }), 400, ['steps']);
	const text = await bearer(base, tok, 'POST', `/initiatieven/${demo}/trechters`, { json: { name: 'Als tekst', steps: ' aangemeld , intake_gestart ' } });
	assert.deepEqual(text.body.steps, ['aangemeld', 'intake_gestart'], 'a comma list as a form sends it');
	assert.equal((await bearer(base, lezer, 'POST', `/initiatieven/${demo}/trechters`, { json: { ...body, name: 'z' } })).res.status, 403);
	const one = await get(`/trechters/${c.body.id}?van=2026-10-01`, lezer);
	assert.equal(one.res.status, 200);
	const own = await get(`/initiatieven/${demo}/metrieken/trechter?stappen=intake_gestart,intake_verzonden&venster=3d&volgorde=strikt&van=2026-10-01`);
	assert.deepEqual(one.body.result, own.body);
	assert.equal(one.body.canEdit, false);
	assertProblem(await get(`/trechters/${c.body.id}?van=morgen`), 400, ['van']);
	const page = await get(`/initiatieven/${demo}/trechters?aantal=2&pagina=2`);
	assert.equal(page.res.headers.get('x-total-count'), '4');
	assert.deepEqual(page.body.funnels.map((f) => f.name), ['Intake in twee stappen', 'Van bezoek tot afspraak']);
	assert.equal((await bearer(base, lezer, 'DELETE', `/trechters/${c.body.id}`)).res.status, 403);
	assert.equal((await bearer(base, tok, 'DELETE', `/trechters/${c.body.id}`)).res.status, 204);
	assert.equal((await get(`/trechters/${c.body.id}`)).res.status, 404);
	const audit = sql(db, "SELECT action || ' ' || object || ' ' || result FROM audit_log WHERE action LIKE 'funnel.%' ORDER BY id");
	assert.match(audit, new RegExp(`funnel.create funnel/${c.body.id} ok`));
	assert.match(audit, /funnel.create initiative\/\d+ invalid/);
	assert.match(audit, new RegExp(`funnel.delete funnel/${c.body.id} ok`));
});
