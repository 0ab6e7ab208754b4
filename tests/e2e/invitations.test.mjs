// SPDX-License-Identifier: EUPL-1.2
// Membership by invitation (issue 17, finding 4): inviting gives the same
// answer whether or not the address has an account (no probing); nobody is
// a member before accepting; a person without an account makes one through
// the link (password rules apply) and joins; a person with one accepts or
// declines in the product; someone else cannot use the link; a revoked or
// expired invitation cannot be accepted; a new invitation replaces the old
// link; only beheerders invite, only in their own organisation.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import {
	startServer, bearer, token, sql, cli, csrfOf, login, assertProblem, Client, DEMO_EMAIL, LEZER_EMAIL, ORG_A, ORG_B,
} from './lib.mjs';

let srv, tok;
const inviteUrl = `/organisaties/${ORG_A}/uitnodigingen`;

async function invite(email, role = 'lezer', t = tok) {
	return bearer(srv.base, t, 'POST', inviteUrl, { json: { email, role } });
}
function write(q) {
	execFileSync('sqlite3', [srv.db, q]);
}
function roleOf(email, slug = ORG_A) {
	return sql(srv.db, `SELECT m.role FROM memberships m JOIN users u ON u.id=m.user_id JOIN organisations o ON o.id=m.org_id WHERE o.slug='${slug}' AND u.email='${email}'`).trim();
}

before(async () => {
	srv = await startServer();
	tok = token(srv.db, DEMO_EMAIL);
	cli(['user', 'add', '--db', srv.db, '--email', 'bestaand@scalelab.test', '--name', 'Bea Staand'], 'rozen-en-tulpen-9\n');
});
after(async () => {
	await srv?.stop();
});

test('the same answer whether or not the address has an account; nobody joins before accepting', async () => {
	const a = await invite('bestaand@scalelab.test');
	const b = await invite('onbekend@scalelab.test');
	assert.equal(a.res.status, 201);
	assert.equal(b.res.status, 201);
	assert.deepEqual(Object.keys(a.body).sort(), Object.keys(b.body).sort());
	assert.equal(a.body.status, b.body.status);
	assert.equal(roleOf('bestaand@scalelab.test'), '', 'not a member yet');
	assert.equal(sql(srv.db, "SELECT count(*) FROM users WHERE email='onbekend@scalelab.test'").trim(), '0');
	assert.equal(sql(srv.db, `SELECT count(*) FROM member_invitations WHERE token_hash LIKE '%${a.body.link.split('/').pop()}%'`).trim(), '0', 'only a digest is stored');
	const list = await bearer(srv.base, tok, 'GET', inviteUrl);
	assert.ok(list.body.invitations.some((i) => i.email === 'onbekend@scalelab.test' && i.status === 'open'));
});

test('with an account: seen in the product, accepted there; a declined one stays out', async () => {
	const mine = token(srv.db, 'bestaand@scalelab.test');
	const open = await bearer(srv.base, mine, 'GET', '/mij/uitnodigingen');
	assert.equal(open.body.invitations.length, 1);
	const inv = open.body.invitations[0];
	assert.equal(inv.organisation, ORG_A);
	assert.equal(inv.invitedBy.length > 0, true);
	// someone else cannot answer it by id (as if it did not exist)
	assert.equal((await bearer(srv.base, token(srv.db, LEZER_EMAIL), 'POST', `/mij/uitnodigingen/${inv.id}/aanvaarden`, { json: {} })).res.status, 404);
	const acc = await bearer(srv.base, mine, 'POST', `/mij/uitnodigingen/${inv.id}/aanvaarden`, { json: {} });
	assert.equal(acc.res.status, 200, acc.text);
	assert.equal(roleOf('bestaand@scalelab.test'), 'lezer');
	assertProblem(await bearer(srv.base, mine, 'POST', `/mij/uitnodigingen/${inv.id}/aanvaarden`, { json: {} }), 409);
	// decline another
	const again = await invite('bestaand@scalelab.test', 'beheerder', token(srv.db, DEMO_EMAIL));
	const id = again.body.id;
	assert.equal((await bearer(srv.base, mine, 'POST', `/mij/uitnodigingen/${id}/afwijzen`, { json: {} })).res.status, 200);
	assert.equal(roleOf('bestaand@scalelab.test'), 'lezer', 'declining changes nothing');
	assert.equal(sql(srv.db, `SELECT status FROM member_invitations WHERE id=${id}`).trim(), 'declined');
});

test('without an account: the link makes one (password rules apply) and joins; signed in as someone else it refuses', async () => {
	const inv = await invite('nieuwkomer@scalelab.test', 'bewerker');
	const c = new Client(srv.base);
	const page = await c.get(inv.body.link);
	assert.equal(page.status, 200);
	assert.match(page.text_, /nieuwkomer@scalelab\.test/);
	assert.match(page.text_, /Account maken en lid worden/);
	const csrf = csrfOf(page.text_);
	let r = await c.form(`${inv.body.link}/account`, { _csrf: csrf, name: 'Nico Nieuwkomer', newPassword: 'welkom123456', repeatPassword: 'welkom123456' });
	assert.equal(r.status, 400);
	assert.match(r.text_, /id="newPassword"[^>]*aria-invalid="true"/);
	r = await c.form(`${inv.body.link}/account`, { _csrf: csrf, name: 'Nico Nieuwkomer', newPassword: 'zeven-bruggen-over', repeatPassword: 'zeven-bruggen-over' });
	assert.equal(r.status, 303);
	assert.equal(r.headers.get('location'), `/organisaties/${ORG_A}`);
	assert.equal((await c.get(`/organisaties/${ORG_A}`)).status, 200, 'signed in and a member');
	assert.equal(roleOf('nieuwkomer@scalelab.test'), 'bewerker');
	// the link is used up
	assert.equal((await new Client(srv.base).form(`${inv.body.link}/account`, { _csrf: csrf, name: 'X', newPassword: 'zeven-bruggen-over', repeatPassword: 'zeven-bruggen-over' })).status, 403);

	const other = await invite('iemand-anders@scalelab.test');
	const lz = token(srv.db, LEZER_EMAIL);
	assertProblem(await bearer(srv.base, lz, 'POST', `${other.body.link}/aanvaarden`, { json: {} }), 403);
	const v = await bearer(srv.base, lz, 'GET', other.body.link);
	assert.equal(v.body.forYou, false);
	assert.equal(v.body.signedIn, true);
});

test('revoked, replaced and expired invitations cannot be accepted; unknown links are 404', async () => {
	cli(['user', 'add', '--db', srv.db, '--email', 'wachter@scalelab.test', '--name', 'Wim Wachter'], 'lange-gang-links-3\n');
	const w = token(srv.db, 'wachter@scalelab.test');
	const first = await invite('wachter@scalelab.test');
	const second = await invite('wachter@scalelab.test', 'deelnemer');
	assertProblem(await bearer(srv.base, w, 'POST', `${first.body.link}/aanvaarden`, { json: {} }), 409);
	const del = await bearer(srv.base, tok, 'DELETE', `${inviteUrl}/${second.body.id}`);
	assert.equal(del.res.status, 204);
	assertProblem(await bearer(srv.base, w, 'POST', `${second.body.link}/aanvaarden`, { json: {} }), 409);
	assert.match((await new Client(srv.base).get(second.body.link)).text_, /ingetrokken/);
	const third = await invite('wachter@scalelab.test');
	write(`UPDATE member_invitations SET expires_at='2020-01-01T00:00:00Z' WHERE id=${third.body.id}`);
	assertProblem(await bearer(srv.base, w, 'POST', `${third.body.link}/aanvaarden`, { json: {} }), 410);
	assert.equal(roleOf('wachter@scalelab.test'), '');
	assert.equal((await new Client(srv.base).get('/lidmaatschappen/' + 'x'.repeat(43))).status, 404);
	assert.equal((await bearer(srv.base, tok, 'DELETE', `${inviteUrl}/999999`)).res.status, 404);
});

test('only beheerders invite, only in their organisation; bad fields named', async () => {
	assert.equal((await invite('x@scalelab.test', 'lezer', token(srv.db, LEZER_EMAIL))).res.status, 403);
	cli(['user', 'add', '--db', srv.db, '--email', 'oost@scalelab.test', '--name', 'Olga Oost', '--org', ORG_B, '--role', 'beheerder'], 'demo-opschalen-2026\n');
	assert.equal((await invite('x@scalelab.test', 'lezer', token(srv.db, 'oost@scalelab.test'))).res.status, 404);
	assertProblem(await bearer(srv.base, tok, 'POST', inviteUrl, { json: { email: 'a@b', role: 'baas' } }), 400, ['email', 'role']);
	assert.ok(Number(sql(srv.db, "SELECT count(*) FROM audit_log WHERE action='member.invite' AND result='ok'").trim()) >= 5);
});
