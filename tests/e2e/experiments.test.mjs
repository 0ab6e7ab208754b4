// SPDX-License-Identifier: EUPL-1.2
// Experiments of an initiative over real HTTP: create and edit through the
// API and the page forms, analyses with the reference values of issue 5
// (R 4.x: prop.test / z-interval on the relative lift, Bayesian flat and
// N(0, 0.3²) priors, the confidence sequence), bad input named field by
// field, roles (lezer reads, deelnemer reads, bewerker writes), other
// organisations invisible (404), the decision record and the results page;
// several metrics per experiment with Benjamini-Hochberg across them.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import {
	startServer, loggedIn, bearer, token, sql, cli, assertProblem, csrfOf, RFC3339_UTC,
	DEMO_EMAIL, LEZER_EMAIL, BEWERKER_EMAIL, ORG_A, ORG_B,
} from './lib.mjs';

let srv, tok, lezer, bewerker, deelnemer, initA, initB;

const near = (got, want, rel, what) =>
	assert.ok(Math.abs(got - want) <= rel * Math.abs(want), `${what}: ${got}, expected ${want} (±${rel} relative)`);

// Reference case of issue 5: 100/1000 (A) against 120/1000 (B).
const REF = { control: { n: 1000, conversions: 100 }, treatment: { n: 1000, conversions: 120 } };
const DESIGN = {
	name: 'Herinneringsbrief met QR-code',
	hypothesis: 'Een brief met QR-code levert meer aanmeldingen op dan de gewone brief.',
	metric: 'Aanmeldingen binnen 30 dagen',
	metricKind: 'binomial',
	budgetEur: 12500,
	startsOn: '2026-02-01',
	endsOn: '2026-04-30',
	successCriterion: 'Kans dat B beter is ≥ 95% en verwacht verlies < 0,5%.',
	plannedNPerArm: 3841,
	plannedSplit: [50, 50],
	status: 'lopend',
};

async function makeExperiment(initiative, body = DESIGN, t = tok) {
	const r = await bearer(srv.base, t, 'POST', `/initiatieven/${initiative}/experimenten`, { json: body });
	assert.equal(r.res.status, 201, r.text);
	return r.body;
}

before(async () => {
	srv = await startServer();
	tok = token(srv.db, DEMO_EMAIL);
	lezer = token(srv.db, LEZER_EMAIL);
	bewerker = token(srv.db, BEWERKER_EMAIL);
	cli(['user', 'add', '--db', srv.db, '--email', 'deelnemer@scalelab.test', '--name', 'Dana Deelnemer',
		'--org', ORG_A, '--role', 'deelnemer'], 'een-lang-wachtwoord-2026\n');
	deelnemer = token(srv.db, 'deelnemer@scalelab.test');
	const a = await bearer(srv.base, tok, 'GET', `/organisaties/${ORG_A}/initiatieven`);
	initA = a.body.initiatives[0].id;
	const b = await bearer(srv.base, tok, 'GET', `/organisaties/${ORG_B}/initiatieven`);
	initB = b.body.initiatives[0].id;
});
after(async () => {
	await srv?.stop();
});

test('API create: 201, Location, the stored design; listed under its initiative', async () => {
	const { res, body } = await bearer(srv.base, tok, 'POST', `/initiatieven/${initA}/experimenten`, { json: DESIGN });
	assert.equal(res.status, 201);
	assert.equal(res.headers.get('location'), `/api/v1/experimenten/${body.id}`);
	for (const k of Object.keys(DESIGN)) assert.deepEqual(body[k], DESIGN[k], k);
	assert.equal(body.initiativeId, initA);
	assert.equal(body.organisation, ORG_A);
	assert.equal(body.decision, null);
	assert.equal(body.latestAnalysis, null);
	assert.equal(body.analysisCount, 0);
	assert.match(body.createdAt, RFC3339_UTC);
	const got = await bearer(srv.base, lezer, 'GET', `/experimenten/${body.id}`);
	assert.equal(got.res.status, 200);
	assert.equal(got.body.hypothesis, DESIGN.hypothesis);
	assert.equal(got.body.canEdit, false, 'a lezer may not edit');
	const list = await bearer(srv.base, lezer, 'GET', `/initiatieven/${initA}/experimenten`);
	assert.equal(list.res.status, 200);
	assert.equal(list.body.initiative.id, initA);
	assert.ok(list.body.experiments.some((e) => e.id === body.id && e.status === 'lopend'));
});

test('API create: defaults for metricKind, status and plannedSplit', async () => {
	const e = await makeExperiment(initA, { name: 'Klein', hypothesis: 'H', metric: 'M' });
	assert.equal(e.metricKind, 'binomial');
	assert.equal(e.status, 'ontwerp');
	assert.deepEqual(e.plannedSplit, [50, 50]);
	assert.equal(e.budgetEur, null);
	assert.equal(e.plannedNPerArm, null);
});

test('API create: every bad design field is named at once', async () => {
	const r = await bearer(srv.base, tok, 'POST', `/initiatieven/${initA}/experimenten`, {
		json: {
			name: ' ', metric: '', metricKind: 'ratio', budgetEur: -5, startsOn: '2026-02-30', endsOn: '2026-01-01',
			plannedNPerArm: 1, plannedSplit: [50, 0], status: 'klaar', colour: 'blauw',
		},
	});
	assertProblem(r, 400, ['name', 'hypothesis', 'metric', 'metricKind', 'budgetEur', 'startsOn', 'plannedNPerArm',
		'plannedSplit', 'status', 'colour']);
	const order = await bearer(srv.base, tok, 'POST', `/initiatieven/${initA}/experimenten`, {
		json: { ...DESIGN, startsOn: '2026-05-01', endsOn: '2026-04-30', plannedSplit: '50/50/0' },
	});
	assertProblem(order, 400, ['endsOn', 'plannedSplit']);
	const types = await bearer(srv.base, tok, 'POST', `/initiatieven/${initA}/experimenten`, {
		json: { ...DESIGN, budgetEur: '12k', plannedNPerArm: 2.5, plannedSplit: { a: 1 } },
	});
	assertProblem(types, 400, ['budgetEur', 'plannedNPerArm', 'plannedSplit']);
});

test('analysis, frequentist: lift 0.2, se, p and CI as in R; stored with its input', async () => {
	const e = await makeExperiment(initA);
	const r = await bearer(srv.base, tok, 'POST', `/experimenten/${e.id}/analyses`, { json: { ...REF, method: 'frequentist' } });
	assert.equal(r.res.status, 201, r.text);
	assert.equal(r.res.headers.get('location'), `/api/v1/experimenten/${e.id}/analyses/${r.body.id}`);
	const x = r.body.result;
	near(x.lift, 0.2, 1e-9, 'lift');
	near(x.se, 0.1533623, 1e-6, 'se');
	near(x.pValue, 0.192199, 1e-6, 'p');
	near(x.ciLow, -0.1005846, 1e-6, 'ci low');
	near(x.ciHigh, 0.5005846, 1e-6, 'ci high');
	assert.equal(x.srm.flagged, false);
	assert.equal(x.chanceToWin, undefined, 'no Bayesian numbers for a frequentist analysis');
	assert.deepEqual(r.body.input.control, REF.control);
	assert.equal(r.body.input.metric, 'binomial', 'metric taken from the experiment');
	assert.deepEqual(r.body.input.weights, [50, 50], 'weights taken from the planned split');
	assert.equal(r.body.createdBy.name, 'Dewi de Programmamanager');
	assert.match(r.body.createdAt, RFC3339_UTC);
	const one = await bearer(srv.base, lezer, 'GET', `/experimenten/${e.id}/analyses/${r.body.id}`);
	assert.equal(one.res.status, 200);
	assert.deepEqual(one.body.result, x, 'the stored result reads back exactly');
	const exp = await bearer(srv.base, lezer, 'GET', `/experimenten/${e.id}`);
	assert.equal(exp.body.analysisCount, 1);
	assert.equal(exp.body.latestAnalysis.id, r.body.id);
	assert.equal(sql(srv.db, `SELECT count(*) FROM audit_log WHERE action='analysis.create' AND result='ok'`).trim() >= '1', true);
});

test('analysis, Bayesian: chance to win and risk (flat prior), posterior with N(0, 0.3²)', async () => {
	const e = await makeExperiment(initA);
	const flat = await bearer(srv.base, tok, 'POST', `/experimenten/${e.id}/analyses`, { json: { ...REF, method: 'bayesian' } });
	assert.equal(flat.res.status, 201, flat.text);
	near(flat.body.result.chanceToWin, 0.9039005, 1e-6, 'chance to win');
	near(flat.body.result.riskTreatment, 0.006921608, 1e-6, 'risk of shipping B');
	assert.equal(flat.body.result.prior, 'flat');
	const prior = await bearer(srv.base, tok, 'POST', `/experimenten/${e.id}/analyses`, {
		json: { ...REF, method: 'bayesian', prior: { mean: 0, sd: 0.3 } },
	});
	assert.equal(prior.res.status, 201, prior.text);
	near(prior.body.result.posteriorMean, 0.1585624, 1e-6, 'posterior mean');
	near(prior.body.result.posteriorSd, 0.1365538, 1e-6, 'posterior sd');
	near(prior.body.result.chanceToWin, 0.8772139, 1e-6, 'chance to win with prior');
	const seq = await bearer(srv.base, tok, 'POST', `/experimenten/${e.id}/analyses`, {
		json: { ...REF, method: 'sequential', tuning: 5000 },
	});
	assert.equal(seq.res.status, 201, seq.text);
	near(seq.body.result.rho, 0.03984007, 1e-6, 'rho');
	near(seq.body.result.halfWidth, 0.47907, 1e-6, 'half-width');
	const list = await bearer(srv.base, lezer, 'GET', `/experimenten/${e.id}/analyses`);
	assert.equal(list.res.status, 200);
	assert.deepEqual(list.body.analyses.map((a) => a.result.method), ['sequential', 'bayesian', 'bayesian'], 'newest first');
	const exp = await bearer(srv.base, tok, 'GET', `/experimenten/${e.id}`);
	assert.equal(exp.body.latestAnalysis.id, seq.body.id);
});

test('analysis: the SRM check uses the planned split (50000/51000 not flagged, 5000/5600 flagged, 60/40 plan)', async () => {
	const e = await makeExperiment(initA);
	const ok = await bearer(srv.base, tok, 'POST', `/experimenten/${e.id}/analyses`, {
		json: { control: { n: 50000, conversions: 5000 }, treatment: { n: 51000, conversions: 5200 } },
	});
	assert.equal(ok.res.status, 201, ok.text);
	near(ok.body.result.srm.chi2, 9.90099, 1e-6, 'chisq.test(c(50000, 51000))');
	near(ok.body.result.srm.pValue, 0.001651899, 1e-6, 'SRM p');
	assert.equal(ok.body.result.srm.flagged, false, 'p = 0.00165 is not below 0.001');
	const bad = await bearer(srv.base, tok, 'POST', `/experimenten/${e.id}/analyses`, {
		json: { control: { n: 5000, conversions: 500 }, treatment: { n: 5600, conversions: 600 } },
	});
	assert.equal(bad.body.result.srm.flagged, true);
	const planned = await makeExperiment(initA, { ...DESIGN, plannedSplit: [60, 40] });
	const fits = await bearer(srv.base, tok, 'POST', `/experimenten/${planned.id}/analyses`, {
		json: { control: { n: 6000, conversions: 600 }, treatment: { n: 4000, conversions: 420 } },
	});
	assert.equal(fits.body.result.srm.flagged, false, '6000/4000 fits a 60/40 plan');
	near(fits.body.result.srm.pValue, 1, 1e-12, 'exact fit');
});

test('analysis: bad input is a 400 problem+json naming each bad field, and nothing is stored', async () => {
	const e = await makeExperiment(initA);
	const post = (json) => bearer(srv.base, tok, 'POST', `/experimenten/${e.id}/analyses`, { json });
	assertProblem(await post({ control: { conversions: 100 }, treatment: { n: 1000, conversions: 120 } }), 400, ['control.n']);
	assertProblem(await post({ control: { n: 1000, conversions: 100 }, treatment: { n: 1000, conversions: 1200 } }), 400, ['treatment.conversions']);
	assertProblem(await post({ control: { n: 1, conversions: 0 }, treatment: { n: 1000, conversions: 120 } }), 400, ['control.n']);
	assertProblem(await post({ ...REF, method: 'magic' }), 400, ['method']);
	// all at once: every field is reported, each once
	const all = assertProblem(await post({
		control: { conversions: 100 }, treatment: { n: 10, conversions: 50 }, method: 'magic', alpha: 2, colour: 'rood',
	}), 400, ['control.n', 'treatment.conversions', 'method', 'alpha', 'colour']);
	assert.ok(all['invalid-params'].every((p) => !/^must /.test(p.reason)), 'reasons are in the caller\'s language (nl)');
	assertProblem(await post({ ...REF, metric: 'mean' }), 400, ['metric']);
	assertProblem(await post({ control: 'veel', treatment: { n: 10, conversions: 'x' } }), 400, ['control', 'treatment.conversions']);
	assertProblem(await bearer(srv.base, tok, 'POST', `/experimenten/${e.id}/analyses`, { raw: '{"control":' }), 400, ['body']);
	// variance < 0 needs a metric of kind mean
	const m = await makeExperiment(initA, { ...DESIGN, metricKind: 'mean', metric: 'Minuten wachttijd' });
	const mean = await bearer(srv.base, tok, 'POST', `/experimenten/${m.id}/analyses`, {
		json: { control: { n: 100, mean: 12, variance: -1 }, treatment: { n: 100, mean: 11 } },
	});
	assertProblem(mean, 400, ['control.variance', 'treatment.variance']);
	const en = await bearer(srv.base, tok, 'POST', `/experimenten/${m.id}/analyses`, {
		json: { control: { n: 100, mean: 12, variance: -1 }, treatment: { n: 100, mean: 11, variance: 4 } },
		headers: { 'Accept-Language': 'en' },
	});
	const body = assertProblem(en, 400, ['control.variance']);
	assert.equal(body['invalid-params'][0].reason, 'Must not be negative.');
	const good = await bearer(srv.base, tok, 'POST', `/experimenten/${m.id}/analyses`, {
		json: { control: { n: 100, mean: 12, variance: 16 }, treatment: { n: 100, mean: 11, variance: 16 } },
	});
	assert.equal(good.res.status, 201, good.text);
	near(good.body.result.lift, -1 / 12, 1e-9, 'mean lift');
	const after_ = await bearer(srv.base, tok, 'GET', `/experimenten/${e.id}/analyses`);
	assert.equal(after_.body.analyses.length, 0, 'no analysis stored from bad input');
});

// CUPED and ratio references: per-unit data with exact rationals (see
// tests/unit/test_stats_io.c for the data). The API spells the ratio arm
// fields in lowerCamelCase; the CLI's snake_case names are unknown here.
const CUPED = {
	control: { n: 8, mean: 13.875, variance: 12.125, covariate: { mean: 12.125, variance: 8.982142857142858, covariance: 10.303571428571429 } },
	treatment: { n: 8, mean: 16.625, variance: 7.125, covariate: { mean: 13.5, variance: 6.571428571428571, covariance: 6.785714285714286 } },
};
const RATIO = {
	metric: 'ratio',
	control: { n: 8, meanM: 35, varM: 274, meanD: 2.375, varD: 1.125, covMd: 17.142857142857142 },
	treatment: { n: 8, meanM: 39.375, varM: 221.69642857142858, meanD: 2.375, varD: 0.8392857142857143, covMd: 12.696428571428571 },
};

test('analysis with a CUPED covariate or a ratio metric (experiment metric of kind mean); bad fields named in camelCase', async () => {
	const e = await makeExperiment(initA, { ...DESIGN, metricKind: 'mean', metric: 'Omzet per bestelling' });
	const post = (json, headers) => bearer(srv.base, tok, 'POST', `/experimenten/${e.id}/analyses`, { json, headers });
	const c = await post(CUPED);
	assert.equal(c.res.status, 201, c.text);
	const x = c.body.result;
	near(x.cuped.theta, 1.0987370838117108, 1e-12, 'theta');
	near(x.cuped.varianceReduction, 0.9754094519552942, 1e-12, 'variance reduction');
	near(x.lift, 0.08470295111555798, 1e-12, 'lift on the adjusted arms');
	near(x.se, 0.01761018940725439, 1e-10, 'se on the adjusted arms');
	near(x.pValue, 1.5101864675418094e-06, 1e-8, 'p on the adjusted arms');
	near(x.control.mean, 14.630381745120552, 1e-12, 'adjusted control mean');
	assert.deepEqual(c.body.input.control.covariate, CUPED.control.covariate, 'input stored as sent');
	// the experiment's results carry the stored camelCase copy, cuped included
	const exp = (await bearer(srv.base, lezer, 'GET', `/experimenten/${e.id}`)).body;
	assert.deepEqual(exp.results[0].analysis.result.cuped, x.cuped);
	near(exp.results[0].pValue, 1.5101864675418094e-06, 1e-8, 'results p');

	const r = await post(RATIO);
	assert.equal(r.res.status, 201, r.text);
	assert.equal(r.body.result.metric, 'ratio');
	assert.equal(r.body.result.cuped, undefined);
	near(r.body.result.control.mean, 14.736842105263158, 1e-12, 'control revenue per order');
	near(r.body.result.control.variance, 2.3150221376447386, 1e-10, 'delta-method variance per unit');
	near(r.body.result.lift, 0.125, 1e-12, 'ratio lift');
	near(r.body.result.se, 0.06992974751012324, 1e-10, 'ratio se');
	assert.deepEqual(r.body.input.control, RATIO.control, 'input stored in camelCase');

	// bad input: every field at once, named as the API spells it, in Dutch
	const bad = assertProblem(await post({
		metric: 'ratio',
		control: { n: 1, meanM: 'veel', varM: -1, meanD: 0, varD: 1 },
		treatment: { ...RATIO.treatment, mean_d: 2, covariate: { mean: 1, variance: 1, covariance: 0 } },
	}), 400, ['control.n', 'control.meanM', 'control.varM', 'control.meanD', 'control.covMd', 'treatment.mean_d', 'treatment.covariate']);
	assert.ok(bad['invalid-params'].every((p) => !/^must |^is |^makes /.test(p.reason)), 'reasons are catalogue texts');
	assertProblem(await post({ ...CUPED, control: { n: 8, mean: 13.875, variance: 12.125 } }), 400, ['control.covariate']);
	assertProblem(await post({
		control: { ...CUPED.control, covariate: { mean: 12, variance: -1, covariance: 1, colour: 'rood' } },
		treatment: { ...CUPED.treatment, covariates: {} },
	}), 400, ['control.covariate.variance', 'control.covariate.colour', 'treatment.covariates']);
	const neg = assertProblem(await post({ ...RATIO, control: { ...RATIO.control, varM: 1, varD: 1, meanM: 1, meanD: 1, covMd: 2 } },
		{ 'Accept-Language': 'en' }), 400, ['control.covMd']);
	assert.match(neg['invalid-params'][0].reason, /variance of the ratio negative/);
	// a yes/no metric has no ratio or covariate
	const b = await makeExperiment(initA);
	const onBinomial = (json) => bearer(srv.base, tok, 'POST', `/experimenten/${b.id}/analyses`, { json });
	assertProblem(await onBinomial(RATIO), 400, ['metric']);
	assertProblem(await onBinomial({ ...REF, control: { ...REF.control, covariate: CUPED.control.covariate } }), 400, ['control.covariate']);
	assert.equal((await bearer(srv.base, tok, 'GET', `/experimenten/${e.id}/analyses`)).body.analyses.length, 2, 'bad input stored nothing');
});

// Two mean metrics whose variances make z = qnorm(0.995) and qnorm(0.98)
// for a lift of 0.1 (n = 100 per arm, means 10 and 11: var(lift) =
// 2.21e-4 σ²), so their p-values are 0.01 and 0.04 (mpmath, 30 digits).
// BH by hand: sorted 0.01, 0.04 with m = 2 -> 0.01·2/1 = 0.02, 0.04·2/2 = 0.04.
const P01 = { control: { n: 100, mean: 10, variance: 6.8198302851194439 }, treatment: { n: 100, mean: 11, variance: 6.8198302851194439 } };
const P04 = { control: { n: 100, mean: 10, variance: 10.727858440664321 }, treatment: { n: 100, mean: 11, variance: 10.727858440664321 } };
const TWO = {
	...DESIGN, status: 'ontwerp', metric: 'Wachttijd (minuten)', metricKind: 'mean',
	secondaryMetrics: [{ name: 'Tevredenheid', kind: 'mean' }, { name: 'Klachten', kind: 'binomial' }],
};

test('several metrics: the document lists them, the primary first; bad secondary metrics are named', async () => {
	const e = await makeExperiment(initA, TWO);
	assert.deepEqual(e.metrics, [
		{ name: 'Wachttijd (minuten)', kind: 'mean', primary: true },
		{ name: 'Tevredenheid', kind: 'mean', primary: false },
		{ name: 'Klachten', kind: 'binomial', primary: false },
	]);
	assert.equal(e.secondaryMetrics, undefined, 'one list in the representation: metrics');
	assert.deepEqual(e.results.map((r) => [r.metricName, r.primary, r.analysis, r.pValue, r.significant]), [
		['Wachttijd (minuten)', true, null, null, null], ['Tevredenheid', false, null, null, null], ['Klachten', false, null, null, null],
	]);
	const bad = await bearer(srv.base, tok, 'POST', `/initiatieven/${initA}/experimenten`, {
		json: { ...TWO, secondaryMetrics: [{ name: 'Wachttijd (minuten)' }, { name: '', kind: 'ratio' }, { name: 'X', colour: 1 }] },
	});
	assertProblem(bad, 400, ['secondaryMetrics.0.name', 'secondaryMetrics.1.name', 'secondaryMetrics.1.kind', 'secondaryMetrics.2.colour']);
	const many = await bearer(srv.base, tok, 'POST', `/initiatieven/${initA}/experimenten`, {
		json: { ...TWO, secondaryMetrics: ['a', 'b', 'c', 'd'].map((name) => ({ name })) },
	});
	assertProblem(many, 400, ['secondaryMetrics']);
	// PUT replaces them; renaming the primary metric keeps its analyses
	await bearer(srv.base, tok, 'POST', `/experimenten/${e.id}/analyses`, { json: P01 });
	const put = await bearer(srv.base, tok, 'PUT', `/experimenten/${e.id}`, {
		json: { ...TWO, metric: 'Wachttijd in minuten', secondaryMetrics: [] },
	});
	assert.equal(put.res.status, 200, put.text);
	assert.deepEqual(put.body.metrics.map((m) => m.name), ['Wachttijd in minuten']);
	assert.equal(put.body.results[0].analysis.metricName, 'Wachttijd in minuten');
});

test('several metrics: BH-adjusted p-values equal the hand-computed ones (0.01, 0.04 -> 0.02, 0.04)', async () => {
	const e = await makeExperiment(initA, TWO);
	assert.equal(e.status, 'ontwerp');
	const a = await bearer(srv.base, tok, 'POST', `/experimenten/${e.id}/analyses`, { json: { ...P01, method: 'frequentist' } });
	assert.equal(a.res.status, 201, a.text);
	assert.equal(a.body.metricName, 'Wachttijd (minuten)', 'the primary metric by default');
	assert.equal(a.body.input.metricName, 'Wachttijd (minuten)');
	const b = await bearer(srv.base, tok, 'POST', `/experimenten/${e.id}/analyses`, { json: { ...P04, metricName: 'Tevredenheid' } });
	assert.equal(b.res.status, 201, b.text);
	assert.equal(b.body.metricName, 'Tevredenheid');
	const x = (await bearer(srv.base, lezer, 'GET', `/experimenten/${e.id}`)).body;
	assert.equal(x.status, 'lopend', 'the first analysis moved ontwerp to lopend');
	const [prim, sec, none] = x.results;
	near(prim.pValue, 0.01, 1e-9, 'p primary');
	near(sec.pValue, 0.04, 1e-9, 'p secondary');
	near(prim.adjustedPValue, 0.02, 1e-9, 'BH primary');
	near(sec.adjustedPValue, 0.04, 1e-9, 'BH secondary');
	assert.equal(prim.analysis.id, a.body.id);
	assert.equal(sec.analysis.id, b.body.id);
	assert.equal(prim.significant, true);
	assert.equal(sec.significant, true, 'adjusted 0.04 < 0.05');
	assert.equal(none.analysis, null);
	assert.equal(none.adjustedPValue, null);
	// a newer analysis of a metric replaces its row; a stricter alpha is respected
	const c = await bearer(srv.base, tok, 'POST', `/experimenten/${e.id}/analyses`, { json: { ...P04, metricName: 'Tevredenheid', alpha: 0.03 } });
	assert.equal(c.res.status, 201, c.text);
	const y = (await bearer(srv.base, lezer, 'GET', `/experimenten/${e.id}`)).body;
	assert.equal(y.results[1].analysis.id, c.body.id);
	assert.equal(y.results[1].significant, false, 'adjusted 0.04 is not below 0.03');
	assert.equal(y.analysisCount, 3);
	// the status is not touched again
	await bearer(srv.base, tok, 'POST', `/experimenten/${e.id}/besluit`, { json: { decision: 'stoppen' } });
	await bearer(srv.base, tok, 'POST', `/experimenten/${e.id}/analyses`, { json: P01 });
	assert.equal((await bearer(srv.base, lezer, 'GET', `/experimenten/${e.id}`)).body.status, 'gestopt');
	// a metric that is not in the experiment, or of the other kind
	const post = (json) => bearer(srv.base, tok, 'POST', `/experimenten/${e.id}/analyses`, { json });
	assertProblem(await post({ ...P01, metricName: 'Onbekend' }), 400, ['metricName']);
	assertProblem(await post({ ...P01, metricName: 42 }), 400, ['metricName']);
	assertProblem(await post({ ...REF, metricName: 'Klachten', metric: 'mean' }), 400, ['metric']);
	const k = await post({ ...REF, metricName: 'Klachten' });
	assert.equal(k.res.status, 201, k.text);
	assert.equal(k.body.result.metric, 'binomial', 'kind taken from the named metric');
});

test('several metrics on the page: a row per metric, forest plot rows, adjusted p, the BH sentence', async () => {
	const e = await makeExperiment(initA, TWO);
	await bearer(srv.base, tok, 'POST', `/experimenten/${e.id}/analyses`, { json: P01 });
	await bearer(srv.base, tok, 'POST', `/experimenten/${e.id}/analyses`, { json: { ...P04, metricName: 'Tevredenheid' } });
	const c = await loggedIn(srv.base);
	const p = await c.get(`/experimenten/${e.id}`);
	assert.equal(p.status, 200);
	const chart = JSON.parse(p.text_.match(/data-chart-for="bosgrafiek">([^<]*)</)[1]);
	assert.deepEqual(chart.rows.map((r) => [r.name, r.estimate]), [['Wachttijd (minuten)', 10], ['Tevredenheid', 10]]);
	const rows = p.text_.match(/<tbody[\s\S]*?<\/tbody>/)[0].split('<tr').slice(1);
	assert.equal(rows.length, 3, 'a row for every metric, also one without analysis');
	assert.match(rows[0], /Wachttijd \(minuten\) <span class="sl-muted">\(hoofdmaat\)/);
	assert.match(rows[0], /p = 0,010<\/td>[\s\S]*p = 0,020<\/td>/);
	assert.match(rows[1], /p = 0,040<\/td>[\s\S]*p = 0,040<\/td>/);
	assert.match(rows[2], /Nog geen analyse voor deze maat\./);
	assert.match(p.text_, /id="bh-uitleg">Wie meer maten toetst/);
	// the form offers the metric, the method, the prior and alpha
	// (the counts form is for one metric at a time and asks what its kind needs: issue 9)
	for (const re of [/name="metricName" value="Wachttijd \(minuten\)"/, /href="\/experimenten\/\d+\?metriek=Tevredenheid#tellingen"/, /<select[^>]*id="prior"/,
		/<option value="normal"/, /<select[^>]*id="alpha"/, /<option value="0.05" selected>/, /id="control_mean"/])
		assert.match(p.text_, re);
	assert.doesNotMatch(p.text_, /id="control_conversions"/, 'a mean metric asks no conversions');
	// the page form: prior N(0, 0.3²) and alpha 0.10 on the secondary binomial metric
	const r = await c.form(`/experimenten/${e.id}/analyses`, {
		_csrf: csrfOf(p.text_), metricName: 'Klachten', 'control.n': '1000', 'control.conversions': '100',
		'control.mean': '', 'control.variance': '', 'treatment.n': '1000', 'treatment.conversions': '120',
		'treatment.mean': '', 'treatment.variance': '', method: 'bayesian', prior: 'normal', alpha: '0.1',
	});
	assert.equal(r.status, 303, r.text_);
	const list = await bearer(srv.base, tok, 'GET', `/experimenten/${e.id}/analyses`);
	const last = list.body.analyses[0];
	assert.equal(last.metricName, 'Klachten');
	assert.deepEqual(last.input.prior, { mean: 0, sd: 0.3 });
	assert.equal(last.result.alpha, 0.1);
	near(last.result.posteriorMean, 0.1585624, 1e-6, 'posterior mean with N(0, 0.3²) (R)');
	near(last.result.posteriorSd, 0.1365538, 1e-6, 'posterior sd with N(0, 0.3²) (R)');
	// a bad metric name from the form is shown at the field
	const bad = await c.form(`/experimenten/${e.id}/analyses`, {
		_csrf: csrfOf(p.text_), metricName: 'Onbekend', 'control.n': '100', 'treatment.n': '100', method: 'frequentist', prior: 'flat', alpha: '0.05',
	});
	assert.equal(bad.status, 400);
	assert.match(bad.text_, /href="#metricName"/);
	// secondary metrics through the edit form: empty rows are skipped, a duplicate is named
	const ed = await c.get(`/experimenten/${e.id}/bewerken`);
	assert.match(ed.text_, /id="secondaryMetrics_0_name"[^>]*value="Tevredenheid"/);
	assert.match(ed.text_, /id="secondaryMetrics_2_name"[^>]*value=""/);
	const form = {
		_csrf: csrfOf(ed.text_), name: TWO.name, hypothesis: TWO.hypothesis, metric: TWO.metric, metricKind: 'mean',
		'secondaryMetrics.0.name': '', 'secondaryMetrics.0.kind': 'binomial',
		'secondaryMetrics.1.name': 'Klachten', 'secondaryMetrics.1.kind': 'binomial',
		'secondaryMetrics.2.name': 'Klachten', 'secondaryMetrics.2.kind': 'mean', plannedSplit: '50/50', status: 'lopend',
	};
	const dup = await c.form(`/experimenten/${e.id}/bewerken`, form);
	assert.equal(dup.status, 400);
	assert.match(dup.text_, /href="#secondaryMetrics_2_name"/);
	assert.match(dup.text_, /id="secondaryMetrics_1_name"[^>]*value="Klachten"/, 'typed rows are kept');
	const ok = await c.form(`/experimenten/${e.id}/bewerken`, { ...form, 'secondaryMetrics.2.name': 'Terugbellen' });
	assert.equal(ok.status, 303, ok.text_);
	const after1 = (await bearer(srv.base, tok, 'GET', `/experimenten/${e.id}`)).body;
	assert.deepEqual(after1.metrics.map((m) => [m.name, m.kind]), [['Wachttijd (minuten)', 'mean'], ['Klachten', 'binomial'], ['Terugbellen', 'mean']]);
});

test('roles: lezer and deelnemer read but get 403 on every write; bewerker writes', async () => {
	const e = await makeExperiment(initA);
	for (const t of [lezer, deelnemer]) {
		assert.equal((await bearer(srv.base, t, 'GET', `/experimenten/${e.id}`)).res.status, 200);
		assert.equal((await bearer(srv.base, t, 'GET', `/experimenten/${e.id}/analyses`)).res.status, 200);
		assertProblem(await bearer(srv.base, t, 'POST', `/experimenten/${e.id}/analyses`, { json: REF }), 403);
		assertProblem(await bearer(srv.base, t, 'POST', `/initiatieven/${initA}/experimenten`, { json: DESIGN }), 403);
		assertProblem(await bearer(srv.base, t, 'PUT', `/experimenten/${e.id}`, { json: DESIGN }), 403);
		assertProblem(await bearer(srv.base, t, 'POST', `/experimenten/${e.id}/besluit`, { json: { decision: 'stoppen' } }), 403);
	}
	const r = await bearer(srv.base, bewerker, 'POST', `/experimenten/${e.id}/analyses`, { json: REF });
	assert.equal(r.res.status, 201, r.text);
	assert.equal(r.body.createdBy.name, 'Pieter Pilotleider');
	assertProblem(await bearer(srv.base, null, 'GET', `/experimenten/${e.id}`), 401);
});

test('another organisation\'s experiment is 404 on every route, as is an unknown id', async () => {
	const b = await makeExperiment(initB); // demo is bewerker in ORG_B; pilot is not a member
	const paths = [`/experimenten/${b.id}`, `/experimenten/${b.id}/analyses`, `/initiatieven/${initB}/experimenten`];
	for (const p of paths) assertProblem(await bearer(srv.base, bewerker, 'GET', p), 404);
	assertProblem(await bearer(srv.base, bewerker, 'POST', `/experimenten/${b.id}/analyses`, { json: REF }), 404);
	assertProblem(await bearer(srv.base, bewerker, 'PUT', `/experimenten/${b.id}`, { json: DESIGN }), 404);
	assertProblem(await bearer(srv.base, bewerker, 'POST', `/experimenten/${b.id}/besluit`, { json: { decision: 'stoppen' } }), 404);
	assertProblem(await bearer(srv.base, bewerker, 'POST', `/initiatieven/${initB}/experimenten`, { json: DESIGN }), 404);
	for (const id of ['999999', '0', 'abc', '-1'])
		assertProblem(await bearer(srv.base, tok, 'GET', `/experimenten/${id}`), 404);
	// an analysis id of one experiment is not found under another
	const a = await makeExperiment(initA);
	const an = await bearer(srv.base, tok, 'POST', `/experimenten/${a.id}/analyses`, { json: REF });
	const other = await makeExperiment(initA);
	assertProblem(await bearer(srv.base, tok, 'GET', `/experimenten/${other.id}/analyses/${an.body.id}`), 404);
});

test('PUT replaces the design and keeps the decision; the decision record sets the status', async () => {
	const e = await makeExperiment(initA);
	const dec = await bearer(srv.base, tok, 'POST', `/experimenten/${e.id}/besluit`, {
		json: { decision: 'opschalen', note: 'Kans 90%, verlies klein: uitrollen in drie wijken.' },
	});
	assert.equal(dec.res.status, 200, dec.text);
	assert.equal(dec.body.status, 'afgerond');
	assert.equal(dec.body.decision.decision, 'opschalen');
	assert.equal(dec.body.decision.decidedBy.name, 'Dewi de Programmamanager');
	assert.match(dec.body.decision.decidedAt, RFC3339_UTC);
	const put = await bearer(srv.base, tok, 'PUT', `/experimenten/${e.id}`, {
		json: { ...DESIGN, name: 'Nieuwe naam', plannedSplit: [2, 1], status: 'afgerond', budgetEur: null },
	});
	assert.equal(put.res.status, 200, put.text);
	assert.equal(put.body.name, 'Nieuwe naam');
	assert.deepEqual(put.body.plannedSplit, [2, 1]);
	assert.equal(put.body.budgetEur, null);
	assert.equal(put.body.decision.decision, 'opschalen', 'the decision survives an edit');
	const stop = await bearer(srv.base, tok, 'POST', `/experimenten/${e.id}/besluit`, { json: { decision: 'stoppen' } });
	assert.equal(stop.body.status, 'gestopt');
	assertProblem(await bearer(srv.base, tok, 'POST', `/experimenten/${e.id}/besluit`, { json: { decision: 'misschien', why: 1 } }), 400, ['decision', 'why']);
	assertProblem(await bearer(srv.base, tok, 'POST', `/experimenten/${e.id}/besluit`, { json: {} }), 400, ['decision']);
	assert.equal(sql(srv.db, `SELECT count(*) FROM audit_log WHERE action='experiment.decide' AND object='experiment/${e.id}' AND result<>'invalid'`).trim(), '2');
});

test('pages: create through the form, errors shown at the field, counts added, result worded in Dutch and English', async () => {
	const c = await loggedIn(srv.base);
	const form = await c.get(`/initiatieven/${initA}/experimenten/nieuw`);
	assert.equal(form.status, 200);
	const bad = await c.form(`/initiatieven/${initA}/experimenten`, {
		_csrf: csrfOf(form.text_), name: 'Wachtkamer-sms', hypothesis: '', metric: 'Opkomst', metricKind: 'binomial',
		plannedSplit: '50:0', endsOn: '2026-01-01', startsOn: '2026-02-01', status: 'ontwerp',
	});
	assert.equal(bad.status, 400);
	assert.match(bad.text_, /id="foutmelding"/);
	assert.match(bad.text_, /href="#hypothesis"/);
	assert.match(bad.text_, /href="#plannedSplit"/);
	assert.match(bad.text_, /href="#endsOn"/);
	assert.match(bad.text_, /value="Wachtkamer-sms"/, 'typed values are kept');
	const made = await c.form(`/initiatieven/${initA}/experimenten`, {
		_csrf: csrfOf(form.text_), name: 'Wachtkamer-sms', hypothesis: 'Een sms vooraf verhoogt de opkomst.',
		metric: 'Opkomst', metricKind: 'binomial', plannedSplit: '50/50', plannedNPerArm: '3841', budgetEur: '2500',
		startsOn: '2026-02-01', endsOn: '2026-03-01', status: 'lopend',
	});
	assert.equal(made.status, 303, made.text_);
	const loc = made.headers.get('location');
	assert.match(loc, /^\/experimenten\/\d+$/);
	const id = Number(loc.split('/').pop());
	const page = await c.get(loc);
	assert.equal(page.status, 200);
	assert.match(page.text_, /Nog geen analyse|nog geen analyse/);
	assert.match(page.text_, /€\u00a02\.500/);
	const counts = await c.form(`${loc}/analyses`, {
		_csrf: csrfOf(page.text_), 'control.n': '1000', 'control.conversions': '100', 'treatment.n': '1000',
		'treatment.conversions': '120', method: 'bayesian',
	});
	assert.equal(counts.status, 303, counts.text_);
	assert.equal(counts.headers.get('location'), `/experimenten/${id}#resultaat`);
	const res = await c.get(loc);
	assert.match(res.text_, /Kans dat B beter is: <strong>90%<\/strong>/);
	assert.match(res.text_, /Verwacht verlies als je B kiest: <strong>0,7%<\/strong>/);
	assert.match(res.text_, /id="onder-plan"/, 'below-plan note: 1000 of 3841 per arm');
	assert.doesNotMatch(res.text_, /id="srm-waarschuwing"/);
	assert.match(res.text_, /data-chart-for="bosgrafiek"/);
	assert.match(res.text_, /20,0%/, 'lift in the data table');
	assert.match(res.text_, /10,0% <span class="sl-muted">\(n = 1000\)/, 'rate of A as a percentage');
	assert.doesNotMatch(res.text_, /p = 0,192/, 'a Bayesian result shows no p-value (issue 9)');
	const api = await bearer(srv.base, tok, 'GET', `/experimenten/${id}`);
	near(api.body.latestAnalysis.result.chanceToWin, 0.9039005, 1e-6, 'page input analysed like the API');
	// a bad count re-renders the results page with the error at the field
	const wrong = await c.form(`${loc}/analyses`, {
		_csrf: csrfOf(res.text_), 'control.n': '1', 'control.conversions': '-3', 'treatment.n': '',
		'treatment.conversions': '1,5', method: 'bayesian',
	});
	assert.equal(wrong.status, 400);
	for (const f of ['control_n', 'control_conversions', 'treatment_n', 'treatment_conversions'])
		assert.match(wrong.text_, new RegExp(`href="#${f}"`), f);
	assert.match(wrong.text_, /Groep A: aantal deelnemers: Moet minstens 2 zijn\./);
	// decision through the page
	const dec = await c.form(`${loc}/besluit`, { _csrf: csrfOf(res.text_), decision: 'aanpassen', note: 'Tekst van de sms inkorten.' });
	assert.equal(dec.status, 303);
	const done = await c.get(loc);
	assert.match(done.text_, /id="besluitverslag"/);
	assert.match(done.text_, /Tekst van de sms inkorten\./);
	// English twin
	const tl = await c.form('/taal', { _csrf: csrfOf(done.text_), lang: 'en', next: loc });
	assert.equal(tl.status, 303);
	const en = await c.get(loc);
	assert.match(en.text_, /Chance that B is better: <strong>90%<\/strong>/);
	assert.match(en.text_, /Expected loss if you choose B: <strong>0\.7%<\/strong>/);
	// back to Dutch: the choice is also stored with the user
	assert.equal((await c.form('/taal', { _csrf: csrfOf(en.text_), lang: 'nl', next: loc })).status, 303);
	// the initiative page links to its experiments
	const ini = await c.get(`/initiatieven/${initA}`);
	assert.match(ini.text_, new RegExp(`href="/initiatieven/${initA}/experimenten"`));
});

test('pages: the SRM banner shows for 5000 against 5600 on a 50/50 plan, not for 50000 against 51000', async () => {
	const c = await loggedIn(srv.base);
	const e = await makeExperiment(initA);
	await bearer(srv.base, tok, 'POST', `/experimenten/${e.id}/analyses`, {
		json: { control: { n: 50000, conversions: 5000 }, treatment: { n: 51000, conversions: 5200 } },
	});
	assert.doesNotMatch((await c.get(`/experimenten/${e.id}`)).text_, /id="srm-waarschuwing"/);
	await bearer(srv.base, tok, 'POST', `/experimenten/${e.id}/analyses`, {
		json: { control: { n: 5000, conversions: 500 }, treatment: { n: 5600, conversions: 600 } },
	});
	const p = await c.get(`/experimenten/${e.id}`);
	assert.match(p.text_, /id="srm-waarschuwing"/);
	assert.match(p.text_, /niet verdeeld zoals gepland/);
	assert.match(p.text_, /p &lt; 0,001\)/);
});

test('pages: a lezer sees the results but no forms, and is refused on a page POST', async () => {
	const e = await makeExperiment(initA);
	const c = await loggedIn(srv.base, LEZER_EMAIL);
	const p = await c.get(`/experimenten/${e.id}`);
	assert.equal(p.status, 200);
	assert.doesNotMatch(p.text_, /action="\/experimenten\/\d+\/analyses"/);
	assert.doesNotMatch(p.text_, /action="\/experimenten\/\d+\/besluit"/);
	const tokn = csrfOf(p.text_);
	const r = await c.form(`/experimenten/${e.id}/analyses`, { _csrf: tokn, 'control.n': '10', 'control.conversions': '1', 'treatment.n': '10', 'treatment.conversions': '2' });
	assert.equal(r.status, 403);
	assert.equal((await c.get(`/initiatieven/${initA}/experimenten/nieuw`)).status, 403);
	assert.equal((await c.get(`/experimenten/${e.id}/bewerken`)).status, 403);
});

test('cookie API writes need the CSRF token', async () => {
	const e = await makeExperiment(initA);
	const c = await loggedIn(srv.base);
	const no = await c.api('POST', `/experimenten/${e.id}/analyses`, REF, { origin: srv.base });
	assert.equal(no.status, 403);
	const csrf = await c.csrfFrom(`/experimenten/${e.id}`);
	const yes = await c.api('POST', `/experimenten/${e.id}/analyses`, REF, { csrf, origin: srv.base });
	assert.equal(yes.status, 201, yes.text_);
});
