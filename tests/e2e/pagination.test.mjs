// SPDX-License-Identifier: EUPL-1.2
// Pagination of every collection (NL API Design Rules: HAL _links, a page
// size parameter with a documented maximum, X-Total-Count). The collections
// are found in the server's own OpenAPI document, not in a hand list: every
// GET whose answer is an object with an array at top level and whose path
// ends in a collection name (not an id) is a collection, unless it is one of
// the computed documents named below with the reason it is not a list. For
// each one: the paging parameters are declared, the first page has
// self/first links, walking `next` (or the page numbers) visits every row
// exactly once and as many as X-Total-Count and the database say, and
// aantal=0, aantal=10000 and a forged cursor are 400 naming the parameter.
// The big lists are seeded past the maximum page size (200) with SQL.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { startServer, token, sql, bearer, loggedIn, DEMO_EMAIL, ORG_A } from './lib.mjs';

// GETs that answer one computed document holding arrays, not a collection.
const NOT_COLLECTIONS = {
	getMyAnswers: "the caller's answer sheet: the method's questions, bounded by the method",
	getRoundResults: 'results of one round: one entry per ingredient, component, pitfall of the method',
	exportRound: 'an export: complete by design (documented upper bound)',
	getPortfolio: 'an aggregate over the organisation per method, stage and bottleneck',
	getOkrTree: 'the OKR tree of one period: a tree, not a list',
	exportOkr: 'an export: complete by design',
	getOkrReview: "one team's review: its key results of the period",
	getOkrCheckin: "the caller's key results to check in this week",
	exportBusinessCase: 'an export: complete by design',
	getPlan: "one initiative's plan: its phases, steps and reviews as one document",
	getOrgPhases: "the organisation's phase template (configuration, a handful)",
	exportSteps: 'an export: complete by design',
	getNotificationPreferences: 'one switch per kind of notification',
	getInitiativeMatches: 'a computed ranking of at most a few parties',
	listConnectRequests: 'the overview: the first 10 requests received and sent, their numbers and links to the two paged lists (listReceivedConnectRequests, listSentConnectRequests)',
	getActivePersons: 'a time series of at most 366 days',
	getRetention: 'a cohort table of at most 366 days',
	getPrivacyRegister: 'the processing register generated from the schema',
	getRoundDecision: "one round's decision: its criteria (a handful) and the advice outcomes",
	getSsoProvider: "one organisation's single sign-on settings",
	getSsoClientJwks: 'a JWK set of one key (RFC 7517), read by identity providers',
	getMySsoIdentities: "the caller's provider identities: at most one per organisation's provider",
	getFunnel: 'a funnel of at most 10 steps (breakdown: top N values)',
	getLifecycle: 'a time series of at most 366 periods',
	getGrowth: 'the growth overview: one document of headline figures',
	getActivation: 'activation cohorts over at most 366 days',
	getChurn: 'churn per period over at most 366 days',
	getKFactor: 'the K-factor per period over at most 366 days',
	getNps: 'NPS: one count per score 0-10',
	getRevenue: 'revenue per period over at most 366 days',
	getMetricsDashboard: 'the metrics dashboard: one document of charts over at most 366 days (at most 6 funnels)',
	getSavedFunnel: 'one saved funnel with its result: at most 10 steps',
	getKpiSeriesMetric: 'the metric a KPI series follows: its value now and its trend per period (at most 366 days)',
};
const SEEDED = 230;
let srv, tok, api, collections;
let ids = {};

// how many rows the collections without X-Total-Count hold, from the database
const UNCOUNTED = {
	listAuditLog: () => Number(sql(srv.db, `SELECT count(*) FROM audit_log a JOIN organisations o ON o.id=a.org_id WHERE o.slug='${ORG_A}'`).trim()),
}; // more than PAGE_SIZE_MAX (200)

function write(db, query) {
	execFileSync('sqlite3', ['-cmd', '.timeout 5000', db, query], { encoding: 'utf8' });
}

function ref(doc, s) {
	while (s && s.$ref) s = doc.components.schemas[s.$ref.split('/').pop()];
	return s;
}

before(async () => {
	srv = await startServer();
	tok = token(srv.db, DEMO_EMAIL);
	const one = (q) => sql(srv.db, q).trim().split('\n')[0];
	const orgA = one(`SELECT id FROM organisations WHERE slug='${ORG_A}'`);
	const user = one(`SELECT id FROM users WHERE email='${DEMO_EMAIL}'`);
	const ini = one(`SELECT id FROM initiatives WHERE org_id=${orgA} ORDER BY id LIMIT 1`);
	const now = new Date().toISOString().slice(0, 19) + 'Z';
	const seq = (n) => `WITH RECURSIVE s(i) AS (SELECT 1 UNION ALL SELECT i+1 FROM s WHERE i<${n}) `;
	// actions: mixed statuses, due dates with ties and without, so the keyset
	// (closed, undated, due date, id) is exercised on every part
	write(srv.db, `${seq(SEEDED * 2)}INSERT INTO actions(initiative_id,title,status,due_date,created_at,updated_at)
		SELECT ${ini}, 'Gegenereerde actie ' || i,
			CASE i % 4 WHEN 0 THEN 'klaar' WHEN 1 THEN 'open' WHEN 2 THEN 'bezig' ELSE 'vervallen' END,
			CASE WHEN i % 7 = 0 THEN NULL ELSE date('2027-01-01', '+' || (i % 13) || ' days') END,
			'${now}', '${now}' FROM s;`);
	write(srv.db, `${seq(SEEDED)}INSERT INTO initiatives(org_id,name,stage,created_at,updated_at)
		SELECT ${orgA}, 'Proef ' || printf('%04d', i), 'idee', '${now}', '${now}' FROM s;`);
	write(srv.db, `${seq(SEEDED)}INSERT INTO audit_log(at,user_id,actor,action,object,result,origin,org_id)
		SELECT '${now}', ${user}, '${DEMO_EMAIL}', 'seed.row', 'seed/' || i, 'ok', '127.0.0.1', ${orgA} FROM s;`);
	write(srv.db, `${seq(SEEDED)}INSERT INTO notify_inbox(user_id,org_id,kind,params,path,created_at)
		SELECT ${user}, ${orgA}, 'bericht', json_object('title', 'Melding ' || i), '/meldingen', '${now}' FROM s;`);
	write(srv.db, `${seq(SEEDED)}INSERT INTO notify_outbox(org_id,user_id,to_addr,lang,kind,message_id,status,next_s,created_at)
		SELECT ${orgA}, ${user}, 'iemand' || i || '@voorbeeld.test', 'nl', 'uitnodiging', 'seed-' || i || '@scalelab.test',
			'verzonden', 0, '${now}' FROM s;`);
	write(srv.db, `${seq(SEEDED)}INSERT INTO event_sources(initiative_id,kind,name,key_digest,key_hint,status,retention_days,created_at)
		SELECT ${ini}, 'posthog', 'Bron ' || i, 'seed-digest-' || i, 'phc_…' || i, 'actief', 365, '${now}' FROM s;`);
	write(srv.db, `${seq(SEEDED)}INSERT INTO knowledge_items(org_id,kind,title,visibility,evidence_level,evidence_date,created_at,updated_at)
		SELECT ${orgA}, 'les', 'Geleerde les ' || i, 'publiek', 'beschreven', '2026-01-01', '${now}',
			strftime('%Y-%m-%dT%H:%M:%SZ', '2026-01-01', '+' || (i % 50) || ' hours') FROM s;`);
	// connect requests: received by an organisation of the caller and sent to
	// one the caller is not a member of, open and decided ones mixed
	const other = one(`SELECT id FROM organisations WHERE id NOT IN (SELECT org_id FROM memberships WHERE user_id=${user}) ORDER BY id LIMIT 1`);
	assert.ok(other, 'an organisation the demo user is not a member of');
	for (const [from, to] of [[other, orgA], [orgA, other]])
		write(srv.db, `${seq(SEEDED)}INSERT INTO connect_requests(from_user,from_org,to_org,message,status,created_at)
			SELECT ${user}, ${from}, ${to}, 'Verzoek ' || i, CASE i % 3 WHEN 0 THEN 'open' WHEN 1 THEN 'afgewezen' ELSE 'geaccepteerd' END,
				'${now}' FROM s;`);
	ids.user = user;
	// party profiles: current ones of four helix kinds and some expired
	// ones (confirmed long ago), which the list hides
	write(srv.db, `${seq(SEEDED + 30)}INSERT INTO organisations(slug,name,kind,created_at)
		SELECT 'partij-' || printf('%04d', i), 'Partij ' || printf('%04d', i),
			CASE i % 4 WHEN 0 THEN 'overheid' WHEN 1 THEN 'markt' WHEN 2 THEN 'wetenschap' ELSE 'samenleving' END, '${now}' FROM s;`);
	write(srv.db, `INSERT INTO party_profiles(org_id,summary,confirmed_at,updated_at)
		SELECT id, 'Wij helpen bij opschalen', CASE WHEN id % 9 = 0 THEN '2020-01-01T00:00:00Z' ELSE '${now}' END, '${now}'
		FROM organisations WHERE slug LIKE 'partij-%';`);
	const exp = await bearer(srv.base, tok, 'POST', `/initiatieven/${ini}/experimenten`, {
		json: { name: 'Proef', hypothesis: 'H', metric: 'Minuten', metricKind: 'mean', budgetEur: 1000, plannedNPerArm: 100,
			plannedSplit: [50, 50] },
	});
	assert.equal(exp.res.status, 201, exp.text);
	ids = {
		...ids,
		org: ORG_A,
		initiativeId: ini,
		experimentId: exp.body.id,
		itemId: one(`SELECT id FROM knowledge_items WHERE org_id=${orgA} AND version>0 ORDER BY id LIMIT 1`),
	};
	api = async (path) => bearer(srv.base, tok, 'GET', path);
	const doc = (await api('/openapi.json')).body;
	collections = [];
	for (const [path, item] of Object.entries(doc.paths)) {
		const op = item.get;
		const schema = ref(doc, op?.responses?.['200']?.content?.['application/json']?.schema);
		if (!schema || schema.type !== 'object' || /\}$/.test(path)) continue;
		const arrays = Object.entries(schema.properties || {}).filter(([, v]) => ref(doc, v)?.type === 'array');
		if (!arrays.length || NOT_COLLECTIONS[op.operationId]) continue;
		collections.push({ path, op, schema, doc });
	}
});
after(async () => {
	await srv?.stop();
});

function concrete(path) {
	return path.replace(/\{(\w+)\}/g, (_, name) => {
		assert.ok(ids[name], `a value for {${name}} of ${path}: add it to ids in this test`);
		return ids[name];
	});
}

function itemsOf(body, schema) {
	// the array the collection pages: the one that is not a facet list
	const names = Object.keys(schema.properties).filter((k) => Array.isArray(body[k]));
	const key = names.find((k) => ['items', 'actions', 'initiatives', 'organisations', 'members', 'tokens', 'rounds',
		'experiments', 'analyses', 'teams', 'periods', 'objectives', 'series', 'invitations', 'cases', 'stakeholders',
		'sources', 'messages', 'versions', 'parties', 'requests'].includes(k));
	return body[key ?? names[0]];
}

const identity = (it) => String(it.id ?? it.slug ?? it.userId ?? it.version ?? JSON.stringify(it));

test('every collection of the OpenAPI document is found and declares its paging', () => {
	const ops = collections.map((c) => c.op.operationId).sort();
	// the discovery itself must not silently find nothing
	for (const must of ['listActions', 'listAuditLog', 'listNotifications', 'listInitiatives', 'listKnowledgeItems',
		'listEventSources', 'listOutbox', 'listOrganisations', 'listReceivedConnectRequests', 'listSentConnectRequests'])
		assert.ok(ops.includes(must), `${must} is discovered as a collection (found: ${ops.join(', ')})`);
	for (const { op, schema } of collections) {
		const q = (op.parameters || []).filter((p) => p.in === 'query').map((p) => p.name);
		assert.ok(q.includes('aantal'), `${op.operationId} declares aantal`);
		assert.ok(q.includes('na') !== q.includes('pagina'), `${op.operationId} declares na or pagina`);
		const size = op.parameters.find((p) => p.name === 'aantal').schema;
		assert.equal(size.minimum, 1);
		assert.equal(size.maximum, 200, `${op.operationId}: the documented maximum page size`);
		assert.ok(schema.properties._links, `${op.operationId}: _links in its schema`);
		assert.ok(op.responses['200'].headers['X-Total-Count'] || UNCOUNTED[op.operationId],
			`${op.operationId}: X-Total-Count declared`);
	}
});

test('walking every collection visits each row exactly once; links and limits hold', async () => {
	const checked = [];
	for (const { path, op, schema } of collections) {
		const base = concrete(path);
		const byCursor = op.parameters.some((p) => p.name === 'na');
		const first = await api(base);
		assert.equal(first.res.status, 200, `${op.operationId}: ${first.text}`);
		// X-Total-Count where the operation declares it; the audit log is not
		// counted per page (too costly), the database says how many rows it has
		const counted = Boolean(op.responses['200'].headers['X-Total-Count']);
		assert.equal(first.res.headers.has('x-total-count'), counted, `${op.operationId}: X-Total-Count as declared`);
		const total = counted ? Number(first.res.headers.get('x-total-count')) : UNCOUNTED[op.operationId]?.();
		assert.ok(Number.isInteger(total) && total >= 0, `${op.operationId}: the number of rows (${total})`);
		assert.ok(first.body._links.self.href.startsWith('/api/v1' + base), `${op.operationId} self`);
		assert.ok(first.body._links.first.href.includes('aantal=50'), `${op.operationId} first`);
		assert.ok(itemsOf(first.body, schema).length <= 50, `${op.operationId}: default page size 50`);
		assert.equal(itemsOf(first.body, schema).length, Math.min(total, 50), `${op.operationId}: first page size`);
		if (!byCursor) assert.ok(first.body._links.last, `${op.operationId}: last`);
		else assert.equal(first.body._links.last, undefined, `${op.operationId}: no last on a cursor list`);
		assert.equal(first.body._links.prev, undefined, `${op.operationId}: no prev on the first page`);

		// walk with the largest page
		const seen = new Map();
		let href = `/api/v1${base}${base.includes('?') ? '&' : '?'}aantal=200`;
		let pages = 0;
		while (href) {
			const r = await api(href.slice('/api/v1'.length));
			assert.equal(r.res.status, 200, `${op.operationId} ${href}: ${r.text}`);
			const items = itemsOf(r.body, schema);
			assert.ok(items.length <= 200, `${op.operationId}: at most 200 a page`);
			if (r.body._links.next) assert.equal(items.length, 200, `${op.operationId}: a full page before a next`);
			for (const it of items) {
				const k = identity(it);
				assert.ok(!seen.has(k), `${op.operationId}: ${k} seen twice (page ${pages + 1})`);
				seen.set(k, it);
			}
			pages++;
			if (!byCursor && r.body._links.next) {
				const n = Number(new URL(r.body._links.next.href, srv.base).searchParams.get('pagina'));
				assert.equal(n, pages + 1, `${op.operationId}: next is the following page number`);
			}
			href = r.body._links.next?.href;
			assert.ok(pages < 50, `${op.operationId}: the walk ends`);
		}
		assert.equal(seen.size, total, `${op.operationId}: the walk visits X-Total-Count rows`);
		if (total > 200) assert.ok(pages >= 2, `${op.operationId}: more than one page`);
		checked.push(`${op.operationId}:${total}`);

		// bad page parameters are 400 naming the parameter
		for (const bad of ['aantal=0', 'aantal=10000', 'aantal=-1', 'aantal=abc']) {
			const r = await api(`${base}${base.includes('?') ? '&' : '?'}${bad}`);
			assert.equal(r.res.status, 400, `${op.operationId} ${bad}`);
			assert.deepEqual(r.body['invalid-params'].map((p) => p.name), ['aantal'], `${op.operationId} ${bad}`);
		}
		const forged = byCursor ? ['na=bGFsYWxh', 'na=%7B%7D', 'na=WyJ4Il0', 'na=0', 'pagina=2']
			: ['pagina=0', 'pagina=x', 'na=12'];
		for (const bad of forged) {
			const r = await api(`${base}${base.includes('?') ? '&' : '?'}${bad}`);
			assert.equal(r.res.status, 400, `${op.operationId} ${bad}: ${r.text}`);
			assert.equal(r.body['invalid-params'][0].name, bad.split('=')[0], `${op.operationId} ${bad}`);
		}
	}
	assert.ok(checked.some((x) => x.startsWith('listAuditLog:')), 'the audit log is walked');
	assert.ok(checked.length >= 20, `collections walked: ${checked.join(' ')}`);
});

test('the big lists hold what the database holds, in the list order', async () => {
	const ini = ids.initiativeId;
	const n = (q) => Number(sql(srv.db, q).trim());
	const cases = [
		[`/initiatieven/${ini}/acties`, 'actions', n(`SELECT count(*) FROM actions WHERE initiative_id=${ini}`)],
		[`/organisaties/${ORG_A}/initiatieven`, 'initiatives', n(`SELECT count(*) FROM initiatives i JOIN organisations o ON o.id=i.org_id WHERE o.slug='${ORG_A}'`)],
		[`/organisaties/${ORG_A}/postvak-uit`, 'messages', n(`SELECT count(*) FROM notify_outbox o JOIN organisations g ON g.id=o.org_id WHERE g.slug='${ORG_A}'`)],
		[`/initiatieven/${ini}/bronnen`, 'sources', n(`SELECT count(*) FROM event_sources WHERE initiative_id=${ini}`)],
		['/partijen', 'parties', n("SELECT count(*) FROM party_profiles WHERE confirmed_at >= strftime('%Y-%m-%dT%H:%M:%SZ', 'now', '-365 days')")],
		['/verzoeken/ontvangen', 'requests', n(`SELECT count(*) FROM connect_requests WHERE to_org IN (SELECT org_id FROM memberships WHERE user_id=${ids.user})`)],
		['/verzoeken/verzonden', 'requests', n(`SELECT count(*) FROM connect_requests WHERE from_org IN (SELECT org_id FROM memberships WHERE user_id=${ids.user}) AND to_org NOT IN (SELECT org_id FROM memberships WHERE user_id=${ids.user})`)],
	];
	for (const [path, key, inDb] of cases) {
		assert.ok(inDb > 200, `${path}: seeded past the maximum`);
		const r = await api(path);
		assert.equal(Number(r.res.headers.get('x-total-count')), inDb, `${path}: X-Total-Count is the database count`);
		assert.equal(r.body[key].length, 50);
	}
	// the parties' filters are the store's: counted and paged after filtering
	const markt = n("SELECT count(*) FROM party_profiles p JOIN organisations o ON o.id=p.org_id WHERE o.kind='markt' AND p.confirmed_at >= strftime('%Y-%m-%dT%H:%M:%SZ', 'now', '-365 days')");
	const pm = await api('/partijen?helix=markt&aantal=200');
	assert.equal(Number(pm.res.headers.get('x-total-count')), markt);
	assert.equal(pm.body.parties.length, markt);
	assert.ok(pm.body.parties.every((p) => p.helix === 'markt' && !p.expired));
	// the action list keeps its order across pages: open before closed, dated
	// before undated, by due date, then id (the store's ORDER BY)
	const all = [];
	let href = `/initiatieven/${ini}/acties?aantal=137`;
	while (href) {
		const r = await api(href);
		all.push(...r.body.actions);
		href = r.body._links.next?.href.slice('/api/v1'.length);
	}
	const rank = (a) => [['klaar', 'vervallen'].includes(a.status) ? 1 : 0, a.dueDate === null ? 1 : 0, a.dueDate ?? '', a.id];
	const cmp = (x, y) => { for (let i = 0; i < 4; i++) { if (x[i] < y[i]) return -1; if (x[i] > y[i]) return 1; } return 0; };
	for (let i = 1; i < all.length; i++) assert.equal(cmp(rank(all[i - 1]), rank(all[i])), -1, `action ${i} in order`);
	const dbOrder = sql(srv.db, `SELECT id FROM actions WHERE initiative_id=${ini} ORDER BY status IN ('klaar','vervallen'), due_date IS NULL, due_date, id`)
		.trim().split('\n').map(Number);
	assert.deepEqual(all.map((a) => a.id), dbOrder);
});

test('a cursor is a keyset: a row added before it while paging shifts nothing', async () => {
	const ini = ids.initiativeId;
	const p1 = await api(`/initiatieven/${ini}/acties?aantal=100`);
	const before = new Set(p1.body.actions.map((a) => a.id));
	// an open action due long ago sorts before every row of page 1
	const r = await bearer(srv.base, tok, 'POST', `/initiatieven/${ini}/acties`, {
		json: { title: 'Tussendoor toegevoegd', dueDate: new Date(Date.now() + 86400e3).toISOString().slice(0, 10) },
	});
	assert.equal(r.res.status, 201, r.text);
	const p2 = await api(p1.body._links.next.href.slice('/api/v1'.length));
	for (const a of p2.body.actions) assert.ok(!before.has(a.id), `action ${a.id} again on page 2`);
	// with page numbers the same insert would have pushed the last row of page 1 onto page 2
	const n1 = await api(`/organisaties/${ORG_A}/initiatieven?aantal=100&pagina=1`);
	assert.equal(n1.body._links.next.href, `/api/v1/organisaties/${ORG_A}/initiatieven?aantal=100&pagina=2`);
	const last = await api(n1.body._links.last.href.slice('/api/v1'.length));
	assert.equal(last.body._links.next, undefined);
	assert.ok(last.body._links.prev);
	const past = await api(`/organisaties/${ORG_A}/initiatieven?aantal=100&pagina=99`);
	assert.equal(past.res.status, 200);
	assert.deepEqual(past.body.initiatives, []);
});

test('filters stay in the links; exports stay complete', async () => {
	const r = await api(`/organisaties/${ORG_A}/auditlog?actie=seed.row&aantal=100`);
	assert.equal(r.body.items.length, 100);
	assert.match(r.body._links.next.href, /^\/api\/v1\/organisaties\/[a-z-]+\/auditlog\?actie=seed\.row&aantal=100&na=\d+$/);
	const csv = await fetch(`${srv.base}/api/v1/organisaties/${ORG_A}/auditlog?actie=seed.row&formaat=csv`, {
		headers: { Authorization: `Bearer ${tok}` },
	});
	assert.equal(csv.status, 200);
	assert.equal((await csv.text()).trim().split('\r\n').length, 1 + SEEDED, 'CSV: header and every seeded row');
	const k = await api('/kennisitems?soort=les&aantal=100&pagina=2');
	assert.equal(k.res.status, 200);
	assert.match(k.body._links.prev.href, /soort=les&aantal=100&pagina=1$/);
	assert.equal(k.body.total, Number(k.res.headers.get('x-total-count')));
});

test('pages: a long list has a pager with Vorige/Volgende that keeps the filters', async () => {
	const c = await loggedIn(srv.base);
	const res = await c.get(`/initiatieven/${ids.initiativeId}/acties`);
	assert.equal(res.status, 200);
	assert.match(res.text_, /<nav class="utrecht-pagination sl-pager" aria-label="Paginering">/);
	assert.match(res.text_, /1–50 van [0-9.]+/);
	const next = res.text_.match(/rel="next" href="([^"]+)"/)[1].replaceAll('&amp;', '&');
	assert.match(next, /^\/initiatieven\/\d+\/acties\?aantal=50&na=[A-Za-z0-9_-]+$/);
	const p2 = await c.get(next);
	assert.equal(p2.status, 200);
	assert.match(p2.text_, /51–100 van/);
	assert.match(p2.text_, /rel="first"/);
	const ini = await c.get(`/organisaties/${ORG_A}/initiatieven?pagina=2`);
	assert.match(ini.text_, /Pagina 2 van \d+/);
	assert.match(ini.text_, /rel="prev" href="\/organisaties\/[a-z-]+\/initiatieven\?aantal=50&amp;pagina=1"/);
	assert.match(ini.text_, /rel="last" href="\/organisaties\/[a-z-]+\/initiatieven\?aantal=50&amp;pagina=5">Laatste pagina</);
	assert.doesNotMatch(ini.text_, /rel="first"/, 'Vorige already leads to page 1');
	const third = await c.get(`/organisaties/${ORG_A}/initiatieven?pagina=3`);
	assert.match(third.text_, /rel="first" href="\/organisaties\/[a-z-]+\/initiatieven\?aantal=50&amp;pagina=1">Eerste pagina</);
	const bad = await c.get(`/organisaties/${ORG_A}/initiatieven?aantal=0`);
	assert.equal(bad.status, 400);
});

test('the overdue filter pages only the overdue actions, most overdue first; the initiative page shows ten', async () => {
	const ini = ids.initiativeId;
	const now = new Date().toISOString().slice(0, 19) + 'Z';
	// 300 actions due 2 to 41 days ago, a quarter of them done (not overdue)
	write(srv.db, `WITH RECURSIVE s(i) AS (SELECT 1 UNION ALL SELECT i+1 FROM s WHERE i<300)
		INSERT INTO actions(initiative_id,title,status,due_date,created_at,updated_at)
		SELECT ${ini}, 'Te late actie ' || i, CASE i % 4 WHEN 0 THEN 'klaar' WHEN 1 THEN 'bezig' ELSE 'open' END,
			date('now', '-' || (2 + i % 40) || ' days'), '${now}', '${now}' FROM s;`);
	const today = sql(srv.db, "SELECT date('now')").trim();
	const want = sql(srv.db, `SELECT id FROM actions WHERE initiative_id=${ini} AND status IN ('open','bezig')
		AND due_date IS NOT NULL AND due_date<>'' AND due_date<'${today}' ORDER BY due_date, id`).trim().split('\n').map(Number);
	assert.ok(want.length > 200, `seeded past the maximum page size (${want.length})`);
	const got = [];
	let href = `/initiatieven/${ini}/acties?achterstallig=ja&aantal=77`;
	let first = true;
	while (href) {
		const r = await api(href);
		assert.equal(r.res.status, 200, r.text);
		assert.equal(r.body.overdueOnly, true);
		assert.equal(Number(r.res.headers.get('x-total-count')), want.length, 'X-Total-Count counts the overdue ones');
		if (first) assert.match(r.body._links.self.href, /\?achterstallig=ja&aantal=77$/);
		first = false;
		for (const a of r.body.actions) assert.equal(a.overdue, true, `action ${a.id} is overdue`);
		got.push(...r.body.actions.map((a) => a.id));
		href = r.body._links.next?.href.slice('/api/v1'.length);
		if (href) assert.match(href, /achterstallig=ja/, 'the filter stays in next');
	}
	assert.deepEqual(got, want, 'every overdue action once, oldest due date first');
	const all = await api(`/initiatieven/${ini}/acties?aantal=10`);
	assert.equal(all.body.overdueOnly, false);
	assert.ok(Number(all.res.headers.get('x-total-count')) > want.length);
	const bad = await api(`/initiatieven/${ini}/acties?achterstallig=nee`);
	assert.equal(bad.res.status, 400);
	assert.deepEqual(bad.body['invalid-params'].map((p) => p.name), ['achterstallig']);

	// the initiative page: the count, the ten most overdue, a link to the rest
	const c = await loggedIn(srv.base);
	const page = await c.get(`/initiatieven/${ini}`);
	assert.equal(page.status, 200);
	const box = page.text_.match(/<div[^>]*id="achterstallig">([\s\S]*?)<\/div><\/div>/)[1];
	assert.equal((box.match(/<li>/g) || []).length, 10, 'ten overdue actions listed');
	const count = new Intl.NumberFormat('nl-NL').format(want.length);
	assert.match(box, new RegExp(`href="/initiatieven/${ini}/acties\\?achterstallig=ja" id="achterstallig-alle">[^<]+\\(${count.replace('.', '\\.')}\\)`));
	const titles = [...box.matchAll(/<li><strong>[^<]+<\/strong> · ([^<(]+)/g)].map((m) => m[1].trim());
	const firstTen = sql(srv.db, `SELECT title FROM actions WHERE id IN (${want.slice(0, 10).join(',')}) ORDER BY due_date, id`).trim().split('\n');
	assert.deepEqual(titles, firstTen, 'the ten most overdue, oldest first');
	const filtered = await c.get(`/initiatieven/${ini}/acties?achterstallig=ja`);
	assert.equal(filtered.status, 200);
	assert.match(filtered.text_, /id="filter-achterstallig"/);
	assert.match(filtered.text_, new RegExp(`1–50 van ${count.replace('.', '\\.')}`));
	assert.match(filtered.text_, /rel="next" href="\/initiatieven\/\d+\/acties\?achterstallig=ja&amp;aantal=50&amp;na=/);
});

test('connect requests: the overview shows the first ten of each list and links to the paged lists', async () => {
	const r = await api('/verzoeken');
	assert.equal(r.res.status, 200, r.text);
	assert.equal(r.body.received.length, 10);
	assert.equal(r.body.sent.length, 10);
	const rec = await api('/verzoeken/ontvangen?aantal=200');
	assert.equal(r.body.receivedCount, Number(rec.res.headers.get('x-total-count')));
	assert.deepEqual(r.body.received.map((x) => x.id), rec.body.requests.slice(0, 10).map((x) => x.id));
	assert.equal(r.body._links.received.href, '/api/v1/verzoeken/ontvangen');
	assert.equal(r.body._links.sent.href, '/api/v1/verzoeken/verzonden');
	// open ones first, then newest first, across pages
	const all = [];
	let href = '/verzoeken/ontvangen?aantal=60';
	while (href) {
		const p = await api(href);
		all.push(...p.body.requests);
		href = p.body._links.next?.href.slice('/api/v1'.length);
	}
	for (let i = 1; i < all.length; i++) {
		const a = all[i - 1], b = all[i];
		const ka = [a.status === 'open' ? 0 : 1, -a.id], kb = [b.status === 'open' ? 0 : 1, -b.id];
		assert.ok(ka[0] < kb[0] || (ka[0] === kb[0] && ka[1] < kb[1]), `request ${b.id} after ${a.id}`);
	}
	const openN = all.filter((x) => x.status === 'open').length;
	assert.equal(r.body.openCount, openN);
	assert.ok(all.every((x) => x.canDecide === (x.status === 'open')), 'open received requests can be decided by a beheerder');
	const c = await loggedIn(srv.base);
	const page = await c.get('/verzoeken/ontvangen?pagina=2');
	assert.equal(page.status, 200);
	assert.match(page.text_, /Pagina 2 van \d+/);
	assert.match(page.text_, /rel="prev" href="\/verzoeken\/ontvangen\?aantal=50&amp;pagina=1"/);
	const overview = await c.get('/verzoeken');
	assert.match(overview.text_, /href="\/verzoeken\/ontvangen" id="ontvangen-alle">/);
});

test('the organisation is an overview of bounded size: the ten most recently changed initiatives and a link to all', async () => {
	const org = await api(`/organisaties/${ORG_A}`);
	assert.equal(org.res.status, 200, org.text);
	const inDb = Number(sql(srv.db, `SELECT count(*) FROM initiatives i JOIN organisations o ON o.id=i.org_id WHERE o.slug='${ORG_A}'`).trim());
	assert.ok(inDb > 200, 'seeded past the maximum page size');
	assert.equal(org.body.initiativeCount, inDb);
	assert.equal(org.body.initiatives, undefined, 'no list of every initiative');
	// the database's ten newest by updatedAt, then id
	const want = sql(srv.db, `SELECT i.id FROM initiatives i JOIN organisations o ON o.id=i.org_id WHERE o.slug='${ORG_A}'
		ORDER BY i.updated_at DESC, i.id DESC LIMIT 10`).trim().split('\n').map(Number);
	assert.deepEqual(org.body.recentInitiatives.map((i) => i.id), want);
	assert.equal(org.body._links.initiatives.href, `/api/v1/organisaties/${ORG_A}/initiatieven`);
	const all = await api(org.body._links.initiatives.href.slice('/api/v1'.length));
	assert.equal(Number(all.res.headers.get('x-total-count')), inDb, 'the link leads to the paged list of all');
	// a change moves an initiative to the top (and the kept answer follows it)
	const last = sql(srv.db, `SELECT i.id FROM initiatives i JOIN organisations o ON o.id=i.org_id WHERE o.slug='${ORG_A}'
		ORDER BY i.updated_at, i.id LIMIT 1`).trim();
	const r = await bearer(srv.base, tok, 'PUT', `/initiatieven/${last}`, { json: { name: 'Net gewijzigd', stage: 'pilot' } });
	assert.equal(r.res.status, 200, r.text);
	const again = await api(`/organisaties/${ORG_A}`);
	assert.equal(again.body.recentInitiatives[0].id, Number(last));
	assert.equal(again.body.recentInitiatives[0].name, 'Net gewijzigd');
	assert.equal(again.body.recentInitiatives.length, 10);
	// the page: the same ten, and the link with the count in Dutch notation
	const c = await loggedIn(srv.base);
	const page = await c.get(`/organisaties/${ORG_A}`);
	assert.equal(page.status, 200);
	const rows = [...page.text_.matchAll(/<tr class="utrecht-table__row">\s*<td class="utrecht-table__cell"><a class="utrecht-link" href="\/initiatieven\/(\d+)">/g)].map((m) => Number(m[1]));
	assert.deepEqual(rows, again.body.recentInitiatives.map((i) => i.id));
	const count = new Intl.NumberFormat('nl-NL').format(inDb);
	assert.match(page.text_, new RegExp(`<a class="utrecht-link" id="alle-initiatieven" href="/organisaties/${ORG_A}/initiatieven">Alle initiatieven \\(${count.replace('.', '\\.')}\\)</a>`));
	assert.ok(page.text_.length < 40000, `the page stays small (${page.text_.length} bytes)`);
});
