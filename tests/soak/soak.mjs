// SPDX-License-Identifier: EUPL-1.2
// The soak load (tests/soak/run.sh starts the server and calls this): for
// SOAK_SECONDS a mixed load of C concurrent clients against one Scalelab
// on 127.0.0.1 while the server's RSS is sampled every 10 s.
//
// Mix (weights per request a client picks):
//   api-read   40  initiative list, an initiative, rounds, round results,
//                  actions, DAU/WAU/MAU, portfolio (bearer token)
//   page-read  25  the same as pages (session cookie)
//   api-write  25  actions (create, change, delete: the list stays bounded),
//                  KPI values (one of 300 past days overwritten), draft answers,
//                  OKR check-ins and key-result values
//   page-write 10  an action through the page form (CSRF token), deleted
//                  again through the API
// and, beside them, the real posthog-node client capturing product events
// (500 persons, batches of 50) at a steady rate.
//
// Pass (see run.sh for the RSS rule): every answer has its expected status
// (so 0 answers 5xx), no connection error, the server process lives to the
// end, every captured event is accepted exactly once, and RSS is flat.
// Ends with "N passed, N failed".
import { readFileSync } from 'node:fs';
import { PostHog } from 'posthog-node';

const arg = (name, def) => {
	const i = process.argv.indexOf(`--${name}`);
	return i > 0 ? process.argv[i + 1] : def;
};
const BASE = arg('base');
const TOKEN = arg('token');
const PID = Number(arg('pid'));
const SECONDS = Number(arg('seconds', '600'));
const CONNS = Number(arg('connections', '8'));
const EVENTS_PER_S = Number(arg('events', '200'));
const ORG = 'gemeente-voorbeeldstad';
const SAMPLE_MS = 10000;

const sleep = (ms) => new Promise((r) => setTimeout(r, ms));
const rss = () => {
	try {
		const m = readFileSync(`/proc/${PID}/status`, 'utf8').match(/VmRSS:\s+(\d+) kB/);
		return m ? Number(m[1]) : null;
	} catch {
		return null;
	}
};
const alive = () => rss() !== null;

// ---- statistics per kind ----
const stats = new Map(); // kind -> {n, lat: [], bad: Map(status -> n), s5xx}
const errors = [];
function record(kind, ms, status, want, what = '') {
	let s = stats.get(kind);
	if (!s) stats.set(kind, (s = { n: 0, lat: [], bad: new Map(), s5xx: 0 }));
	s.n++;
	s.lat.push(ms);
	if (status >= 500) s.s5xx++;
	if (!want.includes(status)) {
		s.bad.set(status, (s.bad.get(status) || 0) + 1);
		if (errors.length < 20) errors.push(`${kind} ${what}: ${status}`);
	}
}

let netErrors = 0;
async function call(kind, method, path, { json, page = false, form, want = [200] } = {}) {
	const headers = page ? { cookie: session.cookie } : { authorization: `Bearer ${TOKEN}` };
	let body;
	if (json !== undefined) {
		headers['content-type'] = 'application/json';
		body = JSON.stringify(json);
	} else if (form) {
		headers['content-type'] = 'application/x-www-form-urlencoded';
		body = new URLSearchParams(form).toString();
	}
	const url = `${BASE}${page ? '' : '/api/v1'}${path}`;
	const t0 = performance.now();
	let res;
	try {
		res = await fetch(url, { method, headers, body, redirect: 'manual' });
	} catch (e) {
		netErrors++;
		if (errors.length < 20) errors.push(`${kind} ${method} ${path}: ${e.cause?.code || e.message}`);
		return { status: 0 };
	}
	const text = await res.text();
	record(kind, performance.now() - t0, res.status, want, `${method} ${path} ${res.status >= 400 ? text.slice(0, 200) : ''}`);
	let parsed = null;
	if ((res.headers.get('content-type') || '').includes('json') && text) parsed = JSON.parse(text);
	return { status: res.status, body: parsed, text, headers: res.headers };
}

// ---- setup: objects to read and write ----
const session = { cookie: '' };
async function login() {
	const r1 = await fetch(`${BASE}/inloggen`);
	const cookies = (r1.headers.getSetCookie?.() || []).map((c) => c.split(';')[0]);
	const html = await r1.text();
	const csrf = html.match(/name="_csrf" value="([^"]+)"/)[1];
	const r2 = await fetch(`${BASE}/inloggen`, {
		method: 'POST',
		redirect: 'manual',
		headers: { 'content-type': 'application/x-www-form-urlencoded', cookie: cookies.join('; ') },
		body: new URLSearchParams({ _csrf: csrf, email: 'demo@scalelab.test', password: 'demo-opschalen-2026' }).toString(),
	});
	const set = (r2.headers.getSetCookie?.() || []).map((c) => c.split(';')[0]);
	const sid = set.find((c) => c.startsWith('__Host-sl_session='));
	if (!sid) throw new Error(`login failed: ${r2.status}`);
	session.cookie = sid;
}

async function must(method, path, json, want = [200, 201]) {
	const r = await call('setup', method, path, { json, want });
	if (!want.includes(r.status)) throw new Error(`setup ${method} ${path}: ${r.status} ${r.text?.slice(0, 300)}`);
	return r.body;
}

async function setup() {
	await login();
	const list = await must('GET', `/organisaties/${ORG}/initiatieven`);
	const inis = list.initiatives.map((i) => i.id);
	// a demo round with results, if the demo has one
	let resultRound = null;
	for (const id of inis) {
		const r = await must('GET', `/initiatieven/${id}/rondes`);
		if (r.rounds.length) {
			resultRound = r.rounds[0].id;
			break;
		}
	}
	const me = { id: Number(arg('me')) };
	const ini = await must('POST', `/organisaties/${ORG}/initiatieven`, { name: 'Soak: blijft het geheugen vlak?', stage: 'pilot' });
	const round = await must('POST', `/initiatieven/${ini.id}/rondes`, {
		methodId: 'pilot-scaling-canvas', periodStart: '2026-01-01', periodEnd: '2026-12-31',
	});
	await must('POST', `/rondes/${round.id}/beoordelaars`, { userId: me.id, roleLabel: 'gemeente' });
	const sheet = await must('GET', `/rondes/${round.id}/antwoorden`);
	const scaleQs = sheet.sections.flatMap((s) => s.questions).filter((q) => q.kind === 'scale').map((q) => q.id);
	const period = await must('POST', `/organisaties/${ORG}/perioden`, { name: 'Soak', startsOn: '2026-01-01', endsOn: '2026-12-31' });
	const objective = await must('POST', `/organisaties/${ORG}/doelen`, { title: 'Soak', periodId: period.id });
	const kr = await must('POST', `/doelen/${objective.id}/kernresultaten`, { title: 'Teller', kind: 'stijgen', start: 0, target: 1000 });
	const series = await must('POST', `/initiatieven/${ini.id}/kpi-reeksen`, { name: 'Soak-teller', kind: 'indicator' });
	const source = await must('POST', `/initiatieven/${ini.id}/bronnen`, { kind: 'posthog', name: 'Soak' });
	return { inis, resultRound: resultRound ?? round.id, ini: ini.id, round: round.id, scaleQs, kr: kr.id, series: series.id, source, me };
}

// ---- the mix ----
const pick = (a) => a[Math.floor(Math.random() * a.length)];
const day = (i) => new Date(Date.UTC(2026, 0, 1) + (i % 300) * 86400000).toISOString().slice(0, 10);
let seq = 0;

function reads(ctx) {
	const ini = pick(ctx.inis);
	return pick([
		`/organisaties/${ORG}/initiatieven`,
		`/initiatieven/${ini}`,
		`/initiatieven/${ini}/rondes`,
		`/rondes/${ctx.resultRound}/resultaten`,
		`/initiatieven/${ini}/acties`,
		`/initiatieven/${ctx.ini}/metrieken/actief`,
		`/organisaties/${ORG}/portfolio`,
	]);
}

async function write(ctx) {
	const n = ++seq;
	switch (n % 5) {
	case 0: {
		const a = await call('api-write', 'POST', `/initiatieven/${ctx.ini}/acties`, { json: { title: `Soak-actie ${n}` }, want: [201] });
		if (a.body?.id) {
			await call('api-write', 'PUT', `/acties/${a.body.id}`, { json: { title: `Soak-actie ${n} (bijgewerkt)`, status: 'bezig' }, want: [200] });
			await call('api-write', 'DELETE', `/acties/${a.body.id}`, { want: [204] });
		}
		return;
	}
	case 1:
		await call('api-write', 'PUT', `/kpi-reeksen/${ctx.series}/waarden/${day(n)}`, { json: { value: n % 1000, note: 'soak' }, want: [200, 201] });
		return;
	case 2: {
		const answers = {};
		for (const q of ctx.scaleQs) answers[q] = { level: n % 5 };
		await call('api-write', 'PUT', `/rondes/${ctx.round}/antwoorden`, { json: { answers }, want: [200] });
		return;
	}
	case 3:
		await call('api-write', 'POST', `/kernresultaten/${ctx.kr}/checkins`, { json: { value: n % 1000, confidence: n % 11 }, want: [201, 200] });
		return;
	default:
		await call('api-write', 'PUT', `/kernresultaten/${ctx.kr}/waarden/${day(n)}`, { json: { value: n % 1000 }, want: [200, 201] });
	}
}

async function pageWrite(ctx) {
	const form = await call('page-write', 'GET', `/initiatieven/${ctx.ini}/acties`, { page: true });
	const m = form.text?.match(/name="_csrf" value="([^"]+)"/);
	if (!m) return;
	const n = ++seq;
	const r = await call('page-write', 'POST', `/initiatieven/${ctx.ini}/acties`, {
		page: true, form: { _csrf: m[1], title: `Soak-formulier ${n}` }, want: [303],
	});
	if (r.status !== 303) return;
	// the form's action is removed again, so the list stays small
	const list = await call('api-write', 'GET', `/initiatieven/${ctx.ini}/acties`);
	for (const a of list.body?.actions || [])
		if (a.title === `Soak-formulier ${n}`) await call('api-write', 'DELETE', `/acties/${a.id}`, { want: [204] });
}

async function client(ctx, until) {
	while (Date.now() < until) {
		const r = Math.random() * 100;
		if (r < 40) await call('api-read', 'GET', reads(ctx));
		else if (r < 65) await call('page-read', 'GET', reads(ctx), { page: true });
		else if (r < 90) await write(ctx);
		else await pageWrite(ctx);
	}
}

// ---- product events through posthog-node ----
async function ingest(ctx, until) {
	const ph = new PostHog(ctx.source.key, { host: BASE, flushAt: 50, flushInterval: 200 });
	const phErrors = [];
	ph.on('error', (e) => phErrors.push(String(e?.message || e)));
	let sent = 0;
	const tick = 100;
	while (Date.now() < until) {
		const n = Math.round((EVENTS_PER_S * tick) / 1000);
		for (let i = 0; i < n; i++) {
			ph.capture({ distinctId: `inwoner-${sent % 500}`, event: pick(['pagina_bekeken', 'aanvraag_gestart', 'aanvraag_verzonden']), properties: { stap: sent % 7 } });
			sent++;
		}
		await sleep(tick);
	}
	await ph.shutdown();
	return { sent, phErrors };
}

async function accepted(ctx, want) {
	const end = Date.now() + 15000;
	let s;
	while (Date.now() < end) {
		s = (await call('setup', 'GET', `/bronnen/${ctx.source.id}`)).body;
		if (s?.counts?.accepted >= want) break;
		await sleep(250);
	}
	return s?.counts || {};
}

const pct = (a, p) => {
	if (!a.length) return 0;
	const s = [...a].sort((x, y) => x - y);
	return s[Math.min(s.length - 1, Math.floor((p / 100) * s.length))];
};

async function main() {
	const ctx = await setup();
	const start = Date.now();
	const until = start + SECONDS * 1000;
	const samples = [];
	const sampler = (async () => {
		while (Date.now() < until) {
			await sleep(Math.min(SAMPLE_MS, Math.max(0, until - Date.now())));
			samples.push({ t: Math.round((Date.now() - start) / 1000), kb: rss() });
		}
	})();
	const clients = Array.from({ length: CONNS }, () => client(ctx, until));
	const ing = ingest(ctx, until);
	await Promise.all(clients);
	const { sent, phErrors } = await ing;
	await sampler;
	const counts = await accepted(ctx, sent);
	const live = alive();

	// ---- summary ----
	const elapsed = (Date.now() - start) / 1000;
	console.log(`soak: ${SECONDS} s, ${CONNS} clients, ${EVENTS_PER_S} events/s through posthog-node`);
	console.log('requests by kind:');
	let total = 0;
	for (const [kind, s] of [...stats].sort()) {
		total += s.n;
		const bad = [...s.bad].map(([k, v]) => `${k}x${v}`).join(' ');
		console.log(`  ${kind.padEnd(10)} ${String(s.n).padStart(8)}   p50 ${pct(s.lat, 50).toFixed(2).padStart(7)} ms   p99 ${pct(s.lat, 99).toFixed(2).padStart(7)} ms   5xx ${s.s5xx}${bad ? `   unexpected: ${bad}` : ''}`);
	}
	console.log(`  total      ${String(total).padStart(8)}   ${(total / elapsed).toFixed(0)} req/s; events captured ${sent}, accepted ${counts.accepted ?? '?'}, duplicates ${counts.duplicates ?? '?'}, refused ${counts.refused ?? '?'}`);
	console.log(`RSS every ${SAMPLE_MS / 1000} s (MB): ${samples.map((s) => (s.kb / 1024).toFixed(1)).join(' ')}`);
	if (errors.length) console.log(`first problems: ${errors.slice(0, 10).join('; ')}`);
	if (phErrors.length) console.log(`posthog-node errors: ${phErrors.slice(0, 5).join('; ')}`);

	// ---- checks ----
	// RSS flat: warm-up is the first max(30 s, 20 %) of the run; the
	// baseline is the mean of the first three samples after it, the end the
	// mean of the last three; flat when the end is within 10 % of the baseline.
	const warm = Math.max(30, 0.2 * SECONDS);
	const after = samples.filter((s) => s.t >= warm && s.kb);
	const mean = (a) => a.reduce((x, s) => x + s.kb, 0) / a.length;
	const base = after.length >= 3 ? mean(after.slice(0, 3)) : NaN;
	const end = after.length >= 3 ? mean(after.slice(-3)) : NaN;
	const drift = (end - base) / base;
	let pass = 0,
		fail = 0;
	const check = (ok, what) => {
		console.log(`${ok ? 'ok' : 'not ok'} - ${what}`);
		if (ok) pass++;
		else fail++;
	};
	const s5xx = [...stats.values()].reduce((x, s) => x + s.s5xx, 0);
	const unexpected = [...stats.values()].reduce((x, s) => x + [...s.bad.values()].reduce((a, b) => a + b, 0), 0);
	check(live && netErrors === 0, `the server ran to the end without a crash (connection errors: ${netErrors})`);
	check(s5xx === 0, `0 answers 5xx (${s5xx})`);
	check(unexpected === 0, `every answer had its expected status (${unexpected} did not)`);
	check(counts.accepted === sent && counts.duplicates === 0 && phErrors.length === 0,
		`every captured event accepted once (${counts.accepted}/${sent})`);
	check(Number.isFinite(drift) && Math.abs(drift) <= 0.1,
		`RSS flat within 10 %: ${(base / 1024).toFixed(1)} MB after warm-up (${warm} s), ${(end / 1024).toFixed(1)} MB at the end (${(drift * 100).toFixed(1)} %)`);
	console.log(`${pass} passed, ${fail} failed`);
	process.exit(fail ? 1 : 0);
}

main().catch((e) => {
	console.error(`soak: ${e.stack || e}`);
	console.log('0 passed, 1 failed');
	process.exit(1);
});
