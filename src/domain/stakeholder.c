/* SPDX-License-Identifier: EUPL-1.2 */
/*
 * stakeholder: word tables, salience classes, support levels and gaps, the
 * power/interest quadrant and the warnings of a stakeholder map. Pure.
 */
#include "domain/stakeholder.h"

#include <string.h>
#include <strings.h>

const char *const stakeholder_parties[] = {"overheid", "markt", "wetenschap", "samenleving", NULL};
const char *const stakeholder_supports[] = {"onbekend", "tegen", "neutraal", "steunend", "trekkend", NULL};
const char *const stakeholder_saliences[] = {"geen",	    "slapend",	  "discretionair",
					     "veeleisend",  "dominant",	  "gevaarlijk",
					     "afhankelijk", "definitief", NULL};

int stakeholder_word(const char *const *list, const char *s)
{
	if (!s)
		return 0;
	for (int i = 0; list[i]; i++)
		if (!strcmp(list[i], s))
			return i + 1;
	return 0;
}

const char *stakeholder_word_name(const char *const *list, int v)
{
	for (int i = 0; list[i]; i++)
		if (i + 1 == v)
			return list[i];
	return "";
}

enum stakeholder_salience stakeholder_salience(int power, int legitimate, int urgent)
{
	int p = power >= STAKEHOLDER_HIGH, l = !!legitimate, u = !!urgent;
	static const enum stakeholder_salience table[2][2][2] = {
	    /* p=0 */ {{STAKEHOLDER_SALIENCE_GEEN, STAKEHOLDER_SALIENCE_VEELEISEND},
		       {STAKEHOLDER_SALIENCE_DISCRETIONAIR, STAKEHOLDER_SALIENCE_AFHANKELIJK}},
	    /* p=1 */
	    {{STAKEHOLDER_SALIENCE_SLAPEND, STAKEHOLDER_SALIENCE_GEVAARLIJK},
	     {STAKEHOLDER_SALIENCE_DOMINANT, STAKEHOLDER_SALIENCE_DEFINITIEF}},
	};
	return table[p][l][u];
}

int stakeholder_salience_attributes(enum stakeholder_salience s)
{
	switch (s) {
	case STAKEHOLDER_SALIENCE_SLAPEND:
	case STAKEHOLDER_SALIENCE_DISCRETIONAIR:
	case STAKEHOLDER_SALIENCE_VEELEISEND: return 1;
	case STAKEHOLDER_SALIENCE_DOMINANT:
	case STAKEHOLDER_SALIENCE_GEVAARLIJK:
	case STAKEHOLDER_SALIENCE_AFHANKELIJK: return 2;
	case STAKEHOLDER_SALIENCE_DEFINITIEF: return 3;
	default: return 0;
	}
}

int stakeholder_support_level(enum stakeholder_support s)
{
	return s > STAKEHOLDER_SUPPORT_NONE && s <= STAKEHOLDER_SUPPORT_TREKKEND ? (int)s - 1 : 0;
}

int stakeholder_gap(enum stakeholder_support current, enum stakeholder_support desired)
{
	int g = stakeholder_support_level(desired) - stakeholder_support_level(current);
	return g > 0 ? g : 0;
}

const char *stakeholder_quadrant(int power, int interest)
{
	int p = power >= STAKEHOLDER_HIGH, i = interest >= STAKEHOLDER_HIGH;
	return p && i ? "sleutelspeler" : p ? "tevreden-houden" : i ? "informeren" : "monitoren";
}

static json_t *warning(const char *kind, const struct stakeholder_row *s, const char *name)
{
	json_t *w = json_object();
	json_object_set_new(w, "kind", json_string(kind));
	json_object_set_new(w, "stakeholderId", s ? json_integer(s->id) : json_null());
	json_object_set_new(w, "name", json_string(s ? s->name : name));
	return w;
}

void stakeholder_warnings(const struct stakeholder_row *s, size_t n, const json_t *bc, json_t *out)
{
	for (size_t i = 0; i < n; i++)
		if (s[i].power >= STAKEHOLDER_HIGH && s[i].support == STAKEHOLDER_SUPPORT_TEGEN)
			json_array_append_new(out, warning("machtig-tegen", &s[i], NULL));
	int top = 0;
	for (size_t i = 0; i < n; i++) {
		int g = stakeholder_gap(s[i].support, s[i].desired);
		top = g > top ? g : top;
	}
	for (size_t i = 0; top > 0 && i < n; i++)
		if (stakeholder_gap(s[i].support, s[i].desired) == top) {
			json_t *w = warning("grootste-kloof", &s[i], NULL);
			json_object_set_new(w, "gap", json_integer(top));
			json_array_append_new(out, w);
		}
	const json_t *parties = json_object_get(bc, "parties"), *p;
	size_t k;
	json_array_foreach (parties, k, p) {
		const char *name = json_string_value(json_object_get(p, "name"));
		json_int_t pays = json_integer_value(json_object_get(p, "paysCents"));
		json_int_t gains = json_integer_value(json_object_get(p, "gainsCents"));
		if (!name || pays <= 0 || gains > 0)
			continue;
		const struct stakeholder_row *match = NULL;
		for (size_t i = 0; i < n && !match; i++)
			if (!strcasecmp(s[i].name, name))
				match = &s[i];
		json_t *w = warning("betaalt-zonder-baat", match, name);
		json_object_set_new(w, "paysCents", json_integer(pays));
		json_array_append_new(out, w);
	}
}
