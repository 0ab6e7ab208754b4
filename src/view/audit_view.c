/* SPDX-License-Identifier: EUPL-1.2 */
/* audit_view: the audit log page: the filter form's options with the
 * chosen one selected, results in words, the query string the CSV link
 * repeats, and the next page's link as a page path. */
#include <string.h>

#include "lib/buf.h"
#include "lib/i18n.h"
#include "view/view.h"

/* A result in words when the catalogue knows it; otherwise as stored. */
static const char *result_label(const char *lang, const char *result, char *key, size_t n)
{
	snprintf(key, n, "audit.result.%s", result);
	const char *t = i18n_t(lang, key);
	return strcmp(t, key) ? t : result;
}

static json_t *options(const struct view_ctx *v, json_t *values, const char *chosen, int label)
{
	json_t *a = json_array();
	size_t i;
	json_t *x;
	json_array_foreach (values, i, x) {
		const char *s = json_string_value(x);
		char key[128];
		json_array_append_new(a, json_pack("{s:s,s:s,s:b}", "value", s, "label",
						   label ? result_label(v->lang, s, key, sizeof key) : s,
						   "selected", chosen && !strcmp(s, chosen)));
	}
	return a;
}

static void decorate_audit(const struct view_ctx *v, json_t *doc)
{
	json_t *form = json_object_get(doc, "form");
	if (!json_is_object(form))
		return;
	json_object_set_new(form, "choices",
			    options(v, json_object_get(form, "actions"),
				    json_string_value(json_object_get(form, "actie")), 0));
	json_object_set_new(form, "results",
			    options(v, json_object_get(form, "results"),
				    json_string_value(json_object_get(form, "resultaat")), 1));
	struct buf q = BUF_INIT;
	static const char *const names[] = {"van", "tot", "actie", "resultaat", "actor", NULL};
	for (int k = 0; names[k]; k++) {
		const char *s = json_string_value(json_object_get(form, names[k]));
		if (!s || !*s)
			continue;
		buf_printf(&q, "%s=", names[k]);
		buf_urlenc(&q, s);
		buf_putc(&q, '&');
	}
	json_object_set_new(form, "query", json_string(buf_str(&q)));
	buf_free(&q);
	size_t i;
	json_t *it;
	json_array_foreach (json_object_get(doc, "items"), i, it) {
		char key[128];
		const char *r = json_string_value(json_object_get(it, "result"));
		json_object_set_new(it, "resultLabel",
				    json_string(result_label(v->lang, r ? r : "", key, sizeof key)));
	}
}

const struct view audit_views[] = {
    {"audit", decorate_audit},
    {NULL, NULL},
};
