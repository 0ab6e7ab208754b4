/* SPDX-License-Identifier: EUPL-1.2 */
/*
 * assessment_export: a round with its raters (never their tokens), every
 * submitted answer and the results, as JSON, or the answers as CSV (one
 * row per answer, quoted by domain/csv), so nothing is locked in.
 */
#include <string.h>

#include "api/assessment.h"
#include "api/common.h"
#include "domain/csv.h"
#include "lib/buf.h"
#include "lib/problem.h"
#include "lib/util.h"
#include "store/assessment_store.h"

json_t *api_answer_json(const struct assessment_answer *a, const struct method_question *q)
{
	json_t *o = json_pack("{s:b}", "unknown", a->unknown);
	if (a->not_applicable)
		json_object_set_new(o, "notApplicable", json_true());
	if (a->has_level)
		json_object_set_new(o, q && q->kind == METHOD_NUMBER ? "value" : "level",
				    json_integer(a->level));
	if (a->has_options) {
		json_t *opts = json_array();
		for (size_t i = 0; i < a->n_options; i++)
			json_array_append_new(opts, json_string(a->options[i]));
		json_object_set_new(o, "options", opts);
	}
	json_object_set_new(o, "text", json_string(a->text));
	json_object_set_new(o, "evidence", json_string(a->evidence));
	json_object_set_new(o, "evidenceUrl", json_string(a->evidence_url));
	json_object_set_new(o, "confidence", json_string(assessment_confidence_name(a->confidence)));
	return o;
}

/* An answer of the round as exported: the answer with its rater and question. */
static json_t *export_answer_json(const struct assessment_answer *a, const struct method *m)
{
	json_t *o = json_pack("{s:I,s:s,s:s,s:s}", "raterId", (json_int_t)a->rater_id, "raterName",
			      a->rater_name, "roleLabel", a->role_label, "questionId", a->question_id);
	json_object_update_new(o, api_answer_json(a, method_question_find(m, a->question_id)));
	return o;
}

static void csv_row(struct buf *b, int64_t round_id, const char *method_id, const struct assessment_answer *a)
{
	buf_printf(b, "%lld,", (long long)round_id);
	csv_field(b, method_id);
	buf_printf(b, ",%lld,", (long long)a->rater_id);
	csv_field(b, a->role_label);
	buf_putc(b, ',');
	csv_field(b, a->question_id);
	buf_printf(b, ",%d,", a->unknown);
	if (a->has_level)
		buf_printf(b, "%lld", (long long)a->level);
	buf_putc(b, ',');
	struct buf ob = BUF_INIT;
	for (size_t k = 0; k < a->n_options; k++)
		buf_printf(&ob, "%s%s", k ? ";" : "", a->options[k]);
	csv_field(b, buf_str(&ob));
	buf_free(&ob);
	const char *const cols[] = {a->text, a->evidence, a->evidence_url,
				    assessment_confidence_name(a->confidence)};
	for (size_t x = 0; x < 4; x++) {
		buf_putc(b, ',');
		csv_field(b, cols[x]);
	}
	buf_printf(b, ",%d\r\n", a->not_applicable);
}

int api_round_export(struct api_ctx *c, json_t **out)
{
	const char *fmt = api_str(c->query, "formaat");
	if (fmt && strcmp(fmt, "csv") && strcmp(fmt, "json")) {
		problem_add(c->invalid, "formaat", "err.export_format");
		return -ERR_INVALID;
	}
	struct assessment_round round;
	if (assessment_store_round_get(c->obj_id, &round) < 0)
		return -ERR_NOTFOUND;
	struct assessment_data d;
	assessment_data_load(c->obj_id, &d);
	const struct method *m = assessment_method(&round);
	api_audit_id(c, "round.export", "round", c->obj_id, fmt ? fmt : "json");
	if (fmt && !strcmp(fmt, "csv")) {
		struct buf b = BUF_INIT;
		buf_puts(
		    &b,
		    "round_id,method_id,rater_id,role_label,question_id,unknown,level,options,text,evidence,"
		    "evidence_url,confidence,not_applicable\r\n");
		for (size_t i = 0; i < d.answers.n; i++)
			csv_row(&b, c->obj_id, round.method_id, &d.answers.items[i]);
		*out = json_stringn(b.data ? b.data : "", b.len);
		buf_free(&b);
		c->raw_type = "text/csv; charset=utf-8";
		c->raw_filename = "ronde.csv";
	} else {
		/* JSON: the round, its raters (no tokens), every submitted answer and the results. */
		json_t *answers = json_array();
		for (size_t i = 0; i < d.answers.n; i++)
			json_array_append_new(answers, export_answer_json(&d.answers.items[i], m));
		json_t *o = json_pack("{s:o,s:o,s:o}", "round", api_round_json(&round), "raters",
				      api_rater_list_json(&d.raters), "answers", answers);
		if (m) {
			struct score s;
			assessment_score(m, &d, &s);
			json_object_set_new(o, "results", assessment_results_json(m, &s, c->lang));
			score_free(&s);
		}
		*out = o;
	}
	assessment_data_free(&d);
	assessment_round_free(&round);
	return 0;
}
