// SPDX-License-Identifier: EUPL-1.2
// Metrics through the API on the demo event source ("Digitale
// schuldhulp-intake", ~5,700 PostHog events over eight weeks), checked
// against an outside recomputation: the test exports the events with
// `scalelab events export` (raw distinct ids, as PostHog export lines),
// links the ids of each $identify itself (union-find over
// $anon_distinct_id), and counts DAU/WAU/MAU and the retention triangles
// from the plain definitions of docs/metrics.md, in JavaScript, with no
// code shared with the server. Then the same database is served and every
// number of the API must match. Also: bad parameters are 400 naming each
// field, a lezer may read, another organisation may not.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { cli, token, bearer, assertProblem, LEZER_EMAIL, ORG_B } from './lib.mjs';
import { DAY, dayOf, dateOf, demoWithEvents, persons } from './metrics-lib.mjs';

let srv, db, base, tok, ini, events;

before(async () => {
	srv = await demoWithEvents('metrics-e2e');
	({ db, base, tok } = srv);
	events = srv.allEvents;
	const list = await bearer(base, tok, 'GET', '/organisaties/gemeente-voorbeeldstad/initiatieven');
	ini = list.body.initiatives.find((i) => i.name === 'Digitale schuldhulp-intake').id;
});

after(async () => {
	await srv?.stop();
});

/* ---- the outside recomputation ---- */

const mondayOf = (d) => d - ((((d + 3) % 7) + 7) % 7);

function activeSeries(evs, who, from, to, name) {
	const byDay = new Map();
	for (const e of evs) {
		if (name && e.event !== name) continue;
		const d = dayOf(e.ts);
		if (!byDay.has(d)) byDay.set(d, new Set());
		byDay.get(d).add(who(e.distinct_id));
	}
	const distinct = (a, b) => {
		const s = new Set();
		for (let d = a; d <= b; d++) for (const p of byDay.get(d) ?? []) s.add(p);
		return s.size;
	};
	const rows = [];
	for (let d = from; d <= to; d++) rows.push({ date: dateOf(d), dau: distinct(d, d), wau: distinct(d - 6, d), mau: distinct(d - 29, d) });
	return rows;
}

function retention(evs, who, { weekly, recurring, onOrAfter, startName, returnName, from, to, now, min = 1 }) {
	const len = weekly ? 7 * DAY : DAY, n = weekly ? 9 : 15;
	const periodOf = (ms) => (weekly ? mondayOf(dayOf(ms)) : dayOf(ms));
	const starts = new Map(); // person -> [{s, period}]
	const returns = new Map(); // person -> [ts]
	// events after now (the demo writes the rest of today) have not happened yet: the server reads up to now
	for (const e of evs.filter((x) => x.ts <= now).sort((a, b) => a.ts - b.ts)) {
		const p = who(e.distinct_id);
		if (!startName || e.event === startName) {
			const list = starts.get(p) ?? [];
			const period = periodOf(e.ts);
			if (list.length === 0 || (recurring && !list.some((x) => x.period === period))) list.push({ s: e.ts, period });
			starts.set(p, list);
		}
		if (!returnName || e.event === returnName) (returns.get(p) ?? returns.set(p, []).get(p)).push(e.ts);
	}
	const cohorts = new Map();
	for (const [p, list] of starts) {
		for (const { s, period } of list) {
			if (period < from || period > to) continue;
			const c = cohorts.get(period) ?? { size: 0, latest: 0, counts: new Array(n).fill(0) };
			c.size++;
			c.latest = Math.max(c.latest, s);
			const rs = (returns.get(p) ?? []).filter((t) => t >= s);
			for (let j = 0; j < n; j++) {
				const hits = onOrAfter ? rs.filter((t) => t >= s + j * len).length : rs.filter((t) => t >= s + j * len && t < s + (j + 1) * len).length;
				const hit = hits >= min;
				if (hit) c.counts[j]++;
			}
			cohorts.set(period, c);
		}
	}
	return [...cohorts.entries()]
		.sort((a, b) => a[0] - b[0])
		.map(([period, c]) => ({ start: dateOf(period), size: c.size, persons: c.counts.map((k, j) => (c.latest + (j + 1) * len <= now ? k : null)) }));
}

/* ---- the tests ---- */

test('the export is the demo: thousands of events, and signed-in visitors link ids', () => {
	assert.ok(events.length > 5000, `${events.length} events`);
	const who = persons(events);
	const ids = new Set(events.map((e) => e.distinct_id));
	const people = new Set([...ids].map(who));
	assert.ok(people.size < ids.size, 'some ids are linked into one person');
});

test('DAU/WAU/MAU for the last 30 complete days match the recomputation', async () => {
	const { res, body } = await bearer(base, tok, 'GET', `/initiatieven/${ini}/metrieken/actief`);
	assert.equal(res.status, 200);
	const yesterday = dayOf(Date.now()) - 1;
	assert.equal(body.to, dateOf(yesterday));
	assert.equal(body.days.length, 30);
	const want = activeSeries(events, persons(events), yesterday - 29, yesterday);
	assert.deepEqual(body.days.map(({ date, dau, wau, mau }) => ({ date, dau, wau, mau })), want);
	for (const d of body.days) assert.ok(Math.abs(d.stickiness - d.dau / d.mau) < 1e-12);
	// persons by number of active days in the 30 days
	const who = persons(events), count = new Map();
	for (const e of events) {
		const d = dayOf(e.ts);
		if (d < yesterday - 29 || d > yesterday) continue;
		const p = who(e.distinct_id);
		(count.get(p) ?? count.set(p, new Set()).get(p)).add(d);
	}
	const hist = Array.from({ length: 30 }, (_, i) => ({ days: i + 1, persons: 0 }));
	for (const ds of count.values()) hist[ds.size - 1].persons++;
	assert.deepEqual(body.activeDays, hist);
	assert.equal(hist.reduce((a, h) => a + h.persons, 0), want.at(-1).mau, 'every person of the month is in one bar');
	assert.ok(want.at(-1).mau > 500, 'a realistic month');
});

test('DAU/WAU/MAU of one event over a chosen span; a span before the data has full windows of zeros', async () => {
	const to = dayOf(Date.now()) - 3, from = to - 13;
	const q = `van=${dateOf(from)}&tot=${dateOf(to)}&gebeurtenis=intake_verzonden`;
	const { body } = await bearer(base, tok, 'GET', `/initiatieven/${ini}/metrieken/actief?${q}`);
	assert.equal(body.event, 'intake_verzonden');
	assert.deepEqual(body.days.map(({ date, dau, wau, mau }) => ({ date, dau, wau, mau })), activeSeries(events, persons(events), from, to, 'intake_verzonden'));
	const none = await bearer(base, tok, 'GET', `/initiatieven/${ini}/metrieken/actief?van=2020-01-01&tot=2020-01-03&gebeurtenis=bestaat_niet`);
	assert.deepEqual(none.body.days.map((d) => [d.dau, d.wau, d.mau, d.stickiness]), [[0, 0, 0, null], [0, 0, 0, null], [0, 0, 0, null]]);
});

test('retention, all four variants by week and a daily one with chosen events, match the recomputation', async () => {
	const who = persons(events);
	const cases = [
		{ q: 'start=first&telling=op&interval=week', weekly: true },
		{ q: 'start=first&telling=vanaf&interval=week', weekly: true, onOrAfter: true },
		{ q: 'start=recurring&telling=op&interval=week', weekly: true, recurring: true },
		{ q: 'start=recurring&telling=vanaf&interval=week', weekly: true, recurring: true, onOrAfter: true },
		{ q: `start=recurring&telling=op&interval=dag&van=${dateOf(dayOf(Date.now()) - 20)}&tot=${dateOf(dayOf(Date.now()) - 5)}`, recurring: true },
		{ q: 'start=first&telling=op&interval=week&minimaal=3', weekly: true, min: 3 },
		{ q: 'start=recurring&telling=vanaf&interval=dag&minimaal=2&terugkeer=$pageview', recurring: true, onOrAfter: true, min: 2, returnName: '$pageview' },
		{ q: 'interval=dag&gebeurtenis=intake_gestart&terugkeer=intake_verzonden&telling=vanaf', onOrAfter: true, startName: 'intake_gestart', returnName: 'intake_verzonden' },
	];
	for (const c of cases) {
		const now = Date.now();
		const { res, body } = await bearer(base, tok, 'GET', `/initiatieven/${ini}/metrieken/retentie?${c.q}`);
		assert.equal(res.status, 200, c.q);
		assert.equal(body.minReturns, c.min ?? 1);
		const from = dayOf(Date.parse(body.from)), to = dayOf(Date.parse(body.to));
		const want = retention(events, who, { ...c, from, to, now });
		assert.ok(want.length >= 7, `${c.q}: ${want.length} cohorts`);
		assert.deepEqual(body.cohorts.map(({ start, size, persons: p }) => ({ start, size, persons: p })), want, c.q);
		for (const k of body.cohorts)
			k.percentages.forEach((x, j) => assert.equal(x, k.persons[j] === null ? null : (k.persons[j] * 100) / k.size));
		// the newest cohort's cells are incomplete, never 0
		if (!c.q.includes('tot=')) assert.ok(body.cohorts.at(-1).persons.every((x) => x === null), c.q);
	}
});

test('bad parameters are 400 naming each field; reading needs membership', async () => {
	const bad = await bearer(base, tok, 'GET', `/initiatieven/${ini}/metrieken/retentie?start=soms&telling=altijd&interval=jaar&van=2026-02-30&minimaal=0`);
	assertProblem(bad, 400, ['start', 'telling', 'interval', 'van', 'minimaal']);
	const order = await bearer(base, tok, 'GET', `/initiatieven/${ini}/metrieken/actief?van=2026-03-10&tot=2026-03-01`);
	assertProblem(order, 400, ['van']);
	// a start after the implicit end (yesterday) or after a cut-off end
	const future = new Date(Date.now() + 3 * DAY).toISOString().slice(0, 10);
	assertProblem(await bearer(base, tok, 'GET', `/initiatieven/${ini}/metrieken/actief?van=${future}`), 400, ['van']);
	assertProblem(await bearer(base, tok, 'GET', `/initiatieven/${ini}/metrieken/retentie?van=${future}&tot=2099-01-01`), 400, ['van']);
	const span = await bearer(base, tok, 'GET', `/initiatieven/${ini}/metrieken/actief?van=2020-01-01&tot=2022-01-01`);
	assertProblem(span, 400, ['van']);
	const lezer = await bearer(base, token(db, LEZER_EMAIL), 'GET', `/initiatieven/${ini}/metrieken/actief`);
	assert.equal(lezer.res.status, 200);
	cli(['user', 'add', '--db', db, '--email', 'oost-metrics@scalelab.test', '--name', 'Olga Oost', '--org', ORG_B, '--role', 'beheerder'], 'demo-opschalen-2026\n');
	const other = await bearer(base, token(db, 'oost-metrics@scalelab.test'), 'GET', `/initiatieven/${ini}/metrieken/retentie`);
	assert.equal(other.res.status, 404);
});

test('DAU/WAU/MAU in Dutch calendar days (Europe/Amsterdam) match a recomputation with Intl; late-evening events move a day', async () => {
	// the demo's visits are all in the Dutch daytime: send a night owl whose events fall on
	// another calendar day in Amsterdam than in UTC (23:30 UTC is 00:30 CET the next day)
	const src = await bearer(base, tok, 'POST', `/initiatieven/${ini}/bronnen`, { json: { kind: 'posthog', name: 'Nachtdienst' } });
	assert.equal(src.res.status, 201, src.text);
	const today = dayOf(Date.now());
	const owl = [
		{ event: 'intake_gestart', distinct_id: 'nacht-uil', timestamp: new Date((today - 3) * DAY + 23.5 * 3600000).toISOString(), uuid: 'nacht-1' },
		{ event: 'intake_gestart', distinct_id: 'nacht-uil-2', timestamp: new Date((today - 5) * DAY + 22.5 * 3600000).toISOString(), uuid: 'nacht-2' },
	];
	const sent = await fetch(`${base}/batch/`, { method: 'POST', headers: { 'Content-Type': 'application/json' }, body: JSON.stringify({ api_key: src.body.key, batch: owl }) });
	assert.equal(sent.status, 200);
	const all = [...events, ...owl.map((e) => ({ ...e, ts: Date.parse(e.timestamp) }))];
	const fmt = new Intl.DateTimeFormat('en-CA', { timeZone: 'Europe/Amsterdam', year: 'numeric', month: '2-digit', day: '2-digit' });
	const local = all.map((e) => ({ ...e, ts: Date.parse(fmt.format(new Date(e.ts)) + 'T00:00:00Z') + 1 }));
	const localToday = dayOf(Date.parse(fmt.format(new Date()) + 'T00:00:00Z'));
	const q = `van=${dateOf(localToday - 14)}&gebeurtenis=intake_gestart`;
	const want = activeSeries(local, persons(all), localToday - 14, localToday - 1, 'intake_gestart');
	const wantUtc = activeSeries(all, persons(all), today - 14, today - 1, 'intake_gestart');
	assert.notDeepEqual(want, wantUtc, 'the two kinds of day differ on this data');
	let body;
	for (let i = 0; i < 100; i++) {
		body = (await bearer(base, tok, 'GET', `/initiatieven/${ini}/metrieken/actief?tijdzone=Europe/Amsterdam&${q}`)).body;
		if (JSON.stringify(body.days.map(({ date, dau, wau, mau }) => ({ date, dau, wau, mau }))) === JSON.stringify(want)) break;
		await new Promise((r) => setTimeout(r, 100));
	}
	assert.equal(body.timeZone, 'Europe/Amsterdam');
	assert.equal(body.to, dateOf(localToday - 1));
	assert.deepEqual(body.days.map(({ date, dau, wau, mau }) => ({ date, dau, wau, mau })), want);
	// UTC days from today - 14 (around midnight the Dutch date is a day ahead of the UTC one)
	const utc = await bearer(base, tok, 'GET', `/initiatieven/${ini}/metrieken/actief?van=${dateOf(today - 14)}&gebeurtenis=intake_gestart`);
	assert.equal(utc.body.timeZone, 'UTC');
	assert.deepEqual(utc.body.days.map(({ date, dau, wau, mau }) => ({ date, dau, wau, mau })), wantUtc);
});
