// SPDX-License-Identifier: EUPL-1.2
// Events in, over real HTTP: event sources through the API (key shown once
// and stored as a digest, roles, other organisations, rotation and
// revocation answer 401 on the ingestion paths), and every ingestion path
// with its body forms: plain JSON, gzip (header and ?compression=gzip-js),
// base64, form data=, bad events reported per index while the good ones
// are stored, the 20 MiB cap (413) and a gzip bomb refused without
// inflating it, clock-skew correction, events a day ahead refused,
// deduplication across requests, Segment Basic auth, Mixpanel GET data=,
// counters and last errors on the source, and erasure by a beheerder.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { gzipSync } from 'node:zlib';
import { startServer, token, bearer, sql, cli, assertProblem, DEMO_EMAIL, LEZER_EMAIL, BEWERKER_EMAIL, ORG_B } from './lib.mjs';

let srv, tok, ini, ph, seg, mp;

const api = (method, path, json, t = tok) => bearer(srv.base, t, method, path, { json });
async function ok(method, path, json, t = tok) {
	const r = await api(method, path, json, t);
	assert.ok(r.res.status < 300, `${method} ${path}: ${r.res.status} ${r.text}`);
	return r.body;
}
async function raw(path, body, headers = {}, method = 'POST') {
	const res = await fetch(srv.base + path, { method, headers, body });
	const text = await res.text();
	let json = null;
	try {
		json = JSON.parse(text);
	} catch {
		/* not JSON */
	}
	return { status: res.status, text, json, res };
}
const ev = (k, extra = {}) => ({ event: 'stap', distinct_id: 'd-1', uuid: k, timestamp: new Date().toISOString(), properties: { k }, ...extra });
async function source(id, pred) {
	for (let i = 0; i < 80; i++) {
		const s = await ok('GET', `/bronnen/${id}`);
		if (pred(s)) return s;
		await new Promise((r) => setTimeout(r, 100));
	}
	return ok('GET', `/bronnen/${id}`);
}

before(async () => {
	srv = await startServer();
	tok = token(srv.db, DEMO_EMAIL);
	ini = Number(sql(srv.db, "SELECT id FROM initiatives WHERE name='Digitale schuldhulp-intake'").trim());
	ph = await ok('POST', `/initiatieven/${ini}/bronnen`, { kind: 'posthog', name: 'Intake-app' });
	seg = await ok('POST', `/initiatieven/${ini}/bronnen`, { kind: 'segment' });
	mp = await ok('POST', `/initiatieven/${ini}/bronnen`, { kind: 'mixpanel' });
});
after(async () => {
	await srv?.stop();
});

test('sources: the key is shown once and stored as a digest; reading never shows it again', async () => {
	assert.match(ph.key, /^phc_[A-Za-z0-9_-]{43}$/);
	assert.equal(ph.keyHint, ph.key.slice(0, 10) + '…');
	assert.equal(ph.status, 'actief');
	assert.equal(ph.retentionDays, 395);
	const again = await ok('GET', `/bronnen/${ph.id}`);
	assert.equal(again.key, null);
	assert.equal(again.keyHint, ph.keyHint);
	assert.equal(sql(srv.db, `SELECT count(*) FROM event_sources WHERE key_hint LIKE '%${ph.key.slice(12)}%'`).trim(), '0');
	assert.equal(sql(srv.db, `SELECT length(key_digest) FROM event_sources WHERE id=${ph.id}`).trim(), '64');
	const list = await ok('GET', `/initiatieven/${ini}/bronnen`);
	assert.ok(list.sources.every((s) => s.key === null));
	assert.deepEqual(list.sources.map((s) => s.id).slice(-3), [ph.id, seg.id, mp.id]);
});

test('demo: the demo initiative has a PostHog source with thousands of events of the last weeks', async () => {
	const list = await ok('GET', `/initiatieven/${ini}/bronnen`);
	const demo = list.sources[0];
	assert.equal(demo.kind, 'posthog');
	assert.ok(demo.counts.accepted >= 3000, `demo events: ${demo.counts.accepted}`);
	assert.equal(demo.counts.stored, demo.counts.accepted);
	assert.ok(Date.now() - Date.parse(demo.counts.lastEventAt) < 2 * 86400000, 'the latest event is recent');
	assert.equal(demo.lastErrors.length, 2);
});

test('sources: validation, roles and other organisations', async () => {
	assertProblem(await api('POST', `/initiatieven/${ini}/bronnen`, { kind: 'amplitude' }), 400, ['kind']);
	assertProblem(await api('POST', `/initiatieven/${ini}/bronnen`, { kind: 'plausible' }), 400, ['domain']);
	assertProblem(await api('POST', `/initiatieven/${ini}/bronnen`, { kind: 'posthog', domain: 'a.nl' }), 400, ['domain']);
	assertProblem(await api('POST', `/initiatieven/${ini}/bronnen`, { kind: 'plausible', domain: 'niet een domein' }), 400, ['domain']);
	assertProblem(await api('POST', `/initiatieven/${ini}/bronnen`, { kind: 'posthog', retentionDays: 0 }), 400, ['retentionDays']);
	const lezer = token(srv.db, LEZER_EMAIL);
	assert.equal((await api('GET', `/bronnen/${ph.id}`, undefined, lezer)).res.status, 200);
	assertProblem(await api('POST', `/initiatieven/${ini}/bronnen`, { kind: 'posthog' }, lezer), 403);
	assertProblem(await api('POST', `/bronnen/${ph.id}/sleutel`, {}, lezer), 403);
	cli(['user', 'add', '--db', srv.db, '--email', 'oost-ev@scalelab.test', '--name', 'Olga Oost', '--org', ORG_B, '--role', 'beheerder'], 'demo-opschalen-2026\n');
	const other = token(srv.db, 'oost-ev@scalelab.test');
	assertProblem(await api('GET', `/bronnen/${ph.id}`, undefined, other), 404);
	assertProblem(await api('DELETE', `/bronnen/${ph.id}/sleutel`, undefined, other), 404);
	const upd = await ok('PUT', `/bronnen/${ph.id}`, { name: 'Intake-app (productie)', retentionDays: 730 });
	assert.equal(upd.retentionDays, 730);
	assert.equal(upd.name, 'Intake-app (productie)');
});

test('posthog /batch/: plain, gzip, ?compression=gzip-js, base64 and form data=; every path and slash form', async () => {
	const k = ph.key;
	const body = (id) => JSON.stringify({ api_key: k, batch: [ev(`p-${id}`)] });
	const cases = [
		['/batch/', body('plain'), { 'Content-Type': 'application/json' }],
		['/batch', gzipSync(body('gz')), { 'Content-Type': 'application/json', 'Content-Encoding': 'gzip' }],
		['/e/?compression=gzip-js', gzipSync(body('gzjs')), { 'Content-Type': 'text/plain' }],
		['/capture/', Buffer.from(body('b64')).toString('base64'), { 'Content-Type': 'text/plain' }],
		['/i/v0/e/', 'data=' + encodeURIComponent(Buffer.from(body('form')).toString('base64')), { 'Content-Type': 'application/x-www-form-urlencoded' }],
		['/e', JSON.stringify({ ...ev('p-single'), api_key: k }), { 'Content-Type': 'application/json' }],
		['/capture', JSON.stringify([{ ...ev('p-array'), properties: { token: k } }]), { 'Content-Type': 'application/json' }],
	];
	for (const [path, b, h] of cases) {
		const r = await raw(path, b, h);
		assert.equal(r.status, 200, `${path}: ${r.text}`);
		assert.deepEqual(r.json, { status: 1 }, path);
		assert.equal(r.res.headers.get('access-control-allow-origin'), '*');
	}
	const s = await source(ph.id, (x) => x.counts.accepted >= cases.length);
	assert.equal(s.counts.accepted, cases.length);
	assert.equal(s.counts.stored, cases.length);
	// the stored properties never hold the key
	const pre = await raw('/batch/', '', { Origin: 'https://app.voorbeeld.nl' }, 'OPTIONS');
	assert.equal(pre.status, 204);
	assert.equal(pre.res.headers.get('access-control-allow-origin'), 'https://app.voorbeeld.nl');
});

test('posthog: bad events are reported per index, the good ones of the batch stored; all bad is a 400', async () => {
	const now = Date.now();
	const batch = [
		ev('bad-0'),
		{ event: '', distinct_id: 'x' },
		{ event: 'geen id' },
		ev('bad-3', { timestamp: new Date(now + 3 * 86400000).toISOString() }),
		ev('bad-4', { timestamp: 'gisteren' }),
		ev('bad-5', { properties: 'tekst' }),
		ev('bad-6', { properties: { groot: 'x'.repeat(1024 * 1024 + 10) } }),
		ev('bad-7'),
	];
	const r = await raw('/batch/', JSON.stringify({ api_key: ph.key, batch }), { 'Content-Type': 'application/json' });
	assert.equal(r.status, 200, r.text);
	assert.deepEqual(r.json.errors.map((e) => e.index), [1, 2, 3, 4, 5, 6]);
	assert.match(r.json.errors[2].reason, /future/);
	assert.match(r.json.errors[5].reason, /1 MiB/);
	const all = await raw('/batch/', JSON.stringify({ api_key: ph.key, batch: [{ event: 'x' }] }), { 'Content-Type': 'application/json' });
	assert.equal(all.status, 400);
	assert.equal(all.json.errors[0].index, 0);
	const s = await source(ph.id, (x) => x.counts.refused >= 7);
	assert.equal(s.counts.refused, 7);
	assert.ok(s.lastErrors.length >= 6);
	assert.match(s.lastErrors[0].message, /^event 0 of 1: the event has no distinct id/);
	assert.ok(s.lastErrors.some((e) => /event 3 of 8: the timestamp is more than a day in the future/.test(e.message)));
});

test('posthog: the clock skew of sent_at is corrected (ts + now - sent_at)', async () => {
	const s0 = await ok('GET', `/bronnen/${mp.id}`); // a quiet source for the time check
	void s0;
	const k = (await ok('POST', `/initiatieven/${ini}/bronnen`, { kind: 'posthog' })).key;
	const id = (await ok('GET', `/initiatieven/${ini}/bronnen`)).sources.at(-1).id;
	// the client's clock is 2 hours ahead: its "now" is sent_at, its event 10 minutes before it
	const clientNow = Date.now() + 2 * 3600000;
	const r = await raw('/batch/', JSON.stringify({ api_key: k, sent_at: new Date(clientNow).toISOString(), batch: [ev('skew', { timestamp: new Date(clientNow - 600000).toISOString() })] }), { 'Content-Type': 'application/json' });
	assert.equal(r.status, 200, r.text);
	const s = await source(id, (x) => x.counts.lastEventAt);
	const at = Date.parse(s.counts.lastEventAt);
	assert.ok(Math.abs(at - (Date.now() - 600000)) < 5000, `corrected to ten minutes ago: ${s.counts.lastEventAt}`);
});

test('limits: more than 20 MiB is 413; a gzip bomb is refused without inflating it all', async () => {
	const big = Buffer.alloc(21 * 1024 * 1024, 'a');
	const r = await raw('/batch/', big, { 'Content-Type': 'application/json' });
	assert.equal(r.status, 413);
	// 1 GiB of zeros in about 1 MiB of gzip
	const zeros = Buffer.alloc(64 * 1024 * 1024);
	const chunk = gzipSync(zeros, { level: 9 });
	const bomb = Buffer.concat(Array(16).fill(chunk));
	const t = Date.now();
	const b = await raw('/batch/', bomb, { 'Content-Type': 'application/json', 'Content-Encoding': 'gzip' });
	assert.equal(b.status, 413, b.text);
	assert.ok(Date.now() - t < 5000, 'refused quickly');
	assert.equal(b.json.code, 'payload_too_large');
});

test('keys: a rotated-away key and a revoked key are 401; the new key works', async () => {
	const s = await ok('POST', `/initiatieven/${ini}/bronnen`, { kind: 'posthog' });
	const send = (key, k) => raw('/batch/', JSON.stringify({ api_key: key, batch: [ev(k)] }), { 'Content-Type': 'application/json' });
	assert.equal((await send(s.key, 'rot-0')).status, 200);
	const rotated = await ok('POST', `/bronnen/${s.id}/sleutel`, {});
	assert.notEqual(rotated.key, s.key);
	assert.ok(rotated.rotatedAt);
	const old = await send(s.key, 'rot-1');
	assert.equal(old.status, 401);
	assert.equal(old.json.code, 'invalid_api_key');
	assert.equal((await send(rotated.key, 'rot-2')).status, 200);
	const del = await api('DELETE', `/bronnen/${s.id}/sleutel`);
	assert.equal(del.res.status, 204);
	assert.equal((await send(rotated.key, 'rot-3')).status, 401);
	const after = await ok('GET', `/bronnen/${s.id}`);
	assert.equal(after.status, 'ingetrokken');
	assertProblem(await api('DELETE', `/bronnen/${s.id}/sleutel`), 409);
	assertProblem(await api('POST', `/bronnen/${s.id}/sleutel`, {}), 409);
	// a key of another kind does not open another kind's endpoint
	const wrong = await raw('/v1/track', JSON.stringify({ event: 'x', userId: 'u' }), { 'Content-Type': 'application/json', Authorization: 'Basic ' + Buffer.from(ph.key + ':').toString('base64') });
	assert.equal(wrong.status, 401);
});

test('dedup: the same uuid in later requests is counted as a duplicate and stored once', async () => {
	const s = await ok('POST', `/initiatieven/${ini}/bronnen`, { kind: 'posthog' });
	const batch = [ev('dup-a'), ev('dup-b'), ev('dup-c', { uuid: undefined, properties: { $insert_id: 'ins-c' } })];
	for (let i = 0; i < 3; i++) {
		const r = await raw('/batch/', gzipSync(JSON.stringify({ api_key: s.key, batch })), { 'Content-Type': 'application/json', 'Content-Encoding': 'gzip' });
		assert.equal(r.status, 200);
	}
	const got = await source(s.id, (x) => x.counts.accepted + x.counts.duplicates >= 9);
	assert.equal(got.counts.accepted, 3);
	assert.equal(got.counts.duplicates, 6);
	assert.equal(got.counts.stored, 3);
});

test('segment: Basic auth, single-message paths, per-index errors; a wrong key is 401', async () => {
	const auth = { 'Content-Type': 'application/json', Authorization: 'Basic ' + Buffer.from(seg.key + ':').toString('base64') };
	const t = new Date().toISOString();
	const r = await raw('/v1/batch', JSON.stringify({ batch: [
		{ type: 'track', event: 'x', userId: 'u1', messageId: 'm1', timestamp: t },
		{ type: 'bogus', userId: 'u1' },
		{ type: 'identify', userId: 'u1', anonymousId: 'a1', traits: { plan: 'basis' }, messageId: 'm2' },
	] }), auth);
	assert.equal(r.status, 200, r.text);
	assert.deepEqual(r.json.errors.map((e) => e.index), [1]);
	for (const p of ['track', 'page', 'screen', 'group', 'alias', 'identify']) {
		const one = await raw(`/v1/${p}`, JSON.stringify({ event: 'y', userId: 'u2', previousId: 'a2', groupId: 'g', messageId: `s-${p}` }), auth);
		assert.equal(one.status, 200, `${p}: ${one.text}`);
		assert.equal(one.json.success, true);
	}
	const bad = await raw('/v1/track', JSON.stringify({ event: 'x', userId: 'u' }), { ...auth, Authorization: 'Basic ' + Buffer.from('onzin:').toString('base64') });
	assert.equal(bad.status, 401);
	assert.equal(bad.json.success, false);
	// the write key in the body (no header) works too
	assert.equal((await raw('/v1/track', JSON.stringify({ writeKey: seg.key, event: 'x', userId: 'u', messageId: 's-body' }), { 'Content-Type': 'application/json' })).status, 200);
	const s = await source(seg.id, (x) => x.counts.accepted >= 9);
	assert.equal(s.counts.accepted, 9);
});

test('mixpanel: GET /track?data=, POST form, verbose answers, engage; a wrong token answers 0', async () => {
	const data = (o) => encodeURIComponent(Buffer.from(JSON.stringify(o)).toString('base64'));
	const e = { event: 'klik', properties: { token: mp.key, distinct_id: 'm1', time: Math.floor(Date.now() / 1000), $insert_id: 'mx-1' } };
	const g = await raw(`/track?ip=0&verbose=0&data=${data(e)}`, undefined, {}, 'GET');
	assert.equal(g.text, '1');
	const v = await raw(`/track?verbose=1&data=${data({ ...e, properties: { ...e.properties, $insert_id: 'mx-2' } })}`, undefined, {}, 'GET');
	assert.deepEqual(v.json, { status: 1, error: null });
	const f = await raw('/track', `data=${data([{ ...e, properties: { ...e.properties, $insert_id: 'mx-3' } }])}`, { 'Content-Type': 'application/x-www-form-urlencoded' });
	assert.equal(f.text, '1');
	const en = await raw(`/engage?data=${data({ $token: mp.key, $distinct_id: 'm1', $set: { wijk: 'Zuid' } })}`, undefined, {}, 'GET');
	assert.equal(en.text, '1');
	const w = await raw(`/track?data=${data({ event: 'klik', properties: { token: 'onzin', distinct_id: 'm1' } })}`, undefined, {}, 'GET');
	assert.equal(w.text, '0');
	assert.equal(w.status, 401);
	const s = await source(mp.id, (x) => x.counts.accepted >= 4);
	assert.equal(s.counts.accepted, 4);
});

test('erasure: a beheerder erases a person (linked ids included); a bewerker may not', async () => {
	const s = await ok('POST', `/initiatieven/${ini}/bronnen`, { kind: 'posthog' });
	const batch = [
		ev('er-1', { distinct_id: 'anon-77' }),
		ev('er-2', { distinct_id: 'klant-77', event: '$identify', properties: { $anon_distinct_id: 'anon-77' } }),
		ev('er-3', { distinct_id: 'klant-77' }),
		ev('er-4', { distinct_id: 'iemand-anders' }),
	];
	assert.equal((await raw('/batch/', JSON.stringify({ api_key: s.key, batch }), { 'Content-Type': 'application/json' })).status, 200);
	const bewerker = token(srv.db, BEWERKER_EMAIL);
	assertProblem(await api('POST', `/initiatieven/${ini}/verwijderverzoeken`, { distinctId: 'klant-77' }, bewerker), 403);
	assertProblem(await api('POST', `/initiatieven/${ini}/verwijderverzoeken`, {}), 400, ['distinctId']);
	const r = await ok('POST', `/initiatieven/${ini}/verwijderverzoeken`, { distinctId: 'anon-77' });
	assert.equal(r.erased, 3);
	const got = await source(s.id, (x) => x.counts.stored === 1);
	assert.equal(got.counts.stored, 1);
	assert.equal(sql(srv.db, "SELECT count(*) FROM audit_log WHERE action='events.erase' AND result='ok' AND object NOT LIKE '%77%'").trim(), '1');
});

test('retention: shortening it erases the older events in the background', async () => {
	const s = await ok('POST', `/initiatieven/${ini}/bronnen`, { kind: 'posthog', retentionDays: 30 });
	const old = new Date(Date.now() - 3 * 86400000).toISOString();
	const batch = [ev('ret-old-1', { timestamp: old }), ev('ret-old-2', { timestamp: old }), ev('ret-new')];
	assert.equal((await raw('/batch/', JSON.stringify({ api_key: s.key, batch }), { 'Content-Type': 'application/json' })).status, 200);
	assert.equal((await source(s.id, (x) => x.counts.stored === 3)).counts.stored, 3);
	await ok('PUT', `/bronnen/${s.id}`, { retentionDays: 2 });
	const after = await source(s.id, (x) => x.counts.stored === 1);
	assert.equal(after.counts.stored, 1, 'the two events of three days ago are gone');
	assert.equal(after.counts.accepted, 3, 'what arrived stays counted');
});

test('plausible: 202 for its domain, 401 for others and after revocation, 400 without url', async () => {
	const s = await ok('POST', `/initiatieven/${ini}/bronnen`, { kind: 'plausible', domain: 'www.voorbeeldstad.nl' });
	const post = (b) => raw('/api/event', JSON.stringify(b), { 'Content-Type': 'text/plain', 'User-Agent': 'Mozilla/5.0' });
	assert.equal((await post({ n: 'pageview', u: 'https://www.voorbeeldstad.nl/', d: 'www.voorbeeldstad.nl', r: null, p: '{"taal":"nl"}' })).status, 202);
	assert.equal((await post({ name: 'Aanmelding', url: 'https://www.voorbeeldstad.nl/aanmelden', domain: 'WWW.voorbeeldstad.nl', revenue: { currency: 'EUR', amount: 12 } })).status, 202);
	assert.equal((await post({ name: 'pageview', domain: 'www.voorbeeldstad.nl' })).status, 400);
	assertProblem(await api('POST', `/initiatieven/${ini}/bronnen`, { kind: 'plausible', domain: 'www.voorbeeldstad.nl' }), 400, ['domain']);
	assertProblem(await api('POST', `/bronnen/${s.id}/sleutel`, {}), 409);
	await api('DELETE', `/bronnen/${s.id}/sleutel`);
	assert.equal((await post({ n: 'pageview', u: 'https://www.voorbeeldstad.nl/', d: 'www.voorbeeldstad.nl' })).status, 401);
	// revoked: the domain is free for a new source
	await ok('POST', `/initiatieven/${ini}/bronnen`, { kind: 'plausible', domain: 'www.voorbeeldstad.nl' });
});

test('flags and decide answer "no flags"; ingestion paths are no API routes', async () => {
	for (const p of ['/flags/?v=2', '/decide/?v=3']) {
		const r = await raw(p, JSON.stringify({ api_key: ph.key, distinct_id: 'x' }), { 'Content-Type': 'application/json' });
		assert.equal(r.status, 200);
		assert.deepEqual(r.json.featureFlags, {});
	}
	assert.equal((await raw('/batch/', undefined, {}, 'GET')).status, 404);
});
