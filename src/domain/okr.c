/* SPDX-License-Identifier: EUPL-1.2 */
/*
 * okr: progress, roll-up, time-aware status, scores, quality warnings and
 * alignment cycles of objectives and key results. Pure: plain structs in,
 * numbers out; the caller supplies "today". docs/okr.md states every
 * formula; tests/unit/test_okr.c checks them with hand-worked values.
 */
#include "okr.h"

#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "lib/util.h"

const char *const okr_kinds[] = {"stijgen", "dalen", "boven", "onder", "mijlpaal", "nulmeting", NULL};
const char *const okr_statuses[] = {"geen", "op_koers", "risico", "uit_koers", "verouderd", NULL};
const char *const okr_commitments[] = {"toegezegd", "ambitieus", NULL};
const char *const okr_links[] = {"bijdragend", "ondersteunend", NULL};
const char *const okr_levels[] = {"organisatie", "team", "initiatief", NULL};
const char *const okr_states[] = {"concept", "gepubliceerd", "afgesloten", NULL};
const char *const okr_sources[] = {"handmatig", "beoordeling", "api", "kpi", NULL};

int okr_enum(const char *const *list, const char *s)
{
	for (int i = 0; s && list[i]; i++)
		if (!strcmp(list[i], s))
			return i;
	return -1;
}

/* Howard Hinnant's days_from_civil: proleptic Gregorian, exact for any year. */
static int64_t days_from_civil(int64_t y, int64_t m, int64_t d)
{
	y -= m <= 2;
	int64_t era = (y >= 0 ? y : y - 399) / 400;
	int64_t yoe = y - era * 400;
	int64_t doy = (153 * (m + (m > 2 ? -3 : 9)) + 2) / 5 + d - 1;
	int64_t doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
	return era * 146097 + doe - 719468;
}

int64_t okr_day(const char *date)
{
	int y, m, d;
	char tail;
	static const int mdays[] = {31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31};
	if (!date || strlen(date) != 10 || date[4] != '-' || date[7] != '-' ||
	    sscanf(date, "%4d-%2d-%2d%c", &y, &m, &d, &tail) != 3)
		return INT64_MIN;
	if (y < 1900 || y > 9999 || m < 1 || m > 12 || d < 1)
		return INT64_MIN;
	int leap = (y % 4 == 0 && y % 100 != 0) || y % 400 == 0;
	if (d > mdays[m - 1] + (m == 2 && leap))
		return INT64_MIN;
	return days_from_civil(y, m, d);
}

void okr_date(int64_t z, char out[11])
{
	z += 719468;
	int64_t era = (z >= 0 ? z : z - 146096) / 146097;
	int64_t doe = z - era * 146097;
	int64_t yoe = (doe - doe / 1460 + doe / 36524 - doe / 146096) / 365;
	int64_t y = yoe + era * 400;
	int64_t doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
	int64_t mp = (5 * doy + 2) / 153;
	int64_t d = doy - (153 * mp + 2) / 5 + 1;
	int64_t m = mp + (mp < 10 ? 3 : -9);
	y += m <= 2;
	snprintf(out, 11, "%04d-%02d-%02d", (int)y, (int)m, (int)d);
}

int okr_threshold_met(const struct okr_kr *kr)
{
	if (!kr->has_value)
		return 0;
	if (kr->value == kr->target)
		return kr->equal_counts;
	return kr->kind == OKR_ABOVE ? kr->value > kr->target : kr->value < kr->target;
}

double okr_progress(const struct okr_kr *kr)
{
	switch (kr->kind) {
	case OKR_ABOVE:
	case OKR_BELOW: return okr_threshold_met(kr) ? 1.0 : 0.0;
	case OKR_MILESTONE:
		if (kr->sub_total > 0)
			return (double)kr->sub_done / kr->sub_total;
		return kr->has_value && kr->value >= 1 ? 1.0 : 0.0;
	case OKR_BASELINE:
		if (!kr->has_target)
			return NAN;
		/* with its target it is a linear key result */
		__attribute__((fallthrough));
	case OKR_INCREASE:
	case OKR_DECREASE:
		if (kr->target == kr->start)
			return kr->has_value && (kr->kind == OKR_DECREASE ? kr->value <= kr->target
									  : kr->value >= kr->target)
				   ? 1.0
				   : 0.0;
		if (!kr->has_value)
			return 0.0;
		return (kr->value - kr->start) / (kr->target - kr->start);
	}
	return NAN;
}

double okr_rollup(const struct okr_part *parts, size_t n)
{
	double sum = 0, w = 0;
	for (size_t i = 0; i < n; i++) {
		if (parts[i].link != OKR_CONTRIBUTES || isnan(parts[i].progress) || !(parts[i].weight > 0))
			continue;
		sum += parts[i].weight * (parts[i].progress < 0 ? 0 : parts[i].progress);
		w += parts[i].weight;
	}
	return w > 0 ? sum / w : NAN;
}

double okr_expected(int64_t start, int64_t end, int64_t today)
{
	if (end <= start)
		return today < start ? 0.0 : 1.0;
	double e = (double)(today - start) / (double)(end - start);
	return e < 0 ? 0 : e > 1 ? 1 : e;
}

enum okr_status okr_kr_status(const struct okr_kr *kr, int64_t start, int64_t end, int64_t today)
{
	if (today < start)
		return OKR_STATUS_NONE;
	if (today <= end) {
		int64_t since = kr->last_day >= 0 ? today - kr->last_day : today - start;
		if (since >= OKR_STALE_DAYS)
			return OKR_STATUS_STALE;
	}
	double p = okr_progress(kr);
	if (isnan(p))
		return OKR_STATUS_NONE;
	double e = kr->kind == OKR_ABOVE || kr->kind == OKR_BELOW ? 1.0 : okr_expected(start, end, today);
	double behind = (e - p) * 100.0;
	/* a hair of rounding must not tip 25.0 points into "more than 25" */
	behind = round(behind * 1e9) / 1e9;
	int c = kr->confidence;
	if (behind > OKR_OFF_TRACK_POINTS || (c >= 0 && c <= OKR_OFF_TRACK_CONFIDENCE))
		return OKR_STATUS_OFF_TRACK;
	if (behind > OKR_AT_RISK_POINTS || (c >= 0 && c <= OKR_AT_RISK_CONFIDENCE))
		return OKR_STATUS_AT_RISK;
	return OKR_STATUS_ON_TRACK;
}

enum okr_status okr_weakest(const enum okr_status *s, size_t n)
{
	enum okr_status w = OKR_STATUS_NONE;
	for (size_t i = 0; i < n; i++)
		if (s[i] > w)
			w = s[i];
	return w;
}

enum { MARK_NONE, MARK_BUSY, MARK_DONE };

static void tree_node(struct okr_node *nodes, size_t i, const struct okr_node_kr *krs, size_t nk,
		      const struct okr_node_link *links, size_t nl, int64_t today)
{
	struct okr_node *o = &nodes[i];
	if (o->mark != MARK_NONE)
		return;
	o->mark = MARK_BUSY;
	size_t cap = nk + nl + 1, np = 0, ns = 0, nc = 0;
	struct okr_part *parts = xcalloc(cap, sizeof *parts);
	enum okr_status *own = xcalloc(cap, sizeof *own), *kids = xcalloc(cap, sizeof *kids);
	for (size_t k = 0; k < nk; k++) {
		if (krs[k].node != i)
			continue;
		parts[np++] = (struct okr_part){okr_progress(krs[k].kr), krs[k].kr->weight, OKR_CONTRIBUTES};
		own[ns++] = okr_kr_status(krs[k].kr, o->start, o->end, today);
	}
	for (size_t l = 0; l < nl; l++) {
		if (links[l].parent != i || links[l].link != OKR_CONTRIBUTES)
			continue;
		struct okr_node *c = &nodes[links[l].child];
		tree_node(nodes, links[l].child, krs, nk, links, nl, today);
		if (c->mark != MARK_DONE) /* on the way up from itself: a cycle */
			continue;
		parts[np++] = (struct okr_part){c->progress, 1.0, OKR_CONTRIBUTES};
		kids[nc++] = c->status;
	}
	o->progress = okr_rollup(parts, np);
	o->status = ns ? okr_weakest(own, ns) : okr_weakest(kids, nc);
	free(parts);
	free(own);
	free(kids);
	o->mark = MARK_DONE;
}

void okr_tree(struct okr_node *nodes, size_t n, const struct okr_node_kr *krs, size_t nk,
	      const struct okr_node_link *links, size_t nl, int64_t today)
{
	for (size_t i = 0; i < n; i++)
		nodes[i].mark = MARK_NONE;
	for (size_t i = 0; i < n; i++)
		tree_node(nodes, i, krs, nk, links, nl, today);
}

double okr_score(const struct okr_kr *kr)
{
	double p = okr_progress(kr);
	if (isnan(p) || p < 0)
		return 0;
	return p > 1 ? 1 : p;
}

int okr_score_good(double score, enum okr_commitment c)
{
	return score + 1e-9 >= (c == OKR_ASPIRATIONAL ? 0.7 : 1.0);
}

void okr_quality(const struct okr_quality *q, json_t *warnings)
{
	if (!q->has_owner)
		json_array_append_new(warnings, json_string("okr.warn.no_owner"));
	if (q->n_krs == 0)
		json_array_append_new(warnings, json_string("okr.warn.no_krs"));
	if (q->n_krs > OKR_KR_WARN_MAX)
		json_array_append_new(warnings, json_string("okr.warn.too_many_krs"));
	if (q->n_without_number)
		json_array_append_new(warnings, json_string("okr.warn.no_number"));
	if (q->n_without_date)
		json_array_append_new(warnings, json_string("okr.warn.no_date"));
	if (q->n_krs > 0 && q->n_milestones == q->n_krs)
		json_array_append_new(warnings, json_string("okr.warn.only_milestones"));
}

/* Depth-first search upward from node for target; path[0..depth) holds the way. */
static int reach(const struct okr_edge *e, size_t n, int64_t node, int64_t target, int64_t *path, size_t max,
		 size_t depth, size_t *len)
{
	if (depth < max)
		path[depth] = node;
	if (node == target) {
		*len = depth + 1;
		return 1;
	}
	if (depth > n) /* longer than any simple path: the edges hold a cycle of their own */
		return 0;
	for (size_t i = 0; i < n; i++)
		if (e[i].child == node && reach(e, n, e[i].parent, target, path, max, depth + 1, len))
			return 1;
	return 0;
}

size_t okr_cycle(const struct okr_edge *edges, size_t n, int64_t child, int64_t parent, int64_t *path,
		 size_t max)
{
	size_t len = 0;
	if (max > 0)
		path[0] = child;
	/* child -> parent closes a cycle when child is reachable upward from parent */
	if (!reach(edges, n, parent, child, path + (max > 0), max > 0 ? max - 1 : 0, 0, &len))
		return 0;
	return len + 1;
}
