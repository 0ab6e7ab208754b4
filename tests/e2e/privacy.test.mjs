// SPDX-License-Identifier: EUPL-1.2
// Privacy duties over real HTTP (docs/privacy.md): a signed-in person
// downloads all their data as JSON (a session, not a token); beheerders read
// the processing register (page and API, nl/en), others are refused; a site
// administrator erases a person: the account, sessions and personal rows go,
// the audit log keeps a pseudonym, other people's data stays, and nothing in
// any table still holds the person's e-mail or name; the CLI twins.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import {
	startServer, loggedIn, bearer, token, sql, cli, sessionApi, login, Client,
	DEMO_EMAIL, DEMO_PASSWORD, LEZER_EMAIL, BEWERKER_EMAIL,
} from './lib.mjs';

let srv;

// Product events about a person: a PostHog source in an initiative, and a
// batch of events sent to it (distinct ids as given).
async function sendEvents(initiative, events) {
	const tok = token(srv.db, DEMO_EMAIL);
	const src = await bearer(srv.base, tok, 'POST', `/initiatieven/${initiative}/bronnen`, { json: { kind: 'posthog' } });
	assert.equal(src.res.status, 201, src.text);
	const batch = events.map(([did, event, properties], i) => ({
		event: event || 'stap', distinct_id: did, uuid: `${src.body.id}-${i}`, timestamp: new Date().toISOString(), properties: properties || {},
	}));
	const res = await fetch(`${srv.base}/batch/`, { method: 'POST', headers: { 'Content-Type': 'application/json' }, body: JSON.stringify({ api_key: src.body.key, batch }) });
	assert.equal(res.status, 200, await res.text());
	return src.body.id;
}
async function stored(source) {
	const r = await bearer(srv.base, token(srv.db, DEMO_EMAIL), 'GET', `/bronnen/${source}`);
	return r.body.counts.stored;
}
const initiatives = () => sql(srv.db, 'SELECT id FROM initiatives ORDER BY id LIMIT 2').trim().split('\n').map(Number);

before(async () => {
	srv = await startServer();
	cli(['user', 'add', '--db', srv.db, '--email', 'site@scalelab.test', '--name', 'Sietske Sitebeheer', '--admin'],
		'demo-opschalen-2026\n');
});
after(async () => {
	await srv?.stop();
});

test('my data: a session downloads every row that refers to me as a JSON attachment; a token is refused', async () => {
	const c = await loggedIn(srv.base, BEWERKER_EMAIL);
	const res = await c.get('/api/v1/mij/gegevens', { headers: { Accept: 'application/json' } });
	assert.equal(res.status, 200, res.text_);
	assert.match(res.headers.get('content-type'), /^application\/json/);
	assert.match(res.headers.get('content-disposition'), /attachment; filename="mijn-gegevens.json"/);
	const d = JSON.parse(res.text_);
	assert.equal(d.person.email, BEWERKER_EMAIL);
	assert.equal(d.tables.users.length, 1);
	assert.equal(d.tables.users[0].pw_hash, undefined);
	const uid = Number(sql(srv.db, `SELECT id FROM users WHERE email='${BEWERKER_EMAIL}'`).trim());
	// row for row against the database: memberships, check-ins, rater rows and their answers, plan steps
	const n = (q) => Number(sql(srv.db, q).trim());
	assert.equal(d.tables.memberships.length, n(`SELECT count(*) FROM memberships WHERE user_id=${uid}`));
	assert.equal(d.tables.okr_checkins.length, n(`SELECT count(*) FROM okr_checkins WHERE user_id=${uid}`));
	assert.equal(d.tables.assessment_raters.length, n(`SELECT count(*) FROM assessment_raters WHERE user_id=${uid}`));
	assert.equal(d.tables.assessment_answers.length,
		n(`SELECT count(*) FROM assessment_answers WHERE rater_id IN (SELECT id FROM assessment_raters WHERE user_id=${uid})`));
	assert.ok(d.tables.sessions.length >= 1, 'the session just made');
	assert.ok(d.tables.audit_log.some((a) => a.action === 'login' && a.actor === BEWERKER_EMAIL), 'my sign-in in the audit log');
	assert.ok(!/"(pw_hash|token_hash|id_hash|hash)"/.test(res.text_), 'no credentials');
	const tok = token(srv.db, BEWERKER_EMAIL);
	const r = await bearer(srv.base, tok, 'GET', '/mij/gegevens');
	assert.equal(r.res.status, 403);
	assert.equal((await bearer(srv.base, null, 'GET', '/mij/gegevens')).res.status, 401);
});

test('register: beheerders see the processing register (page and API, nl and en); a lezer is refused', async () => {
	const tok = token(srv.db, DEMO_EMAIL);
	const r = await bearer(srv.base, tok, 'GET', '/privacy/register');
	assert.equal(r.res.status, 200, r.text);
	assert.ok(r.body.items.length >= 40);
	const email = r.body.items.find((i) => i.table === 'users' && i.column === 'email');
	assert.equal(email.purpose.code, 'account');
	assert.equal(email.purpose.text, 'Account en inloggen');
	assert.ok(!r.body.items.some((i) => i.table === 'organisations'), 'not personal: not listed');
	// groups hold every item once
	assert.equal(r.body.groups.reduce((s, g) => s + g.columns.length, 0), r.body.items.length);
	assert.equal(r.body.columns, r.body.items.length);
	const en = await bearer(srv.base, tok, 'GET', '/privacy/register', { headers: { 'Accept-Language': 'en' } });
	assert.equal(en.body.items.find((i) => i.table === 'users' && i.column === 'email').purpose.text,
		'Account and sign-in');
	const lezer = await bearer(srv.base, token(srv.db, LEZER_EMAIL), 'GET', '/privacy/register');
	assert.equal(lezer.res.status, 403);
	const c = await loggedIn(srv.base, DEMO_EMAIL);
	const page = await c.get('/privacy/register');
	assert.equal(page.status, 200);
	assert.match(page.text_, /<h1[^>]*>Verwerkingsregister<\/h1>/);
	assert.match(page.text_, /audit_log/);
});

test('erase: only a site administrator; the person is gone from every table, the audit log keeps a pseudonym', async () => {
	const victim = 'wim@scalelab.test';
	const name = sql(srv.db, `SELECT name FROM users WHERE email='${victim}'`).trim();
	assert.ok(name.length > 3);
	// the person leaves traces: a session, a failed login, audit rows
	const vc = await loggedIn(srv.base, victim);
	await login(new Client(srv.base), victim, 'wrong-password-1234');
	assert.ok(Number(sql(srv.db, `SELECT count(*) FROM audit_log WHERE actor='${victim}'`)) >= 1);
	// and product events: with the address as distinct id, an anonymous id
	// linked to it by $identify, in two initiatives; someone else's stay
	const [iniA, iniB] = initiatives();
	const srcA = await sendEvents(iniA, [
		[victim], [victim], ['anon-7f3a'], ['anon-7f3a'], ['iemand@voorbeeld.nl'], ['iemand@voorbeeld.nl'],
		[victim, '$identify', { $anon_distinct_id: 'anon-7f3a' }], [victim.toUpperCase()],
	]);
	const srcB = await sendEvents(iniB, [[victim], [victim], ['iemand@voorbeeld.nl']]);
	assert.equal(await stored(srcA), 8);
	assert.equal(await stored(srcB), 3);
	const usersBefore = Number(sql(srv.db, 'SELECT count(*) FROM users'));
	const demoMembers = sql(srv.db, `SELECT count(*) FROM memberships m JOIN users u ON u.id=m.user_id WHERE u.email='${DEMO_EMAIL}'`);

	const beheerder = await sessionApi(srv.base, DEMO_EMAIL);
	const no = await beheerder('POST', '/beheer/personen/verwijderen', { email: victim });
	assert.equal(no.res.status, 403);
	const admin = await sessionApi(srv.base, 'site@scalelab.test');
	const bad = await admin('POST', '/beheer/personen/verwijderen', { email: 'niemand@scalelab.test' });
	assert.equal(bad.res.status, 400);
	assert.equal(bad.body['invalid-params'][0].name, 'email');
	// the only beheerder of an organisation with other members: appoint another one first
	const last = await admin('POST', '/beheer/personen/verwijderen', { email: DEMO_EMAIL });
	assert.equal(last.res.status, 400);
	assert.match(last.body['invalid-params'][0].reason, /enige beheerder/);
	assert.equal(sql(srv.db, `SELECT count(*) FROM users WHERE email='${DEMO_EMAIL}'`).trim(), '1');
	const self = await admin('POST', '/beheer/personen/verwijderen', { email: 'site@scalelab.test' });
	assert.equal(self.res.status, 403);
	const ok = await admin('POST', '/beheer/personen/verwijderen', { email: victim });
	assert.equal(ok.res.status, 200, ok.text);
	assert.match(ok.body.pseudonym, /^verwijderd-[A-Za-z0-9_-]{10}$/);
	assert.ok(ok.body.rowsDeleted >= 3, 'user, membership, session at least');
	// 5 + 2 events of the person (the upper-case address is another distinct id: kept)
	assert.equal(ok.body.eventsErased, 7);
	assert.equal(await stored(srcA), 3);
	assert.equal(await stored(srcB), 1);

	// nothing left anywhere: every column of every ordinary table
	const tables = sql(srv.db, "SELECT name FROM sqlite_schema WHERE type='table' AND sql NOT LIKE 'CREATE VIRTUAL%'")
		.trim().split('\n');
	const hits = [];
	for (const t of tables) {
		const cols = sql(srv.db, `SELECT name FROM pragma_table_info('${t}')`).trim().split('\n').filter(Boolean);
		for (const c of cols) {
			for (const needle of [victim, name]) {
				const k = Number(sql(srv.db,
					`SELECT count(*) FROM "${t}" WHERE instr(lower(CAST("${c}" AS TEXT)), lower('${needle.replace(/'/g, "''")}'))>0`));
				if (k) hits.push(`${t}.${c}: ${needle}`);
			}
		}
	}
	assert.deepEqual(hits, []);
	assert.equal(Number(sql(srv.db, 'SELECT count(*) FROM users')), usersBefore - 1);
	// the sign-in by the person (actor) and the failed one (object) now name the pseudonym
	assert.equal(sql(srv.db, `SELECT count(*) FROM audit_log WHERE actor='${ok.body.pseudonym}' AND user_id IS NULL`).trim(), '1');
	assert.equal(sql(srv.db, `SELECT count(*) FROM audit_log WHERE object='${ok.body.pseudonym}'`).trim(), '2');
	assert.equal(sql(srv.db, `SELECT count(*) FROM memberships m JOIN users u ON u.id=m.user_id WHERE u.email='${DEMO_EMAIL}'`),
		demoMembers);
	assert.equal(sql(srv.db, 'PRAGMA foreign_key_check').trim(), '');
	assert.equal(sql(srv.db, "SELECT count(*) FROM sqlite_schema WHERE type='trigger' AND name='audit_log_no_update'").trim(), '1');
	const logged = sql(srv.db, "SELECT action FROM audit_log WHERE action IN ('person.erase','auditlog.pseudonymise') AND result='ok'");
	assert.match(logged, /person\.erase/);
	assert.match(logged, /auditlog\.pseudonymise/);
	// the erased person's session no longer works, nor can they sign in
	assert.equal((await vc.get('/api/v1/mij/gegevens')).status, 401);
	assert.notEqual((await login(new Client(srv.base), victim, DEMO_PASSWORD)).status, 303);
});

test('cli: person export prints the JSON, person erase erases and says how much, an unknown person is an error', async () => {
	const out = JSON.parse(cli(['person', 'export', '--db', srv.db, '--email', 'lector@scalelab.test']));
	assert.equal(out.person.email, 'lector@scalelab.test');
	assert.ok(out.tables.memberships.length >= 1);
	assert.equal(sql(srv.db, "SELECT count(*) FROM audit_log WHERE action='person.export' AND origin='cli'").trim(), '1');
	const [iniA] = initiatives();
	const src = await sendEvents(iniA, [['lector@scalelab.test'], ['lector@scalelab.test'], ['iemand-anders']]);
	// while the server holds the event store the CLI cannot erase the events: it erases nothing
	assert.throws(() => cli(['person', 'erase', '--db', srv.db, '--email', 'lector@scalelab.test']),
		/cannot open the event store .*nothing was erased.*POST \/api\/v1\/beheer\/personen\/verwijderen/s);
	assert.equal(sql(srv.db, "SELECT count(*) FROM users WHERE email='lector@scalelab.test'").trim(), '1');
	srv.proc.kill('SIGTERM');
	await new Promise((r) => srv.proc.once('exit', r));
	const said = cli(['person', 'erase', '--db', srv.db, '--email', 'lector@scalelab.test']);
	assert.match(said, /lector@scalelab.test erased: \d+ rows deleted, \d+ rows rewritten, 2 product events erased; the audit log names verwijderd-/);
	const left = cli(['events', 'export', '--db', srv.db, '--source', String(src)]).trim().split('\n').map((l) => JSON.parse(l).distinct_id);
	assert.deepEqual(left, ['iemand-anders']);
	assert.equal(sql(srv.db, "SELECT count(*) FROM users WHERE email='lector@scalelab.test'").trim(), '0');
	assert.throws(() => cli(['person', 'erase', '--db', srv.db, '--email', 'lector@scalelab.test']), /no user/);
	assert.throws(() => cli(['person', 'wis', '--db', srv.db]), /usage: scalelab person/);
	assert.throws(() => cli(['person', 'erase', '--db', srv.db, '--email', DEMO_EMAIL]), /only beheerder of gemeente-voorbeeldstad/);
});
