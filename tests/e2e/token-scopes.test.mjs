// SPDX-License-Identifier: EUPL-1.2
// Personal access tokens with a scope and an organisation (issue 17,
// finding 5): a read-only token reads and is refused every write (also for
// a beheerder); a token limited to one organisation finds nothing in
// another; new tokens read only unless asked; the last use is recorded, to
// the hour, and shown; bad scope or organisation named.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { startServer, bearer, token, cli, sql, sessionApi, assertProblem, DEMO_EMAIL, ORG_A, ORG_B } from './lib.mjs';

let srv;
const hourNow = () => new Date(Math.floor(Date.now() / 3600000) * 3600000).toISOString().replace('.000Z', 'Z');

before(async () => {
	srv = await startServer();
});
after(async () => {
	await srv?.stop();
});

test('a read-only token reads and cannot write, even for a beheerder', async () => {
	const ro = cli(['user', 'token', '--db', srv.db, '--email', DEMO_EMAIL, '--scope', 'lezen']).trim();
	assert.equal((await bearer(srv.base, ro, 'GET', `/organisaties/${ORG_A}/initiatieven`)).res.status, 200);
	const w = await bearer(srv.base, ro, 'POST', `/organisaties/${ORG_A}/initiatieven`, { json: { name: 'Mag niet', stage: 'idee' } });
	assertProblem(w, 403);
	assert.match(w.body.detail, /alleen lezen|only read/);
	assert.equal(sql(srv.db, "SELECT count(*) FROM initiatives WHERE name='Mag niet'").trim(), '0');
	const rw = token(srv.db, DEMO_EMAIL); // the CLI default writes (the operator's own)
	assert.equal((await bearer(srv.base, rw, 'POST', `/organisaties/${ORG_A}/initiatieven`, { json: { name: 'Mag wel', stage: 'idee' } })).res.status, 201);
});

test('a token for one organisation finds nothing in another', async () => {
	const a = cli(['user', 'token', '--db', srv.db, '--email', DEMO_EMAIL, '--org', ORG_A]).trim();
	assert.equal((await bearer(srv.base, a, 'GET', `/organisaties/${ORG_A}`)).res.status, 200);
	assert.equal((await bearer(srv.base, a, 'GET', `/organisaties/${ORG_B}`)).res.status, 404);
	const any = token(srv.db, DEMO_EMAIL);
	assert.equal((await bearer(srv.base, any, 'GET', `/organisaties/${ORG_B}`)).res.status, 200, 'without a limit: every organisation');
	assert.throws(() => cli(['user', 'token', '--db', srv.db, '--email', DEMO_EMAIL, '--org', 'bestaat-niet']));
});

test('the API: read-only by default, scope and organisation shown, last use recorded to the hour', async () => {
	const api = await sessionApi(srv.base);
	const made = await api('POST', '/mij/tokens', { name: 'dashboard' });
	assert.equal(made.res.status, 201, made.text);
	let mine = made.body.tokens.find((t) => t.id === made.body.id);
	assert.equal(mine.scope, 'lezen');
	assert.equal(mine.organisation, undefined);
	assert.equal(mine.lastUsedAt, undefined, 'never used yet');
	assertProblem(await bearer(srv.base, made.body.token, 'POST', `/organisaties/${ORG_A}/initiatieven`, { json: { name: 'x', stage: 'idee' } }), 403);
	assert.equal((await bearer(srv.base, made.body.token, 'GET', '/organisaties')).res.status, 200);
	const list = await api('GET', '/mij/tokens');
	mine = list.body.tokens.find((t) => t.id === made.body.id);
	assert.equal(mine.lastUsedAt, hourNow());
	const limited = await api('POST', '/mij/tokens', { name: 'koppeling', scope: 'schrijven', organisation: ORG_A });
	assert.equal(limited.res.status, 201);
	const l = limited.body.tokens.find((t) => t.id === limited.body.id);
	assert.equal(l.scope, 'schrijven');
	assert.equal(l.organisation, ORG_A);
	assert.equal((await bearer(srv.base, limited.body.token, 'POST', `/organisaties/${ORG_A}/initiatieven`, { json: { name: 'Via koppeling', stage: 'idee' } })).res.status, 201);
	assertProblem(await api('POST', '/mij/tokens', { name: 'x', scope: 'alles', organisation: 'bestaat-niet' }), 400, ['scope']);
	assertProblem(await api('POST', '/mij/tokens', { name: 'x', organisation: 'bestaat-niet' }), 400, ['organisation']);
});
