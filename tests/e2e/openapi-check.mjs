// SPDX-License-Identifier: EUPL-1.2
// openapi-check: every answer of the API is held against the OpenAPI document
// the running server publishes (/api/v1/openapi.json). The request is matched
// to its operation (method + path template), the status to its declared
// response, and a JSON body is validated with ajv against the schema declared
// for that media type. Anything the document does not declare (an operation, a
// status, a media type, a schema) is a failure too.
//
// OpenAPI 3.0 schemas are not quite JSON Schema; the differences we meet are
// bridged here, nothing else is relaxed:
// - `nullable: true` beside `type` adds null to that type (ajv's own reading,
//   as OpenAPI 3.0.3 specifies; an `enum` must then list null itself);
// - `nullable: true` without `type` (the `allOf: [$ref]` idiom, which 3.0
//   needs because $ref ignores its siblings) is read as "null, or the rest";
// - exclusiveMinimum/exclusiveMaximum are 3.0's booleans beside minimum and
//   maximum, made into draft-07 numbers;
// - formats int32/int64/float/double are the OpenAPI ones;
// - `example`, `xml`, `externalDocs` are annotations (ajv knows `deprecated`).
// Answers to a path or method the document does not know (404/405 from the
// router) have no operation: a problem+json one is checked against Problem.
import Ajv from 'ajv';
import addFormats from 'ajv-formats';

const ROOT = 'urn:scalelab:openapi';
const SCHEMA_REF = '#/components/schemas/';

/** An OpenAPI 3.0 schema object as JSON Schema (draft-07) for ajv. */
export function toJsonSchema(s) {
	if (Array.isArray(s)) return s.map(toJsonSchema);
	if (s === null || typeof s !== 'object') return s;
	const o = {};
	for (const [k, v] of Object.entries(s)) {
		if (k === '$ref' && typeof v === 'string' && v.startsWith(SCHEMA_REF))
			o.$ref = `${ROOT}#/definitions/${v.slice(SCHEMA_REF.length)}`;
		else o[k] = toJsonSchema(v);
	}
	// 3.0 takes the draft-04 booleans; draft-07 wants the bound itself
	for (const [ex, bound] of [
		['exclusiveMinimum', 'minimum'],
		['exclusiveMaximum', 'maximum'],
	]) {
		if (typeof o[ex] !== 'boolean') continue;
		if (o[ex] && typeof o[bound] === 'number') {
			o[ex] = o[bound];
			delete o[bound];
		} else delete o[ex];
	}
	if ('nullable' in o && o.type === undefined) {
		const nullable = o.nullable === true;
		delete o.nullable;
		if (nullable) return { anyOf: [{ type: 'null' }, o] };
	}
	return o;
}

function pointer(doc, ref) {
	if (!ref.startsWith('#/')) throw new Error(`openapi-check: external $ref ${ref} not supported`);
	let v = doc;
	for (const part of ref.slice(2).split('/')) {
		v = v?.[part.replace(/~1/g, '/').replace(/~0/g, '~')];
		if (v === undefined) throw new Error(`openapi-check: $ref ${ref} does not resolve`);
	}
	return v;
}

const deref = (doc, o) => (o && typeof o.$ref === 'string' ? deref(doc, pointer(doc, o.$ref)) : o);

/** The compiled view of one OpenAPI document. */
export class Contract {
	constructor(doc) {
		this.doc = doc;
		// strict: an unknown keyword or format in our document is an error,
		// not something silently skipped
		this.ajv = new Ajv({ strict: true, allErrors: true, discriminator: true });
		addFormats(this.ajv);
		this.ajv.addVocabulary(['example', 'xml', 'externalDocs']);
		const int = (bits) => ({
			type: 'number',
			validate: (n) => Number.isInteger(n) && n >= -(2 ** (bits - 1)) && n < 2 ** (bits - 1),
		});
		this.ajv.addFormat('int32', int(32));
		this.ajv.addFormat('int64', int(64));
		this.ajv.addFormat('float', { type: 'number', validate: Number.isFinite });
		this.ajv.addFormat('double', { type: 'number', validate: Number.isFinite });
		const defs = {};
		for (const [name, schema] of Object.entries(doc.components?.schemas ?? {})) defs[name] = toJsonSchema(schema);
		this.ajv.addSchema({ $id: ROOT, definitions: defs });
		this.ops = [];
		for (const [template, item] of Object.entries(doc.paths ?? {})) {
			const segs = template.split('/');
			const re = new RegExp(
				'^' + segs.map((s) => (/^\{[^}]+\}$/.test(s) ? '[^/]+' : s.replace(/[.*+?^$()|[\]\\]/g, '\\$&'))).join('/') + '$',
			);
			this.ops.push({ template, item, re, literal: segs.filter((s) => s && !s.startsWith('{')).length });
		}
		this.validators = new Map();
	}

	/** The path item whose template matches path best (most literal segments), or null. */
	match(path) {
		let best = null;
		for (const o of this.ops) if (o.re.test(path) && (!best || o.literal > best.literal)) best = o;
		return best;
	}

	validator(key, schema) {
		let v = this.validators.get(key);
		if (!v) {
			v = this.ajv.compile(toJsonSchema(schema));
			this.validators.set(key, v);
		}
		return v;
	}

	/**
	 * Checks one answer; returns null when it conforms, else a message that
	 * names method, path, status and what is wrong (ajv errors included).
	 * path is relative to the server URL (no /api/v1), without query.
	 */
	check(method, path, status, contentType, text) {
		const media = (contentType || '').split(';')[0].trim().toLowerCase();
		const where = `${method} /api/v1${path} → ${status} ${media || '(no content type)'}`;
		const isJson = /^application\/([a-z.+-]+\+)?json$/.test(media);
		const empty = text === '' || text === undefined;
		const m = this.match(path);
		const op = m?.item?.[method.toLowerCase()];
		let schema;
		let key;
		if (!op) {
			if (media !== 'application/problem+json')
				return `${where}: the OpenAPI document has no operation ${method} for this path`;
			schema = { $ref: SCHEMA_REF + 'Problem' };
			key = 'Problem';
		} else {
			const responses = op.responses ?? {};
			const declared =
				responses[String(status)] ?? responses[`${String(status)[0]}XX`] ?? responses.default;
			if (!declared)
				return `${where}: status ${status} is not declared for ${method} ${m.template} (declared: ${Object.keys(responses).join(', ')})`;
			const resp = deref(this.doc, declared);
			const content = resp.content ?? {};
			if (empty && !isJson) {
				if (!Object.keys(content).length) return null; // e.g. 204
				return `${where}: empty body, but ${method} ${m.template} ${status} declares ${Object.keys(content).join(', ')}`;
			}
			if (!content[media])
				return `${where}: media type ${media} is not declared for ${method} ${m.template} ${status} (declared: ${Object.keys(content).join(', ') || 'no content'})`;
			if (!isJson) return null; // a declared non-JSON body (e.g. CSV): nothing to validate
			schema = content[media].schema;
			if (!schema) return `${where}: no schema declared for ${method} ${m.template} ${status} ${media}`;
			key = `${method} ${m.template} ${status} ${media}`;
		}
		if (!isJson) return null;
		let body;
		try {
			body = JSON.parse(text);
		} catch (e) {
			return `${where}: body is not JSON (${e.message}): ${String(text).slice(0, 200)}`;
		}
		const validate = this.validator(key, schema);
		if (validate(body)) return null;
		const errors = validate.errors
			.slice(0, 20)
			.map((e) => `  ${e.instancePath || '(root)'} ${e.message}${e.params && Object.keys(e.params).length ? ' ' + JSON.stringify(e.params) : ''}`)
			.join('\n');
		return `${where}: answer does not match the schema of ${key}:\n${errors}\nbody: ${String(text).slice(0, 600)}`;
	}
}

const contracts = new Map(); // document text without servers -> Contract
const byOrigin = new Map(); // origin -> Promise<Contract>

/** The Contract of the server at origin (fetched once per server, compiled once per document). */
export function contractOf(origin, fetchFn) {
	let p = byOrigin.get(origin);
	if (!p) {
		p = (async () => {
			const res = await fetchFn(`${origin}/api/v1/openapi.json`, { headers: { Accept: 'application/json' } });
			if (res.status !== 200) throw new Error(`openapi-check: ${origin}/api/v1/openapi.json answered ${res.status}`);
			const doc = await res.json();
			const k = JSON.stringify({ paths: doc.paths, components: doc.components });
			let c = contracts.get(k);
			if (!c) {
				c = new Contract(doc);
				contracts.set(k, c);
			}
			return c;
		})();
		byOrigin.set(origin, p);
		p.catch(() => byOrigin.delete(origin));
	}
	return p;
}
