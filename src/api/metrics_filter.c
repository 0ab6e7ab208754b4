/* SPDX-License-Identifier: EUPL-1.2 */
/* metrics_filter: filters on event properties (metrics_filter.h). */
#include "api/metrics_filter.h"

#include <string.h>

#include "lib/problem.h"

void metrics_filters_read(struct api_ctx *c, const struct field_value *v, struct metrics_filters *f)
{
	static const char *const keys[] = {"eigenschap", "eigenschap2", "eigenschap3"};
	static const char *const vals[] = {"waarde", "waarde2", "waarde3"};
	memset(f, 0, sizeof *f);
	for (int k = 0; k < METRICS_FILTERS; k++) {
		const struct field_value *p = &v[2 * k], *w = &v[2 * k + 1];
		int has_p = p->set && p->ok && p->s && *p->s, has_w = w->set && w->ok && w->s;
		if (has_p && !has_w)
			problem_add(c->invalid, vals[k], "err.metrics.filter_value");
		else if (!has_p && has_w && *w->s)
			problem_add(c->invalid, keys[k], "err.metrics.filter_property");
		else if (has_p) {
			f->key[f->n] = p->s;
			f->value[f->n++] = w->s;
		}
	}
}

void metrics_filters_apply(const struct metrics_filters *f, struct event_filter *flt)
{
	if (f->n < 1)
		return;
	flt->prop_key = f->key[0];
	flt->prop_value = f->value[0];
	if (f->n > 1)
		flt->with_props = 1;
}

int metrics_filters_rest(const struct metrics_filters *f, const char *props, size_t len)
{
	if (f->n < 2)
		return 1;
	json_t *o = len ? json_loadb(props, len, 0, NULL) : NULL;
	int ok = 1;
	for (int k = 1; k < f->n && ok; k++) {
		json_t *v = json_object_get(o, f->key[k]);
		ok = json_is_string(v) && json_string_length(v) == strlen(f->value[k]) &&
		     !strcmp(json_string_value(v), f->value[k]);
	}
	json_decref(o);
	return ok;
}

json_t *metrics_filters_json(const struct metrics_filters *f)
{
	json_t *a = json_array();
	for (int k = 0; k < f->n; k++)
		json_array_append_new(a, json_pack("{s:s,s:s}", "property", f->key[k], "value", f->value[k]));
	return a;
}
