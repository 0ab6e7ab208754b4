/* SPDX-License-Identifier: EUPL-1.2 */
/*
 * demo_plan: the plan and stakeholder part of the demo data, as C tables:
 * phases with dates relative to today, gate criteria bound to evidence, a
 * step plan with dependencies (one step overdue, a critical path),
 * stakeholders of all four helix types (one powerful party against), and a
 * decided gate review whose snapshot is taken from the demo's own
 * evidence. Writes through the stores inside the demo's one transaction.
 */
#include "cli/demo_plan.h"

#include <jansson.h>
#include <stdlib.h>
#include <string.h>

#include "api/module.h"
#include "api/plan.h"
#include "domain/okr.h"
#include "lib/timeutil.h"
#include "lib/util.h"
#include "store/account.h"
#include "store/kpi_store.h"
#include "store/org.h"
#include "store/plan_store.h"
#include "store/stakeholder_store.h"

struct demo_phase {
	const char *name;
	int start, end; /* days from today */
};
struct demo_criterion {
	int phase; /* index into the phases */
	const char *title, *kind, *evidence;
	int weight;
};
struct demo_step {
	int phase;
	const char *title, *owner_email, *status;
	int due, effort; /* due: days from today */
	int deps[3];	 /* indexes + 1 of earlier steps; 0 ends */
};
struct demo_stakeholder {
	const char *name, *party;
	int power, interest, legitimate, urgent;
	const char *support, *desired, *role;
};
struct demo_plan {
	const char *initiative;
	struct demo_phase phases[5];
	int current; /* index */
	struct demo_criterion criteria[6];
	struct demo_step steps[8];
	struct demo_stakeholder people[8];
	int review_phase; /* index of the phase whose gate was reviewed; -1 none */
	const char *decision, *route, *method_route, *rationale, *makers, *conditions;
	int decided;	      /* days from today */
	const char *override; /* reason to go on past a knock-out that fails */
	int scores[6];	      /* per criterion judged by people: score, or for a knock-out 1
				 holds / 0 fails (-1: as the evidence says) */
};

static const struct demo_plan plans[] = {
    {"Digitale schuldhulp-intake",
     {{"verkennen", -420, -300},
      {"pilot", -299, -45},
      {"opschalen", -44, 200},
      {"borgen", 201, 420},
      {NULL, 0, 0}},
     2,
     {{1, "De gemeenteraad is geïnformeerd over de resultaten", "knock-out", "geen", 1},
      {1, "Geen machtige partij is tegen", "knock-out", "geen-machtige-tegenstander", 1},
      {1, "Kernresultaten liggen op tempo", "score", "okr-tempo", 2},
      {1, "Ketenpartners willen meedoen in de regio", "score", "geen", 1},
      {2, "De business case is voor het geheel positief", "knock-out", "businesscase-npv", 1},
      {2, "Het zwakste ingrediënt is op orde", "score", "ingredient", 2}},
     {{2,
       "Aansluitovereenkomst opstellen met drie buurgemeenten",
       "demo@scalelab.test",
       "klaar",
       -30,
       10,
       {0}},
      {2,
       "Koppeling met het zaaksysteem van de Kredietbank testen",
       "pilot@scalelab.test",
       "bezig",
       -5,
       15,
       {1, 0}},
      {2, "Medewerkers van de buurgemeenten trainen", "pilot@scalelab.test", "open", 25, 10, {1, 0}},
      {2, "Privacytoets (DPIA) voor de regionale uitrol", "demo@scalelab.test", "open", 20, 15, {0}},
      {2, "Livegang in de eerste buurgemeente", "pilot@scalelab.test", "open", 60, 5, {2, 3, 4}},
      {2, "Evaluatie na drie maanden regionale uitrol", "demo@scalelab.test", "open", 150, 10, {5, 0}},
      {3,
       "Financiering opnemen in de begroting van het sociaal domein",
       "demo@scalelab.test",
       "open",
       190,
       20,
       {6, 0}},
      {0, NULL, NULL, NULL, 0, 0, {0}}},
     {{"Wethouder Sociaal Domein", "overheid", 5, 4, 1, 1, "steunend", "trekkend",
       "Opdrachtgever; verankert de intake in beleid en begroting."},
      {"Kredietbank Voorbeeldstad", "overheid", 4, 5, 1, 1, "trekkend", "trekkend",
       "Voert de schuldhulp uit en beheert de intake."},
      {"Leverancier zaaksysteem", "markt", 4, 2, 0, 0, "tegen", "neutraal",
       "Moet de koppeling bouwen; ziet er nu weinig in."},
      {"Woningcorporatie Thuisplus", "markt", 3, 4, 1, 0, "steunend", "trekkend",
       "Meldt huurachterstanden vroeg aan."},
      {"Lectoraat Schulden en Incasso, Hogeschool Voorbeeldstad", "wetenschap", 2, 4, 1, 0, "steunend",
       "steunend", "Meet het effect op de hoogte van de schuld bij melding."},
      {"Cliëntenraad Sociaal Domein", "samenleving", 2, 5, 1, 1, "neutraal", "steunend",
       "Toetst of de intake werkt voor inwoners met weinig digitale vaardigheden."},
      {"Buurtteams Voorbeeldstad", "samenleving", 3, 5, 1, 1, "onbekend", "trekkend",
       "Verwijzen inwoners door; nog niet gesproken."},
      {NULL, NULL, 0, 0, 0, 0, NULL, NULL, NULL}},
     1,
     "door",
     "out",
     "scaling-out",
     "De pilot haalde twee van de drie kernresultaten en de Kredietbank wil de intake regionaal aanbieden. "
     "De koppeling met het zaaksysteem is nog een risico; daarom geldt een voorwaarde.",
     "Stuurgroep schuldhulp: wethouder Sociaal Domein, directeur Kredietbank, programmamanager Dewi",
     "Koppeling met het zaaksysteem getest vóór de livegang in een buurgemeente.",
     -44,
     "De leverancier van het zaaksysteem is tegen, maar de Kredietbank bouwt de koppeling zo nodig zelf; "
     "besproken en aanvaard in de stuurgroep.",
     {1, -1, 2, 3, -1, -1}},
    {"Beeldbellen in de wijkverpleging",
     {{"oriëntatie", -200, -120},
      {"proeftuin", -119, 60},
      {"uitrol", 61, 300},
      {"borging", 301, 500},
      {NULL, 0, 0}},
     1,
     {{1, "Geen achterstallige stappen", "knock-out", "stappen-op-tijd", 1},
      {1, "Cliënten zijn tevreden over beeldbellen", "score", "geen", 2},
      {1, "Kernresultaten liggen op tempo", "score", "okr-tempo", 1},
      {0, NULL, NULL, NULL, 0}},
     {{1, "Tablets uitleveren aan 40 cliënten", "pilot@scalelab.test", "klaar", -60, 10, {0}},
      {1, "Wijkverpleegkundigen trainen in beeldbellen", "pilot@scalelab.test", "klaar", -50, 5, {0}},
      {1,
       "Tevredenheid meten onder cliënten en mantelzorgers",
       "pilot@scalelab.test",
       "bezig",
       20,
       15,
       {1, 2, 0}},
      {1, "Afspraak met zorgverzekeraar over bekostiging", "pilot@scalelab.test", "open", 45, 20, {0}},
      {2, "Uitrol naar de tweede wijk", "pilot@scalelab.test", "open", 120, 30, {3, 4, 0}},
      {0, NULL, NULL, NULL, 0, 0, {0}}},
     {{"Zorgverzekeraar Oost", "markt", 5, 3, 1, 0, "neutraal", "steunend",
       "Bekostigt beeldzorg als dat zorguren bespaart."},
      {"Gemeente Oostdorp, Wmo", "overheid", 3, 3, 1, 0, "steunend", "steunend",
       "Ondersteunt mantelzorgers en digitale vaardigheden."},
      {"Wijkverpleegkundigen", "samenleving", 3, 5, 1, 1, "steunend", "trekkend",
       "Voeren de gesprekken; moeten het willen."},
      {"Cliëntenraad Zorgcoöperatie Oost", "samenleving", 2, 5, 1, 0, "onbekend", "steunend",
       "Spreekt voor cliënten."},
      {"Leverancier beeldbelplatform", "markt", 2, 4, 0, 1, "trekkend", "trekkend",
       "Levert software en tablets."},
      {"Universiteit Twente, zorgtechnologie", "wetenschap", 1, 3, 1, 0, "steunend", "steunend",
       "Onderzoekt de effecten op zorguren."},
      {NULL, NULL, 0, 0, 0, 0, NULL, NULL, NULL}},
     -1,
     NULL,
     NULL,
     NULL,
     NULL,
     NULL,
     NULL,
     0,
     NULL,
     {-1, -1, -1, -1, -1, -1}},
    /* the other demo initiatives: phases only, the current one matching their stage */
    {.initiative = "Buurtteam Jeugd Noord",
     .phases = {{"verkennen", -240, -150}, {"pilot", -149, 90}, {"opschalen", 91, 400}, {"borgen", 401, 700}},
     .current = 1,
     .review_phase = -1},
    {.initiative = "Slimme straatverlichting",
     .phases = {{"verkennen", -30, 120}, {"pilot", 121, 400}, {"opschalen", 401, 800}, {"borgen", 801, 1100}},
     .current = 0,
     .review_phase = -1},
    {.initiative = "Valpreventie thuis",
     .phases =
	 {{"verkennen", -1100, -900}, {"pilot", -899, -500}, {"opschalen", -499, -60}, {"borgen", -59, 365}},
     .current = 3,
     .review_phase = -1},
};

/* Gate criteria whose evidence is a growth metric of the initiative's
 * events (the demo's PostHog source, demo_growth.c), computed when shown. */
static const struct demo_metric_criterion {
	const char *initiative;
	int phase;
	const char *title, *kind;
	int weight;
	const char *metric, *params, *comparison;
	double threshold;
} metric_criteria[] = {
    {"Digitale schuldhulp-intake", 2, "Wekelijks gebruiken minstens 400 inwoners de intake", "knock-out", 1,
     "wau", "{}", ">=", 400},
    {"Digitale schuldhulp-intake", 2, "Inwoners bevelen de intake aan (NPS minstens 30)", "score", 2, "nps",
     "{}", ">=", 30},
    {"Digitale schuldhulp-intake", 2, "Minstens 25 % verstuurt de intake binnen 7 dagen", "score", 1,
     "activatie", "{\"activatie\":\"intake_verzonden\",\"activatiedagen\":\"7\"}", ">=", 25},
    {"Digitale schuldhulp-intake", 2, "Minstens 5 % komt in week 4 terug (retentie)", "score", 1, "retentie",
     "{\"interval\":\"week\",\"periode\":\"4\"}", ">=", 5},
};

static void day(int offset, char out[11])
{
	int64_t t = time_now();
	okr_date((t >= 0 ? t / 86400 : -((-t + 86399) / 86400)) + offset, out);
}

static int64_t user_id(const char *email)
{
	struct user u;
	if (!email || account_user_by_email(email, &u) < 0)
		return 0;
	return u.id;
}

static void load_one(const struct demo_plan *d)
{
	int64_t org = 0, ini = kpi_store_initiative_find(d->initiative, &org);
	BUG_ON(ini <= 0);
	int64_t phase_ids[5] = {0}, crit_ids[6] = {0}, step_ids[8] = {0};
	for (int i = 0; d->phases[i].name; i++) {
		char s[11], e[11];
		day(d->phases[i].start, s);
		day(d->phases[i].end, e);
		phase_ids[i] = plan_store_phase_add(ini, i + 1, d->phases[i].name, s, e);
		BUG_ON(phase_ids[i] <= 0);
	}
	plan_store_set_current(ini, phase_ids[d->current]);
	for (int i = 0; i < 6 && d->criteria[i].title; i++) {
		struct plan_criterion_in in = {.title = d->criteria[i].title,
					       .kind = d->criteria[i].kind,
					       .evidence = d->criteria[i].evidence,
					       .param = "",
					       .weight = d->criteria[i].weight};
		crit_ids[i] = plan_store_criterion_create(phase_ids[d->criteria[i].phase], &in);
		BUG_ON(crit_ids[i] <= 0);
	}
	for (size_t i = 0; i < sizeof metric_criteria / sizeof metric_criteria[0]; i++) {
		const struct demo_metric_criterion *m = &metric_criteria[i];
		if (strcmp(m->initiative, d->initiative))
			continue;
		json_t *params = json_loads(m->params, 0, NULL);
		struct plan_criterion_in in = {.title = m->title,
					       .kind = m->kind,
					       .evidence = "metriek",
					       .param = m->metric,
					       .weight = m->weight,
					       .has_threshold = 1,
					       .threshold = m->threshold,
					       .metric_params = params,
					       .comparison = m->comparison};
		BUG_ON(plan_store_criterion_create(phase_ids[m->phase], &in) <= 0);
		json_decref(params);
	}
	for (int i = 0; i < 8 && d->steps[i].title; i++) {
		char due[11];
		day(d->steps[i].due, due);
		struct plan_step_in in = {.initiative_id = ini,
					  .phase_id = phase_ids[d->steps[i].phase],
					  .owner_id = user_id(d->steps[i].owner_email),
					  .title = d->steps[i].title,
					  .due_on = due,
					  .status = d->steps[i].status,
					  .note = "",
					  .effort_days = d->steps[i].effort};
		step_ids[i] = plan_store_step_create(&in);
		BUG_ON(step_ids[i] <= 0);
		int64_t deps[3];
		size_t n = 0;
		for (int k = 0; k < 3 && d->steps[i].deps[k]; k++)
			deps[n++] = step_ids[d->steps[i].deps[k] - 1];
		plan_store_deps_set(step_ids[i], deps, n);
	}
	int64_t owner = user_id("demo@scalelab.test");
	for (int i = 0; i < 8 && d->people[i].name; i++) {
		const struct demo_stakeholder *p = &d->people[i];
		struct stakeholder_in in = {p->name, p->party, p->support,  p->desired,	   p->role,
					    "",	     p->power, p->interest, p->legitimate, p->urgent};
		int64_t id = stakeholder_store_create(ini, &in);
		BUG_ON(id <= 0);
		stakeholder_store_history_add(id, owner,
					      "[{\"field\":\"support\",\"from\":null,\"to\":\"onbekend\"}]");
		if (strcmp(p->support, "onbekend")) {
			char ch[200];
			snprintf(ch, sizeof ch,
				 "[{\"field\":\"support\",\"from\":\"onbekend\",\"to\":\"%s\"}]", p->support);
			stakeholder_store_history_add(id, owner, ch);
		}
	}
	if (d->review_phase < 0)
		return;
	int err = 0;
	json_t *snap = api_evidence(ini, &err);
	BUG_ON(!snap);
	json_t *crit = plan_store_criteria(phase_ids[d->review_phase]);
	json_t *judged = plan_judge(crit, snap);
	size_t i;
	json_t *j;
	json_array_foreach (judged, i, j)
		for (int k = 0; k < 6; k++)
			if (crit_ids[k] == json_integer_value(json_object_get(j, "criterionId")) &&
			    d->scores[k] >= 0) {
				if (!strcmp(d->criteria[k].kind, "knock-out"))
					json_object_set_new(j, "met", json_boolean(d->scores[k]));
				else
					json_object_set_new(j, "score", json_integer(d->scores[k]));
			}
	json_t *ready = plan_readiness_json(judged);
	char *s = json_dumps(snap, JSON_COMPACT | JSON_SORT_KEYS), *js = json_dumps(judged, JSON_COMPACT);
	char opened[21];
	day(d->decided - 7, opened);
	memcpy(opened + 10, "T13:30:00Z", 11);
	int64_t rid = plan_store_review_create(phase_ids[d->review_phase], s, js, owner, opened);
	BUG_ON(rid <= 0);
	json_t *pct = json_object_get(ready, "percent");
	plan_store_review_judgements(rid, js, json_is_number(pct) ? json_number_value(pct) : -1);
	char on[11];
	day(d->decided, on);
	struct plan_decision_in dec = {
	    d->decision,   d->rationale, d->makers,	  on,
	    d->conditions, d->route,	 d->method_route, d->override ? d->override : "",
	    owner};
	BUG_ON(plan_store_review_decide(rid, &dec) < 0);
	free(s);
	free(js);
	json_decref(ready);
	json_decref(judged);
	json_decref(crit);
	json_decref(snap);
}

void demo_plan_load(void)
{
	static const char *const oost[] = {"oriëntatie", "proeftuin", "uitrol", "borging"};
	plan_store_org_phases_set(org_id_by_slug("zorgcooperatie-oost"), oost, 4);
	for (size_t i = 0; i < sizeof plans / sizeof plans[0]; i++)
		load_one(&plans[i]);
}
