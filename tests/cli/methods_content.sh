#!/usr/bin/env bash
# SPDX-License-Identifier: EUPL-1.2
# Methods content: what the shipped methods promise their users, beyond what
# the validator checks one file at a time. Per method: every ingredient has a
# "weet niet" rule (unknown_at_least), every route names at least one pitfall
# that exists, a question's form fits its scale's kind and its prompt has the
# matching shape, statements have no "we"/"ons" an outside rater cannot judge,
# {ambitie} and {ambition} come in pairs, based_on is there. Across methods:
# each ingredient id has one title per language. The canvas carries every
# measure (ambition, scale target, unit and its costs) and rules with the
# outcomes right-size, adjust, substitute and stop; the questions the issue
# names as conditional offer "niet van toepassing". Finally `scalelab method
# check` passes on every file.
# Usage: methods_content.sh ./scalelab [methods-dir]
set -u
bin=$(realpath "${1:-./scalelab}")
dir=$(realpath "${2:-methods}")
pass=0
fail=0
ok() { pass=$((pass + 1)); echo "ok - $1"; }
no() { fail=$((fail + 1)); echo "not ok - $1"; }

# The JSON checks print one "ok - …" or "not ok - …" line each.
out=$(node - "$dir" <<'EOF'
const fs = require('fs');
const path = require('path');
const dir = process.argv[2];
const files = fs.readdirSync(dir).filter((f) => f.endsWith('.json')).sort();
const say = (good, msg) => console.log(`${good ? 'ok' : 'not ok'} - ${msg}`);
const FORM = { progress: 'how-far', agreement: 'statement', extent: 'to-what-extent', level: 'which-level', evidence: 'which-level' };
const titles = new Map(); // ingredient id -> Map(lang -> Set(title))
const methods = {};
for (const f of files) {
	const m = JSON.parse(fs.readFileSync(path.join(dir, f), 'utf8'));
	methods[m.id] = m;
	const rules = m.rules || [];
	const questions = m.sections.flatMap((s) => s.questions);
	const scales = Object.fromEntries((m.scales || []).map((s) => [s.id, s]));
	say(m.based_on && m.based_on.name && m.based_on.name.nl && m.based_on.note && m.based_on.note.en, `${m.id}: based_on names the source and how the method differs`);
	const noUnknown = (m.ingredients || []).filter((i) => !rules.some((r) => r.when.ingredient === i.id && r.when.unknown_at_least > 0));
	say(noUnknown.length === 0, `${m.id}: every ingredient has a "weet niet" rule${noUnknown.length ? ' (missing: ' + noUnknown.map((i) => i.id).join(', ') + ')' : ''}`);
	const pitfallIds = new Set((m.pitfalls || []).map((p) => p.id));
	const badRoutes = (m.routes || []).filter((r) => !(r.pitfalls || []).length || r.pitfalls.some((p) => !pitfallIds.has(p)));
	say(badRoutes.length === 0, `${m.id}: every route names at least one existing pitfall${badRoutes.length ? ' (not: ' + badRoutes.map((r) => r.id).join(', ') + ')' : ''}`);
	const misfit = [];
	const shape = [];
	const we = [];
	const pairs = [];
	const texts = [];
	for (const q of questions) {
		texts.push(q.prompt, q.help);
		if (q.kind !== 'scale')
			continue;
		const kind = scales[q.scale] && scales[q.scale].kind;
		if (FORM[kind] !== q.form)
			misfit.push(q.id);
		for (const lang of ['nl', 'en']) {
			const p = q.prompt[lang].trim();
			if ((q.form === 'statement') === p.endsWith('?'))
				shape.push(`${q.id}/${lang}`);
		}
		if (q.form === 'statement' && /\b(we|wij|ons|onze)\b/i.test(q.prompt.nl))
			we.push(q.id);
	}
	for (const r of rules)
		texts.push(...r.actions);
	for (const t of texts.filter(Boolean))
		if (t.nl.includes('{ambitie}') !== t.en.includes('{ambition}') || /\{(?!ambitie\}|ambition\})[^}]*\}/.test(t.nl + t.en))
			pairs.push(t.nl.slice(0, 40));
	say(misfit.length === 0, `${m.id}: every scale question's form fits its scale's kind${misfit.length ? ' (not: ' + misfit.join(', ') + ')' : ''}`);
	say(shape.length === 0, `${m.id}: statements do not end in "?" and the other forms do${shape.length ? ' (not: ' + shape.join(', ') + ')' : ''}`);
	say(we.length === 0, `${m.id}: no statement speaks as "we" for an outside rater${we.length ? ' (' + we.join(', ') + ')' : ''}`);
	say(pairs.length === 0, `${m.id}: {ambitie} and {ambition} come in pairs and no other placeholder is used${pairs.length ? ' (' + pairs.join(' | ') + ')' : ''}`);
	const measures = questions.filter((q) => q.measure).map((q) => q.measure);
	say(new Set(measures).size === measures.length, `${m.id}: each measure occurs at most once`);
	for (const i of m.ingredients || []) {
		if (!titles.has(i.id))
			titles.set(i.id, { nl: new Map(), en: new Map() });
		for (const lang of ['nl', 'en'])
			titles.get(i.id)[lang].set(i.title[lang], [...(titles.get(i.id)[lang].get(i.title[lang]) || []), m.id]);
	}
}
const clash = [];
for (const [id, t] of titles)
	for (const lang of ['nl', 'en'])
		if (t[lang].size > 1)
			clash.push(`${id}/${lang}: ${[...t[lang].entries()].map(([k, v]) => `"${k}" (${v.join(', ')})`).join(' vs ')}`);
say(clash.length === 0, `each ingredient id has one title per language across all methods${clash.length ? ' (' + clash.join('; ') + ')' : ''}`);

const c = methods['pilot-scaling-canvas'];
if (c) {
	const qs = c.sections.flatMap((s) => s.questions);
	const measures = new Set(qs.map((q) => q.measure).filter(Boolean));
	const want = ['ambition', 'scale-target', 'scalable-unit', 'unit-cost-pilot', 'unit-cost-scale', 'unit-cost-current', 'units-pilot', 'units-target'];
	const missing = want.filter((x) => !measures.has(x));
	say(missing.length === 0, `canvas: asks for the ambition, the scalable unit and its cost${missing.length ? ' (missing: ' + missing.join(', ') + ')' : ''}`);
	say(qs[0].measure === 'ambition' || qs[0].measure === 'scale-target', 'canvas: the ambition is the first question');
	const outcomes = new Set(c.rules.map((r) => r.outcome || 'improve'));
	const lacking = ['improve', 'right-size', 'adjust', 'substitute', 'postpone', 'stop'].filter((o) => !outcomes.has(o));
	say(lacking.length === 0, `canvas: rules advise every outcome${lacking.length ? ' (missing: ' + lacking.join(', ') + ')' : ''}`);
	say(['direction', 'mechanism'].every((k) => c.routes.some((r) => r.kind === k)), 'canvas: routes are split into directions and mechanisms');
	const repl = c.routes.find((r) => r.id === 'replicate');
	say(repl && repl.pitfalls.includes('blind-copy'), 'canvas: replicating elsewhere triggers "copying without the working elements"');
	say(c.scales.some((s) => s.kind === 'evidence' && s.max - s.min === 5), 'canvas: an evidence ladder with the six recognition steps');
	say(qs.some((q) => /databank/.test(q.prompt.nl)), 'canvas: asks whether the approach is in a national databank of interventions');
	say((c.decision_criteria || []).length >= 3, 'canvas: proposes decision criteria');
	const ctx = c.sections.find((s) => s.id === 'context');
	const pits = ctx ? ctx.questions.map((q) => q.pitfall) : [];
	say(['pilot-money', 'pioneers', 'exemptions', 'extra-attention', 'hand-picked', 'uniform-sites'].every((p) => pits.includes(p)), 'canvas: the pilot-versus-scale check covers money, pioneers, exemptions, attention, participants and sites');
}
const conditional = {
	'pilot-scaling-canvas': ['regulation-2', 'data-privacy-2', 'ownership-2', 'procurement-1', 'procurement-2', 'technical-1', 'technical-2'],
	'ten-ingredient-scan': ['funding-4', 'regulation-4'],
	'readiness-use-ladder': ['ict-data-readiness', 'ict-data-use', 'legal-readiness', 'legal-use', 'training-readiness', 'training-use'],
};
for (const [id, want] of Object.entries(conditional)) {
	if (!methods[id])
		continue;
	const qs = methods[id].sections.flatMap((s) => s.questions);
	const without = want.filter((w) => !qs.some((q) => q.id === w && q.not_applicable === true));
	say(without.length === 0, `${id}: conditional questions offer "niet van toepassing"${without.length ? ' (not: ' + without.join(', ') + ')' : ''}`);
}
const ladder = methods['readiness-use-ladder'];
if (ladder) {
	const core = ladder.sections.flatMap((s) => s.questions).filter((q) => q.component === 'core');
	say(core.length === 2 && core.every((q) => !q.not_applicable), 'ladder: the core component is always applicable');
	const use = ladder.scales.find((s) => s.id === 'use');
	say(use && /projectpartner/.test(use.anchors[2].text.nl) && /zonder band/.test(use.anchors[6].text.nl), 'ladder: use levels measure distance from the developers');
	const readiness = ladder.scales.find((s) => s.id === 'readiness');
	say(readiness && readiness.anchors.every((a) => !/gebruik/i.test(a.text.nl)), 'ladder: readiness levels do not count use');
	const every = ladder.rules.filter((r) => r.when.component && r.when.below > 3);
	say(every.length === 0, 'ladder: no component rule fires for every pilot (threshold above use 3)');
}
const mvp = methods['mvp-scale-obstacles'];
if (mvp) {
	const added = mvp.pitfalls.filter((p) => /aanvulling/i.test(p.title.nl));
	say(added.length === 2 && added.every((p) => /niet in het artikel/.test(p.description.nl)), 'mvp: the two pitfalls not from the article are labelled as additions');
	say(/Stooker/.test(mvp.based_on.name.nl), 'mvp: credits the article and its author');
}
EOF
)
while IFS= read -r line; do
	case "$line" in
	"ok - "*) ok "${line#ok - }" ;;
	*) no "${line#not ok - }" ;;
	esac
done <<<"$out"

for f in "$dir"/*.json; do
	if res=$("$bin" method check "$f" 2>&1); then
		ok "scalelab method check $(basename "$f")"
	else
		no "scalelab method check $(basename "$f"): $res"
	fi
done

echo "$pass passed, $fail failed"
[ "$fail" -eq 0 ]
