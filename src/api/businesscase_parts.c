/* SPDX-License-Identifier: EUPL-1.2 */
/*
 * businesscase_parts: what a case is made of: its parties (name, helix
 * type), its lines of cost and benefit (one party, a category, a source
 * note, an amount per year within the horizon, optional scenario
 * multipliers), the scenario multipliers per category and the unit
 * economics. Every write touches the case, so the evidence picks the case
 * changed last. Role and organisation were checked by the pipeline.
 */
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "api/businesscase.h"
#include "api/evidence.h"
#include "api/field.h"
#include "lib/problem.h"
#include "lib/util.h"
#include "store/businesscase_store.h"

/* The member of the case document's list `key` whose id is id (a new reference), or NULL. */
static json_t *doc_item(const struct api_ctx *c, const char *key, int64_t id)
{
	json_t *d = bc_case_doc(c, c->obj_id), *r = NULL;
	size_t i;
	json_t *x;
	json_array_foreach (json_object_get(d, key), i, x)
		if (json_integer_value(json_object_get(x, "id")) == id)
			r = json_incref(x);
	json_decref(d);
	return r;
}

static void case_location(struct api_ctx *c, const char *anchor)
{
	snprintf(c->location, sizeof c->location, "/businesscases/%lld%s", (long long)c->obj_id, anchor);
}

/* --- parties ------------------------------------------------------------ */

enum { P_NAME, P_HELIX };
static const struct field party_fields[] = {
    [P_NAME] = {.name = "name", .type = FIELD_STRING, .flags = FIELD_REQUIRED, .max_len = BC_NAME_MAX},
    [P_HELIX] = {.name = "helix",
		 .type = FIELD_ENUM,
		 .flags = FIELD_REQUIRED,
		 .values = organisation_kinds,
		 .reason = "err.bc.helix"},
};

static int read_party(struct api_ctx *c, const char **name, enum organisation_kind *helix)
{
	struct field_value v[FIELD_COUNT(party_fields)];
	api_fields(c, party_fields, FIELD_COUNT(party_fields), v);
	*name = v[P_NAME].s;
	*helix = v[P_HELIX].ok ? (enum organisation_kind)(v[P_HELIX].i + 1) : ORGANISATION_KIND_NONE;
	return json_array_size(c->invalid) ? -ERR_INVALID : 0;
}

int api_bc_party_create(struct api_ctx *c, json_t **out)
{
	const char *name;
	enum organisation_kind helix;
	int64_t id = read_party(c, &name, &helix);
	if (id == 0) {
		struct bc_case k;
		if (bc_store_case_load(c->obj_id, &k) < 0)
			return -ERR_NOTFOUND;
		size_t n = k.n_parties;
		bc_case_free(&k);
		if (n >= BC_PARTIES_MAX) {
			problem_add_params(c->invalid, "name", "err.bc.parties_max",
					   json_pack("{s:i}", "max", BC_PARTIES_MAX));
			id = -ERR_INVALID;
		} else {
			id = bc_store_party_create(c->obj_id, name, helix);
			if (id == -ERR_CONFLICT) {
				problem_add(c->invalid, "name", "err.bc.party_taken");
				id = -ERR_INVALID;
			}
		}
	}
	if (id == -ERR_INVALID)
		api_audit_id(c, "businesscase.party.create", "businesscase", c->obj_id, "invalid");
	if (id < 0)
		return (int)id;
	bc_store_case_touch(c->obj_id);
	api_audit_id(c, "businesscase.party.create", "bc_party", id, "ok");
	c->status = 201;
	case_location(c, c->is_page ? "#partijen" : "");
	if (!c->is_page)
		snprintf(c->location, sizeof c->location, "/businesscases/%lld/partijen/%lld",
			 (long long)c->obj_id, (long long)id);
	*out = doc_item(c, "parties", id);
	return *out ? 0 : -ERR_NOTFOUND;
}

int api_bc_party_get(struct api_ctx *c, json_t **out)
{
	*out = doc_item(c, "parties", c->ids[1]);
	return *out ? 0 : -ERR_NOTFOUND;
}

int api_bc_party_update(struct api_ctx *c, json_t **out)
{
	const char *name;
	enum organisation_kind helix;
	int64_t pid = c->ids[1];
	int rc = read_party(c, &name, &helix);
	if (rc == 0) {
		rc = bc_store_party_update(pid, name, helix);
		if (rc == -ERR_CONFLICT) {
			problem_add(c->invalid, "name", "err.bc.party_taken");
			rc = -ERR_INVALID;
		}
	}
	if (rc == -ERR_INVALID)
		api_audit_id(c, "businesscase.party.update", "bc_party", pid, "invalid");
	if (rc < 0)
		return rc;
	bc_store_case_touch(c->obj_id);
	api_audit_id(c, "businesscase.party.update", "bc_party", pid, "ok");
	*out = doc_item(c, "parties", pid);
	return *out ? 0 : -ERR_NOTFOUND;
}

int api_bc_party_delete(struct api_ctx *c, json_t **out)
{
	int64_t pid = c->ids[1];
	bc_store_party_delete(pid);
	bc_store_case_touch(c->obj_id);
	api_audit_id(c, "businesscase.party.delete", "bc_party", pid, "ok");
	case_location(c, "#partijen");
	if (!c->is_page)
		c->status = 204;
	*out = NULL;
	return 0;
}

/* --- lines -------------------------------------------------------------- */

enum { L_PARTY, L_KIND, L_CATEGORY, L_LABEL, L_SOURCE, L_BEST, L_WORST, L_AMOUNTS };
static const struct field line_fields[] = {
    [L_PARTY] = {.name = "partyId", .type = FIELD_ID, .flags = FIELD_REQUIRED},
    [L_KIND] = {.name = "kind",
		.type = FIELD_ENUM,
		.flags = FIELD_REQUIRED,
		.values = bc_kinds,
		.reason = "err.bc.kind"},
    [L_CATEGORY] = {.name = "category",
		    .type = FIELD_ENUM,
		    .flags = FIELD_REQUIRED,
		    .values = bc_categories,
		    .reason = "err.bc.category"},
    [L_LABEL] = {.name = "label", .type = FIELD_STRING, .flags = FIELD_REQUIRED, .max_len = 200},
    [L_SOURCE] = {.name = "source", .type = FIELD_STRING, .max_len = 1000},
    [L_BEST] =
	{.name = "best", .type = FIELD_NUMBER, .flags = FIELD_NULLABLE, .nmin = 0, .nmax = BC_FACTOR_MAX},
    [L_WORST] =
	{.name = "worst", .type = FIELD_NUMBER, .flags = FIELD_NULLABLE, .nmin = 0, .nmax = BC_FACTOR_MAX},
    [L_AMOUNTS] = {.name = "amounts", .type = FIELD_ANY, .flags = FIELD_REQUIRED},
};

/* Amounts as JSON: [{"year": y, "cents": c}], each year once, within the horizon. */
static void read_amounts_json(struct api_ctx *c, const json_t *a, int horizon, struct bc_line_in *in)
{
	if (!json_is_array(a)) {
		problem_add(c->invalid, "amounts", "err.type_array");
		return;
	}
	if (json_array_size(a) > BC_HORIZON_MAX + 1) {
		problem_add_params(c->invalid, "amounts", "err.bc.amounts_max",
				   json_pack("{s:i}", "max", BC_HORIZON_MAX + 1));
		return;
	}
	struct field spec[] = {
	    {.name = "year",
	     .type = FIELD_INTEGER,
	     .flags = FIELD_REQUIRED,
	     .min = 0,
	     .max = horizon,
	     .reason = "err.bc.year_outside_horizon"},
	    {.name = "cents", .type = FIELD_INTEGER, .flags = FIELD_REQUIRED, .min = 0, .max = BC_CENTS_MAX},
	};
	size_t i;
	json_t *x;
	json_array_foreach (a, i, x) {
		char prefix[32];
		snprintf(prefix, sizeof prefix, "amounts.%zu", i);
		if (!json_is_object(x)) {
			problem_add(c->invalid, prefix, "err.type_object");
			continue;
		}
		struct field_value v[2];
		if (field_check(x, spec, 2, 0, prefix, v, c->invalid) < 0)
			continue;
		int y = (int)v[0].i;
		if (in->years & (1u << y)) {
			char name[48];
			snprintf(name, sizeof name, "%s.year", prefix);
			problem_add(c->invalid, name, "err.bc.year_twice");
			continue;
		}
		in->years |= 1u << y;
		in->cents[y] = v[1].i;
	}
}

/* Amounts typed on the page: euros of year 0, 1, 2, ... (bc_amounts_parse). */
static void read_amounts_text(struct api_ctx *c, const char *s, int horizon, struct bc_line_in *in)
{
	int bad_year;
	int rc = bc_amounts_parse(s, strlen(s), horizon, c->lang, in->cents, &in->years, &bad_year);
	if (rc == -2)
		problem_add_params(c->invalid, "amounts", "err.bc.amounts_horizon",
				   json_pack("{s:i}", "horizon", horizon));
	else if (rc < 0)
		problem_add_params(c->invalid, "amounts", "err.bc.amounts_text",
				   json_pack("{s:i}", "year", bad_year));
}

static int read_line(struct api_ctx *c, const struct bc_case *k, struct bc_line_in *in)
{
	struct field_value v[FIELD_COUNT(line_fields)];
	api_fields(c, line_fields, FIELD_COUNT(line_fields), v);
	memset(in, 0, sizeof *in);
	in->party_id = v[L_PARTY].ok ? v[L_PARTY].i : 0;
	if (v[L_PARTY].ok && bc_case_party_index(k, in->party_id) < 0)
		problem_add(c->invalid, "partyId", "err.bc.party_unknown");
	in->kind = v[L_KIND].ok ? (enum bc_kind)(v[L_KIND].i + 1) : BC_KIND_NONE;
	in->category = v[L_CATEGORY].ok ? (enum bc_category)(v[L_CATEGORY].i + 1) : BC_CATEGORY_NONE;
	in->label = v[L_LABEL].s;
	in->source = v[L_SOURCE].s;
	in->has_best = v[L_BEST].set && v[L_BEST].ok;
	in->best = in->has_best ? v[L_BEST].d : 1;
	in->has_worst = v[L_WORST].set && v[L_WORST].ok;
	in->worst = in->has_worst ? v[L_WORST].d : 1;
	if (v[L_AMOUNTS].set) {
		if (c->is_page && json_is_string(v[L_AMOUNTS].j))
			read_amounts_text(c, json_string_value(v[L_AMOUNTS].j), k->horizon, in);
		else
			read_amounts_json(c, v[L_AMOUNTS].j, k->horizon, in);
	}
	return json_array_size(c->invalid) ? -ERR_INVALID : 0;
}

/* The case and its parties for the line form; NULL when gone. */
static json_t *line_form(const struct api_ctx *c, const struct bc_line_rec *l)
{
	json_t *d = bc_case_doc(c, c->obj_id);
	if (!d)
		return NULL;
	json_t *o =
	    json_pack("{s:I,s:s,s:O,s:O,s:O,s:O,s:O}", "caseId", (json_int_t)c->obj_id, "caseName",
		      json_string_value(json_object_get(d, "name")), "initiative",
		      json_object_get(d, "initiative"), "horizon", json_object_get(d, "horizon"), "parties",
		      json_object_get(d, "parties"), "organisation", json_object_get(d, "organisation"),
		      "organisationName", json_object_get(d, "organisationName"));
	json_t *line = NULL;
	size_t i;
	json_t *x;
	json_array_foreach (json_object_get(d, "lines"), i, x)
		if (l && json_integer_value(json_object_get(x, "id")) == l->id)
			line = x;
	json_object_set(o, "line", line ? line : json_null());
	json_decref(d);
	return o;
}

int api_bc_line_new_form(struct api_ctx *c, json_t **out)
{
	*out = line_form(c, NULL);
	return *out ? 0 : -ERR_NOTFOUND;
}

int api_bc_line_create(struct api_ctx *c, json_t **out)
{
	struct bc_case k;
	if (bc_store_case_load(c->obj_id, &k) < 0)
		return -ERR_NOTFOUND;
	struct bc_line_in in;
	int rc = read_line(c, &k, &in);
	if (rc == 0 && k.n_lines >= BC_LINES_MAX) {
		problem_add_params(c->invalid, "label", "err.bc.lines_max",
				   json_pack("{s:i}", "max", BC_LINES_MAX));
		rc = -ERR_INVALID;
	}
	bc_case_free(&k);
	if (rc < 0) {
		api_audit_id(c, "businesscase.line.create", "businesscase", c->obj_id, "invalid");
		return rc;
	}
	int64_t id = bc_store_line_create(c->obj_id, &in);
	if (id < 0)
		return (int)id;
	bc_store_case_touch(c->obj_id);
	api_audit_id(c, "businesscase.line.create", "bc_line", id, "ok");
	c->status = 201;
	if (c->is_page)
		case_location(c, "#regels");
	else
		snprintf(c->location, sizeof c->location, "/businesscases/%lld/regels/%lld",
			 (long long)c->obj_id, (long long)id);
	*out = doc_item(c, "lines", id);
	return *out ? 0 : -ERR_NOTFOUND;
}

int api_bc_line_edit_form(struct api_ctx *c, json_t **out)
{
	struct bc_line_rec l = {.id = c->ids[1]};
	*out = line_form(c, &l);
	return *out ? 0 : -ERR_NOTFOUND;
}

int api_bc_line_get(struct api_ctx *c, json_t **out)
{
	*out = doc_item(c, "lines", c->ids[1]);
	return *out ? 0 : -ERR_NOTFOUND;
}

int api_bc_line_update(struct api_ctx *c, json_t **out)
{
	int64_t lid = c->ids[1];
	struct bc_case k;
	if (bc_store_case_load(c->obj_id, &k) < 0)
		return -ERR_NOTFOUND;
	struct bc_line_in in;
	int rc = read_line(c, &k, &in);
	bc_case_free(&k);
	if (rc < 0) {
		api_audit_id(c, "businesscase.line.update", "bc_line", lid, "invalid");
		return rc;
	}
	bc_store_line_update(lid, &in);
	bc_store_case_touch(c->obj_id);
	api_audit_id(c, "businesscase.line.update", "bc_line", lid, "ok");
	case_location(c, "#regels");
	*out = doc_item(c, "lines", lid);
	return *out ? 0 : -ERR_NOTFOUND;
}

int api_bc_line_delete(struct api_ctx *c, json_t **out)
{
	int64_t lid = c->ids[1];
	bc_store_line_delete(lid);
	bc_store_case_touch(c->obj_id);
	api_audit_id(c, "businesscase.line.delete", "bc_line", lid, "ok");
	case_location(c, "#regels");
	if (!c->is_page)
		c->status = 204;
	*out = NULL;
	return 0;
}

/* --- scenario multipliers per category ---------------------------------- */

#define FACTOR(cat)                                                                                          \
	{.name = cat, .type = FIELD_OBJECT},                                                                 \
	    {.name = cat ".best",                                                                            \
	     .type = FIELD_NUMBER,                                                                           \
	     .flags = FIELD_REQUIRED,                                                                        \
	     .nmin = 0,                                                                                      \
	     .nmax = BC_FACTOR_MAX},                                                                         \
	{                                                                                                    \
		.name = cat ".worst", .type = FIELD_NUMBER, .flags = FIELD_REQUIRED, .nmin = 0,              \
		.nmax = BC_FACTOR_MAX                                                                        \
	}
static const struct field factor_fields[] = {
    FACTOR("investering"), FACTOR("exploitatie"),     FACTOR("besparing"),
    FACTOR("opbrengst"),   FACTOR("maatschappelijk"), FACTOR("overig"),
};

int api_bc_factors_form(struct api_ctx *c, json_t **out)
{
	*out = bc_case_doc(c, c->obj_id);
	return *out ? 0 : -ERR_NOTFOUND;
}

int api_bc_factors_put(struct api_ctx *c, json_t **out)
{
	struct bc_case k;
	if (bc_store_case_load(c->obj_id, &k) < 0)
		return -ERR_NOTFOUND;
	double best[BC_CATEGORY_COUNT + 1], worst[BC_CATEGORY_COUNT + 1];
	memcpy(best, k.best, sizeof best);
	memcpy(worst, k.worst, sizeof worst);
	bc_case_free(&k);
	struct field_value v[FIELD_COUNT(factor_fields)];
	api_fields(c, factor_fields, FIELD_COUNT(factor_fields), v);
	if (json_array_size(c->invalid)) {
		api_audit_id(c, "businesscase.factors", "businesscase", c->obj_id, "invalid");
		return -ERR_INVALID;
	}
	/* a category left out keeps its multipliers */
	for (int cat = 1; cat <= BC_CATEGORY_COUNT; cat++) {
		int i = (cat - 1) * 3;
		if (!v[i].set)
			continue;
		best[cat] = v[i + 1].d;
		worst[cat] = v[i + 2].d;
	}
	bc_store_factors_set(c->obj_id, best, worst);
	bc_store_case_touch(c->obj_id);
	api_audit_id(c, "businesscase.factors", "businesscase", c->obj_id, "ok");
	case_location(c, "#scenarios");
	return api_bc_get(c, out);
}

/* --- unit economics ----------------------------------------------------- */

/* The API takes cents; the page takes euros (the same fields with "Euro"). */
enum { U_KIND, U_ARPA, U_MARGIN, U_CHURN, U_CAC, U_CUSTOMERS, U_NEW, U_CASH, U_FIXED };
#define MONEY_API(n)                                                                                         \
	{                                                                                                    \
		.name = n, .type = FIELD_INTEGER, .flags = FIELD_REQUIRED, .min = 0, .max = BC_CENTS_MAX     \
	}
#define MONEY_PAGE(n)                                                                                        \
	{                                                                                                    \
		.name = n, .type = FIELD_STRING, .flags = FIELD_REQUIRED, .max_len = 32                      \
	}
#define UNIT_COMMON                                                                                          \
	[U_KIND] = {.name = "kind",                                                                          \
		    .type = FIELD_ENUM,                                                                      \
		    .flags = FIELD_REQUIRED,                                                                 \
		    .values = bc_unit_kinds,                                                                 \
		    .reason = "err.bc.unit_kind"},                                                           \
	[U_MARGIN] = {.name = "grossMarginPct",                                                              \
		      .type = FIELD_NUMBER,                                                                  \
		      .flags = FIELD_REQUIRED,                                                               \
		      .nmin = 0,                                                                             \
		      .nmax = 100},                                                                          \
	[U_CHURN] = {.name = "churnPct",                                                                     \
		     .type = FIELD_NUMBER,                                                                   \
		     .flags = FIELD_REQUIRED,                                                                \
		     .nmin = 0,                                                                              \
		     .nmax = 100},                                                                           \
	[U_CUSTOMERS] = {.name = "customers",                                                                \
			 .type = FIELD_NUMBER,                                                               \
			 .flags = FIELD_REQUIRED,                                                            \
			 .nmin = 0,                                                                          \
			 .nmax = 1e9},                                                                       \
	[U_NEW] = {                                                                                          \
	    .name = "newPerMonth", .type = FIELD_NUMBER, .flags = FIELD_REQUIRED, .nmin = 0, .nmax = 1e9}
static const struct field unit_api[] = {
    UNIT_COMMON,
    [U_ARPA] = MONEY_API("arpaCents"),
    [U_CAC] = MONEY_API("cacCents"),
    [U_CASH] = MONEY_API("cashCents"),
    [U_FIXED] = MONEY_API("fixedCents"),
};
static const struct field unit_page[] = {
    UNIT_COMMON,
    [U_ARPA] = MONEY_PAGE("arpaEuro"),
    [U_CAC] = MONEY_PAGE("cacEuro"),
    [U_CASH] = MONEY_PAGE("cashEuro"),
    [U_FIXED] = MONEY_PAGE("fixedEuro"),
};

int api_bc_unit_form(struct api_ctx *c, json_t **out)
{
	*out = bc_case_doc(c, c->obj_id);
	if (!*out)
		return -ERR_NOTFOUND;
	/* a hint beside the inputs: the unit costs and units the latest closed
	 * assessment round gave (its number questions with a measure) */
	json_int_t ini = json_integer_value(json_object_get(json_object_get(*out, "initiative"), "id"));
	json_t *ev = ini > 0 ? evidence_of("assessment", ini) : NULL;
	json_t *meas = json_object_get(ev, "measures");
	if (json_object_size(meas)) {
		json_t *hint = json_pack("{s:O}", "round", json_object_get(ev, "round"));
		static const char *const keys[][2] = {
		    {"unit-cost-pilot", "costPilot"},	  {"unit-cost-scale", "costScale"},
		    {"unit-cost-current", "costCurrent"}, {"units-pilot", "unitsPilot"},
		    {"units-target", "unitsTarget"},	  {"scale-target", "scaleTarget"}};
		for (size_t i = 0; i < sizeof keys / sizeof keys[0]; i++) {
			json_t *f = json_object_get(meas, keys[i][0]);
			if (!f)
				continue;
			/* whole euros and units read best: "€ 2.000" */
			json_t *g = json_deep_copy(f);
			json_object_set_new(g, "rounded",
					    json_integer((json_int_t)llround(
						json_number_value(json_object_get(f, "median")))));
			json_object_set_new(hint, keys[i][1], g);
		}
		json_object_set_new(*out, "fromAssessment", hint);
	}
	json_decref(ev);
	return 0;
}

/* A money field: cents from the API, or euros typed on the page ("4.500"
 * is four thousand five hundred in Dutch); -1 (and a problem) when the
 * typed text is no amount. */
static int64_t money(struct api_ctx *c, const struct field *spec, const struct field_value *v)
{
	if (!c->is_page)
		return v->i;
	if (!v->ok)
		return -1;
	int64_t x = bc_euro_cents(v->s, strlen(v->s), c->lang);
	if (x < 0)
		problem_add(c->invalid, spec->name, "err.bc.money_text");
	return x;
}

int api_bc_unit_put(struct api_ctx *c, json_t **out)
{
	const struct field *spec = c->is_page ? unit_page : unit_api;
	struct field_value v[FIELD_COUNT(unit_api)];
	api_fields(c, spec, FIELD_COUNT(unit_api), v);
	int64_t arpa = money(c, &spec[U_ARPA], &v[U_ARPA]), cac = money(c, &spec[U_CAC], &v[U_CAC]),
		cash = money(c, &spec[U_CASH], &v[U_CASH]), fixed = money(c, &spec[U_FIXED], &v[U_FIXED]);
	if (json_array_size(c->invalid)) {
		api_audit_id(c, "businesscase.unit", "businesscase", c->obj_id, "invalid");
		return -ERR_INVALID;
	}
	struct bc_unit_rec u = {.kind = (enum bc_unit_kind)(v[U_KIND].i + 1),
				.arpa_cents = arpa,
				.cac_cents = cac,
				.cash_cents = cash,
				.fixed_cents = fixed,
				.margin = v[U_MARGIN].d / 100,
				.churn = v[U_CHURN].d / 100,
				.customers = v[U_CUSTOMERS].d,
				.new_per_month = v[U_NEW].d};
	bc_store_unit_set(c->obj_id, &u);
	bc_store_case_touch(c->obj_id);
	api_audit_id(c, "businesscase.unit", "businesscase", c->obj_id, "ok");
	case_location(c, "#eenheidseconomie");
	return api_bc_get(c, out);
}

int api_bc_unit_delete(struct api_ctx *c, json_t **out)
{
	bc_store_unit_delete(c->obj_id);
	bc_store_case_touch(c->obj_id);
	api_audit_id(c, "businesscase.unit.delete", "businesscase", c->obj_id, "ok");
	case_location(c, "#eenheidseconomie");
	if (!c->is_page)
		c->status = 204;
	*out = NULL;
	return 0;
}
