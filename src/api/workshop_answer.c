/* SPDX-License-Identifier: EUPL-1.2 */
/*
 * workshop_answer: reads what a participant sends from a phone for the
 * current part of a workshop (the form's answers.<id> fields, or the API's
 * JSON "answers" object): which questions it may answer, and each value
 * against its question. Pure (no store, no request), so the handler stores
 * what it returns and fuzz_workshop feeds it arbitrary bodies.
 */
#include "api/workshop.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "lib/problem.h"
#include "lib/utf8.h"
#include "lib/util.h"
#include "store/assessment_store.h"

#define UNKNOWN_VALUE "weet-niet"

/* 1 when q is one of the questions of part sec. */
static int in_part(const struct method *m, const struct method_section *sec, const struct method_question *q)
{
	return q && q - m->questions >= (ptrdiff_t)sec->first_question &&
	       q - m->questions < (ptrdiff_t)(sec->first_question + sec->n_questions);
}

/* Reads one answer of the phone form or the API into *a and, for a choice
 * question, *opts; a bad value adds a problem named "answers.<id>" to inv. */
static void read_one(const struct method_question *q, json_t *v, json_t *inv, struct assessment_answer_in *a,
		     json_t **opts)
{
	char name[160];
	snprintf(name, sizeof name, "answers.%s", q->id);
	memset(a, 0, sizeof *a);
	a->question = q->id;
	*opts = NULL;
	const char *s = json_string_value(v);
	if (s && !strcmp(s, UNKNOWN_VALUE) && q->kind != METHOD_TEXT && q->kind != METHOD_NUMBER) {
		a->unknown = 1;
		return;
	}
	if (s && !strcmp(s, "nvt") && q->not_applicable) {
		a->not_applicable = 1;
		return;
	}
	switch (q->kind) {
	case METHOD_NUMBER: {
		/* a whole number within the question's range, or empty for none */
		long long n = 0;
		char *end = NULL;
		if (json_is_integer(v))
			n = json_integer_value(v);
		else if (s && *s)
			n = strtoll(s, &end, 10);
		else
			return;
		if ((!json_is_integer(v) && end && *end) || (q->has_min && n < q->min) ||
		    (q->has_max && n > q->max) || n < -1000000000000LL || n > 1000000000000LL) {
			problem_add(inv, name, "err.level");
			return;
		}
		a->has_level = 1;
		a->level = n;
		return;
	}
	case METHOD_SCALE: {
		long long lv = 0;
		char *end = NULL;
		if (json_is_integer(v))
			lv = json_integer_value(v);
		else if (s && *s)
			lv = strtoll(s, &end, 10);
		if ((!json_is_integer(v) && (!s || !*s || (end && *end))) || lv < 0 || lv > 100 ||
		    !method_level_valid(q, (int)lv)) {
			problem_add(inv, name, "err.level");
			return;
		}
		a->has_level = 1;
		a->level = (int)lv;
		return;
	}
	case METHOD_TEXT:
		if (!s || utf8_length(s) > WORKSHOP_TEXT_MAX_LEN || !utf8_valid(s, strlen(s)))
			problem_add_params(inv, name, "err.max_length",
					   json_pack("{s:I}", "max", (json_int_t)WORKSHOP_TEXT_MAX_LEN));
		else
			a->text = s;
		return;
	default: {
		json_t *arr = json_array();
		size_t i;
		const char *k;
		json_t *e;
		if (s)
			json_array_append_new(arr, json_string(s));
		else if (json_is_array(v))
			json_array_foreach (v, i, e)
				json_array_append(arr, e);
		else if (json_is_object(v))
			json_object_foreach (v, k, e)
				json_array_append_new(arr, json_string(k));
		json_array_foreach (arr, i, e)
			if (!json_is_string(e) || !method_option_find(q, json_string_value(e))) {
				problem_add(inv, name, "err.option");
				json_decref(arr);
				return;
			}
		if (q->kind == METHOD_SINGLE && json_array_size(arr) > 1) {
			problem_add(inv, name, "err.option");
			json_decref(arr);
			return;
		}
		*opts = arr;
		return;
	}
	}
}

size_t workshop_answers_read(const struct method *m, const struct method_section *sec, json_t *answers,
			     json_t *inv, struct workshop_answer **out)
{
	*out = NULL;
	if (!json_is_object(answers))
		return 0;
	const char *key;
	json_t *v;
	json_object_foreach (answers, key, v)
		if (!in_part(m, sec, method_question_find(m, key))) {
			char name[200];
			snprintf(name, sizeof name, "answers.%s", key);
			problem_add(inv, name, "err.workshop.not_this_part");
		}
	struct workshop_answer *list = NULL;
	size_t n = 0;
	/* in the method's order; the first bad value ends the reading */
	for (size_t k = 0; k < sec->n_questions && !json_array_size(inv); k++) {
		const struct method_question *q = &m->questions[sec->first_question + k];
		json_t *given = json_object_get(answers, q->id);
		const char *gs = json_string_value(given);
		/* nothing chosen for this question: leave what is stored, except
		 * a multiple choice form, where no box ticked means none */
		if (!given || (gs && !*gs && q->kind != METHOD_TEXT))
			continue;
		struct assessment_answer_in a;
		json_t *opts;
		read_one(q, given, inv, &a, &opts);
		if (json_array_size(inv)) {
			json_decref(opts);
			break;
		}
		if (!list)
			list = xcalloc(sec->n_questions, sizeof *list);
		list[n].options = opts ? json_dumps(opts, JSON_COMPACT) : NULL;
		list[n].in = a;
		list[n].in.options = list[n].options;
		n++;
		json_decref(opts);
	}
	if (json_array_size(inv)) {
		workshop_answers_free(list, n);
		return 0;
	}
	*out = list;
	return n;
}

void workshop_answers_free(struct workshop_answer *a, size_t n)
{
	for (size_t i = 0; a && i < n; i++)
		free(a[i].options);
	free(a);
}
