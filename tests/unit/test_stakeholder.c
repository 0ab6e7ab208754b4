/* SPDX-License-Identifier: EUPL-1.2 */
/* Unit tests of the stakeholder rules (docs/stakeholder.md): the salience
 * classes of Mitchell, Agle & Wood (1997, fig. 2), support levels and gaps,
 * quadrants, and the warnings of a map, worked out by hand. */
#include <string.h>

#include "domain/stakeholder.h"
#include "test.h"

TEST(test_stakeholder_salience_follows_the_seven_classes_of_the_typology)
{
	/* power (>= 4), legitimacy, urgency -> class; the paper's numbering 1..7 */
	CHECK_INT(stakeholder_salience(5, 0, 0), STAKEHOLDER_SALIENCE_SLAPEND);	      /* 1 dormant */
	CHECK_INT(stakeholder_salience(1, 1, 0), STAKEHOLDER_SALIENCE_DISCRETIONAIR); /* 2 discretionary */
	CHECK_INT(stakeholder_salience(2, 0, 1), STAKEHOLDER_SALIENCE_VEELEISEND);    /* 3 demanding */
	CHECK_INT(stakeholder_salience(4, 1, 0), STAKEHOLDER_SALIENCE_DOMINANT);      /* 4 dominant */
	CHECK_INT(stakeholder_salience(4, 0, 1), STAKEHOLDER_SALIENCE_GEVAARLIJK);    /* 5 dangerous */
	CHECK_INT(stakeholder_salience(3, 1, 1), STAKEHOLDER_SALIENCE_AFHANKELIJK);   /* 6 dependent */
	CHECK_INT(stakeholder_salience(5, 1, 1), STAKEHOLDER_SALIENCE_DEFINITIEF);    /* 7 definitive */
	CHECK_INT(stakeholder_salience(3, 0, 0), STAKEHOLDER_SALIENCE_GEEN);	      /* 8 non-stakeholder */
	CHECK_INT(stakeholder_salience_attributes(STAKEHOLDER_SALIENCE_SLAPEND), 1);
	CHECK_INT(stakeholder_salience_attributes(STAKEHOLDER_SALIENCE_GEVAARLIJK), 2);
	CHECK_INT(stakeholder_salience_attributes(STAKEHOLDER_SALIENCE_DEFINITIEF), 3);
	CHECK_INT(stakeholder_salience_attributes(STAKEHOLDER_SALIENCE_GEEN), 0);
	CHECK_STR(stakeholder_word_name(stakeholder_saliences, STAKEHOLDER_SALIENCE_DEFINITIEF),
		  "definitief");
}

TEST(test_stakeholder_support_levels_gaps_and_quadrants)
{
	CHECK_INT(stakeholder_support_level(STAKEHOLDER_SUPPORT_ONBEKEND), 0);
	CHECK_INT(stakeholder_support_level(STAKEHOLDER_SUPPORT_TREKKEND), 4);
	CHECK_INT(stakeholder_gap(STAKEHOLDER_SUPPORT_TEGEN, STAKEHOLDER_SUPPORT_STEUNEND), 2);
	CHECK_INT(stakeholder_gap(STAKEHOLDER_SUPPORT_ONBEKEND, STAKEHOLDER_SUPPORT_TREKKEND), 4);
	CHECK_INT(stakeholder_gap(STAKEHOLDER_SUPPORT_TREKKEND, STAKEHOLDER_SUPPORT_NEUTRAAL),
		  0); /* never negative */
	CHECK_STR(stakeholder_quadrant(5, 5), "sleutelspeler");
	CHECK_STR(stakeholder_quadrant(4, 3), "tevreden-houden");
	CHECK_STR(stakeholder_quadrant(3, 4), "informeren");
	CHECK_STR(stakeholder_quadrant(3, 3), "monitoren");
	CHECK_INT(stakeholder_word(stakeholder_parties, "wetenschap"), STAKEHOLDER_PARTY_WETENSCHAP);
	CHECK_INT(stakeholder_word(stakeholder_parties, "Markt"), STAKEHOLDER_PARTY_NONE);
}

TEST(test_stakeholder_warnings_name_the_powerful_opponent_the_largest_gap_and_who_pays_without_gain)
{
	struct stakeholder_row s[] = {
	    {1, "Gemeente A", 5, 3, STAKEHOLDER_SUPPORT_TEGEN, STAKEHOLDER_SUPPORT_STEUNEND},	/* gap 2 */
	    {2, "Buurtteam", 2, 5, STAKEHOLDER_SUPPORT_ONBEKEND, STAKEHOLDER_SUPPORT_TREKKEND}, /* gap 4 */
	    {3, "Zorgverzekeraar", 4, 2, STAKEHOLDER_SUPPORT_NEUTRAAL, STAKEHOLDER_SUPPORT_NEUTRAAL},
	};
	json_error_t e;
	json_t *bc =
	    json_loads("{\"totalNpvCents\":100,\"parties\":["
		       "{\"name\":\"gemeente a\",\"npvCents\":-500,\"paysCents\":500,\"gainsCents\":0},"
		       "{\"name\":\"Zorgverzekeraar\",\"npvCents\":100,\"paysCents\":100,\"gainsCents\":200},"
		       "{\"name\":\"Rijk\",\"npvCents\":-300,\"paysCents\":300,\"gainsCents\":0}]}",
		       0, &e);
	json_t *w = json_array();
	stakeholder_warnings(s, 3, bc, w);
	CHECK_INT(json_array_size(w), 4);
	json_t *x = json_array_get(w, 0);
	CHECK_STR(json_string_value(json_object_get(x, "kind")), "machtig-tegen");
	CHECK_INT(json_integer_value(json_object_get(x, "stakeholderId")), 1);
	x = json_array_get(w, 1);
	CHECK_STR(json_string_value(json_object_get(x, "kind")), "grootste-kloof");
	CHECK_STR(json_string_value(json_object_get(x, "name")), "Buurtteam");
	CHECK_INT(json_integer_value(json_object_get(x, "gap")), 4);
	x = json_array_get(w, 2); /* matched ignoring case */
	CHECK_STR(json_string_value(json_object_get(x, "kind")), "betaalt-zonder-baat");
	CHECK_INT(json_integer_value(json_object_get(x, "stakeholderId")), 1);
	CHECK_STR(json_string_value(json_object_get(x, "name")), "Gemeente A");
	x = json_array_get(w, 3); /* a party not on the map */
	CHECK(json_is_null(json_object_get(x, "stakeholderId")));
	CHECK_STR(json_string_value(json_object_get(x, "name")), "Rijk");
	CHECK_INT(json_integer_value(json_object_get(x, "paysCents")), 300);
	json_decref(w);
	/* without a business case that warning is simply absent; ties of the gap are all named */
	struct stakeholder_row t[] = {
	    {1, "X", 1, 1, STAKEHOLDER_SUPPORT_NEUTRAAL, STAKEHOLDER_SUPPORT_TREKKEND},
	    {2, "Y", 1, 1, STAKEHOLDER_SUPPORT_NEUTRAAL, STAKEHOLDER_SUPPORT_TREKKEND},
	};
	w = json_array();
	stakeholder_warnings(t, 2, NULL, w);
	CHECK_INT(json_array_size(w), 2);
	json_decref(w);
	json_decref(bc);
}

int main(void)
{
	RUN(test_stakeholder_salience_follows_the_seven_classes_of_the_typology);
	RUN(test_stakeholder_support_levels_gaps_and_quadrants);
	RUN(test_stakeholder_warnings_name_the_powerful_opponent_the_largest_gap_and_who_pays_without_gain);
	return TEST_DONE();
}
