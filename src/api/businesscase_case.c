/* SPDX-License-Identifier: EUPL-1.2 */
/*
 * businesscase_case: business cases of an initiative (list, create, read,
 * replace, delete). A case has a horizon (years 0..30), a discount rate with
 * its source (the dated preset when none is given) and a description.
 * Role and organisation were checked by the pipeline.
 */
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "api/businesscase.h"
#include "api/field.h"
#include "api/initiative.h"
#include "lib/problem.h"
#include "lib/util.h"
#include "store/businesscase_store.h"

static void org_members(json_t *o, json_t *ref)
{
	json_object_set(o, "organisation", json_object_get(ref, "organisation"));
	json_object_set(o, "organisationName", json_object_get(ref, "organisationName"));
}

int api_bc_list(struct api_ctx *c, json_t **out)
{
	json_t *ref = api_initiative_ref(c->obj_id);
	if (!ref)
		return -ERR_NOTFOUND;
	size_t n;
	int64_t *ids = bc_store_case_ids(c->obj_id, &n);
	json_t *list = json_array();
	for (size_t i = 0; i < n; i++) {
		struct bc_calc k;
		if (bc_calc_load(ids[i], &k) < 0)
			continue;
		int below = 0;
		for (size_t p = 0; p < k.c.n_parties; p++)
			below += k.res[BC_SCENARIO_BASIS][p].npv < 0;
		json_array_append_new(
		    list,
		    json_pack("{s:I,s:s,s:i,s:f,s:i,s:i,s:I,s:i,s:b,s:s}", "id", (json_int_t)k.c.id, "name",
			      k.c.name, "horizon", k.c.horizon, "ratePct", round(k.c.rate * 1e6) / 1e4,
			      "partyCount", (int)k.c.n_parties, "lineCount", (int)k.c.n_lines,
			      "totalNpvCents", (json_int_t)k.total[BC_SCENARIO_BASIS], "partiesBelowZero",
			      below, "dealPossible", k.total[BC_SCENARIO_BASIS] >= 0, "updatedAt",
			      k.c.updated_at));
		bc_calc_free(&k);
	}
	free(ids);
	json_t *o =
	    json_pack("{s:{s:I,s:O},s:o,s:b}", "initiative", "id", (json_int_t)c->obj_id, "name",
		      json_object_get(ref, "name"), "cases", list, "canEdit", c->role >= ROLE_BEWERKER);
	org_members(o, ref);
	json_decref(ref);
	*out = o;
	return 0;
}

/* --- create, replace ---------------------------------------------------- */

enum { F_NAME, F_DESC, F_HORIZON, F_RATE, F_SOURCE, F_DATE };
static const struct field case_fields[] = {
    [F_NAME] = {.name = "name", .type = FIELD_STRING, .flags = FIELD_REQUIRED, .max_len = BC_NAME_MAX},
    [F_DESC] = {.name = "description", .type = FIELD_STRING, .max_len = BC_TEXT_MAX},
    [F_HORIZON] = {.name = "horizon", .type = FIELD_INTEGER, .min = 1, .max = BC_HORIZON_MAX, .def = "10"},
    [F_RATE] = {.name = "ratePct",
		.type = FIELD_NUMBER,
		.flags = FIELD_NULLABLE,
		.nmin = BC_RATE_MIN * 100,
		.nmax = BC_RATE_MAX * 100},
    [F_SOURCE] = {.name = "rateSource", .type = FIELD_STRING, .max_len = 500},
    [F_DATE] = {.name = "rateDate", .type = FIELD_DATE},
};

/* Reads a case; without a rate the dated preset with its source and date. */
static int read_case(struct api_ctx *c, struct bc_case_in *in)
{
	struct field_value v[FIELD_COUNT(case_fields)];
	api_fields(c, case_fields, FIELD_COUNT(case_fields), v);
	in->name = v[F_NAME].s;
	in->description = v[F_DESC].s;
	in->horizon = v[F_HORIZON].ok ? (int)v[F_HORIZON].i : 10;
	if (v[F_RATE].set && v[F_RATE].ok) {
		in->rate = v[F_RATE].d / 100.0;
		in->rate_source = v[F_SOURCE].s;
		in->rate_date = v[F_DATE].s;
		/* another rate than the preset needs a note on where it comes from */
		if (fabs(in->rate - BC_RATE_PRESET) > 1e-12 &&
		    (!in->rate_source || !*in->rate_source ||
		     !strcmp(in->rate_source, BC_RATE_PRESET_SOURCE)))
			problem_add(c->invalid, "rateSource", "err.bc.rate_source");
	} else if (!v[F_RATE].set) {
		in->rate = BC_RATE_PRESET;
		in->rate_source = v[F_SOURCE].set ? v[F_SOURCE].s : BC_RATE_PRESET_SOURCE;
		in->rate_date = v[F_DATE].set ? v[F_DATE].s : BC_RATE_PRESET_DATE;
	}
	return json_array_size(c->invalid) ? -ERR_INVALID : 0;
}

int api_bc_new_form(struct api_ctx *c, json_t **out)
{
	json_t *ref = api_initiative_ref(c->obj_id);
	if (!ref)
		return -ERR_NOTFOUND;
	json_t *o = json_pack("{s:{s:I,s:O},s:i,s:f,s:s,s:s}", "initiative", "id", (json_int_t)c->obj_id,
			      "name", json_object_get(ref, "name"), "horizon", 10, "ratePct", 2.25,
			      "rateSource", BC_RATE_PRESET_SOURCE, "rateDate", BC_RATE_PRESET_DATE);
	org_members(o, ref);
	json_decref(ref);
	*out = o;
	return 0;
}

int api_bc_create(struct api_ctx *c, json_t **out)
{
	struct bc_case_in in = {.initiative_id = c->obj_id};
	if (read_case(c, &in) < 0) {
		api_audit_id(c, "businesscase.create", "initiative", c->obj_id, "invalid");
		return -ERR_INVALID;
	}
	int64_t id = bc_store_case_create(&in);
	if (id == -ERR_CONFLICT) {
		problem_add(c->invalid, "name", "err.bc.name_taken");
		api_audit_id(c, "businesscase.create", "initiative", c->obj_id, "invalid");
		return -ERR_INVALID;
	}
	if (id < 0)
		return (int)id;
	api_audit_id(c, "businesscase.create", "businesscase", id, "ok");
	c->status = 201;
	snprintf(c->location, sizeof c->location, "/businesscases/%lld", (long long)id);
	*out = bc_case_doc(c, id);
	return *out ? 0 : -ERR_NOTFOUND;
}

int api_bc_get(struct api_ctx *c, json_t **out)
{
	*out = bc_case_doc(c, c->obj_id);
	return *out ? 0 : -ERR_NOTFOUND;
}

int api_bc_update(struct api_ctx *c, json_t **out)
{
	struct bc_case_in in = {0};
	int rc = read_case(c, &in);
	if (rc == 0) {
		int last = bc_store_case_last_year(c->obj_id);
		if (last > in.horizon) {
			problem_add_params(c->invalid, "horizon", "err.bc.horizon_below_amounts",
					   json_pack("{s:i}", "year", last));
			rc = -ERR_INVALID;
		}
	}
	if (rc == 0) {
		rc = bc_store_case_update(c->obj_id, &in);
		if (rc == 0)
			bc_store_case_trim(c->obj_id, in.horizon);
		if (rc == -ERR_CONFLICT) {
			problem_add(c->invalid, "name", "err.bc.name_taken");
			rc = -ERR_INVALID;
		}
	}
	if (rc == -ERR_INVALID)
		api_audit_id(c, "businesscase.update", "businesscase", c->obj_id, "invalid");
	if (rc < 0)
		return rc;
	api_audit_id(c, "businesscase.update", "businesscase", c->obj_id, "ok");
	snprintf(c->location, sizeof c->location, "/businesscases/%lld", (long long)c->obj_id);
	return api_bc_get(c, out);
}

int api_bc_edit_form(struct api_ctx *c, json_t **out)
{
	return api_bc_get(c, out);
}

int api_bc_delete(struct api_ctx *c, json_t **out)
{
	struct bc_case k;
	if (bc_store_case_load(c->obj_id, &k) < 0)
		return -ERR_NOTFOUND;
	bc_store_case_delete(c->obj_id);
	api_audit_id(c, "businesscase.delete", "businesscase", c->obj_id, "ok");
	snprintf(c->location, sizeof c->location, "/initiatieven/%lld/businesscases",
		 (long long)k.initiative_id);
	bc_case_free(&k);
	if (!c->is_page)
		c->status = 204;
	*out = NULL;
	return 0;
}
