// SPDX-License-Identifier: EUPL-1.2
// notify over real HTTP and real SMTP: a relay from npm smtp-server receives
// what the outbox worker sends (parsed with mailparser): the invitation to
// rate with its full link, the reminder two days before a round closes, the
// Monday digest with a working one-click unsubscribe, an action assigned to
// someone; the relay refusing (4xx then 2xx: one delivery; 5xx: failed with
// the reason, retried by a beheerder), the relay down during a burst (all
// delivered once it is back), a SIGKILL between send and mark (no second
// delivery); the inbox API; calendar feeds parsed by ical.js (events, time
// zone, UIDs stable across edits, a revoked feed is 404).
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { spawn, execFileSync } from 'node:child_process';
import { SMTPServer } from 'smtp-server';
import { simpleParser } from 'mailparser';
import ICAL from 'ical.js';
import {
	startServer, bearer, token, cli, sql, freePort, loggedIn, csrfOf, BIN,
	DEMO_EMAIL, BEWERKER_EMAIL, ORG_A,
} from './lib.mjs';

const PUBLIC = 'https://lab.voorbeeldstad.nl';
const DAY = 86400000;
const iso = (d) => new Date(d).toISOString().slice(0, 10);
const sleep = (ms) => new Promise((r) => setTimeout(r, ms));
const method = 'pilot-scaling-canvas';

/** A relay that keeps every message; refuse(n, code) answers the next n DATA with code. */
class Relay {
	constructor() {
		this.mails = [];
		this.refusals = [];
	}
	async start(port) {
		this.port = port ?? (await freePort());
		this.server = new SMTPServer({
			disabledCommands: ['STARTTLS', 'AUTH'],
			logger: false,
			onData: (stream, session, cb) => {
				const chunks = [];
				stream.on('data', (c) => chunks.push(c));
				stream.on('end', async () => {
					const r = this.refusals.shift();
					if (r) {
						const e = new Error(r.code >= 500 ? 'Mailbox unavailable' : 'Try again later');
						e.responseCode = r.code;
						return cb(e);
					}
					const raw = Buffer.concat(chunks);
					const mail = await simpleParser(raw);
					mail.rcpt = session.envelope.rcptTo.map((x) => x.address);
					mail.from_ = session.envelope.mailFrom.address;
					mail.raw = raw.toString();
					this.mails.push(mail);
					cb();
				});
			},
		});
		await new Promise((ok) => this.server.listen(this.port, '127.0.0.1', ok));
		return this;
	}
	stop() {
		return new Promise((ok) => this.server.close(ok));
	}
	to(addr) {
		return this.mails.filter((m) => m.rcpt.includes(addr));
	}
	async wait(pred, ms = 8000) {
		const end = Date.now() + ms;
		for (;;) {
			const hit = this.mails.filter(pred);
			if (hit.length) return hit;
			if (Date.now() > end) throw new Error('no such mail arrived; got: ' + this.mails.map((m) => m.subject).join(' | '));
			await sleep(50);
		}
	}
}

const ENV = { SCALELAB_NOTIFY_BACKOFF_SCALE: '0.0167', SCALELAB_NOTIFY_TICK_MS: '100' };
const smtpArgs = (port) => ['--smtp', `smtp://127.0.0.1:${port}`, '--smtp-insecure', '--mail-from', 'lab@voorbeeldstad.nl', '--public-url', PUBLIC];

let relay, srv, tok, admin, ini;

async function ok(method_, path, json, t = tok, want = [200, 201, 204]) {
	const r = await bearer(srv.base, t, method_, path, { json });
	assert.ok(want.includes(r.res.status), `${method_} ${path}: ${r.res.status} ${r.text}`);
	return r.body;
}
function write(db, q) {
	execFileSync('sqlite3', [db, q]);
}
async function outbox() {
	return ok('GET', `/organisaties/${ORG_A}/postvak-uit`);
}
async function settle(pred, ms = 8000) {
	const end = Date.now() + ms;
	for (;;) {
		const o = await outbox();
		if (pred(o)) return o;
		if (Date.now() > end) throw new Error('outbox did not settle: ' + JSON.stringify(o.messages.slice(0, 5)));
		await sleep(100);
	}
}

before(async () => {
	relay = await new Relay().start();
	srv = await startServer({ args: smtpArgs(relay.port), env: ENV });
	tok = token(srv.db, DEMO_EMAIL);
	cli(['user', 'add', '--db', srv.db, '--email', 'beheer@scalelab.test', '--name', 'Bea Beheer', '--admin'], 'demo-opschalen-2026\n');
	admin = token(srv.db, 'beheer@scalelab.test');
	ini = (await ok('POST', `/organisaties/${ORG_A}/initiatieven`, { name: 'Meldingen-proef', stage: 'pilot' })).id;
});
after(async () => {
	await srv?.stop();
	await relay?.stop();
});

test('invitation: a stranger gets the full link, who invites and why, and the deadline; a member in their own language', async () => {
	const end = iso(Date.now() + 10 * DAY);
	const round = await ok('POST', `/initiatieven/${ini}/rondes`, { methodId: method, title: 'Nulmeting meldingen', periodStart: iso(Date.now()), periodEnd: end });
	const inv = await ok('POST', `/rondes/${round.id}/beoordelaars`, { name: 'Wies Wijkteam', roleLabel: 'zorgaanbieder', email: 'wies@zorg.example' });
	assert.match(inv.link, /^\/uitnodigingen\/[A-Za-z0-9_-]{43}$/);
	const [m] = await relay.wait((x) => x.rcpt.includes('wies@zorg.example'));
	assert.equal(m.from_, 'lab@voorbeeldstad.nl');
	assert.match(m.subject, /nodigt je uit om Nulmeting meldingen te beoordelen/);
	assert.ok(m.text.includes(PUBLIC + inv.link), 'text part carries the full link');
	assert.ok(m.html.includes(`href="${PUBLIC}${inv.link}"`), 'html part links it');
	assert.match(m.text, /zorgaanbieder/);
	assert.ok(m.text.includes(new Date(end).getFullYear().toString()), 'deadline shown');
	assert.match(m.messageId, /^<[^@>]+@lab\.voorbeeldstad\.nl>$/);
	assert.ok(m.date instanceof Date && Math.abs(m.date - Date.now()) < 60000, 'Date header');
	assert.equal(m.headers.get('content-language'), 'nl');
	assert.ok(!/<img/i.test(m.html), 'no images, so no tracking pixels');
	assert.ok(!m.headers.has('list-unsubscribe'), 'an invitation is no list');
	// the outbox row is sent, and the link is no longer stored
	const o = await settle((x) => x.messages.some((r) => r.to === 'wies@zorg.example' && r.status === 'verzonden'));
	const row = o.messages.find((r) => r.to === 'wies@zorg.example');
	assert.equal(row.messageId, m.messageId);
	assert.equal(sql(srv.db, `SELECT count(*) FROM notify_outbox WHERE secret IS NOT NULL AND id=${row.id}`).trim(), '0');
	// a member whose language is English
	write(srv.db, `UPDATE users SET lang='en' WHERE email='${BEWERKER_EMAIL}'`);
	const uid = Number(sql(srv.db, `SELECT id FROM users WHERE email='${BEWERKER_EMAIL}'`).trim());
	await ok('POST', `/rondes/${round.id}/beoordelaars`, { userId: uid, roleLabel: 'gemeente' });
	const [e] = await relay.wait((x) => x.rcpt.includes(BEWERKER_EMAIL) && /invites you/.test(x.subject));
	assert.match(e.subject, /invites you to rate Nulmeting meldingen/);
	assert.ok(e.text.includes(`${PUBLIC}/rondes/${round.id}`));
	assert.equal(e.headers.get('content-language'), 'en');
	// and an inbox item for the member
	const pilot = token(srv.db, BEWERKER_EMAIL);
	const box = await ok('GET', '/meldingen', undefined, pilot);
	assert.ok(box.items.some((i) => i.kind === 'uitnodiging' && i.path === `/rondes/${round.id}` && !i.read));
	// sendEmail false: nothing queued
	const before_ = relay.mails.length;
	await ok('POST', `/rondes/${round.id}/beoordelaars`, { name: 'Stil', roleLabel: 'inwoner', email: 'stil@example.org', sendEmail: false });
	await sleep(600);
	assert.equal(relay.to('stil@example.org').length, 0);
	assert.ok(relay.mails.length >= before_);
});

test('reminder: two days before a round closes, once, only to members who have not submitted', async () => {
	// the schedule counts days in Amsterdam (from 23:00 UTC that is the next day)
	const now = new Date();
	const today = Date.parse(new Intl.DateTimeFormat('en-CA', { timeZone: 'Europe/Amsterdam' }).format(now) + 'T12:00:00Z');
	const end = iso(today + 2 * DAY);
	const round = await ok('POST', `/initiatieven/${ini}/rondes`, { methodId: method, title: 'Herinneringsronde', periodStart: iso(now.getTime() - DAY), periodEnd: end });
	const uid = Number(sql(srv.db, `SELECT id FROM users WHERE email='${BEWERKER_EMAIL}'`).trim());
	await ok('POST', `/rondes/${round.id}/beoordelaars`, { userId: uid, roleLabel: 'gemeente', sendEmail: false });
	const r1 = await ok('POST', '/beheer/notificaties/planning', {}, admin);
	assert.ok(r1.queued >= 1);
	const [m] = await relay.wait((x) => x.rcpt.includes(BEWERKER_EMAIL) && /Herinneringsronde/.test(x.subject));
	assert.match(m.subject, /Two days left: Herinneringsronde/);
	assert.ok(m.text.includes(`${PUBLIC}/rondes/${round.id}`));
	await ok('POST', '/beheer/notificaties/planning', {}, admin);
	await sleep(700);
	assert.equal(relay.mails.filter((x) => /Herinneringsronde/.test(x.subject)).length, 1, 'one reminder, however often the schedule runs');
	// not for people who are no administrator
	const r = await bearer(srv.base, tok, 'POST', '/beheer/notificaties/planning', { json: {} });
	assert.equal(r.res.status, 403);
});

/** The next Monday at 07:30 in Amsterdam, as UTC text. */
function nextMonday() {
	const d = new Date();
	d.setUTCDate(d.getUTCDate() + ((8 - d.getUTCDay()) % 7 || 7));
	const day = iso(d);
	const offset = new Intl.DateTimeFormat('en', { timeZone: 'Europe/Amsterdam', timeZoneName: 'shortOffset' })
		.formatToParts(new Date(day + 'T12:00:00Z')).find((p) => p.type === 'timeZoneName').value; // GMT+1 / GMT+2
	const h = 7 - Number(offset.slice(4));
	return { day, at: `${day}T0${h}:30:00Z`, before: `${day}T0${h - 1}:30:00Z` };
}

test('digest: Monday 07:00 in the organisation\'s zone, once per week, what is due; one-click unsubscribe works without login', async () => {
	const me = Number(sql(srv.db, `SELECT id FROM users WHERE email='${DEMO_EMAIL}'`).trim());
	const mon = nextMonday();
	const act = await ok('POST', `/initiatieven/${ini}/acties`, { title: 'Bestuurlijk akkoord vragen', ownerId: me, dueDate: mon.day });
	const early = await ok('POST', '/beheer/notificaties/planning', { now: mon.before }, admin);
	await sleep(500);
	assert.equal(relay.mails.filter((x) => x.rcpt.includes(DEMO_EMAIL) && /Je week/.test(x.subject)).length, 0, 'not before 07:00');
	await ok('POST', '/beheer/notificaties/planning', { now: mon.at }, admin);
	const [m] = await relay.wait((x) => x.rcpt.includes(DEMO_EMAIL) && /Je week in Scalelab/.test(x.subject));
	assert.ok(early.queued >= 0);
	assert.ok(m.text.includes('Bestuurlijk akkoord vragen'));
	assert.ok(m.html.includes(`${PUBLIC}/acties/${act.id}`));
	const url = /^List-Unsubscribe: <([^>]+)>\r?$/m.exec(m.raw)?.[1];
	assert.match(url, new RegExp(`^${PUBLIC}/uitschrijven/${me}\\.weekoverzicht\\.[A-Za-z0-9_-]{43}$`));
	assert.match(m.raw, /^List-Unsubscribe-Post: List-Unsubscribe=One-Click\r$/m);
	// the same week again: nothing new
	await ok('POST', '/beheer/notificaties/planning', { now: mon.at }, admin);
	await sleep(500);
	assert.equal(relay.mails.filter((x) => x.rcpt.includes(DEMO_EMAIL) && /Je week in Scalelab/.test(x.subject)).length, 1);
	// a tampered link is 404; the real one unsubscribes with a one-click POST (RFC 8058)
	const path = new URL(url).pathname;
	const bad = await fetch(srv.base + path.slice(0, -2) + 'xx', { redirect: 'manual' });
	assert.equal(bad.status, 404);
	const page = await fetch(srv.base + path);
	assert.equal(page.status, 200);
	assert.match(await page.text(), /Weekoverzicht op maandagochtend/);
	const one = await fetch(srv.base + path, { method: 'POST', headers: { 'Content-Type': 'application/x-www-form-urlencoded' }, body: 'List-Unsubscribe=One-Click', redirect: 'manual' });
	assert.equal(one.status, 200, await one.text());
	const prefs = await ok('GET', '/mij/meldingen');
	assert.equal(prefs.kinds.find((k) => k.kind === 'weekoverzicht').email, false);
	assert.equal(prefs.kinds.find((k) => k.kind === 'actie').email, true, 'only the digest is turned off');
	// the next week: an inbox item, no e-mail
	const next = new Date(Date.parse(mon.at) + 7 * DAY).toISOString().replace(/\.\d+Z$/, 'Z');
	await ok('POST', '/beheer/notificaties/planning', { now: next }, admin);
	await sleep(500);
	assert.equal(relay.mails.filter((x) => x.rcpt.includes(DEMO_EMAIL) && /Je week in Scalelab/.test(x.subject)).length, 1);
	const box = await ok('GET', '/meldingen?filter=ongelezen');
	assert.ok(box.items.filter((i) => i.kind === 'weekoverzicht').length >= 2);
});

test('time zone: the digest follows the organisation\'s zone (Monday 07:00 in Tokyo is Sunday evening in UTC)', async () => {
	const bad = await bearer(srv.base, tok, 'PUT', `/organisaties/${ORG_A}/tijdzone`, { json: { timeZone: 'Mars/Olympus' } });
	assert.equal(bad.res.status, 400);
	assert.ok(bad.body['invalid-params'].some((p) => p.name === 'timeZone'));
	const o = await ok('PUT', `/organisaties/${ORG_A}/tijdzone`, { timeZone: 'Asia/Tokyo' });
	assert.equal(o.timeZone, 'Asia/Tokyo');
	// a Monday three weeks ahead, 07:30 in Tokyo (UTC+9, no summer time) = Sunday 22:30 UTC
	const d = new Date();
	d.setUTCDate(d.getUTCDate() + ((8 - d.getUTCDay()) % 7 || 7) + 14);
	const sunday = new Date(d.getTime() - DAY).toISOString().slice(0, 10);
	const n0 = relay.mails.filter((x) => x.rcpt.includes(BEWERKER_EMAIL) && /Your week/.test(x.subject)).length;
	await ok('POST', '/beheer/notificaties/planning', { now: `${sunday}T21:30:00Z` }, admin); // 06:30 in Tokyo
	await sleep(500);
	assert.equal(relay.mails.filter((x) => x.rcpt.includes(BEWERKER_EMAIL) && /Your week/.test(x.subject)).length, n0, 'not before 07:00 there');
	await ok('POST', '/beheer/notificaties/planning', { now: `${sunday}T22:30:00Z` }, admin);
	await relay.wait((x) => x.rcpt.includes(BEWERKER_EMAIL) && /Your week/.test(x.subject) && relay.mails.indexOf(x) >= 0, 8000);
	await sleep(300);
	assert.equal(relay.mails.filter((x) => x.rcpt.includes(BEWERKER_EMAIL) && /Your week/.test(x.subject)).length, n0 + 1);
	await ok('PUT', `/organisaties/${ORG_A}/tijdzone`, { timeZone: 'Europe/Amsterdam' });
});

test('action assigned: the new owner gets an e-mail, the one who assigns it to themselves does not', async () => {
	const pilot = Number(sql(srv.db, `SELECT id FROM users WHERE email='${BEWERKER_EMAIL}'`).trim());
	const a = await ok('POST', `/initiatieven/${ini}/acties`, { title: 'Data delen met de GGD', ownerId: pilot, dueDate: iso(Date.now() + 5 * DAY) });
	const [m] = await relay.wait((x) => x.rcpt.includes(BEWERKER_EMAIL) && /Data delen met de GGD/.test(x.subject));
	assert.ok(m.text.includes(`${PUBLIC}/acties/${a.id}`));
	const n = relay.mails.length;
	await ok('PUT', `/acties/${a.id}`, { title: 'Data delen met de GGD (v2)', ownerId: pilot, dueDate: iso(Date.now() + 6 * DAY) });
	await sleep(600);
	assert.equal(relay.mails.length, n, 'the same owner again: no new mail');
});

test('relay refusing: 451 then 250 gives exactly one delivery; 550 fails with the reason and a beheerder can retry', async () => {
	relay.refusals.push({ code: 451 });
	const pilot = Number(sql(srv.db, `SELECT id FROM users WHERE email='${BEWERKER_EMAIL}'`).trim());
	await ok('POST', `/initiatieven/${ini}/acties`, { title: 'Tijdelijk geweigerd', ownerId: pilot });
	await relay.wait((x) => /Tijdelijk geweigerd/.test(x.subject));
	const o = await settle((x) => x.messages.some((r) => r.status === 'verzonden' && r.attempts === 2));
	assert.ok(o.messages.some((r) => r.attempts === 2 && r.status === 'verzonden'));
	await sleep(1500);
	assert.equal(relay.mails.filter((x) => /Tijdelijk geweigerd/.test(x.subject)).length, 1);

	relay.refusals.push({ code: 550 });
	await ok('POST', `/initiatieven/${ini}/acties`, { title: 'Definitief geweigerd', ownerId: pilot });
	const refused = (r) => r.status === 'mislukt' && r.kind === 'actie' && r.to === BEWERKER_EMAIL;
	const f = await settle((x) => x.messages.some(refused));
	const row = f.messages.find(refused);
	assert.match(row.lastError, /550/);
	assert.equal(row.attempts, 1);
	assert.equal(row.canRetry, true);
	assert.equal(relay.mails.filter((x) => /Definitief geweigerd/.test(x.subject)).length, 0);
	await ok('POST', `/organisaties/${ORG_A}/postvak-uit/${row.id}/opnieuw`, {});
	await relay.wait((x) => /Definitief geweigerd/.test(x.subject));
	// only beheerders see the outbox
	const r = await bearer(srv.base, token(srv.db, BEWERKER_EMAIL), 'GET', `/organisaties/${ORG_A}/postvak-uit`);
	assert.equal(r.res.status, 403);
});

test('relay down during a burst: everything is delivered once it is back, each once', async () => {
	await relay.stop();
	const pilot = Number(sql(srv.db, `SELECT id FROM users WHERE email='${BEWERKER_EMAIL}'`).trim());
	for (let i = 1; i <= 6; i++) await ok('POST', `/initiatieven/${ini}/acties`, { title: `Stormloop ${i}`, ownerId: pilot });
	await settle((x) => x.messages.filter((r) => /Stormloop|/.test(r.kind) && r.status === 'wachtrij' && r.attempts >= 1).length >= 6);
	const o = await outbox();
	assert.ok(o.messages.some((r) => r.lastError && /connect|Connection|refused/i.test(r.lastError)), 'the reason is kept');
	await relay.start(relay.port);
	await settle((x) => x.counts.wachtrij === 0 && x.counts.verzenden === 0, 15000);
	for (let i = 1; i <= 6; i++) assert.equal(relay.mails.filter((x) => x.subject.includes(`Stormloop ${i}`)).length, 1, `Stormloop ${i}`);
});

test('inbox API: list, unread count, mark read and unread, all read; the bell shows the count', async () => {
	const pilotTok = token(srv.db, BEWERKER_EMAIL);
	const box = await ok('GET', '/meldingen', undefined, pilotTok);
	assert.ok(box.unread >= 3);
	const first = box.items[0];
	const r = await ok('PUT', `/meldingen/${first.id}`, { read: true }, pilotTok);
	assert.equal(r.read, true);
	assert.equal((await ok('GET', '/meldingen', undefined, pilotTok)).unread, box.unread - 1);
	const u = await ok('PUT', `/meldingen/${first.id}`, { read: false }, pilotTok);
	assert.equal(u.read, false);
	// someone else's notification is not there
	const other = await bearer(srv.base, tok, 'PUT', `/meldingen/${first.id}`, { json: { read: true } });
	assert.equal(other.res.status, 404);
	const c = await loggedIn(srv.base, BEWERKER_EMAIL);
	const page = await c.get('/meldingen');
	assert.match(page.text_, new RegExp(`class="sl-bell__count">${box.unread}<`));
	await ok('POST', '/meldingen/alles-gelezen', {}, pilotTok);
	assert.equal((await ok('GET', '/meldingen', undefined, pilotTok)).unread, 0);
	const after_ = await c.get('/meldingen');
	assert.ok(!after_.text_.includes('sl-bell__count'));
});

test('calendar feed: ical.js reads the events, the zone and stable UIDs; edits update, revoking answers 404', async () => {
	const me = Number(sql(srv.db, `SELECT id FROM users WHERE email='${DEMO_EMAIL}'`).trim());
	const due = iso(Date.now() + 9 * DAY);
	const a = await ok('POST', `/initiatieven/${ini}/acties`, { title: 'Raad informeren, met; tekens\\en een lange titel die zeker over de vijfenzeventig octetten heen gaat: één, twee', ownerId: me, dueDate: due });
	const feed = await ok('POST', '/mij/agenda', {});
	assert.equal(feed.active, true);
	assert.match(feed.url, new RegExp(`^${PUBLIC}/api/v1/agenda/[A-Za-z0-9_-]{43}$`));
	const path = new URL(feed.url).pathname;
	const get = async () => {
		const res = await fetch(srv.base + path, { headers: { Accept: 'text/calendar' } });
		return { res, text: await res.text() };
	};
	let { res, text } = await get();
	assert.equal(res.status, 200);
	assert.match(res.headers.get('content-type'), /^text\/calendar/);
	for (const line of text.split('\r\n')) assert.ok(Buffer.byteLength(line) <= 75, `line over 75 octets: ${line}`);
	assert.ok(!/[^\r]\n/.test(text), 'every line ends in CRLF');
	const cal = new ICAL.Component(ICAL.parse(text));
	const tz = cal.getFirstSubcomponent('vtimezone');
	assert.equal(tz.getFirstPropertyValue('tzid'), 'Europe/Amsterdam');
	const zone = new ICAL.Timezone(tz);
	const summer = ICAL.Time.fromData({ year: 2026, month: 7, day: 1, hour: 12 }, zone);
	const winter = ICAL.Time.fromData({ year: 2026, month: 1, day: 15, hour: 12 }, zone);
	assert.equal(zone.utcOffset(summer), 7200);
	assert.equal(zone.utcOffset(winter), 3600);
	const events = cal.getAllSubcomponents('vevent').map((v) => new ICAL.Event(v));
	const ev = events.find((e) => e.uid === `action-${a.id}@lab.voorbeeldstad.nl`);
	assert.ok(ev, 'the action is an event with a stable UID');
	assert.equal(ev.summary, 'Actie: Raad informeren, met; tekens\\en een lange titel die zeker over de vijfenzeventig octetten heen gaat: één, twee');
	assert.equal(ev.startDate.toString(), due);
	assert.equal(ev.startDate.isDate, true);
	assert.equal(ev.component.getFirstPropertyValue('url'), `${PUBLIC}/acties/${a.id}`);
	assert.ok(events.some((e) => /^checkin-/.test(e.uid)), 'check-in days of the key results the demo user owns');
	// an edit keeps the UID and changes the event
	await ok('PUT', `/acties/${a.id}`, { title: 'Raad informeren (nieuw)', ownerId: me, dueDate: due });
	({ text } = await get());
	const ev2 = new ICAL.Component(ICAL.parse(text)).getAllSubcomponents('vevent').map((v) => new ICAL.Event(v)).find((e) => e.uid === ev.uid);
	assert.equal(ev2.summary, 'Actie: Raad informeren (nieuw)');
	// the team feed of the initiative
	const team = await ok('POST', `/initiatieven/${ini}/agenda`, {});
	const tt = await (await fetch(srv.base + new URL(team.url).pathname)).text();
	const tev = new ICAL.Component(ICAL.parse(tt)).getAllSubcomponents('vevent').map((v) => new ICAL.Event(v));
	assert.ok(tev.some((e) => e.uid === ev.uid), 'the team sees the action too');
	assert.ok(tev.some((e) => /^round-/.test(e.uid)), 'and the round deadlines');
	// a rater's feed (in their language): the round is due until it is submitted or closed
	const pilotTok = token(srv.db, BEWERKER_EMAIL);
	const pf = await ok('POST', '/mij/agenda', {}, pilotTok);
	const rid = Number(sql(srv.db, "SELECT id FROM assessment_rounds WHERE title='Herinneringsronde'").trim());
	const roundEv = async () => new ICAL.Component(ICAL.parse(await (await fetch(srv.base + new URL(pf.url).pathname)).text()))
		.getAllSubcomponents('vevent').map((v) => new ICAL.Event(v)).find((e) => e.uid === `round-${rid}@lab.voorbeeldstad.nl`);
	assert.equal((await roundEv()).summary, 'Assessment round closes: Herinneringsronde');
	await ok('PUT', `/rondes/${rid}/status`, { status: 'gesloten' });
	assert.equal((await roundEv()).summary, '[done] Assessment round closes: Herinneringsronde');
	// a new URL replaces the old; revoking answers 404
	const again = await ok('POST', '/mij/agenda', {});
	assert.equal((await get()).res.status, 404, 'the old URL stopped');
	await ok('DELETE', '/mij/agenda');
	assert.equal((await fetch(srv.base + new URL(again.url).pathname)).status, 404);
	assert.equal((await fetch(srv.base + '/api/v1/agenda/' + 'A'.repeat(43))).status, 404);
	const st = await ok('GET', '/mij/agenda');
	assert.deepEqual(st, { active: false, since: null, url: null });
});

test('a SIGKILL between sending and marking: no second delivery after the restart, and a beheerder sees why', async (t_) => {
	const r2 = await new Relay().start();
	const dir = srv.dir;
	const db = `${dir}/crash.db`;
	cli(['init', '--db', db, '--demo']);
	const port = await freePort();
	const run = (env) => {
		const p = spawn(BIN, ['serve', '--db', db, '--listen', `127.0.0.1:${port}`, ...smtpArgs(r2.port)], { stdio: ['ignore', 'ignore', 'pipe'], env: { ...process.env, ...ENV, ...env } });
		const exited = new Promise((ok_) => p.on('exit', (code, sig) => ok_({ code, sig })));
		return { p, exited };
	};
	const base = `http://127.0.0.1:${port}`;
	const up = async () => {
		for (let i = 0; i < 100; i++) {
			try {
				await fetch(base + '/toegankelijkheid');
				return;
			} catch {
				await sleep(50);
			}
		}
		throw new Error('no server');
	};
	const a = run({ SCALELAB_NOTIFY_CRASH_AFTER_SEND: '1' });
	let b;
	t_.after(async () => {
		for (const x of [a, b]) if (x && x.p.exitCode === null && x.p.signalCode === null) x.p.kill('SIGKILL');
		await r2.stop();
	});
	await up();
	const t = token(db, DEMO_EMAIL);
	const pilot = Number(sql(db, `SELECT id FROM users WHERE email='${BEWERKER_EMAIL}'`).trim());
	const ini2 = Number(sql(db, "SELECT id FROM initiatives ORDER BY id LIMIT 1").trim());
	const res = await bearer(base, t, 'POST', `/initiatieven/${ini2}/acties`, { json: { title: 'Precies één keer', ownerId: pilot } });
	assert.equal(res.res.status, 201);
	const gone = await a.exited;
	assert.equal(gone.sig, 'SIGKILL');
	assert.equal(r2.mails.filter((m) => /Precies één keer/.test(m.subject)).length, 1);
	assert.equal(sql(db, "SELECT status FROM notify_outbox WHERE kind='actie'").trim(), 'verzenden', 'killed before the mark');
	// rows past 90 days are purged at start-up (sent or failed), newer ones stay
	write(db, "INSERT INTO notify_outbox(to_addr, lang, kind, message_id, status, next_s, created_at) VALUES" +
		"('oud@example.org','nl','bericht','<oud@x>','verzonden',0,'2026-01-02T08:00:00Z')," +
		"('oud2@example.org','nl','bericht','<oud2@x>','mislukt',0,'2026-01-02T08:00:00Z')," +
		`('nieuw@example.org','nl','bericht','<nieuw@x>','verzonden',0,'${new Date(Date.now() - 89 * DAY).toISOString().replace(/\.\d+Z$/, 'Z')}')`);
	b = run({});
	await up();
	await sleep(1200);
	assert.equal(r2.mails.filter((m) => /Precies één keer/.test(m.subject)).length, 1, 'not sent again');
	const o = (await bearer(base, t, 'GET', `/organisaties/${ORG_A}/postvak-uit`)).body;
	const row = o.messages.find((m) => m.kind === 'actie');
	assert.equal(row.status, 'mislukt');
	assert.match(row.lastError, /misschien al aangekomen/);
	assert.equal(sql(db, "SELECT group_concat(to_addr) FROM notify_outbox WHERE kind='bericht'").trim(), 'nieuw@example.org');
});

test('STARTTLS is required unless --smtp-insecure: nothing goes out in the clear, and the reason says why', async () => {
	const r3 = await new Relay().start();
	const s = await startServer({ args: ['--smtp', `smtp://127.0.0.1:${r3.port}`, '--mail-from', 'lab@voorbeeldstad.nl', '--public-url', PUBLIC], env: ENV });
	try {
		const t = token(s.db, DEMO_EMAIL);
		const pilot = Number(sql(s.db, `SELECT id FROM users WHERE email='${BEWERKER_EMAIL}'`).trim());
		const i2 = Number(sql(s.db, 'SELECT id FROM initiatives ORDER BY id LIMIT 1').trim());
		assert.equal((await bearer(s.base, t, 'POST', `/initiatieven/${i2}/acties`, { json: { title: 'Niet onversleuteld', ownerId: pilot } })).res.status, 201);
		let row;
		for (let i = 0; i < 80 && !row; i++) {
			await sleep(100);
			row = (await bearer(s.base, t, 'GET', `/organisaties/${ORG_A}/postvak-uit`)).body.messages.find((m) => m.attempts >= 1 && m.to === BEWERKER_EMAIL);
		}
		assert.ok(row, 'an attempt was made');
		assert.match(row.lastError, /STARTTLS/);
		assert.equal(r3.mails.length, 0);
	} finally {
		await s.stop();
		await r3.stop();
	}
});

test('serve refuses credentials in the --smtp URL, another scheme, and a bad --mail-from', () => {
	for (const args of [['--smtp', 'smtp://user:geheim@relay.example:587'], ['--smtp', 'http://relay.example'], ['--smtp', 'smtp://relay.example:587', '--mail-from', 'geen adres']]) {
		let err = '';
		try {
			execFileSync(BIN, ['serve', '--db', '/nonexistent/x.db', '--listen', '127.0.0.1:1', ...args], { stdio: 'pipe' });
		} catch (e) {
			err = String(e.stderr);
			assert.equal(e.status, 2, err);
		}
		assert.match(err, /--smtp|--mail-from/);
		assert.ok(!err.includes('geheim'), 'the password is never echoed');
	}
});

test('relay credentials from a file: AUTH succeeds, and the password appears in no log', async () => {
	const { writeFileSync } = await import('node:fs');
	const got = [];
	let authed = null;
	const port = await freePort();
	const authRelay = new SMTPServer({
		disabledCommands: ['STARTTLS'],
		allowInsecureAuth: true, // a local test relay; production uses STARTTLS or smtps
		authOptional: false,
		logger: false,
		onAuth(auth, session, cb) {
			if (auth.username === 'lab-relay' && auth.password === 'Geheim-wachtwoord-42') {
				authed = auth.username;
				return cb(null, { user: auth.username });
			}
			return cb(new Error('Invalid username or password'));
		},
		onData(stream, session, cb) {
			simpleParser(stream).then((m) => {
				got.push(m);
				cb();
			});
		},
	});
	await new Promise((ok_) => authRelay.listen(port, '127.0.0.1', ok_));
	const dir = (await import('node:fs')).mkdtempSync('/tmp/notify-cred-');
	writeFileSync(`${dir}/smtp`, 'lab-relay\nGeheim-wachtwoord-42\n', { mode: 0o600 });
	const s = await startServer({ args: [...smtpArgs(port), '--smtp-credentials', `${dir}/smtp`], env: ENV });
	try {
		const t = token(s.db, DEMO_EMAIL);
		const pilot = Number(sql(s.db, `SELECT id FROM users WHERE email='${BEWERKER_EMAIL}'`).trim());
		const i2 = Number(sql(s.db, 'SELECT id FROM initiatives ORDER BY id LIMIT 1').trim());
		assert.equal((await bearer(s.base, t, 'POST', `/initiatieven/${i2}/acties`, { json: { title: 'Met inlog', ownerId: pilot } })).res.status, 201);
		for (let i = 0; i < 80 && !got.length; i++) await sleep(100);
		assert.equal(got.length, 1);
		assert.equal(authed, 'lab-relay');
	} finally {
		await s.stop();
		await new Promise((ok_) => authRelay.close(ok_));
	}
	assert.ok(!s.log().includes('Geheim-wachtwoord-42'), 'not in the server log');
	(await import('node:fs')).rmSync(dir, { recursive: true, force: true });
});
