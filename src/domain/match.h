/* SPDX-License-Identifier: EUPL-1.2 */
/*
 * match: parties ranked against an initiative's needs, with scores that
 * explain themselves (docs/party.md). A need is a weak ingredient of the
 * latest closed round, with the helix types the method's rules name for
 * it. A party covers a need when it offers the ingredient or fixed it
 * before (an initiative it took part in whose same ingredient rose between
 * two rounds: its track record). score = 0.45 coverage + 0.35 track record
 * + 0.1 region fit + 0.1 sector fit, each in [0, 1]. The coalition is a
 * greedy set cover that prefers parties of a helix type not yet in it.
 * No I/O.
 */
#ifndef SL_MATCH_H
#define SL_MATCH_H

#include <stddef.h>
#include <stdint.h>

#define MATCH_NEEDS_MAX 32
#define MATCH_COALITION_MAX 4

struct match_need {
	const char *ingredient;
	const char *const *helix; /* helix types the rules name for it, NULL-terminated; may be NULL */
};

struct match_party {
	int64_t id;
	const char *helix;
	const char *const *offers; /* ingredient ids, NULL-terminated */
	const char *const *fixed;  /* ingredients that rose where it took part, NULL-terminated */
	int region_fit;		   /* 1: works in the initiative's region */
	int sector_fit;		   /* 1: works in the initiative's sector */
};

struct match_result {
	size_t party; /* index into the parties */
	double score, coverage, track;
	uint32_t covered; /* bit i: covers need i (offers it or fixed it) */
	uint32_t offered; /* bit i: offers need i */
	uint32_t fixed;	  /* bit i: fixed need i before */
	uint32_t helix;	  /* bit i: its helix type is one the rules name for need i */
};

/* Scores every party that covers at least one need, best first (ties: by
 * more needs fixed, then party order) into out (room for n_parties);
 * returns how many. At most MATCH_NEEDS_MAX needs count. */
size_t match_rank(const struct match_need *needs, size_t n_needs, const struct match_party *parties,
		  size_t n_parties, struct match_result *out);

/* A coalition from ranked results: indices into results (at most
 * MATCH_COALITION_MAX) into out; returns how many. Each step takes the
 * result that covers most needs not yet covered, +0.5 when its helix type
 * is new to the coalition, its score breaking ties; stops when no result
 * adds a need. */
size_t match_coalition(const struct match_result *results, size_t n, const struct match_party *parties,
		       size_t *out);

#endif
