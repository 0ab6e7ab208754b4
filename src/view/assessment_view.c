/* SPDX-License-Identifier: EUPL-1.2 */
/*
 * assessment_view: the assessment pages' decoration. Portfolio: one heat
 * map block per method (initiatives x ingredients, the medians) and a bar
 * chart of the stages, named as in the table beside it.
 */
#include <stdio.h>

#include "lib/i18n.h"
#include "view/view.h"

static void portfolio_page(const struct view_ctx *vc, json_t *o)
{
	size_t i;
	json_t *r;
	/* Chart blocks: one heat map per method, one bar chart of stages. */
	json_t *ms = json_object_get(o, "methods");
	json_array_foreach(ms, i, r)
	{
		json_t *x = json_array(), *y = json_array(), *vals = json_array();
		size_t k;
		json_t *e;
		json_array_foreach(json_object_get(r, "columns"), k, e) json_array_append(x, json_object_get(e, "title"));
		json_array_foreach(json_object_get(r, "rows"), k, e)
		{
			json_array_append(y, json_object_get(e, "initiativeName"));
			json_t *row = json_array();
			size_t j;
			json_t *cell;
			json_array_foreach(json_object_get(e, "cells"), j, cell) json_array_append(row, json_object_get(cell, "median"));
			json_array_append_new(vals, row);
		}
		char elid[96];
		snprintf(elid, sizeof elid, "portfolio-%s", json_string_value(json_object_get(r, "methodId")));
		json_object_set_new(r, "chartId", json_string(elid));
		json_object_set_new(r, "chart", json_pack("{s:s,s:o,s:o,s:o,s:O,s:O}", "kind", "heatmap", "x", x, "y", y,
							  "values", vals, "min", json_object_get(r, "scaleMin"), "max",
							  json_object_get(r, "scaleMax")));
	}
	json_t *x = json_array(), *v = json_array();
	json_array_foreach(json_object_get(o, "stages"), i, r)
	{
		/* The same names as the table beside it (stage.<id> in the catalogue). */
		char key[64];
		snprintf(key, sizeof key, "stage.%s", json_string_value(json_object_get(r, "stage")));
		json_array_append_new(x, json_string(i18n_t(vc->lang, key)));
		json_array_append(v, json_object_get(r, "count"));
	}
	json_object_set_new(o, "stageChart", json_pack("{s:s,s:o,s:[{s:s,s:o}]}", "kind", "bar", "x", x, "series",
						       "name", i18n_t(vc->lang, "portfolio.initiatives"),
						       "values", v));
}

const struct view assessment_views[] = {
	{"portfolio", portfolio_page},
	{NULL, NULL},
};
