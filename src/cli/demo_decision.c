/* SPDX-License-Identifier: EUPL-1.2 */
/*
 * demo_decision: criteria and decisions on the closed demo rounds, so the
 * decision page, the results and the initiative page show a realistic
 * example: a steering group that adjusts after the baseline, right-sizes
 * after half a year, and a scan whose last round says scale up.
 */
#include "cli/demo_decision.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "cli/cli.h"
#include "lib/util.h"
#include "store/account.h"
#include "store/db.h"
#include "store/decision_store.h"

static char *const criteria[] = {
    "Het effect voor de huishoudens is met cijfers uit minstens twee wijken zichtbaar.",
    "De financiering na de pilot is voor minstens drie jaar toegezegd.",
    "Een afdeling in de lijnorganisatie neemt de aanpak over als opdrachtgever.",
    "Geen valkuil staat nog open zonder maatregel.",
};

struct demo_decision {
	enum decision_outcome outcome;
	int met[4];
	const char *decider, *rationale;
	const char *notes[4];
};

/* By the order of the closed rounds (round id). */
static const struct demo_decision plan[] = {
    {DECISION_BIJSTUREN,
     {0, 0, 0, 0},
     "Stuurgroep Schuldhulp Noord",
     "De nulmeting laat zien dat financiering en eigenaarschap na de pilot nog niet geregeld zijn en dat "
     "de coaches op een paar bevlogen mensen draaien. We sturen eerst bij: een opdrachtgever in de "
     "lijn zoeken en de kosten per wijkteam in beeld brengen. Over een half jaar beoordelen we opnieuw.",
     {"Alleen cijfers uit wijk Noord.", "", "", "Twee valkuilen staan open."}},
    {DECISION_JUISTSCHALEN,
     {1, 0, 1, 0},
     "Stuurgroep Schuldhulp Noord",
     "Het effect is nu in twee wijken zichtbaar en Sociaal Domein wil opdrachtgever zijn, maar het geld "
     "voor de hele stad is er niet. We schalen juist: naar drie wijken met de hoogste schuldenlast, met "
     "het bestaande budget, en vragen structurele middelen aan bij de voorjaarsnota.",
     {"Noord en Oost.", "Alleen voor drie wijken.", "Afdeling Sociaal Domein.",
      "Valkuil pioniers blijft open."}},
    {DECISION_BIJSTUREN,
     {0, 1, 0, 1},
     "Programmaraad Schuldhulp",
     "De nulmeting is een startpunt: de aanpak werkt, maar de uitvoeringsorganisatie is nog niet klaar "
     "voor meer gemeenten. Eerst de werkzame elementen beschrijven en een opleiding voor nieuwe "
     "uitvoerders opzetten.",
     {"", "", "", ""}},
    {DECISION_BIJSTUREN,
     {1, 1, 0, 1},
     "Programmaraad Schuldhulp",
     "Bijna alles staat; alleen de overdracht aan de lijnorganisatie ontbreekt nog. We sturen daarop bij "
     "voordat de buurgemeenten instappen.",
     {"", "", "Overdracht gepland in het voorjaar.", ""}},
    {DECISION_OPSCHALEN,
     {1, 1, 1, 1},
     "Regionaal overleg schuldhulp",
     "De scan voor de buurgemeenten laat zien dat de intake zonder aanpassingen over kan: opschalen naar "
     "de drie buurgemeenten, met de afspraken over beheer en kosten zoals voorgesteld.",
     {"", "", "", ""}},
};

void demo_decision_load(void)
{
	struct user u;
	int64_t demo = account_user_by_email("demo@scalelab.test", &u) == 0 ? u.id : 0;
	sqlite3_stmt *st =
	    db_prep("SELECT r.id, substr(r.closed_at, 1, 10), i.org_id FROM assessment_rounds r "
		    "JOIN initiatives i ON i.id=r.initiative_id WHERE r.status='gesloten' ORDER BY r.id");
	int64_t ids[8], orgs[8];
	char days[8][11];
	size_t n = 0;
	while (n < 8 && db_step(st) == SQLITE_ROW) {
		ids[n] = sqlite3_column_int64(st, 0);
		orgs[n] = sqlite3_column_int64(st, 2);
		const unsigned char *d = sqlite3_column_text(st, 1);
		snprintf(days[n], sizeof days[n], "%s", d ? (const char *)d : "");
		n++;
	}
	sqlite3_reset(st);
	for (size_t i = 0; i < n && i < sizeof plan / sizeof plan[0]; i++) {
		const struct demo_decision *p = &plan[i];
		decision_store_criteria_set(ids[i], criteria, 4);
		struct decision_criteria l;
		decision_store_criteria(ids[i], &l);
		struct decision_judgement j[4];
		for (size_t k = 0; k < 4 && k < l.n; k++)
			j[k] = (struct decision_judgement){l.items[k].id, p->met[k], p->notes[k]};
		struct decision_in in = {.outcome = p->outcome,
					 .rationale = p->rationale,
					 .decider = p->decider,
					 .decided_on = days[i],
					 .decided_by = demo,
					 .criteria_in_advance = 1,
					 .judgements = j,
					 .n_judgements = l.n < 4 ? l.n : 4};
		decision_store_put(ids[i], &in);
		decision_criteria_free(&l);
		cli_audit(orgs[i], "decision.take", "round", ids[i]);
	}
}
