/* SPDX-License-Identifier: EUPL-1.2 */
/* i18n: read-only after i18n_init(); safe to use from every thread. */
#include "i18n.h"

#include <jansson.h>
#include <stdio.h>
#include <string.h>

#include "lib/assets.h"
#include "lib/log.h"
#include "lib/util.h"

static json_t *cat_nl, *cat_en;

/* Merges every catalogue file of one language: i18n/<module>.<lang>.json
 * (and a plain i18n/<lang>.json). A key defined twice is an error: two
 * modules must not silently overwrite each other's texts. */
static json_t *load(const char *lang, int *bad)
{
	char suffix[16];
	snprintf(suffix, sizeof suffix, "%s.json", lang);
	size_t sl = strlen(suffix);
	json_t *cat = json_object();
	for (size_t i = 0; i < assets_count; i++) {
		const struct asset *a = &assets_table[i];
		size_t n = strlen(a->name);
		if (strncmp(a->name, "i18n/", 5) || n < sl || strcmp(a->name + n - sl, suffix) ||
		    (n > sl && a->name[n - sl - 1] != '.' && a->name[n - sl - 1] != '/'))
			continue;
		json_error_t e;
		json_t *j = json_loadb((const char *)a->data, a->len, JSON_REJECT_DUPLICATES, &e);
		if (!j || !json_is_object(j)) {
			log_error("%s:%d: %s", a->name, e.line, j ? "not an object" : e.text);
			*bad = 1;
			json_decref(j);
			continue;
		}
		const char *k;
		json_t *v;
		json_object_foreach (j, k, v) {
			if (json_object_get(cat, k)) {
				log_error("%s: key %s is defined in another catalogue too", a->name, k);
				*bad = 1;
			}
			json_object_set(cat, k, v);
		}
		json_decref(j);
	}
	return cat;
}

int i18n_init(void)
{
	if (cat_nl)
		return 0;
	int bad = 0;
	cat_nl = load("nl", &bad);
	cat_en = load("en", &bad);
	/* Every key needs both languages: a missing one is a build defect. */
	const char *k;
	json_t *v;
	json_object_foreach (cat_nl, k, v)
		if (!json_object_get(cat_en, k)) {
			log_error("i18n: key %s has no English text", k);
			bad = 1;
		}
	json_object_foreach (cat_en, k, v)
		if (!json_object_get(cat_nl, k)) {
			log_error("i18n: key %s has no Dutch text", k);
			bad = 1;
		}
	return bad ? -ERR_INVALID : 0;
}

const char *i18n_t(const char *lang, const char *key)
{
	json_t *cat = lang && !strcmp(lang, "en") ? cat_en : cat_nl;
	const char *s = json_string_value(json_object_get(cat, key));
	if (!s)
		s = json_string_value(json_object_get(cat_nl, key));
	return s ? s : key;
}

const char *i18n_from_accept(const char *al)
{
	/* First listed language wins; weights are rarely used by real clients. */
	if (!al)
		return "nl";
	while (*al == ' ')
		al++;
	if (!strncasecmp(al, "en", 2))
		return "en";
	return "nl";
}
