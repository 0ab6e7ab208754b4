// SPDX-License-Identifier: EUPL-1.2
// The event bench's data: a reproducible product-event stream (fixed seed)
// written once as NDJSON in PostHog's export-line shape
// {"uuid","event","distinct_id","timestamp","properties"}.
//   node bench/events/gen.mjs OUT [N]   (N default 10,000,000)
// N events over 90 days ending 2026-11-01, in time order with random gaps;
// actors: N/10 (at most 1,000,000), uuid-like distinct ids, a few heavy
// users (activity skewed like real products); 20 event names, skewed
// ($pageview most); properties: url, browser, os, plan, and a price on
// purchases.
import { createWriteStream } from 'node:fs';

const out = process.argv[2];
const N = Number(process.argv[3] || 10_000_000);
if (!out || !(N > 0)) {
	console.error('usage: node bench/events/gen.mjs OUT [N]');
	process.exit(2);
}
const ACTORS = Math.min(1_000_000, Math.max(1, Math.floor(N / 10)));
const END = Date.UTC(2026, 10, 1);
const START = END - 90 * 86400_000;

// mulberry32: a small seeded generator, so every run writes the same bytes.
let seed = 20261101;
function rand() {
	seed = (seed + 0x6d2b79f5) | 0;
	let t = seed;
	t = Math.imul(t ^ (t >>> 15), t | 1);
	t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
	return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
}

function hex(n, len) {
	return (n >>> 0).toString(16).padStart(len, '0').slice(-len);
}

// A uuid-shaped string from two draws.
function uuid() {
	const a = (rand() * 2 ** 32) >>> 0, b = (rand() * 2 ** 32) >>> 0;
	const c = (rand() * 2 ** 32) >>> 0, d = (rand() * 2 ** 32) >>> 0;
	return `${hex(a, 8)}-${hex(b, 4)}-4${hex(b >>> 16, 3)}-${hex(8 + (c & 3), 1)}${hex(c >>> 4, 3)}-${hex(d, 8)}${hex(c >>> 16, 4)}`;
}

// An actor's distinct id: fixed per actor number (a hash, no table).
function actorId(k) {
	let h1 = Math.imul(k ^ 0x9e3779b9, 0x85ebca6b) >>> 0;
	let h2 = Math.imul(h1 ^ (h1 >>> 13), 0xc2b2ae35) >>> 0;
	let h3 = Math.imul(h2 ^ (h2 >>> 16), 0x27d4eb2f) >>> 0;
	return `${hex(h1, 8)}-${hex(h2, 4)}-4${hex(h2 >>> 16, 3)}-a${hex(h3, 3)}-${hex(h3 >>> 8, 8)}${hex(k, 4)}`;
}

const NAMES = ['$pageview', '$pageleave', '$autocapture', 'button_clicked', 'search', 'signup_started',
	'signup_completed', 'login', 'logout', 'invite_sent', 'invite_accepted', 'project_created',
	'file_uploaded', 'report_viewed', 'export_downloaded', 'plan_upgraded', 'purchase', 'settings_changed',
	'feedback_given', 'onboarding_step'];
// Zipf-like weights: name i has weight 1/(i+1).
const CUM = [];
let acc = 0;
for (let i = 0; i < NAMES.length; i++) CUM.push((acc += 1 / (i + 1)));
function pickName() {
	const x = rand() * acc;
	let i = 0;
	while (CUM[i] < x) i++;
	return NAMES[i];
}
const PATHS = ['/', '/pricing', '/docs', '/app', '/app/projects', '/app/reports', '/blog', '/login', '/signup', '/app/settings'];
const BROWSERS = ['Chrome', 'Firefox', 'Safari', 'Edge'];
const OSES = ['Windows', 'Mac OS X', 'Linux', 'iOS', 'Android'];
const PLANS = ['free', 'starter', 'pro', 'enterprise'];

const ws = createWriteStream(out, { highWaterMark: 1 << 22 });
const gap = (END - START) / N;
let t = START;
let chunk = [];
function flush() {
	return new Promise((resolve) => {
		if (ws.write(chunk.join(''))) resolve();
		else ws.once('drain', resolve);
		chunk = [];
	});
}
for (let i = 0; i < N; i++) {
	t += -Math.log(1 - rand()) * gap; // exponential gaps: a Poisson stream
	// skewed activity: a quarter of the traffic from 1% of the actors
	const actor = rand() < 0.25 ? Math.floor(rand() * Math.max(1, ACTORS / 100)) : Math.floor(rand() * ACTORS);
	const name = pickName();
	const props = {
		$current_url: `https://app.voorbeeld.nl${PATHS[Math.floor(rand() * PATHS.length)]}`,
		$browser: BROWSERS[Math.floor(rand() * BROWSERS.length)],
		$os: OSES[Math.floor(rand() * OSES.length)],
		plan: PLANS[Math.floor(rand() * PLANS.length)],
	};
	if (name === 'purchase') props.price = Math.floor(rand() * 20000) / 100;
	const ts = Math.min(Math.floor(t), END - 1);
	chunk.push(JSON.stringify({ uuid: uuid(), event: name, distinct_id: actorId(actor), timestamp: new Date(ts).toISOString(), properties: props }) + '\n');
	if (chunk.length === 20000) await flush();
}
await flush();
ws.end();
await new Promise((r) => ws.on('finish', r));
console.error(`gen: ${N} events, ${ACTORS} actors, 90 days -> ${out}`);
