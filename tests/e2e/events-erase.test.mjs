// SPDX-License-Identifier: EUPL-1.2
// Deleting an initiative erases its product events from the event store:
// once the delete has committed, the ingestion thread erases the project
// (sealed blocks leave the disk; the row log, persons, names, dedup
// entries and statistics go), while another initiative's events stay.
// The server seals every 20 events here, so the initiative has blocks.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { readdirSync } from 'node:fs';
import { gzipSync } from 'node:zlib';
import { startServer, token, bearer, sql, cli, DEMO_EMAIL } from './lib.mjs';

let srv, tok;
const api = (method, path, json) => bearer(srv.base, tok, method, path, { json });
async function ok(method, path, json) {
	const r = await api(method, path, json);
	assert.ok(r.res.status < 300, `${method} ${path}: ${r.res.status} ${r.text}`);
	return r.body;
}
const blocksOf = (project) => readdirSync(`${srv.db}.events/blocks`).filter((f) => f.startsWith(`p${project}-`));
const until = async (pred, what) => {
	for (let i = 0; i < 100; i++) {
		if (pred()) return;
		await new Promise((r) => setTimeout(r, 100));
	}
	assert.fail(`timed out waiting for ${what}`);
};
const storeCount = (query) => Number(sql(`${srv.db}.events/log.db`, query).trim());

before(async () => {
	srv = await startServer({ env: { SCALELAB_EVENTS_SEAL_ROWS: '20' } });
	tok = token(srv.db, DEMO_EMAIL);
});
after(async () => {
	await srv?.stop();
});

async function initiativeWithEvents(name, n) {
	const ini = await ok('POST', '/organisaties/gemeente-voorbeeldstad/initiatieven', { name, stage: 'pilot' });
	const src = await ok('POST', `/initiatieven/${ini.id}/bronnen`, { kind: 'posthog' });
	const batch = Array.from({ length: n }, (_, i) => ({
		event: i % 2 ? 'aanvraag_gestart' : '$pageview',
		distinct_id: `inwoner-${i % 7}`,
		uuid: `${name}-${i}`,
		timestamp: new Date(Date.now() - i * 60000).toISOString(),
		properties: { stap: i },
	}));
	const res = await fetch(srv.base + '/batch/', {
		method: 'POST',
		headers: { 'Content-Type': 'application/json', 'Content-Encoding': 'gzip' },
		body: gzipSync(JSON.stringify({ api_key: src.key, batch })),
	});
	assert.equal(res.status, 200, await res.text());
	return { ini: ini.id, src: src.id };
}

test('deleting an initiative erases its events: blocks off the disk, log, persons and dedup entries gone; others stay', async () => {
	const gone = await initiativeWithEvents('Proef te verwijderen', 50);
	const kept = await initiativeWithEvents('Proef die blijft', 30);
	await until(() => blocksOf(gone.ini).length >= 1 && blocksOf(kept.ini).length >= 1, 'sealed blocks of both');
	assert.equal(storeCount(`SELECT count(*) FROM persons WHERE project=${gone.ini}`), 7);
	const keptBlocks = blocksOf(kept.ini);

	const del = await api('DELETE', `/initiatieven/${gone.ini}`);
	assert.equal(del.res.status, 204);
	await until(() => blocksOf(gone.ini).length === 0, 'the deleted initiative\'s blocks to leave the disk');
	await until(() => storeCount(`SELECT count(*) FROM blocks WHERE project=${gone.ini}`) === 0, 'the catalogue');
	for (const t of ['log', 'persons', 'person_dids', 'names', 'links', 'dedup', 'dedup_hours', 'sources', 'counters'])
		assert.equal(storeCount(`SELECT count(*) FROM ${t} WHERE project=${gone.ini}`), 0, `${t} of the deleted initiative`);
	// the log line follows the erasure: wait for it rather than read a half-written log
	const said = new RegExp(`initiative ${gone.ini} was deleted; its 50 events are erased`);
	await until(() => said.test(srv.log()), 'the log line of the erasure');

	// the other initiative's events are all there, sealed and unsealed
	assert.deepEqual(blocksOf(kept.ini), keptBlocks);
	const s = await ok('GET', `/bronnen/${kept.src}`);
	assert.equal(s.counts.stored, 30);
	// and an export (the server stopped: the export needs the store to itself) holds them all
	await srv.proc.kill('SIGTERM');
	await new Promise((r) => srv.proc.once('exit', r));
	const lines = cli(['events', 'export', '--db', srv.db, '--source', String(kept.src)]).trim().split('\n');
	assert.equal(lines.length, 30);
	assert.ok(lines.every((l) => JSON.parse(l).distinct_id.startsWith('inwoner-')));
});
