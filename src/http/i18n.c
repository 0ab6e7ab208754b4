/* SPDX-License-Identifier: EUPL-1.2 */
/* i18n: read-only after i18n_init(); safe to use from every thread. */
#include "i18n.h"

#include <jansson.h>
#include <string.h>

#include "lib/assets.h"
#include "lib/log.h"
#include "lib/util.h"

static json_t *cat_nl, *cat_en;

static json_t *load(const char *name)
{
	const struct asset *a = assets_find(name);
	if (!a)
		return NULL;
	json_error_t e;
	json_t *j = json_loadb((const char *)a->data, a->len, JSON_REJECT_DUPLICATES, &e);
	if (!j || !json_is_object(j))
		log_error("%s:%d: %s", name, e.line, e.text);
	return j;
}

int i18n_init(void)
{
	if (cat_nl)
		return 0;
	cat_nl = load("i18n/nl.json");
	cat_en = load("i18n/en.json");
	if (!cat_nl || !cat_en)
		return -ERR_INVALID;
	/* Every key needs both languages: a missing one is a build defect. */
	const char *k;
	json_t *v;
	int bad = 0;
	json_object_foreach(cat_nl, k, v) if (!json_object_get(cat_en, k))
	{
		log_error("i18n/en.json: missing key %s", k);
		bad = 1;
	}
	json_object_foreach(cat_en, k, v) if (!json_object_get(cat_nl, k))
	{
		log_error("i18n/nl.json: missing key %s", k);
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
