// SPDX-License-Identifier: EUPL-1.2
// Member management (invite and accept, change role, remove; an organisation keeps at
// least one beheerder) and personal access tokens (shown once, work as
// bearer, revoked → 401), through the API and the pages.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { startServer, Client, login, loggedIn, bearer, sessionApi, token, cli, sql, csrfOf, assertProblem, DEMO_EMAIL, ORG_A } from './lib.mjs';

let srv, tok, demoId;
const leden = `/organisaties/${ORG_A}/leden`;
before(async () => {
	srv = await startServer();
	tok = token(srv.db, DEMO_EMAIL);
	demoId = Number(sql(srv.db, `SELECT id FROM users WHERE email='${DEMO_EMAIL}'`).trim());
	cli(['user', 'add', '--db', srv.db, '--email', 'nieuw@scalelab.test', '--name', 'Nina Nieuw'], 'kastanje-laan-41\n');
	cli(['user', 'add', '--db', srv.db, '--email', 'tweede@scalelab.test', '--name', 'Tom Tweede'], 'linde-plein-882\n');
});
after(async () => {
	await srv?.stop();
});

/** Membership by invitation: the demo beheerder invites, the person accepts
 * with their own token. Answers like the old direct add: 201 and the id. */
async function join(email, role) {
	const inv = await bearer(srv.base, tok, 'POST', `/organisaties/${ORG_A}/uitnodigingen`, { json: { email, role } });
	assert.equal(inv.res.status, 201, inv.text);
	const acc = await bearer(srv.base, token(srv.db, email), 'POST', `${inv.body.link}/aanvaarden`, { json: {} });
	assert.equal(acc.res.status, 200, acc.text);
	const id = Number(sql(srv.db, `SELECT id FROM users WHERE email='${email}'`).trim());
	return { res: { status: 201 }, body: { id } };
}

test('API: add a member, change the role, remove; each change takes effect at once', async () => {
	const nieuwTok = token(srv.db, 'nieuw@scalelab.test');
	const coll = `/organisaties/${ORG_A}/initiatieven`;
	assert.equal((await bearer(srv.base, nieuwTok, 'GET', coll)).res.status, 404, 'not a member yet');
	const inv = await bearer(srv.base, tok, 'POST', `/organisaties/${ORG_A}/uitnodigingen`, { json: { email: 'nieuw@scalelab.test', role: 'lezer' } });
	assert.equal(inv.res.status, 201, inv.text);
	assert.equal((await bearer(srv.base, nieuwTok, 'GET', coll)).res.status, 404, 'invited is not a member yet');
	const add = await bearer(srv.base, nieuwTok, 'POST', `${inv.body.link}/aanvaarden`, { json: {} });
	assert.equal(add.res.status, 200, add.text);
	assert.deepEqual(add.body, { status: 'accepted' });
	const uid = Number(sql(srv.db, "SELECT id FROM users WHERE email='nieuw@scalelab.test'").trim());
	assert.equal((await bearer(srv.base, nieuwTok, 'GET', coll)).res.status, 200, 'lezer reads');
	assert.equal((await bearer(srv.base, nieuwTok, 'POST', coll, { json: { name: 'x', stage: 'idee' } })).res.status, 403);
	const list = await bearer(srv.base, tok, 'GET', leden);
	assert.equal(list.body.members.find((m) => m.id === uid)?.role, 'lezer');
	const put = await bearer(srv.base, tok, 'PUT', `${leden}/${uid}`, { json: { role: 'bewerker' } });
	assert.equal(put.res.status, 200, put.text);
	assert.equal(put.body.role, 'bewerker');
	assert.equal((await bearer(srv.base, nieuwTok, 'POST', coll, { json: { name: 'Door Nina', stage: 'idee' } })).res.status, 201);
	assertProblem(await bearer(srv.base, tok, 'PUT', `${leden}/${uid}`, { json: { role: 'baas' } }), 400, ['role']);
	const del = await bearer(srv.base, tok, 'DELETE', `${leden}/${uid}`);
	assert.equal(del.res.status, 204);
	assert.equal((await bearer(srv.base, nieuwTok, 'GET', coll)).res.status, 404, 'gone again');
	assert.equal((await bearer(srv.base, tok, 'DELETE', `${leden}/${uid}`)).res.status, 404);
	assert.equal((await bearer(srv.base, tok, 'PUT', `${leden}/999999`, { json: { role: 'lezer' } })).res.status, 404);
	const audit = sql(srv.db, "SELECT action FROM audit_log WHERE action LIKE 'member.%' ORDER BY id").trim().split('\n');
	assert.deepEqual(audit.slice(-3), ['member.accept', 'member.role', 'member.remove']);
});

test('the last beheerder cannot be demoted or removed → 409 (API and page)', async () => {
	const count = () => sql(srv.db, `SELECT count(*) FROM memberships m JOIN organisations o ON o.id=m.org_id WHERE o.slug='${ORG_A}' AND role='beheerder'`).trim();
	assert.equal(count(), '1');
	const demote = await bearer(srv.base, tok, 'PUT', `${leden}/${demoId}`, { json: { role: 'lezer' } });
	assertProblem(demote, 409);
	const remove = await bearer(srv.base, tok, 'DELETE', `${leden}/${demoId}`);
	assertProblem(remove, 409);
	const c = await loggedIn(srv.base);
	const csrf = await c.csrfFrom(leden);
	const p1 = await c.form(`${leden}/${demoId}/verwijderen`, { _csrf: csrf });
	assert.equal(p1.status, 409);
	assert.match(p1.headers.get('content-type'), /^text\/html/);
	const p2 = await c.form(`${leden}/${demoId}/rol`, { _csrf: csrf, role: 'bewerker' });
	assert.equal(p2.status, 409);
	assert.equal(count(), '1');
	// With a second beheerder the first may step down.
	const add = await join('tweede@scalelab.test', 'beheerder');
	assert.equal(add.res.status, 201);
	const tweedeTok = token(srv.db, 'tweede@scalelab.test');
	const down = await bearer(srv.base, tweedeTok, 'PUT', `${leden}/${demoId}`, { json: { role: 'bewerker' } });
	assert.equal(down.res.status, 200);
	assertProblem(await bearer(srv.base, tweedeTok, 'DELETE', `${leden}/${add.body.id}`), 409);
	const up = await bearer(srv.base, tweedeTok, 'PUT', `${leden}/${demoId}`, { json: { role: 'beheerder' } });
	assert.equal(up.res.status, 200);
	assert.equal((await bearer(srv.base, tok, 'DELETE', `${leden}/${add.body.id}`)).res.status, 204);
	assert.equal(count(), '1');
});

test('accepting an invitation for a lower role keeps the higher role held', async () => {
	await join(DEMO_EMAIL, 'lezer');
	const role = sql(srv.db, `SELECT role FROM memberships m JOIN organisations o ON o.id=m.org_id WHERE o.slug='${ORG_A}' AND m.user_id=${demoId}`).trim();
	assert.equal(role, 'beheerder');
});

test('two beheerders demoting each other at the same moment leave one beheerder', async () => {
	const count = () => Number(sql(srv.db, `SELECT count(*) FROM memberships m JOIN organisations o ON o.id=m.org_id WHERE o.slug='${ORG_A}' AND role='beheerder'`).trim());
	const tweedeTok = token(srv.db, 'tweede@scalelab.test');
	const add = await join('tweede@scalelab.test', 'beheerder');
	assert.equal(add.res.status, 201);
	const tweedeId = add.body.id;
	for (let round = 0; round < 25; round++) {
		const [a, b] = await Promise.all([
			bearer(srv.base, tok, 'PUT', `${leden}/${tweedeId}`, { json: { role: 'lezer' } }),
			bearer(srv.base, tweedeTok, 'PUT', `${leden}/${demoId}`, { json: { role: 'lezer' } }),
		]);
		assert.equal(count(), 1, `round ${round}: statuses ${a.res.status} and ${b.res.status}`);
		// One wins; the other is refused by the rule (409) or, if it arrived after
		// the first commit, by the central role check (403).
		const st = [a.res.status, b.res.status].sort();
		assert.ok(st[0] === 200 && (st[1] === 403 || st[1] === 409), `round ${round}: ${st}`);
		// Restore both as beheerder through whoever still is one.
		const boss = sql(srv.db, `SELECT u.email FROM memberships m JOIN users u ON u.id=m.user_id JOIN organisations o ON o.id=m.org_id WHERE o.slug='${ORG_A}' AND role='beheerder'`).trim();
		const bossTok = boss === DEMO_EMAIL ? tok : tweedeTok;
		const other = boss === DEMO_EMAIL ? tweedeId : demoId;
		assert.equal((await bearer(srv.base, bossTok, 'PUT', `${leden}/${other}`, { json: { role: 'beheerder' } })).res.status, 200);
	}
	assert.equal((await bearer(srv.base, tok, 'DELETE', `${leden}/${tweedeId}`)).res.status, 204);
	assert.equal(count(), 1);
});

test('page: invite with the form (the link shown once), the person accepts, change the role, remove', async () => {
	const c = await loggedIn(srv.base);
	let csrf = await c.csrfFrom(leden);
	const add = await c.form(`/organisaties/${ORG_A}/uitnodigingen`, { _csrf: csrf, email: 'nieuw@scalelab.test', role: 'deelnemer' });
	assert.equal(add.status, 200);
	const url = /id="link"[^>]*value="([^"]+)"/.exec(add.text_)[1];
	assert.match(url, /^http:\/\/127\.0\.0\.1:\d+\/lidmaatschappen\/[A-Za-z0-9_-]{43}$/, 'the full address');
	const link = new URL(url).pathname;
	let page = await c.get(leden);
	assert.match(page.text_, /Openstaande uitnodigingen[\s\S]*nieuw@scalelab\.test/);
	assert.doesNotMatch(page.text_, /lidmaatschappen\//, 'the link is not shown again');
	const acc = await bearer(srv.base, token(srv.db, 'nieuw@scalelab.test'), 'POST', `${link}/aanvaarden`, { json: {} });
	assert.equal(acc.res.status, 200, acc.text);
	const uid = Number(sql(srv.db, "SELECT id FROM users WHERE email='nieuw@scalelab.test'").trim());
	assert.equal((await bearer(srv.base, tok, 'GET', leden)).body.members.find((m) => m.id === uid).role, 'deelnemer');
	page = await c.get(leden);
	csrf = csrfOf(page.text_);
	const role = await c.form(`${leden}/${uid}/rol`, { _csrf: csrf, role: 'bewerker' });
	assert.equal(role.status, 303);
	assert.equal((await bearer(srv.base, tok, 'GET', leden)).body.members.find((m) => m.id === uid).role, 'bewerker');
	const bad = await c.form(`/organisaties/${ORG_A}/uitnodigingen`, { _csrf: csrf, email: 'geen adres', role: 'lezer' });
	assert.equal(bad.status, 400);
	assert.ok(bad.text_.includes('href="#email"'), 'error summary names the e-mail field');
	const rm = await c.form(`${leden}/${uid}/verwijderen`, { _csrf: csrf });
	assert.equal(rm.status, 303);
	page = await c.get(leden);
	assert.ok(!page.text_.includes('nieuw@scalelab.test'));
});

test('API tokens: created token is shown once, works as bearer, revoke → 401', async () => {
	const api = await sessionApi(srv.base);
	const made = await api('POST', '/mij/tokens', { name: 'script' });
	assert.equal(made.res.status, 201, made.text);
	const t = made.body.token;
	assert.match(t, /^\S{32,}$/);
	assert.equal(made.res.headers.get('location'), `/api/v1/mij/tokens/${made.body.id}`);
	const me = await bearer(srv.base, t, 'GET', '/organisaties');
	assert.equal(me.res.status, 200);
	assert.equal(me.body.me.email, DEMO_EMAIL);
	const list = await bearer(srv.base, t, 'GET', '/mij/tokens');
	assert.ok(list.body.tokens.some((x) => x.id === made.body.id && x.name === 'script'));
	assert.ok(!list.text.includes(t), 'the list never shows the token again');
	assert.ok(!sql(srv.db, 'SELECT * FROM tokens').includes(t), 'stored hashed');
	assert.ok(!sql(srv.db, 'SELECT quote(hash) FROM tokens').includes(Buffer.from(t).toString('hex').toUpperCase()));
	const del = await api('DELETE', `/mij/tokens/${made.body.id}`);
	assert.equal(del.res.status, 204);
	const after = await bearer(srv.base, t, 'GET', '/organisaties');
	assertProblem(after, 401);
});

test('a token of someone else cannot be revoked (404); its owner revokes it with a session', async () => {
	const other = cli(['user', 'token', '--db', srv.db, '--email', 'tweede@scalelab.test', '--name', 'van tom']).trim();
	const otherId = Number(sql(srv.db, "SELECT max(id) FROM tokens WHERE name='van tom'").trim());
	assert.equal((await (await sessionApi(srv.base))('DELETE', `/mij/tokens/${otherId}`)).res.status, 404);
	assert.equal((await bearer(srv.base, other, 'GET', '/mij/tokens')).res.status, 200, 'still valid');
	const tom = new Client(srv.base);
	assert.equal((await login(tom, 'tweede@scalelab.test', 'linde-plein-882')).status, 303);
	const csrf = await tom.csrfFrom('/mij/tokens');
	assert.equal((await tom.api('DELETE', `/mij/tokens/${otherId}`, undefined, { csrf, origin: srv.base })).status, 204);
	assert.equal((await bearer(srv.base, other, 'GET', '/mij/tokens')).res.status, 401);
});

test('a token cannot create or revoke tokens (403); only a session can', async () => {
	const t = token(srv.db, DEMO_EMAIL);
	const before = sql(srv.db, 'SELECT count(*) FROM tokens').trim();
	const mint = await bearer(srv.base, t, 'POST', '/mij/tokens', { json: { name: 'meer' } });
	assertProblem(mint, 403);
	assert.ok(!('token' in (mint.body ?? {})), 'no token in the answer');
	assert.equal(sql(srv.db, 'SELECT count(*) FROM tokens').trim(), before, 'nothing created');
	const id = Number(sql(srv.db, `SELECT max(t.id) FROM tokens t JOIN users u ON u.id=t.user_id WHERE u.email='${DEMO_EMAIL}'`).trim());
	assertProblem(await bearer(srv.base, t, 'DELETE', `/mij/tokens/${id}`), 403);
	assert.equal((await bearer(srv.base, t, 'GET', '/mij/tokens')).res.status, 200, 'not revoked');
	const api = await sessionApi(srv.base);
	assert.equal((await api('POST', '/mij/tokens', { name: 'met sessie' })).res.status, 201);
	assert.equal((await api('DELETE', `/mij/tokens/${id}`)).res.status, 204);
});

test('page tokens: create shows the token once, it works as bearer, revoke by form → 401', async () => {
	const c = await loggedIn(srv.base);
	const csrf = await c.csrfFrom('/mij/tokens');
	const res = await c.form('/mij/tokens', { _csrf: csrf, name: 'pagina-token' });
	assert.equal(res.status, 200);
	const m = /id="nieuw-token">([^<]+)</.exec(res.text_);
	assert.ok(m, 'token shown on the page');
	const t = m[1];
	const again = await c.get('/mij/tokens');
	assert.match(again.text_, /pagina-token/);
	assert.ok(!again.text_.includes(t), 'shown once only');
	assert.equal((await bearer(srv.base, t, 'GET', '/organisaties')).res.status, 200);
	// Bearer tokens are for the API; a page does not accept one.
	const pageWithBearer = await fetch(srv.base + '/organisaties', { headers: { Authorization: `Bearer ${t}` }, redirect: 'manual' });
	assert.equal(pageWithBearer.status, 303);
	const id = Number(sql(srv.db, "SELECT id FROM tokens WHERE name='pagina-token'").trim());
	const rv = await c.form(`/mij/tokens/${id}/intrekken`, { _csrf: csrfOf(again.text_) });
	assert.equal(rv.status, 303);
	assert.equal(rv.headers.get('location'), '/mij/tokens');
	assertProblem(await bearer(srv.base, t, 'GET', '/organisaties'), 401);
	const empty = await c.form('/mij/tokens', { _csrf: csrfOf(again.text_), name: '' });
	assert.equal(empty.status, 400);
	assert.ok(empty.text_.includes('href="#name"'));
	const tooLong = await c.form('/mij/tokens', { _csrf: csrfOf(again.text_), name: 'lang', days: '366' });
	assert.equal(tooLong.status, 400);
	assert.ok(tooLong.text_.includes('href="#days"'));
	assert.match(again.text_, /<input[^>]+id="days"[^>]+value="90"/, 'the form offers the lifetime, 90 days by default');
	const month = await c.form('/mij/tokens', { _csrf: csrfOf(again.text_), name: 'maand', days: '30' });
	assert.equal(month.status, 200);
	const mid = Number(sql(srv.db, "SELECT id FROM tokens WHERE name='maand'").trim());
	const secs = Number(sql(srv.db, `SELECT expires_s - strftime('%s', created_at) FROM tokens WHERE id=${mid}`).trim());
	assert.equal(secs, 30 * 86400);
	const expIso = new Date(Number(sql(srv.db, `SELECT expires_s FROM tokens WHERE id=${mid}`).trim()) * 1000).toISOString().replace('.000Z', 'Z');
	assert.ok(month.text_.includes(`datetime="${expIso}"`), 'the expiry is shown');
});

test('a password change (scalelab user passwd) revokes every token of that user, not of others', async () => {
	const mine = token(srv.db, 'tweede@scalelab.test');
	const others = token(srv.db, DEMO_EMAIL);
	assert.equal((await bearer(srv.base, mine, 'GET', '/mij/tokens')).res.status, 200);
	cli(['user', 'passwd', '--db', srv.db, '--email', 'tweede@scalelab.test'], 'ander-wachtwoord-22\n');
	assertProblem(await bearer(srv.base, mine, 'GET', '/mij/tokens'), 401);
	assert.equal(sql(srv.db, "SELECT count(*) FROM tokens t JOIN users u ON u.id=t.user_id WHERE u.email='tweede@scalelab.test'").trim(), '0');
	assert.equal((await bearer(srv.base, others, 'GET', '/mij/tokens')).res.status, 200, 'other users keep theirs');
});

test('tokens expire: 90 days by default, chosen up to 365, expired → 401', async () => {
	const api = await sessionApi(srv.base);
	const made = await api('POST', '/mij/tokens', { name: 'standaard' });
	assert.equal(made.res.status, 201, made.text);
	const mine = made.body.tokens.find((x) => x.id === made.body.id);
	const days = (Date.parse(mine.expiresAt) - Date.parse(mine.createdAt)) / 86400000;
	assert.equal(days, 90, 'default lifetime');
	const week = await api('POST', '/mij/tokens', { name: 'week', days: 7 });
	assert.equal(week.res.status, 201, week.text);
	const w = week.body.tokens.find((x) => x.id === week.body.id);
	assert.equal((Date.parse(w.expiresAt) - Date.parse(w.createdAt)) / 86400000, 7);
	assertProblem(await api('POST', '/mij/tokens', { name: 'te lang', days: 366 }), 400, ['days']);
	assertProblem(await api('POST', '/mij/tokens', { name: 'nul', days: 0 }), 400, ['days']);
	assert.equal((await bearer(srv.base, week.body.token, 'GET', '/organisaties')).res.status, 200);
	execFileSync('sqlite3', ['-cmd', '.timeout 5000', srv.db, `UPDATE tokens SET expires_s = CAST(strftime('%s','now') AS INTEGER) - 1 WHERE id=${week.body.id}`]);
	assertProblem(await bearer(srv.base, week.body.token, 'GET', '/organisaties'), 401);
	const cliTok = cli(['user', 'token', '--db', srv.db, '--email', DEMO_EMAIL, '--name', 'kort', '--days', '1']).trim();
	const exp = Number(sql(srv.db, "SELECT expires_s - CAST(strftime('%s', created_at) AS INTEGER) FROM tokens WHERE name='kort'").trim());
	assert.equal(exp, 86400, 'CLI --days 1');
	assert.equal((await bearer(srv.base, cliTok, 'GET', '/organisaties')).res.status, 200);
});
