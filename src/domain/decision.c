/* SPDX-License-Identifier: EUPL-1.2 */
/*
 * decision: words and checks of the round decision (decision.h).
 */
#include "decision.h"

#include <stdlib.h>
#include <string.h>

#include "lib/util.h"

const char *const decision_outcomes[] = {"opschalen", "juistschalen", "bijsturen", "stoppen", NULL};

const char *decision_outcome_name(enum decision_outcome o)
{
	return o >= DECISION_OPSCHALEN && o <= DECISION_STOPPEN ? decision_outcomes[o - 1] : "";
}

enum decision_outcome decision_outcome_parse(const char *s)
{
	for (int i = 0; s && decision_outcomes[i]; i++)
		if (!strcmp(s, decision_outcomes[i]))
			return (enum decision_outcome)(i + 1);
	return DECISION_NONE;
}

bool decision_criteria_locked(bool round_open, bool has_decision)
{
	return !round_open || has_decision;
}

static bool space(char c)
{
	return c == ' ' || c == '\t' || c == '\r' || c == '\n';
}

int decision_criterion_clean(char *s)
{
	size_t n = strlen(s), lo = 0;
	while (n && space(s[n - 1]))
		n--;
	while (lo < n && space(s[lo]))
		lo++;
	memmove(s, s + lo, n - lo);
	s[n - lo] = 0;
	size_t chars = 0;
	for (const unsigned char *p = (const unsigned char *)s; *p; p++) {
		if (*p < 0x20 || *p == 0x7f)
			return -ERR_INVALID;
		chars += (*p & 0xc0) != 0x80;
	}
	return chars >= 1 && chars <= DECISION_CRITERION_MAX ? 0 : -ERR_INVALID;
}

int decision_criteria_split(const char *text, char ***out)
{
	*out = NULL;
	char **v = xcalloc(DECISION_CRITERIA_MAX + 1, sizeof *v);
	int n = 0, rc = 0;
	const char *p = text ? text : "";
	while (*p && !rc) {
		const char *e = strchr(p, '\n');
		size_t len = e ? (size_t)(e - p) : strlen(p);
		char *line = xmalloc(len + 1);
		memcpy(line, p, len);
		line[len] = 0;
		p += len + (e ? 1 : 0);
		bool blank = true;
		for (const char *q = line; *q; q++)
			blank &= space(*q);
		if (blank) {
			free(line);
			continue;
		}
		if (n == DECISION_CRITERIA_MAX || decision_criterion_clean(line) < 0) {
			free(line);
			rc = -ERR_INVALID;
			break;
		}
		v[n++] = line;
	}
	if (rc) {
		for (int i = 0; i < n; i++)
			free(v[i]);
		free(v);
		return rc;
	}
	*out = v;
	return n;
}

enum decision_outcome decision_from_advice(const char *advice)
{
	if (!advice)
		return DECISION_NONE;
	if (!strcmp(advice, "right-size"))
		return DECISION_JUISTSCHALEN;
	if (!strcmp(advice, "adjust") || !strcmp(advice, "substitute") || !strcmp(advice, "postpone"))
		return DECISION_BIJSTUREN;
	if (!strcmp(advice, "stop"))
		return DECISION_STOPPEN;
	return DECISION_NONE;
}
