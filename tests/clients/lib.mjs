// SPDX-License-Identifier: EUPL-1.2
// Shared by the analytics-client tests: a server with a demo initiative,
// sources made through the API, and reading a source's counters back
// (the counters are flushed from memory within a second, so wait for them).
import assert from 'node:assert/strict';
import { startServer, token, bearer, sql } from '../e2e/lib.mjs';

export { startServer, token, bearer, sql };

export async function setup() {
	const srv = await startServer();
	const tok = token(srv.db);
	const ini = Number(sql(srv.db, "SELECT id FROM initiatives WHERE name='Digitale schuldhulp-intake'").trim());
	return { srv, tok, ini };
}

export async function source(ctx, kind, extra = {}) {
	const r = await bearer(ctx.srv.base, ctx.tok, 'POST', `/initiatieven/${ctx.ini}/bronnen`, { json: { kind, name: `${kind} test`, ...extra } });
	assert.equal(r.res.status, 201, r.text);
	return r.body;
}

export async function counts(ctx, id) {
	const r = await bearer(ctx.srv.base, ctx.tok, 'GET', `/bronnen/${id}`);
	assert.equal(r.res.status, 200, r.text);
	return r.body;
}

/** Waits until pred(source) holds (the counters are written once a second). */
export async function until(ctx, id, pred, ms = 8000) {
	const end = Date.now() + ms;
	let s;
	while (Date.now() < end) {
		s = await counts(ctx, id);
		if (pred(s)) return s;
		await new Promise((r) => setTimeout(r, 100));
	}
	return s;
}
