// SPDX-License-Identifier: EUPL-1.2
// The real analytics clients, unmodified except their host, send events,
// identifies and aliases to Scalelab on 127.0.0.1: posthog-node (gzip
// /batch/), @segment/analytics-node (/v1/batch with Basic auth), mixpanel
// (GET /track and /engage with base64 data=, POST /track form batch) and
// Plausible by a direct POST (there is no node client). Every event must
// arrive exactly once: the source's counters (accepted, duplicates) and the
// event store's own count of what it holds.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { PostHog } from 'posthog-node';
import { Analytics } from '@segment/analytics-node';
import Mixpanel from 'mixpanel';
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { setup, source, until } from './lib.mjs';

let ctx;
before(async () => {
	ctx = await setup();
});
after(async () => {
	await ctx?.srv.stop();
});

test('posthog-node: captures, identify and alias arrive once, gzip batches, no flags', async () => {
	const s = await source(ctx, 'posthog');
	assert.match(s.key, /^phc_/);
	const ph = new PostHog(s.key, { host: ctx.srv.base, flushAt: 25, flushInterval: 50 });
	const N = 120;
	for (let i = 0; i < N; i++)
		ph.capture({ distinctId: `user-${i % 7}`, event: i % 2 ? 'aanvraag_gestart' : 'pagina_bekeken', properties: { i } });
	ph.identify({ distinctId: 'user-1', properties: { email: 'a@voorbeeld.nl' } });
	ph.alias({ distinctId: 'user-1', alias: 'anon-abc' });
	const flags = await ph.getAllFlags('user-1'); // /flags: "no flags", the SDK stays quiet
	assert.deepEqual(flags, {});
	await ph.shutdown();
	const want = N + 2;
	const got = await until(ctx, s.id, (x) => x.counts.accepted >= want);
	assert.equal(got.counts.accepted, want, 'every capture, the identify and the alias once');
	assert.equal(got.counts.duplicates, 0);
	assert.equal(got.counts.refused, 0);
	assert.equal(got.counts.stored, want, 'the event store holds each once');
	assert.equal(got.lastErrors.length, 0);
});

test('posthog-node: a batch past 20 MiB is answered 413, the client halves it and every event arrives once', async () => {
	const s = await source(ctx, 'posthog');
	const ph = new PostHog(s.key, { host: ctx.srv.base, flushAt: 30, flushInterval: 100000, disableCompression: true });
	const big = 'x'.repeat(900 * 1024); // 30 events of 0.9 MiB: 27 MiB in one batch
	for (let i = 0; i < 30; i++) ph.capture({ distinctId: `groot-${i}`, event: 'bijlage_geupload', properties: { bijlage: big, i } });
	await ph.shutdown();
	const got = await until(ctx, s.id, (x) => x.counts.accepted >= 30);
	assert.equal(got.counts.accepted, 30);
	assert.equal(got.counts.stored, 30);
});

test('@segment/analytics-node: track, identify, page, group and alias arrive once', async () => {
	const s = await source(ctx, 'segment');
	const errors = [];
	const a = new Analytics({ writeKey: s.key, host: ctx.srv.base, maxRetries: 1, flushAt: 15, flushInterval: 50 });
	a.on('error', (e) => errors.push(e));
	const N = 60;
	for (let i = 0; i < N; i++) a.track({ userId: `burger-${i % 5}`, event: 'formulier_verzonden', properties: { stap: i } });
	a.identify({ userId: 'burger-1', anonymousId: 'anon-1', traits: { gemeente: 'Voorbeeldstad' } });
	a.page({ anonymousId: 'anon-2', name: 'Start' });
	a.group({ userId: 'burger-2', groupId: 'team-a' });
	a.alias({ userId: 'burger-3', previousId: 'anon-3' });
	await a.closeAndFlush();
	assert.deepEqual(errors, []);
	const want = N + 4;
	const got = await until(ctx, s.id, (x) => x.counts.accepted >= want);
	assert.equal(got.counts.accepted, want);
	assert.equal(got.counts.duplicates, 0);
	assert.equal(got.counts.stored, want);
});

test('mixpanel: track, people.set and track_batch arrive once; the answer is 1', async () => {
	const s = await source(ctx, 'mixpanel');
	const port = new URL(ctx.srv.base).port;
	const mp = Mixpanel.init(s.key, { host: `127.0.0.1:${port}`, protocol: 'http' });
	const call = (fn) => new Promise((ok, fail) => fn((err) => (err ? fail(err) : ok())));
	const N = 20;
	for (let i = 0; i < N; i++) await call((cb) => mp.track('afspraak_gemaakt', { distinct_id: `inwoner-${i % 3}`, $insert_id: `ins-${i}` }, cb));
	await call((cb) => mp.people.set('inwoner-1', { wijk: 'Noord' }, cb));
	const batch = [];
	for (let i = 0; i < 30; i++) batch.push({ event: 'herinnering_geopend', properties: { distinct_id: `inwoner-${i % 4}`, time: Date.now() - i * 1000, $insert_id: `b-${i}` } });
	await new Promise((ok, fail) => mp.track_batch(batch, (errs) => (errs && errs.length ? fail(errs[0]) : ok())));
	// the same $insert_id again: counted as a duplicate, stored once
	await call((cb) => mp.track('afspraak_gemaakt', { distinct_id: 'inwoner-0', $insert_id: 'ins-0' }, cb));
	const want = N + 1 + 30;
	const got = await until(ctx, s.id, (x) => x.counts.accepted + x.counts.duplicates >= want + 1);
	assert.equal(got.counts.accepted, want);
	assert.equal(got.counts.duplicates, 1);
	assert.equal(got.counts.stored, want);
});

test('plausible: POST /api/event answers 202; the visitor id is a salted hash, never the address', async () => {
	const s = await source(ctx, 'plausible', { domain: 'Aanvragen.Voorbeeldstad.nl' });
	assert.equal(s.key, null);
	assert.equal(s.domain, 'aanvragen.voorbeeldstad.nl');
	for (let i = 0; i < 5; i++) {
		const r = await fetch(`${ctx.srv.base}/api/event`, {
			method: 'POST',
			headers: { 'Content-Type': 'text/plain', 'User-Agent': `Mozilla/5.0 test-${i % 2}` },
			body: JSON.stringify({ name: 'pageview', url: `https://aanvragen.voorbeeldstad.nl/stap/${i}`, domain: 'aanvragen.voorbeeldstad.nl', referrer: null, props: { bron: 'nieuwsbrief' } }),
		});
		assert.equal(r.status, 202);
		assert.equal(await r.text(), 'ok');
	}
	const other = await fetch(`${ctx.srv.base}/api/event`, { method: 'POST', body: JSON.stringify({ name: 'pageview', url: 'https://x.nl/', domain: 'onbekend.nl' }) });
	assert.equal(other.status, 401);
	const got = await until(ctx, s.id, (x) => x.counts.accepted >= 5);
	assert.equal(got.counts.accepted, 5);
	assert.equal(got.counts.stored, 5);
	// the client's address is in no file of the store (visitors are counted in tests/cli/events_cmd.sh)
	const dir = `${ctx.srv.db}.events`;
	for (const f of readdirSync(dir, { recursive: true })) {
		let bytes;
		try {
			bytes = readFileSync(join(dir, String(f)));
		} catch {
			continue; // a directory
		}
		assert.ok(!bytes.includes('127.0.0.1'), `${f} holds the client's address`);
	}
});
