// SPDX-License-Identifier: EUPL-1.2
// Time zones and filters other than equality on the metrics routes, on the
// demo ("Digitale schuldhulp-intake"), recomputed in JavaScript from the
// events `scalelab events export` wrote (ids linked by the test's own reading
// of $identify; local days from Intl.DateTimeFormat, the ICU copy of the tz
// database; no code shared with the server):
// 1. DAU/WAU/MAU on the calendar days of Asia/Kolkata (UTC+5:30) and
//    America/New_York, and with kanaal isniet web, kanaal eenvan
//    telefoon,uitnodiging, $survey_response minstens 9 (text that reads as a
//    number), rol gezet / nietgezet;
// 2. an unknown zone and each bad filter part are 400s naming the field, on
//    every route; the default zone is the organisation's;
// 3. the dashboard with a zone and a non-equality filter: each part is what
//    its own route answers; the CLI (--tz, --where) prints the same numbers;
// 4. saved retention and lifecycle queries: the demo's two, create (201,
//    audited), refused (each field named), read with the route's result,
//    paged, a lezer reads but cannot write, on the dashboard, delete.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { BIN, bearer, assertProblem, sql, token, LEZER_EMAIL } from './lib.mjs';
import { DAY, dayOf, dateOf, demoWithEvents, persons } from './metrics-lib.mjs';

let srv, base, tok, demo, events, allEvents, db;

before(async () => {
	srv = await demoWithEvents('h-dash-zones-e2e');
	({ db, base, tok, events, allEvents } = srv);
	const list = await bearer(base, tok, 'GET', '/organisaties/gemeente-voorbeeldstad/initiatieven');
	demo = list.body.initiatives.find((i) => i.name === 'Digitale schuldhulp-intake').id;
});

after(async () => {
	await srv?.stop();
});

const get = (path) => bearer(base, tok, 'GET', path);

/** The local day number of ms in tz (days since the local 1970-01-01). */
const fmt = new Map();
function localDay(tz, ms) {
	if (tz === 'UTC') return dayOf(ms);
	if (!fmt.has(tz)) fmt.set(tz, new Intl.DateTimeFormat('en-CA', { timeZone: tz, year: 'numeric', month: '2-digit', day: '2-digit' }));
	const p = Object.fromEntries(fmt.get(tz).formatToParts(ms).map((x) => [x.type, x.value]));
	return dayOf(Date.UTC(+p.year, +p.month - 1, +p.day));
}

/** DAU, WAU, MAU of local day d in tz over the events that pass keep. */
function active(who, tz, d, keep) {
	const win = (n) => {
		const s = new Set();
		for (const e of events) {
			const k = localDay(tz, e.ts);
			if (k <= d && k > d - n && keep(e)) s.add(who(e.distinct_id));
		}
		return s.size;
	};
	return { dau: win(1), wau: win(7), mau: win(30) };
}

async function checkActive(tz, query, keep, label) {
	const who = persons(allEvents);
	const yesterday = localDay(tz, Date.now()) - 1;
	const from = dateOf(yesterday - 6), to = dateOf(yesterday);
	const got = await get(`/initiatieven/${demo}/metrieken/actief?van=${from}&tot=${to}&tijdzone=${encodeURIComponent(tz)}${query}`);
	assert.equal(got.res.status, 200, label);
	assert.equal(got.body.timeZone, tz);
	assert.equal(got.body.days.length, 7);
	let some = 0;
	for (const day of got.body.days) {
		const want = active(who, tz, dayOf(Date.parse(day.date)), keep);
		assert.deepEqual({ dau: day.dau, wau: day.wau, mau: day.mau }, want, `${label} on ${day.date}`);
		some += want.dau;
	}
	assert.ok(some > 0, `${label}: somebody counted`);
	return got.body;
}

test('zones: DAU/WAU/MAU on the calendar days of Asia/Kolkata and America/New_York match a recount', async () => {
	const all = () => true;
	const k = await checkActive('Asia/Kolkata', '', all, 'Kolkata');
	const n = await checkActive('America/New_York', '', all, 'New York');
	const u = await checkActive('UTC', '', all, 'UTC');
	// the days differ: the demo's events are spread over the hours
	assert.notDeepEqual(k.days.map((d) => d.dau), u.days.map((d) => d.dau));
	assert.notDeepEqual(n.days.map((d) => d.dau), u.days.map((d) => d.dau));
});

test('filters: isniet, eenvan, minstens on text numbers, gezet and nietgezet match a recount', async () => {
	const tz = 'Europe/Amsterdam';
	const b = await checkActive(tz, '&eigenschap=kanaal&operator=isniet&waarde=web', (e) => e.properties?.kanaal !== 'web', 'kanaal isniet web');
	assert.deepEqual(b.filters, [{ property: 'kanaal', operator: 'isniet', value: 'web' }]);
	await checkActive(tz, '&eigenschap=kanaal&operator=eenvan&waarde=telefoon%2Cuitnodiging', (e) => ['telefoon', 'uitnodiging'].includes(e.properties?.kanaal), 'kanaal eenvan');
	const num = (v) => (typeof v === 'number' ? v : typeof v === 'string' && /^[-+]?[0-9.eE+-]+$/.test(v) && Number.isFinite(Number(v)) ? Number(v) : NaN);
	const yesterday = localDay('UTC', Date.now()) - 1;
	const surveys = events.filter((e) => localDay('UTC', e.ts) > yesterday - 36 && e.properties?.$survey_response !== undefined);
	if (surveys.length) await checkActive('UTC', '&eigenschap=%24survey_response&operator=minstens&waarde=9', (e) => num(e.properties?.$survey_response) >= 9, '$survey_response minstens 9');
	await checkActive('Asia/Kolkata', '&eigenschap=kanaal&operator=gezet', (e) => e.properties?.kanaal != null, 'kanaal gezet');
	await checkActive('Asia/Kolkata', '&eigenschap=kanaal&operator=nietgezet', (e) => e.properties?.kanaal == null, 'kanaal nietgezet');
	// two ANDed, the "is" one (the store's) second
	await checkActive('UTC', '&eigenschap=kanaal&operator=isniet&waarde=telefoon&eigenschap2=%24lib&waarde2=posthog-js', (e) => e.properties?.kanaal !== 'telefoon' && e.properties?.$lib === 'posthog-js', 'two filters');
});

test('an unknown zone and each bad filter part are 400s naming the field on every route; the default zone is the organisation\'s', async () => {
	for (const path of ['metrieken/actief', 'metrieken/retentie', 'metrieken/levenscyclus', 'metrieken/trechter', 'metrieken']) {
		assertProblem(await get(`/initiatieven/${demo}/${path}?tijdzone=Mars%2FOlympus_Mons`), 400, ['tijdzone']);
		assertProblem(await get(`/initiatieven/${demo}/${path}?tijdzone=..%2F..%2Fetc%2Fpasswd`), 400, ['tijdzone']);
		assertProblem(
			await get(`/initiatieven/${demo}/${path}?eigenschap=bedrag&operator=minstens&waarde=veel&eigenschap2=rol&operator2=gezet&waarde2=x&eigenschap3=kanaal&operator3=ongeveer&waarde3=web`),
			400,
			['waarde', 'waarde2', 'operator3'],
		);
		assertProblem(await get(`/initiatieven/${demo}/${path}?operator2=isniet&eigenschap3=kanaal&operator3=eenvan&waarde3=web%2C%2Capp`), 400, ['eigenschap2', 'waarde3']);
	}
	const put = await bearer(base, tok, 'PUT', '/organisaties/gemeente-voorbeeldstad/tijdzone', { json: { timeZone: 'Asia/Kolkata' } });
	assert.equal(put.res.status, 200);
	for (const path of ['metrieken/actief', 'metrieken/retentie', 'metrieken/levenscyclus', 'metrieken/trechter?stappen=%24pageview,aangemeld', 'metrieken'])
		assert.equal((await get(`/initiatieven/${demo}/${path}`)).body.timeZone, 'Asia/Kolkata', path);
	assert.equal((await get(`/initiatieven/${demo}/metrieken/actief?tijdzone=UTC`)).body.timeZone, 'UTC');
	await bearer(base, tok, 'PUT', '/organisaties/gemeente-voorbeeldstad/tijdzone', { json: { timeZone: 'UTC' } });
});

test('the dashboard with a zone and a non-equality filter: each part is its own route\'s answer; the CLI prints the same', async () => {
	const tz = 'America/New_York';
	const f = '&eigenschap=kanaal&operator=isniet&waarde=telefoon';
	const d = await get(`/initiatieven/${demo}/metrieken?tijdzone=${encodeURIComponent(tz)}${f}`);
	assert.equal(d.res.status, 200);
	assert.equal(d.body.timeZone, tz);
	assert.equal(d.body.to, dateOf(localDay(tz, Date.now()) - 1), 'up to yesterday in New York');
	const r = `van=${d.body.from}&tot=${d.body.to}&tijdzone=${encodeURIComponent(tz)}${f}`;
	assert.deepEqual(d.body.active, (await get(`/initiatieven/${demo}/metrieken/actief?${r}`)).body);
	assert.deepEqual(d.body.retention, (await get(`/initiatieven/${demo}/metrieken/retentie?${r}&interval=week`)).body);
	assert.deepEqual(d.body.lifecycle, (await get(`/initiatieven/${demo}/metrieken/levenscyclus?${r}&interval=week`)).body);
	assert.equal(d.body.retention.timeZone, tz);
	assert.deepEqual(d.body.lifecycle.filters, [{ property: 'kanaal', operator: 'isniet', value: 'telefoon' }]);
	for (const fu of d.body.funnels) {
		const own = await get(`/initiatieven/${demo}/metrieken/trechter?stappen=${encodeURIComponent(fu.steps.join(','))}&venster=${fu.window}&volgorde=${fu.order}&bron=${fu.sourceId}&${r}`);
		assert.deepEqual(fu.result, own.body, fu.name);
	}
	const cli = JSON.parse(execFileSync(BIN, ['metrics', 'mau', '--db', db, '--source', '1', '--from', d.body.from, '--to', d.body.to, '--tz', tz, '--where', 'kanaal!=telefoon', '--format', 'json'], { encoding: 'utf8' }));
	assert.deepEqual(cli.days, d.body.active.days);
	const cli2 = JSON.parse(execFileSync(BIN, ['metrics', 'dau', '--db', db, '--source', '1', '--tz', 'Asia/Kolkata', '--where', 'kanaal~=telefoon,uitnodiging', '--where', '!rol', '--format', 'json'], { encoding: 'utf8' }));
	assert.deepEqual(cli2.filters, [{ property: 'kanaal', operator: 'eenvan', value: 'telefoon,uitnodiging' }, { property: 'rol', operator: 'nietgezet' }]);
	const api2 = await get(`/initiatieven/${demo}/metrieken/actief?bron=1&tijdzone=Asia%2FKolkata&eigenschap=kanaal&operator=eenvan&waarde=telefoon%2Cuitnodiging&eigenschap2=rol&operator2=nietgezet`);
	assert.deepEqual(cli2.days, api2.body.days);
	// a bad --where exits 2 naming --where
	let err;
	try {
		execFileSync(BIN, ['metrics', 'dau', '--db', db, '--source', '1', '--where', 'bedrag>=veel'], { encoding: 'utf8', stdio: ['ignore', 'pipe', 'pipe'] });
	} catch (e) {
		err = e;
	}
	assert.equal(err?.status, 2);
	assert.match(err.stderr, /--where/);
	try {
		execFileSync(BIN, ['metrics', 'dau', '--db', db, '--source', '1', '--tz', 'Nergens/Niets'], { encoding: 'utf8', stdio: ['ignore', 'pipe', 'pipe'] });
	} catch (e) {
		err = e;
	}
	assert.match(err.stderr, /--tz/);
});

test('saved queries: list, create, refuse, read with its result, page, lezer, dashboard, delete, audit', async () => {
	const lezer = token(db, LEZER_EMAIL);
	const list = await get(`/initiatieven/${demo}/bewaarde-metrieken`);
	assert.equal(list.res.status, 200);
	assert.equal(list.res.headers.get('x-total-count'), '2');
	assert.deepEqual(list.body.queries.map((q) => [q.kind, q.name]), [
		['retentie', 'Blijven cliënten terugkomen? (per kalenderweek)'],
		['levenscyclus', 'Nieuw en terug per maand, zonder uitnodigingen'],
	]);
	const params = { interval: 'dag', telling: 'vanaf', tijdzone: 'Asia/Kolkata', eigenschap: 'kanaal', operator: 'isniet', waarde: 'web', minimaal: 2 };
	const c = await bearer(base, tok, 'POST', `/initiatieven/${demo}/bewaarde-metrieken`, { json: { name: 'Dagelijks terug, niet via web', kind: 'retentie', parameters: params } });
	assert.equal(c.res.status, 201);
	assert.equal(c.res.headers.get('location'), `/api/v1/bewaarde-metrieken/${c.body.id}`);
	assert.deepEqual(c.body.parameters, { ...params, minimaal: '2' });
	const lc = await bearer(base, tok, 'POST', `/initiatieven/${demo}/bewaarde-metrieken`, { json: { name: 'Per week', kind: 'levenscyclus', parameters: '{"interval":"week","gebeurtenis":"intake_gestart"}' } });
	assert.equal(lc.res.status, 201, 'parameters as JSON text, as a form sends them');
	assertProblem(await bearer(base, tok, 'POST', `/initiatieven/${demo}/bewaarde-metrieken`, { json: { name: 'Dagelijks terug, niet via web', kind: 'retentie' } }), 400, ['name']);
	assertProblem(await bearer(base, tok, 'POST', `/initiatieven/${demo}/bewaarde-metrieken`, { json: { name: 'x', kind: 'trechter' } }), 400, ['kind']);
	assertProblem(await bearer(base, tok, 'POST', `/initiatieven/${demo}/bewaarde-metrieken`, { json: { name: 'x', kind: 'retentie', parameters: { van: '2026-01-01', stappen: 'a,b', top: [1] } } }), 400, ['parameters.van', 'parameters.stappen', 'parameters.top']);
	assertProblem(await bearer(base, tok, 'POST', `/initiatieven/${demo}/bewaarde-metrieken`, { json: { name: 'x', kind: 'levenscyclus', parameters: { interval: 'jaar', tijdzone: 'Mars/Olympus', eigenschap: 'bedrag', operator: 'groter', waarde: 'veel' } } }), 400, ['parameters.interval', 'parameters.tijdzone', 'parameters.waarde']);
	assertProblem(await bearer(base, tok, 'POST', `/initiatieven/${demo}/bewaarde-metrieken`, { json: { name: 'x', kind: 'levenscyclus', parameters: 'geen json' } }), 400, ['parameters']);
	assert.equal((await bearer(base, lezer, 'POST', `/initiatieven/${demo}/bewaarde-metrieken`, { json: { name: 'z', kind: 'retentie' } })).res.status, 403);
	const one = await get(`/bewaarde-metrieken/${c.body.id}?van=2026-11-01`);
	assert.equal(one.res.status, 200);
	const own = await get(`/initiatieven/${demo}/metrieken/retentie?interval=dag&telling=vanaf&tijdzone=Asia%2FKolkata&eigenschap=kanaal&operator=isniet&waarde=web&minimaal=2&van=2026-11-01`);
	assert.deepEqual(one.body.result, own.body);
	assert.equal(one.body.result.timeZone, 'Asia/Kolkata');
	const lcOne = await bearer(base, lezer, 'GET', `/bewaarde-metrieken/${lc.body.id}`);
	assert.equal(lcOne.res.status, 200);
	assert.equal(lcOne.body.canEdit, false);
	assert.deepEqual(lcOne.body.result, (await get(`/initiatieven/${demo}/metrieken/levenscyclus?interval=week&gebeurtenis=intake_gestart`)).body);
	const page = await get(`/initiatieven/${demo}/bewaarde-metrieken?aantal=1&pagina=2`);
	assert.equal(page.res.headers.get('x-total-count'), '4');
	assert.equal(page.body.queries.length, 1);
	// on the dashboard: each with its own parameters over the dashboard's range
	const d = await get(`/initiatieven/${demo}/metrieken?tijdzone=UTC`);
	assert.deepEqual(d.body.savedQueries.map((q) => q.name).sort(), list.body.queries.map((q) => q.name).concat(['Dagelijks terug, niet via web', 'Per week']).sort());
	for (const q of d.body.savedQueries) {
		const mine = await get(`/bewaarde-metrieken/${q.id}?van=${d.body.from}&tot=${d.body.to}`);
		assert.deepEqual(q.result, mine.body.result, q.name);
	}
	assert.equal((await bearer(base, lezer, 'DELETE', `/bewaarde-metrieken/${c.body.id}`)).res.status, 403);
	assert.equal((await bearer(base, tok, 'DELETE', `/bewaarde-metrieken/${c.body.id}`)).res.status, 204);
	assert.equal((await get(`/bewaarde-metrieken/${c.body.id}`)).res.status, 404);
	const audit = sql(db, "SELECT action || ' ' || object || ' ' || result FROM audit_log WHERE action LIKE 'metric_query.%' ORDER BY id");
	assert.match(audit, new RegExp(`metric_query.create metric_query/${c.body.id} ok`));
	assert.match(audit, /metric_query.create initiative\/\d+ invalid/);
	assert.match(audit, new RegExp(`metric_query.delete metric_query/${c.body.id} ok`));
});
