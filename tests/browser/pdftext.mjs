// SPDX-License-Identifier: EUPL-1.2
// Just enough PDF reading to test Chromium's print output without another
// tool: the number of pages, and the text, decoded through each font's
// ToUnicode map (Chromium draws text as glyph ids in <hex> strings).
import zlib from 'node:zlib';

function streams(s) {
	const out = [];
	const re = /(?<!end)stream\r?\n/g;
	let m;
	while ((m = re.exec(s))) {
		const start = m.index + m[0].length;
		const end = s.indexOf('endstream', start);
		if (end < 0) break;
		const raw = Buffer.from(s.slice(start, end).replace(/\r?\n$/, ''), 'latin1');
		try {
			out.push(zlib.inflateSync(raw).toString('latin1'));
		} catch {
			out.push(raw.toString('latin1'));
		}
		re.lastIndex = end;
	}
	return out;
}

const utf16 = (hex) => String.fromCharCode(...(hex.match(/.{4}/g) || []).map((h) => parseInt(h, 16)));

function cmap(text) {
	const map = new Map();
	for (const block of text.matchAll(/beginbfchar([\s\S]*?)endbfchar/g))
		for (const [, src, dst] of block[1].matchAll(/<([0-9A-Fa-f]+)>\s*<([0-9A-Fa-f]+)>/g)) map.set(parseInt(src, 16), utf16(dst));
	for (const block of text.matchAll(/beginbfrange([\s\S]*?)endbfrange/g))
		for (const [, lo, hi, dst] of block[1].matchAll(/<([0-9A-Fa-f]+)>\s*<([0-9A-Fa-f]+)>\s*<([0-9A-Fa-f]+)>/g)) {
			const base = parseInt(dst, 16);
			for (let c = parseInt(lo, 16); c <= parseInt(hi, 16); c++) map.set(c, String.fromCharCode(base + c - parseInt(lo, 16)));
		}
	return map;
}

/** {pages, texts}: texts holds the document's text as read through each font's map. */
export function readPdf(buf) {
	const s = buf.toString('latin1');
	const pages = (s.match(/\/Type\s*\/Page(?![s\w])/g) || []).length;
	const all = streams(s);
	const maps = all.filter((x) => /beginbf(char|range)/.test(x)).map(cmap);
	const content = all.filter((x) => /\bBT\b/.test(x) && /T[Jj]/.test(x));
	const hex = content.flatMap((c) => [...c.matchAll(/<([0-9A-Fa-f]+)>/g)].map((m) => m[1]));
	const texts = maps.map((mp) => hex.map((h) => (h.match(/.{4}/g) || []).map((g) => mp.get(parseInt(g, 16)) ?? '').join('')).join(''));
	return { pages, texts };
}

/** Whether the PDF's text holds phrase (spaces ignored: Chromium often positions words instead of drawing spaces). */
export function pdfHas(pdf, phrase) {
	const want = phrase.replace(/\s+/g, '');
	return pdf.texts.some((t) => t.replace(/\s+/g, '').includes(want));
}
