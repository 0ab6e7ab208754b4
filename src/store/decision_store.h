/* SPDX-License-Identifier: EUPL-1.2 */
/*
 * decision_store: tables decision_criteria and decisions (decision_schema.c).
 * Strings in the structs are owned; free with the _free functions.
 */
#ifndef SL_STORE_DECISION_STORE_H
#define SL_STORE_DECISION_STORE_H

#include <stddef.h>
#include <stdint.h>

#include "domain/decision.h"

struct decision_criterion {
	int64_t id;
	int position;
	char *text;
	int has_met, met; /* judged when the decision was taken */
	char *note;
};

struct decision_criteria {
	struct decision_criterion *items;
	size_t n;
};

struct decision {
	int64_t round_id;
	enum decision_outcome outcome;
	char *rationale, *decider;
	int64_t decided_by; /* 0: none (or the member was removed) */
	char decided_on[11];
	int criteria_in_advance;
	char created_at[21], updated_at[21];
	/* filled by decision_store_latest only */
	char *round_title;
	int64_t criteria_met, criteria_total;
};

/* One judgement of a criterion when the decision is taken. */
struct decision_judgement {
	int64_t criterion_id;
	int met;
	const char *note;
};

struct decision_in {
	enum decision_outcome outcome;
	const char *rationale, *decider, *decided_on;
	int64_t decided_by;
	int criteria_in_advance;
	const struct decision_judgement *judgements;
	size_t n_judgements;
};

/* The round's criteria in order. */
void decision_store_criteria(int64_t round_id, struct decision_criteria *out);
/* Replaces the round's criteria with texts[0..n). */
void decision_store_criteria_set(int64_t round_id, char *const *texts, size_t n);
void decision_criteria_free(struct decision_criteria *l);

/* 0 and *out, or -ERR_NOTFOUND (then *out is zeroed). */
int decision_store_get(int64_t round_id, struct decision *out);
/* Takes (or replaces) the round's decision and writes the judgements. */
void decision_store_put(int64_t round_id, const struct decision_in *in);
/* The initiative's most recent decision (by date, then when written):
 * 0 and *out with round_title and the criteria counts, or -ERR_NOTFOUND. */
int decision_store_latest(int64_t initiative_id, struct decision *out);
void decision_free(struct decision *d);

#endif
