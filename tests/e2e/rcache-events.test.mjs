// SPDX-License-Identifier: EUPL-1.2
// Kept answers that read the event store (issue 17, performance;
// http/rcache.h, store/event_gen.h). The initiative page shows the metrics
// headline (yesterday's DAU, WAU, MAU, read from the event store), so its
// answer is kept only while the store's write generation is unchanged.
// Each test reads the page twice (so the second answer can come from what
// was kept), changes the event store only (never the database), and reads
// again: the change must show at once after an ingestion, a person's
// erasure and a retention expiry. An unchanged store gives the same answer
// and entity tag, and a 304 to If-None-Match. The generations are per
// project: another initiative's events keep this one's answer.
// The server seals every 20 events, so blocks are written meanwhile too; it
// has one request thread, so every read can meet the answer kept before.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { gzipSync } from 'node:zlib';
import { execFileSync } from 'node:child_process';
import { startServer, token, bearer, loggedIn, DEMO_EMAIL } from './lib.mjs';

const DAY = 86400000;
let srv, tok, c, ini, src;
const api = async (method, path, json) => {
	const r = await bearer(srv.base, tok, method, path, { json });
	assert.ok(r.res.status < 300, `${method} ${path}: ${r.res.status} ${r.text}`);
	return r.body;
};
// yesterday 12:00 UTC, the headline's day
const yesterdayNoon = () => Math.floor(Date.now() / DAY) * DAY - DAY / 2;

async function ingest(events, key = src.key) {
	const res = await fetch(srv.base + '/batch/', {
		method: 'POST',
		headers: { 'Content-Type': 'application/json', 'Content-Encoding': 'gzip' },
		body: gzipSync(JSON.stringify({ api_key: key, batch: events })),
	});
	assert.equal(res.status, 200, await res.text());
}
let seq = 0;
const ev = (person, ts) => ({ event: '$pageview', distinct_id: person, uuid: `rc-${seq++}`, timestamp: new Date(ts).toISOString() });

// The page's headline numbers (DAU, WAU, MAU) and its entity tag, as the
// signed-in client c sees it (or another client: a new session is another
// key, so its first answer is made fresh).
async function headline(client = c) {
	const r = await client.get(`/initiatieven/${ini}`, { headers: { 'Accept-Encoding': 'identity' } });
	assert.equal(r.status, 200);
	const m = /id="metrieken-kop">([^<]*<time[^>]*>[^<]*<\/time>:[^<]*)<\/p>/.exec(r.text_);
	const nums = m ? m[1].split('</time>:')[1].match(/\d[\d.]*/g).map((x) => Number(x.replace(/\./g, ''))) : [0, 0, 0];
	return { dau: nums[0], wau: nums[1], mau: nums[2], etag: r.headers.get('etag'), text: r.text_ };
}
// Read twice (the second may be the kept answer), then return the second.
const settled = async () => {
	await headline();
	return headline();
};

before(async () => {
	srv = await startServer({ env: { SCALELAB_EVENTS_SEAL_ROWS: '20' }, args: ['--threads', '1'] });
	tok = token(srv.db, DEMO_EMAIL);
	c = await loggedIn(srv.base);
	ini = (await api('POST', '/organisaties/gemeente-voorbeeldstad/initiatieven', { name: 'Kept answers and events', stage: 'pilot' })).id;
	src = await api('POST', `/initiatieven/${ini}/bronnen`, { kind: 'posthog' });
	await ingest([ev('inwoner-0', yesterdayNoon())]);
});
after(async () => {
	await srv?.stop();
});

test('an unchanged event store gives the same answer, its entity tag and a 304', async () => {
	const a = await settled();
	const b = await headline();
	assert.equal(a.dau, 1, 'the first person yesterday');
	assert.equal(b.text, a.text);
	assert.match(a.etag, /^"[0-9a-f]{24}"$/);
	assert.equal(b.etag, a.etag);
	const nm = await c.get(`/initiatieven/${ini}`, { headers: { 'Accept-Encoding': 'identity', 'If-None-Match': a.etag } });
	assert.equal(nm.status, 304);
});

test('every ingested batch shows in the next answer, ten times, across sealed blocks', async () => {
	let before_ = await settled();
	for (let round = 1; round <= 10; round++) {
		// three new persons yesterday: 30 events in all, sealed every 20
		await ingest([0, 1, 2].map((k) => ev(`nieuw-${round}-${k}`, yesterdayNoon() + k * 1000)));
		const after_ = await headline();
		assert.equal(after_.dau, before_.dau + 3, `round ${round}: DAU after an ingestion`);
		assert.equal(after_.mau, before_.mau + 3, `round ${round}: MAU`);
		if (round % 5 === 0) {
			const fresh = await headline(await loggedIn(srv.base));
			assert.equal(fresh.dau, after_.dau, `round ${round}: as made fresh`);
		}
		assert.notEqual(after_.etag, before_.etag, `round ${round}: a new entity tag`);
		const nm = await c.get(`/initiatieven/${ini}`, { headers: { 'Accept-Encoding': 'identity', 'If-None-Match': before_.etag } });
		assert.equal(nm.status, 200, `round ${round}: the old tag is not Not Modified`);
		before_ = await settled();
		assert.equal(before_.dau, after_.dau, `round ${round}: stable once read`);
	}
});

test("a person's erasure shows in the next answer", async () => {
	const a = await settled();
	await api('POST', `/initiatieven/${ini}/verwijderverzoeken`, { distinctId: 'nieuw-1-0' });
	const b = await headline();
	assert.equal(b.dau, a.dau - 1, 'one person fewer yesterday');
	assert.notEqual(b.etag, a.etag);
});

test('a retention expiry (the background sweep) shows in the next answer', async () => {
	// two persons seen only three days ago: in the week and month, not yesterday
	await ingest([ev('oud-1', Date.now() - 3 * DAY), ev('oud-2', Date.now() - 3 * DAY)]);
	const a = await settled();
	// a shorter retention is applied by the ingestion thread within a second
	// or so: the page must follow it without any other change
	await api('PUT', `/bronnen/${src.id}`, { retentionDays: 1 });
	await settled(); // kept again after the update's own commit
	let b;
	for (let i = 0; i < 50; i++) {
		await new Promise((r) => setTimeout(r, 100));
		b = await settled();
		if (b.wau !== a.wau) break;
	}
	assert.ok(b.wau <= a.wau - 2, `the expired persons left the week (${a.wau} -> ${b.wau})`);
	assert.ok(b.mau <= a.mau - 2, 'and the month');
	// the same as an answer made fresh for a new session
	const fresh = await headline(await loggedIn(srv.base));
	assert.deepEqual([b.dau, b.wau, b.mau], [fresh.dau, fresh.wau, fresh.mau]);
});

test("events of another initiative keep this initiative's answer; its own events end it", async () => {
	// a second initiative with a source of its own
	const other = (await api('POST', '/organisaties/gemeente-voorbeeldstad/initiatieven', { name: 'Another pilot', stage: 'pilot' })).id;
	const otherSrc = await api('POST', `/initiatieven/${other}/bronnen`, { kind: 'posthog' });
	await ingest([ev('ander-0', yesterdayNoon())], otherSrc.key);
	// the retention test above left this initiative with a day: yesterday's events again
	await api('PUT', `/bronnen/${src.id}`, { retentionDays: 395 });
	const log = `${srv.db}.events/log.db`;
	// Every ingestion also writes its source's counters to the database
	// within a second, and a database change ends every kept answer: an
	// attempt that meets that write is made again (a generation bug would
	// fail every attempt).
	let kept = 0, before;
	for (let attempt = 0; attempt < 5 && !kept; attempt++) {
		await ingest([ev(`eigen-${attempt}-1`, yesterdayNoon()), ev(`eigen-${attempt}-2`, yesterdayNoon())]);
		await new Promise((r) => setTimeout(r, 1500)); // its counters reach the database
		const a = await settled();
		assert.ok(a.dau > 0);
		before = a;
		// Take this initiative's unsealed events out of the store's row log
		// behind its back (no generation moves): only an answer kept from
		// before can still show them, so a read tells a kept answer from a new one.
		execFileSync('sqlite3', ['-cmd', '.timeout 5000', log, `DELETE FROM log WHERE project=${ini}`]);
		if ((await headline()).dau !== a.dau) continue;
		await ingest([ev(`ander-${attempt}`, yesterdayNoon())], otherSrc.key);
		const b = await headline();
		if (b.dau === a.dau) {
			assert.equal(b.etag, a.etag);
			kept = 1;
		}
	}
	assert.equal(kept, 1, "the other initiative's events ended this initiative's kept answer in every attempt");
	// an event of its own: a new answer, from what the store now holds
	await ingest([ev('eigen-na', yesterdayNoon())]);
	const c2 = await headline();
	const fresh = await headline(await loggedIn(srv.base));
	assert.notEqual(c2.etag, before.etag, 'made again after its own event');
	assert.deepEqual([c2.dau, c2.wau, c2.mau], [fresh.dau, fresh.wau, fresh.mau]);
});
