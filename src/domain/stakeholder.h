/* SPDX-License-Identifier: EUPL-1.2 */
/*
 * stakeholder: the rules of a stakeholder map (draagvlak): party types of the
 * quadruple helix, power and interest 1..5, the salience classes of
 * Mitchell, Agle & Wood (1997) from power, legitimacy and urgency, the
 * support scale and its gap, and the warnings a map raises (also from the
 * business case per party). Pure; docs/stakeholder.md documents the rules.
 */
#ifndef SL_STAKEHOLDER_H
#define SL_STAKEHOLDER_H

#include <jansson.h>
#include <stddef.h>
#include <stdint.h>

#define STAKEHOLDER_NAME_MAX 200
#define STAKEHOLDER_TEXT_MAX 4000
#define STAKEHOLDER_HIGH 4 /* power or interest of 4 or 5 is "high" */

enum stakeholder_party {
	STAKEHOLDER_PARTY_NONE = 0,
	STAKEHOLDER_PARTY_OVERHEID,
	STAKEHOLDER_PARTY_MARKT,
	STAKEHOLDER_PARTY_WETENSCHAP,
	STAKEHOLDER_PARTY_SAMENLEVING,
};
extern const char *const stakeholder_parties[]; /* overheid markt wetenschap samenleving */

/* The support scale, lowest first; its level is the enum value - 1
 * (onbekend 0, tegen 1, neutraal 2, steunend 3, trekkend 4). */
enum stakeholder_support {
	STAKEHOLDER_SUPPORT_NONE = 0,
	STAKEHOLDER_SUPPORT_ONBEKEND,
	STAKEHOLDER_SUPPORT_TEGEN,
	STAKEHOLDER_SUPPORT_NEUTRAAL,
	STAKEHOLDER_SUPPORT_STEUNEND,
	STAKEHOLDER_SUPPORT_TREKKEND,
};
extern const char *const stakeholder_supports[];

/* Salience (Mitchell, Agle & Wood 1997): which of power, legitimacy and
 * urgency a stakeholder has. */
enum stakeholder_salience {
	STAKEHOLDER_SALIENCE_NONE = 0,
	STAKEHOLDER_SALIENCE_GEEN,	    /* none of the three: non-stakeholder */
	STAKEHOLDER_SALIENCE_SLAPEND,	    /* power only: dormant */
	STAKEHOLDER_SALIENCE_DISCRETIONAIR, /* legitimacy only: discretionary */
	STAKEHOLDER_SALIENCE_VEELEISEND,    /* urgency only: demanding */
	STAKEHOLDER_SALIENCE_DOMINANT,	    /* power + legitimacy: dominant */
	STAKEHOLDER_SALIENCE_GEVAARLIJK,    /* power + urgency: dangerous */
	STAKEHOLDER_SALIENCE_AFHANKELIJK,   /* legitimacy + urgency: dependent */
	STAKEHOLDER_SALIENCE_DEFINITIEF,    /* all three: definitive */
};
extern const char *const stakeholder_saliences[];

/* Index + 1 of s in list, 0 for NULL and unknown words. */
int stakeholder_word(const char *const *list, const char *s);
const char *stakeholder_word_name(const char *const *list, int v);

/* The class; the power attribute is power >= STAKEHOLDER_HIGH. */
enum stakeholder_salience stakeholder_salience(int power, int legitimate, int urgent);
/* The number of attributes of a class (0..3): latent 1, expectant 2, definitive 3. */
int stakeholder_salience_attributes(enum stakeholder_salience s);
/* Support level 0..4 (onbekend counts lowest: support nobody checked is none to rely on). */
int stakeholder_support_level(enum stakeholder_support s);
/* max(0, level(desired) - level(current)). */
int stakeholder_gap(enum stakeholder_support current, enum stakeholder_support desired);
/* Power/interest quadrant: "sleutelspeler" (both high), "tevreden-houden"
 * (power high), "informeren" (interest high), "monitoren". */
const char *stakeholder_quadrant(int power, int interest);

/* A stakeholder as the warnings see it. */
struct stakeholder_row {
	int64_t id;
	const char *name;
	int power, interest;
	enum stakeholder_support support, desired;
};
/*
 * The warnings of a map, appended to out as objects {kind, stakeholderId
 * (or null), name, ...}:
 * - "machtig-tegen": power >= STAKEHOLDER_HIGH and support tegen;
 * - "grootste-kloof": the stakeholder(s) with the largest gap, when > 0 (gap);
 * - "betaalt-zonder-baat": a party of the business case (bc: its evidence
 *   object, may be NULL) with paysCents > 0 and gainsCents <= 0; matched to a
 *   stakeholder by name, ignoring case (stakeholderId null when none matches).
 */
void stakeholder_warnings(const struct stakeholder_row *s, size_t n, const json_t *bc, json_t *out);

#endif
