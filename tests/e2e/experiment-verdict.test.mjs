// SPDX-License-Identifier: EUPL-1.2
// Experiments judged as people state them (issue 9, item 11): the verdict
// against the success criterion in percentage points or percent, only the
// chosen method's figures (a Bayesian analysis has no p-value and no
// "significant"), a counts form that asks only what the metric kind needs,
// and the relative lift divided by |control| for a metric below zero.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { startServer, loggedIn, bearer, token, DEMO_EMAIL, ORG_A } from './lib.mjs';

let srv, tok, initA;
const near = (got, want, tol, what) => assert.ok(Math.abs(got - want) <= tol, `${what}: ${got}, expected ${want}`);

// 100/1000 against 160/1000: difference 6 pp, se sqrt(.09/1000 + .1344/1000) = 0.014980;
// 95% interval 0.06 ± 1.959964 * 0.014980 = 0.030640 .. 0.089360 (prop.test without correction).
const ARMS = { control: { n: 1000, conversions: 100 }, treatment: { n: 1000, conversions: 160 } };
const BASE = {
	name: 'Herinnering per sms',
	hypothesis: 'Een sms levert meer aanmeldingen op.',
	metric: 'Aanmeldingen',
	metricKind: 'binomial',
	status: 'lopend',
	secondaryMetrics: [{ name: 'Nettomarge per dossier', kind: 'mean' }],
};

async function make(criterion) {
	const r = await bearer(srv.base, tok, 'POST', `/initiatieven/${initA}/experimenten`, { json: { ...BASE, successCriterion: criterion } });
	assert.equal(r.res.status, 201, r.text);
	return r.body.id;
}

before(async () => {
	srv = await startServer();
	tok = token(srv.db, DEMO_EMAIL);
	initA = (await bearer(srv.base, tok, 'GET', `/organisaties/${ORG_A}/initiatieven`)).body.initiatives[0].id;
});
after(async () => {
	await srv?.stop();
});

test('a criterion of +5 procentpunt is judged on the difference in points, not on the relative lift', async () => {
	const id = await make('+5 procentpunt meer aanmeldingen');
	let r = await bearer(srv.base, tok, 'POST', `/experimenten/${id}/analyses`, { json: { ...ARMS, method: 'frequentist' } });
	assert.equal(r.res.status, 201, r.text);
	const e = await bearer(srv.base, tok, 'GET', `/experimenten/${id}`);
	const c = e.body.results[0].criterion;
	assert.equal(c.unit, 'procentpunt');
	near(c.threshold, 0.05, 1e-12, 'threshold');
	near(c.estimate, 0.06, 1e-12, 'difference');
	near(c.low, 0.030640, 2e-6, 'low');
	near(c.high, 0.089360, 2e-6, 'high');
	assert.equal(c.verdict, 'onzeker', 'the interval straddles +5 pp');
	assert.equal(c.probability, null);
	// +2 pp: the whole interval lies above it.
	const id2 = await make('minstens 2 pp');
	await bearer(srv.base, tok, 'POST', `/experimenten/${id2}/analyses`, { json: { ...ARMS, method: 'frequentist' } });
	assert.equal((await bearer(srv.base, tok, 'GET', `/experimenten/${id2}`)).body.results[0].criterion.verdict, 'gehaald');
	// +10 pp: wholly below.
	const id3 = await make('+10 procentpunt');
	await bearer(srv.base, tok, 'POST', `/experimenten/${id3}/analyses`, { json: { ...ARMS, method: 'frequentist' } });
	assert.equal((await bearer(srv.base, tok, 'GET', `/experimenten/${id3}`)).body.results[0].criterion.verdict, 'niet_gehaald');
	// A criterion without a number: no verdict, and the page says why.
	const id4 = await make('Duidelijk beter dan nu');
	await bearer(srv.base, tok, 'POST', `/experimenten/${id4}/analyses`, { json: { ...ARMS, method: 'frequentist' } });
	assert.equal((await bearer(srv.base, tok, 'GET', `/experimenten/${id4}`)).body.results[0].criterion, null);
	const c1 = await loggedIn(srv.base);
	const html = (await c1.get(`/experimenten/${id}`)).text_;
	assert.match(html, /id="oordeel"/);
	assert.match(html, /Criterium \+5,0 procentpunt: nog onzeker/);
	assert.match(html, /Gemeten: \+6,0 procentpunt \(95%-interval \+3,1 tot \+8,9\)/);
	assert.match((await c1.get(`/experimenten/${id4}`)).text_, /id="geen-oordeel"/);
});

test('Bayesian: chances only, no p-value and no "significant"; the verdict is a chance', async () => {
	const id = await make('+5 procentpunt');
	const r = await bearer(srv.base, tok, 'POST', `/experimenten/${id}/analyses`, { json: { ...ARMS, method: 'bayesian' } });
	assert.equal(r.res.status, 201, r.text);
	const e = await bearer(srv.base, tok, 'GET', `/experimenten/${id}`);
	const res = e.body.results[0];
	assert.equal(res.pValue, null);
	assert.equal(res.adjustedPValue, null);
	assert.equal(res.significant, null);
	// P(diff > 0.05) with diff ~ N(0.06, 0.014980²): 1 - pnorm((0.05 - 0.06) / 0.014980) = 0.7478
	near(res.criterion.probability, 0.7478, 5e-4, 'chance of passing +5 pp');
	assert.equal(res.criterion.verdict, 'onzeker');
	const c = await loggedIn(srv.base);
	const html = (await c.get(`/experimenten/${id}`)).text_;
	const table = html.slice(html.indexOf('id="resultaattabel"'), html.indexOf('</table>', html.indexOf('id="resultaattabel"')));
	assert.doesNotMatch(table, /p-waarde|Significant/i, 'no p-value or significance columns for a Bayesian analysis');
	assert.match(table, /Kans/);
	assert.match(html, /kans dat het criterium gehaald is: 75%/);
});

test('the counts form asks conversions for a yes/no metric and a mean and variance only for a mean', async () => {
	const id = await make('+5 procentpunt');
	const c = await loggedIn(srv.base);
	let html = (await c.get(`/experimenten/${id}`)).text_;
	assert.match(html, /name="control\.conversions"/);
	assert.doesNotMatch(html, /name="control\.variance"/, 'a yes/no metric has no variance');
	html = (await c.get(`/experimenten/${id}?metriek=${encodeURIComponent('Nettomarge per dossier')}`)).text_;
	assert.match(html, /name="control\.variance"/);
	assert.doesNotMatch(html, /name="control\.conversions"/);
	assert.match(html, /name="metricName" value="Nettomarge per dossier"/);
});

test('net margin -10 -> -5 is an improvement: relative lift +50 % and chance to win near 1', async () => {
	const id = await make('+10%');
	const r = await bearer(srv.base, tok, 'POST', `/experimenten/${id}/analyses`, {
		json: { metricName: 'Nettomarge per dossier', control: { n: 400, mean: -10, variance: 25 }, treatment: { n: 400, mean: -5, variance: 25 }, method: 'bayesian' },
	});
	assert.equal(r.res.status, 201, r.text);
	near(r.body.result.lift, 0.5, 1e-12, 'lift divided by |control|');
	assert.ok(r.body.result.chanceToWin > 0.999, `chance to win ${r.body.result.chanceToWin}`);
	const e = await bearer(srv.base, tok, 'GET', `/experimenten/${id}`);
	const sec = e.body.results.find((x) => x.metricName === 'Nettomarge per dossier');
	assert.equal(sec.criterion.unit, 'procent');
	assert.equal(sec.criterion.verdict, 'gehaald');
});
