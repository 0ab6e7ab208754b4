// SPDX-License-Identifier: EUPL-1.2
// The DuckDB side of the event bench: loads the generator's NDJSON into a
// DuckDB file (all columns, timestamps as TIMESTAMP, properties as JSON)
// and into a second file with the core columns only (timestamp,
// distinct_id, event), checkpoints, and prints "key value" lines with the
// bytes on disk per event.   node bench/events/duck.mjs NDJSON DIR
import { DuckDBInstance } from '@duckdb/node-api';
import { statSync } from 'node:fs';

const [file, dir] = process.argv.slice(2);
if (!file || !dir) {
	console.error('usage: node bench/events/duck.mjs NDJSON DIR');
	process.exit(2);
}
const src = `read_json('${file.replaceAll("'", "''")}', format='newline_delimited', columns={uuid: 'UUID', event: 'VARCHAR', distinct_id: 'VARCHAR', timestamp: 'TIMESTAMP', properties: 'JSON'})`;

async function load(path, select) {
	const db = await DuckDBInstance.create(path);
	const con = await db.connect();
	const t0 = performance.now();
	await con.run(`CREATE TABLE events AS SELECT ${select} FROM ${src}`);
	await con.run('CHECKPOINT');
	const rows = Number((await (await con.runAndReadAll('SELECT count(*) FROM events')).getRows())[0][0]);
	const secs = (performance.now() - t0) / 1000;
	con.closeSync?.();
	db.closeSync?.();
	return { rows, secs, bytes: statSync(path).size };
}

const all = await load(`${dir}/duck.db`, '*');
const core = await load(`${dir}/duck-core.db`, 'timestamp, distinct_id, event');
console.log(`duckdb_events ${all.rows}`);
console.log(`duckdb_bytes_per_event ${(all.bytes / all.rows).toFixed(2)}`);
console.log(`duckdb_core_bytes_per_event ${(core.bytes / core.rows).toFixed(2)}`);
console.log(`duckdb_load_seconds ${all.secs.toFixed(2)}`);
