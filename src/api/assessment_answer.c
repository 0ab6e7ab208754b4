/* SPDX-License-Identifier: EUPL-1.2 */
/*
 * assessment_answer: the answer sheet of one rater: a member of the
 * organisation (/rondes/{roundId}/antwoorden) or a stranger holding an
 * invitation link (/uitnodigingen/{token}, no account; the token is the
 * credential, looked up by its digest). Drafts can be saved any number of
 * times; submitting uses the link up. Every save is validated completely
 * before anything is written, so a rejected save loses nothing stored.
 */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "api/assessment.h"
#include "api/common.h"
#include "api/field.h"
#include "lib/buf.h"
#include "lib/i18n.h"
#include "lib/problem.h"
#include "lib/secret.h"
#include "lib/timeutil.h"
#include "lib/util.h"
#include "store/assessment_store.h"
#include "store/initiative_store.h"
#include "store/db.h"

#define TEXT_MAX 5000
#define EVIDENCE_MAX 2000
#define UNKNOWN_VALUE "weet-niet" /* the form's value for "weet niet" */
#define NA_VALUE "nvt"		  /* the form's value for "niet van toepassing" */

/*
 * Turns one page-form answer (all strings: level "3" or "weet-niet",
 * option, options.{id}="1", unknown="1") into the API shape, in place of
 * a new object. Values that do not parse stay as they are, so validation
 * names them.
 */
static json_t *from_form(json_t *a)
{
	if (!json_is_object(a))
		return json_incref(a);
	json_t *o = json_object();
	const char *key;
	json_t *v;
	json_object_foreach (a, key, v) {
		const char *s = json_is_string(v) ? json_string_value(v) : NULL;
		if (!strcmp(key, "level") && s) {
			/* "3" becomes 3 so the sheet shows it chosen again; anything
			 * else stays text, for the field reader to judge in full */
			char *end;
			errno = 0;
			long long n = strtoll(s, &end, 10);
			if (!strcmp(s, UNKNOWN_VALUE))
				json_object_set_new(o, "unknown", json_true());
			else if (!strcmp(s, NA_VALUE))
				json_object_set_new(o, "notApplicable", json_true());
			else if (*s && !*end && !errno)
				json_object_set_new(o, "level", json_integer(n));
			else if (*s)
				json_object_set(o, key, v);
		} else if (!strcmp(key, "value") && s) {
			/* a number question: digits (spaces and dots as thousands
			 * separators allowed), or empty for no answer */
			char digits[32];
			size_t nd = 0;
			int ok = *s != 0;
			for (const char *p = s; *p && ok; p++) {
				if (*p == ' ' || *p == '.')
					continue;
				if ((*p == '-' && nd == 0) || (*p >= '0' && *p <= '9'))
					ok = nd + 1 < sizeof digits ? (digits[nd++] = *p, 1) : 0;
				else
					ok = 0;
			}
			digits[nd] = 0;
			char *end;
			errno = 0;
			long long n = ok && nd ? strtoll(digits, &end, 10) : 0;
			if (ok && nd && !*end && !errno)
				json_object_set_new(o, "value", json_integer(n));
			else if (*s)
				json_object_set(o, key, v);
		} else if (!strcmp(key, "option") && s) {
			if (!strcmp(s, UNKNOWN_VALUE))
				json_object_set_new(o, "unknown", json_true());
			else if (!strcmp(s, NA_VALUE))
				json_object_set_new(o, "notApplicable", json_true());
			else if (*s)
				json_object_set(o, key, v);
		} else if (!strcmp(key, "options") && json_is_object(v)) {
			json_t *arr = json_array();
			const char *k2;
			json_t *v2;
			json_object_foreach (v, k2, v2)
				json_array_append_new(arr, json_string(k2));
			json_object_set_new(o, "options", arr);
		} else if (!strcmp(key, "unknown") && s) {
			if (*s)
				json_object_set_new(o, "unknown", json_true());
		} else if (!strcmp(key, "confidence") && s && !*s) {
			/* not chosen */
		} else {
			json_object_set(o, key, v);
		}
	}
	return o;
}

/* The body's answers in API shape (a new reference), or NULL. */
static json_t *body_answers(struct api_ctx *c)
{
	json_t *a = json_object_get(c->body, "answers");
	if (!a || !c->is_page || !json_is_object(a))
		return json_incref(a);
	json_t *o = json_object();
	const char *key;
	json_t *v;
	json_object_foreach (a, key, v)
		json_object_set_new(o, key, from_form(v));
	return o;
}

/*
 * Labels the problems from index `from` on (all of question q, named
 * answers.<question>[.<part>]) for people: "Vraag 3 — <prompt>", plus
 * " · <part>" when it is the evidence, its link or the confidence. The
 * page's error summary shows that label, so a rater reads which question
 * to fix; the API ignores it.
 */
static void label_problems(struct api_ctx *c, const struct method *m, const struct method_question *q,
			   size_t from)
{
	struct buf b = BUF_INIT;
	for (size_t i = from; i < json_array_size(c->invalid); i++) {
		json_t *p = json_array_get(c->invalid, i);
		const char *name = json_string_value(json_object_get(p, "name"));
		const char *part = name + strlen("answers.") + strlen(q->id);
		const char *part_key = !strcmp(part, ".evidence")      ? "assess.evidence"
				       : !strcmp(part, ".evidenceUrl") ? "assess.evidence_url"
				       : !strcmp(part, ".confidence")  ? "assess.confidence"
								       : NULL;
		buf_reset(&b);
		buf_printf(&b, "%s %zu — %s", i18n_t(c->lang, "assess.question"),
			   (size_t)(q - m->questions) + 1, assessment_text(&q->prompt, c->lang));
		if (part_key)
			buf_printf(&b, " · %s", i18n_t(c->lang, part_key));
		json_object_set_new(p, "label", json_string(buf_str(&b)));
	}
	buf_free(&b);
}

/* The members of one answer; which apply depends on the question's kind. */
enum {
	Q_LEVEL,
	Q_OPTION,
	Q_OPTIONS,
	Q_TEXT,
	Q_UNKNOWN,
	Q_NA,
	Q_VALUE,
	Q_EVIDENCE,
	Q_EVIDENCE_URL,
	Q_CONFIDENCE,
	Q_N
};
static const struct field answer_fields[Q_N] = {
    [Q_LEVEL] = {.name = "level", .type = FIELD_INTEGER, .flags = FIELD_NULLABLE, .reason = "err.level"},
    [Q_OPTION] = {.name = "option", .type = FIELD_STRING, .max_len = 64},
    [Q_OPTIONS] = {.name = "options", .type = FIELD_ANY},
    [Q_TEXT] = {.name = "text", .type = FIELD_STRING, .max_len = TEXT_MAX},
    [Q_UNKNOWN] = {.name = "unknown", .type = FIELD_BOOLEAN},
    [Q_NA] = {.name = "notApplicable", .type = FIELD_BOOLEAN},
    [Q_VALUE] = {.name = "value", .type = FIELD_INTEGER, .flags = FIELD_NULLABLE, FIELD_INT64},
    [Q_EVIDENCE] = {.name = "evidence", .type = FIELD_STRING, .max_len = EVIDENCE_MAX},
    [Q_EVIDENCE_URL] = {.name = "evidenceUrl", .type = FIELD_STRING, .max_len = EVIDENCE_MAX},
    /* the choices start after "" (not given), so the index is the enum less one */
    [Q_CONFIDENCE] = {.name = "confidence",
		      .type = FIELD_ENUM,
		      .values = assessment_confidences + 1,
		      .reason = "err.confidence"},
};

/* Validates one answer of question q; fills *row (strings borrowed from a). */
static void check_answer(struct api_ctx *c, const struct method *m, const struct method_question *q,
			 json_t *a, struct assessment_answer_in *row, json_t **opts_text)
{
	/* the rows of answer_fields that apply, by kind; Q_N ends a list */
	static const int scale_f[] = {Q_LEVEL,	      Q_UNKNOWN,    Q_NA, Q_EVIDENCE,
				      Q_EVIDENCE_URL, Q_CONFIDENCE, Q_N};
	static const int single_f[] = {Q_OPTION,       Q_UNKNOWN,    Q_NA, Q_EVIDENCE,
				       Q_EVIDENCE_URL, Q_CONFIDENCE, Q_N};
	static const int multi_f[] = {Q_OPTIONS, Q_UNKNOWN, Q_EVIDENCE, Q_EVIDENCE_URL, Q_CONFIDENCE, Q_N};
	static const int number_f[] = {Q_VALUE, Q_EVIDENCE, Q_EVIDENCE_URL, Q_CONFIDENCE, Q_N};
	static const int text_f[] = {Q_TEXT, Q_N};
	const int *rows = q->kind == METHOD_SCALE    ? scale_f
			  : q->kind == METHOD_SINGLE ? single_f
			  : q->kind == METHOD_MULTI  ? multi_f
			  : q->kind == METHOD_NUMBER ? number_f
						     : text_f;
	struct field spec[Q_N];
	struct field_value got[Q_N], v[Q_N];
	size_t n = 0;
	for (; rows[n] != Q_N; n++) {
		spec[n] = answer_fields[rows[n]];
		if (rows[n] == Q_LEVEL) {
			/* the question's own scale: judged on the full value given */
			spec[n].min = q->scale->min;
			spec[n].max = q->scale->max;
		}
		if (rows[n] == Q_VALUE) {
			/* the question's own range; at most a trillion either way */
			spec[n].min = q->has_min ? q->min : -1000000000000LL;
			spec[n].max = q->has_max ? q->max : 1000000000000LL;
		}
	}
	char name[200];
	size_t from = json_array_size(c->invalid);
	memset(row, 0, sizeof *row);
	row->question = q->id;
	if (json_is_null(a))
		return; /* clears the answer */
	snprintf(name, sizeof name, "answers.%s", q->id);
	if (!json_is_object(a)) {
		problem_add(c->invalid, name, "err.type_object");
		label_problems(c, m, q, from);
		return;
	}
	field_check(a, spec, n, c->is_page, name, got, c->invalid);
	memset(v, 0, sizeof v);
	for (size_t i = 0; i < n; i++)
		v[rows[i]] = got[i];
	row->unknown = v[Q_UNKNOWN].ok && v[Q_UNKNOWN].b;
	row->not_applicable = v[Q_NA].ok && v[Q_NA].b;
	snprintf(name, sizeof name, "answers.%s.%s", q->id,
		 q->kind == METHOD_SCALE    ? "level"
		 : q->kind == METHOD_SINGLE ? "option"
		 : q->kind == METHOD_NUMBER ? "value"
					    : "options");
	if (row->not_applicable && !q->not_applicable) {
		char na[200];
		snprintf(na, sizeof na, "answers.%s.notApplicable", q->id);
		problem_add(c->invalid, na, "err.not_applicable");
		row->not_applicable = 0;
	} else if (row->not_applicable && row->unknown) {
		problem_add(c->invalid, name, "err.unknown_and_na");
	}
	int chose_na = row->not_applicable;
	if (q->kind == METHOD_NUMBER && v[Q_VALUE].set && v[Q_VALUE].ok) {
		row->has_level = 1;
		row->level = v[Q_VALUE].i;
	} else if (q->kind == METHOD_SCALE && v[Q_LEVEL].set && v[Q_LEVEL].ok) {
		if (chose_na) {
			problem_add(c->invalid, name, "err.level_and_na");
		} else if (row->unknown) {
			problem_add(c->invalid, name, "err.level_and_unknown");
		} else {
			row->has_level = 1;
			row->level = (int)v[Q_LEVEL].i; /* within the scale, so within int */
		}
	} else if (q->kind == METHOD_SINGLE && v[Q_OPTION].set && v[Q_OPTION].ok) {
		if (!method_option_find(q, v[Q_OPTION].s))
			problem_add(c->invalid, name, "err.option");
		else if (chose_na)
			problem_add(c->invalid, name, "err.level_and_na");
		else if (row->unknown)
			problem_add(c->invalid, name, "err.level_and_unknown");
		else
			*opts_text = json_pack("[s]", v[Q_OPTION].s);
	} else if (q->kind == METHOD_MULTI && v[Q_OPTIONS].set) {
		const json_t *ov = v[Q_OPTIONS].j;
		size_t i;
		const json_t *e;
		int bad = !json_is_array(ov);
		json_array_foreach ((json_t *)ov, i, e)
			bad |= !json_is_string(e) || !method_option_find(q, json_string_value(e));
		if (bad)
			problem_add(c->invalid, name, "err.option");
		else if (row->unknown && json_array_size(ov))
			problem_add(c->invalid, name, "err.level_and_unknown");
		else if (json_array_size(ov))
			*opts_text = json_deep_copy(ov);
	}
	row->text = v[Q_TEXT].s;
	row->evidence = v[Q_EVIDENCE].s;
	row->confidence =
	    v[Q_CONFIDENCE].ok ? (enum score_confidence)(v[Q_CONFIDENCE].i + 1) : SCORE_CONFIDENCE_NONE;
	const char *url = v[Q_EVIDENCE_URL].s;
	if (url && *url && strncmp(url, "https://", 8) && strncmp(url, "http://", 7)) {
		snprintf(name, sizeof name, "answers.%s.evidenceUrl", q->id);
		problem_add(c->invalid, name, "err.url");
	} else {
		row->evidence_url = url;
	}
	label_problems(c, m, q, from);
}

/* --- the sheet ------------------------------------------------------------------------------ */

char *assessment_ambition(int64_t initiative_id, const struct method *m, const json_t *answers,
			  const char *lang)
{
	int en = lang && !strcmp(lang, "en");
	struct buf b = BUF_INIT;
	struct initiative in;
	if (initiative_store_read(initiative_id, &in) == 0) {
		if (in.target_reach >= 0) {
			/* "2.500 inwoners met ... in Voorbeeldstad, uiterlijk in 2027" */
			char digits[32], grouped[48];
			snprintf(digits, sizeof digits, "%lld", (long long)in.target_reach);
			size_t nd = strlen(digits), k = 0;
			for (size_t i = 0; i < nd; i++) {
				if (i && (nd - i) % 3 == 0)
					grouped[k++] = en ? ',' : '.';
				grouped[k++] = digits[i];
			}
			grouped[k] = 0;
			buf_puts(&b, grouped);
			const char *who =
			    in.target_group && *in.target_group ? in.target_group : in.scalable_unit;
			if (who && *who) {
				/* a noun phrase after a number: lower-case its first letter
				 * unless it is an abbreviation ("GGD") */
				char first = who[0];
				int lower = first >= 'A' && first <= 'Z' && who[1] >= 'a' && who[1] <= 'z';
				buf_printf(&b, " %c%s", lower ? first - 'A' + 'a' : first, who + 1);
			}
			if (in.target_area && *in.target_area)
				buf_printf(&b, " in %s", in.target_area);
			if (in.target_date && strlen(in.target_date) >= 4)
				buf_printf(&b, ", %s %.4s", en ? "by" : "uiterlijk in", in.target_date);
		}
		initiative_free(&in);
	}
	const struct method_question *qa = method_measure_question(m, METHOD_MEASURE_AMBITION);
	const struct method_question *qt = method_measure_question(m, METHOD_MEASURE_SCALE_TARGET);
	json_t *aa = qa && answers ? json_object_get(answers, qa->id) : NULL;
	json_t *at = qt && answers ? json_object_get(answers, qt->id) : NULL;
	const char *atext = json_string_value(json_object_get(aa, "text"));
	if (!b.len && atext && *atext)
		buf_puts(&b, atext);
	else if (!b.len && json_is_integer(json_object_get(at, "value")))
		buf_printf(&b, "%lld", (long long)json_integer_value(json_object_get(at, "value")));
	if (!b.len)
		buf_puts(&b, en ? "the intended reach" : "het beoogde bereik");
	return buf_steal(&b);
}

char *assessment_filled(const struct method_text *t, const char *lang, const char *ambition)
{
	struct buf b = BUF_INIT;
	method_fill_ambition(assessment_text(t, lang), ambition, &b);
	return buf_steal(&b);
}

/* Sets key of o to t in lang with the ambition filled in. */
static void set_filled(json_t *o, const char *key, const struct method_text *t, const char *lang,
		       const char *ambition)
{
	char *s = assessment_filled(t, lang, ambition);
	json_object_set_new(o, key, json_string(s));
	free(s);
}

/* The sheet: sections with questions in lang, each carrying its current
 * value (given, else stored); the page's checked and selected flags are
 * the view's (view/assessment_view.c). */
static json_t *sheet_json(const struct method *m, json_t *stored, json_t *given, const char *lang,
			  const char *ambition)
{
	json_t *sections = json_array();
	size_t number = 0;
	for (size_t si = 0; si < m->n_sections; si++) {
		const struct method_section *sec = &m->sections[si];
		json_t *qs = json_array();
		for (size_t k = 0; k < sec->n_questions; k++) {
			const struct method_question *q = &m->questions[sec->first_question + k];
			json_t *a = given ? json_object_get(given, q->id) : NULL;
			if (!a)
				a = json_object_get(stored, q->id);
			if (!json_is_object(a))
				a = NULL;
			json_t *lv = a ? json_object_get(a, "level") : NULL;
			int unknown = a && json_is_true(json_object_get(a, "unknown"));
			int na = a && json_is_true(json_object_get(a, "notApplicable"));
			json_t *chosen = a ? json_object_get(a, "options") : NULL;
			const char *single = a ? json_string_value(json_object_get(a, "option")) : NULL;
			json_t *o =
			    json_pack("{s:s,s:s,s:s,s:I,s:b}", "id", q->id, "kind", method_kind_name(q->kind),
				      "prompt", assessment_text(&q->prompt, lang), "number",
				      (json_int_t)++number, "unknown", unknown);
			set_filled(o, "prompt", &q->prompt, lang, ambition);
			if (q->help.nl)
				set_filled(o, "help", &q->help, lang, ambition);
			if (q->not_applicable) {
				json_object_set_new(o, "notApplicableAllowed", json_true());
				json_object_set_new(o, "notApplicable", json_boolean(na));
			}
			if (q->kind == METHOD_NUMBER) {
				json_object_set_new(o, "unit", json_string(method_unit_name(q->unit)));
				if (q->has_min)
					json_object_set_new(o, "min", json_integer(q->min));
				if (q->has_max)
					json_object_set_new(o, "max", json_integer(q->max));
				json_t *val = a ? json_object_get(a, "value") : NULL;
				if (json_is_integer(val))
					json_object_set(o, "value", val);
			}
			if (q->pitfall)
				json_object_set_new(
				    o, "explanation",
				    json_pack("{s:s,s:s}", "title", assessment_text(&q->pitfall->title, lang),
					      "description",
					      assessment_text(&q->pitfall->description, lang)));
			if (q->kind == METHOD_SCALE) {
				json_t *anchors = json_array();
				for (size_t x = 0; x < q->scale->n_anchors; x++) {
					int level = q->scale->anchors[x].level;
					json_array_append_new(
					    anchors,
					    json_pack("{s:i,s:s}", "level", level, "text",
						      assessment_text(&q->scale->anchors[x].text, lang)));
				}
				json_object_set_new(o, "anchors", anchors);
				if (json_is_integer(lv))
					json_object_set(o, "level", lv);
				const char *what =
				    q->ingredient  ? assessment_text(&q->ingredient->title, lang)
				    : q->component ? assessment_text(&q->component->title, lang)
						   : "";
				json_object_set_new(o, "feeds", json_string(what));
			} else if (q->kind == METHOD_SINGLE || q->kind == METHOD_MULTI) {
				json_t *opts = json_array();
				for (size_t x = 0; x < q->n_options; x++) {
					json_t *op = json_pack("{s:s,s:s}", "id", q->options[x].id, "text",
							       assessment_text(&q->options[x].text, lang));
					const struct method_route *r =
					    q->options_are_routes ? method_route_find(m, q->options[x].id)
								  : NULL;
					if (r) {
						json_object_set_new(
						    op, "description",
						    json_string(assessment_text(&r->description, lang)));
						json_object_set_new(
						    op, "routeKind",
						    json_string(method_route_kind_name(r->kind)));
					}
					json_array_append_new(opts, op);
				}
				json_object_set_new(o, "options", opts);
				/* the current choice, as the answer has it */
				if (single)
					json_object_set_new(o, "option", json_string(single));
				if (json_is_array(chosen))
					json_object_set(o, "chosen", chosen);
			}
			static const char *const keys[] = {"text", "evidence", "evidenceUrl", "confidence"};
			for (size_t x = 0; x < 4; x++) {
				json_t *tv = a ? json_object_get(a, keys[x]) : NULL;
				if (json_is_string(tv))
					json_object_set(o, keys[x], tv);
			}
			json_array_append_new(qs, o);
		}
		json_t *so = json_pack("{s:s,s:s,s:o}", "id", sec->id, "title",
				       assessment_text(&sec->title, lang), "questions", qs);
		if (sec->intro.nl)
			json_object_set_new(so, "intro", json_string(assessment_text(&sec->intro, lang)));
		json_array_append_new(sections, so);
	}
	return sections;
}

/* The rater's stored answers as {questionId: Answer}. */
static json_t *stored_answers(int64_t rater_id, const struct method *m)
{
	struct assessment_answer_list l;
	assessment_store_answers(rater_id, &l);
	json_t *o = json_object();
	for (size_t i = 0; i < l.n; i++)
		json_object_set_new(
		    o, l.items[i].question_id,
		    api_answer_json(&l.items[i], method_question_find(m, l.items[i].question_id)));
	assessment_answer_list_free(&l);
	return o;
}

/* What a rater needs to know before answering: the initiative, its
 * ambition, who asks, how long it takes, how far they are. */
static json_t *sheet_context(struct api_ctx *c, const struct assessment_round *round, const struct method *m,
			     json_t *stored)
{
	struct initiative in;
	int have = initiative_store_read(round->initiative_id, &in) == 0;
	size_t n_q = 0, answered = 0;
	for (size_t i = 0; i < m->n_questions; i++) {
		n_q++;
		answered += json_object_get(stored, m->questions[i].id) != NULL;
	}
	/* About half a minute per question, rounded up to five minutes. */
	json_int_t minutes = (json_int_t)((n_q + 1) / 2);
	minutes = (minutes + 4) / 5 * 5;
	json_t *o =
	    json_pack("{s:s,s:s,s:s,s:s,s:o,s:o,s:s,s:I,s:I,s:I,s:I}", "description",
		      have && in.description ? in.description : "", "targetGroup",
		      have && in.target_group ? in.target_group : "", "targetArea",
		      have && in.target_area ? in.target_area : "", "scalableUnit",
		      have && in.scalable_unit ? in.scalable_unit : "", "targetReach",
		      have && in.target_reach >= 0 ? json_integer(in.target_reach) : json_null(),
		      "targetDate", have && in.target_date ? json_string(in.target_date) : json_null(),
		      "invitedBy", have && in.owner_name ? in.owner_name : "", "questions", (json_int_t)n_q,
		      "answered", (json_int_t)answered, "minutes", minutes, "percent",
		      (json_int_t)(n_q ? answered * 100 / n_q : 0));
	if (have)
		initiative_free(&in);
	(void)c;
	return o;
}

/* The sheet document for rater, or an error. */
static int sheet(struct api_ctx *c, const struct rater *rater, const char *action, json_t **out)
{
	struct assessment_round round;
	const struct method *m;
	int rc = assessment_round_method(c, rater->round_id, &round, &m);
	if (rc < 0)
		return rc;
	json_t *stored = stored_answers(rater->id, m);
	/* Re-shown after a rejected save: what was typed wins over what is stored. */
	json_t *given = strcmp(c->method, "GET") ? body_answers(c) : NULL;
	int open = round.status == ASSESSMENT_ROUND_OPEN;
	int submitted = rater->state.status == RATER_SUBMITTED;
	json_t *o = json_object();
	json_object_set_new(
	    o, "round",
	    json_pack("{s:I,s:s,s:s,s:s,s:s,s:s,s:s,s:s}", "id", (json_int_t)round.id, "title", round.title,
		      "status", assessment_round_status_name(round.status), "periodStart", round.period_start,
		      "periodEnd", round.period_end, "initiativeName", round.initiative_name,
		      "organisationName", round.organisation_name, "methodId", m->id));
	json_object_set_new(o, "method",
			    json_pack("{s:s,s:s,s:s,s:o}", "id", m->id, "title",
				      assessment_text(&m->title, c->lang), "description",
				      assessment_text(&m->description, c->lang), "basedOn",
				      assessment_based_on_json(m, c->lang)));
	json_object_set_new(o, "rater",
			    json_pack("{s:I,s:s,s:s,s:s}", "id", (json_int_t)rater->id, "name", rater->name,
				      "roleLabel", rater->role_label, "status",
				      rater_status_name(rater_shown_status(&rater->state))));
	json_object_set_new(o, "canAnswer", json_boolean(open && !submitted));
	json_object_set_new(o, "context", sheet_context(c, &round, m, stored));
	char *ambition = assessment_ambition(round.initiative_id, m, stored, c->lang);
	json_object_set_new(o, "sections", sheet_json(m, stored, given, c->lang, ambition));
	json_object_set_new(o, "ambition", json_string(ambition));
	free(ambition);
	json_object_set_new(o, "answers", stored);
	json_object_set_new(o, "action", json_string(action));
	json_object_set_new(o, "saved", json_boolean(api_str(c->query, "opgeslagen") != NULL));
	json_decref(given);
	assessment_round_free(&round);
	*out = o;
	return 0;
}

/* Saves the body's answers for rater; submit marks the rater done. */
static int save(struct api_ctx *c, const struct rater *rater, const char *action, int is_link, json_t **out)
{
	int64_t rid = rater->id;
	struct assessment_round round;
	const struct method *m;
	int rc = assessment_round_method(c, rater->round_id, &round, &m);
	if (rc < 0)
		return rc;
	int open = round.status == ASSESSMENT_ROUND_OPEN;
	assessment_round_free(&round);
	if (!open) {
		c->detail = "err.round_closed";
		return -ERR_CONFLICT;
	}
	if (rater->state.status == RATER_SUBMITTED) {
		c->detail = is_link ? "err.link_used" : "err.already_submitted";
		return is_link ? -ERR_GONE : -ERR_CONFLICT;
	}
	/* AnswersInput; each answer is checked against its question below */
	static const struct field top[] = {
	    {.name = "answers", .type = FIELD_OBJECT, .flags = FIELD_OPEN},
	    {.name = "submit", .type = FIELD_BOOLEAN},
	};
	struct field_value tv[FIELD_COUNT(top)];
	api_fields(c, top, FIELD_COUNT(top), tv);
	int submit = tv[1].ok && tv[1].b;
	json_t *answers = tv[0].ok ? body_answers(c) : NULL;
	size_t n = json_is_object(answers) ? json_object_size(answers) : 0;
	struct assessment_answer_in *rows = xcalloc(n + 1, sizeof *rows);
	json_t **opts = xcalloc(n + 1, sizeof *opts);
	size_t k = 0;
	const char *key;
	json_t *v;
	if (n)
		json_object_foreach (answers, key, v) {
			const struct method_question *q = method_question_find(m, key);
			if (!q) {
				char name[200];
				snprintf(name, sizeof name, "answers.%s", key);
				problem_add(c->invalid, name, "err.unknown_question");
				continue;
			}
			check_answer(c, m, q, v, &rows[k], &opts[k]);
			k++;
		}
	rc = 0;
	if (json_array_size(c->invalid)) {
		rc = -ERR_INVALID;
	} else {
		for (size_t i = 0; i < k; i++) {
			char *ot = opts[i] ? json_dumps(opts[i], JSON_COMPACT) : NULL;
			rows[i].options = ot;
			assessment_store_answer_put(rid, &rows[i]);
			free(ot);
		}
		/* An entirely empty sheet is no rater's opinion: it must not count. */
		struct assessment_answer_list have;
		assessment_store_answers(rid, &have);
		size_t n_have = have.n;
		assessment_answer_list_free(&have);
		if (submit && n_have == 0) {
			c->detail = "err.nothing_answered";
			rc = -ERR_CONFLICT;
		} else {
			assessment_store_rater_set_status(rid, submit ? RATER_SUBMITTED : RATER_DRAFT);
			api_audit_id(c, submit ? "answers.submit" : "answers.save", "rater", rid, "ok");
		}
	}
	for (size_t i = 0; i < k; i++)
		json_decref(opts[i]);
	free(opts);
	free(rows);
	json_decref(answers);
	if (rc < 0)
		return rc;
	if (submit)
		snprintf(c->location, sizeof c->location, "/bedankt");
	else
		snprintf(c->location, sizeof c->location, "%s?opgeslagen=1", action);
	struct rater fresh;
	if (assessment_store_rater_get(rid, &fresh) < 0)
		return -ERR_NOTFOUND;
	rc = sheet(c, &fresh, action, out);
	rater_free(&fresh);
	return rc;
}

/* The caller's rater in the round. A member who was not invited answers
 * directly: a GET shows an empty sheet, the first save (create) adds the
 * member as a rater. A closed round keeps its raters as they were. */
static int member_rater(struct api_ctx *c, struct rater *rater, char *action, size_t n, int create)
{
	snprintf(action, n, "/rondes/%lld/antwoorden", (long long)c->obj_id);
	if (assessment_store_rater_by_user(c->obj_id, c->user_id, rater) == 0)
		return 0;
	struct assessment_round r;
	if (assessment_store_round_get(c->obj_id, &r) < 0)
		return -ERR_NOTFOUND;
	int open = r.status == ASSESSMENT_ROUND_OPEN;
	assessment_round_free(&r);
	if (!open || !c->user_id) {
		c->detail = "err.not_a_rater";
		return -ERR_FORBIDDEN;
	}
	if (!create) {
		memset(rater, 0, sizeof *rater);
		rater->round_id = c->obj_id;
		rater->user_id = c->user_id;
		rater->name = xstrdup(c->user_name ? c->user_name : "");
		rater->role_label = xstrdup("");
		rater->state.kind = RATER_MEMBER;
		rater->state.status = RATER_INVITED;
		return 0;
	}
	int64_t id =
	    assessment_store_rater_add(c->obj_id, c->user_id, c->user_name ? c->user_name : "", "", NULL, 0);
	if (id < 0)
		return (int)id;
	api_audit_id(c, "round.join", "rater", id, "ok");
	return assessment_store_rater_get(id, rater) < 0 ? -ERR_NOTFOUND : 0;
}

int api_answer_form_member(struct api_ctx *c, json_t **out)
{
	struct rater rater;
	char action[96];
	int rc = member_rater(c, &rater, action, sizeof action, 0);
	if (rc < 0)
		return rc;
	rc = sheet(c, &rater, action, out);
	rater_free(&rater);
	return rc;
}

int api_answer_save_member(struct api_ctx *c, json_t **out)
{
	struct rater rater;
	char action[96];
	int rc = member_rater(c, &rater, action, sizeof action, 1);
	if (rc < 0)
		return rc;
	rc = save(c, &rater, action, 0, out);
	rater_free(&rater);
	return rc;
}

/* The rater behind an invitation token: 404 unknown, 410 revoked, used or expired. */
static int link_rater(struct api_ctx *c, struct rater *rater, char *action, size_t n)
{
	const char *tok = c->param[0];
	memset(rater, 0, sizeof *rater);
	if (!tok || strlen(tok) != SECRET_TOKEN_LEN)
		return -ERR_NOTFOUND;
	unsigned char hash[SECRET_HASH_LEN];
	secret_digest(tok, hash);
	if (assessment_store_rater_by_hash(hash, rater) < 0) {
		c->detail = "err.link_unknown";
		return -ERR_NOTFOUND;
	}
	int rc = rater_link_check(&rater->state, time_now(), &c->detail);
	if (rc < 0) {
		rater_free(rater);
		return rc;
	}
	snprintf(action, n, "/uitnodigingen/%s", tok);
	return 0;
}

int api_answer_form_link(struct api_ctx *c, json_t **out)
{
	struct rater rater;
	char action[96];
	int rc = link_rater(c, &rater, action, sizeof action);
	if (rc < 0)
		return rc;
	rc = sheet(c, &rater, action, out);
	rater_free(&rater);
	return rc;
}

int api_answer_save_link(struct api_ctx *c, json_t **out)
{
	struct rater rater;
	char action[96];
	int rc = link_rater(c, &rater, action, sizeof action);
	if (rc < 0) {
		api_audit(c, "answers.save", "invitation", rc == -ERR_GONE ? "gone" : "notfound");
		return rc;
	}
	rc = save(c, &rater, action, 1, out);
	rater_free(&rater);
	return rc;
}
