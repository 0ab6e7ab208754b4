// SPDX-License-Identifier: EUPL-1.2
// Business cases per party over real HTTP, per resource: cases (the dated
// preset rate, a rate of one's own needs a source, horizon 1..30, names
// unique, a horizon below the stored years refused), parties (unique
// case-insensitively, helix types), lines (amounts per year within the
// horizon, each bad field named), scenario multipliers, unit economics, the
// export as CSV and as XLSX with live formulas recomputed by HyperFormula and
// held against the API's figures (1 cent), roles, other organisations (404),
// audit rows, the page forms (amounts typed in euros) and the demo case.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import ExcelJS from 'exceljs';
import { HyperFormula } from 'hyperformula';
import {
	startServer, loggedIn, bearer, token, sql, cli, assertProblem, csrfOf,
	DEMO_EMAIL, LEZER_EMAIL, ORG_A, ORG_B,
} from './lib.mjs';

let srv, tok, lezer, other, ini;

async function ok(method, path, json, t = tok, want = [200, 201]) {
	const r = await bearer(srv.base, t, method, path, { json });
	assert.ok(want.includes(r.res.status), `${method} ${path}: ${r.res.status} ${r.text}`);
	return r.body;
}
const bad = async (method, path, json, fields, t = tok) =>
	assertProblem(await bearer(srv.base, t, method, path, { json }), 400, fields);
const amounts = (...v) => v.map((c, year) => ({ year, cents: c })).filter((a) => a.cents !== null);

before(async () => {
	srv = await startServer();
	tok = token(srv.db, DEMO_EMAIL);
	lezer = token(srv.db, LEZER_EMAIL);
	cli(['user', 'add', '--db', srv.db, '--email', 'oost-bc@scalelab.test', '--name', 'Olga Oost', '--org', ORG_B,
		'--role', 'beheerder'], 'demo-opschalen-2026\n');
	other = token(srv.db, 'oost-bc@scalelab.test');
	ini = (await ok('POST', `/organisaties/${ORG_A}/initiatieven`, { name: 'Case-proef', stage: 'pilot' })).id;
});
after(async () => {
	await srv?.stop();
});

test('demo: the fall-prevention case has the wrong-pocket problem and a deal', async () => {
	const id = Number(sql(srv.db, "SELECT id FROM initiatives WHERE name='Valpreventie thuis'").trim());
	const list = await ok('GET', `/initiatieven/${id}/businesscases`);
	assert.equal(list.cases.length, 1);
	const c = await ok('GET', `/businesscases/${list.cases[0].id}`);
	assert.equal(c.ratePct, 2.25);
	assert.equal(c.rateDate, '2021-01-01');
	assert.match(c.rateSource, /Werkgroep discontovoet 2020/);
	assert.equal(c.parties.length, 4);
	assert.ok(c.totals.npvCents > 0, 'the whole is positive');
	assert.equal(c.deal.partiesBelowZero, 3, 'one pays, others gain');
	assert.equal(c.deal.possible, true);
	assert.equal(c.deal.totalTransferCents, c.deal.deficitCents);
	assert.ok(c.deal.after.every((p) => p.npvCents >= 0));
	assert.equal(c.unitEconomics.kind, 'publiek');
	const s = await ok('GET', `/businesscases/${list.cases[0].id + 1}`);
	assert.equal(s.unitEconomics.kind, 'scaleup');
});

test('cases: the dated preset, a rate of one own needs a source, bad fields named, roles, other organisations', async () => {
	const c = await ok('POST', `/initiatieven/${ini}/businesscases`, { name: 'Preset' });
	assert.deepEqual([c.horizon, c.ratePct, c.rateDate], [10, 2.25, '2021-01-01']);
	assert.match(c.rateSource, /2,25 %/);
	assert.equal(c.ratePreset.date, '2021-01-01');
	assert.deepEqual(c.years, [0, 1, 2, 3, 4, 5, 6, 7, 8, 9, 10]);
	assert.equal(c.totals.npvCents, 0);
	assert.equal(c.unitEconomics, null);
	await bad('POST', `/initiatieven/${ini}/businesscases`, { name: 'Eigen voet', ratePct: 4 }, ['rateSource']);
	await bad('POST', `/initiatieven/${ini}/businesscases`, { name: 'Eigen voet', ratePct: 4, rateSource: c.rateSource }, ['rateSource']);
	await bad('POST', `/initiatieven/${ini}/businesscases`, { name: '', horizon: 31, ratePct: 21, rateDate: '2021-02-30', kleur: 1 },
		['name', 'horizon', 'ratePct', 'rateDate', 'kleur']);
	await bad('POST', `/initiatieven/${ini}/businesscases`, { name: 'X', horizon: 0 }, ['horizon']);
	await bad('POST', `/initiatieven/${ini}/businesscases`, { name: 'Preset' }, ['name']);
	const own = await ok('POST', `/initiatieven/${ini}/businesscases`, { name: 'Eigen voet', ratePct: 4, rateSource: 'Rendementseis bestuur', rateDate: '2026-01-01' });
	assert.deepEqual([own.ratePct, own.rateSource, own.rateDate], [4, 'Rendementseis bestuur', '2026-01-01']);
	const put = await ok('PUT', `/businesscases/${own.id}`, { name: 'Eigen voet', horizon: 20, ratePct: 2.25 });
	assert.equal(put.horizon, 20);
	// roles and organisations
	assert.equal((await ok('GET', `/businesscases/${own.id}`, undefined, lezer)).name, 'Eigen voet');
	assertProblem(await bearer(srv.base, lezer, 'PUT', `/businesscases/${own.id}`, { json: { name: 'Y' } }), 403);
	assertProblem(await bearer(srv.base, lezer, 'POST', `/initiatieven/${ini}/businesscases`, { json: { name: 'Y' } }), 403);
	assertProblem(await bearer(srv.base, other, 'GET', `/businesscases/${own.id}`), 404);
	assertProblem(await bearer(srv.base, other, 'GET', `/businesscases/${own.id}/export?formaat=xlsx`), 404);
	assertProblem(await bearer(srv.base, other, 'DELETE', `/businesscases/${own.id}`), 404);
	assertProblem(await bearer(srv.base, tok, 'GET', '/businesscases/999999'), 404);
	const del = await bearer(srv.base, tok, 'DELETE', `/businesscases/${own.id}`);
	assert.equal(del.res.status, 204);
	assertProblem(await bearer(srv.base, tok, 'GET', `/businesscases/${own.id}`), 404);
	// every write is audited
	const rows = sql(srv.db, "SELECT action || ':' || result FROM audit_log WHERE action LIKE 'businesscase.%' ORDER BY id").trim().split('\n');
	for (const want of ['businesscase.create:ok', 'businesscase.create:invalid', 'businesscase.update:ok', 'businesscase.delete:ok'])
		assert.ok(rows.includes(want), `audit ${want} in ${rows}`);
});

test('parties and lines: the textbook NPV, payback, no deal when the total is negative, then a deal', async () => {
	const c = await ok('POST', `/initiatieven/${ini}/businesscases`, { name: 'Tien procent', horizon: 3, ratePct: 10, rateSource: 'Leerboekvoorbeeld' });
	const a = await ok('POST', `/businesscases/${c.id}/partijen`, { name: 'Gemeente', helix: 'overheid' });
	const b = await ok('POST', `/businesscases/${c.id}/partijen`, { name: 'Verzekeraar', helix: 'markt' });
	await bad('POST', `/businesscases/${c.id}/partijen`, { name: 'gemeente', helix: 'overheid' }, ['name']);
	await bad('POST', `/businesscases/${c.id}/partijen`, { name: '', helix: 'bedrijf' }, ['name', 'helix']);
	await ok('POST', `/businesscases/${c.id}/regels`, { partyId: a.id, kind: 'kosten', category: 'investering', label: 'Start', source: 'Offerte', amounts: amounts(100000) });
	const benefit = await ok('POST', `/businesscases/${c.id}/regels`, {
		partyId: b.id, kind: 'baten', category: 'besparing', label: 'Minder opnames', source: 'Schatting', amounts: amounts(null, 30000, 40000, 50000),
	});
	assert.deepEqual(benefit.amounts.map((x) => x.year), [1, 2, 3]);
	let d = await ok('GET', `/businesscases/${c.id}`);
	// -1000 + 300/1.1 + 400/1.21 + 500/1.331 = -21.04 euro
	assert.deepEqual(d.parties.map((p) => p.npvCents), [-100000, 97896]);
	assert.equal(d.totals.npvCents, -2104);
	assert.deepEqual(d.totals.netCents, [-100000, 30000, 40000, 50000]);
	assert.equal(d.totals.paybackYear, 3, 'cumulative -1000, -700, -300, +200');
	assert.equal(d.totals.breakEvenYear, null, 'never in present value');
	assert.deepEqual([d.parties[0].paysCents, d.parties[0].gainsCents, d.parties[1].gainsCents], [100000, 0, 120000]);
	assert.equal(d.deal.possible, false);
	assert.deepEqual(d.deal.transfers, []);
	// the rate one point either side: 9 % and 11 %
	assert.deepEqual(d.sensitivity.map((s) => s.ratePct), [9, 10, 11]);
	const at9 = -100000 + 30000 / 1.09 + 40000 / 1.09 ** 2 + 50000 / 1.09 ** 3;
	assert.equal(d.sensitivity[0].totalNpvCents, Math.round(at9));
	// a second benefit makes the whole positive: the insurer pays the municipality
	await ok('POST', `/businesscases/${c.id}/regels`, { partyId: b.id, kind: 'baten', category: 'maatschappelijk', label: 'Gezondheid', amounts: amounts(10000) });
	d = await ok('GET', `/businesscases/${c.id}`);
	assert.equal(d.totals.npvCents, 7896);
	assert.equal(d.deal.possible, true);
	assert.deepEqual(d.deal.transfers.map((t) => [t.fromName, t.toName, t.cents]), [['Verzekeraar', 'Gemeente', 100000]]);
	assert.deepEqual(d.deal.after.map((p) => p.npvCents), [0, 7896]);
	assert.equal(d.parties[0].canBlock, null, 'no stakeholder map: no blocking flag');
	assert.equal(d.stakeholderMap, false);
	// lines: every bad field named, years outside the horizon refused
	await bad('POST', `/businesscases/${c.id}/regels`, {}, ['partyId', 'kind', 'category', 'label', 'amounts']);
	await bad('POST', `/businesscases/${c.id}/regels`, { partyId: a.id, kind: 'kosten', category: 'investering', label: 'X', amounts: [{ year: 4, cents: 1 }] }, ['amounts.0.year']);
	await bad('POST', `/businesscases/${c.id}/regels`, { partyId: a.id, kind: 'kosten', category: 'investering', label: 'X', amounts: [{ year: 1, cents: 1 }, { year: 1, cents: 2 }] }, ['amounts.1.year']);
	await bad('POST', `/businesscases/${c.id}/regels`, { partyId: a.id, kind: 'winst', category: 'soort', label: 'X', amounts: [{ year: 0, cents: -1 }], best: -1 }, ['kind', 'category', 'amounts.0.cents', 'best']);
	await bad('POST', `/businesscases/${c.id}/regels`, { partyId: a.id, kind: 'kosten', category: 'investering', label: 'X', amounts: 'veel' }, ['amounts']);
	const c2 = await ok('POST', `/initiatieven/${ini}/businesscases`, { name: 'Ander' });
	const p2 = await ok('POST', `/businesscases/${c2.id}/partijen`, { name: 'Elders', helix: 'markt' });
	await bad('POST', `/businesscases/${c.id}/regels`, { partyId: p2.id, kind: 'kosten', category: 'investering', label: 'X', amounts: [] }, ['partyId']);
	assertProblem(await bearer(srv.base, tok, 'GET', `/businesscases/${c.id}/partijen/${p2.id}`), 404);
	assertProblem(await bearer(srv.base, tok, 'GET', `/businesscases/${c2.id}/regels/${benefit.id}`), 404);
	// a horizon below the stored years is refused, naming it
	await bad('PUT', `/businesscases/${c.id}`, { name: 'Tien procent', horizon: 2, ratePct: 10, rateSource: 'Leerboekvoorbeeld' }, ['horizon']);
	// a line and a party change and go
	const put = await ok('PUT', `/businesscases/${c.id}/regels/${benefit.id}`, {
		partyId: b.id, kind: 'baten', category: 'besparing', label: 'Minder opnames', amounts: amounts(null, 30000), worst: 0.5,
	});
	assert.equal(put.worst, 0.5);
	assert.equal((await ok('PUT', `/businesscases/${c.id}/partijen/${b.id}`, { name: 'Zorgverzekeraar', helix: 'markt' })).name, 'Zorgverzekeraar');
	assert.equal((await bearer(srv.base, tok, 'DELETE', `/businesscases/${c.id}/regels/${benefit.id}`)).res.status, 204);
	assert.equal((await bearer(srv.base, tok, 'DELETE', `/businesscases/${c.id}/partijen/${b.id}`)).res.status, 204);
	d = await ok('GET', `/businesscases/${c.id}`);
	assert.deepEqual([d.parties.length, d.lines.length], [1, 1], 'the party took its lines along');
});

test('scenarios multiply flows per category or line, not the rate; the tornado ranks lines', async () => {
	const c = await ok('POST', `/initiatieven/${ini}/businesscases`, { name: 'Scenario', horizon: 1, ratePct: 10, rateSource: 'Test' });
	const a = await ok('POST', `/businesscases/${c.id}/partijen`, { name: 'A', helix: 'overheid' });
	const b = await ok('POST', `/businesscases/${c.id}/partijen`, { name: 'B', helix: 'markt' });
	await ok('POST', `/businesscases/${c.id}/regels`, { partyId: a.id, kind: 'kosten', category: 'investering', label: 'Kosten', amounts: amounts(100000), best: 0.9, worst: 1.5 });
	await ok('POST', `/businesscases/${c.id}/regels`, { partyId: b.id, kind: 'baten', category: 'besparing', label: 'Baten', amounts: amounts(null, 110000) });
	const d = await ok('PUT', `/businesscases/${c.id}/scenariofactoren`, { besparing: { best: 1.2, worst: 0.5 } });
	assert.deepEqual(d.scenarios.map((s) => [s.scenario, s.totalNpvCents]), [['gunstig', 30000], ['basis', 0], ['ongunstig', -100000]]);
	assert.deepEqual(d.sensitivity[1].totalNpvCents, 0, 'the case rate is the same in every scenario');
	assert.deepEqual(d.tornado.map((t) => [t.label, t.lowCents, t.highCents]), [['Baten', -50000, 20000], ['Kosten', -50000, 10000]]);
	assert.equal(d.factors.find((f) => f.category === 'besparing').best, 1.2);
	assert.equal(d.factors.find((f) => f.category === 'investering').best, 1, 'a category left out keeps its own');
	await bad('PUT', `/businesscases/${c.id}/scenariofactoren`, { besparing: { best: 11 }, overig: 2 }, ['besparing.best', 'besparing.worst', 'overig']);
});

test('unit economics: the worked example, bad fields named, removal', async () => {
	const c = await ok('POST', `/initiatieven/${ini}/businesscases`, { name: 'Eenheid' });
	const u = (await ok('PUT', `/businesscases/${c.id}/eenheidseconomie`, {
		kind: 'scaleup', arpaCents: 50000, grossMarginPct: 80, churnPct: 2, cacCents: 1200000, customers: 100, newPerMonth: 10,
		cashCents: 50000000, fixedCents: 6000000,
	})).unitEconomics;
	assert.equal(u.ltvCents, 2000000, '500 x 0.8 / 0.02 = 20,000 euro');
	assert.ok(Math.abs(u.ltvCac - 20000 / 12000) < 1e-9);
	assert.ok(Math.abs(u.cacPaybackMonths - 30) < 1e-9, '12,000 / 400');
	assert.equal(u.burnCents, 14000000, '60,000 + 10 x 12,000 - 100 x 400');
	assert.ok(Math.abs(u.runwayMonths - 50 / 14) < 1e-9);
	assert.equal(u.netNewArrCents, 4800000);
	assert.ok(Math.abs(u.burnMultiple - 14 / 4.8) < 1e-9);
	assert.equal(u.cash.months.length, 37);
	assert.deepEqual(u.cash.basis.slice(0, 3), [50000000, 36000000, 22320000]);
	// gunstig: 12 new a month (12 x 12,000 CAC), ongunstig: 8; the first month's margin is on today's 100
	assert.equal(u.cash.gunstig[1], 50000000 + 4000000 - 6000000 - 14400000);
	assert.equal(u.cash.ongunstig[1], 50000000 + 4000000 - 6000000 - 9600000);
	await bad('PUT', `/businesscases/${c.id}/eenheidseconomie`, { kind: 'bv', grossMarginPct: 101, churnPct: -1 },
		['kind', 'arpaCents', 'grossMarginPct', 'churnPct', 'cacCents', 'customers', 'newPerMonth', 'cashCents', 'fixedCents']);
	assert.equal((await bearer(srv.base, tok, 'DELETE', `/businesscases/${c.id}/eenheidseconomie`)).res.status, 204);
	assert.equal((await ok('GET', `/businesscases/${c.id}`)).unitEconomics, null);
});

/** Every sheet of an XLSX as HyperFormula input: formulas as "=...", values as they are. */
async function recompute(buf) {
	const wb = new ExcelJS.Workbook();
	await wb.xlsx.load(buf);
	const sheets = {};
	wb.eachSheet((ws) => {
		const rows = [];
		ws.eachRow({ includeEmpty: true }, (row, r) => {
			const out = [];
			row.eachCell({ includeEmpty: true }, (cell, col) => {
				const v = cell.value;
				out[col - 1] = v && typeof v === 'object' && 'formula' in v ? `=${v.formula}` : v;
			});
			rows[r - 1] = out;
		});
		for (let i = 0; i < rows.length; i++) rows[i] ??= [];
		sheets[ws.name] = rows;
	});
	const hf = HyperFormula.buildFromSheets(sheets, { licenseKey: 'gpl-v3' });
	const get = (name) => hf.getSheetValues(hf.getSheetId(name));
	return { sheets, get, wb, hf };
}

test('export: XLSX with live formulas recomputes to the API figures (1 cent); CSV has the matrix', async () => {
	const id = Number(sql(srv.db, "SELECT c.id FROM bc_cases c JOIN initiatives i ON i.id=c.initiative_id WHERE i.name='Valpreventie thuis'").trim());
	const d = await ok('GET', `/businesscases/${id}`);
	const res = await fetch(`${srv.base}/api/v1/businesscases/${id}/export?formaat=xlsx`, { headers: { Authorization: `Bearer ${tok}` } });
	assert.equal(res.status, 200);
	assert.equal(res.headers.get('content-type'), 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet');
	assert.match(res.headers.get('content-disposition'), /businesscase\.xlsx/);
	const { get, wb, hf } = await recompute(Buffer.from(await res.arrayBuffer()));
	// the NPV cells are formulas, with the product's figures as cached results
	const npvCell = wb.getWorksheet('Matrix').getCell(4, d.horizon + 3).value;
	assert.match(npvCell.formula, /^ROUND\(SUMPRODUCT\(/);
	assert.ok(Math.abs(npvCell.result - d.parties[0].npvCents / 100) < 0.005, 'cached result set');
	const cent = (x, cents, what) => assert.ok(Math.abs(x - cents / 100) <= 0.01, `${what}: sheet ${x}, API ${cents / 100}`);
	const m = get('Matrix');
	const npvCol = d.horizon + 2;
	d.parties.forEach((p, i) => {
		const row = m[3 + i];
		assert.equal(row[0], p.name);
		p.netCents.forEach((c, y) => cent(row[1 + y], c, `${p.name} year ${y}`));
		cent(row[npvCol], p.npvCents, `${p.name} NPV`);
		assert.equal(row[npvCol + 1] === '' ? null : row[npvCol + 1], p.paybackYear, `${p.name} payback`);
		assert.equal(row[npvCol + 2] === '' ? null : row[npvCol + 2], p.breakEvenYear, `${p.name} break-even`);
	});
	const total = m[3 + d.parties.length];
	cent(total[npvCol], d.totals.npvCents, 'total NPV');
	assert.equal(total[npvCol + 1], d.totals.paybackYear);
	d.totals.netCents.forEach((c, y) => cent(total[1 + y], c, `total year ${y}`));
	// the scenarios
	for (const [sheet, s] of [['Matrix_gunstig', 0], ['Matrix_ongunstig', 2]]) {
		const x = get(sheet);
		d.scenarios[s].parties.forEach((p, i) => cent(x[3 + i][npvCol], p.npvCents, `${sheet} party ${i}`));
		cent(x[3 + d.parties.length][npvCol], d.scenarios[s].totalNpvCents, `${sheet} total`);
	}
	// the rate sensitivity: NPV per party at rate - 1, rate, rate + 1
	const g = get('Gevoeligheid');
	d.sensitivity.forEach((s, k) => {
		s.parties.forEach((p, i) => cent(g[6 + i][1 + k], p.npvCents, `sensitivity ${s.ratePct} party ${i}`));
		cent(g[6 + d.parties.length][1 + k], s.totalNpvCents, `sensitivity ${s.ratePct} total`);
	});
	// the deal: after the transfers every party as the API says
	const deal = get('Deal');
	const top = deal.findIndex((r) => r[0] === 'Partij');
	d.deal.after.forEach((p, i) => cent(deal[top + 1 + i][4], p.npvCents, `after deal ${p.name}`));
	// unit economics
	const u = get('Eenheidseconomie');
	cent(u[9][1], d.unitEconomics.ltvCents, 'LTV');
	assert.ok(Math.abs(u[10][1] - d.unitEconomics.ltvCac) < 1e-9);
	assert.ok(Math.abs(u[11][1] - d.unitEconomics.cacPaybackMonths) < 1e-9);
	cent(u[12][1], d.unitEconomics.burnCents, 'burn');
	assert.ok(Math.abs(u[13][1] - d.unitEconomics.runwayMonths) < 1e-9);
	assert.ok(Math.abs(u[15][1] - d.unitEconomics.burnMultiple) < 1e-9);
	for (let mo = 0; mo <= 36; mo++) {
		cent(u[19 + mo][1], d.unitEconomics.cash.gunstig[mo], `cash gunstig ${mo}`);
		cent(u[19 + mo][2], d.unitEconomics.cash.basis[mo], `cash basis ${mo}`);
		cent(u[19 + mo][3], d.unitEconomics.cash.ongunstig[mo], `cash ongunstig ${mo}`);
	}
	// a changed rate in the sheet changes the NPVs: the formulas are live (at 0 % the NPV is the plain sum)
	hf.setCellContents({ sheet: hf.getSheetId('Uitgangspunten'), row: 0, col: 1 }, [[0]]);
	const plain = d.totals.netCents.reduce((a, b) => a + b, 0);
	cent(get('Matrix')[3 + d.parties.length][npvCol], plain, 'total NPV at 0 %');
	// CSV: the matrix in euros
	const csv = await bearer(srv.base, tok, 'GET', `/businesscases/${id}/export?formaat=csv`);
	assert.equal(csv.res.status, 200);
	const lines = csv.text.trim().split('\r\n');
	assert.equal(lines[0], `partij,helix,${d.years.map((y) => `jaar_${y}`).join(',')},ncw,terugverdienjaar,break_even_jaar`);
	assert.equal(lines.length, d.parties.length + 2);
	assert.ok(lines[1].startsWith(`"${d.parties[0].name}",${d.parties[0].helix},`));
	assert.ok(lines.at(-1).includes(`,${(d.totals.npvCents / 100).toFixed(2)},`));
	assertProblem(await bearer(srv.base, tok, 'GET', `/businesscases/${id}/export?formaat=pdf`), 400, ['formaat']);
});

test('export: a case whose total is negative recomputes too, and says no deal', async () => {
	const c = await ok('POST', `/initiatieven/${ini}/businesscases`, { name: 'Negatief', horizon: 2 });
	const a = await ok('POST', `/businesscases/${c.id}/partijen`, { name: 'A', helix: 'overheid' });
	await ok('POST', `/businesscases/${c.id}/regels`, { partyId: a.id, kind: 'kosten', category: 'exploitatie', label: 'K', amounts: amounts(12345, 678, 9) });
	const d = await ok('GET', `/businesscases/${c.id}`);
	const res = await fetch(`${srv.base}/api/v1/businesscases/${c.id}/export?formaat=xlsx`, { headers: { Authorization: `Bearer ${tok}` } });
	const { get } = await recompute(Buffer.from(await res.arrayBuffer()));
	const m = get('Matrix');
	assert.ok(Math.abs(m[3][4] - d.parties[0].npvCents / 100) <= 0.01);
	assert.equal(m[3][5], '', 'no payback');
	assert.match(String(get('Deal')[0][0]), /Geen deal mogelijk/);
	// an empty case exports zeros, not the factor row
	const e = await ok('POST', `/initiatieven/${ini}/businesscases`, { name: 'Leeg', horizon: 1 });
	const er = await fetch(`${srv.base}/api/v1/businesscases/${e.id}/export?formaat=xlsx`, { headers: { Authorization: `Bearer ${tok}` } });
	const empty = await recompute(Buffer.from(await er.arrayBuffer()));
	assert.deepEqual(empty.get('Matrix')[3].slice(0, 4), ['Totaal', 0, 0, 0]);
	assert.equal(empty.get('Gevoeligheid')[6][2], 0);
});

test('pages: the case page, a line typed in euros, a bad amount named, the party form', async () => {
	const c = await ok('POST', `/initiatieven/${ini}/businesscases`, { name: 'Pagina' });
	const p = await ok('POST', `/businesscases/${c.id}/partijen`, { name: 'Gemeente Pagina', helix: 'overheid' });
	const web = await loggedIn(srv.base);
	const page = await web.get(`/businesscases/${c.id}`);
	assert.equal(page.status, 200);
	assert.match(page.text_, /Van case naar deal/);
	const form = await web.get(`/businesscases/${c.id}/regels/nieuw`);
	const posted = await web.form(`/businesscases/${c.id}/regels`, {
		_csrf: csrfOf(form.text_), partyId: String(p.id), kind: 'kosten', category: 'investering', label: 'Start', amounts: '180.000; 95.000,50\n\n1.000', source: 'Begroting',
	});
	assert.equal(posted.status, 303, posted.text_.slice(0, 500));
	const d = await ok('GET', `/businesscases/${c.id}`);
	assert.deepEqual(d.lines[0].amounts, [{ year: 0, cents: 18000000 }, { year: 1, cents: 9500050 }, { year: 2, cents: 0 }, { year: 3, cents: 100000 }]);
	const wrong = await web.form(`/businesscases/${c.id}/regels`, {
		_csrf: csrfOf(form.text_), partyId: String(p.id), kind: 'kosten', category: 'investering', label: 'Te lang', amounts: Array(12).fill('1').join(';'),
	});
	assert.equal(wrong.status, 400);
	assert.match(wrong.text_, /horizon loopt van jaar 0 tot en met jaar 10/);
	const party = await web.form(`/businesscases/${c.id}/partijen`, { _csrf: csrfOf(page.text_), name: 'gemeente pagina', helix: 'overheid' });
	assert.equal(party.status, 400);
	assert.match(party.text_, /al een partij met deze naam/);
	const unit = await web.form(`/businesscases/${c.id}/eenheidseconomie`, {
		_csrf: csrfOf(page.text_), kind: 'publiek', arpaEuro: '4.500', grossMarginPct: '70', churnPct: '0,5', cacEuro: '25000', customers: '1', newPerMonth: '0,5', cashEuro: '400000', fixedEuro: '18000',
	});
	assert.equal(unit.status, 303, unit.text_.slice(0, 300));
	const u = (await ok('GET', `/businesscases/${c.id}`)).unitEconomics;
	assert.deepEqual([u.arpaCents, u.churnPct, u.newPerMonth], [450000, 0.5, 0.5]);
	// scenario multipliers typed with a Dutch decimal comma
	const fac = await web.form(`/businesscases/${c.id}/scenariofactoren`, {
		_csrf: csrfOf(page.text_), 'besparing.best': '1,25', 'besparing.worst': '0,6',
	});
	assert.equal(fac.status, 303, fac.text_.slice(0, 300));
	assert.match(fac.headers.get('location'), /#scenarios$/);
	const f = (await ok('GET', `/businesscases/${c.id}`)).factors.find((x) => x.category === 'besparing');
	assert.deepEqual([f.best, f.worst], [1.25, 0.6]);
	const badFac = await web.form(`/businesscases/${c.id}/scenariofactoren`, { _csrf: csrfOf(page.text_), 'besparing.best': 'veel', 'besparing.worst': '1' });
	assert.equal(badFac.status, 400);
	assert.match(badFac.text_, /value="veel"/, 'what was typed stays');
	// a case made and changed on the page, with the preset filled in
	const nieuw = await web.get(`/initiatieven/${ini}/businesscases/nieuw`);
	assert.match(nieuw.text_, /value="2,25"/);
	const made = await web.form(`/initiatieven/${ini}/businesscases`, {
		_csrf: csrfOf(nieuw.text_), name: 'Via de pagina', horizon: '15', ratePct: '2,25', rateSource: 'Standaard', rateDate: '2021-01-01',
	});
	assert.equal(made.status, 303, made.text_.slice(0, 300));
	const caseId = Number(made.headers.get('location').split('/').pop());
	const edit = await web.form(`/businesscases/${caseId}/bewerken`, {
		_csrf: csrfOf(nieuw.text_), name: 'Via de pagina', horizon: '15', ratePct: '3', rateSource: '', rateDate: '',
	});
	assert.equal(edit.status, 400, 'another rate needs its source');
	assert.match(edit.text_, /heeft een bron nodig/);
	const added = await web.form(`/businesscases/${caseId}/partijen`, { _csrf: csrfOf(nieuw.text_), name: 'Woonstichting', helix: 'markt' });
	assert.equal(added.status, 303);
	assert.match(added.headers.get('location'), new RegExp(`/businesscases/${caseId}#partijen$`));
	const gone = await web.form(`/businesscases/${caseId}/verwijderen`, { _csrf: csrfOf(nieuw.text_) });
	assert.equal(gone.status, 303);
	assert.match(gone.headers.get('location'), new RegExp(`/initiatieven/${ini}/businesscases$`));
});
