// SPDX-License-Identifier: EUPL-1.2
// Kept GET answers and entity tags (issue 17, performance; http/rcache.h).
// The paged action and initiative lists are kept per server thread while
// provably the same. These tests read a list, read it again (so the second
// answer can come from what was kept), change the data, and read at once:
// the change must show, whether it came through the API or from another
// process (sqlite3 writing the database file directly). Every principal
// gets its own answer; a 304 is only given after every check a 200 would
// pass (authentication, membership, role).
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { startServer, bearer, token, sql, loggedIn, DEMO_EMAIL, LEZER_EMAIL, ORG_A } from './lib.mjs';

let srv, tok, ini;
const one = (q) => sql(srv.db, q).trim();
/* another process writes the file the server has open */
const write = (q) => execFileSync('sqlite3', [srv.db, `PRAGMA busy_timeout=5000; ${q}`], { encoding: 'utf8' });
const list = (t, extra = {}) => bearer(srv.base, t, 'GET', `/initiatieven/${ini}/acties?aantal=5`, { headers: extra });

before(async () => {
	srv = await startServer();
	tok = token(srv.db, DEMO_EMAIL);
	ini = one(`SELECT i.id FROM initiatives i JOIN organisations o ON o.id=i.org_id
		WHERE o.slug='${ORG_A}' AND (SELECT count(*) FROM actions a WHERE a.initiative_id=i.id) > 0 ORDER BY i.id LIMIT 1`);
	assert.ok(ini, 'a demo initiative with actions');
});
after(async () => {
	await srv?.stop();
});

test('a repeated read is the same answer, with the same entity tag', async () => {
	const a = await list(tok);
	const b = await list(tok);
	assert.equal(a.res.status, 200, a.text);
	assert.equal(b.text, a.text);
	assert.match(a.res.headers.get('etag'), /^"[0-9a-f]{24}"$/);
	assert.equal(b.res.headers.get('etag'), a.res.headers.get('etag'));
	assert.equal(b.res.headers.get('x-total-count'), a.res.headers.get('x-total-count'));
	assert.equal(b.res.headers.get('cache-control'), 'no-store', 'answers stay out of shared and browser caches');
});

test('a write through the API shows in the next read', async () => {
	const a = await list(tok);
	await list(tok);
	const n = Number(a.res.headers.get('x-total-count'));
	const due = new Date(Date.now() + 86400e3).toISOString().slice(0, 10);
	const r = await bearer(srv.base, tok, 'POST', `/initiatieven/${ini}/acties`, { json: { title: 'Nieuw na het lezen', dueDate: due } });
	assert.equal(r.res.status, 201, r.text);
	const b = await list(tok);
	assert.equal(Number(b.res.headers.get('x-total-count')), n + 1);
	assert.ok(b.body.actions.some((x) => x.title === 'Nieuw na het lezen'), 'the new action is on the first page');
	assert.notEqual(b.res.headers.get('etag'), a.res.headers.get('etag'));
});

test('a write by another process shows in the next read, each of ten times', async () => {
	for (let round = 0; round < 10; round++) {
		const a = await list(tok);
		await list(tok);
		const first = a.body.actions[0];
		write(`UPDATE actions SET title='Elders gewijzigd ${round}' WHERE id=${first.id}`);
		const b = await list(tok);
		assert.equal(b.body.actions.find((x) => x.id === first.id)?.title, `Elders gewijzigd ${round}`, `round ${round}`);
	}
});

test('the page of the list follows another process too', async () => {
	const c = await loggedIn(srv.base);
	const path = `/initiatieven/${ini}/acties?aantal=200`;
	for (let round = 0; round < 5; round++) {
		await c.get(path);
		const p = await c.get(path);
		assert.equal(p.status, 200);
		const id = one(`SELECT id FROM actions WHERE initiative_id=${ini} ORDER BY id LIMIT 1`);
		write(`UPDATE actions SET title='Pagina gewijzigd ${round}' WHERE id=${id}`);
		const r = await c.get(path);
		assert.ok(r.text_.includes(`Pagina gewijzigd ${round}`), `round ${round}`);
	}
});

test('the initiative list follows a rename by another process', async () => {
	const path = `/organisaties/${ORG_A}/initiatieven?aantal=50`;
	for (let round = 0; round < 5; round++) {
		await bearer(srv.base, tok, 'GET', path);
		const a = await bearer(srv.base, tok, 'GET', path);
		const first = a.body.initiatives[0];
		write(`UPDATE initiatives SET name='Hernoemd ${round}' WHERE id=${first.id}`);
		const b = await bearer(srv.base, tok, 'GET', path);
		assert.ok(b.body.initiatives.some((x) => x.name === `Hernoemd ${round}`), `round ${round}`);
	}
});

test('round results follow a change by another process', async () => {
	const round = one(`SELECT r.id FROM assessment_rounds r JOIN initiatives i ON i.id=r.initiative_id
		JOIN organisations o ON o.id=i.org_id WHERE o.slug='${ORG_A}' AND r.status='gesloten' ORDER BY r.id LIMIT 1`);
	assert.ok(round, 'a closed demo round');
	for (let i = 0; i < 3; i++) {
		await bearer(srv.base, tok, 'GET', `/rondes/${round}/resultaten`);
		const a = await bearer(srv.base, tok, 'GET', `/rondes/${round}/resultaten`);
		assert.equal(a.res.status, 200, a.text);
		write(`UPDATE assessment_rounds SET title='Ronde elders hernoemd ${i}' WHERE id=${round}`);
		const b = await bearer(srv.base, tok, 'GET', `/rondes/${round}/resultaten`);
		assert.equal(b.body.round.title, `Ronde elders hernoemd ${i}`);
	}
});

test('each principal gets its own answer', async () => {
	const lezer = token(srv.db, LEZER_EMAIL);
	const mine = await list(tok);
	const theirs = await list(lezer);
	assert.equal(mine.res.status, 200);
	assert.equal(theirs.res.status, 200, theirs.text);
	assert.equal(mine.body.canEdit, true);
	assert.equal(theirs.body.canEdit, false, 'a lezer never gets the beheerder\'s answer');
	// a membership withdrawn by another process holds at the next request
	write(`DELETE FROM memberships WHERE user_id=(SELECT id FROM users WHERE email='${LEZER_EMAIL}')
		AND org_id=(SELECT id FROM organisations WHERE slug='${ORG_A}')`);
	assert.equal((await list(lezer)).res.status, 404);
});

test('304 Not Modified only after every check a 200 passes', async () => {
	const a = await list(tok);
	const etag = a.res.headers.get('etag');
	const nm = await list(tok, { 'If-None-Match': etag });
	assert.equal(nm.res.status, 304);
	assert.equal(nm.text, '');
	assert.equal(nm.res.headers.get('etag'), etag);
	assert.equal(nm.res.headers.get('x-content-type-options'), 'nosniff', 'security headers on a 304 too');
	assert.equal((await list(tok, { 'If-None-Match': `W/${etag}, "x"` })).res.status, 304, 'weak comparison, a list');
	assert.equal((await list(tok, { 'If-None-Match': '"0000"' })).res.status, 200);
	assert.equal((await list(null, { 'If-None-Match': etag })).res.status, 401, 'no caller: no 304');
	const outsider = one(`SELECT email FROM users u WHERE is_admin=0 AND NOT EXISTS (SELECT 1 FROM memberships m JOIN organisations o
		ON o.id=m.org_id WHERE m.user_id=u.id AND o.slug='${ORG_A}') LIMIT 1`);
	assert.ok(outsider, 'a user of another organisation');
	assert.equal((await list(token(srv.db, outsider), { 'If-None-Match': etag })).res.status, 404, 'not a member: no 304');
	write(`UPDATE actions SET title='Na de tag' WHERE id=${a.body.actions[0].id}`);
	const b = await list(tok, { 'If-None-Match': etag });
	assert.equal(b.res.status, 200, 'changed: the new answer');
	assert.notEqual(b.res.headers.get('etag'), etag);
});

test('pages: the entity tag of the gzip form differs and revalidates', async () => {
	const c = await loggedIn(srv.base);
	const path = `/initiatieven/${ini}/acties`;
	const plain = await c.get(path, { headers: { 'Accept-Encoding': 'identity' } });
	const tag = plain.headers.get('etag');
	assert.match(tag, /^"[0-9a-f]{24}"$/);
	const nm = await c.get(path, { headers: { 'Accept-Encoding': 'identity', 'If-None-Match': tag } });
	assert.equal(nm.status, 304);
	const gz = await c.get(path, { headers: { 'Accept-Encoding': 'gzip' } });
	assert.equal(gz.headers.get('content-encoding'), 'gzip');
	assert.equal(gz.headers.get('etag'), tag.slice(0, -1) + '-gzip"');
	const nmz = await c.get(path, { headers: { 'Accept-Encoding': 'gzip', 'If-None-Match': gz.headers.get('etag') } });
	assert.equal(nmz.status, 304);
	assert.equal(nmz.headers.get('etag'), gz.headers.get('etag'));
});
