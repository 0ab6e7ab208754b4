/* SPDX-License-Identifier: EUPL-1.2 */
/*
 * demo_assessment: a complete assessment example for newcomers. The pilot
 * "Buurtcoaches schulden in wijk Noord" has two closed rounds of the pilot
 * scaling canvas, each answered by five raters (four members and one
 * outside rater with an invitation link), with visible disagreement on
 * funding (0 to 4) and support; "niet van toepassing" where the pilot has
 * no IT of its own and no rule pinches; the scalable unit (a buurtcoach per
 * wijk) with its cost in the pilot, at scale and in current practice;
 * routes as direction and mechanism; actions accepted from the first round's suggestions
 * (one overdue, one done); the intake initiative, at the scaling stage,
 * has an open round with two of three answer sheets in. Dates are relative
 * to today. Writes through the stores in the demo's one transaction.
 */
#include "cli/demo_assessment.h"

#include <stdio.h>
#include <string.h>

#include "api/method_registry.h"
#include "domain/action.h"
#include "domain/initiative.h"
#include "domain/method.h"
#include "domain/okr.h"
#include "domain/role.h"
#include "lib/buf.h"
#include "lib/secret.h"
#include "lib/timeutil.h"
#include "lib/util.h"
#include "store/account.h"
#include "store/action_store.h"
#include "store/assessment_store.h"
#include "store/initiative_store.h"
#include "store/kpi_store.h"
#include "store/org.h"
#include "store/workshop_store.h"

#define METHOD "pilot-scaling-canvas"
#define NRATERS 5
#define UNK (-1) /* "weet niet" */
#define NVT (-2) /* "niet van toepassing" */

/* Levels per ingredient (every question feeding it), one per rater in the
 * order of the raters below; UNK is "weet niet", NVT "niet van toepassing".
 * The evidence ladder runs 0-5, the other scales 0-4. */
struct levels {
	const char *ingredient;
	int r1[NRATERS]; /* first round, about four months ago */
	int r2[NRATERS]; /* second round, three weeks ago */
};

static const struct levels levels[] = {
    {"evidence", {1, 2, 1, 2, 1}, {3, 3, 2, 3, 1}},
    {"working-elements", {1, 1, 0, 1, UNK}, {2, 2, 1, 2, 1}},
    {"demand", {2, 2, 3, 2, 2}, {3, 3, 3, 2, 3}},
    {"funding", {0, 0, 1, 2, 0}, {1, 0, 1, 4, 0}},
    {"ownership", {1, 1, 1, 1, 2}, {2, 2, 1, 2, 2}},
    {"support", {3, 2, 3, 1, 2}, {4, 3, 4, 0, 3}},
    {"capacity", {1, 0, 1, 1, 1}, {1, 1, 2, 1, 1}},
    {"governance", {1, 2, 1, 1, UNK}, {2, 3, 2, 2, UNK}},
    {"regulation", {2, 2, UNK, UNK, UNK}, {3, 2, UNK, UNK, 2}},
    {"procurement", {0, 1, UNK, UNK, UNK}, {1, 1, UNK, 0, UNK}},
    {"data-privacy", {1, 1, 0, 1, 1}, {2, 3, 1, 2, 1}},
    /* The coaches register in the wijkteam's own system: no IT of their own. */
    {"technical", {2, 2, 2, 2, 1}, {NVT, NVT, NVT, NVT, NVT}},
    {"partnerships", {2, 2, 2, 2, 3}, {3, 2, 3, 3, 4}},
};

/* Pitfall states per rater: a = absent, p = present, m = mitigated. */
struct pitfalls {
	const char *pitfall;
	const char *r1, *r2;
};

static const struct pitfalls pitfalls[] = {
    {"pilot-money", "ppppp", "ppmpp"},
    {"pioneers", "ppmpa", "mmmpm"},
    {"exemptions", "aaaaa", "aaaaa"},
    {"extra-attention", "ppppp", "pmppp"},
    {"hand-picked", "paapa", "aaapa"},
    {"uniform-sites", "ppppp", "ppppp"},
    {"existing-alternative", "aaaap", "mmamm"},
    {"effect-lacking", "aaaaa", "aaaaa"},
    {"kpis", "apaaa", "aaaaa"},
    {"management", "mpmam", "mmmam"},
    {"delivery", "ppapp", "mpapp"},
    {"fatigue", "aaapa", "aaapa"},
    {"wrong-pocket", "ppppa", "pppmp"},
    {"endless-piloting", "paapa", "maama"},
    {"lost-core", "aaaaa", "amaaa"},
    {"blind-copy", "aaaaa", "paapa"},
    {"lessons-lost", "ppaap", "mmaam"},
};

struct rater_def {
	const char *email; /* a member, or NULL for the outside rater */
	const char *name, *role;
};

static const struct rater_def raters[NRATERS] = {
    {"demo@scalelab.test", "Dewi de Programmamanager", "programmamanager"},
    {"pilot@scalelab.test", "Pieter Pilotleider", "pilotleider"},
    {"sanne@scalelab.test", "Sanne Schuldhulpverlener", "uitvoering schuldhulp"},
    {"wim@scalelab.test", "Wim Wijkcoach", "buurtcoach"},
    {NULL, "Fatima El Amrani", "coördinator Stichting SchuldHulpMaatje (extern)"},
};

/* Evidence a few raters gave with their level (second round). */
struct note {
	int rater;
	const char *question, *evidence;
};

static const struct note notes[] = {
    {0, "evidence-1",
     "Tussenevaluatie van de hogeschool: 64 huishoudens gevolgd, bij 41 daalde de schuld binnen een half "
     "jaar."},
    {1, "funding-1", "Het pilotbudget loopt tot eind volgend jaar; daarna is er niets toegezegd."},
    {3, "funding-1", "De wethouder zegde in de raad structureel geld toe."},
    {3, "support-1", "Collega's in het team haken af: de buurtcoach doet het werk naast de eigen taken."},
    {2, "support-1", "Cliëntenraad en maatschappelijk werk vragen om uitbreiding naar Zuid."},
    {4, "evidence-1", "Van onze vrijwilligers hoor ik wisselende verhalen; cijfers ken ik niet."},
};

static int64_t user_id(const char *email)
{
	struct user u;
	if (!email || account_user_by_email(email, &u) < 0)
		return 0;
	return u.id;
}

static void date_rel(int days, char out[11])
{
	okr_date(time_now() / 86400 + days, out);
}

static void put_level(int64_t rater, const char *q, int level, const char *evidence)
{
	struct assessment_answer_in a = {.question = q,
					 .unknown = level == UNK,
					 .not_applicable = level == NVT,
					 .has_level = level >= 0,
					 .level = level >= 0 ? level : 0,
					 .evidence = evidence};
	assessment_store_answer_put(rater, &a);
}

/* A number question's answer (whole euros, a count). */
static void put_number(int64_t rater, const char *q, long long n)
{
	struct assessment_answer_in a = {.question = q, .has_level = 1, .level = n};
	assessment_store_answer_put(rater, &a);
}

static void put_text(int64_t rater, const char *q, const char *text)
{
	struct assessment_answer_in a = {.question = q, .text = text};
	assessment_store_answer_put(rater, &a);
}

static void put_options(int64_t rater, const char *q, const char *options)
{
	struct assessment_answer_in a = {.question = q, .options = options};
	assessment_store_answer_put(rater, &a);
}

/* The options JSON of the pitfall question's option that means state c
 * (the last such option, e.g. "nothing comparable" over "this approach
 * itself"). */
static void pitfall_option(const struct method_question *q, char c, char out[80])
{
	enum method_pitfall_state want = c == 'p'   ? METHOD_PITFALL_PRESENT
					 : c == 'm' ? METHOD_PITFALL_MITIGATED
						    : METHOD_PITFALL_ABSENT;
	const char *id = NULL;
	for (size_t i = 0; i < q->n_options; i++)
		if (q->options[i].pitfall_state == want)
			id = q->options[i].id;
	BUG_ON(!id);
	snprintf(out, 80, "[\"%s\"]", id);
}

/* The level rater r gives on question k (0, 1, ...) of an ingredient whose
 * value is lv: the pilot lead and the outside rater judge the later
 * questions of an ingredient a little lower. */
static int level_on(int lv, int r, int k)
{
	return lv >= 0 && k > 0 && (r == 1 || r == 4) && lv > 0 ? lv - 1 : lv;
}

/* One rater's answer sheet of the buurtcoach pilot in round `second`. */
static void answer_sheet(const struct method *m, int64_t rid, int r, int second)
{
	for (size_t i = 0; i < sizeof levels / sizeof *levels; i++) {
		const struct levels *l = &levels[i];
		const struct method_ingredient *mi = method_ingredient_find(m, l->ingredient);
		BUG_ON(!mi);
		int lv = second ? l->r2[r] : l->r1[r];
		int k = 0;
		for (size_t n = 0; n < m->n_questions; n++) {
			const struct method_question *q = &m->questions[n];
			if (q->ingredient != mi)
				continue;
			int v = level_on(lv, r, k++);
			if (v == NVT && !q->not_applicable)
				v = UNK;
			if (v > mi->scale->max)
				v = mi->scale->max;
			const char *ev = NULL;
			for (size_t x = 0; second && x < sizeof notes / sizeof *notes; x++)
				if (notes[x].rater == r && !strcmp(notes[x].question, q->id))
					ev = notes[x].evidence;
			put_level(rid, q->id, v, ev);
		}
	}
	for (size_t i = 0; i < sizeof pitfalls / sizeof *pitfalls; i++) {
		const struct method_pitfall *pf = method_pitfall_find(m, pitfalls[i].pitfall);
		BUG_ON(!pf || !pf->question);
		char opt[80];
		pitfall_option(pf->question, (second ? pitfalls[i].r2 : pitfalls[i].r1)[r], opt);
		put_options(rid, pf->question->id, opt);
	}
	/* No rule is known to pinch yet: the two who know say so. */
	if (r == 0 || r == 1)
		put_level(rid, "regulation-2", NVT, NULL);
	if (r == 0 || r == 1) {
		put_text(rid, "impact-ambition",
			 "Over twee jaar krijgen 600 huishoudens per jaar in alle wijken van Voorbeeldstad "
			 "binnen twee weken hulp bij beginnende schulden.");
		put_number(rid, "impact-target", 600);
		put_text(rid, "impact-measure",
			 "Aantal aanmeldingen bij schuldhulp binnen drie maanden na signaal.");
		put_text(rid, "unit-definition",
			 "Eén buurtcoach (0,6 fte) per wijk, ingebed in het wijkteam.");
		put_number(rid, "units-pilot", 1);
		put_number(rid, "units-target", 8);
		/* The pilot lead counts the researcher's hours in; the owner does not. */
		put_number(rid, "unit-cost-pilot", r == 0 ? 74000 : 81000);
		put_number(rid, "unit-cost-scale", second ? 52000 : 58000);
		put_number(rid, "unit-cost-current", 61000);
	}
	if (r == 0 && second)
		put_text(rid, "impact-next-adopter",
			 "De wijkteams van Zuid en Oost. Hun teamleiders vragen erom, maar willen eerst "
			 "weten wat een buurtcoach kost en wie hem betaalt.");
	put_options(rid, "routes-direction",
		    r == 2 ? "[\"scaling-out\"]"
			   : (second ? "[\"scaling-out\",\"scaling-deep\"]" : "[\"scaling-out\"]"));
	put_options(rid, "routes-mechanism",
		    r == 2 ? "[\"replicate\"]" : (second ? "[\"embed\",\"replicate\"]" : "[\"embed\"]"));
	if (r == 0)
		put_text(rid, "routes-why",
			 "Andere wijken vragen erom, en het werk hoort uiteindelijk in de gewone wijkteams.");
}

/* A round of the buurtcoach pilot with all five raters submitted. */
static int64_t pilot_round(const struct method *m, int64_t initiative, int64_t owner, const char *title,
			   int from, int to, int second)
{
	char ps[11], pe[11];
	date_rel(from, ps);
	date_rel(to, pe);
	struct assessment_round_in in = {.initiative_id = initiative,
					 .method_id = METHOD,
					 .method_version = m->version,
					 .title = title,
					 .period_start = ps,
					 .period_end = pe,
					 .created_by = owner};
	int64_t round = assessment_store_round_create(&in);
	BUG_ON(round <= 0);
	for (int r = 0; r < NRATERS; r++) {
		int64_t rid;
		if (raters[r].email) {
			rid = assessment_store_rater_add(round, user_id(raters[r].email), raters[r].name,
							 raters[r].role, NULL, 0);
		} else {
			/* The link was used; its token is not kept anywhere. */
			char tok[SECRET_TOKEN_LEN + 1];
			unsigned char h[SECRET_HASH_LEN];
			secret_token(tok);
			secret_digest(tok, h);
			rid = assessment_store_rater_add(round, 0, raters[r].name, raters[r].role, h,
							 time_now() + 14 * 86400);
		}
		BUG_ON(rid <= 0);
		answer_sheet(m, rid, r, second);
		assessment_store_rater_set_status(rid, RATER_SUBMITTED);
	}
	assessment_store_round_set_status(round, ASSESSMENT_ROUND_CLOSED);
	return round;
}

static const struct method_rule *rule(const struct method *m, const char *id)
{
	for (size_t i = 0; i < m->n_rules; i++)
		if (!strcmp(m->rules[i].id, id))
			return &m->rules[i];
	BUG("demo rule %s not in the method", id);
}

static void accept(const struct method *m, int64_t initiative, int64_t round, const char *rule_id,
		   const char *ingredient, int64_t owner, const char *owner_text, int due,
		   enum action_status st)
{
	const struct method_rule *ru = rule(m, rule_id);
	char d[11];
	date_rel(due, d);
	struct action_in a = {.initiative_id = initiative,
			      .round_id = round,
			      .rule_id = rule_id,
			      .ingredient = ingredient,
			      .title = ru->actions[0].nl,
			      .owner = owner_text ? owner_text : "",
			      .owner_id = owner,
			      .due_date = d,
			      .status = st,
			      .parties = NULL};
	BUG_ON(action_store_create(&a) <= 0);
}

static void open_intake_round(const struct method *m, int64_t org, int64_t owner)
{
	int64_t o = 0, initiative = kpi_store_initiative_find("Digitale schuldhulp-intake", &o);
	BUG_ON(initiative <= 0 || o != org);
	char ps[11], pe[11];
	date_rel(-4, ps);
	date_rel(10, pe);
	struct assessment_round_in in = {.initiative_id = initiative,
					 .method_id = METHOD,
					 .method_version = m->version,
					 .title = "Opschalen naar de regio: voorjaarsronde",
					 .period_start = ps,
					 .period_end = pe,
					 .created_by = owner};
	int64_t round = assessment_store_round_create(&in);
	BUG_ON(round <= 0);
	for (int r = 0; r < 3; r++) {
		int64_t rid = assessment_store_rater_add(round, user_id(raters[r].email), raters[r].name,
							 raters[r].role, NULL, 0);
		BUG_ON(rid <= 0);
		if (r == 0) /* the owner has not answered yet */
			continue;
		for (size_t i = 0; i < sizeof levels / sizeof *levels; i++) {
			const struct method_ingredient *mi = method_ingredient_find(m, levels[i].ingredient);
			int lv = levels[i].r2[(r + 2) % NRATERS];
			if (lv == NVT) /* the digital intake does have IT of its own */
				lv = levels[i].r1[(r + 2) % NRATERS];
			for (size_t n = 0; n < m->n_questions; n++)
				if (m->questions[n].ingredient == mi)
					put_level(rid, m->questions[n].id,
						  lv < 0
						      ? UNK
						      : (lv + 1 > mi->scale->max ? mi->scale->max : lv + 1),
						  NULL);
		}
		assessment_store_rater_set_status(rid, RATER_SUBMITTED);
	}
}

void demo_assessment_load(const json_t *d)
{
	if (!method_registry_count()) {
		struct buf err = {0};
		if (method_registry_load(NULL, &err) < 0)
			BUG("methods do not load: %s", err.data ? err.data : "");
		buf_free(&err);
	}
	const struct method *m = method_registry_get(METHOD);
	BUG_ON(!m);
	const char *pw = json_string_value(json_object_get(d, "password"));
	int64_t org = org_id_by_slug("gemeente-voorbeeldstad");
	BUG_ON(org <= 0);
	int64_t sanne = account_user_add("sanne@scalelab.test", "Sanne Schuldhulpverlener", pw, 0);
	int64_t wim = account_user_add("wim@scalelab.test", "Wim Wijkcoach", pw, 0);
	BUG_ON(sanne <= 0 || wim <= 0);
	org_member_set(org, sanne, ROLE_BEWERKER);
	org_member_set(org, wim, ROLE_LEZER);
	int64_t owner = user_id("demo@scalelab.test");
	char target[11];
	date_rel(2 * 365, target);
	struct initiative in = {
	    .org_id = org,
	    .owner_id = owner,
	    .name = "Buurtcoaches schulden in wijk Noord",
	    .description =
		"Buurtcoaches uit de wijk spreken bewoners aan bij de eerste tekenen van geldzorgen "
		"(een afgesloten energiecontract, een brief van de woningcorporatie) en begeleiden "
		"hen naar schuldhulp voordat de schulden oplopen.",
	    .sector = "sociaal domein",
	    .stage = INITIATIVE_STAGE_PILOT,
	    .target_group = "huishoudens met beginnende betalingsachterstanden",
	    .target_area = "alle wijken van Voorbeeldstad",
	    .target_reach = 600,
	    .target_date = target,
	    .scalable_unit = "één buurtcoach per wijk, ingebed in het wijkteam",
	};
	json_t *inv = json_array();
	if (initiative_validate(&in, inv) < 0)
		BUG("demo initiative %s does not validate", in.name);
	json_decref(inv);
	int64_t initiative = initiative_store_create(&in);
	BUG_ON(initiative <= 0);
	int64_t r1 = pilot_round(m, initiative, owner, "Nulmeting bij de start van de pilot", -130, -116, 0);
	int64_t r2 = pilot_round(m, initiative, owner, "Tussenstand na een half jaar", -24, -10, 1);
	/* The second round ended in a workshop: what the group agreed, with dissent. */
	int64_t ws = workshop_store_create(r2, "DEMO26", "ingredients", owner);
	BUG_ON(ws <= 0);
	workshop_store_close(ws);
	workshop_store_agreed_put(
	    r2, "impact", -1,
	    "Binnen twee jaar krijgen 600 huishoudens per jaar in alle wijken hulp binnen twee weken na "
	    "het eerste signaal.",
	    "", "", NULL);
	workshop_store_agreed_put(r2, "routes", -1,
				  "Eerst repliceren in Zuid, daarna borgen in de wijkteams.", "", "",
				  "[\"replicate\",\"embed\"]");
	workshop_store_agreed_put(
	    r2, "evidence", 3,
	    "Eerste aanwijzingen: een voor- en nameting laat minder oplopende schulden zien.",
	    "Tussenevaluatie van de hogeschool (64 huishoudens).",
	    "De stichting vindt de groep te klein voor harde conclusies.", NULL);
	workshop_store_agreed_put(
	    r2, "funding", 1, "Er is geen structureel budget toegezegd na de pilot.",
	    "Raadsbesluit van dit voorjaar noemt alleen de pilotperiode.",
	    "De buurtcoach hoorde de wethouder structureel geld toezeggen; dat staat nergens op papier.",
	    NULL);
	workshop_store_agreed_put(r2, "support", 3,
				  "Bewoners en partners zijn positief; in het team is het draagvlak dun.", "",
				  "Wim ziet collega's afhaken: eerder een 1.", NULL);
	int64_t pieter = user_id("pilot@scalelab.test");
	accept(m, initiative, r1, "weak-funding", "funding", owner, NULL, 21, ACTION_IN_PROGRESS);
	accept(m, initiative, r1, "weak-capacity", "capacity", pieter, NULL, -40, ACTION_DONE);
	accept(m, initiative, r1, "pitfall-pilot-money", "pilot-money", owner, NULL, -5, ACTION_OPEN);
	accept(m, initiative, r1, "weak-procurement", "procurement", 0, "inkoopadviseur concern", 45,
	       ACTION_OPEN);
	open_intake_round(m, org, owner);
}
