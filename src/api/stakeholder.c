/* SPDX-License-Identifier: EUPL-1.2 */
/*
 * stakeholder: the stakeholders of an initiative (list with the warnings of
 * the map, create, read with history, replace, delete) and the module's
 * evidence hook. The warning "pays in the business case but gains nothing"
 * reads the businesscase module's evidence when that module is there.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "api/evidence.h"
#include "api/field.h"
#include "api/organisation.h"
#include "api/plan.h"
#include "api/stakeholder.h"
#include "domain/stakeholder.h"
#include "lib/i18n.h"
#include "lib/problem.h"
#include "lib/util.h"
#include "store/stakeholder_store.h"

static int64_t ival(const json_t *o, const char *k)
{
	return json_integer_value(json_object_get(o, k));
}

static const char *sval(const json_t *o, const char *k)
{
	return json_string_value(json_object_get(o, k));
}

/* A stored row as the API shows it. */
static json_t *stakeholder_json(json_t *r)
{
	int power = (int)ival(r, "power"), interest = (int)ival(r, "interest");
	int l = ival(r, "legitimate") != 0, u = ival(r, "urgent") != 0;
	enum stakeholder_salience s = stakeholder_salience(power, l, u);
	enum stakeholder_support cur = stakeholder_word(stakeholder_supports, sval(r, "support"));
	enum stakeholder_support want = stakeholder_word(stakeholder_supports, sval(r, "desiredSupport"));
	json_object_set_new(r, "legitimate", json_boolean(l));
	json_object_set_new(r, "urgent", json_boolean(u));
	json_object_set_new(r, "salience", json_string(stakeholder_word_name(stakeholder_saliences, (int)s)));
	json_object_set_new(r, "quadrant", json_string(stakeholder_quadrant(power, interest)));
	json_object_set_new(r, "gap", json_integer(stakeholder_gap(cur, want)));
	return r;
}

static struct stakeholder_row *rows_of(const json_t *list, size_t *n)
{
	*n = json_array_size(list);
	struct stakeholder_row *r = xcalloc(*n + 1, sizeof *r);
	size_t i;
	json_t *s;
	json_array_foreach (list, i, s)
		r[i] = (struct stakeholder_row){
		    ival(s, "id"),
		    sval(s, "name"),
		    (int)ival(s, "power"),
		    (int)ival(s, "interest"),
		    stakeholder_word(stakeholder_supports, sval(s, "support")),
		    stakeholder_word(stakeholder_supports, sval(s, "desiredSupport"))};
	return r;
}

/* Guards against a business-case hook that asks for ours while we ask for its. */
static _Thread_local int asking;

/* The business case evidence: from into when already gathered, otherwise
 * asked of its module (NULL when there is none). */
static json_t *business_case(int64_t ini, const json_t *into)
{
	json_t *bc = into ? json_object_get(into, "businesscase") : NULL;
	if (bc)
		return json_incref(bc);
	if (asking)
		return NULL;
	asking = 1;
	bc = evidence_of("businesscase", ini);
	asking = 0;
	return bc;
}

static json_t *warnings_of(const json_t *list, const json_t *bc)
{
	size_t n;
	struct stakeholder_row *r = rows_of(list, &n);
	json_t *w = json_array();
	stakeholder_warnings(r, n, bc, w);
	free(r);
	return w;
}

int stakeholder_evidence(int64_t initiative_id, json_t *into)
{
	json_t *list = stakeholder_store_list(initiative_id);
	if (!json_array_size(list)) {
		json_decref(list);
		return 0;
	}
	json_t *out = json_array();
	size_t i;
	json_t *s;
	json_array_foreach (list, i, s) {
		stakeholder_json(s);
		json_array_append_new(
		    out,
		    json_pack("{s:O,s:O,s:O,s:O,s:O,s:O,s:O,s:O,s:O}", "id", json_object_get(s, "id"), "name",
			      json_object_get(s, "name"), "partyType", json_object_get(s, "partyType"),
			      "power", json_object_get(s, "power"), "interest",
			      json_object_get(s, "interest"), "support", json_object_get(s, "support"),
			      "desiredSupport", json_object_get(s, "desiredSupport"), "salience",
			      json_object_get(s, "salience"), "gap", json_object_get(s, "gap")));
	}
	json_t *bc = business_case(initiative_id, into);
	json_t *w = warnings_of(list, bc);
	json_decref(bc);
	json_decref(list);
	json_object_set_new(into, "stakeholder", json_pack("{s:o,s:o}", "stakeholders", out, "warnings", w));
	return 0;
}

int api_stakeholder_list(struct api_ctx *c, json_t **out)
{
	json_t *head = plan_initiative_head(c->obj_id);
	if (!head)
		return -ERR_NOTFOUND;
	json_t *list = stakeholder_store_list(c->obj_id);
	size_t i;
	json_t *s;
	json_array_foreach (list, i, s)
		stakeholder_json(s);
	json_t *bc = business_case(c->obj_id, NULL);
	json_t *o = json_object();
	json_object_set_new(o, "initiative", head);
	json_object_set_new(o, "warnings", warnings_of(list, bc));
	json_object_set_new(o, "stakeholders", list);
	json_object_set_new(o, "businessCase", json_boolean(bc != NULL));
	json_object_set_new(o, "canEdit", json_boolean(c->role >= ROLE_BEWERKER));
	json_decref(bc);
	plan_org_members(o, c->org_id);
	*out = o;
	return 0;
}

enum { F_NAME, F_PARTY, F_POWER, F_INTEREST, F_LEGIT, F_URGENT, F_SUPPORT, F_DESIRED, F_ROLE, F_NOTE };
static const struct field fields[] = {
    [F_NAME] = {.name = "name",
		.type = FIELD_STRING,
		.flags = FIELD_REQUIRED,
		.max_len = STAKEHOLDER_NAME_MAX},
    [F_PARTY] = {.name = "partyType",
		 .type = FIELD_ENUM,
		 .flags = FIELD_REQUIRED,
		 .values = stakeholder_parties,
		 .reason = "err.stakeholder.party"},
    [F_POWER] = {.name = "power", .type = FIELD_INTEGER, .flags = FIELD_REQUIRED, .min = 1, .max = 5},
    [F_INTEREST] = {.name = "interest", .type = FIELD_INTEGER, .flags = FIELD_REQUIRED, .min = 1, .max = 5},
    [F_LEGIT] = {.name = "legitimate", .type = FIELD_BOOLEAN, .def = "0"},
    [F_URGENT] = {.name = "urgent", .type = FIELD_BOOLEAN, .def = "0"},
    [F_SUPPORT] = {.name = "support",
		   .type = FIELD_ENUM,
		   .values = stakeholder_supports,
		   .reason = "err.stakeholder.support",
		   .def = "onbekend"},
    [F_DESIRED] = {.name = "desiredSupport",
		   .type = FIELD_ENUM,
		   .values = stakeholder_supports,
		   .reason = "err.stakeholder.support",
		   .def = "steunend"},
    [F_ROLE] = {.name = "role", .type = FIELD_STRING, .max_len = STAKEHOLDER_TEXT_MAX},
    [F_NOTE] = {.name = "note", .type = FIELD_STRING, .max_len = STAKEHOLDER_TEXT_MAX},
};

static int read_body(struct api_ctx *c, struct stakeholder_in *in)
{
	struct field_value v[FIELD_COUNT(fields)];
	api_fields(c, fields, FIELD_COUNT(fields), v);
	/* "partyType" is labelled here: another module's forms have one too */
	size_t i;
	json_t *p;
	json_array_foreach (c->invalid, i, p)
		if (!strcmp(json_string_value(json_object_get(p, "name")) ?: "", "partyType"))
			json_object_set_new(p, "label",
					    json_string(i18n_t(c->lang, "stakeholder.partyType")));
	in->name = v[F_NAME].s;
	in->party_type = v[F_PARTY].ok ? stakeholder_parties[v[F_PARTY].i] : NULL;
	in->power = v[F_POWER].i;
	in->interest = v[F_INTEREST].i;
	in->legitimate = v[F_LEGIT].ok ? v[F_LEGIT].b : 0;
	in->urgent = v[F_URGENT].ok ? v[F_URGENT].b : 0;
	in->support =
	    stakeholder_supports[v[F_SUPPORT].ok ? v[F_SUPPORT].i : STAKEHOLDER_SUPPORT_ONBEKEND - 1];
	in->desired =
	    stakeholder_supports[v[F_DESIRED].ok ? v[F_DESIRED].i : STAKEHOLDER_SUPPORT_STEUNEND - 1];
	in->role = v[F_ROLE].s;
	in->note = v[F_NOTE].s;
	return json_array_size(c->invalid) ? -ERR_INVALID : 0;
}

static json_t *as_json(const struct stakeholder_in *in)
{
	return json_pack("{s:s,s:s,s:I,s:I,s:b,s:b,s:s,s:s,s:s}", "name", in->name, "partyType",
			 in->party_type, "power", (json_int_t)in->power, "interest", (json_int_t)in->interest,
			 "legitimate", in->legitimate, "urgent", in->urgent, "support", in->support,
			 "desiredSupport", in->desired, "role", in->role ? in->role : "");
}

/* The changes from old (a stakeholder_json row, or NULL) to new, as a
 * JSON text [{field, from, to}]; NULL when nothing changed. Caller frees. */
static char *changes(const json_t *old, const json_t *now)
{
	static const char *const watched[] = {"name",	    "partyType", "power",   "interest",
					      "legitimate", "urgent",	 "support", "desiredSupport",
					      "role",	    NULL};
	json_t *a = json_array();
	for (int i = 0; watched[i]; i++) {
		json_t *f = old ? json_object_get(old, watched[i]) : NULL,
		       *t = json_object_get(now, watched[i]);
		if (old && json_equal(f, t))
			continue;
		if (!old && (!strcmp(watched[i], "name") || !strcmp(watched[i], "role")))
			continue;
		json_array_append_new(
		    a, json_pack("{s:s,s:O,s:O}", "field", watched[i], "from", f ? f : json_null(), "to", t));
	}
	char *s = json_array_size(a) ? json_dumps(a, JSON_COMPACT) : NULL;
	json_decref(a);
	return s;
}

static json_t *stakeholder_doc(const struct api_ctx *c, int64_t id)
{
	json_t *r = stakeholder_store_get(id);
	if (!r)
		return NULL;
	stakeholder_json(r);
	json_t *h = stakeholder_store_history(id);
	size_t i;
	json_t *x;
	json_array_foreach (h, i, x) {
		json_error_t e;
		json_t *ch = json_loads(sval(x, "changes"), 0, &e);
		json_object_set_new(x, "changes", ch ? ch : json_array());
	}
	json_object_set_new(r, "history", h);
	json_object_set_new(r, "initiative", plan_initiative_head(ival(r, "initiativeId")));
	json_object_set_new(r, "canEdit", json_boolean(c->role >= ROLE_BEWERKER));
	plan_org_members(r, c->org_id);
	return r;
}

int api_stakeholder_create(struct api_ctx *c, json_t **out)
{
	struct stakeholder_in in = {0};
	if (read_body(c, &in) < 0) {
		api_audit_id(c, "stakeholder.create", "initiative", c->obj_id, "invalid");
		return -ERR_INVALID;
	}
	int64_t id = stakeholder_store_create(c->obj_id, &in);
	if (id == -ERR_CONFLICT) {
		problem_add(c->invalid, "name", "err.stakeholder.name_taken");
		api_audit_id(c, "stakeholder.create", "initiative", c->obj_id, "invalid");
		return -ERR_INVALID;
	}
	if (id < 0)
		return (int)id;
	json_t *now = as_json(&in);
	char *ch = changes(NULL, now);
	json_decref(now);
	if (ch)
		stakeholder_store_history_add(id, c->user_id, ch);
	free(ch);
	api_audit_id(c, "stakeholder.create", "stakeholder", id, "ok");
	c->status = 201;
	if (c->is_page)
		snprintf(c->location, sizeof c->location, "/initiatieven/%lld/belanghebbenden",
			 (long long)c->obj_id);
	else
		snprintf(c->location, sizeof c->location, "/belanghebbenden/%lld", (long long)id);
	*out = stakeholder_doc(c, id);
	return *out ? 0 : -ERR_NOTFOUND;
}

int api_stakeholder_get(struct api_ctx *c, json_t **out)
{
	*out = stakeholder_doc(c, c->obj_id);
	return *out ? 0 : -ERR_NOTFOUND;
}

int api_stakeholder_update(struct api_ctx *c, json_t **out)
{
	json_t *old = stakeholder_store_get(c->obj_id);
	if (!old)
		return -ERR_NOTFOUND;
	stakeholder_json(old);
	struct stakeholder_in in = {0};
	int rc = read_body(c, &in);
	if (rc == 0) {
		rc = stakeholder_store_update(c->obj_id, &in);
		if (rc == -ERR_CONFLICT) {
			problem_add(c->invalid, "name", "err.stakeholder.name_taken");
			rc = -ERR_INVALID;
		}
	}
	if (rc == -ERR_INVALID)
		api_audit_id(c, "stakeholder.update", "stakeholder", c->obj_id, "invalid");
	if (rc < 0) {
		json_decref(old);
		return rc;
	}
	json_t *now = as_json(&in);
	char *ch = changes(old, now);
	json_decref(now);
	if (ch)
		stakeholder_store_history_add(c->obj_id, c->user_id, ch);
	free(ch);
	api_audit_id(c, "stakeholder.update", "stakeholder", c->obj_id, "ok");
	snprintf(c->location, sizeof c->location, "/initiatieven/%lld/belanghebbenden",
		 (long long)ival(old, "initiativeId"));
	json_decref(old);
	*out = stakeholder_doc(c, c->obj_id);
	return *out ? 0 : -ERR_NOTFOUND;
}

int api_stakeholder_delete(struct api_ctx *c, json_t **out)
{
	json_t *old = stakeholder_store_get(c->obj_id);
	if (!old)
		return -ERR_NOTFOUND;
	stakeholder_store_delete(c->obj_id);
	api_audit_id(c, "stakeholder.delete", "stakeholder", c->obj_id, "ok");
	snprintf(c->location, sizeof c->location, "/initiatieven/%lld/belanghebbenden",
		 (long long)ival(old, "initiativeId"));
	json_decref(old);
	if (!c->is_page)
		c->status = 204;
	*out = NULL;
	return 0;
}
