// SPDX-License-Identifier: EUPL-1.2
// Static files: the pages name only fingerprinted URLs; those are cached for
// a year; gzip and brotli forms (made at build time) are sent when the
// client accepts them and decompress to exactly the identity bytes; ETag
// and If-None-Match give 304; a stale fingerprint is 404. Uses node:http
// (not fetch) so that nothing decompresses or adds Accept-Encoding for us.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import http from 'node:http';
import zlib from 'node:zlib';
import { startServer, loggedIn, Client, ORG_A } from './lib.mjs';

let srv, owner;
const FINGERPRINTED = /^\/static\/[a-z0-9_/-]+\.[0-9a-f]{8}\.[a-z0-9]+$/;
const YEAR = 'public, max-age=31536000, immutable';

/** GET (or HEAD) with exactly the given headers; the body as raw bytes. */
function raw(path, headers = {}, method = 'GET') {
	return new Promise((ok, fail) => {
		const req = http.request(srv.base + path, { method, headers }, (res) => {
			const parts = [];
			res.on('data', (d) => parts.push(d));
			res.on('end', () => ok({ status: res.statusCode, headers: res.headers, body: Buffer.concat(parts) }));
		});
		req.on('error', fail);
		req.end();
	});
}

/** Every /static/ URL in the page's HTML, and the HTML. */
async function staticRefs(client, path) {
	const res = await client.get(path);
	assert.equal(res.status, 200, `GET ${path}`);
	const refs = [...res.text_.matchAll(/(?:href|src)="(\/static\/[^"]*)"/g)].map((m) => m[1]);
	return { refs, html: res.text_ };
}

// Collected from the pages, so the test follows what the templates reference.
let assets = [];

before(async () => {
	srv = await startServer();
	owner = await loggedIn(srv.base);
	const { refs } = await staticRefs(owner, `/organisaties/${ORG_A}/portfolio`);
	assets = [...new Set(refs)];
});

after(async () => {
	await srv?.stop();
});

test('pages reference only fingerprinted static URLs, and those exist', async () => {
	const anon = new Client(srv.base);
	const pages = [
		[anon, '/inloggen'],
		[anon, '/toegankelijkheid'],
		[owner, '/'],
		[owner, `/organisaties/${ORG_A}`],
		[owner, `/organisaties/${ORG_A}/portfolio`],
		[owner, `/organisaties/${ORG_A}/initiatieven/nieuw`],
	];
	for (const [client, path] of pages) {
		const { refs, html } = await staticRefs(client, path);
		assert.ok(refs.length >= 4, `${path}: icon and three stylesheets (${refs})`);
		// every mention of /static/, not only in href/src
		for (const m of html.matchAll(/\/static\/[^"'\s)<>]*/g))
			assert.match(m[0], FINGERPRINTED, `${path} names ${m[0]}`);
		assert.doesNotMatch(html, /echarts\.min\.js/, `${path}: no full ECharts build`);
	}
	// the chart page loads one script: ECharts' used parts and our drawing code
	const scripts = assets.filter((u) => u.endsWith('.js'));
	assert.equal(scripts.length, 1, `one script on the portfolio page: ${scripts}`);
	assert.match(scripts[0], /^\/static\/charts\.[0-9a-f]{8}\.js$/);
	for (const u of assets) {
		const r = await raw(u);
		assert.equal(r.status, 200, u);
		assert.ok(r.body.length > 0, u);
	}
});

test('a fingerprinted URL is cached for a year, immutable, and equals the plain URL', async () => {
	for (const u of assets) {
		const r = await raw(u);
		assert.equal(r.headers['cache-control'], YEAR, u);
		assert.ok(r.headers.etag, `${u} has an ETag`);
		assert.equal(r.headers['x-content-type-options'], 'nosniff', u);
		const plainUrl = u.replace(/\.[0-9a-f]{8}(\.[a-z0-9]+)$/, '$1');
		const p = await raw(plainUrl);
		assert.equal(p.status, 200, plainUrl);
		assert.ok(p.body.equals(r.body), `${plainUrl} serves the same bytes as ${u}`);
		assert.doesNotMatch(p.headers['cache-control'], /immutable/, `${plainUrl}: short cache only`);
		assert.match(p.headers['cache-control'], /max-age=(\d{1,4})\b/, plainUrl);
		assert.ok(Number(/max-age=(\d+)/.exec(p.headers['cache-control'])[1]) <= 3600, plainUrl);
	}
	const css = await raw(assets.find((u) => u.startsWith('/static/app.')));
	assert.equal(css.headers['content-type'], 'text/css; charset=utf-8');
	const js = await raw(assets.find((u) => u.endsWith('.js')));
	assert.equal(js.headers['content-type'], 'text/javascript; charset=utf-8');
});

test('gzip and brotli are sent when accepted and decompress to the identity bytes', async () => {
	let sawBoth = false;
	for (const u of assets) {
		const id = await raw(u);
		assert.equal(id.headers['content-encoding'], undefined, `${u}: identity without Accept-Encoding`);
		const gz = await raw(u, { 'Accept-Encoding': 'gzip' });
		const br = await raw(u, { 'Accept-Encoding': 'br' });
		for (const [r, coding, inflate] of [
			[gz, 'gzip', zlib.gunzipSync],
			[br, 'br', zlib.brotliDecompressSync],
		]) {
			assert.equal(r.status, 200);
			if (r.headers['content-encoding'] === undefined) {
				// only when the encoded form would not be smaller (a tiny file)
				assert.ok(id.body.length < 300, `${u}: ${coding} missing on a ${id.body.length}-byte file`);
				assert.ok(r.body.equals(id.body));
				continue;
			}
			assert.equal(r.headers['content-encoding'], coding, u);
			assert.match(r.headers.vary || '', /Accept-Encoding/i, `${u}: Vary`);
			assert.equal(Number(r.headers['content-length']), r.body.length, `${u}: length of the ${coding} body`);
			assert.ok(r.body.length < id.body.length, `${u}: ${coding} is smaller`);
			assert.ok(inflate(r.body).equals(id.body), `${u}: ${coding} decompresses to the identity bytes`);
			assert.notEqual(r.headers.etag, id.headers.etag, `${u}: each encoding has its own ETag`);
			assert.equal(r.headers['content-type'], id.headers['content-type']);
		}
		if (gz.headers['content-encoding'] && br.headers['content-encoding']) sawBoth = true;
	}
	assert.ok(sawBoth, 'the stylesheets and the script have both forms');
});

test('Accept-Encoding preferences and q-values choose the encoding', async () => {
	const u = assets.find((x) => x.endsWith('.js'));
	const enc = async (ae) => (await raw(u, ae === null ? {} : { 'Accept-Encoding': ae })).headers['content-encoding'] ?? 'identity';
	assert.equal(await enc('gzip, deflate, br'), 'br', 'what browsers send: the smaller br');
	assert.equal(await enc('gzip, deflate'), 'gzip');
	assert.equal(await enc('br;q=0, gzip'), 'gzip', 'br refused');
	assert.equal(await enc('gzip;q=0.5, br;q=0.2'), 'gzip', 'higher q wins');
	assert.equal(await enc('GZIP'), 'gzip', 'case-insensitive');
	assert.equal(await enc('x-gzip'), 'gzip');
	assert.equal(await enc('*'), 'br');
	assert.equal(await enc('*;q=0, identity'), 'identity');
	assert.equal(await enc('gzip;q=0, br;q=0'), 'identity');
	assert.equal(await enc('identity'), 'identity');
	assert.equal(await enc('deflate'), 'identity');
	assert.equal(await enc(''), 'identity');
	assert.equal(await enc(null), 'identity');
	// HEAD: the same headers, no body
	const h = await raw(u, { 'Accept-Encoding': 'br' }, 'HEAD');
	const g = await raw(u, { 'Accept-Encoding': 'br' });
	assert.equal(h.status, 200);
	assert.equal(h.body.length, 0);
	assert.equal(h.headers['content-length'], g.headers['content-length']);
	assert.equal(h.headers.etag, g.headers.etag);
});

test('ETag and If-None-Match give 304 on plain URLs, well-known paths and fingerprinted ones', async () => {
	const paths = ['/static/app.css', '/static/favicon.svg', '/favicon.ico', '/.well-known/security.txt', ...assets];
	for (const p of paths) {
		for (const ae of [undefined, 'gzip', 'br']) {
			const headers = ae ? { 'Accept-Encoding': ae } : {};
			const first = await raw(p, headers);
			assert.equal(first.status, 200, p);
			const etag = first.headers.etag;
			assert.match(etag, /^"[^"]+"$/, `${p}: a strong ETag`);
			assert.match(first.headers['cache-control'], /^public, max-age=\d+/, p);
			const again = await raw(p, { ...headers, 'If-None-Match': etag });
			assert.equal(again.status, 304, `${p} (${ae ?? 'identity'}) revalidates`);
			assert.equal(again.body.length, 0);
			assert.equal(again.headers.etag, etag);
			assert.equal(again.headers['cache-control'], first.headers['cache-control']);
			const weak = await raw(p, { ...headers, 'If-None-Match': `"other", W/${etag}` });
			assert.equal(weak.status, 304, `${p}: weak comparison in a list`);
			const star = await raw(p, { ...headers, 'If-None-Match': '*' });
			assert.equal(star.status, 304, `${p}: *`);
			const other = await raw(p, { ...headers, 'If-None-Match': '"0000000000"' });
			assert.equal(other.status, 200, `${p}: another ETag gets the body`);
			assert.ok(other.body.equals(first.body));
		}
	}
	// a cached gzip body does not validate an identity request
	const gz = await raw('/static/app.css', { 'Accept-Encoding': 'gzip' });
	const id = await raw('/static/app.css', { 'If-None-Match': gz.headers.etag });
	assert.equal(id.status, 200);
	assert.equal(id.headers['content-encoding'], undefined);
	// the well-known paths keep their types
	assert.equal((await raw('/favicon.ico')).headers['content-type'], 'image/svg+xml');
	assert.equal((await raw('/.well-known/security.txt')).headers['content-type'], 'text/plain; charset=utf-8');
	assert.match((await raw('/.well-known/security.txt')).body.toString(), /^Contact: /m);
});

test('a wrong or stale fingerprint is 404, as is a file that is not there', async () => {
	for (const u of assets) {
		const fp = /\.([0-9a-f]{8})\.[a-z0-9]+$/.exec(u)[1];
		const wrong = fp.replace(/^./, (c) => (c === '0' ? '1' : '0'));
		const r = await raw(u.replace(`.${fp}.`, `.${wrong}.`));
		assert.equal(r.status, 404, `${u} with fingerprint ${wrong}`);
		assert.doesNotMatch(r.headers['cache-control'] || '', /immutable/);
	}
	for (const p of ['/static/nope.css', '/static/vendor/echarts.min.js', '/static/app.css.gz', '/static/app.css.br', '/static/', '/static/../Makefile'])
		assert.equal((await raw(p)).status, 404, p);
});

test('pages are sent in gzip when accepted and decompress to the same page; POST answers are not', async () => {
	const cookie = owner.jar.header();
	for (const path of ['/', `/organisaties/${ORG_A}`, `/organisaties/${ORG_A}/portfolio`]) {
		const id = await raw(path, { Cookie: cookie });
		assert.equal(id.status, 200, path);
		assert.equal(id.headers['content-encoding'], undefined, `${path}: identity without Accept-Encoding`);
		assert.match(id.headers.vary || '', /Accept-Encoding/i, `${path}: Vary`);
		assert.equal(id.headers['cache-control'], 'no-store', `${path}: pages are never cached`);
		const gz = await raw(path, { Cookie: cookie, 'Accept-Encoding': 'gzip, deflate, br' });
		assert.equal(gz.headers['content-encoding'], 'gzip', path);
		assert.equal(Number(gz.headers['content-length']), gz.body.length);
		assert.ok(gz.body.length < id.body.length / 2, `${path}: ${gz.body.length} of ${id.body.length} bytes`);
		const html = zlib.gunzipSync(gz.body).toString();
		assert.equal(html, id.body.toString(), `${path}: the same page`);
		assert.match(html, /name="_csrf" value="[A-Za-z0-9_-]{43}"/, `${path}: the CSRF token survives`);
		const no = await raw(path, { Cookie: cookie, 'Accept-Encoding': 'gzip;q=0, br' });
		assert.equal(no.headers['content-encoding'], undefined, `${path}: gzip refused`);
	}
	// a form answer rendered on POST (it can show a secret once) stays identity
	const csrf = /name="_csrf" value="([^"]+)"/.exec((await owner.get(`/organisaties/${ORG_A}/initiatieven/nieuw`)).text_)[1];
	const post = await new Promise((ok, fail) => {
		const body = new URLSearchParams({ _csrf: csrf, name: '' }).toString();
		const req = http.request(
			`${srv.base}/organisaties/${ORG_A}/initiatieven`,
			{
				method: 'POST',
				headers: {
					Cookie: cookie,
					Origin: srv.base,
					'Accept-Encoding': 'gzip',
					'Content-Type': 'application/x-www-form-urlencoded',
					'Content-Length': Buffer.byteLength(body),
				},
			},
			(res) => {
				res.resume();
				res.on('end', () => ok(res));
			},
		);
		req.on('error', fail);
		req.end(body);
	});
	assert.equal(post.statusCode, 400, 'the form comes back with its errors');
	assert.equal(post.headers['content-encoding'], undefined);
});

test('a page with charts stays light: the compressed static files it loads fit the budget', async () => {
	// issue 8: <= 300 KB first visit for the heaviest page, HTML included;
	// the files here are the shared part of that budget.
	let total = 0;
	for (const u of assets) total += (await raw(u, { 'Accept-Encoding': 'gzip, deflate, br' })).body.length;
	assert.ok(total < 240 * 1024, `static files of the portfolio page: ${total} bytes brotli`);
	const js = await raw(assets.find((u) => u.endsWith('.js')));
	assert.ok(js.body.length < 800 * 1024, `the chart bundle is trimmed (${js.body.length} bytes; full ECharts is 1.1 MB)`);
});
