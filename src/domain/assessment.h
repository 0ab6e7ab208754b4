/* SPDX-License-Identifier: EUPL-1.2 */
/*
 * assessment: an assessment round of a method on an initiative and the
 * answers its raters give, as plain structs (the store fills them, the api
 * layer shapes them), with the one table of the round status words and of
 * the answer confidence words (stored and API text). Raters are in
 * domain/rater.h, actions in domain/action.h. No I/O.
 */
#ifndef SL_DOMAIN_ASSESSMENT_H
#define SL_DOMAIN_ASSESSMENT_H

#include <stddef.h>
#include <stdint.h>

#include "domain/score.h"

enum assessment_round_status {
	ASSESSMENT_ROUND_OPEN,	 /* open: raters may answer */
	ASSESSMENT_ROUND_CLOSED, /* gesloten */
};

/* "open", "gesloten": indexed by the enum, NULL-terminated. */
extern const char *const assessment_round_statuses[];
const char *assessment_round_status_name(enum assessment_round_status s);
/* 0 and *out set when s is one of the words, else -ERR_INVALID (NULL too). */
int assessment_round_status_parse(const char *s, enum assessment_round_status *out);

/* "", "laag", "middel", "hoog": indexed by enum score_confidence, NULL-
 * terminated; "" is "not given". The choices a rater has start at [1]. */
extern const char *const assessment_confidences[];
const char *assessment_confidence_name(enum score_confidence c);
/* 0 and *out set when s is one of the words ("" too), else -ERR_INVALID. */
int assessment_confidence_parse(const char *s, enum score_confidence *out);

/* The index of s in the NULL-terminated names, or -1 (s NULL too): the
 * one lookup behind every _parse of this module's words. */
int assessment_name_index(const char *const *names, const char *s);

/* A round. Strings are owned (free with assessment_round_free); which
 * members a read fills is said at the store function, the rest is 0/NULL. */
struct assessment_round {
	int64_t id;
	int64_t initiative_id;
	char *initiative_name;
	char *initiative_stage; /* the initiative's stage word (portfolio) */
	char *organisation;	/* the organisation's slug */
	char *organisation_name;
	char *method_id;
	int64_t method_version;
	char *title;
	char *period_start, *period_end; /* YYYY-MM-DD */
	enum assessment_round_status status;
	char *created_at;    /* RFC 3339 UTC */
	char *closed_at;     /* RFC 3339 UTC; NULL while open */
	int64_t n_raters;    /* raters whose link was not revoked (lists) */
	int64_t n_submitted; /* raters who submitted (lists) */
};

struct assessment_round_list {
	struct assessment_round *items;
	size_t n;
};

/* One stored answer of one rater to one question. Strings are owned. */
struct assessment_answer {
	int64_t rater_id;
	char *rater_name, *role_label; /* of the rater: filled by round-wide reads only */
	char *question_id;
	int unknown;	    /* "weet niet" */
	int not_applicable; /* "niet van toepassing" */
	int has_level;
	int64_t level;
	int has_options; /* a choice question's answer: options[0..n_options) */
	char **options;
	size_t n_options;
	char *text, *evidence, *evidence_url; /* "" when not given */
	enum score_confidence confidence;
};

struct assessment_answer_list {
	struct assessment_answer *items;
	size_t n;
};

/* Free the strings (and arrays) of one item, or every item and the array
 * of a list, and zero it; NULL-safe. The struct itself is the caller's. */
void assessment_round_free(struct assessment_round *r);
void assessment_round_list_free(struct assessment_round_list *l);
void assessment_answer_free(struct assessment_answer *a);
void assessment_answer_list_free(struct assessment_answer_list *l);

#endif
