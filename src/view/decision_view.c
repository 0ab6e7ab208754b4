/* SPDX-License-Identifier: EUPL-1.2 */
/*
 * decision_view: the round decision page as people fill it in: the
 * criteria as text (one per line; the method's proposal when none are
 * set yet), the four outcomes with their explanation and which one is
 * chosen, and per criterion which judgement is checked. Reads and extends
 * the handler's document only.
 */
#include <stdio.h>
#include <string.h>

#include "domain/decision.h"
#include "lib/buf.h"
#include "lib/i18n.h"
#include "view/view.h"

static void decision_page(const struct view_ctx *vc, json_t *o)
{
	json_t *criteria = json_object_get(o, "criteria");
	json_t *from = json_array_size(criteria) ? criteria : json_object_get(o, "proposed");
	struct buf b = BUF_INIT;
	size_t i;
	json_t *e;
	json_array_foreach (from, i, e) {
		const char *t =
		    json_is_string(e) ? json_string_value(e) : json_string_value(json_object_get(e, "text"));
		buf_printf(&b, "%s%s", i ? "\n" : "", t ? t : "");
	}
	json_object_set_new(o, "criteriaText", json_string(buf_str(&b)));
	json_object_set_new(o, "criteriaProposed",
			    json_boolean(!json_array_size(criteria) && json_array_size(from)));
	buf_free(&b);
	json_t *dec = json_object_get(o, "decision");
	const char *chosen = json_string_value(json_object_get(dec, "outcome"));
	json_t *choices = json_array();
	for (int k = 0; decision_outcomes[k]; k++) {
		char key[64], help[64];
		snprintf(key, sizeof key, "decision.outcome.%s", decision_outcomes[k]);
		snprintf(help, sizeof help, "decision.outcome_help.%s", decision_outcomes[k]);
		json_array_append_new(choices,
				      json_pack("{s:s,s:s,s:s,s:b}", "value", decision_outcomes[k], "label",
						i18n_t(vc->lang, key), "help", i18n_t(vc->lang, help),
						"checked", chosen && !strcmp(chosen, decision_outcomes[k])));
	}
	json_object_set_new(o, "outcomeChoices", choices);
	json_array_foreach (criteria, i, e) {
		json_t *met = json_object_get(e, "met");
		json_object_set_new(e, "isMet", json_boolean(json_is_true(met)));
		json_object_set_new(e, "isNotMet", json_boolean(json_is_false(met)));
	}
	json_array_foreach (json_object_get(o, "adviceOutcomes"), i, e) {
		char key[64];
		snprintf(key, sizeof key, "decision.outcome.%s",
			 json_string_value(json_object_get(e, "outcome")));
		json_object_set_new(e, "label", json_string(i18n_t(vc->lang, key)));
	}
}

const struct view decision_views[] = {
    {"decision", decision_page},
    {NULL, NULL},
};
