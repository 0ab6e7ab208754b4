/* SPDX-License-Identifier: EUPL-1.2 */
/*
 * method: a scaling method (a JSON file in methods/, format described in
 * methods/README.md) loaded into plain structs and validated completely:
 * every problem is reported with its source line, not just the first.
 * Pure: the loader takes a buffer, never a file name. It must never know
 * any method by name, and must never hand out a method that has problems.
 */
#ifndef SL_METHOD_H
#define SL_METHOD_H

#include <stdbool.h>
#include <stddef.h>

#include "lib/buf.h"
#include "lib/jsonpos.h"

#define METHOD_FORMAT "scalelab-method/1"
#define METHOD_LEVEL_MIN 0  /* lowest level any scale may use */
#define METHOD_LEVEL_MAX 10 /* highest level any scale may use */

/* A text in both languages; both are non-empty UTF-8 once loaded. */
struct method_text {
	char *nl;
	char *en; /* optional texts (help, intro) have both NULL when absent */
};

enum method_kind {
	METHOD_TEXT = 1, /* open text */
	METHOD_SINGLE,	 /* single choice */
	METHOD_MULTI,	 /* multiple choice */
	METHOD_SCALE,	 /* a level on a scale, or "weet niet" */
	METHOD_NUMBER,	 /* a whole number (euros, fte, a count, a percentage) or empty */
};

/* What a scale measures; each fits one question form (methods/README.md). */
enum method_scale_kind {
	METHOD_SCALE_KIND_NONE = 0,
	METHOD_SCALE_PROGRESS,	/* how far something is arranged */
	METHOD_SCALE_AGREEMENT, /* a statement is true / not true */
	METHOD_SCALE_EXTENT,	/* to what extent */
	METHOD_SCALE_LEVEL,	/* a ladder of levels */
	METHOD_SCALE_EVIDENCE,	/* an evidence ladder */
};

/* How a scale question is put to the rater. */
enum method_form {
	METHOD_FORM_NONE = 0,
	METHOD_FORM_HOW_FAR,	    /* fits progress */
	METHOD_FORM_STATEMENT,	    /* fits agreement; the prompt is no question */
	METHOD_FORM_TO_WHAT_EXTENT, /* fits extent */
	METHOD_FORM_WHICH_LEVEL,    /* fits level and evidence */
};

enum method_route_kind {
	METHOD_ROUTE_ANY = 0,	/* options_from "routes": every route */
	METHOD_ROUTE_DIRECTION, /* out, up, deep, in, beyond */
	METHOD_ROUTE_MECHANISM, /* replicate, licence, adapt, embed */
};

/* What advice a rule gives (default improve). */
enum method_outcome {
	METHOD_OUTCOME_IMPROVE = 0,
	METHOD_OUTCOME_RIGHT_SIZE, /* juistschalen */
	METHOD_OUTCOME_ADJUST,	   /* bijsturen */
	METHOD_OUTCOME_SUBSTITUTE, /* vervangen */
	METHOD_OUTCOME_POSTPONE,   /* uitstellen */
	METHOD_OUTCOME_STOP,	   /* stoppen */
};
#define METHOD_OUTCOME_COUNT 6

enum method_unit {
	METHOD_UNIT_NONE = 0,
	METHOD_UNIT_EURO, /* whole euros */
	METHOD_UNIT_FTE,
	METHOD_UNIT_COUNT,
	METHOD_UNIT_PERCENT,
};

/* What a number or text answer means to other modules (unique in a method). */
enum method_measure {
	METHOD_MEASURE_NONE = 0,
	METHOD_MEASURE_SCALE_TARGET, /* number: what the scaling ambition aims at */
	METHOD_MEASURE_UNIT_COST_PILOT,
	METHOD_MEASURE_UNIT_COST_SCALE,
	METHOD_MEASURE_UNIT_COST_CURRENT,
	METHOD_MEASURE_UNITS_PILOT,
	METHOD_MEASURE_UNITS_TARGET,
	METHOD_MEASURE_SCALABLE_UNIT, /* text: what the scalable unit is */
	METHOD_MEASURE_AMBITION,      /* text: the scaling ambition */
};
#define METHOD_MEASURE_COUNT 9

enum method_dimension {
	METHOD_DIM_NONE = 0,
	METHOD_DIM_READINESS, /* readiness x use: how far the component is developed */
	METHOD_DIM_USE,	      /* readiness x use: how far it is actually used */
};

/* What choosing an option on a pitfall question says about the pitfall. */
enum method_pitfall_state {
	METHOD_PITFALL_NONE = 0, /* not a pitfall question */
	METHOD_PITFALL_ABSENT,	 /* does not play here */
	METHOD_PITFALL_PRESENT,	 /* plays and is not covered */
	METHOD_PITFALL_MITIGATED /* plays and measures are in place */
};

enum method_party_type {
	METHOD_PARTY_OVERHEID = 1,
	METHOD_PARTY_MARKT,
	METHOD_PARTY_WETENSCHAP,
	METHOD_PARTY_SAMENLEVING,
};

struct method_anchor {
	int level;
	struct method_text text;
};

struct method_scale {
	char *id;
	enum method_scale_kind kind;
	int min, max;		       /* METHOD_LEVEL_MIN <= min < max <= METHOD_LEVEL_MAX */
	struct method_anchor *anchors; /* exactly max-min+1, sorted, anchors[i].level == min+i */
	size_t n_anchors;
};

struct method_option {
	char *id;
	struct method_text text;
	enum method_pitfall_state pitfall_state; /* NONE unless the question has a pitfall */
};

/* Catalogue entries: ingredients, readiness x use components, routes. */
struct method_ingredient {
	char *id;
	struct method_text title, description;
	const struct method_scale *scale; /* shared by every question feeding it */
	size_t n_questions;		  /* scale questions feeding it, >= 1 */
};

struct method_component {
	char *id;
	struct method_text title, description;
	const struct method_scale *readiness_scale, *use_scale;
};

struct method_route {
	char *id;
	struct method_text title, description;
	enum method_route_kind kind;		/* DIRECTION or MECHANISM once loaded */
	const struct method_pitfall **pitfalls; /* triggered when the route is chosen */
	size_t n_pitfalls;
};

struct method_pitfall {
	char *id;
	struct method_text title, description, prevention;
	const struct method_question *question; /* the question asking about it, or NULL */
};

struct method_question {
	char *id; /* unique within the method */
	enum method_kind kind;
	struct method_text prompt, help; /* help optional */
	size_t section;			 /* index into method.sections */
	/* METHOD_SCALE: scale, and exactly one of ingredient or component */
	const struct method_scale *scale;
	const struct method_ingredient *ingredient;
	const struct method_component *component;
	enum method_dimension dimension; /* set iff component */
	/* METHOD_SINGLE / METHOD_MULTI */
	struct method_option *options; /* owned copies, even when taken from a set */
	size_t n_options;
	bool options_are_routes;	      /* option ids are route ids */
	const struct method_pitfall *pitfall; /* METHOD_SINGLE only, or NULL */
	enum method_route_kind route_kind;    /* which routes, when options_are_routes */
	enum method_form form;		      /* METHOD_SCALE */
	bool not_applicable; /* METHOD_SCALE / METHOD_SINGLE: "niet van toepassing" allowed */
	/* METHOD_NUMBER */
	enum method_unit unit;
	bool has_min, has_max;
	long long min, max;
	enum method_measure measure; /* METHOD_NUMBER or METHOD_TEXT; NONE when absent */
};

struct method_section {
	char *id;
	struct method_text title, intro;    /* intro optional */
	size_t first_question, n_questions; /* a range of method.questions */
};

struct method_party {
	enum method_party_type type;
	struct method_text label; /* e.g. "inkoopexpert"; optional */
};

enum method_rule_kind {
	METHOD_RULE_INGREDIENT_BELOW = 1, /* ingredient median < threshold */
	METHOD_RULE_INGREDIENT_UNKNOWN,	  /* share of "weet niet" >= threshold */
	METHOD_RULE_COMPONENT_BELOW,	  /* min(readiness, use) median < threshold */
	METHOD_RULE_PITFALL_PRESENT,	  /* pitfall judged present */
	METHOD_RULE_ROUTE_CHOSEN,	  /* route chosen by a plurality of the raters who answered */
};

struct method_rule {
	char *id;
	enum method_rule_kind kind;
	const struct method_ingredient *ingredient; /* INGREDIENT_* */
	const struct method_component *component;   /* COMPONENT_BELOW */
	const struct method_pitfall *pitfall;	    /* PITFALL_PRESENT */
	const struct method_route *route;	    /* ROUTE_CHOSEN */
	enum method_outcome outcome;
	double threshold;	     /* a level, or a share in (0, 1] for INGREDIENT_UNKNOWN */
	struct method_text *actions; /* suggested actions, >= 1 */
	size_t n_actions;
	struct method_party *parties; /* kinds of party that can help, may be 0 */
	size_t n_parties;
};

struct method {
	char *id;
	int version; /* >= 1 */
	struct method_text title, description;
	struct method_text based_on_name, based_on_note; /* what it is based on, how it differs */
	struct method_text *decision_criteria;		 /* proposed criteria for a decision, may be 0 */
	size_t n_decision_criteria;
	struct method_scale *scales;
	size_t n_scales;
	struct method_ingredient *ingredients;
	size_t n_ingredients;
	struct method_component *components;
	size_t n_components;
	struct method_route *routes;
	size_t n_routes;
	struct method_pitfall *pitfalls;
	size_t n_pitfalls;
	struct method_section *sections;
	size_t n_sections;
	struct method_question *questions; /* all sections, in order */
	size_t n_questions;
	struct method_rule *rules;
	size_t n_rules;
};

struct method_problem {
	int line; /* 1-based source line; 0 when unknown */
	char *message;
};

/* Zero-initialise; free with method_problems_free(). */
struct method_problems {
	struct method_problem *v;
	size_t n, cap;
};

/*
 * Parses and validates len bytes of method JSON. Returns 0 and a method in
 * *out (caller frees with method_free) when there are no problems. Returns
 * -ERR_INVALID, *out = NULL, and appends every problem found to *pr,
 * sorted by line, otherwise.
 */
int method_load(const char *data, size_t len, struct method **out, struct method_problems *pr);

/* The same, for a document already parsed with jsonpos_parse(). */
int method_load_json(const json_t *root, const struct jsonpos *pos, struct method **out,
		     struct method_problems *pr);

void method_free(struct method *m);
void method_problems_free(struct method_problems *pr);

/* Lookups by id; NULL when absent. */
const struct method_question *method_question_find(const struct method *m, const char *id);
const struct method_ingredient *method_ingredient_find(const struct method *m, const char *id);
const struct method_component *method_component_find(const struct method *m, const char *id);
const struct method_route *method_route_find(const struct method *m, const char *id);
const struct method_pitfall *method_pitfall_find(const struct method *m, const char *id);
const struct method_scale *method_scale_find(const struct method *m, const char *id);
const struct method_option *method_option_find(const struct method_question *q, const char *id);

/* Index of an item in its method array, e.g. ingredient - m->ingredients. */
size_t method_ingredient_index(const struct method *m, const struct method_ingredient *in);
size_t method_component_index(const struct method *m, const struct method_component *c);
size_t method_pitfall_index(const struct method *m, const struct method_pitfall *p);

/* True when q is a scale question and level lies on its scale. */
bool method_level_valid(const struct method_question *q, int level);
/* Anchor text of level on q's scale, or NULL when the level is not valid. */
const struct method_text *method_anchor(const struct method_question *q, int level);
/* The text in lang ("nl" or "en"; anything else gives nl); NULL if absent. */
const char *method_text_get(const struct method_text *t, const char *lang);

/* Names used in the file format, for messages and JSON output. */
const char *method_kind_name(enum method_kind k);
const char *method_party_type_name(enum method_party_type t);
const char *method_pitfall_state_name(enum method_pitfall_state s);
const char *method_dimension_name(enum method_dimension d);
const char *method_scale_kind_name(enum method_scale_kind k);
const char *method_form_name(enum method_form f);
const char *method_route_kind_name(enum method_route_kind k);
const char *method_outcome_name(enum method_outcome o);
/* 0 and *out set when s names an outcome ("improve", ...), else -ERR_INVALID. */
int method_outcome_parse(const char *s, enum method_outcome *out);
/* "verbeteren", "juistschalen", ... in nl; "improve", "right-size", ... in en. */
const char *method_outcome_label(enum method_outcome o, const char *lang);
const char *method_unit_name(enum method_unit u);
const char *method_measure_name(enum method_measure m);
/* The question carrying measure, or NULL. */
const struct method_question *method_measure_question(const struct method *m, enum method_measure measure);

/*
 * The condition of rule r as one sentence in lang, stating its threshold
 * exactly as it fires ("mediaan lager dan 2", "de helft of meer weet niet").
 * Appends to out.
 */
void method_rule_condition(const struct method_rule *r, const char *lang, struct buf *out);

/*
 * Copies text into out replacing every "{ambitie}" and "{ambition}" with
 * ambition (the initiative's stated scaling ambition, or a neutral phrase
 * the caller chose). Appends to out.
 */
void method_fill_ambition(const char *text, const char *ambition, struct buf *out);

#endif
