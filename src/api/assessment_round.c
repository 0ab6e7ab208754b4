/* SPDX-License-Identifier: EUPL-1.2 */
/*
 * assessment_round: rounds of a scaling method on an initiative: list,
 * new-round form, create, the round page (with its raters) and closing or
 * reopening; the Round and RoundSummary representations, and the helpers
 * the module's other pages share. Raters are assessment_rater.c, results
 * assessment_results.c, the export assessment_export.c.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "api/assessment.h"
#include "api/round_scores.h"
#include "api/common.h"
#include "api/module.h"
#include "api/field.h"
#include "api/method_registry.h"
#include "api/initiative.h"
#include "api/organisation.h"
#include "lib/problem.h"
#include "lib/timeutil.h"
#include "lib/i18n.h"
#include "lib/util.h"
#include "store/action_store.h"
#include "store/assessment_store.h"
#include "store/workshop_store.h"
#include "store/initiative_store.h"
#include "store/org.h"

void assessment_link(const struct api_ctx *c, const char *path, struct buf *out)
{
	const char *u = c->public_url ? c->public_url : "";
	size_t n = strlen(u);
	while (n && u[n - 1] == '/')
		n--;
	buf_add(out, u, n);
	buf_puts(out, path);
}

void assessment_today(char out[11])
{
	time_utc_date(out); /* the date only: answers that need it are kept all day (http/rcache.h) */
}

const struct method *assessment_method(const struct assessment_round *r)
{
	return method_registry_get(r->method_id);
}

int assessment_round_method(struct api_ctx *c, int64_t id, struct assessment_round *r,
			    const struct method **m)
{
	if (assessment_store_round_get(id, r) < 0)
		return -ERR_NOTFOUND;
	*m = assessment_method(r);
	if (!*m) {
		assessment_round_free(r);
		c->detail = "err.method_gone";
		return -ERR_GONE;
	}
	return 0;
}

const char *assessment_text(const struct method_text *t, const char *lang)
{
	const char *s = method_text_get(t, lang);
	return s ? s : "";
}

json_t *assessment_str_or_null(const char *s)
{
	return s ? json_string(s) : json_null();
}

json_t *assessment_id_or_null(int64_t id)
{
	return id ? json_integer(id) : json_null();
}

/* --- representations ------------------------------------------------------------------- */

json_t *api_round_json(const struct assessment_round *r)
{
	return json_pack("{s:I,s:I,s:s,s:s,s:s,s:s,s:I,s:s,s:s,s:s,s:s,s:s,s:o}", "id", (json_int_t)r->id,
			 "initiativeId", (json_int_t)r->initiative_id, "initiativeName", r->initiative_name,
			 "organisation", r->organisation, "organisationName", r->organisation_name,
			 "methodId", r->method_id, "methodVersion", (json_int_t)r->method_version, "title",
			 r->title, "periodStart", r->period_start, "periodEnd", r->period_end, "status",
			 assessment_round_status_name(r->status), "createdAt", r->created_at, "closedAt",
			 assessment_str_or_null(r->closed_at));
}

json_t *api_round_summary_json(const struct assessment_round *r)
{
	return json_pack("{s:I,s:s,s:s,s:s,s:s,s:s,s:I,s:I}", "id", (json_int_t)r->id, "methodId",
			 r->method_id, "title", r->title, "periodStart", r->period_start, "periodEnd",
			 r->period_end, "status", assessment_round_status_name(r->status), "raters",
			 (json_int_t)r->n_raters, "submitted", (json_int_t)r->n_submitted);
}

json_t *api_round_list_json(const struct assessment_round_list *l)
{
	json_t *a = json_array();
	for (size_t i = 0; i < l->n; i++)
		json_array_append_new(a, api_round_summary_json(&l->items[i]));
	return a;
}

static json_t *rounds_of(int64_t initiative_id)
{
	struct assessment_round_list l;
	assessment_store_round_list(initiative_id, &l);
	json_t *a = api_round_list_json(&l);
	assessment_round_list_free(&l);
	return a;
}

/* The methods to choose from, the recommended one first, each with a
 * one-line explanation (catalogue methodline.<id>, the description when
 * there is none). */
static json_t *methods_json(const char *lang, const char *recommended)
{
	json_t *a = json_array();
	for (int pass = 0; pass < 2; pass++)
		for (size_t i = 0; i < method_registry_count(); i++) {
			const struct method *m = method_registry_at(i);
			int rec = recommended && !strcmp(m->id, recommended);
			if (rec != (pass == 0))
				continue;
			char key[96];
			snprintf(key, sizeof key, "methodline.%s", m->id);
			const char *line = i18n_t(lang, key);
			if (!strcmp(line, key))
				line = assessment_text(&m->description, lang);
			json_array_append_new(a, json_pack("{s:s,s:s,s:s,s:s,s:I,s:b}", "id", m->id, "title",
							   assessment_text(&m->title, lang), "description",
							   assessment_text(&m->description, lang), "oneLine",
							   line, "questionCount", (json_int_t)m->n_questions,
							   "recommended", rec));
			json_object_set_new(json_array_get(a, json_array_size(a) - 1), "basedOn",
					    assessment_based_on_json(m, lang));
		}
	return a;
}

/* The method to suggest for an initiative at this stage: the scaling
 * canvas for ideas and pilots (public pilots are what it was made for),
 * the ten-ingredient scan once scaling has begun. */
static const char *recommend(const char *stage)
{
	if (stage && (!strcmp(stage, "opschalen") || !strcmp(stage, "geborgd")) &&
	    method_registry_get("ten-ingredient-scan"))
		return "ten-ingredient-scan";
	return method_registry_get("pilot-scaling-canvas") ? "pilot-scaling-canvas" : NULL;
}

/* YYYY-MM-DD as "december 2026" in lang, into out. */
static void month_year(const char *date, const char *lang, char *out, size_t n)
{
	char key[16];
	int m = (date[5] - '0') * 10 + (date[6] - '0');
	snprintf(key, sizeof key, "month.%d", m >= 1 && m <= 12 ? m : 1);
	snprintf(out, n, "%s %.4s", i18n_t(lang, key), date);
}

/* --- handlers ----------------------------------------------------------------------------- */

int api_round_list(struct api_ctx *c, json_t **out)
{
	json_t *in = api_initiative_doc(c->obj_id);
	if (!in)
		return -ERR_NOTFOUND;
	*out = json_pack("{s:o,s:o,s:b}", "initiative", in, "rounds", rounds_of(c->obj_id), "canEdit",
			 c->role >= ROLE_BEWERKER);
	return 0;
}

int api_round_new_form(struct api_ctx *c, json_t **out)
{
	json_t *in = api_initiative_doc(c->obj_id);
	if (!in)
		return -ERR_NOTFOUND;
	char today[11], end[11], ts[21];
	assessment_today(today);
	/* A round runs two weeks by default: time enough for raters to answer. */
	time_rfc3339(time_now() + 14 * 86400, ts);
	memcpy(end, ts, 10);
	end[10] = 0;
	const char *rec = recommend(json_string_value(json_object_get(in, "stage")));
	json_t *o = json_pack("{s:o,s:o,s:s,s:s}", "initiative", in, "methods", methods_json(c->lang, rec),
			      "periodStart", today, "periodEnd", end);
	if (rec)
		json_object_set_new(o, "methodId", json_string(rec));
	*out = o;
	return 0;
}

/* The stored round as Round, or NULL when absent. */
static json_t *round_doc(int64_t id)
{
	struct assessment_round r;
	if (assessment_store_round_get(id, &r) < 0)
		return NULL;
	json_t *o = api_round_json(&r);
	assessment_round_free(&r);
	return o;
}

enum { R_METHOD, R_TITLE, R_START, R_END };
static const struct field round_fields[] = {
    [R_METHOD] = {.name = "methodId", .type = FIELD_STRING, .flags = FIELD_REQUIRED, .max_len = 64},
    [R_TITLE] = {.name = "title", .type = FIELD_STRING, .max_len = 200},
    [R_START] = {.name = "periodStart", .type = FIELD_DATE, .flags = FIELD_REQUIRED},
    [R_END] = {.name = "periodEnd", .type = FIELD_DATE, .flags = FIELD_REQUIRED},
};

int api_round_create(struct api_ctx *c, json_t **out)
{
	struct field_value v[FIELD_COUNT(round_fields)];
	api_fields(c, round_fields, FIELD_COUNT(round_fields), v);
	const char *title = v[R_TITLE].s;
	const char *ps = v[R_START].s;
	const char *pe = v[R_END].s;
	const struct method *m = NULL;
	if (v[R_METHOD].ok && !(m = method_registry_get(v[R_METHOD].s)))
		problem_add(c->invalid, "methodId", "err.unknown_method");
	if (v[R_START].ok && v[R_END].ok && strcmp(pe, ps) < 0)
		problem_add(c->invalid, "periodEnd", "err.period_order");
	if (json_array_size(c->invalid))
		return -ERR_INVALID;
	struct assessment_round_in in = {c->obj_id, m->id, m->version, NULL, ps, pe, c->user_id};
	char deftitle[300], when[64];
	if (!title || !*title) {
		/* "Opschalingscanvas voor pilots, december 2026": the method and the month it starts. */
		month_year(ps, c->lang, when, sizeof when);
		snprintf(deftitle, sizeof deftitle, "%s, %s", assessment_text(&m->title, c->lang), when);
		title = deftitle;
	}
	in.title = title;
	int64_t id = assessment_store_round_create(&in);
	if (id < 0)
		return (int)id;
	api_audit_id(c, "round.create", "round", id, "ok");
	snprintf(c->location, sizeof c->location, "/rondes/%lld", (long long)id);
	c->status = 201;
	*out = round_doc(id);
	return 0;
}

json_t *assessment_round_page(struct api_ctx *c)
{
	struct assessment_round r;
	if (assessment_store_round_get(c->obj_id, &r) < 0)
		return NULL;
	const struct method *m = assessment_method(&r);
	json_t *o = api_round_json(&r);
	json_object_set_new(o, "methodTitle", json_string(m ? assessment_text(&m->title, c->lang) : ""));
	struct rater_list raters;
	assessment_store_rater_list(c->obj_id, &raters);
	json_object_set_new(o, "raters", api_rater_list_json(&raters));
	rater_list_free(&raters);
	json_object_set_new(o, "canEdit", json_boolean(c->role >= ROLE_BEWERKER));
	json_object_set_new(o, "isOpen", json_boolean(r.status == ASSESSMENT_ROUND_OPEN));
	struct rater me;
	if (c->user_id && assessment_store_rater_by_user(c->obj_id, c->user_id, &me) == 0) {
		json_object_set_new(o, "myRater", api_rater_json(&me));
		rater_free(&me);
	} else {
		json_object_set_new(o, "myRater", json_null());
	}
	/* The invite form's member select: real data from the store, so it is
	 * read here; which buttons a row gets is the view's (assessment_view.c). */
	if (c->is_page) {
		json_object_set_new(o, "members", api_members(c->org_id));
		int64_t wid = workshop_store_by_round(c->obj_id);
		json_object_set_new(o, "workshopId", wid > 0 ? json_integer(wid) : json_null());
	}
	/* After an invitation (post/redirect/get): the new link rater, with the
	 * base of its link; the token itself is in the URL fragment only. */
	int64_t nid;
	const char *nv = api_str(c->query, "uitgenodigd");
	struct rater nr;
	if (c->is_page && nv && api_parse_id(nv, &nid) == 0 && assessment_store_rater_get(nid, &nr) == 0) {
		if (nr.round_id == c->obj_id && nr.state.kind == RATER_LINK) {
			char ts[21];
			struct buf base = BUF_INIT;
			assessment_link(c, "/uitnodigingen/", &base);
			time_rfc3339(nr.state.expires_s, ts);
			json_object_set_new(o, "invited",
					    json_pack("{s:s,s:s,s:s,s:s}", "name", nr.name, "roleLabel",
						      nr.role_label, "expiresAt", ts, "linkBase",
						      buf_str(&base)));
			buf_free(&base);
		}
		rater_free(&nr);
	}
	assessment_round_free(&r);
	return o;
}

int api_round_get(struct api_ctx *c, json_t **out)
{
	json_t *o = assessment_round_page(c);
	if (!o)
		return -ERR_NOTFOUND;
	*out = o;
	return 0;
}

int api_round_status(struct api_ctx *c, json_t **out)
{
	static const struct field f[] = {
	    {.name = "status",
	     .type = FIELD_ENUM,
	     .flags = FIELD_REQUIRED,
	     .values = assessment_round_statuses,
	     .reason = "err.round_status"},
	};
	enum assessment_round_status st = ASSESSMENT_ROUND_CLOSED; /* the page's button closes */
	if (!c->is_page) {
		struct field_value v[1];
		if (api_fields(c, f, 1, v) < 0)
			return -ERR_INVALID;
		st = (enum assessment_round_status)v[0].i;
	}
	int rc = assessment_store_round_set_status(c->obj_id, st);
	if (rc < 0)
		return rc;
	if (st == ASSESSMENT_ROUND_CLOSED) /* its answers freeze: the portfolio reads them stored */
		round_scores_refresh(c->obj_id);
	api_audit_id(c, st == ASSESSMENT_ROUND_OPEN ? "round.reopen" : "round.close", "round", c->obj_id,
		     "ok");
	snprintf(c->location, sizeof c->location, "/rondes/%lld/resultaten", (long long)c->obj_id);
	*out = round_doc(c->obj_id);
	return 0;
}

void assessment_initiative_extras(int64_t initiative_id, json_t *o)
{
	char today[11];
	assessment_today(today);
	json_object_set_new(o, "rounds", rounds_of(initiative_id));
	/* Overdue (the domain's rule, action_overdue) is selected in SQL: an
	 * initiative with thousands of actions is not read whole. The page
	 * shows the count and the ten most overdue, and links to the paged
	 * action list filtered on overdue for the rest. */
	struct action_list due;
	int64_t n_open, n_overdue;
	action_store_open_counts(initiative_id, today, 10, &n_open, &n_overdue, &due);
	json_object_set_new(o, "overdueCount", json_integer(n_overdue));
	json_t *overdue = json_array();
	for (size_t i = 0; i < due.n; i++)
		json_array_append_new(overdue, api_action_json(&due.items[i], today));
	action_list_free(&due);
	json_object_set_new(o, "overdueActions", overdue);
}
