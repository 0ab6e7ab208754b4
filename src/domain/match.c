/* SPDX-License-Identifier: EUPL-1.2 */
/* match: explainable party ranking and a greedy coalition (see match.h). */
#include "domain/match.h"

#include <stdlib.h>
#include <string.h>

static int has(const char *const *list, const char *s)
{
	for (size_t i = 0; list && list[i]; i++)
		if (!strcmp(list[i], s))
			return 1;
	return 0;
}

static int bits(uint32_t x)
{
	int n = 0;
	for (; x; x &= x - 1)
		n++;
	return n;
}

static int by_score(const void *a, const void *b)
{
	const struct match_result *x = a, *y = b;
	if (x->score != y->score)
		return x->score > y->score ? -1 : 1;
	if (bits(x->fixed) != bits(y->fixed))
		return bits(x->fixed) > bits(y->fixed) ? -1 : 1;
	return x->party < y->party ? -1 : x->party > y->party;
}

size_t match_rank(const struct match_need *needs, size_t n_needs, const struct match_party *parties,
		  size_t n_parties, struct match_result *out)
{
	if (n_needs > MATCH_NEEDS_MAX)
		n_needs = MATCH_NEEDS_MAX;
	size_t k = 0;
	for (size_t p = 0; p < n_parties; p++) {
		struct match_result r = {.party = p};
		for (size_t i = 0; i < n_needs; i++) {
			uint32_t bit = 1u << i;
			if (has(parties[p].offers, needs[i].ingredient))
				r.offered |= bit;
			if (has(parties[p].fixed, needs[i].ingredient))
				r.fixed |= bit;
			if (parties[p].helix && has(needs[i].helix, parties[p].helix))
				r.helix |= bit;
		}
		r.covered = r.offered | r.fixed;
		if (!r.covered)
			continue;
		r.coverage = (double)bits(r.covered) / (double)n_needs;
		r.track = (double)bits(r.fixed) / (double)n_needs;
		r.score = 0.45 * r.coverage + 0.35 * r.track + 0.1 * (parties[p].region_fit ? 1 : 0) +
			  0.1 * (parties[p].sector_fit ? 1 : 0);
		out[k++] = r;
	}
	qsort(out, k, sizeof *out, by_score);
	return k;
}

size_t match_coalition(const struct match_result *results, size_t n, const struct match_party *parties,
		       size_t *out)
{
	uint32_t covered = 0;
	size_t k = 0;
	while (k < MATCH_COALITION_MAX) {
		double best = 0;
		size_t pick = n;
		for (size_t i = 0; i < n; i++) {
			int taken = 0, helix_new = 1;
			for (size_t j = 0; j < k; j++) {
				taken |= out[j] == i;
				const char *h = parties[results[out[j]].party].helix;
				const char *mine = parties[results[i].party].helix;
				if (h && mine && !strcmp(h, mine))
					helix_new = 0;
			}
			int adds = bits(results[i].covered & ~covered);
			if (taken || !adds)
				continue;
			double gain = adds + (helix_new ? 0.5 : 0) + results[i].score * 0.01;
			if (gain > best) {
				best = gain;
				pick = i;
			}
		}
		if (pick == n)
			break;
		out[k++] = pick;
		covered |= results[pick].covered;
	}
	return k;
}
