#!/usr/bin/env node
// SPDX-License-Identifier: EUPL-1.2
// css-trim: writes the npm stylesheets listed in tools/npm-assets.txt to
// OUTDIR, keeping only the rules whose selectors can match the markup we
// send (PurgeCSS over every template and the chart script) and the custom
// properties those rules and our own CSS use, then minified (esbuild).
// Usage: node tools/css-trim.mjs OUTDIR
// A class that only script adds at run time must go in SAFELIST.
import { mkdirSync, readdirSync, readFileSync, writeFileSync, renameSync } from 'node:fs';
import { dirname, join, relative, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { PurgeCSS } from 'purgecss';
import { transform } from 'esbuild';

const root = resolve(dirname(fileURLToPath(import.meta.url)), '..');
const out = process.argv[2];
if (!out) {
	console.error('usage: css-trim.mjs OUTDIR');
	process.exit(2);
}

// Kept whatever the markup says:
// - /^:/: a selector of pseudo-classes alone, like the focus ring's
//   `:where(.utrecht-root) :where(:focus-visible)`, can match any element;
//   PurgeCSS would drop the inner one for want of a class or tag.
// - classes that only script adds at run time: none today (charts.js draws
//   SVG without utrecht classes); list them here when that changes.
const SAFELIST = { standard: [/^:/], variables: [] };

// Every template wherever a module keeps it, and the page scripts.
const SKIP = new Set(['node_modules', 'build', 'tests', 'bench', 'fuzz', '.git']);
function walk(dir, acc) {
	for (const e of readdirSync(dir, { withFileTypes: true })) {
		if (SKIP.has(e.name)) continue;
		const p = join(dir, e.name);
		if (e.isDirectory()) walk(p, acc);
		else if (/\.html$/.test(e.name) || (/\.m?js$/.test(e.name) && /(^|\/)web\//.test(relative(root, p)))) acc.push(p);
	}
	return acc;
}
const content = walk(root, []);

// "name npm-path" lines; our own stylesheets are read too, so that the
// custom properties they use survive, but they are served untouched.
const vendor = readFileSync(join(root, 'tools/npm-assets.txt'), 'utf8')
	.split('\n')
	.map((l) => l.trim())
	.filter((l) => l && !l.startsWith('#'))
	.map((l) => {
		const [name, path] = l.split(/\s+/);
		return { name, path: join(root, path) };
	});
const own = readdirSync(join(root, 'web/static'))
	.filter((f) => f.endsWith('.css'))
	.map((f) => join(root, 'web/static', f));

// PurgeCSS finds custom properties by `var(--name` and `--name,` or
// `--name)` exactly, so "var( --name )" (blanks that mean nothing there)
// are taken out first, or the property it names would go. It drops unused
// ones after each sheet it reads: the sheets that only use them come
// before the ones that declare them.
const tight = (css) => css.replace(/var\(\s+/g, 'var(').replace(/(var\(--[\w-]+)\s+(?=[,)])/g, '$1');
const minify = async (css, name) => {
	const r = await transform(css, { loader: 'css', minify: true, legalComments: 'inline' });
	for (const w of r.warnings) console.error(`css-trim: ${name}: ${w.text}`);
	return r.code;
};
const sheets = [];
for (const path of [...own, ...vendor.map((v) => v.path)])
	sheets.push({ name: path, raw: tight(await minify(readFileSync(path, 'utf8'), path)) });
const purge = (variables) =>
	new PurgeCSS().purge({ content, css: sheets, variables, keyframes: true, fontFace: true, safelist: SAFELIST });
const results = await purge(true);
// Every custom property that a kept rule or our own CSS reads, and that a
// kept rule declared before the unused properties went, must still be
// declared: else a style silently falls back (this caught "var( --name").
const names = (css, re) => [...css.matchAll(re)].map((m) => m[1]);
const DECL = /(--[\w-]+)\s*:/g;
const USE = /var\(\s*(--[\w-]+)/g;
const outputs = vendor.map((v) => {
	const r = results.find((x) => x.file === v.path);
	if (!r) throw new Error(`css-trim: no result for ${v.path}`);
	return { ...v, css: r.css };
});
const ownCss = own.map((p) => readFileSync(p, 'utf8')).join('\n');
const kept = outputs.map((o) => o.css).join('\n') + ownCss;
const hadDecl = new Set((await purge(false)).slice(own.length).flatMap((r) => names(r.css, DECL)));
const hasDecl = new Set(names(kept, DECL));
const lost = [...new Set(names(kept, USE))].filter((n) => hadDecl.has(n) && !hasDecl.has(n));
if (lost.length) throw new Error(`css-trim: custom properties used but trimmed away: ${lost.join(' ')}`);

for (const v of outputs) {
	const code = await minify(v.css, v.name);
	const dest = join(out, v.name);
	mkdirSync(dirname(dest), { recursive: true });
	writeFileSync(`${dest}.tmp`, code);
	renameSync(`${dest}.tmp`, dest);
	const before = readFileSync(v.path).length;
	console.error(`  CSS     ${v.name}: ${before} -> ${code.length} bytes`);
}
