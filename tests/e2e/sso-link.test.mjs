// SPDX-License-Identifier: EUPL-1.2
// Linking an existing account that belongs to several organisations to a
// single sign-on identity (issue 17, Accounts), against the REAL
// `oidc-provider` (npm) on 127.0.0.1. Mila has a local account and is a
// member of Voorbeeldstad (A) and Zorgcoöperatie Oost (B). She signs in with
// A's provider: nothing is linked until she confirms once with her password
// (and her authenticator code, when she has one); A's groups then set her
// role in A only. Noor links from her account page while signed in. An
// attacker who runs Rivierstad's provider claims Mila's verified e-mail in a
// domain Rivierstad is not allowed for: refused, nothing linked. Unlinking
// from the account page; every step audited in the organisation's log.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { createHmac } from 'node:crypto';
import { execFileSync } from 'node:child_process';
import { startServer, sessionApi, catalogue, cli, login, csrfOf, token, bearer, Client, ORG_A, ORG_B } from './lib.mjs';
import { sql, startProvider, providerLogin as providerLoginAt, signIn } from './sso-lib.mjs';

const ORG2 = 'gemeente-rivierstad';
const NL = catalogue('nl');
const SECRET = 'scalelab-koppel-geheim-51c0';
const PW = 'rozengracht-tulpen-2026';
let srv, provider, opBase, api, api2;
const roleOf = (email, org) => sql(srv.db, `SELECT m.role FROM memberships m JOIN users u ON u.id = m.user_id JOIN organisations o ON o.id = m.org_id WHERE u.email = '${email}' AND o.slug = '${org}'`)[0]?.role;
const identities = (email) => sql(srv.db, `SELECT i.id, i.issuer, i.subject, o.slug FROM sso_identities i JOIN users u ON u.id = i.user_id LEFT JOIN organisations o ON o.id = i.org_id WHERE u.email = '${email}'`);
const audit = (action) => sql(srv.db, `SELECT a.action, a.object, a.result, o.slug FROM audit_log a LEFT JOIN organisations o ON o.id = a.org_id WHERE a.action = '${action}' ORDER BY a.id`);

const accounts = {
	mila: { email: 'mila@voorbeeldstad.nl', email_verified: true, name: 'Mila Jansen', groups: ['scalelab-bewerkers'] },
	noor: { email: 'noor.prive@example.org', email_verified: false, name: 'Noor B.', groups: [] },
	// at the attacker's client: the victim's e-mail, "verified"
	tess: { email: 'tess@voorbeeldstad.nl', email_verified: true, name: 'Tess de Wit', groups: [] },
	mallory: { email: 'mila@voorbeeldstad.nl', email_verified: true, name: 'Mila Jansen', groups: ['beheer'] },
};

before(async () => {
	srv = await startServer();
	for (const [email, name, role] of [['mila@voorbeeldstad.nl', 'Mila Jansen', 'lezer'], ['noor@voorbeeldstad.nl', 'Noor Bakker', 'lezer'], ['tess@voorbeeldstad.nl', 'Tess de Wit', 'bewerker']]) {
		cli(['user', 'add', '--db', srv.db, '--email', email, '--name', name, '--org', ORG_A, '--role', role], `${PW}\n`);
	}
	// both are members of B too (as its beheerder would have invited them)
	execFileSync('sqlite3', [srv.db, `INSERT INTO memberships(org_id, user_id, role, created_at) SELECT o.id, u.id, 'beheerder', '2026-01-01T00:00:00Z' FROM organisations o, users u WHERE o.slug = '${ORG_B}' AND u.email IN ('mila@voorbeeldstad.nl', 'noor@voorbeeldstad.nl', 'tess@voorbeeldstad.nl')`]);
	const client = (id) => ({ client_id: id, client_secret: SECRET, redirect_uris: [`${srv.base}/inloggen/sso/terug`], grant_types: ['authorization_code'], response_types: ['code'], token_endpoint_auth_method: 'client_secret_basic' });
	provider = await startProvider({ clients: [client('voorbeeldstad'), client('rivierstad')], accounts, cookieKey: 'sso-link-test-cookie' });
	opBase = provider.base;
	api = await sessionApi(srv.base);
	api2 = await sessionApi(srv.base, 'rivierstad@scalelab.test');
	const put = (a, org, clientId, domains) => a('PUT', `/organisaties/${org}/sso`, {
		displayName: `${clientId} Account`, issuer: opBase, clientId, clientSecret: SECRET, emailDomains: domains,
		groupRoles: [{ group: 'scalelab-bewerkers', role: 'bewerker' }, { group: 'scalelab-lezers', role: 'lezer' }, { group: 'beheer', role: 'beheerder' }], justInTime: true,
	});
	assert.equal((await put(api, ORG_A, 'voorbeeldstad', ['voorbeeldstad.nl'])).res.status, 200);
	assert.equal((await put(api2, ORG2, 'rivierstad', ['rivierstad.nl'])).res.status, 200);
});

after(async () => {
	provider?.close();
	await srv?.stop();
});

const providerLogin = (authUrl, who) => providerLoginAt(authUrl, who, { opBase, srvBase: srv.base });

/** Signs in through org's provider as `who` (client c, new when absent); the callback's answer. */
const viaProvider = (org, who, c = new Client(srv.base), extra = '') => signIn(srv.base, opBase, org, who, { c, extra });

const ticketOf = (html) => /name="ticket" value="([^"]+)"/.exec(html)?.[1];

test('a member of A and B signing in with A\'s provider is linked only after confirming with her password; A\'s groups change her role in A only', async () => {
	assert.equal(roleOf('mila@voorbeeldstad.nl', ORG_B), 'beheerder');
	const { c, res } = await viaProvider(ORG_A, 'mila');
	assert.equal(res.status, 200, res.text_.slice(0, 300));
	assert.ok(res.text_.includes(NL['sso.link_heading']), 'the confirmation page');
	assert.ok(res.text_.includes('mila@voorbeeldstad.nl'));
	assert.match(res.text_, /name="password"/);
	assert.equal(c.jar.get('__Host-sl_session'), undefined, 'no session yet');
	assert.deepEqual(identities('mila@voorbeeldstad.nl'), [], 'nothing linked yet');
	assert.equal(roleOf('mila@voorbeeldstad.nl', ORG_A), 'lezer', 'no role change before the proof');
	assert.equal(audit('sso.link.asked').at(-1).slug, ORG_A);
	const ticket = ticketOf(res.text_);
	const csrf = csrfOf(res.text_);

	// a wrong password: refused, counted, audited, nothing linked; the form comes back with the same ticket
	const wrong = await c.form('/inloggen/sso/koppelen', { _csrf: csrf, ticket, password: 'geraden-wachtwoord' });
	assert.equal(wrong.status, 400);
	assert.ok(wrong.text_.includes(NL['err.sso.link_password']));
	assert.equal(ticketOf(wrong.text_), ticket);
	assert.ok(wrong.text_.includes('mila@voorbeeldstad.nl'), 'the page still says what is linked');
	assert.deepEqual(identities('mila@voorbeeldstad.nl'), []);
	assert.equal(c.jar.get('__Host-sl_session'), undefined);
	assert.deepEqual(audit('sso.link').map((r) => [r.result, r.slug]), [['denied', ORG_A]]);
	assert.equal(sql(srv.db, "SELECT count(*) AS n FROM login_failures WHERE email = 'mila@voorbeeldstad.nl'")[0].n, 1);

	// the right password: linked, signed in, bewerker in A by the group; still beheerder in B
	const ok = await c.form('/inloggen/sso/koppelen', { _csrf: csrfOf(wrong.text_), ticket, password: PW });
	assert.equal(ok.status, 303, ok.text_.slice(0, 300));
	assert.equal(ok.headers.get('location'), '/initiatieven');
	assert.ok(c.jar.get('__Host-sl_session'));
	assert.deepEqual(identities('mila@voorbeeldstad.nl').map((r) => [r.issuer, r.subject, r.slug]), [[opBase, 'mila', ORG_A]]);
	assert.equal(roleOf('mila@voorbeeldstad.nl', ORG_A), 'bewerker');
	assert.equal(roleOf('mila@voorbeeldstad.nl', ORG_B), 'beheerder');
	assert.deepEqual(audit('sso.link').map((r) => r.result), ['denied', 'ok']);
	assert.ok(audit('sso.role').some((r) => r.slug === ORG_A && r.object === 'bewerker'));
	assert.ok(!audit('sso.role').some((r) => r.slug === ORG_B));

	// the ticket is spent
	const again = await new Client(srv.base).form('/inloggen/sso/koppelen', { _csrf: csrf, ticket, password: PW });
	assert.ok([403, 410].includes(again.status), String(again.status));

	// the next sign-in goes straight through; a changed group changes the role in A, never in B
	const second = await viaProvider(ORG_A, 'mila');
	assert.equal(second.res.status, 303);
	accounts.mila.groups = ['scalelab-lezers'];
	const third = await viaProvider(ORG_A, 'mila');
	assert.equal(third.res.status, 303);
	assert.equal(roleOf('mila@voorbeeldstad.nl', ORG_A), 'lezer');
	assert.equal(roleOf('mila@voorbeeldstad.nl', ORG_B), 'beheerder');
	assert.equal(identities('mila@voorbeeldstad.nl').length, 1);
});

test('an attacker\'s provider claiming the victim\'s verified e-mail in a domain it is not allowed for is refused; nothing is linked', async () => {
	const before = identities('mila@voorbeeldstad.nl');
	const { c, res } = await viaProvider(ORG2, 'mallory');
	assert.equal(res.status, 401);
	assert.ok(res.text_.includes(NL['err.sso.domain']));
	assert.doesNotMatch(res.text_, /name="ticket"/, 'no confirmation offered either');
	assert.equal(c.jar.get('__Host-sl_session'), undefined);
	assert.deepEqual(identities('mila@voorbeeldstad.nl'), before);
	assert.equal(roleOf('mila@voorbeeldstad.nl', ORG2), undefined, 'no membership in the attacker\'s organisation');
	assert.ok(audit('sso.login').some((r) => r.result === 'denied' && r.slug === ORG2 && r.object.includes('err.sso.domain')));
	// nor can it claim the victim's domain for itself
	const claim = await api2('PUT', `/organisaties/${ORG2}/sso`, { displayName: 'x', issuer: opBase, clientId: 'rivierstad', emailDomains: ['voorbeeldstad.nl'] });
	assert.equal(claim.res.status, 400);
	assert.equal(claim.body['invalid-params'][0].name, 'emailDomains');
});

test('linking from the account page while signed in (a provider e-mail of her own); another browser cannot use the ticket; unlinking', async () => {
	const c = new Client(srv.base);
	await login(c, 'noor@voorbeeldstad.nl', PW);
	const me = await c.get('/api/v1/mij/sso', { headers: { Accept: 'application/json' } });
	assert.equal(me.status, 200, me.text_);
	const doc = JSON.parse(me.text_);
	assert.deepEqual(doc.identities, []);
	assert.deepEqual(doc.available.map((a) => a.orgSlug), [ORG_A], 'only A of her organisations has a provider');
	const page = await c.get('/mij/sso');
	assert.equal(page.status, 200);
	assert.ok(page.text_.includes(doc.available[0].linkHref.replace(/&/g, '&amp;')));
	// start linking: the provider, then one confirming click
	const start = await c.get(doc.available[0].linkHref);
	assert.equal(start.status, 303);
	const back = new URL(await providerLogin(start.headers.get('location'), 'noor'));
	const offer = await c.get(back.pathname + back.search);
	assert.equal(offer.status, 200, offer.text_.slice(0, 300));
	assert.ok(offer.text_.includes(NL['sso.link_account_intro']));
	assert.doesNotMatch(offer.text_, /name="password"/);
	const ticket = ticketOf(offer.text_);
	// someone else's session cannot use it
	const other = new Client(srv.base);
	await login(other, 'mila@voorbeeldstad.nl', PW);
	const stolen = await other.form('/inloggen/sso/koppelen', { _csrf: csrfOf((await other.get('/mij/sso')).text_), ticket });
	assert.equal(stolen.status, 403);
	assert.deepEqual(identities('noor@voorbeeldstad.nl'), []);
	// her own click links it (her provider e-mail is unverified and elsewhere: the session is the proof)
	const ok = await c.form('/inloggen/sso/koppelen', { _csrf: csrfOf(offer.text_), ticket });
	assert.equal(ok.status, 303, ok.text_.slice(0, 300));
	assert.equal(ok.headers.get('location'), '/mij/sso?gekoppeld=1');
	const linked = identities('noor@voorbeeldstad.nl');
	assert.deepEqual(linked.map((r) => [r.subject, r.slug]), [['noor', ORG_A]]);
	assert.equal(roleOf('noor@voorbeeldstad.nl', ORG_B), 'beheerder');
	// signing in through A now finds her by the linked subject
	const signIn = await viaProvider(ORG_A, 'noor');
	assert.equal(signIn.res.status, 303);
	// unlinking: a token may not, the session may; audited in A's log
	const tok = token(srv.db, 'noor@voorbeeldstad.nl');
	const byToken = await bearer(srv.base, tok, 'DELETE', `/mij/sso/${linked[0].id}`);
	assert.equal(byToken.res.status, 403);
	const del = await c.form(`/mij/sso/${linked[0].id}/ontkoppelen`, { _csrf: csrfOf((await c.get('/mij/sso')).text_) });
	assert.equal(del.status, 303);
	assert.equal(del.headers.get('location'), '/mij/sso?ontkoppeld=1');
	assert.deepEqual(identities('noor@voorbeeldstad.nl'), []);
	assert.ok(audit('sso.unlink').some((r) => r.slug === ORG_A && r.object.includes('noor@voorbeeldstad.nl')));
	// someone else's identity id is not found
	const milaId = identities('mila@voorbeeldstad.nl')[0].id;
	const foreign = await c.form(`/mij/sso/${milaId}/ontkoppelen`, { _csrf: csrfOf((await c.get('/mij/sso')).text_) });
	assert.equal(foreign.status, 404);
	assert.equal(identities('mila@voorbeeldstad.nl').length, 1);
	// and without the link, A's provider no longer signs her in silently: the confirmation again
	const after = await viaProvider(ORG_A, 'noor');
	assert.equal(after.res.status, 401, 'her provider e-mail is unverified: no match without the link');
});

function base32(str) {
	const alphabet = 'ABCDEFGHIJKLMNOPQRSTUVWXYZ234567';
	let bits = '';
	for (const ch of str.replace(/\s+/g, '')) bits += alphabet.indexOf(ch).toString(2).padStart(5, '0');
	const bytes = [];
	for (let i = 0; i + 8 <= bits.length; i += 8) bytes.push(parseInt(bits.slice(i, i + 8), 2));
	return Buffer.from(bytes);
}
/** The RFC 6238 code (SHA-1, 6 digits, 30 s) of key at step t. */
function totp(key, t) {
	const msg = Buffer.alloc(8);
	msg.writeBigUInt64BE(BigInt(t));
	const h = createHmac('sha1', key).update(msg).digest();
	const o = h[19] & 15;
	return String((((h[o] & 0x7f) << 24) | (h[o + 1] << 16) | (h[o + 2] << 8) | h[o + 3]) % 1e6).padStart(6, '0');
}

test('with the authenticator app set up, the confirmation needs the password and the code', async () => {
	// Tess sets up two-step sign-in with her password first
	const c = new Client(srv.base);
	await login(c, 'tess@voorbeeldstad.nl', PW);
	const csrf = await c.csrfFrom('/mij/tweestaps');
	await c.form('/mij/tweestaps/instellen', { _csrf: csrf });
	const key = base32(/id="geheim">([A-Z2-7 ]+)</.exec((await c.get('/mij/tweestaps')).text_)[1]);
	const step = Math.floor(Date.now() / 1000 / 30);
	assert.equal((await c.form('/mij/tweestaps/bevestigen', { _csrf: csrf, code: totp(key, step) })).status, 200);

	const { c: b, res } = await viaProvider(ORG_A, 'tess');
	assert.equal(res.status, 200, res.text_.slice(0, 300));
	assert.match(res.text_, /name="code"/, 'the code is asked as well');
	const ticket = ticketOf(res.text_);
	// the password alone is not enough
	const half = await b.form('/inloggen/sso/koppelen', { _csrf: csrfOf(res.text_), ticket, password: PW });
	assert.equal(half.status, 400);
	assert.ok(half.text_.includes(NL['err.mfa.code']));
	assert.deepEqual(identities('tess@voorbeeldstad.nl'), []);
	// a code from an hour ago neither
	const old = await b.form('/inloggen/sso/koppelen', { _csrf: csrfOf(half.text_), ticket, password: PW, code: totp(key, step - 120) });
	assert.equal(old.status, 400);
	// password and the current code (the next step: the one just used at set-up is spent)
	const ok = await b.form('/inloggen/sso/koppelen', { _csrf: csrfOf(old.text_), ticket, password: PW, code: totp(key, Math.floor(Date.now() / 1000 / 30) + 1) });
	assert.equal(ok.status, 303, ok.text_.slice(0, 300));
	assert.ok(b.jar.get('__Host-sl_session'));
	assert.deepEqual(identities('tess@voorbeeldstad.nl').map((r) => r.subject), ['tess']);
	assert.equal(roleOf('tess@voorbeeldstad.nl', ORG_B), 'beheerder');
});
