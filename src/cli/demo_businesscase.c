/* SPDX-License-Identifier: EUPL-1.2 */
/*
 * demo_businesscase: two demo business cases written through the stores
 * inside the demo's one transaction (never commits itself). The figures
 * are plausible round numbers for a Dutch pilot, not data of a real one;
 * each line's source note says what the estimate rests on.
 */
#include "cli/demo_businesscase.h"

#include <string.h>

#include "api/businesscase.h"
#include "domain/businesscase.h"
#include "lib/util.h"
#include "store/businesscase_store.h"
#include "store/kpi_store.h"
#include "store/org.h"

struct demo_line {
	int party;
	enum bc_kind kind;
	enum bc_category category;
	const char *label, *source;
	int from, to;  /* years with the amount */
	int64_t euros; /* per year */
	int64_t first; /* amount of year `from` when it differs (ramp-up), 0: none */
};

static int64_t initiative(const char *org, const char *name)
{
	int64_t o = 0, id = kpi_store_initiative_find(name, &o);
	BUG_ON(id <= 0 || o != org_id_by_slug(org));
	return id;
}

static void add_case(int64_t ini, const char *name, const char *desc, int horizon, const char *const *parties,
		     const enum organisation_kind *helix, int np, const struct demo_line *lines, int nl,
		     const struct bc_unit_rec *unit, int64_t *case_out)
{
	struct bc_case_in in = {.initiative_id = ini,
				.name = name,
				.description = desc,
				.horizon = horizon,
				.rate = BC_RATE_PRESET,
				.rate_source = BC_RATE_PRESET_SOURCE,
				.rate_date = BC_RATE_PRESET_DATE};
	int64_t id = bc_store_case_create(&in);
	BUG_ON(id <= 0);
	int64_t pid[BC_PARTIES_MAX];
	for (int i = 0; i < np; i++) {
		pid[i] = bc_store_party_create(id, parties[i], helix[i]);
		BUG_ON(pid[i] <= 0);
	}
	for (int i = 0; i < nl; i++) {
		const struct demo_line *d = &lines[i];
		struct bc_line_in l = {.party_id = pid[d->party],
				       .kind = d->kind,
				       .category = d->category,
				       .label = d->label,
				       .source = d->source};
		for (int y = d->from; y <= d->to; y++) {
			l.cents[y] = (y == d->from && d->first ? d->first : d->euros) * 100;
			l.years |= 1u << y;
		}
		BUG_ON(bc_store_line_create(id, &l) <= 0);
	}
	if (unit)
		bc_store_unit_set(id, unit);
	*case_out = id;
}

void demo_businesscase_load(void)
{
	const char *org = "gemeente-voorbeeldstad";
	static const char *const parties[] = {"Gemeente Voorbeeldstad", "Zorgverzekeraar Oost",
					      "Thuiszorg Samen", "Woonstichting Thuis"};
	static const enum organisation_kind helix[] = {ORGANISATION_KIND_OVERHEID, ORGANISATION_KIND_MARKT,
						       ORGANISATION_KIND_SAMENLEVING,
						       ORGANISATION_KIND_MARKT};
	static const struct demo_line lines[] = {
	    {0, BC_KIND_KOSTEN, BC_CATEGORY_INVESTERING, "Opzet programma en training valcoaches",
	     "Offerte opleider en projectbegroting Wmo-team 2026", 0, 0, 180000, 0},
	    {0, BC_KIND_KOSTEN, BC_CATEGORY_EXPLOITATIE, "Valcoaches en huisbezoeken (2,2 fte)",
	     "Loonkosten schaal 9 inclusief overhead; 600 huisbezoeken per jaar", 1, 10, 95000, 0},
	    {0, BC_KIND_BATEN, BC_CATEGORY_BESPARING, "Minder Wmo-hulp bij het huishouden na een val",
	     "Schatting Wmo-team: 25 cliënten per jaar minder, gemiddeld 1.600 euro", 2, 10, 40000, 0},
	    {1, BC_KIND_BATEN, BC_CATEGORY_BESPARING, "Vermeden ziekenhuisopnames na een val",
	     "Schatting op basis van 20 vermeden heupfracturen per jaar; aanloop in jaar 1 en 2", 1, 10,
	     185000, 80000},
	    {2, BC_KIND_KOSTEN, BC_CATEGORY_EXPLOITATIE, "Screening valrisico door wijkverpleging",
	     "Urenregistratie pilot: 15 minuten per cliënt, 2.000 cliënten", 1, 10, 30000, 0},
	    {2, BC_KIND_BATEN, BC_CATEGORY_BESPARING, "Minder ongeplande zorgmomenten",
	     "Planningsdata pilot wijkteam Noord, doorgetrokken naar de stad", 2, 10, 25000, 0},
	    {3, BC_KIND_KOSTEN, BC_CATEGORY_INVESTERING, "Woningaanpassingen: beugels en drempels",
	     "Raamcontract onderhoud, 400 woningen à 150 euro", 0, 0, 60000, 0},
	    {3, BC_KIND_KOSTEN, BC_CATEGORY_EXPLOITATIE, "Aanpassingen bij nieuwe huurders 65+",
	     "Raamcontract onderhoud, jaren 1 tot en met 5", 1, 5, 20000, 0},
	    {3, BC_KIND_BATEN, BC_CATEGORY_BESPARING,
	     "Langer zelfstandig wonen: minder mutaties en leegstand",
	     "Schatting afdeling verhuur: 6 mutaties per jaar minder à 2.000 euro", 2, 10, 12000, 0},
	};
	/* public scaling: onboarding one more municipality against its monthly saving */
	struct bc_unit_rec pub = {.kind = BC_UNIT_PUBLIEK,
				  .arpa_cents = 450000,
				  .margin = 0.70,
				  .churn = 0.005,
				  .cac_cents = 2500000,
				  .customers = 1,
				  .new_per_month = 0.5,
				  .cash_cents = 40000000,
				  .fixed_cents = 1800000};
	int64_t id;
	add_case(initiative(org, "Valpreventie thuis"), "MKBA valpreventie per partij",
		 "Wie betaalt en wie wint bij valpreventie voor thuiswonende ouderen in Voorbeeldstad.", 10,
		 parties, helix, 4, lines, 9, &pub, &id);
	double best[BC_CATEGORY_COUNT + 1] = {1, 0.9, 0.95, 1.25, 1, 1, 1};
	double worst[BC_CATEGORY_COUNT + 1] = {1, 1.3, 1.15, 0.6, 1, 1, 1};
	bc_store_factors_set(id, best, worst);

	static const char *const sparties[] = {"Leverancier intake-app", "Aangesloten gemeenten"};
	static const enum organisation_kind shelix[] = {ORGANISATION_KIND_MARKT, ORGANISATION_KIND_OVERHEID};
	static const struct demo_line slines[] = {
	    {0, BC_KIND_KOSTEN, BC_CATEGORY_INVESTERING, "Doorontwikkeling voor meer gemeenten",
	     "Productplan 2027: koppelingen en toegankelijkheid", 0, 1, 250000, 0},
	    {0, BC_KIND_BATEN, BC_CATEGORY_OPBRENGST, "Licenties", "Tarief 650 euro per gemeente per maand",
	     1, 5, 190000, 60000},
	    {1, BC_KIND_KOSTEN, BC_CATEGORY_EXPLOITATIE, "Licenties en implementatie",
	     "Tarief leverancier plus 40 uur implementatie per gemeente", 1, 5, 210000, 80000},
	    {1, BC_KIND_BATEN, BC_CATEGORY_BESPARING, "Snellere intake: minder uren schuldhulpverlening",
	     "Tijdmeting pilot: 1,5 uur minder per intake", 1, 5, 420000, 150000},
	};
	struct bc_unit_rec su = {.kind = BC_UNIT_SCALEUP,
				 .arpa_cents = 65000,
				 .margin = 0.82,
				 .churn = 0.01,
				 .cac_cents = 950000,
				 .customers = 7,
				 .new_per_month = 1.5,
				 .cash_cents = 85000000,
				 .fixed_cents = 5500000};
	add_case(
	    initiative(org, "Digitale schuldhulp-intake"), "Schaalmodel intake-app",
	    "Businesscase van de leverancier en de aangesloten gemeenten, met de eenheidseconomie van de "
	    "scale-up.",
	    5, sparties, shelix, 2, slines, 4, &su, &id);
}
