/* SPDX-License-Identifier: EUPL-1.2 */
/* workshop: join codes, the guessing limit and route threats (workshop.h). */
#include "domain/workshop.h"

#include <string.h>

#include "lib/util.h"

const char *const workshop_statuses[] = {"open", "gesloten", NULL};

const char *workshop_status_name(enum workshop_status s)
{
	return s >= WORKSHOP_STATUS_OPEN && s <= WORKSHOP_STATUS_CLOSED ? workshop_statuses[s - 1] : "";
}

enum workshop_status workshop_status_parse(const char *s)
{
	for (int i = 0; s && workshop_statuses[i]; i++)
		if (!strcmp(s, workshop_statuses[i]))
			return (enum workshop_status)(i + 1);
	return WORKSHOP_STATUS_NONE;
}

void workshop_code_from_bytes(const unsigned char *b, size_t n, char out[WORKSHOP_CODE_LEN + 1])
{
	static const char a[] = WORKSHOP_CODE_ALPHABET;
	BUG_ON(n < WORKSHOP_CODE_LEN);
	/* 31 characters: the small bias of b % 31 does not help a guesser, who
	 * is limited to a few tries anyway. */
	for (size_t i = 0; i < WORKSHOP_CODE_LEN; i++)
		out[i] = a[b[i] % (sizeof a - 1)];
	out[WORKSHOP_CODE_LEN] = 0;
}

int workshop_code_normalise(const char *typed, char out[WORKSHOP_CODE_LEN + 1])
{
	size_t k = 0;
	out[0] = 0;
	if (!typed)
		return -ERR_INVALID;
	for (const char *p = typed; *p; p++) {
		char ch = *p;
		if (ch == ' ' || ch == '-' || ch == '\t')
			continue;
		if (ch >= 'a' && ch <= 'z')
			ch = (char)(ch - 'a' + 'A');
		if (!strchr(WORKSHOP_CODE_ALPHABET, ch) || k == WORKSHOP_CODE_LEN) {
			out[0] = 0;
			return -ERR_INVALID;
		}
		out[k++] = ch;
	}
	out[k] = 0;
	if (k != WORKSHOP_CODE_LEN) {
		out[0] = 0;
		return -ERR_INVALID;
	}
	return 0;
}

int workshop_join_allowed(int64_t failures_in_window)
{
	return failures_in_window < WORKSHOP_JOIN_MAX_FAILURES;
}

struct threat {
	const char *route;
	const char *pitfalls[4];
};

/* Which pitfalls threaten which route: spreading out meets vanishing pilot
 * money and an unready delivery organisation, copying elsewhere meets
 * blind copying, and so on (see docs/workshop.md). */
static const struct threat threats[] = {
    {"scaling-out", {"pilot-money", "delivery", "lost-core", NULL}},
    {"scaling-up", {"exemptions", "kpis", "management", NULL}},
    {"scaling-deep", {"pioneers", "fatigue", NULL, NULL}},
    {"replicate", {"blind-copy", "lost-core", "lessons-lost", NULL}},
    {"license", {"lost-core", "blind-copy", NULL, NULL}},
    {"adapt", {"lost-core", "lessons-lost", NULL, NULL}},
    {"embed", {"pilot-money", "wrong-pocket", "delivery", NULL}},
    {"right-size", {"endless-piloting", NULL, NULL, NULL}},
};

const char *const *workshop_route_threats(const char *route_id)
{
	static const char *const none[] = {NULL};
	for (size_t i = 0; route_id && i < sizeof threats / sizeof *threats; i++)
		if (!strcmp(threats[i].route, route_id))
			return threats[i].pitfalls;
	return none;
}
