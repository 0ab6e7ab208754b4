// SPDX-License-Identifier: EUPL-1.2
// KPI series over real HTTP, per resource: series of an initiative (create,
// read, replace, delete, rules for adoption series), values (the value API is
// idempotent; another organisation's token gets 404; dates in the future and
// fractional adoption counts are refused), the CSV import (a good file, a bad
// file naming its line and importing nothing), the pages (list, series with
// chart and table, the value form, edit, delete), a key result bound to a
// series updating itself, and the demo series.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import {
	startServer, loggedIn, bearer, token, sql, cli, assertProblem, csrfOf,
	DEMO_EMAIL, LEZER_EMAIL, ORG_A, ORG_B,
} from './lib.mjs';

let srv, tok, lezer, other, ini, ini2;

const DAY = 86400000;
const iso = (d) => new Date(d).toISOString().slice(0, 10);
const today = iso(Date.now());
const daysAgo = (n) => iso(Date.now() - n * DAY);

async function ok(method, path, json, t = tok, want = [200, 201]) {
	const r = await bearer(srv.base, t, method, path, { json });
	assert.ok(want.includes(r.res.status), `${method} ${path}: ${r.res.status} ${r.text}`);
	return r.body;
}

before(async () => {
	srv = await startServer();
	tok = token(srv.db, DEMO_EMAIL);
	lezer = token(srv.db, LEZER_EMAIL);
	cli(['user', 'add', '--db', srv.db, '--email', 'oost@scalelab.test', '--name', 'Olga Oost', '--org', ORG_B,
		'--role', 'beheerder'], 'demo-opschalen-2026\n');
	other = token(srv.db, 'oost@scalelab.test');
	ini = (await ok('POST', `/organisaties/${ORG_A}/initiatieven`, { name: 'KPI-proef', stage: 'pilot' })).id;
	ini2 = (await ok('POST', `/organisaties/${ORG_A}/initiatieven`, { name: 'Tweede proef', stage: 'idee' })).id;
});
after(async () => {
	await srv?.stop();
});

test('demo: the demo initiatives have an adoption series with monthly values and a bound key result', async () => {
	const id = Number(sql(srv.db, "SELECT id FROM initiatives WHERE name='Digitale schuldhulp-intake'").trim());
	const list = await ok('GET', `/initiatieven/${id}/kpi-reeksen`);
	const adoption = list.series.find((s) => s.name === 'Aangesloten gemeenten');
	assert.equal(adoption.kind, 'adoptie');
	assert.equal(adoption.target, 12);
	assert.equal(adoption.targetDate, '2027-12-31');
	assert.ok(adoption.valueCount >= 10, 'monthly values');
	assert.ok(list.series.some((s) => s.name === 'Kosten per deelnemer' && s.direction === 'lager'));
	const kr = Number(sql(srv.db, 'SELECT min(kr_id) FROM kpi_kr_bindings').trim()); // the adoption one (the growth demo binds another to the NPS)
	const k = await ok('GET', `/kernresultaten/${kr}`);
	assert.equal(k.source, 'kpi');
	assert.equal(k.kpiSeries.id, adoption.id);
	assert.equal(k.value, adoption.latest.value);
});

test('series: create, read, replace, names unique per initiative, adoption rules, roles, other organisations', async () => {
	const s = await ok('POST', `/initiatieven/${ini}/kpi-reeksen`, {
		name: 'Aangesloten gemeenten', kind: 'adoptie', unit: 'gemeenten', target: 12, targetDate: '2027-12-31',
	});
	assert.equal(s.direction, 'hoger', 'adoption: higher is better by default');
	assert.deepEqual([s.latest, s.baseline, s.progress, s.targetMet, s.valueCount], [null, null, null, null, 0]);
	assert.deepEqual(s.values, []);
	assertProblem(await bearer(srv.base, tok, 'POST', `/initiatieven/${ini}/kpi-reeksen`, { json: { name: 'Aangesloten gemeenten', kind: 'adoptie' } }), 400, ['name']);
	assertProblem(await bearer(srv.base, tok, 'POST', `/initiatieven/${ini}/kpi-reeksen`, { json: { name: 'X', kind: 'adoptie', direction: 'lager' } }), 400, ['direction']);
	assertProblem(await bearer(srv.base, tok, 'POST', `/initiatieven/${ini}/kpi-reeksen`, { json: { name: 'X', kind: 'soort' } }), 400, ['kind']);
	assertProblem(await bearer(srv.base, tok, 'POST', `/initiatieven/${ini}/kpi-reeksen`, { json: { name: 'X', kind: 'indicator', targetDate: '2027-01-01' } }), 400, ['target']);
	// the same name in another initiative is fine
	await ok('POST', `/initiatieven/${ini2}/kpi-reeksen`, { name: 'Aangesloten gemeenten', kind: 'adoptie' });
	const cost = await ok('POST', `/initiatieven/${ini}/kpi-reeksen`, { name: 'Kosten per deelnemer', kind: 'indicator', unit: 'euro', direction: 'lager', target: 350 });
	const put = await ok('PUT', `/kpi-reeksen/${cost.id}`, { name: 'Kosten per deelnemer', kind: 'indicator', unit: 'euro', direction: 'lager', target: 300, description: 'Per afgeronde intake' });
	assert.equal(put.target, 300);
	assert.equal(put.description, 'Per afgeronde intake');
	assertProblem(await bearer(srv.base, tok, 'PUT', `/kpi-reeksen/${cost.id}`, { json: { name: 'Aangesloten gemeenten', kind: 'indicator' } }), 400, ['name']);
	// a lezer reads, does not write
	assert.equal((await ok('GET', `/kpi-reeksen/${s.id}`, undefined, lezer)).name, 'Aangesloten gemeenten');
	assertProblem(await bearer(srv.base, lezer, 'POST', `/initiatieven/${ini}/kpi-reeksen`, { json: { name: 'Y', kind: 'indicator' } }), 403);
	assertProblem(await bearer(srv.base, lezer, 'PUT', `/kpi-reeksen/${s.id}/waarden/${today}`, { json: { value: 1 } }), 403);
	// another organisation sees nothing
	assertProblem(await bearer(srv.base, other, 'GET', `/kpi-reeksen/${s.id}`), 404);
	assertProblem(await bearer(srv.base, other, 'GET', `/initiatieven/${ini}/kpi-reeksen`), 404);
	const list = await ok('GET', `/initiatieven/${ini}/kpi-reeksen`);
	assert.deepEqual(list.series.map((x) => x.name).sort(), ['Aangesloten gemeenten', 'Kosten per deelnemer']);
});

test('value API: one value per day, idempotent, latest and progress follow, another organisation gets 404', async () => {
	const s = await ok('POST', `/initiatieven/${ini}/kpi-reeksen`, { name: 'Bereikte gezinnen', kind: 'indicator', unit: 'gezinnen', target: 200 });
	const first = await ok('PUT', `/kpi-reeksen/${s.id}/waarden/${daysAgo(30)}`, { value: 40, note: 'start' });
	assert.equal(first.created, true);
	assert.equal(first.progress, 0, 'the first value is the baseline');
	const a = await ok('PUT', `/kpi-reeksen/${s.id}/waarden/${today}`, { value: 120 });
	assert.equal(a.created, true);
	assert.deepEqual(a.latest, { date: today, value: 120 });
	assert.equal(a.progress, 0.5, '(120 - 40) / (200 - 40)');
	const again = await ok('PUT', `/kpi-reeksen/${s.id}/waarden/${today}`, { value: 120 });
	assert.equal(again.created, false, 'the same day again replaces, and says so');
	assert.deepEqual({ ...again, created: true }, a, 'the same answer otherwise');
	const n = sql(srv.db, `SELECT count(*) FROM kpi_values WHERE series_id=${s.id}`).trim();
	assert.equal(n, '2', 'still one value per day');
	const got = await ok('GET', `/kpi-reeksen/${s.id}`);
	assert.deepEqual(got.values.map((v) => [v.date, v.value, v.source]), [[daysAgo(30), 40, 'api'], [today, 120, 'api']]);
	// a date after tomorrow, a malformed date, a bad value
	assertProblem(await bearer(srv.base, tok, 'PUT', `/kpi-reeksen/${s.id}/waarden/${iso(Date.now() + 3 * DAY)}`, { json: { value: 1 } }), 400, ['datum']);
	assert.equal((await bearer(srv.base, tok, 'PUT', `/kpi-reeksen/${s.id}/waarden/2026-02-30`, { json: { value: 1 } })).res.status, 404);
	assertProblem(await bearer(srv.base, tok, 'PUT', `/kpi-reeksen/${s.id}/waarden/${today}`, { json: { value: '12' } }), 400, ['value']);
	// a token of another organisation: 404, as if the series did not exist
	assertProblem(await bearer(srv.base, other, 'PUT', `/kpi-reeksen/${s.id}/waarden/${today}`, { json: { value: 1 } }), 404);
	assert.equal(sql(srv.db, `SELECT value FROM kpi_values WHERE series_id=${s.id} AND on_date='${today}'`).trim(), '120.0');
	// adoption counts organisations: whole numbers, not negative
	const adoption = JSON.parse(sql(srv.db, `SELECT json_object('id', id) FROM kpi_series WHERE initiative_id=${ini} AND kind='adoptie'`)).id;
	assertProblem(await bearer(srv.base, tok, 'PUT', `/kpi-reeksen/${adoption}/waarden/${today}`, { json: { value: 2.5 } }), 400, ['value']);
	// remove a day
	assert.equal((await bearer(srv.base, tok, 'DELETE', `/kpi-reeksen/${s.id}/waarden/${daysAgo(30)}`)).res.status, 204);
	assert.equal((await bearer(srv.base, tok, 'DELETE', `/kpi-reeksen/${s.id}/waarden/${daysAgo(30)}`)).res.status, 404);
	assert.equal((await ok('GET', `/kpi-reeksen/${s.id}`)).valueCount, 1);
});

test('progress: a lower-is-better series progresses as its value falls, and meets its target at or below it', async () => {
	const s = await ok('POST', `/initiatieven/${ini2}/kpi-reeksen`, { name: 'Wachttijd', kind: 'indicator', unit: 'dagen', direction: 'lager', target: 10 });
	await ok('PUT', `/kpi-reeksen/${s.id}/waarden/${daysAgo(10)}`, { value: 30 });
	const mid = await ok('PUT', `/kpi-reeksen/${s.id}/waarden/${daysAgo(5)}`, { value: 20 });
	assert.equal(mid.progress, 0.5);
	await ok('PUT', `/kpi-reeksen/${s.id}/waarden/${today}`, { value: 8 });
	const g = await ok('GET', `/kpi-reeksen/${s.id}`);
	assert.equal(g.targetMet, true);
	assert.equal(g.progress, 1.1, 'uncapped: (8 - 30) / (10 - 30)');
});

test('CSV import: a good file writes every line; a bad file names its line and imports nothing', async () => {
	const s = await ok('POST', `/initiatieven/${ini}/kpi-reeksen`, { name: 'Deelnemers', kind: 'indicator', unit: 'personen' });
	const good = `series,date,value\r\nDeelnemers,${daysAgo(20)},10\r\n"Deelnemers",${daysAgo(10)},"12,5"\r\n` +
		`Bereikte gezinnen,${daysAgo(2)},150\r\n`;
	// an initiative column must name this initiative (by name or id), even when another organisation uses the name
	await ok('POST', `/organisaties/${ORG_B}/initiatieven`, { name: 'KPI-proef', stage: 'idee' }, other);
	const named = await ok('POST', `/initiatieven/${ini}/kpi-reeksen/import`, { csv: `series,initiative,date,value\nDeelnemers,KPI-proef,${daysAgo(30)},8\nDeelnemers,${ini},${daysAgo(29)},9\n` });
	assert.deepEqual(named, { rows: 2, created: 2, replaced: 0 });
	assertProblem(await bearer(srv.base, tok, 'POST', `/initiatieven/${ini}/kpi-reeksen/import`, { json: { csv: `series,initiative,date,value\nDeelnemers,Tweede proef,${today},1\n` } }), 400, ['csv.2']);
	await ok('DELETE', `/kpi-reeksen/${s.id}/waarden/${daysAgo(30)}`, undefined, tok, [204]);
	await ok('DELETE', `/kpi-reeksen/${s.id}/waarden/${daysAgo(29)}`, undefined, tok, [204]);
	const r = await ok('POST', `/initiatieven/${ini}/kpi-reeksen/import`, { csv: good });
	assert.deepEqual(r, { rows: 3, created: 3, replaced: 0 });
	const d = await ok('GET', `/kpi-reeksen/${s.id}`);
	assert.deepEqual(d.values.map((v) => [v.date, v.value, v.source]), [[daysAgo(20), 10, 'import'], [daysAgo(10), 12.5, 'import']]);
	// by id, and the same days again: replaced
	const again = await ok('POST', `/initiatieven/${ini}/kpi-reeksen/import`, { csv: `seriesId,date,value\n${s.id},${daysAgo(20)},11\n` });
	assert.deepEqual(again, { rows: 1, created: 0, replaced: 1 });
	const before = sql(srv.db, 'SELECT count(*) FROM kpi_values').trim();
	const bad = await bearer(srv.base, tok, 'POST', `/initiatieven/${ini}/kpi-reeksen/import`, {
		json: { csv: `series,date,value\nDeelnemers,${daysAgo(1)},20\nDeelnemers,2026-13-01,21\n` },
	});
	assertProblem(bad, 400, ['csv.3']);
	assert.match(bad.body['invalid-params'][0].reason, /3/, 'the reason names the line');
	assert.equal(sql(srv.db, 'SELECT count(*) FROM kpi_values').trim(), before, 'nothing of the bad file was imported');
	assert.equal((await ok('GET', `/kpi-reeksen/${s.id}`)).valueCount, 2);
	// a series of another initiative, an unknown series, a missing column
	const foreign = JSON.parse(sql(srv.db, `SELECT json_object('id', id) FROM kpi_series WHERE initiative_id=${ini2} LIMIT 1`)).id;
	assertProblem(await bearer(srv.base, tok, 'POST', `/initiatieven/${ini}/kpi-reeksen/import`, { json: { csv: `seriesId,date,value\n${foreign},${today},1\n` } }), 400, ['csv.2']);
	assertProblem(await bearer(srv.base, tok, 'POST', `/initiatieven/${ini}/kpi-reeksen/import`, { json: { csv: `series,date,value\nOnbekend,${today},1\n` } }), 400, ['csv.2']);
	assertProblem(await bearer(srv.base, tok, 'POST', `/initiatieven/${ini}/kpi-reeksen/import`, { json: { csv: 'date,value\n2026-01-01,1\n' } }), 400, ['csv.1']);
	assertProblem(await bearer(srv.base, lezer, 'POST', `/initiatieven/${ini}/kpi-reeksen/import`, { json: { csv: good } }), 403);
});

test('OKR binding: a key result bound to a series takes its latest value and shows where it comes from', async () => {
	const s = await ok('POST', `/initiatieven/${ini}/kpi-reeksen`, { name: 'Gebruikers', kind: 'indicator', unit: 'personen' });
	await ok('PUT', `/kpi-reeksen/${s.id}/waarden/${daysAgo(3)}`, { value: 30 });
	const period = await ok('POST', `/organisaties/${ORG_A}/perioden`, { name: 'KPI-periode', startsOn: daysAgo(45), endsOn: iso(Date.now() + 45 * DAY) });
	const obj = await ok('POST', `/organisaties/${ORG_A}/doelen`, { title: 'Meer gebruikers', level: 'initiatief', initiativeId: ini, periodId: period.id });
	const kr = await ok('POST', `/doelen/${obj.id}/kernresultaten`, { title: 'Naar 100 gebruikers', kind: 'stijgen', start: 0, target: 100, kpiSeriesId: s.id });
	assert.equal(kr.source, 'kpi');
	assert.deepEqual(kr.kpiSeries, { id: s.id, name: 'Gebruikers', unit: 'personen', initiativeId: ini, date: daysAgo(3), value: 30 });
	assert.equal(kr.value, 30);
	assert.equal(kr.progress, 0.3);
	// a new value of the series updates the key result by itself
	await ok('PUT', `/kpi-reeksen/${s.id}/waarden/${today}`, { value: 55 });
	const k2 = await ok('GET', `/kernresultaten/${kr.id}`);
	assert.equal(k2.value, 55);
	assert.equal(k2.progress, 0.55);
	assert.equal(k2.kpiSeries.date, today);
	assert.notEqual(k2.status, 'verouderd', 'a bound key result updates itself: never stale');
	assert.deepEqual((await ok('GET', `/kpi-reeksen/${s.id}`)).keyResults.map((x) => x.id), [kr.id]);
	// the binding shows on the key result page
	const c = await loggedIn(srv.base);
	const page = await c.get(`/kernresultaten/${kr.id}`);
	assert.match(page.text_, new RegExp(`<a class="utrecht-link" href="/kpi-reeksen/${s.id}" id="kr-kpi">Gebruikers</a>`));
	// a series of another organisation, or both bindings at once, are refused
	assertProblem(await bearer(srv.base, tok, 'PUT', `/kernresultaten/${kr.id}`, { json: { title: 'X', kind: 'stijgen', start: 0, target: 100, kpiSeriesId: 999999 } }), 400, ['kpiSeriesId']);
	// replacing without kpiSeriesId unbinds
	const manual = await ok('PUT', `/kernresultaten/${kr.id}`, { title: 'Naar 100 gebruikers', kind: 'stijgen', start: 0, target: 100 });
	assert.equal(manual.source, 'handmatig');
	assert.equal(manual.kpiSeries, null);
	// the form binds too
	const form = await c.get(`/kernresultaten/${kr.id}/bewerken`);
	assert.match(form.text_, new RegExp(`<option value="${s.id}">KPI-proef · Gebruikers \\(personen\\)</option>`));
	const posted = await c.form(`/kernresultaten/${kr.id}/bewerken`, { _csrf: csrfOf(form.text_), title: 'Naar 100 gebruikers', kind: 'stijgen', start: '0', target: '100', weight: '1', kpiSeriesId: String(s.id), milestones: '' });
	assert.equal(posted.status, 303, posted.text_);
	assert.equal((await ok('GET', `/kernresultaten/${kr.id}`)).source, 'kpi');
	// deleting the series makes the key result manual again
	assert.equal((await bearer(srv.base, tok, 'DELETE', `/kpi-reeksen/${s.id}`)).res.status, 204);
	assert.equal((await ok('GET', `/kernresultaten/${kr.id}`)).source, 'handmatig');
	assertProblem(await bearer(srv.base, tok, 'GET', `/kpi-reeksen/${s.id}`), 404);
});

test('pages: list linked from the initiative, series with chart and table, value form, import form, edit and delete', async () => {
	const c = await loggedIn(srv.base);
	const inipage = await c.get(`/initiatieven/${ini}`);
	assert.match(inipage.text_, new RegExp(`href="/initiatieven/${ini}/kpi-reeksen"`));
	assert.match(inipage.text_, /id="initiatief-kerncijfers"[^]*Bereikte gezinnen/, 'the initiative page shows its series');
	const list = await c.get(`/initiatieven/${ini}/kpi-reeksen`);
	assert.equal(list.status, 200);
	assert.match(list.text_, /id="kpi-reeksen"/);
	const s = JSON.parse(sql(srv.db, `SELECT json_object('id', id) FROM kpi_series WHERE initiative_id=${ini} AND name='Bereikte gezinnen'`)).id;
	const page = await c.get(`/kpi-reeksen/${s}`);
	assert.equal(page.status, 200);
	assert.match(page.text_, /id="kpi-tabel"/, 'a data table beside the chart');
	const block = page.text_.match(/data-chart-for="kpi-grafiek">([^<]*)</);
	const chart = JSON.parse(block[1]);
	assert.equal(chart.kind, 'line');
	assert.equal(chart.series.length, 2, 'value and target');
	assert.match(page.text_, /<script src="\/static\/charts\.[0-9a-f]+\.js"><\/script>/, 'fingerprinted chart bundle');
	// a value in Dutch notation through the form
	const bad = await c.form(`/kpi-reeksen/${s}/waarden`, { _csrf: csrfOf(page.text_), date: today, value: 'veel' });
	assert.equal(bad.status, 400);
	assert.match(bad.text_, /href="#value"/);
	assert.match(bad.text_, /value="veel"/, 'what was typed is shown again');
	const good = await c.form(`/kpi-reeksen/${s}/waarden`, { _csrf: csrfOf(page.text_), date: daysAgo(1), value: '1234,5', note: 'telling' });
	assert.equal(good.status, 303);
	assert.equal(sql(srv.db, `SELECT value FROM kpi_values WHERE series_id=${s} AND on_date='${daysAgo(1)}'`).trim(), '1234.5');
	const after = await c.get(`/kpi-reeksen/${s}`);
	assert.match(after.text_, /1\.234,5 gezinnen/, 'numbers in Dutch with their unit');
	// import through the page: a bad line is named, a good file redirects with the count
	const imp = await c.form(`/initiatieven/${ini}/kpi-reeksen/import`, { _csrf: csrfOf(list.text_), csv: 'series,date,value\nBereikte gezinnen,gisteren,1\n' });
	assert.equal(imp.status, 400);
	assert.match(imp.text_, /Regel 2:/);
	const imp2 = await c.form(`/initiatieven/${ini}/kpi-reeksen/import`, { _csrf: csrfOf(list.text_), csv: `series,date,value\nBereikte gezinnen,${daysAgo(4)},90\n` });
	assert.equal(imp2.status, 303);
	assert.match(imp2.headers.get('location'), /geimporteerd=1/);
	// new, edit, delete
	for (const p of [`/initiatieven/${ini}/kpi-reeksen/nieuw`, `/kpi-reeksen/${s}/bewerken`]) assert.equal((await c.get(p)).status, 200, p);
	const nf = await c.get(`/initiatieven/${ini}/kpi-reeksen/nieuw`);
	const created = await c.form(`/initiatieven/${ini}/kpi-reeksen`, { _csrf: csrfOf(nf.text_), name: 'Via formulier', kind: 'indicator', direction: 'lager', unit: 'euro', target: '12,5', targetDate: '', description: '' });
	assert.equal(created.status, 303, created.text_);
	const id = Number(created.headers.get('location').split('/').pop());
	assert.equal(sql(srv.db, `SELECT target_value FROM kpi_series WHERE id=${id}`).trim(), '12.5');
	const ef = await c.get(`/kpi-reeksen/${id}/bewerken`);
	assert.match(ef.text_, /value="12,5"/, 'the target as typed in Dutch');
	const del = await c.form(`/kpi-reeksen/${id}/verwijderen`, { _csrf: csrfOf(ef.text_) });
	assert.equal(del.status, 303);
	assert.equal(sql(srv.db, `SELECT count(*) FROM kpi_series WHERE id=${id}`).trim(), '0');
	const o = await loggedIn(srv.base, 'oost@scalelab.test');
	assert.equal((await o.get(`/kpi-reeksen/${s}`)).status, 404);
});
