// SPDX-License-Identifier: EUPL-1.2
// Bad numbers, generated from the OpenAPI document the server serves: for
// every operation with a request body, a valid body from the table below,
// then for every integer and number property of its schema (nested objects,
// additionalProperties and array items included) each of 2^31, 2^32+3,
// -2^63, 1e300, "3", 2.5 and null that the schema does not allow. Each must
// give 400 problem+json naming that field, and leave the database as it
// was. The values go out as literal JSON text, so -2^63 arrives exactly
// (a JavaScript number would print it rounded, beyond int64).
// Also: bad analysis input in Dutch gets Dutch catalogue texts as reasons.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { startServer, bearer, token, sql, catalogue, DEMO_EMAIL, ORG_A } from './lib.mjs';

const BAD = [
	{ text: '2147483648', value: 2 ** 31 },
	{ text: '4294967299', value: 2 ** 32 + 3 },
	{ text: '-9223372036854775808', value: -(2 ** 63) },
	{ text: '1e300', value: 1e300 },
	{ text: '"3"', value: '3' },
	{ text: '2.5', value: 2.5 },
	{ text: 'null', value: null },
];
const MARK = '__bad_value__';

let srv, tok, ctx, spec;

before(async () => {
	srv = await startServer();
	tok = token(srv.db, DEMO_EMAIL);
	const call = async (m, p, json) => {
		const r = await bearer(srv.base, tok, m, p, { json });
		assert.ok(r.res.status < 300, `${m} ${p}: ${r.text}`);
		return r.body;
	};
	const demoId = Number(sql(srv.db, `SELECT id FROM users WHERE email='${DEMO_EMAIL}'`).trim());
	const ini = await call('POST', `/organisaties/${ORG_A}/initiatieven`, { name: 'Getallen', stage: 'pilot' });
	const round = await call('POST', `/initiatieven/${ini.id}/rondes`, {
		methodId: 'pilot-scaling-canvas', periodStart: '2026-01-01', periodEnd: '2026-03-31',
	});
	const me = await call('POST', `/rondes/${round.id}/beoordelaars`, { userId: demoId, roleLabel: 'gemeente' });
	const link = await call('POST', `/rondes/${round.id}/beoordelaars`, { name: 'Buur', roleLabel: 'inwoner' });
	const sheet = await call('GET', `/rondes/${round.id}/antwoorden`);
	const scaleQ = sheet.sections.flatMap((s) => s.questions).find((q) => q.kind === 'scale').id;
	const action = await call('POST', `/initiatieven/${ini.id}/acties`, { title: 'Bellen' });
	const exp = await call('POST', `/initiatieven/${ini.id}/experimenten`, {
		name: 'Wachttijd', hypothesis: 'Korter wachten', metric: 'Minuten', metricKind: 'mean',
	});
	const period = await call('POST', `/organisaties/${ORG_A}/perioden`, { name: 'Getallen', startsOn: '2026-01-01', endsOn: '2026-12-31' });
	const team = await call('POST', `/organisaties/${ORG_A}/teams`, { name: 'Getallen' });
	const objective = await call('POST', `/organisaties/${ORG_A}/doelen`, { title: 'Getallen', periodId: period.id });
	const kr = await call('POST', `/doelen/${objective.id}/kernresultaten`, { title: 'Teller', kind: 'stijgen', start: 0, target: 10 });
	const series = await call('POST', `/initiatieven/${ini.id}/kpi-reeksen`, { name: 'Getallen', kind: 'indicator' });
	const bcase = await call('POST', `/initiatieven/${ini.id}/businesscases`, { name: 'Getallen', horizon: 5 });
	const party = await call('POST', `/businesscases/${bcase.id}/partijen`, { name: 'Gemeente', helix: 'overheid' });
	const line = await call('POST', `/businesscases/${bcase.id}/regels`, {
		partyId: party.id, kind: 'kosten', category: 'investering', label: 'Start', amounts: [{ year: 0, cents: 100 }],
	});
	const plan = await call('PUT', `/initiatieven/${ini.id}/fasen`, { phases: [{ name: 'pilot' }, { name: 'opschalen' }], current: 1 });
	const criterion = await call('POST', `/fasen/${plan.phases[0].id}/criteria`, { title: 'Tevreden', kind: 'score', weight: 2 });
	const review = await call('POST', `/fasen/${plan.phases[0].id}/poortreviews`, {});
	const step = await call('POST', `/initiatieven/${ini.id}/stappen`, { title: 'Convenant' });
	const stakeholder = await call('POST', `/initiatieven/${ini.id}/belanghebbenden`, { name: 'Provincie', partyType: 'overheid', power: 4, interest: 2 });
	// knowledge and party: an item, a party with a profile, a request, a shared initiative
	const item = await call('POST', '/kennisitems', { kind: 'les', title: 'Getallen', organisation: ORG_A });
	await call('POST', `/initiatieven/${ini.id}/delen`, { shared: true });
	const partyId = Number(sql(srv.db, "SELECT org_id FROM party_profiles ORDER BY org_id LIMIT 1").trim());
	const requestId = Number(sql(srv.db, 'SELECT id FROM connect_requests ORDER BY id LIMIT 1').trim());
	const source = await call('POST', `/initiatieven/${ini.id}/bronnen`, { kind: 'posthog', name: 'Getallen' });
	const workshop = await call('POST', `/rondes/${round.id}/werksessie`, {});
	ctx = {
		params: {
			org: ORG_A, initiativeId: ini.id, roundId: round.id, raterId: me.id, userId: demoId,
			token: link.link.split('/').pop(), actionId: action.id, experimentId: exp.id,
			teamId: team.id, objectiveId: objective.id, krId: kr.id, datum: '2026-01-05',
			seriesId: series.id, caseId: bcase.id, lineId: line.id,
			phaseId: plan.phases[0].id, criterionId: criterion.id, reviewId: review.id, stepId: step.id,
			stakeholderId: stakeholder.id, itemId: item.id, partyId, requestId, sourceId: source.id,
			workshopId: workshop.id,
		},
		// a name two modules resolve under different parents: the business
		// case's party ({partyId} of {caseId}) is not the knowledge base's
		nested: { 'caseId/partyId': party.id },
		iniId: ini.id, itemId: item.id,
		periodId: period.id, teamId: team.id, krId: kr.id, objectiveId: objective.id,
		demoId, scaleQ, roundId: round.id, partyId: party.id,
	};
	spec = (await bearer(srv.base, tok, 'GET', '/openapi.json')).body;
	assert.ok(spec?.paths, 'the OpenAPI document is served');
});
after(async () => {
	await srv?.stop();
});

// A valid body per request schema. Every schema with integer or number
// properties needs one (the test fails for a new one without it).
const VALID = {
	InitiativeInput: (c) => ({ name: 'Waarden', stage: 'idee', ownerId: c.demoId, ambition: { reach: 100, targetDate: '2027-01-01' } }),
	RaterInput: () => ({ name: 'Buurtbewoner', roleLabel: 'inwoner', expiresInDays: 14 }),
	AnswersInput: (c) => ({ answers: { [c.scaleQ]: { level: 2 } } }),
	ActionInput: (c) => ({ title: 'Doen', ownerId: c.demoId, roundId: c.roundId }),
	ActionUpdate: (c) => ({ title: 'Doen', ownerId: c.demoId }),
	ExperimentInput: () => ({
		name: 'Proef', hypothesis: 'H', metric: 'Minuten', metricKind: 'mean', budgetEur: 1000, plannedNPerArm: 100,
		plannedSplit: [50, 50],
	}),
	ExperimentEventsInput: () => ({ variantProperty: '$feature/korte-intake', conversionEvent: 'intake_verzonden', windowDays: 7 }),
	OkrTeamInput: () => ({ name: 'Team Getal' }),
	OkrMemberInput: (c) => ({ userId: c.demoId }),
	// sent with a bearer token: a bad body is 400, a good one 403 (only a session mints)
	TokenInput: () => ({ name: 'waarden' }),
	OkrObjectiveInput: (c) => ({
		title: 'Getal', periodId: c.periodId, level: 'team', teamId: c.teamId, ownerId: c.demoId,
		parents: [{ objectiveId: c.objectiveId, link: 'ondersteunend' }],
	}),
	OkrCarryInput: (c) => ({ periodId: c.periodId }),
	OkrKeyResultInput: (c) => ({ title: 'Getal', kind: 'stijgen', start: 1, target: 5, weight: 2, ownerId: c.demoId }),
	OkrCheckinInput: () => ({ value: 3, confidence: 6 }),
	OkrCheckinBatch: (c) => ({ checkins: [{ keyResultId: c.krId, value: 3, confidence: 6 }] }),
	OkrValueInput: () => ({ value: 4, confidence: 7 }),
	KpiSeriesInput: () => ({ name: 'Reeks', kind: 'indicator', unit: 'personen', target: 100, targetDate: '2027-12-31' }),
	KpiValueInput: () => ({ value: 12, note: 'telling' }),
	SavedFunnelInput: () => ({ name: 'Waarden', steps: ['intake_gestart', 'intake_verzonden'], window: '7d' }),
	SavedMetricQueryInput: () => ({ name: 'Waarden', kind: 'retentie', parameters: { interval: 'week', telling: 'vanaf' } }),
	RoundDecisionInput: () => ({ outcome: 'bijsturen', rationale: 'Eerst bijsturen', judgements: [] }),
	BusinessCaseInput: () => ({ name: 'Case', horizon: 10, ratePct: 2.25, rateSource: 'MKBA-standaard' }),
	BusinessCaseLineInput: (c) => ({
		partyId: c.partyId, kind: 'baten', category: 'besparing', label: 'Minder uren', best: 1.2, worst: 0.8,
		amounts: [{ year: 1, cents: 500000 }],
	}),
	BusinessCaseFactorsInput: () => ({ besparing: { best: 1.2, worst: 0.7 } }),
	BusinessCaseUnitInput: () => ({
		kind: 'scaleup', arpaCents: 50000, grossMarginPct: 80, churnPct: 2, cacCents: 1200000, customers: 100,
		newPerMonth: 10, cashCents: 50000000, fixedCents: 6000000,
	}),
	PhasesInput: () => ({ phases: [{ name: 'pilot' }, { name: 'opschalen' }], current: 1 }),
	OrgPhasesInput: () => ({ phases: ['verkennen', 'pilot'] }),
	CriterionInput: () => ({ title: 'Tevreden', kind: 'score', weight: 2, threshold: 1 }),
	JudgementsInput: (c) => ({ judgements: [{ criterionId: c.params.criterionId, score: 2 }] }),
	GateDecisionInput: () => ({ decision: 'bijsturen', rationale: 'Nog niet.', decisionMakers: 'Stuurgroep', decidedOn: '2026-01-01' }),
	StepInput: () => ({ title: 'Training', effortDays: 2, dependsOn: [] }),
	StepStatusInput: () => ({ status: 'klaar' }),
	StakeholderInput: () => ({ name: 'Provincie', partyType: 'overheid', power: 4, interest: 2 }),
	KnowledgeItemInput: (c) => ({ kind: 'les', title: 'Getal', initiativeId: c.iniId }),
	KnowledgeAdoptionInput: (c) => ({ itemId: c.itemId }),
	ConnectInput: (c) => ({ initiativeId: c.iniId, message: 'Getal' }),
	NotificationPreferencesInput: () => ({ weekoverzicht: true }),
	TimeZoneInput: () => ({ timeZone: 'Europe/Amsterdam' }),
	PersonErasure: () => ({ email: 'niemand@scalelab.test' }),
	NotificationScheduleInput: () => ({ now: '2026-11-30T06:30:00Z' }),
	EventSourceInput: () => ({ kind: 'posthog', name: 'App', retentionDays: 30 }),
	EventSourceUpdate: () => ({ name: 'App', retentionDays: 30 }),
	WorkshopAgreedInput: () => ({ item: 'evidence', level: 2, conclusion: 'Gemeten' }),
	WorkshopActionInput: (c) => ({ title: 'Doen', ownerId: c.demoId, dueDate: '2099-01-01', ingredient: 'evidence' }),
	AnalysisInput: () => ({
		control: { n: 100, mean: 12, variance: 16 }, treatment: { n: 100, mean: 11, variance: 16 }, alpha: 0.05,
		weights: [1, 1],
	}),
	SsoProviderInput: () => ({ displayName: 'Voorbeeldstad Account', issuer: 'https://login.voorbeeldstad.nl', clientId: 'scalelab', clientSecret: 'geheim', emailDomains: ['voorbeeldstad.nl'], groupRoles: [{ group: 'innovatie', role: 'bewerker' }] }),
	SsoKeyInput: () => ({ alg: 'ES256' }),
};

function resolve(s) {
	while (s && s.$ref) s = s.$ref.split('/').slice(1).reduce((o, k) => o[k], spec);
	return s;
}

/** Every integer or number property below schema: {path, schema, arrayAt}. */
function numericProps(schema, example, path = [], arrayAt = -1, out = []) {
	const s = resolve(schema);
	if (!s) return out;
	if (s.type === 'integer' || s.type === 'number') {
		out.push({ path, schema: s, arrayAt });
	} else if (s.type === 'array' && s.items) {
		numericProps(s.items, Array.isArray(example) ? example[0] : undefined, [...path, 0], arrayAt < 0 ? path.length - 1 : arrayAt, out);
	} else if (s.type === 'object' || s.properties) {
		for (const [k, ps] of Object.entries(s.properties || {})) numericProps(ps, example?.[k], [...path, k], arrayAt, out);
		if (s.additionalProperties && typeof s.additionalProperties === 'object' && example && typeof example === 'object') {
			for (const k of Object.keys(example)) {
				if (!(s.properties && k in s.properties)) numericProps(s.additionalProperties, example[k], [...path, k], arrayAt, out);
			}
		}
	}
	return out;
}

/** Whether the schema allows v (OpenAPI 3.0: boolean exclusive bounds; integers are int64). */
function allowed(s, v) {
	if (v === null) return s.nullable === true;
	if (typeof v !== 'number' || !Number.isFinite(v)) return false;
	if (s.type === 'integer' && (!Number.isInteger(v) || v < -(2 ** 63) || v >= 2 ** 63)) return false;
	if (s.minimum !== undefined && (s.exclusiveMinimum ? v <= s.minimum : v < s.minimum)) return false;
	if (s.maximum !== undefined && (s.exclusiveMaximum ? v >= s.maximum : v > s.maximum)) return false;
	return true;
}

/** A valid number for an array slot the example does not have. */
function filler(s) {
	for (const v of [1, s.minimum, s.maximum]) if (v !== undefined && allowed(s, v)) return v;
	return 1;
}

/** body with MARK at path; missing objects and arrays are made on the way. */
function place(body, path, schema, arraySchemaOf) {
	const copy = structuredClone(body);
	let o = copy;
	for (let i = 0; i < path.length - 1; i++) {
		const k = path[i];
		if (o[k] === undefined || o[k] === null) {
			const as = arraySchemaOf(path.slice(0, i + 1));
			o[k] = as ? Array.from({ length: Math.max(as.minItems || 1, 1) }, () => filler(resolve(as.items))) : {};
		}
		o = o[k];
	}
	o[path[path.length - 1]] = MARK;
	return copy;
}

/** The schema at path if it is an array, else null. */
function schemaAt(root, path) {
	let s = resolve(root);
	for (const k of path) {
		if (!s) return null;
		if (s.type === 'array') s = resolve(s.items);
		else s = resolve(s.properties?.[k] ?? (typeof s.additionalProperties === 'object' ? s.additionalProperties : null));
	}
	return s;
}

/** The state a rejected request must leave alone: every table's rows, but
 * for the audit log (rejections are audited), sessions and login failures. */
function snapshot() {
	const tables = sql(srv.db, "SELECT name FROM sqlite_master WHERE type='table' AND sql NOT LIKE 'CREATE VIRTUAL%' ORDER BY name").trim().split('\n')
		.filter((t) => t && !/^sqlite_|audit|session|login_failure|^meta$/.test(t));
	return sql(srv.db, tables.map((t) => `SELECT '${t}', * FROM "${t}";`).join(' '));
}

function operations() {
	const ops = [];
	for (const [path, item] of Object.entries(spec.paths)) {
		for (const [method, op] of Object.entries(item)) {
			const ref = op.requestBody?.content?.['application/json']?.schema?.$ref;
			if (ref) ops.push({ path, method: method.toUpperCase(), op, schemaName: ref.split('/').pop(), schema: { $ref: ref } });
		}
	}
	return ops;
}

test('the OpenAPI document has operations with integer and number fields, and each has a valid body here', () => {
	const ops = operations();
	assert.ok(ops.length >= 10, `operations with a body: ${ops.length}`);
	const numeric = ops.filter((o) => numericProps(o.schema, VALID[o.schemaName]?.(ctx) ?? {}).length);
	const names = new Set(numeric.map((o) => o.schemaName));
	for (const n of ['InitiativeInput', 'RaterInput', 'AnswersInput', 'ActionInput', 'ActionUpdate', 'ExperimentInput', 'AnalysisInput']) {
		assert.ok(names.has(n), `${n} has integer or number fields`);
	}
	for (const o of numeric) assert.ok(VALID[o.schemaName], `a valid ${o.schemaName} body for ${o.method} ${o.path}`);
	// the answer level is judged against 0-10 in the schema, the question's scale on the server
	const level = numericProps({ $ref: '#/components/schemas/AnswersInput' }, VALID.AnswersInput(ctx)).find((p) => p.path.at(-1) === 'level');
	assert.ok(level && level.schema.minimum === 0 && level.schema.maximum === 10, 'Answer.level declares 0..10');
});

test('every integer and number field of every request body refuses values outside its schema: 400 naming it, nothing stored', async () => {
	const failures = [];
	let sent = 0;
	for (const o of operations()) {
		const make = VALID[o.schemaName];
		if (!make) continue;
		const valid = make(ctx);
		let prev = null;
		const url = o.path.replace(/\{(\w+)\}/g, (_, p) => {
			const v = (prev && ctx.nested[`${prev}/${p}`]) ?? ctx.params[p];
			prev = p;
			assert.ok(v !== undefined, `a value for {${p}} in ${o.path}`);
			return v;
		});
		let base = snapshot();
		for (const prop of numericProps(o.schema, valid)) {
			const arraySchemaOf = (p) => {
				const s = schemaAt(o.schema, p);
				return s?.type === 'array' ? s : null;
			};
			const dotted = prop.path.join('.');
			const names = new Set([dotted]);
			if (prop.arrayAt >= 0) {
				const arr = prop.path.slice(0, prop.arrayAt + 1);
				names.add(arr.join('.'));
				names.add(`${arr.join('.')}[${prop.path[prop.arrayAt + 1]}]`);
			}
			for (const bad of BAD) {
				if (allowed(prop.schema, bad.value)) continue;
				const raw = JSON.stringify(place(valid, prop.path, prop.schema, arraySchemaOf)).replace(`"${MARK}"`, bad.text);
				const what = `${o.method} ${o.path} ${dotted} = ${bad.text}`;
				sent++;
				const r = await bearer(srv.base, tok, o.method, url, { raw });
				const inv = r.body?.['invalid-params'] ?? [];
				if (r.res.status !== 400) failures.push(`${what}: status ${r.res.status} (${r.text.slice(0, 200)})`);
				else if (!/^application\/problem\+json/.test(r.res.headers.get('content-type') || '')) failures.push(`${what}: not problem+json`);
				else if (!inv.some((p) => names.has(p.name))) failures.push(`${what}: invalid-params names ${inv.map((p) => p.name)}`);
				const now = snapshot();
				if (now !== base) {
					failures.push(`${what}: the database changed`);
					base = now; /* judge the next value on its own */
				}
			}
		}
	}
	if (process.env.SHOW_COUNTS) console.error(`bad values sent: ${sent}`);
	assert.deepEqual(failures, []);
	assert.ok(sent > 150, `bad values sent: ${sent}`);
});

test('an answer level far outside the scale is refused, not narrowed to a level on it', async () => {
	// 4294967299 and -4294967293 are 3 in 32 bits, a valid level on the 0-4 scale
	const url = `/uitnodigingen/${ctx.params.token}`;
	for (const text of ['4294967299', '-4294967293', '9223372036854775807']) {
		const raw = `{"answers": {"${ctx.scaleQ}": {"level": ${text}}}, "submit": true}`;
		const r = await bearer(srv.base, null, 'PUT', url, { raw });
		assert.equal(r.res.status, 400, `${text}: ${r.text}`);
		assert.ok(r.body['invalid-params'].some((p) => p.name === `answers.${ctx.scaleQ}.level`));
	}
	// (the demo's own rounds have answers: count this round's only)
	const n = sql(srv.db, `SELECT count(*) FROM assessment_answers a JOIN assessment_raters r ON r.id=a.rater_id WHERE r.round_id=${ctx.roundId}`).trim();
	assert.equal(n, '0', 'no answer stored');
	const ok = await bearer(srv.base, null, 'PUT', url, { raw: `{"answers": {"${ctx.scaleQ}": {"level": 3}}}` });
	assert.equal(ok.res.status, 200, ok.text);
	assert.equal(ok.body.answers[ctx.scaleQ].level, 3);
});

// --- reasons in the caller's language ---------------------------------------------------

/** Whether text is one of the catalogue texts, a {param} matching anything. */
function fromCatalogue(cat, text) {
	return Object.values(cat).some((t) => {
		const re = t.replace(/[.*+?^$()|[\]\\]/g, '\\$&').replace(/\{[a-z]+\}/g, '.+');
		return new RegExp(`^${re}$`).test(text);
	});
}

const BAD_ANALYSES = [
	{ control: { n: 1, conversions: -1 }, treatment: { n: 'veel', conversions: 5 }, alpha: 2, method: 'magic', colour: 1 },
	{ metric: 'median', control: { n: 100, mean: 12, variance: -1 }, treatment: { n: 100, mean: 11 } },
	{ metric: 'binomial', control: { n: 10, conversions: 1 }, treatment: { n: 10, conversions: 2 } },
	{ control: { n: 100, mean: 0, variance: 0 }, treatment: { n: 100, mean: 0, variance: 0 } },
	{ control: { n: 100, mean: 12, variance: 16, covariate: { mean: 1, variance: 1, covariance: 9 } }, treatment: { n: 100, mean: 11, variance: 16 } },
	{ control: { n: 100, mean: 12, variance: 16, covariate: { mean: 1, variance: 0, covariance: 0 } }, treatment: { n: 100, mean: 11, variance: 16, covariate: { mean: 1, variance: 0, covariance: 0 } } },
	{ metric: 'ratio', control: { n: 8, meanM: 1, varM: 1, meanD: 0, varD: 1, covMd: 0 }, treatment: { n: 8, meanM: 1, varM: 1, meanD: 1, varD: 1, covMd: 2 } },
	{ control: { n: 100, mean: 12, variance: 16 }, treatment: { n: 100, mean: 11, variance: 16 }, prior: { sd: 0 }, tuning: -1, tau2: 0, weights: [1] },
	{ metricName: 'Onbekend', control: { n: 1e16, mean: 12, variance: 16 }, treatment: { n: 100, mean: 11, variance: 16 }, weights: [1, 2e6] },
];

async function analysisReasons(lang) {
	const reasons = [];
	for (const json of BAD_ANALYSES) {
		const r = await bearer(srv.base, tok, 'POST', `/experimenten/${ctx.params.experimentId}/analyses`, {
			json, headers: { 'Accept-Language': lang },
		});
		assert.equal(r.res.status, 400, r.text);
		reasons.push(...r.body['invalid-params'].map((p) => ({ name: p.name, reason: p.reason })));
	}
	return reasons;
}

test('bad analysis input in Dutch: every reason is a Dutch catalogue text, none the English one', async () => {
	const nl = catalogue('nl'), en = catalogue('en');
	assert.ok(Object.keys(nl).length > 100 && Object.keys(en).length > 100, 'catalogues found');
	const english = new Set(Object.values(en));
	const reasons = await analysisReasons('nl');
	assert.ok(reasons.length >= 20, `reasons: ${reasons.length}`);
	const notDutch = reasons.filter((p) => !fromCatalogue(nl, p.reason) || english.has(p.reason));
	assert.deepEqual(notDutch, []);
	// the same input in English gets the English texts (the check above can fail)
	const inEnglish = await analysisReasons('en');
	assert.deepEqual(inEnglish.filter((p) => !fromCatalogue(en, p.reason)), []);
	assert.ok(inEnglish.some((p) => english.has(p.reason)));
	// bounds are filled in, not left as placeholders
	assert.ok(reasons.every((p) => !/\{[a-z]+\}/.test(p.reason)));
	assert.ok(reasons.some((p) => p.name === 'control.n' && /1000000000000000/.test(p.reason)), 'the bound of n is named');
});
