/* SPDX-License-Identifier: EUPL-1.2 */
/*
 * party: public party profiles (offers mapped to method ingredients,
 * expiry after 12 months without confirmation), matching an initiative's
 * needs to parties on their track record (domain/match.h), "who already
 * did this?" (similar initiatives by text and ingredient profile) and
 * connect requests. Other organisations' initiatives count only when they
 * are shared (initiative_shares); nothing else of theirs is read.
 */
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <limits.h>
#include <string.h>
#include <strings.h>

#include "api/assessment.h"
#include "api/field.h"
#include "api/initiative.h"
#include "api/knowledge.h"
#include "api/page.h"
#include "api/method_registry.h"
#include "api/module.h"
#include "api/notify.h"
#include "api/organisation.h"
#include "domain/match.h"
#include "domain/tokenizer.h"
#include "lib/buf.h"
#include "lib/problem.h"
#include "lib/timeutil.h"
#include "lib/util.h"
#include "store/assessment_store.h"
#include "store/initiative_store.h"
#include "store/knowledge_store.h"
#include "store/org.h"
#include "store/party_store.h"
#include "store/search_fts.h"

#define PARTY_VALID_DAYS 365
#define SIMILAR_MAX 5

/* --- profiles ------------------------------------------------------------- */

/* Whether a profile confirmed at `at` has expired (12 months). */
static int expired(const char *at)
{
	char cutoff[21];
	time_rfc3339(time_now() - (int64_t)PARTY_VALID_DAYS * 86400, cutoff);
	return !at || strcmp(at, cutoff) < 0;
}

/* Adds expiresAt, expired and offer titles to a stored profile. */
static json_t *profile_doc(json_t *p, const char *lang)
{
	const char *at = json_string_value(json_object_get(p, "confirmedAt"));
	json_object_set_new(p, "expired", json_boolean(expired(at)));
	size_t i;
	json_t *o;
	json_array_foreach (json_object_get(p, "offers"), i, o)
		json_object_set_new(o, "title",
				    json_string(knowledge_ingredient_title(
					json_string_value(json_object_get(o, "ingredient")), lang)));
	return p;
}

int api_party_list(struct api_ctx *c, json_t **out)
{
	const char *want = api_str(c->query, "aanbod");
	const char *helix = api_str(c->query, "helix");
	/* current profiles only (an expired one is hidden until renewed),
	 * filtered and paged in the store (api/page.h) */
	char cutoff[21];
	time_rfc3339(time_now() - (int64_t)PARTY_VALID_DAYS * 86400, cutoff);
	int64_t size = c->page ? c->page->size : INT_MAX, number = c->page ? c->page->number : 1;
	json_t *list = party_store_list_page(cutoff, helix, want, (number - 1) * size, (int)size);
	size_t i;
	json_t *p;
	json_array_foreach (list, i, p)
		profile_doc(p, c->lang);
	*out = json_pack("{s:o,s:o}", "parties", list, "ingredients", knowledge_ingredients(c->lang));
	if (c->is_page) {
		/* where the reader can write a profile of their own */
		size_t n;
		struct organisation *orgs = org_list_for_user(c->user_id, 0, &n);
		json_t *mine = json_array();
		for (size_t k = 0; k < n; k++)
			if (orgs[k].role >= ROLE_BEWERKER)
				json_array_append_new(
				    mine, json_pack("{s:s,s:s}", "slug", orgs[k].slug, "name", orgs[k].name));
		organisation_list_free(orgs, n);
		json_object_set_new(*out, "myOrganisations", mine);
	}
	if (c->page)
		api_page_number_links(c, *out, c->page, party_store_count(cutoff, helix, want));
	return 0;
}

/* The party of the path: its profile, or -ERR_NOTFOUND (no such organisation or no profile). */
static json_t *path_party(struct api_ctx *c, int64_t *org)
{
	if (api_parse_id(c->param[0], org) < 0)
		return NULL;
	json_t *p = party_store_get(*org);
	return p ? profile_doc(p, c->lang) : NULL;
}

int api_party_get(struct api_ctx *c, json_t **out)
{
	int64_t org;
	json_t *p = path_party(c, &org);
	if (!p)
		return -ERR_NOTFOUND;
	/* its shared initiatives: the public part of its track record */
	json_t *inis = party_store_initiatives(org), *shown = json_array();
	size_t i;
	json_t *x;
	json_array_foreach (inis, i, x)
		if (json_integer_value(json_object_get(x, "shared")))
			json_array_append_new(shown,
					      json_pack("{s:O,s:O,s:O}", "id", json_object_get(x, "id"),
							"name", json_object_get(x, "name"), "stage",
							json_object_get(x, "stage")));
	json_decref(inis);
	json_object_set_new(p, "initiatives", shown);
	if (c->is_page) {
		/* the initiatives the reader could send a request from */
		size_t n;
		struct organisation *orgs = org_list_for_user(c->user_id, 0, &n);
		json_t *mine = json_array();
		for (size_t k = 0; k < n; k++)
			if (orgs[k].role >= ROLE_BEWERKER && orgs[k].id != org) {
				json_t *l = api_initiative_summaries(orgs[k].id);
				json_array_extend(mine, l);
				json_decref(l);
			}
		organisation_list_free(orgs, n);
		json_object_set_new(p, "myInitiatives", mine);
		json_object_set_new(p, "canEdit", json_boolean(org_role(org, c->user_id) >= ROLE_BEWERKER));
	}
	*out = p;
	return 0;
}

int api_party_profile_form(struct api_ctx *c, json_t **out)
{
	json_t *p = party_store_get(c->org_id);
	json_t *org = api_org_doc(c->org_id);
	/* the form's values at the top, where a failed form puts what was typed */
	json_t *v = json_object();
	const char *keys[] = {"summary", "seeks", "regions", "sectors", "website"};
	if (p) {
		profile_doc(p, c->lang);
		for (size_t i = 0; i < 5; i++)
			json_object_set(v, keys[i], json_object_get(p, keys[i]));
	}
	json_t *ings = knowledge_ingredients(c->lang);
	size_t i;
	json_t *g;
	json_array_foreach (ings, i, g) {
		int on = 0;
		size_t k;
		json_t *o;
		json_array_foreach (json_object_get(p, "offers"), k, o)
			on |= !strcmp(json_string_value(json_object_get(o, "ingredient")),
				      json_string_value(json_object_get(g, "id")));
		json_object_set_new(g, "checked", json_boolean(on));
	}
	json_object_set_new(v, "organisation", org);
	json_object_set_new(v, "profile", p ? p : json_null());
	json_object_set_new(v, "ingredients", ings);
	*out = v;
	return 0;
}

enum { P_SUMMARY, P_SEEKS, P_REGIONS, P_SECTORS, P_WEBSITE, P_OFFERS };
static const struct field profile_fields[] = {
    [P_SUMMARY] = {.name = "summary", .type = FIELD_STRING, .flags = FIELD_REQUIRED, .max_len = 1000},
    [P_SEEKS] = {.name = "seeks", .type = FIELD_STRING, .max_len = 1000},
    [P_REGIONS] = {.name = "regions", .type = FIELD_STRING, .max_len = 300},
    [P_SECTORS] = {.name = "sectors", .type = FIELD_STRING, .max_len = 300},
    [P_WEBSITE] = {.name = "website", .type = FIELD_STRING, .max_len = 300},
    [P_OFFERS] = {.name = "offers", .type = FIELD_ANY},
};

/* Offers from JSON [{"ingredient","note"}], or from a form's checkboxes
 * {"<ingredient>": "1", ...}; NULL (and a problem) on a bad value. */
static json_t *read_offers(const json_t *v, int form, json_t *invalid)
{
	json_t *a = json_array();
	size_t i;
	json_t *o;
	if (!v)
		return a;
	if (form && json_is_object(v)) {
		const char *ing;
		json_object_foreach ((json_t *)v, ing, o) {
			if (!json_is_string(o) || !strcmp(knowledge_ingredient_title(ing, "nl"), ing))
				goto bad;
			json_array_append_new(a, json_pack("{s:s,s:s}", "ingredient", ing, "note", ""));
		}
		return a;
	}
	if (!json_is_array(v))
		goto bad;
	json_array_foreach (v, i, o) {
		const char *ing = json_string_value(json_object_get(o, "ingredient"));
		json_t *nj = json_object_get(o, "note");
		const char *note = nj ? json_string_value(nj) : "";
		if (!json_is_object(o) || !ing || !strcmp(knowledge_ingredient_title(ing, "nl"), ing) ||
		    !note || json_object_size(o) != (size_t)(nj ? 2 : 1) || strlen(note) > 300)
			goto bad;
		json_array_append_new(a, json_pack("{s:s,s:s}", "ingredient", ing, "note", note));
	}
	return a;
bad:
	json_decref(a);
	problem_add(invalid, "offers", "err.party.offers");
	return NULL;
}

int api_party_profile_put(struct api_ctx *c, json_t **out)
{
	struct field_value v[FIELD_COUNT(profile_fields)];
	api_fields(c, profile_fields, FIELD_COUNT(profile_fields), v);
	json_t *offers = read_offers(v[P_OFFERS].j, c->is_page, c->invalid);
	const char *web = v[P_WEBSITE].s;
	if (web && *web && strncmp(web, "https://", 8) && strncmp(web, "http://", 7))
		problem_add(c->invalid, "website", "err.party.website");
	if (json_array_size(c->invalid)) {
		json_decref(offers);
		api_audit_id(c, "party.profile", "organisation", c->org_id, "invalid");
		if (c->is_page) {
			json_t *f;
			api_party_profile_form(c, &f);
			*out = f;
		}
		return -ERR_INVALID;
	}
	int rc = party_store_put(c->org_id, v[P_SUMMARY].s, v[P_SEEKS].s, v[P_REGIONS].s, v[P_SECTORS].s, web,
				 offers);
	json_decref(offers);
	if (rc < 0)
		return rc;
	api_audit_id(c, "party.profile", "organisation", c->org_id, "ok");
	snprintf(c->location, sizeof c->location, "/partijen/%lld", (long long)c->org_id);
	*out = profile_doc(party_store_get(c->org_id), c->lang);
	return 0;
}

int api_party_confirm(struct api_ctx *c, json_t **out)
{
	if (party_store_confirm(c->org_id) < 0)
		return -ERR_NOTFOUND;
	api_audit_id(c, "party.confirm", "organisation", c->org_id, "ok");
	snprintf(c->location, sizeof c->location, "/partijen/%lld", (long long)c->org_id);
	*out = profile_doc(party_store_get(c->org_id), c->lang);
	return 0;
}

/* --- needs and track record ------------------------------------------------ */

struct scored {
	const struct method *m;
	struct score s;
	struct assessment_data d;
	int ok;
};

static void score_of(int64_t round_id, const char *method_id, struct scored *x)
{
	memset(x, 0, sizeof *x);
	x->m = method_registry_get(method_id);
	if (!x->m)
		return;
	assessment_data_load(round_id, &x->d);
	assessment_score(x->m, &x->d, &x->s);
	x->ok = 1;
}

static void scored_free(struct scored *x)
{
	if (x->ok) {
		score_free(&x->s);
		assessment_data_free(&x->d);
	}
}

/* The newest closed round of an initiative, scored; 0 or -1 when none. */
static int latest_closed(int64_t initiative_id, struct scored *x, json_t **round)
{
	struct assessment_round_list l = {0};
	assessment_store_round_list(initiative_id, &l);
	int rc = -1;
	for (size_t i = 0; i < l.n && rc < 0; i++)
		if (l.items[i].status == ASSESSMENT_ROUND_CLOSED) {
			score_of(l.items[i].id, l.items[i].method_id, x);
			if (x->ok) {
				rc = 0;
				if (round)
					*round = json_pack("{s:I,s:s,s:s}", "id", (json_int_t)l.items[i].id,
							   "title", l.items[i].title, "method",
							   l.items[i].method_id);
			}
		}
	assessment_round_list_free(&l);
	return rc;
}

/* Ingredients that rose between two consecutive closed rounds of one
 * method: appends {"ingredient","initiative","before","after"} to rises. */
static void rises_of(int64_t initiative_id, const char *name, json_t *rises)
{
	struct assessment_round_list all = {0};
	assessment_store_round_list(initiative_id, &all);
	const char *done[8];
	size_t nd = 0;
	for (size_t r = 0; r < all.n; r++) {
		const char *mid = all.items[r].method_id;
		int seen = 0;
		for (size_t k = 0; k < nd; k++)
			seen |= !strcmp(done[k], mid);
		if (seen || nd == 8)
			continue;
		done[nd++] = mid;
		struct assessment_round_list ser = {0};
		assessment_store_round_series(initiative_id, mid, &ser);
		struct scored prev = {0};
		int have = 0;
		for (size_t i = 0; i < ser.n; i++) {
			if (ser.items[i].status != ASSESSMENT_ROUND_CLOSED)
				continue;
			struct scored cur;
			score_of(ser.items[i].id, mid, &cur);
			if (!cur.ok)
				continue;
			if (have) {
				struct score_delta *d;
				size_t n;
				if (score_compare(&prev.s, &cur.s, &d, &n) == 0) {
					for (size_t k = 0; k < n; k++)
						if (!d[k].component && d[k].has_before && d[k].has_after &&
						    d[k].delta > 0)
							json_array_append_new(
							    rises,
							    json_pack("{s:s,s:I,s:s,s:f,s:f}", "ingredient",
								      d[k].id, "initiativeId",
								      (json_int_t)initiative_id, "initiative",
								      name, "before", d[k].before, "after",
								      d[k].after));
					free(d);
				}
				scored_free(&prev);
			}
			prev = cur;
			have = 1;
		}
		if (have)
			scored_free(&prev);
		assessment_round_list_free(&ser);
	}
	assessment_round_list_free(&all);
}

/* Whether a comma-separated list names s (case-insensitive), or says landelijk. */
static int list_has(const char *list, const char *s)
{
	if (!list || !s || !*s)
		return 0;
	char buf[320];
	snprintf(buf, sizeof buf, "%s", list);
	for (char *save, *t = strtok_r(buf, ",", &save); t; t = strtok_r(NULL, ",", &save)) {
		while (*t == ' ')
			t++;
		size_t n = strlen(t);
		while (n && t[n - 1] == ' ')
			t[--n] = '\0';
		if (!strcasecmp(t, s) || !strcasecmp(t, "landelijk") || strcasestr(s, t))
			return 1;
	}
	return 0;
}

static const char *helix_names[] = {"", "overheid", "markt", "wetenschap", "samenleving"};

/* The initiative's needs from its latest closed round: [{"ingredient","title","helix":[..],"why"}]. */
static json_t *needs_of(int64_t initiative_id, const char *lang, json_t **round)
{
	json_t *needs = json_array();
	struct scored x;
	if (latest_closed(initiative_id, &x, round) < 0)
		return needs;
	for (size_t i = 0; i < x.s.n_suggestions; i++) {
		const struct method_rule *ru = x.s.suggestions[i];
		if (ru->kind != METHOD_RULE_INGREDIENT_BELOW && ru->kind != METHOD_RULE_INGREDIENT_UNKNOWN)
			continue;
		const char *id = ru->ingredient->id;
		json_t *have = NULL;
		size_t k;
		json_t *n;
		json_array_foreach (needs, k, n)
			if (!strcmp(json_string_value(json_object_get(n, "ingredient")), id))
				have = n;
		if (!have) {
			have =
			    json_pack("{s:s,s:s,s:[],s:[]}", "ingredient", id, "title",
				      method_text_get(&ru->ingredient->title, lang), "helix", "partyKinds");
			json_array_append_new(needs, have);
		}
		for (size_t p = 0; p < ru->n_parties; p++) {
			json_t *h = json_object_get(have, "helix");
			const char *w = helix_names[ru->parties[p].type];
			int dup = 0;
			json_t *e;
			size_t q;
			json_array_foreach (h, q, e)
				dup |= !strcmp(json_string_value(e), w);
			if (!dup)
				json_array_append_new(h, json_string(w));
			const char *label = method_text_get(&ru->parties[p].label, lang);
			if (label)
				json_array_append_new(json_object_get(have, "partyKinds"),
						      json_string(label));
		}
	}
	for (size_t w = 0; w < x.s.n_weakest; w++) {
		const struct score_ingredient *si = &x.s.ingredients[x.s.weakest[w]];
		int dup = 0;
		size_t k;
		json_t *n;
		json_array_foreach (needs, k, n)
			dup |=
			    !strcmp(json_string_value(json_object_get(n, "ingredient")), si->ingredient->id);
		if (!dup)
			json_array_append_new(needs, json_pack("{s:s,s:s,s:[],s:[]}", "ingredient",
							       si->ingredient->id, "title",
							       method_text_get(&si->ingredient->title, lang),
							       "helix", "partyKinds"));
	}
	scored_free(&x);
	return needs;
}

/* Whether the caller may see initiative x (row with orgId, shared). */
static int may_see(int64_t user_id, json_t *x)
{
	return json_integer_value(json_object_get(x, "shared")) ||
	       org_role(json_integer_value(json_object_get(x, "orgId")), user_id) != ROLE_NONE;
}

static const char **strv(json_t *a, const char *member)
{
	size_t n = json_array_size(a), i;
	const char **v = xcalloc(n + 1, sizeof *v);
	json_t *x;
	json_array_foreach (a, i, x)
		v[i] = member ? json_string_value(json_object_get(x, member)) : json_string_value(x);
	return v;
}

/* --- "who already did this?" --------------------------------------------- */

struct bag {
	char (*t)[TOKENIZER_WORD_MAX];
	char (*word)[TOKENIZER_WORD_MAX]; /* the word as written (primary tokens), for people */
	char *primary;			  /* 1: the word's own stem, not a form at the same position */
	size_t n, cap;
	const char *src; /* the text being tokenized */
};

static int bag_add(void *arg, int colocated, const char *tok, size_t len, int s, int e)
{
	struct bag *b = arg;
	for (size_t i = 0; i < b->n; i++)
		if (!strncmp(b->t[i], tok, len) && !b->t[i][len])
			return 0;
	if (b->n == b->cap) {
		b->cap = b->cap ? 2 * b->cap : 32;
		b->t = xrealloc(b->t, b->cap * sizeof *b->t);
		b->primary = xrealloc(b->primary, b->cap);
		b->word = xrealloc(b->word, b->cap * sizeof *b->word);
	}
	b->primary[b->n] = !colocated;
	snprintf(b->word[b->n], TOKENIZER_WORD_MAX, "%.*s", e - s < TOKENIZER_WORD_MAX ? e - s : 0,
		 b->src + s);
	snprintf(b->t[b->n++], TOKENIZER_WORD_MAX, "%.*s", (int)len, tok);
	return 0;
}

static void bag_of(json_t *ini, struct bag *b)
{
	memset(b, 0, sizeof *b);
	const char *keys[] = {"name", "description", "sector"};
	for (size_t i = 0; i < 3; i++) {
		const char *s = json_string_value(json_object_get(ini, keys[i]));
		if (s) {
			b->src = s;
			tokenizer_run(s, strlen(s), search_fts_lexicon(), TOKENIZER_COMPOUNDS, bag_add, b);
		}
	}
}

static int bag_has(const struct bag *b, const char *t)
{
	for (size_t i = 0; i < b->n; i++)
		if (!strcmp(b->t[i], t))
			return 1;
	return 0;
}

/* Relative ingredient levels of the latest closed round, by ingredient id. */
static json_t *profile_of(int64_t initiative_id)
{
	json_t *p = json_object();
	struct scored x;
	if (latest_closed(initiative_id, &x, NULL) < 0)
		return p;
	for (size_t i = 0; i < x.s.n_ingredients; i++)
		if (x.s.ingredients[i].stat.scored)
			json_object_set_new(p, x.s.ingredients[i].ingredient->id,
					    json_real(x.s.ingredients[i].relative));
	scored_free(&x);
	return p;
}

static json_t *similar(struct api_ctx *c, json_t *self, int64_t self_org)
{
	json_t *cands = party_store_shared_initiatives(c->user_id);
	struct bag me;
	bag_of(self, &me);
	json_t *my_prof = profile_of(c->obj_id);
	size_t nc = json_array_size(cands), i;
	struct bag *bags = xcalloc(nc + 1, sizeof *bags);
	json_t *x;
	json_array_foreach (cands, i, x)
		bag_of(x, &bags[i]);
	json_t *out = json_array();
	json_array_foreach (cands, i, x) {
		if (json_integer_value(json_object_get(x, "orgId")) == self_org)
			continue; /* never the user's own initiatives */
		/* cosine over token sets with idf weights from the candidates */
		double dot = 0, na = 0, nb = 0;
		json_t *words = json_array();
		for (size_t k = 0; k < me.n; k++) {
			size_t df = 1;
			for (size_t j = 0; j < nc; j++)
				df += bag_has(&bags[j], me.t[k]);
			double w = log((double)(nc + 1) / (double)df) + 0.1;
			na += w * w;
			if (bag_has(&bags[i], me.t[k])) {
				dot += w * w;
				if (json_array_size(words) < 5 && me.primary[k] && strlen(me.t[k]) > 3)
					json_array_append_new(words, json_string(me.word[k]));
			}
		}
		for (size_t k = 0; k < bags[i].n; k++) {
			size_t df = 1;
			for (size_t j = 0; j < nc; j++)
				df += bag_has(&bags[j], bags[i].t[k]);
			double w = log((double)(nc + 1) / (double)df) + 0.1;
			nb += w * w;
		}
		double text = na > 0 && nb > 0 ? dot / sqrt(na * nb) : 0;
		json_t *prof = profile_of(json_integer_value(json_object_get(x, "id")));
		double diff = 0;
		int shared = 0;
		json_t *weak = json_array();
		const char *key;
		json_t *val;
		json_object_foreach (my_prof, key, val) {
			json_t *o = json_object_get(prof, key);
			if (!o)
				continue;
			shared++;
			diff += fabs(json_real_value(o) - json_real_value(val));
			if (json_real_value(o) < 0.5 && json_real_value(val) < 0.5)
				json_array_append_new(weak,
						      json_pack("{s:s,s:s}", "ingredient", key, "title",
								knowledge_ingredient_title(key, c->lang)));
		}
		json_decref(prof);
		double profile = shared ? 1 - diff / shared : 0;
		double score = shared ? 0.6 * text + 0.4 * profile : text;
		if (score < 0.05) {
			json_decref(words);
			json_decref(weak);
			continue;
		}
		int64_t id = json_integer_value(json_object_get(x, "id"));
		json_array_append_new(out, json_pack("{s:I,s:O,s:O,s:O,s:f,s:f,s:o,s:o,s:o,s:o}", "id",
						     (json_int_t)id, "name", json_object_get(x, "name"),
						     "organisation", json_object_get(x, "organisation"),
						     "stage", json_object_get(x, "stage"), "score", score,
						     "textSimilarity", text, "profileSimilarity",
						     shared ? json_real(profile) : json_null(), "sharedWords",
						     words, "sharedWeakIngredients", weak, "lessons",
						     knowledge_store_of_initiative(id, c->user_id)));
	}
	/* best first, at most SIMILAR_MAX */
	size_t n = json_array_size(out);
	for (size_t a = 1; a < n; a++)
		for (size_t b = a; b > 0; b--) {
			json_t *p = json_array_get(out, b - 1), *q = json_array_get(out, b);
			if (json_real_value(json_object_get(p, "score")) >=
			    json_real_value(json_object_get(q, "score")))
				break;
			json_incref(p);
			json_array_set(out, b - 1, q);
			json_array_set_new(out, b, p);
		}
	while (json_array_size(out) > SIMILAR_MAX)
		json_array_remove(out, SIMILAR_MAX);
	for (size_t k = 0; k < nc; k++) {
		free(bags[k].t);
		free(bags[k].word);
		free(bags[k].primary);
	}
	free(bags);
	free(me.t);
	free(me.word);
	free(me.primary);
	json_decref(my_prof);
	json_decref(cands);
	return out;
}

/* --- matching ------------------------------------------------------------- */

int api_party_matches(struct api_ctx *c, json_t **out)
{
	json_t *ini = api_initiative_doc(c->obj_id);
	if (!ini)
		return -ERR_NOTFOUND;
	const char *sector = json_string_value(json_object_get(ini, "sector"));
	const char *area = json_string_value(json_object_get(json_object_get(ini, "ambition"), "area"));
	json_t *round = NULL;
	json_t *needs = needs_of(c->obj_id, c->lang, &round);
	size_t nn = json_array_size(needs);
	struct match_need *mn = xcalloc(nn + 1, sizeof *mn);
	const char ***helix = xcalloc(nn + 1, sizeof *helix);
	for (size_t i = 0; i < nn; i++) {
		json_t *n = json_array_get(needs, i);
		mn[i].ingredient = json_string_value(json_object_get(n, "ingredient"));
		helix[i] = strv(json_object_get(n, "helix"), NULL);
		mn[i].helix = helix[i];
	}
	/* candidates: confirmed profiles of other organisations */
	json_t *all = party_store_list(), *cands = json_array();
	size_t i;
	json_t *p;
	json_array_foreach (all, i, p) {
		if (json_integer_value(json_object_get(p, "id")) == c->org_id ||
		    expired(json_string_value(json_object_get(p, "confirmedAt"))))
			continue;
		json_array_append(cands, p);
	}
	json_decref(all);
	size_t np = json_array_size(cands);
	struct match_party *mp = xcalloc(np + 1, sizeof *mp);
	const char ***offers = xcalloc(np + 1, sizeof *offers), ***fixed = xcalloc(np + 1, sizeof *fixed);
	json_t **rises = xcalloc(np + 1, sizeof *rises);
	json_t *seen = json_object(); /* initiative id -> its rises */
	json_array_foreach (cands, i, p) {
		int64_t org = json_integer_value(json_object_get(p, "id"));
		rises[i] = json_array();
		json_t *inis = party_store_initiatives(org);
		size_t k;
		json_t *x;
		json_array_foreach (inis, k, x) {
			if (json_integer_value(json_object_get(x, "id")) == c->obj_id ||
			    !may_see(c->user_id, x))
				continue;
			/* partners of one initiative share its rounds: score them once */
			char key[24];
			snprintf(key, sizeof key, "%lld",
				 (long long)json_integer_value(json_object_get(x, "id")));
			json_t *r = json_object_get(seen, key);
			if (!r) {
				r = json_array();
				rises_of(json_integer_value(json_object_get(x, "id")),
					 json_string_value(json_object_get(x, "name")), r);
				json_object_set_new(seen, key, r);
			}
			json_array_extend(rises[i], r);
		}
		json_decref(inis);
		offers[i] = strv(json_object_get(p, "offers"), "ingredient");
		fixed[i] = strv(rises[i], "ingredient");
		mp[i] = (struct match_party){
		    .id = org,
		    .helix = json_string_value(json_object_get(p, "helix")),
		    .offers = offers[i],
		    .fixed = fixed[i],
		    .region_fit = list_has(json_string_value(json_object_get(p, "regions")), area),
		    .sector_fit = list_has(json_string_value(json_object_get(p, "sectors")), sector),
		};
	}
	struct match_result *res = xcalloc(np + 1, sizeof *res);
	size_t nr = nn ? match_rank(mn, nn, mp, np, res) : 0;
	json_t *ranked = json_array();
	for (size_t r = 0; r < nr && r < 10; r++) {
		const struct match_party *q = &mp[res[r].party];
		json_t *pp = json_array_get(cands, res[r].party);
		json_t *covers = json_array();
		for (size_t k = 0; k < nn && k < MATCH_NEEDS_MAX; k++) {
			uint32_t bit = 1u << k;
			if (!(res[r].covered & bit))
				continue;
			json_t *ev = json_array();
			size_t e;
			json_t *x;
			json_array_foreach (rises[res[r].party], e, x)
				if (!strcmp(json_string_value(json_object_get(x, "ingredient")),
					    mn[k].ingredient))
					json_array_append(ev, x);
			json_array_append_new(
			    covers,
			    json_pack("{s:s,s:O,s:b,s:b,s:b,s:o}", "ingredient", mn[k].ingredient, "title",
				      json_object_get(json_array_get(needs, k), "title"), "offers",
				      !!(res[r].offered & bit), "fixedBefore", !!(res[r].fixed & bit),
				      "helixFits", !!(res[r].helix & bit), "evidence", ev));
		}
		json_array_append_new(
		    ranked,
		    json_pack("{s:I,s:O,s:O,s:f,s:f,s:f,s:b,s:b,s:o}", "id", (json_int_t)q->id, "name",
			      json_object_get(pp, "name"), "helix", json_object_get(pp, "helix"), "score",
			      res[r].score, "coverage", res[r].coverage, "trackRecord", res[r].track,
			      "regionFit", q->region_fit, "sectorFit", q->sector_fit, "covers", covers));
	}
	size_t pick[MATCH_COALITION_MAX];
	size_t nk = match_coalition(res, nr, mp, pick);
	json_t *coalition = json_array();
	for (size_t k = 0; k < nk; k++) {
		const struct match_party *q = &mp[res[pick[k]].party];
		json_t *pp = json_array_get(cands, res[pick[k]].party);
		json_t *cov = json_array();
		for (size_t j = 0; j < nn && j < MATCH_NEEDS_MAX; j++)
			if (res[pick[k]].covered & (1u << j))
				json_array_append_new(cov, json_string(mn[j].ingredient));
		json_array_append_new(coalition, json_pack("{s:I,s:O,s:O,s:o}", "id", (json_int_t)q->id,
							   "name", json_object_get(pp, "name"), "helix",
							   json_object_get(pp, "helix"), "covers", cov));
	}
	for (size_t k = 0; k < np; k++) {
		free(offers[k]);
		free(fixed[k]);
		json_decref(rises[k]);
	}
	for (size_t k = 0; k < nn; k++)
		free(helix[k]);
	json_decref(seen);
	free(offers), free(fixed), free(rises), free(helix), free(mn), free(mp), free(res);
	json_decref(cands);
	json_t *o =
	    json_pack("{s:{s:I,s:O,s:O},s:o,s:o,s:o,s:o,s:o,s:b,s:b}", "initiative", "id",
		      (json_int_t)c->obj_id, "name", json_object_get(ini, "name"), "organisation",
		      json_object_get(ini, "organisation"), "round", round ? round : json_null(), "needs",
		      needs, "parties", ranked, "coalition", coalition, "similar", similar(c, ini, c->org_id),
		      "shared", knowledge_store_shared(c->obj_id), "canEdit", c->role >= ROLE_BEWERKER);
	json_object_set_new(o, "adopted", knowledge_store_adopted(c->obj_id));
	json_decref(ini);
	*out = o;
	return 0;
}

/* --- connect -------------------------------------------------------------- */

enum { C_FROM, C_MESSAGE };
static const struct field request_fields[] = {
    [C_FROM] = {.name = "initiativeId", .type = FIELD_ID, .flags = FIELD_REQUIRED},
    [C_MESSAGE] = {.name = "message", .type = FIELD_STRING, .flags = FIELD_REQUIRED, .max_len = 2000},
};

/* Reads a request body: the sender's initiative (one the caller may edit)
 * and the message; its organisation in *from_org. */
static int read_request(struct api_ctx *c, struct field_value *v, int64_t *from_org)
{
	api_fields(c, request_fields, FIELD_COUNT(request_fields), v);
	if (v[C_FROM].ok) {
		*from_org = initiative_store_org(v[C_FROM].i);
		if (*from_org <= 0 || org_role(*from_org, c->user_id) < ROLE_BEWERKER)
			problem_add(c->invalid, "initiativeId", "err.party.from");
	}
	return json_array_size(c->invalid) ? -ERR_INVALID : 0;
}

/* Tells the people who can answer a request (bewerkers and beheerders of
 * the organisation asked) that it arrived, in their inbox and, as they
 * prefer, by e-mail. */
static void tell_receivers(int64_t id)
{
	json_t *r = party_store_request_get(id);
	if (!r)
		return;
	int64_t to_org = json_integer_value(json_object_get(r, "toOrgId"));
	const char *from = json_string_value(json_object_get(r, "fromOrg"));
	const char *ini = json_string_value(json_object_get(r, "fromInitiative"));
	char title[512];
	snprintf(title, sizeof title, "%s%s%s", from ? from : "", ini ? " · " : "", ini ? ini : "");
	json_t *params = json_pack("{s:s}", "title", title);
	size_t n = 0;
	struct organisation_member *m = org_members(to_org, &n);
	for (size_t i = 0; i < n; i++)
		if (m[i].role >= ROLE_BEWERKER)
			notify_person(to_org, m[i].user_id, "koppelverzoek", params, "/verzoeken");
	organisation_member_list_free(m, n);
	json_decref(params);
	json_decref(r);
}

static int created(struct api_ctx *c, int64_t id, json_t **out)
{
	if (id < 0)
		return (int)id;
	tell_receivers(id);
	api_audit_id(c, "party.request", "request", id, "ok");
	c->status = 201;
	snprintf(c->location, sizeof c->location, "/verzoeken");
	*out = party_store_request_get(id);
	return 0;
}

int api_party_request_party(struct api_ctx *c, json_t **out)
{
	int64_t org, from_org = 0;
	json_t *p = path_party(c, &org);
	if (!p)
		return -ERR_NOTFOUND;
	int expired_now = json_is_true(json_object_get(p, "expired"));
	json_decref(p);
	if (expired_now)
		return -ERR_NOTFOUND;
	struct field_value v[FIELD_COUNT(request_fields)];
	if (read_request(c, v, &from_org) == 0 && from_org == org)
		problem_add(c->invalid, "initiativeId", "err.party.self");
	if (json_array_size(c->invalid)) {
		api_audit(c, "party.request", "party", "invalid");
		if (c->is_page)
			api_party_get(c, out);
		return -ERR_INVALID;
	}
	return created(
	    c, party_store_request_create(c->user_id, from_org, v[C_FROM].i, org, 0, v[C_MESSAGE].s), out);
}

int api_party_request_initiative(struct api_ctx *c, json_t **out)
{
	int64_t target, from_org = 0;
	/* only a shared initiative (or one of the caller's own) can be asked */
	if (api_parse_id(c->param[0], &target) < 0)
		return -ERR_NOTFOUND;
	int64_t to_org = initiative_store_org(target);
	if (to_org <= 0 || !knowledge_store_shared(target))
		return -ERR_NOTFOUND;
	struct field_value v[FIELD_COUNT(request_fields)];
	if (read_request(c, v, &from_org) == 0 && from_org == to_org)
		problem_add(c->invalid, "initiativeId", "err.party.self");
	if (json_array_size(c->invalid)) {
		api_audit(c, "party.request", "initiative", "invalid");
		return -ERR_INVALID;
	}
	return created(
	    c, party_store_request_create(c->user_id, from_org, v[C_FROM].i, to_org, target, v[C_MESSAGE].s),
	    out);
}

#define INBOX_SHOWN 10 /* requests of each kind on the overview */

/* Requests received (received 1) or sent: one page, each received one
 * with whether the caller may decide it now. */
static json_t *requests(struct api_ctx *c, int received, int64_t offset, int limit)
{
	json_t *list = party_store_requests(c->user_id, received, offset, limit);
	size_t i;
	json_t *r;
	json_array_foreach (list, i, r) {
		int64_t to = json_integer_value(json_object_get(r, "toOrgId"));
		json_object_set_new(
		    r, "canDecide",
		    json_boolean(received && org_role(to, c->user_id) >= ROLE_BEWERKER &&
				 !strcmp(json_string_value(json_object_get(r, "status")), "open")));
	}
	return list;
}

int api_party_inbox(struct api_ctx *c, json_t **out)
{
	/* the overview: the first few of each list, how many there are, and
	 * the two paged collections (NL API Design Rules: one list per
	 * resource) for the rest */
	*out = json_pack("{s:o,s:o,s:I,s:I,s:I,s:{s:{s:s},s:{s:s}}}", "received",
			 requests(c, 1, 0, INBOX_SHOWN), "sent", requests(c, 0, 0, INBOX_SHOWN), "openCount",
			 (json_int_t)party_store_requests_count(c->user_id, 1, 1), "receivedCount",
			 (json_int_t)party_store_requests_count(c->user_id, 1, 0), "sentCount",
			 (json_int_t)party_store_requests_count(c->user_id, 0, 0), "_links", "received",
			 "href", c->is_page ? "/verzoeken/ontvangen" : "/api/v1/verzoeken/ontvangen", "sent",
			 "href", c->is_page ? "/verzoeken/verzonden" : "/api/v1/verzoeken/verzonden");
	return 0;
}

/* GET /verzoeken/ontvangen or /verzoeken/verzonden: one numbered page read
 * from the store and counted there (api/page.h). */
static int request_list(struct api_ctx *c, int received, json_t **out)
{
	int64_t size = c->page ? c->page->size : INT_MAX, number = c->page ? c->page->number : 1;
	json_t *o = json_pack("{s:s,s:o,s:I}", "kind", received ? "ontvangen" : "verzonden", "requests",
			      requests(c, received, (number - 1) * size, (int)size), "openCount",
			      (json_int_t)party_store_requests_count(c->user_id, received, 1));
	if (c->is_page) /* which list the template shows */
		json_object_set_new(o, "isReceived", json_boolean(received));
	if (c->page)
		api_page_number_links(c, o, c->page, party_store_requests_count(c->user_id, received, 0));
	*out = o;
	return 0;
}

int api_party_received(struct api_ctx *c, json_t **out)
{
	return request_list(c, 1, out);
}

int api_party_sent(struct api_ctx *c, json_t **out)
{
	return request_list(c, 0, out);
}

static const char *const decisions[] = {"geaccepteerd", "afgewezen", NULL};
static const struct field decide_fields[] = {
    {.name = "decision",
     .type = FIELD_ENUM,
     .flags = FIELD_REQUIRED,
     .values = decisions,
     .reason = "err.party.decision"},
};

int api_party_decide(struct api_ctx *c, json_t **out)
{
	struct field_value v[1];
	if (api_fields(c, decide_fields, 1, v) < 0) {
		api_audit_id(c, "party.decide", "request", c->obj_id, "invalid");
		return -ERR_INVALID;
	}
	json_t *r = party_store_request_get(c->obj_id);
	if (!r)
		return -ERR_NOTFOUND;
	if (party_store_request_decide(c->obj_id, v[0].s, c->user_id) < 0) {
		json_decref(r);
		c->detail = "err.party.decided";
		api_audit_id(c, "party.decide", "request", c->obj_id, "conflict");
		return -ERR_CONFLICT;
	}
	if (!strcmp(v[0].s, "geaccepteerd")) {
		/* the two now work together: the track record sees it */
		int64_t from_ini = json_integer_value(json_object_get(r, "fromInitiativeId"));
		int64_t to_ini = json_integer_value(json_object_get(r, "toInitiativeId"));
		if (to_ini > 0)
			party_store_partner_add(to_ini, json_integer_value(json_object_get(r, "fromOrgId")));
		else if (from_ini > 0)
			party_store_partner_add(from_ini, c->org_id);
	}
	/* the one who asked hears the answer */
	int64_t asker = party_store_request_from_user(c->obj_id);
	if (asker > 0) {
		char title[512];
		const char *to = json_string_value(json_object_get(r, "toOrg"));
		snprintf(title, sizeof title, "%s: %s", to ? to : "", v[0].s);
		json_t *params = json_pack("{s:s}", "title", title);
		notify_person(json_integer_value(json_object_get(r, "fromOrgId")), asker, "koppelverzoek",
			      params, "/verzoeken");
		json_decref(params);
	}
	json_decref(r);
	api_audit_id(c, "party.decide", "request", c->obj_id, "ok");
	snprintf(c->location, sizeof c->location, "/verzoeken");
	*out = party_store_request_get(c->obj_id);
	return 0;
}
