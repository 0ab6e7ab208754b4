/* SPDX-License-Identifier: EUPL-1.2 */
/*
 * decision: the decision outcome of an assessment round (issue 10): the
 * criteria agreed in advance, then one decision per round (opschalen,
 * juistschalen, bijsturen, stoppen) with a rationale, who decided and when,
 * and per criterion whether it was met. Pure rules: the words, the checks of
 * a criterion text, when criteria are locked. docs/decision.md.
 */
#ifndef SL_DOMAIN_DECISION_H
#define SL_DOMAIN_DECISION_H

#include <stdbool.h>
#include <stddef.h>

#define DECISION_CRITERIA_MAX 12    /* criteria per round */
#define DECISION_CRITERION_MAX 300  /* characters of one criterion */
#define DECISION_RATIONALE_MAX 4000 /* characters of the rationale */
#define DECISION_NOTE_MAX 1000	    /* characters of a note on a criterion */
#define DECISION_DECIDER_MAX 200    /* characters of who decided */

enum decision_outcome {
	DECISION_NONE = 0,
	DECISION_OPSCHALEN,    /* scale up as planned */
	DECISION_JUISTSCHALEN, /* scale to the right size: less, elsewhere, differently */
	DECISION_BIJSTUREN,    /* adjust first, then assess again */
	DECISION_STOPPEN,      /* stop */
};

/* "opschalen", ... indexed by enum - 1, NULL-terminated (stored and API words). */
extern const char *const decision_outcomes[];
const char *decision_outcome_name(enum decision_outcome o);
/* The outcome named s, or DECISION_NONE. */
enum decision_outcome decision_outcome_parse(const char *s);

/*
 * Criteria can change while the round is open and no decision is taken;
 * closing the round or taking the decision locks them.
 */
bool decision_criteria_locked(bool round_open, bool has_decision);

/*
 * Trims a criterion text in place (leading and trailing white space);
 * 0 when what remains is 1..DECISION_CRITERION_MAX characters (UTF-8
 * code points) without control characters, else -ERR_INVALID.
 */
int decision_criterion_clean(char *s);

/*
 * Splits text into criteria, one per line (blank lines skipped), each
 * cleaned; *out receives malloc'd strings (free each and the array).
 * Returns the count, or -ERR_INVALID when a line is invalid or there are
 * more than DECISION_CRITERIA_MAX.
 */
int decision_criteria_split(const char *text, char ***out);

/* The advice outcome of a method rule ("right-size", ...) as the decision it
 * points to: right-size -> juistschalen, adjust/substitute/postpone ->
 * bijsturen, stop -> stoppen, improve -> DECISION_NONE (no decision of its own). */
enum decision_outcome decision_from_advice(const char *advice);

#endif
