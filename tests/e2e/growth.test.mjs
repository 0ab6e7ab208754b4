// SPDX-License-Identifier: EUPL-1.2
// Growth metrics and experiments from events through the API, after the
// real posthog-node client sent a small hand-worked fixture to a fresh
// initiative (docs/metrics.md, "Growth"). Every answer is validated against
// the OpenAPI document (lib.mjs). Reference values are worked out by hand
// in the comments; churn is recomputed in JavaScript from its definition.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { PostHog } from 'posthog-node';
import { startServer, token, bearer, assertProblem, LEZER_EMAIL, ORG_A } from './lib.mjs';

const DAY = 86400000;
let srv, tok, ini, src, base, baseDay, from, to;

const dateOf = (ms) => new Date(ms).toISOString().slice(0, 10);
const get = async (path) => {
	const r = await bearer(srv.base, tok, 'GET', path);
	assert.equal(r.res.status, 200, r.text);
	return r.body;
};

// Persons (hand-worked): a first seen Mon wk0 10:00 and signs up at exactly
// +7 d (activated: the window end counts); b first seen Tue, signs up at
// +7 d +1 s (not); c's first event is the signup (activated); d first seen
// Mon wk1, nothing else; e accepts an invite on Tue wk1 (first seen then).
function fixture(t) {
	const h = 3600000;
	return [
		['a', 'pagina', t, {}],
		['b', 'pagina', t + DAY, {}],
		['c', 'aangemeld', t + 2 * DAY, {}],
		['a', 'aankoop', t + 3 * DAY, { bedrag: '0.1' }],
		['b', 'aankoop', t + 3 * DAY + h, { bedrag: 0.2 }],
		['c', 'aankoop', t + 3 * DAY + 2 * h, { bedrag: 'abc' }],
		['a', 'uitnodiging_verstuurd', t + 4 * DAY, {}],
		['a', 'uitnodiging_verstuurd', t + 4 * DAY + h, {}],
		['c', 'uitnodiging_verstuurd', t + 4 * DAY + 2 * h, {}],
		['a', 'aangemeld', t + 7 * DAY, {}],
		['d', 'pagina', t + 7 * DAY + h, {}],
		['b', 'aangemeld', t + 8 * DAY + 1000, {}],
		['e', 'uitnodiging_geaccepteerd', t + 8 * DAY + h, {}],
		['a', 'survey sent', t + 9 * DAY, { $survey_response: '3' }],
		['b', 'survey sent', t + 9 * DAY, { $survey_response: 9 }],
		['c', 'survey sent', t + 9 * DAY, { $survey_response: '6' }],
		['d', 'survey sent', t + 9 * DAY, { $survey_response: '11' }],
		['e', 'survey sent', t + 9 * DAY, { $survey_response: '7' }],
		['a', 'survey sent', t + 10 * DAY, { $survey_response: 10 }],
		['a', 'aankoop', t + 10 * DAY, { bedrag: '19.99' }],
	];
}

// The experiment: x0..x4 and x10 see control, x5..x9 test (window 3 days);
// control: x0 converts at +1 d, x1 converted before exposure only; test: x5
// at +2 h, x6 at exactly +3 d, x7 at +1 d, x8 at +3 d +1 s (too late); x10
// is shown test later too (switched, stays control).
function experiment(t) {
	const ev = [];
	const flag = (id, v, at) => ev.push([id, '$feature_flag_called', at, { $feature_flag: 'proef', '$feature/proef': v }]);
	ev.push(['x1', 'klaar', t - DAY, {}]);
	for (let i = 0; i < 10; i++) flag(`x${i}`, i < 5 ? 'control' : 'test', t);
	flag('x10', 'control', t);
	flag('x10', 'test', t + DAY);
	ev.push(['x0', 'klaar', t + DAY, {}], ['x5', 'klaar', t + 2 * 3600000, {}], ['x6', 'klaar', t + 3 * DAY, {}]);
	ev.push(['x7', 'klaar', t + DAY, {}], ['x8', 'klaar', t + 3 * DAY + 1000, {}]);
	return ev;
}

before(async () => {
	srv = await startServer();
	tok = token(srv.db);
	const r = await bearer(srv.base, tok, 'POST', `/organisaties/${ORG_A}/initiatieven`, { json: { name: 'Groeiproef', stage: 'pilot' } });
	assert.equal(r.res.status, 201, r.text);
	ini = r.body.id;
	const s = await bearer(srv.base, tok, 'POST', `/initiatieven/${ini}/bronnen`, { json: { kind: 'posthog', name: 'App' } });
	assert.equal(s.res.status, 201, s.text);
	src = s.body;
	// Monday five weeks ago, 10:00 UTC
	const today = Math.floor(Date.now() / DAY);
	baseDay = today - 35 - ((((today - 35 + 3) % 7) + 7) % 7);
	base = baseDay * DAY + 10 * 3600000;
	from = dateOf(baseDay * DAY);
	to = dateOf((baseDay + 13) * DAY);
	const ph = new PostHog(src.key, { host: srv.base, flushAt: 50, flushInterval: 50 });
	const all = [...fixture(base), ...experiment(base + 21 * DAY)];
	for (const [distinctId, event, ts, properties] of all) ph.capture({ distinctId, event, properties, timestamp: new Date(ts) });
	await ph.shutdown();
	for (let i = 0; i < 100; i++) {
		const c = await get(`/bronnen/${src.id}`);
		if (c.counts.accepted >= all.length) break;
		await new Promise((ok) => setTimeout(ok, 100));
	}
	const c = await get(`/bronnen/${src.id}`);
	assert.equal(c.counts.accepted, all.length, 'every event arrived');
});

after(async () => {
	await srv?.stop();
});

test('activation: the window end is included, cohorts by Monday week of first seen', async () => {
	const a = await get(`/initiatieven/${ini}/metrieken/activatie?van=${from}&tot=${to}&activatie=aangemeld&activatiedagen=7`);
	assert.deepEqual(a.cohorts.map((c) => [c.start, c.persons, c.activated, c.complete]), [
		[from, 3, 2, true],
		[dateOf((baseDay + 7) * DAY), 2, 0, true],
	]);
	assert.deepEqual(a.total, { persons: 5, activated: 2, rate: 0.4 });
	// one second more window: b counts too
	const b = await get(`/initiatieven/${ini}/metrieken/activatie?van=${from}&tot=${to}&activatie=aangemeld&activatiedagen=8`);
	assert.equal(b.cohorts[0].activated, 3);
});

test('K-factor: (3 invites / 3 signups) x (1 accepted / 3 invites) = 1/3; 0 without invites', async () => {
	const k = await get(`/initiatieven/${ini}/metrieken/kfactor?van=${from}&tot=${to}`);
	// signups in the span: c (day 2), a (day 7), b (day 8): 3 distinct persons
	assert.deepEqual(k.total, { signups: 3, invites: 3, accepted: 1, invitesPerSignup: 1, acceptanceRate: 1 / 3, kFactor: 1 / 3 });
	assert.equal(k.periods.length, 2);
	assert.deepEqual([k.periods[0].signups, k.periods[0].invites, k.periods[0].accepted], [1, 3, 0]);
	assert.equal(k.periods[0].kFactor, 0, '3 invites per signup, none accepted yet: K = 3 x 0');
	const none = await get(`/initiatieven/${ini}/metrieken/kfactor?van=${from}&tot=${to}&uitnodiging=nooit`);
	assert.equal(none.total.kFactor, 0, 'signups but no invites: K = 0');
	assert.equal(none.total.acceptanceRate, null);
});

test("NPS: each person's latest valid answer; out-of-range scores ignored and counted", async () => {
	const n = await get(`/initiatieven/${ini}/metrieken/nps?van=${from}&tot=${dateOf((baseDay + 20) * DAY)}`);
	// a: 3 then 10 (promoter), b 9 (promoter), c 6 (detractor), e 7 (passive), d 11 (ignored)
	assert.deepEqual([n.respondents, n.promoters, n.passives, n.detractors, n.ignored], [4, 2, 1, 1, 1]);
	assert.equal(n.nps, 25);
	assert.deepEqual(n.scores, [0, 0, 0, 0, 0, 0, 1, 1, 0, 1, 1]);
	assert.equal(n.property, '$survey_response');
});

test('revenue: an exact decimal sum (0.1 + 0.2 + 19.99 = 20.29), unreadable amounts counted apart', async () => {
	const r = await get(`/initiatieven/${ini}/metrieken/omzet?van=${from}&tot=${to}`);
	assert.deepEqual(r.total, { revenue: '20.29', purchases: 3, payingPersons: 2, newPayingPersons: 2, ignored: 1 });
	assert.deepEqual(r.periods.map((p) => p.revenue), ['0.30', '19.99']);
	assert.equal(r.exact, true);
	// the week alone: 0.1 + 0.2 is 0.30, not 0.30000000000000004
	const w = await get(`/initiatieven/${ini}/metrieken/omzet?van=${from}&tot=${dateOf((baseDay + 6) * DAY)}`);
	assert.equal(w.total.revenue, '0.30');
});

test('LTV, CAC, LTV/CAC and payback with a marketing-cost KPI series', async () => {
	const s = await bearer(srv.base, tok, 'POST', `/initiatieven/${ini}/kpi-reeksen`, { json: { name: 'Marketingkosten', kind: 'indicator', unit: 'euro', direction: 'lager' } });
	assert.equal(s.res.status, 201, s.text);
	for (const [d, value] of [[baseDay, 60.5], [baseDay + 7, 39.5], [baseDay + 20, 1000]]) {
		const v = await bearer(srv.base, tok, 'PUT', `/kpi-reeksen/${s.body.id}/waarden/${dateOf(d * DAY)}`, { json: { value } });
		assert.ok(v.res.status < 300, v.text);
	}
	const u = await get(`/initiatieven/${ini}/metrieken/ltv?van=${from}&tot=${to}`);
	// cost 60.50 + 39.50 = 100.00 in the span; new paying a and b: CAC 50.00; LTV = 20.29 / 2 = 10.145
	assert.equal(u.costSeries.name, 'Marketingkosten');
	assert.equal(u.marketingCost, '100.00');
	assert.equal(u.cac, '50.00');
	assert.equal(u.ltv, '10.145');
	assert.ok(Math.abs(u.ltvCac - 0.2029) < 1e-12);
	// 20.29 / 2 persons x 30 / 14 days = 21.739286 a month; payback 50 / 21.739286
	assert.equal(u.arppuMonth, '21.739286');
	assert.ok(Math.abs(u.paybackMonths - 50 / (20.29 / 2 * 30 / 14)) < 1e-9);
	// the overview has them all and offers the series
	const o = await get(`/initiatieven/${ini}/metrieken/groei?van=${from}&tot=${to}`);
	assert.equal(o.unitEconomics.cac, '50.00');
	assert.equal(o.nps.nps, 25);
	assert.deepEqual(o.costSeriesOptions, [{ id: s.body.id, name: 'Marketingkosten', selected: true }]);
});

test('churn: recomputed from its definition in JavaScript', async () => {
	const W = 7 * DAY;
	const c = await get(`/initiatieven/${ini}/metrieken/churn?van=${from}&tot=${to}&churndagen=7`);
	const evs = [...fixture(base), ...experiment(base + 21 * DAY)].sort((x, y) => x[2] - y[2]);
	const want = [0, 1].map((k) => {
		const start = (baseDay + 7 * k) * DAY, end = start + W;
		const last = new Map();
		for (const [id, , ts] of evs) if (ts >= start && ts < end) last.set(id, ts);
		let churned = 0;
		for (const [id, t] of last) {
			const next = evs.find(([i, , ts]) => i === id && ts > t);
			if (next ? next[2] - t > W : Date.now() - t >= W) churned++;
		}
		return [dateOf(start), last.size, churned];
	});
	assert.deepEqual(c.periods.map((p) => [p.start, p.active, p.churned]), want);
	assert.ok(c.periods.every((p) => p.complete));
	// the current week is incomplete: its churn is null, never 0
	const now = await get(`/initiatieven/${ini}/metrieken/churn?churndagen=7`);
	const last = now.periods.at(-1);
	assert.equal(last.complete, false);
	assert.equal(last.churned, null);
	assert.equal(last.rate, null);
});

test('experiment from events: counts per variant, the analysis with its SRM check, stored as an analysis', async () => {
	const e = await bearer(srv.base, tok, 'POST', `/initiatieven/${ini}/experimenten`, {
		json: { name: 'Proef', hypothesis: 'Korter is beter', metric: 'Klaar binnen 3 dagen', metricKind: 'binomial', plannedSplit: [50, 50] },
	});
	assert.equal(e.res.status, 201, e.text);
	const id = e.body.id;
	const none = await get(`/experimenten/${id}/gebeurtenissen`);
	assert.equal(none.binding, null);
	assert.equal(none.counts, null);
	const bad = await bearer(srv.base, tok, 'PUT', `/experimenten/${id}/gebeurtenissen`, {
		json: { variantProperty: '$feature/proef', controlValue: 'x', treatmentValue: 'x', conversionEvent: 'klaar', windowDays: 0 },
	});
	assertProblem(bad, 400, ['treatmentValue', 'windowDays']);
	const put = await bearer(srv.base, tok, 'PUT', `/experimenten/${id}/gebeurtenissen`, {
		json: { exposureEvent: '$feature_flag_called', variantProperty: '$feature/proef', conversionEvent: 'klaar', windowDays: 3, sourceId: src.id },
	});
	assert.equal(put.res.status, 200, put.text);
	assert.deepEqual(put.body.counts, { control: { exposed: 6, converted: 1 }, treatment: { exposed: 5, converted: 3 }, switched: 1 });
	const a = put.body.analysis;
	assert.equal(a.control.n, 6);
	assert.equal(a.treatment.n, 5);
	assert.ok(Math.abs(a.control.mean - 1 / 6) < 1e-12 && Math.abs(a.treatment.mean - 3 / 5) < 1e-12);
	// SRM: 6 against 5 on a 50/50 plan: chi2 = (6 - 5.5)^2 / 5.5 x 2 = 1/11
	assert.ok(Math.abs(a.srm.chi2 - 1 / 11) < 1e-9, `chi2 ${a.srm.chi2}`);
	assert.equal(a.srm.flagged, false);
	// a lezer reads it too
	const lezer = await bearer(srv.base, token(srv.db, LEZER_EMAIL), 'GET', `/experimenten/${id}/gebeurtenissen`);
	assert.ok([200, 404].includes(lezer.res.status));
	// stored as an analysis of the primary metric; the experiment runs now
	const post = await bearer(srv.base, tok, 'POST', `/experimenten/${id}/gebeurtenissen/analyse`, { json: {} });
	assert.equal(post.res.status, 201, post.text);
	assert.equal(post.body.metricName, 'Klaar binnen 3 dagen');
	assert.deepEqual(post.body.input.control, { n: 6, conversions: 1 });
	const exp = await get(`/experimenten/${id}`);
	assert.equal(exp.status, 'lopend');
	const list = await get(`/experimenten/${id}/analyses`);
	assert.equal(list.analyses.length, 1);
	// unbound: the analysis says why there is none
	const del = await bearer(srv.base, tok, 'DELETE', `/experimenten/${id}/gebeurtenissen`);
	assert.equal(del.res.status, 204);
	const again = await bearer(srv.base, tok, 'POST', `/experimenten/${id}/gebeurtenissen/analyse`, { json: {} });
	assertProblem(again, 400, ['binding']);
});

test('bad parameters are 400 naming each; another source of the initiative only; unknown parameters refused', async () => {
	assertProblem(await bearer(srv.base, tok, 'GET', `/initiatieven/${ini}/metrieken/activatie?activatiedagen=400&interval=dag`), 400, ['activatiedagen', 'interval']);
	assertProblem(await bearer(srv.base, tok, 'GET', `/initiatieven/${ini}/metrieken/nps?van=2026-02-30`), 400, ['van']);
	assertProblem(await bearer(srv.base, tok, 'GET', `/initiatieven/${ini}/metrieken/nps?bron=1`), 400, ['bron']);
	assertProblem(await bearer(srv.base, tok, 'GET', `/initiatieven/${ini}/metrieken/nps?activatie=x`), 400, ['activatie']);
	const ok = await get(`/initiatieven/${ini}/metrieken/omzet?van=${from}&tot=${to}&bron=${src.id}`);
	assert.equal(ok.total.revenue, '20.29');
	assert.equal(ok.source, src.id);
});

test('a key result bound to a KPI series that follows a metric (NPS) takes its value, recomputed when shown', async () => {
	const s = await bearer(srv.base, tok, 'POST', `/initiatieven/${ini}/kpi-reeksen`, { json: { name: 'Tevredenheid (NPS)', kind: 'indicator', unit: 'NPS' } });
	assert.equal(s.res.status, 201, s.text);
	const bad = await bearer(srv.base, tok, 'PUT', `/kpi-reeksen/${s.body.id}/metriek`, { json: { metric: 'nps', parameters: { van: '2026-02-30', activatie: 'x', score: 3 } } });
	assertProblem(bad, 400, ['parameters.score']);
	const bad2 = await bearer(srv.base, tok, 'PUT', `/kpi-reeksen/${s.body.id}/metriek`, { json: { metric: 'nps', parameters: { van: '2026-02-30', activatie: 'x' } } });
	assertProblem(bad2, 400, ['parameters.van', 'parameters.activatie']);
	const span = { van: from, tot: dateOf((baseDay + 20) * DAY) };
	const put = await bearer(srv.base, tok, 'PUT', `/kpi-reeksen/${s.body.id}/metriek`, { json: { metric: 'nps', parameters: span } });
	assert.equal(put.res.status, 200, put.text);
	const { computedAt, ...rest } = put.body;
	assert.deepEqual(rest, { seriesId: s.body.id, metric: 'nps', parameters: span, value: 25, source: null,
		link: `/initiatieven/${ini}/metrieken/groei?tot=${span.tot}&van=${from}`, trend: [] });
	assert.ok(Math.abs(Date.parse(computedAt) - Date.now()) < 60000, 'computed now');
	// the series' page document carries the same, under followsMetric
	const page = await get(`/kpi-reeksen/${s.body.id}`);
	assert.equal(page.followsMetric.value, 25);
	assert.equal(page.followsMetric.metric, 'nps');
	const today = dateOf(Date.now());
	const period = await bearer(srv.base, tok, 'POST', `/organisaties/${ORG_A}/perioden`, { json: { name: 'Groeiperiode', startsOn: dateOf(Date.now() - 30 * DAY), endsOn: dateOf(Date.now() + 30 * DAY) } });
	const obj = await bearer(srv.base, tok, 'POST', `/organisaties/${ORG_A}/doelen`, { json: { title: 'Tevreden gebruikers', level: 'initiatief', initiativeId: ini, periodId: period.body.id } });
	const kr = await bearer(srv.base, tok, 'POST', `/doelen/${obj.body.id}/kernresultaten`, { json: { title: 'NPS naar 50', kind: 'stijgen', start: 0, target: 50, kpiSeriesId: s.body.id } });
	assert.equal(kr.res.status, 201, kr.text);
	assert.equal(kr.body.value, 25);
	assert.equal(kr.body.progress, 0.5);
	assert.equal(kr.body.kpiSeries.date, today);
	// another metric: the key result follows at once (K-factor over the fixture's two weeks = 1/3)
	await bearer(srv.base, tok, 'PUT', `/kpi-reeksen/${s.body.id}/metriek`, { json: { metric: 'kfactor', parameters: { van: from, tot: to } } });
	const k2 = await get(`/kernresultaten/${kr.body.id}`);
	assert.ok(Math.abs(k2.value - 1 / 3) < 1e-12);
	// its trend is the route's K per period (week 1: 3 invites per signup, none accepted yet: K = 0)
	const kt = await get(`/kpi-reeksen/${s.body.id}/metriek`);
	const kf = await get(`/initiatieven/${ini}/metrieken/kfactor?van=${from}&tot=${to}`);
	assert.deepEqual(kt.trend, kf.periods.map((p) => ({ date: p.start, value: p.kFactor })));
	assert.equal(kt.trend[0].value, 0);
	// unbound from the metric: the series' stored values count again (none: no value)
	const del = await bearer(srv.base, tok, 'DELETE', `/kpi-reeksen/${s.body.id}/metriek`);
	assert.equal(del.res.status, 204);
	assert.equal((await get(`/kpi-reeksen/${s.body.id}/metriek`)).metric, null);
	assert.equal((await get(`/kernresultaten/${kr.body.id}`)).kpiSeries.value, null);
});

test('a gate criterion with a metric as evidence: judged now, snapshot when the review opens, frozen when it is decided', async () => {
	const call = (method, path, json) => bearer(srv.base, tok, method, path, json ? { json } : {});
	const plan = await call('PUT', `/initiatieven/${ini}/fasen`, { phases: [{ name: 'pilot' }, { name: 'opschalen' }], current: 1 });
	assert.equal(plan.res.status, 200, plan.text);
	const phase = plan.body.phases[0].id;
	const span = { van: from, tot: dateOf((baseDay + 20) * DAY), bron: String(src.id) };
	// every bad field named: an unknown metric, a missing threshold, a parameter of another metric, a non-string
	assertProblem(await call('POST', `/fasen/${phase}/criteria`, { title: 'x', kind: 'knock-out', evidence: 'metriek', evidenceParam: 'levensduur' }),
		400, ['evidenceParam', 'threshold']);
	assertProblem(await call('POST', `/fasen/${phase}/criteria`, { title: 'x', kind: 'knock-out', evidence: 'metriek', evidenceParam: 'nps', threshold: 1,
		metricParameters: { churndagen: '3', van: '2026-02-30' } }), 400, ['metricParameters.churndagen', 'metricParameters.van']);
	assertProblem(await call('POST', `/fasen/${phase}/criteria`, { title: 'x', kind: 'knock-out', evidence: 'metriek', evidenceParam: 'nps', threshold: 1,
		metricParameters: { van: 3 } }), 400, ['metricParameters.van']);
	assertProblem(await call('POST', `/fasen/${phase}/criteria`, { title: 'x', kind: 'knock-out', evidence: 'geen', metricParameters: { van: from } }),
		400, ['metricParameters']);
	// NPS 25 (hand-worked above): >= 25 holds, >= 26 fails; churn of the last complete week (1 of 3 = 33.3 %) <= 40 holds
	const holds = await call('POST', `/fasen/${phase}/criteria`, { title: 'NPS minstens 25', kind: 'knock-out', evidence: 'metriek', evidenceParam: 'nps', threshold: 25, metricParameters: span });
	assert.equal(holds.res.status, 201, holds.text);
	assert.deepEqual([holds.body.evidence, holds.body.evidenceParam, holds.body.comparison, holds.body.metricParameters], ['metriek', 'nps', '>=', span]);
	const fails = await call('POST', `/fasen/${phase}/criteria`, { title: 'NPS minstens 26', kind: 'score', weight: 2, evidence: 'metriek', evidenceParam: 'nps', threshold: 26, metricParameters: span });
	assert.equal(fails.res.status, 201, fails.text);
	const gate = await get(`/fasen/${phase}`);
	const j = (g, id) => g.judgements.find((x) => x.criterionId === id);
	assert.equal(j(gate, holds.body.id).verdict, true);
	assert.equal(j(gate, holds.body.id).met, true);
	assert.equal(j(gate, fails.body.id).verdict, false);
	assert.equal(j(gate, fails.body.id).suggestedScore, 0);
	// replacing the criterion with "at most 26" (lower is better) turns the verdict
	const upd = await call('PUT', `/criteria/${fails.body.id}`, { title: 'NPS hoogstens 26', kind: 'score', weight: 2, evidence: 'metriek', evidenceParam: 'nps', threshold: 26, comparison: '<=', metricParameters: span });
	assert.equal(upd.res.status, 200, upd.text);
	assert.equal(upd.body.comparison, '<=');
	assert.equal(j(await get(`/fasen/${phase}`), fails.body.id).verdict, true);
	assert.equal(j(await get(`/fasen/${phase}`), fails.body.id).metric.comparison, '<=');
	await call('PUT', `/criteria/${fails.body.id}`, { title: 'NPS minstens 26', kind: 'score', weight: 2, evidence: 'metriek', evidenceParam: 'nps', threshold: 26, metricParameters: span });
	const m = j(gate, holds.body.id).metric;
	assert.equal(m.value, 25);
	assert.deepEqual(m.source, { id: src.id, name: 'App' });
	assert.equal(m.link, `/initiatieven/${ini}/metrieken/groei?bron=${src.id}&tot=${span.tot}&van=${from}`);
	assert.ok(Date.now() - Date.parse(m.computedAt) < 60000);
	// the evidence API holds the metric once, though two criteria name it
	const ev = await get(`/initiatieven/${ini}/bewijs`);
	assert.equal(ev.plan.metrics.length, 1);
	assert.equal(ev.plan.metrics[0].value, 25);
	// the review's snapshot keeps 25 while new answers arrive: f scores 0 and 1 (latest 0): NPS (2 - 2) / 5 = 0
	const open = await call('POST', `/fasen/${phase}/poortreviews`, {});
	assert.equal(open.res.status, 201, open.text);
	assert.equal(open.body.snapshot.plan.metrics[0].value, 25);
	const ph = new PostHog(src.key, { host: srv.base, flushAt: 10, flushInterval: 50 });
	const before = (await get(`/bronnen/${src.id}`)).counts.accepted;
	ph.capture({ distinctId: 'f', event: 'survey sent', properties: { $survey_response: '1' }, timestamp: new Date(base + 9 * DAY) });
	ph.capture({ distinctId: 'f', event: 'survey sent', properties: { $survey_response: '0' }, timestamp: new Date(base + 9 * DAY + 1000) });
	await ph.shutdown();
	for (let i = 0; i < 100 && (await get(`/bronnen/${src.id}`)).counts.accepted < before + 2; i++) await new Promise((ok) => setTimeout(ok, 100));
	assert.equal(j(await get(`/fasen/${phase}`), holds.body.id).metric.value, 0, 'the gate page shows the value now');
	const still = await get(`/poortreviews/${open.body.id}`);
	assert.equal(still.snapshot.plan.metrics[0].value, 25, 'the open review keeps its snapshot');
	assert.equal(j(still, holds.body.id).verdict, true);
	// the decision freezes the value of that moment, with the value at opening beside it
	const dec = await call('POST', `/poortreviews/${open.body.id}/besluit`, { decision: 'bijsturen', rationale: 'NPS gedaald', decisionMakers: 'Stuurgroep', decidedOn: dateOf(Date.now()) });
	assert.equal(dec.res.status, 200, dec.text);
	const frozen = j(dec.body, holds.body.id);
	assert.equal(frozen.metric.value, 0);
	assert.equal(frozen.metric.valueAtOpen, 25);
	assert.equal(frozen.verdict, false);
	assert.equal(frozen.met, true, 'what people judged stays');
	assert.equal(dec.body.snapshot.plan.metrics[0].value, 0);
	assert.ok(dec.body.snapshot.plan.metrics[0].frozenAt);
	// later data does not rewrite history: g answers 10 -> NPS now (3 - 2) / 6 = 16.7, the decided review still says 0
	const ph2 = new PostHog(src.key, { host: srv.base, flushAt: 10, flushInterval: 50 });
	ph2.capture({ distinctId: 'g', event: 'survey sent', properties: { $survey_response: 10 }, timestamp: new Date(base + 9 * DAY) });
	await ph2.shutdown();
	for (let i = 0; i < 100 && (await get(`/bronnen/${src.id}`)).counts.accepted < before + 3; i++) await new Promise((ok) => setTimeout(ok, 100));
	assert.ok(Math.abs(j(await get(`/fasen/${phase}`), holds.body.id).metric.value - 100 / 6) < 1e-9);
	const later = await get(`/poortreviews/${open.body.id}`);
	assert.equal(j(later, holds.body.id).metric.value, 0);
	assert.equal(later.snapshot.plan.metrics[0].value, 0);
	// the decision and the criteria are audited
	const audit = await get(`/organisaties/${ORG_A}/auditlog?actie=plan.criterion.create`);
	assert.ok(audit.items.some((e) => e.result === 'invalid') && audit.items.some((e) => e.result === 'ok'), JSON.stringify(audit).slice(0, 300));
});
