// SPDX-License-Identifier: EUPL-1.2
// Funnels and lifecycle through the API, checked two ways:
// 1. hand-worked events sent with the real PostHog client (posthog-node,
//    unmodified but its host) to a fresh source on an initiative without
//    events: the window end inclusive, ties in one second, strict against
//    loose order, a first event before the window (not "new"), an
//    $identify that links two ids into one person;
// 2. the demo ("Digitale schuldhulp-intake") exported with `scalelab events
//    export`, ids linked by the test itself, and the funnel and the weekly
//    and monthly lifecycle recomputed in JavaScript from the definitions of
//    docs/metrics.md, with no code shared with the server.
// Also: bad parameters are 400 naming each field, a lezer may read.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { PostHog } from 'posthog-node';
import { token, bearer, assertProblem, LEZER_EMAIL } from './lib.mjs';
import { DAY, dayOf, dateOf, demoWithEvents, persons } from './metrics-lib.mjs';

const H = 3600000, S = 1000;
let srv, db, base, tok, demo, empty, events, allEvents;

before(async () => {
	srv = await demoWithEvents('metrics-funnel-e2e');
	({ db, base, tok, events, allEvents } = srv);
	const list = await bearer(base, tok, 'GET', '/organisaties/gemeente-voorbeeldstad/initiatieven');
	demo = list.body.initiatives.find((i) => i.name === 'Digitale schuldhulp-intake').id;
	empty = list.body.initiatives.find((i) => i.name === 'Valpreventie thuis').id;
});

after(async () => {
	await srv?.stop();
});

const mondayOf = (d) => d - ((((d + 3) % 7) + 7) % 7);

/** The funnel from the definitions: loose order, whole seconds, window end inclusive. */
function funnel(evs, who, steps, windowS, fromDay, toDay, strict = false, dayFn = dayOf) {
	const by = new Map();
	for (const e of [...evs].sort((a, b) => a.ts - b.ts)) {
		const p = who(e.distinct_id);
		if (!by.has(p)) by.set(p, []);
		by.get(p).push(e);
	}
	const counts = steps.map(() => 0);
	const deltas = steps.map(() => []);
	for (const list of by.values()) {
		const first = list.find((e) => e.event === steps[0] && dayFn(e.ts) >= fromDay && dayFn(e.ts) <= toDay);
		if (!first) continue;
		const t1 = Math.floor(first.ts / S);
		let last = t1, k = 1;
		counts[0]++;
		// events of the person from the second of step 1 on, by second, steps before others in a second
		const rest = list.filter((e) => e !== first && Math.floor(e.ts / S) >= t1)
			.map((e) => ({ s: Math.floor(e.ts / S), idx: steps.indexOf(e.event) < 0 ? 99 : steps.indexOf(e.event), e }))
			.sort((a, b) => a.s - b.s || a.idx - b.idx);
		for (const r of rest) {
			if (k === steps.length) break;
			if (r.e.event === steps[k] && r.s <= t1 + windowS) {
				deltas[k].push(r.s - last);
				counts[k++]++;
				last = r.s;
			} else if (strict && r.s > last) break;
		}
	}
	const median = (v) => {
		if (!v.length) return null;
		const s = [...v].sort((a, b) => a - b), m = s.length >> 1;
		return s.length % 2 ? s[m] : (s[m - 1] + s[m]) / 2;
	};
	return steps.map((name, k) => ({ name, persons: counts[k], medianSeconds: k ? median(deltas[k]) : null }));
}

/** Lifecycle from the definitions over periods numbered by periodOf(day). */
function lifecycle(evs, who, periodOf, first, last, day = dayOf) {
	const firstSeen = new Map(), active = new Map();
	for (const e of evs) {
		const p = who(e.distinct_id), k = periodOf(day(e.ts));
		if (!firstSeen.has(p) || firstSeen.get(p) > k) firstSeen.set(p, k);
		if (!active.has(k)) active.set(k, new Set());
		active.get(k).add(p);
	}
	const rows = [];
	for (let k = first; k <= last; k++) {
		const now = active.get(k) || new Set(), prev = active.get(k - 1) || new Set();
		let nw = 0, ret = 0, res = 0, dorm = 0;
		for (const p of now) {
			if (firstSeen.get(p) === k) nw++;
			else if (prev.has(p)) ret++;
			else res++;
		}
		for (const p of prev) if (!now.has(p)) dorm--;
		rows.push({ active: now.size, new: nw, returning: ret, resurrecting: res, dormant: dorm });
	}
	return rows;
}

test('hand-worked events through posthog-node: window end inclusive, ties, strict vs loose, medians, breakdown', async () => {
	const src = await bearer(base, tok, 'POST', `/initiatieven/${empty}/bronnen`, { json: { kind: 'posthog', name: 'Valpreventie-app' } });
	assert.equal(src.res.status, 201, src.text);
	const T = (dayOf(Date.now()) - 10) * DAY; // 00:00:00Z ten days ago
	const ph = new PostHog(src.body.key, { host: base, flushAt: 50, flushInterval: 100000 });
	const cap = (distinctId, event, at, properties = {}) => ph.capture({ distinctId, event, timestamp: new Date(at), properties });
	// p1: signup at exactly 00:00:00Z, onboarding after 1 h, first_plan exactly 7 d after signup (counts)
	cap('p1', 'signup', T, { kanaal: 'web' });
	cap('p1', 'onboarding_done', T + H);
	cap('p1', 'first_plan', T + 7 * DAY);
	// p2: onboarding 800 ms before signup in the same second (a tie: counts); first_plan 1 s too late
	cap('p2', 'onboarding_done', T + 10 * S + 100);
	cap('p2', 'signup', T + 10 * S + 900, { kanaal: 'app' });
	cap('p2', 'first_plan', T + 10 * S + 7 * DAY + S);
	// p3 (anonymous, then identified as p3-user): signup, a page view, onboarding; strict stops at the page view
	cap('anon-p3', 'signup', T + 23 * H + 59 * 60 * S + 59 * S, { kanaal: 'web' }); // 23:59:59Z
	ph.identify({ distinctId: 'p3-user', properties: { $anon_distinct_id: 'anon-p3' } });
	cap('p3-user', '$pageview', T + DAY + 60 * S);
	cap('p3-user', 'onboarding_done', T + DAY + 120 * S);
	// p4: onboarding only (never enters)
	cap('p4', 'onboarding_done', T + 2 * H);
	await ph.shutdown();
	const q = `stappen=signup,onboarding_done,first_plan&venster=7d&van=${dateOf(dayOf(T))}&tot=${dateOf(dayOf(T))}`;
	let loose;
	// acknowledged means durable, but a busy machine may make the client retry: wait for all 11
	for (let i = 0; i < 600; i++) {
		loose = await bearer(base, tok, 'GET', `/initiatieven/${empty}/metrieken/trechter?${q}`);
		const src2 = await bearer(base, tok, 'GET', `/initiatieven/${empty}/bronnen`);
		const stored = JSON.stringify(src2.body).match(/"stored":(\d+)/);
		if (stored && Number(stored[1]) >= 11 && loose.body.total?.[2]?.persons === 1) break;
		await new Promise((r) => setTimeout(r, 100));
	}
	assert.equal(loose.res.status, 200, loose.text);
	assert.deepEqual(loose.body.total.map((s) => s.persons), [3, 3, 1]);
	// step 2 took 3,600 s (p1), 0 s (p2, a tie) and 121 s (p3: 23:59:59 to 00:02:00); step 3 only p1
	assert.deepEqual(loose.body.total.map((s) => s.medianSeconds), [null, 121, 7 * 86400 - 3600]);
	assert.equal(loose.body.total[2].medianTotalSeconds, 7 * 86400);
	assert.equal(loose.body.total[2].conversion, 1 / 3);
	assert.equal(loose.body.windowSeconds, 604800);
	const strict = await bearer(base, tok, 'GET', `/initiatieven/${empty}/metrieken/trechter?${q}&volgorde=strikt`);
	assert.deepEqual(strict.body.total.map((s) => s.persons), [3, 2, 1], 'the page view ends p3 in strict order');
	const split = await bearer(base, tok, 'GET', `/initiatieven/${empty}/metrieken/trechter?${q}&uitsplitsing=kanaal`);
	assert.deepEqual(split.body.breakdown.map((g) => [g.value, g.steps.map((s) => s.persons)]), [['web', [2, 2, 1]], ['app', [1, 1, 0]]]);
	const one = await bearer(base, tok, 'GET', `/initiatieven/${empty}/metrieken/trechter?${q}&uitsplitsing=kanaal&top=1`);
	assert.equal(one.body.breakdown.length, 1);
	assert.equal(one.body.breakdownLeftOut, 1);
	assert.ok(loose.body.eventNames.includes('first_plan'));
	// the same numbers from the outside recomputation
	const mine = [
		['p1', 'signup', T], ['p1', 'onboarding_done', T + H], ['p1', 'first_plan', T + 7 * DAY],
		['p2', 'onboarding_done', T + 10 * S + 100], ['p2', 'signup', T + 10 * S + 900], ['p2', 'first_plan', T + 10 * S + 7 * DAY + S],
		['p3', 'signup', T + DAY - S], ['p3', '$pageview', T + DAY + 60 * S], ['p3', 'onboarding_done', T + DAY + 120 * S],
		['p4', 'onboarding_done', T + 2 * H],
	].map(([distinct_id, event, ts]) => ({ distinct_id, event, ts }));
	const id = (x) => x;
	assert.deepEqual(funnel(mine, id, ['signup', 'onboarding_done', 'first_plan'], 604800, dayOf(T), dayOf(T)).map((s) => s.persons), [3, 3, 1]);
	assert.deepEqual(funnel(mine, id, ['signup', 'onboarding_done', 'first_plan'], 604800, dayOf(T), dayOf(T), true).map((s) => s.persons), [3, 2, 1]);
	// lifecycle by day: p1..p4 are new on day T (p3's ids are one person); p3 is returning on T+1
	const lc = await bearer(base, tok, 'GET', `/initiatieven/${empty}/metrieken/levenscyclus?interval=dag&van=${dateOf(dayOf(T))}&tot=${dateOf(dayOf(T) + 1)}`);
	assert.equal(lc.res.status, 200, lc.text);
	assert.deepEqual(lc.body.periods.map((p) => [p.new, p.returning, p.resurrecting, p.dormant]), [[4, 0, 0, 0], [0, 1, 0, -3]]);
	// a window starting the day after: p3 was seen before, so returning, not new
	const later = await bearer(base, tok, 'GET', `/initiatieven/${empty}/metrieken/levenscyclus?interval=dag&van=${dateOf(dayOf(T) + 1)}&tot=${dateOf(dayOf(T) + 1)}`);
	assert.deepEqual(later.body.periods.map((p) => [p.new, p.returning, p.dormant]), [[0, 1, -3]]);
	// p1's first_plan 7 days later: resurrecting on that day
	const wk = await bearer(base, tok, 'GET', `/initiatieven/${empty}/metrieken/levenscyclus?interval=dag&van=${dateOf(dayOf(T) + 7)}&tot=${dateOf(dayOf(T) + 7)}`);
	assert.deepEqual(wk.body.periods.map((p) => [p.active, p.new, p.resurrecting]), [[2, 0, 2]], 'p1 and p2 come back after a pause');
});

test('the demo funnel matches a recomputation from the exported events (loose, strict, 1-day window)', async () => {
	const who = persons(allEvents);
	const today = dayOf(Date.now());
	const steps = ['intake_gestart', 'stap_inkomsten_voltooid', 'intake_verzonden', 'afspraak_gepland'];
	for (const [venster, w, strict] of [['7d', 604800, false], ['7d', 604800, true], ['1d', 86400, false], ['15m', 900, false]]) {
		const want = funnel(events, who, steps, w, today - 29, today, strict);
		const got = await bearer(base, tok, 'GET', `/initiatieven/${demo}/metrieken/trechter?stappen=${steps.join(',')}&venster=${venster}${strict ? '&volgorde=strikt' : ''}`);
		assert.equal(got.res.status, 200, got.text);
		assert.equal(got.body.from, dateOf(today - 29));
		assert.deepEqual(got.body.total.map(({ name, persons, medianSeconds }) => ({ name, persons, medianSeconds })), want, `${venster} ${strict ? 'strict' : 'loose'}`);
		if (venster === '7d' && !strict) assert.ok(want[0].persons > want[3].persons && want[3].persons > 0);
	}
	// step 1 on Dutch calendar days: a narrow span whose edges differ from UTC days
	const local = (ms) => localDay(ms, 'Europe/Amsterdam');
	const lt = local(Date.now());
	const want = funnel(events, who, steps, 604800, lt - 3, lt - 1, false, local);
	const got = await bearer(base, tok, 'GET', `/initiatieven/${demo}/metrieken/trechter?stappen=${steps.join(',')}&tijdzone=Europe/Amsterdam&van=${dateOf(lt - 3)}&tot=${dateOf(lt - 1)}`);
	assert.equal(got.body.timeZone, 'Europe/Amsterdam');
	assert.deepEqual(got.body.total.map(({ name, persons, medianSeconds }) => ({ name, persons, medianSeconds })), want);
});

test('the demo lifecycle by week and month matches a recomputation (first event ever, not in the window)', async () => {
	const who = persons(allEvents);
	const today = dayOf(Date.now());
	const week = (d) => (mondayOf(d) + 3) / 7;
	const got = await bearer(base, tok, 'GET', `/initiatieven/${demo}/metrieken/levenscyclus?interval=week&van=${dateOf(today - 28)}`);
	assert.equal(got.res.status, 200, got.text);
	const want = lifecycle(events, who, week, week(today - 28), week(today));
	assert.deepEqual(got.body.periods.map(({ active, new: n, returning, resurrecting, dormant }) => ({ active, new: n, returning, resurrecting, dormant })), want);
	assert.ok(want.some((r) => r.returning > 0 && r.resurrecting > 0));
	assert.equal(got.body.periods.at(-1).complete, false);
	assert.equal(got.body.periods[0].start, dateOf(mondayOf(today - 28)));
	const month = (d) => { const t = new Date(d * DAY); return t.getUTCFullYear() * 12 + t.getUTCMonth(); };
	const gm = await bearer(base, tok, 'GET', `/initiatieven/${demo}/metrieken/levenscyclus?interval=maand&van=${dateOf(today - 60)}`);
	const wm = lifecycle(events, who, month, month(today - 60), month(today));
	assert.deepEqual(gm.body.periods.map(({ active, new: n, returning, resurrecting, dormant }) => ({ active, new: n, returning, resurrecting, dormant })), wm);
	// an event name: persons with that event only
	const named = await bearer(base, tok, 'GET', `/initiatieven/${demo}/metrieken/levenscyclus?interval=week&van=${dateOf(today - 28)}&gebeurtenis=afspraak_gepland`);
	const wn = lifecycle(events.filter((e) => e.event === 'afspraak_gepland'), who, week, week(today - 28), week(today));
	assert.deepEqual(named.body.periods.map((p) => p.new), wn.map((r) => r.new));
	// weeks of Indian days (UTC+5:30): Monday 00:00 IST is Sunday 18:30Z
	const kol = (ms) => localDay(ms, 'Asia/Kolkata');
	const kt = kol(Date.now());
	const gk = await bearer(base, tok, 'GET', `/initiatieven/${demo}/metrieken/levenscyclus?interval=week&tijdzone=Asia/Kolkata&van=${dateOf(kt - 28)}`);
	assert.equal(gk.body.timeZone, 'Asia/Kolkata');
	const wk = lifecycle(events, who, week, week(kt - 28), week(kt), kol);
	assert.deepEqual(gk.body.periods.map(({ active, new: n, returning, resurrecting, dormant }) => ({ active, new: n, returning, resurrecting, dormant })), wk);
	assert.notDeepEqual(wk, want.slice(-wk.length), 'Indian weeks differ from UTC weeks');
});

/* ---- retention in calendar periods, months, Dutch days and by property ---- */

const fmts = new Map();
const fmt = (tz) => fmts.get(tz) ?? fmts.set(tz, new Intl.DateTimeFormat('en-CA', { timeZone: tz, year: 'numeric', month: '2-digit', day: '2-digit', hour: '2-digit', minute: '2-digit', hourCycle: 'h23' })).get(tz);
/** The local day number of ms in tz (UTC or any zone, from the ICU database). */
function localDay(ms, tz) {
	if (tz === 'UTC') return dayOf(ms);
	const parts = Object.fromEntries(fmt(tz).formatToParts(new Date(ms)).map((x) => [x.type, x.value]));
	return dayOf(Date.UTC(+parts.year, +parts.month - 1, +parts.day));
}
/** The UTC instant local day d begins in tz (its first local midnight; offsets -14 h .. +14 h in quarter hours). */
function localStart(d, tz) {
	if (tz === 'UTC') return d * DAY;
	for (let q = -56; q <= 56; q++) {
		const t = d * DAY - q * (H / 4);
		const parts = Object.fromEntries(fmt(tz).formatToParts(new Date(t)).map((x) => [x.type, x.value]));
		if (localDay(t, tz) === d && parts.hour === '00' && parts.minute === '00') return t;
	}
	throw new Error('no local midnight');
}
const periodIdx = (kind, d) => (kind === 'dag' ? d : kind === 'week' ? (mondayOf(d) + 3) / 7 : (() => { const t = new Date(d * DAY); return t.getUTCFullYear() * 12 + t.getUTCMonth(); })());
const periodFirst = (kind, k) => (kind === 'dag' ? k : kind === 'week' ? k * 7 - 3 : dayOf(Date.UTC(Math.floor(k / 12), k % 12, 1)));

/** First-time retention, any event as start and return, from the definitions. */
function retention(evs, who, { kind, calendar, tz, onOrAfter, n, fromDay, toDay, now, group = () => 0 }) {
	const len = { dag: DAY, week: 7 * DAY, maand: 30 * DAY }[kind];
	const start = new Map(), times = new Map();
	for (const e of [...evs].filter((x) => x.ts <= now).sort((a, b) => a.ts - b.ts)) {
		const p = who(e.distinct_id);
		if (!start.has(p)) start.set(p, { s: e.ts, g: group(e) });
		(times.get(p) ?? times.set(p, []).get(p)).push(e.ts);
	}
	const base = (() => { let k = periodIdx(kind, fromDay); if (periodFirst(kind, k) < fromDay) k++; return k; })();
	const last = periodIdx(kind, toDay);
	const out = new Map();
	for (const [p, { s, g }] of start) {
		const k = periodIdx(kind, localDay(s, tz));
		if (k < base || k > last) continue;
		const key = `${g}|${k}`;
		const c = out.get(key) ?? { g, k, size: 0, latest: 0, counts: new Array(n).fill(0) };
		c.size++;
		c.latest = Math.max(c.latest, s);
		const iv = (t) => (calendar ? periodIdx(kind, localDay(t, tz)) - k : Math.floor((t - s) / len));
		const hit = new Set(times.get(p).map(iv));
		const maxIv = Math.max(...hit);
		for (let j = 0; j < n; j++) if (onOrAfter ? maxIv >= j : hit.has(j)) c.counts[j]++;
		out.set(key, c);
	}
	return [...out.values()].sort((a, b) => a.k - b.k).map((c) => ({
		g: c.g,
		start: dateOf(periodFirst(kind, c.k)),
		size: c.size,
		persons: c.counts.map((x, j) => ((calendar ? localStart(periodFirst(kind, c.k + j + 1), tz) : c.latest + (j + 1) * len) <= now ? x : null)),
	}));
}

test('retention by calendar week and month, rolling month, Dutch, Indian and New York days and by property matches a recomputation', async () => {
	const who = persons(allEvents);
	const now = Date.now();
	const today = dayOf(now);
	const cases = [
		{ q: 'interval=week&kalender=1', kind: 'week', calendar: true, tz: 'UTC', onOrAfter: false, n: 9, from: today - 55 },
		{ q: 'interval=week&kalender=1&tijdzone=Europe/Amsterdam&telling=vanaf', kind: 'week', calendar: true, tz: 'Europe/Amsterdam', onOrAfter: true, n: 9, from: today - 55 },
		{ q: 'interval=maand', kind: 'maand', calendar: false, tz: 'UTC', onOrAfter: false, n: 7, from: today - 182 },
		{ q: 'interval=maand&kalender=1&tijdzone=Europe/Amsterdam', kind: 'maand', calendar: true, tz: 'Europe/Amsterdam', onOrAfter: false, n: 7, from: today - 182 },
		{ q: 'interval=dag&kalender=1&tijdzone=Europe/Amsterdam&telling=vanaf', kind: 'dag', calendar: true, tz: 'Europe/Amsterdam', onOrAfter: true, n: 15, from: today - 29 },
		// any zone of the tz database: a half-hour zone and one west of UTC
		{ q: 'interval=week&kalender=1&tijdzone=Asia/Kolkata', kind: 'week', calendar: true, tz: 'Asia/Kolkata', onOrAfter: false, n: 9, from: today - 55 },
		{ q: 'interval=dag&kalender=1&tijdzone=America/New_York&telling=vanaf', kind: 'dag', calendar: true, tz: 'America/New_York', onOrAfter: true, n: 15, from: today - 29 },
		{ q: 'interval=week&tijdzone=Asia/Kolkata', kind: 'week', calendar: false, tz: 'Asia/Kolkata', onOrAfter: false, n: 9, from: today - 55 },
	];
	for (const c of cases) {
		const got = await bearer(base, tok, 'GET', `/initiatieven/${demo}/metrieken/retentie?${c.q}`);
		assert.equal(got.res.status, 200, got.text);
		const localToday = localDay(Date.now(), c.tz);
		const want = retention(events, who, { ...c, fromDay: c.from - (today - localToday), toDay: localToday, now });
		assert.equal(got.body.calendar, c.calendar);
		assert.equal(got.body.timeZone, c.tz);
		assert.ok(want.length > 0, c.q);
		if (c.kind !== 'maand') assert.ok(want.some((k) => k.persons.some((x, j) => j > 0 && x > 0)), `${c.q}: some return after interval 0`);
		assert.deepEqual(got.body.cohorts.map(({ start, size, persons }) => ({ start, size, persons })), want.map(({ start, size, persons }) => ({ start, size, persons })), c.q);
	}
	// one triangle per value of kanaal on the start event
	const split = await bearer(base, tok, 'GET', `/initiatieven/${demo}/metrieken/retentie?interval=week&uitsplitsing=kanaal`);
	assert.equal(split.res.status, 200, split.text);
	const want = retention(events, who, { kind: 'week', calendar: false, tz: 'UTC', onOrAfter: false, n: 9, fromDay: today - 55, toDay: today, now, group: (e) => e.properties?.kanaal ?? null });
	const values = [...new Set(want.map((k) => k.g))];
	const sizeOf = (v) => want.filter((k) => k.g === v).reduce((a, k) => a + k.size, 0);
	values.sort((a, b) => sizeOf(b) - sizeOf(a));
	assert.deepEqual(split.body.breakdown.map((g) => g.value), values.slice(0, 5));
	for (const g of split.body.breakdown)
		assert.deepEqual(g.cohorts.map(({ start, size, persons }) => ({ start, size, persons })), want.filter((k) => k.g === g.value).map(({ start, size, persons }) => ({ start, size, persons })), String(g.value));
	assert.deepEqual(split.body.cohorts, (await bearer(base, tok, 'GET', `/initiatieven/${demo}/metrieken/retentie?interval=week`)).body.cohorts, 'the whole triangle is unchanged by a breakdown');
});

test('bad parameters are 400 naming each field; a lezer may read', async () => {
	const bad = await bearer(base, tok, 'GET', `/initiatieven/${demo}/metrieken/trechter?stappen=a,,b&venster=0d&volgorde=kris&top=99`);
	assertProblem(bad, 400, ['stappen', 'venster', 'volgorde', 'top']);
	const many = await bearer(base, tok, 'GET', `/initiatieven/${demo}/metrieken/trechter?stappen=${'a,'.repeat(10)}b`);
	assertProblem(many, 400, ['stappen']);
	const lc = await bearer(base, tok, 'GET', `/initiatieven/${demo}/metrieken/levenscyclus?interval=jaar&van=2020-01-01&tot=2019-01-01`);
	assertProblem(lc, 400, ['interval', 'van']);
	const span = await bearer(base, tok, 'GET', `/initiatieven/${demo}/metrieken/levenscyclus?interval=dag&van=2020-01-01&tot=2022-01-01`);
	assertProblem(span, 400, ['van']);
	const none = await bearer(base, tok, 'GET', `/initiatieven/${demo}/metrieken/trechter`);
	assert.equal(none.res.status, 200);
	assert.deepEqual(none.body.total, []);
	const lezer = await bearer(base, token(db, LEZER_EMAIL), 'GET', `/initiatieven/${demo}/metrieken/trechter?stappen=intake_gestart,intake_verzonden`);
	assert.equal(lezer.res.status, 200);
});
