// SPDX-License-Identifier: EUPL-1.2
// The contract check of lib.mjs must be able to fail: answers that break the
// served OpenAPI document in each way it can be broken are rejected, with the
// path, the status and the schema error in the message; a fake server that
// publishes the real document but answers wrongly makes fetch() reject.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { createServer } from 'node:http';
import { startServer, bearer, token, ORG_A } from './lib.mjs';
import { Contract, toJsonSchema } from './openapi-check.mjs';

let srv;
let doc;
let contract;
let good; // a real answer of GET /organisaties/{org}/initiatieven

before(async () => {
	srv = await startServer();
	doc = await (await fetch(srv.base + '/api/v1/openapi.json')).json();
	contract = new Contract(doc);
	const r = await bearer(srv.base, token(srv.db), 'GET', `/organisaties/${ORG_A}/initiatieven`);
	assert.equal(r.res.status, 200);
	good = r.body;
});
after(() => srv?.stop());

const path = `/organisaties/${ORG_A}/initiatieven`;
const check = (body, { method = 'GET', p = path, status = 200, type = 'application/json' } = {}) =>
	contract.check(method, p, status, type, typeof body === 'string' ? body : JSON.stringify(body));

test('a real answer conforms', () => {
	assert.equal(check(good), null);
	assert.ok(good.initiatives.length > 0, 'the demo organisation has initiatives to check');
});

test('a missing required member is reported with path and status', () => {
	const { initiatives, ...rest } = good;
	const err = check(rest);
	assert.match(err, /GET \/api\/v1\/organisaties\/[a-z-]+\/initiatieven → 200 application\/json/);
	assert.match(err, /must have required property 'initiatives'/);
});

test('a wrong type deep inside is reported with its JSON pointer', () => {
	const bad = structuredClone(good);
	bad.initiatives[0].id = String(bad.initiatives[0].id);
	assert.match(check(bad), /\/initiatives\/0\/id must be integer/);
});

test('a member the schema does not declare is reported', () => {
	assert.match(check({ ...good, secret: 1 }), /must NOT have additional properties.*secret/);
});

test('null where the schema does not allow it is reported; where it does, not', () => {
	const bad = structuredClone(good);
	bad.initiatives[0].name = null;
	assert.match(check(bad), /\/initiatives\/0\/name must be string/);
	const ok = structuredClone(good);
	ok.initiatives[0].ownerName = null;
	assert.equal(check(ok), null);
});

test('an undeclared status, media type or operation is reported', () => {
	assert.match(check(good, { status: 418 }), /status 418 is not declared for GET \/organisaties\/\{org\}\/initiatieven/);
	assert.match(check('a,b\n', { type: 'text/csv' }), /media type text\/csv is not declared/);
	assert.match(check(good, { method: 'PATCH' }), /no operation PATCH/);
	assert.match(check(good, { p: '/nergens' }), /no operation GET/);
	assert.match(check('', { type: '' }), /empty body, but .* declares application\/json/);
	assert.match(check('{', {}), /body is not JSON/);
});

test('problem+json: declared statuses and unknown paths are held against Problem', () => {
	const problem = { type: 'about:blank', title: 'Niet gevonden', status: 404, detail: 'x', instance: '/api/v1/x' };
	const opts = { status: 404, type: 'application/problem+json' };
	assert.equal(check(problem, opts), null);
	assert.equal(check(problem, { ...opts, p: '/nergens' }), null);
	const { title, ...untitled } = problem;
	assert.match(check(untitled, opts), /must have required property 'title'/);
	assert.match(check(untitled, { ...opts, p: '/nergens' }), /must have required property 'title'/);
});

test('OpenAPI 3.0 keywords become JSON Schema', () => {
	assert.deepEqual(toJsonSchema({ allOf: [{ $ref: '#/components/schemas/X' }], nullable: true }), {
		anyOf: [{ type: 'null' }, { allOf: [{ $ref: 'urn:scalelab:openapi#/definitions/X' }] }],
	});
	assert.deepEqual(toJsonSchema({ type: 'number', minimum: 0, exclusiveMinimum: true }), {
		type: 'number',
		exclusiveMinimum: 0,
	});
	assert.deepEqual(toJsonSchema({ type: 'number', maximum: 1, exclusiveMaximum: false }), {
		type: 'number',
		maximum: 1,
	});
});

test('the fetch hook rejects an answer that breaks the published document', async () => {
	// a stand-in server: the real document, but one answer lacks a required member
	const fake = createServer((req, res) => {
		if (req.url === '/api/v1/openapi.json') {
			res.writeHead(200, { 'Content-Type': 'application/json' });
			res.end(JSON.stringify(doc));
		} else {
			const { initiatives, ...rest } = good;
			res.writeHead(200, { 'Content-Type': 'application/json' });
			res.end(JSON.stringify(req.url.endsWith('/goed') ? good : rest));
		}
	});
	await new Promise((ok) => fake.listen(0, '127.0.0.1', ok));
	const base = `http://127.0.0.1:${fake.address().port}`;
	try {
		await assert.rejects(fetch(base + '/api/v1' + path), (e) => {
			assert.match(e.message, /^OpenAPI contract: GET \/api\/v1\/organisaties\/.*\/initiatieven → 200/);
			assert.match(e.message, /must have required property 'initiatives'/);
			return true;
		});
		// not an API path: not checked
		const page = await fetch(base + '/organisaties');
		assert.equal(page.status, 200);
	} finally {
		await new Promise((ok) => fake.close(ok));
	}
});
