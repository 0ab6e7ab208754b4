/* SPDX-License-Identifier: EUPL-1.2 */
/* assessment: round status and confidence words, and freeing the structs; no I/O. */
#include "assessment.h"

#include <stdlib.h>
#include <string.h>

#include "lib/util.h"

const char *const assessment_round_statuses[] = {"open", "gesloten", NULL};
const char *const assessment_confidences[] = {"", "laag", "middel", "hoog", NULL};

int assessment_name_index(const char *const *names, const char *s)
{
	for (int i = 0; s && names[i]; i++)
		if (!strcmp(s, names[i]))
			return i;
	return -1;
}

const char *assessment_round_status_name(enum assessment_round_status s)
{
	BUG_ON((unsigned)s > ASSESSMENT_ROUND_CLOSED);
	return assessment_round_statuses[s];
}

int assessment_round_status_parse(const char *s, enum assessment_round_status *out)
{
	int i = assessment_name_index(assessment_round_statuses, s);
	if (i < 0)
		return -ERR_INVALID;
	*out = (enum assessment_round_status)i;
	return 0;
}

const char *assessment_confidence_name(enum score_confidence c)
{
	BUG_ON((unsigned)c > SCORE_CONFIDENCE_HIGH);
	return assessment_confidences[c];
}

int assessment_confidence_parse(const char *s, enum score_confidence *out)
{
	int i = assessment_name_index(assessment_confidences, s);
	if (i < 0)
		return -ERR_INVALID;
	*out = (enum score_confidence)i;
	return 0;
}

void assessment_round_free(struct assessment_round *r)
{
	if (!r)
		return;
	free(r->initiative_name);
	free(r->initiative_stage);
	free(r->organisation);
	free(r->organisation_name);
	free(r->method_id);
	free(r->title);
	free(r->period_start);
	free(r->period_end);
	free(r->created_at);
	free(r->closed_at);
	memset(r, 0, sizeof *r);
}

void assessment_round_list_free(struct assessment_round_list *l)
{
	if (!l)
		return;
	for (size_t i = 0; i < l->n; i++)
		assessment_round_free(&l->items[i]);
	free(l->items);
	l->items = NULL;
	l->n = 0;
}

void assessment_answer_free(struct assessment_answer *a)
{
	if (!a)
		return;
	free(a->rater_name);
	free(a->role_label);
	free(a->question_id);
	for (size_t i = 0; i < a->n_options; i++)
		free(a->options[i]);
	free(a->options);
	free(a->text);
	free(a->evidence);
	free(a->evidence_url);
	memset(a, 0, sizeof *a);
}

void assessment_answer_list_free(struct assessment_answer_list *l)
{
	if (!l)
		return;
	for (size_t i = 0; i < l->n; i++)
		assessment_answer_free(&l->items[i]);
	free(l->items);
	l->items = NULL;
	l->n = 0;
}
