// SPDX-License-Identifier: EUPL-1.2
// posthog-js's compression=lz64: bodies made by the real LZ-string
// (npm lz-string, compressToBase64, the library posthog-js used) arrive
// as the JSON they were made from: events with accents, emoji (surrogate
// pairs), CJK and long repetitive properties (the dictionary grows past
// several code widths). Both ways posthog-js sent it: ?compression=lz64
// with a form data=, and compression=lz64 beside data= in the form; a '+'
// a sloppy form encoding turned into a space still decodes. A damaged
// body is a 400 that says so. The stored properties are compared byte for
// byte through `scalelab events export`.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import LZString from 'lz-string';
import { startServer, token, bearer, cli, DEMO_EMAIL } from './lib.mjs';

let srv, src, ini;

before(async () => {
	srv = await startServer({ demo: true });
	const tok = token(srv.db, DEMO_EMAIL);
	const list = await bearer(srv.base, tok, 'GET', '/organisaties/gemeente-voorbeeldstad/initiatieven');
	ini = list.body.initiatives?.[0]?.id ?? list.body[0]?.id;
	const r = await bearer(srv.base, tok, 'POST', `/initiatieven/${ini}/bronnen`, { json: { kind: 'posthog' } });
	assert.equal(r.res.status, 201, r.text);
	src = r.body;
});
after(async () => {
	await srv?.stop();
});

const t0 = Date.now() - 3600000;
const props = [
	{ $current_url: 'https://www.voorbeeldstad.nl/aanvragen/schuldhulp?stap=2', omschrijving: 'Aanvraag één — café, reünie, naïef' },
	{ emoji: '🚀🎉 opgeschaald', cjk: '规模化实验室', rtl: 'مرحبا', tab: 'a\tb \"quote\"' },
	{ lang: 'herhaling '.repeat(400) + Array.from({ length: 300 }, (_, i) => `veld-${i}`).join(',') },
	{ getal: 12.5, lijst: [1, 2, 3], genest: { a: { b: 'c' } }, leeg: '' },
];
const events = props.map((p, i) => ({
	event: i === 1 ? 'knop geklikt 👍' : '$pageview',
	distinct_id: `inwoner-${i}-ü`,
	uuid: `lz64-${i}`,
	timestamp: new Date(t0 + i * 1000).toISOString(),
	properties: p,
}));

async function post(path, body) {
	const res = await fetch(srv.base + path, { method: 'POST', headers: { 'Content-Type': 'application/x-www-form-urlencoded' }, body });
	return { status: res.status, text: await res.text() };
}

test('lz64: ?compression=lz64 and compression=lz64 in the form decode to the events that were sent', async () => {
	const lz = (batch) => LZString.compressToBase64(JSON.stringify({ api_key: src.key, batch }));
	// posthog-js: POST /e/?compression=lz64, body data=<encodeURIComponent(lz)>
	let r = await post('/e/?compression=lz64&ver=1.0.0', 'data=' + encodeURIComponent(lz(events.slice(0, 2))));
	assert.equal(r.status, 200, r.text);
	// older posthog-js: compression=lz64 as a form field beside data=
	r = await post('/batch/', `data=${encodeURIComponent(lz(events.slice(2, 3)))}&compression=lz64`);
	assert.equal(r.status, 200, r.text);
	// a form encoding that left '+' as is: form decoding makes it a space, which still decodes
	const plus = lz(events.slice(3));
	assert.ok(plus.includes('+'), 'the fixture has a +');
	r = await post('/e/?compression=lz64', 'data=' + plus.replace(/\//g, '%2F').replace(/=/g, '%3D'));
	assert.equal(r.status, 200, r.text);
	// resending is a duplicate, not a second copy
	r = await post('/e/?compression=lz64', 'data=' + encodeURIComponent(lz(events.slice(0, 1))));
	assert.equal(r.status, 200, r.text);
});

test('lz64: a damaged or foreign body is a 400 that says so', async () => {
	const good = LZString.compressToBase64(JSON.stringify({ api_key: src.key, batch: events.slice(0, 1) }));
	for (const bad of [good.slice(0, good.length / 2), good.replace(/[A-Za-z]/, '*'), 'AAAA', '']) {
		const r = await post('/e/?compression=lz64', 'data=' + encodeURIComponent(bad));
		assert.equal(r.status, 400, `${bad.slice(0, 20)}: ${r.text}`);
		assert.match(JSON.parse(r.text).detail, /lz64|no data|neither/);
	}
});

test('lz64: what is stored is byte for byte what was sent', async () => {
	// the server's counters are flushed once a second; the export needs the store to itself
	srv.proc.kill('SIGTERM');
	await new Promise((r) => srv.proc.once('exit', r));
	const lines = cli(['events', 'export', '--db', srv.db, '--source', String(src.id)]).trim().split('\n').map((l) => JSON.parse(l));
	assert.equal(lines.length, events.length);
	for (const [i, e] of events.entries()) {
		const got = lines.find((l) => l.distinct_id === e.distinct_id);
		assert.ok(got, e.distinct_id);
		assert.equal(got.event, e.event);
		assert.deepEqual(got.properties, e.properties, `event ${i}`);
	}
});
