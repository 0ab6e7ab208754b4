/* SPDX-License-Identifier: EUPL-1.2 */
/*
 * migrations: numbered schema steps. Each module brings its own (see
 * api/module.h); the numbers are global, so the steps of all modules form
 * one sequence that every database walks in the same order.
 */
#ifndef SL_MIGRATIONS_H
#define SL_MIGRATIONS_H

#include <stddef.h>

struct migration {
	int version; /* > 0, unique across all modules */
	const char *sql;
};

/* Plans an upgrade. sets is a NULL-terminated list of step arrays (each
 * ended by a row with sql NULL); applied holds the versions the database
 * has. On success returns the number of steps to run and stores them in
 * *todo in ascending order (caller frees the array, not the steps). Returns
 * -1 with a message in err when two steps share a number, when the database
 * has a step this program does not know (it was made by a newer release),
 * or when a known step is missing below one that was applied: running it
 * now would run the steps out of order. */
int migrations_plan(const struct migration *const *sets, const int *applied, int napplied,
		    const struct migration ***todo, char *err, size_t errlen);

#endif
