/* SPDX-License-Identifier: EUPL-1.2 */
/* migrations: orders the modules' schema steps and checks a database's
 * history against them. Pure: touches no database (db.c runs the plan). */
#include "migrations.h"

#include <stdio.h>
#include <stdlib.h>

#include "lib/util.h"

static int by_version(const void *a, const void *b)
{
	int x = (*(const struct migration *const *)a)->version,
	    y = (*(const struct migration *const *)b)->version;
	return (x > y) - (x < y);
}

static int has(const int *v, int n, int x)
{
	for (int i = 0; i < n; i++)
		if (v[i] == x)
			return 1;
	return 0;
}

int migrations_plan(const struct migration *const *sets, const int *applied, int napplied,
		    const struct migration ***todo, char *err, size_t errlen)
{
	int n = 0;
	for (int s = 0; sets[s]; s++)
		for (const struct migration *m = sets[s]; m->sql; m++)
			n++;
	const struct migration **all = xcalloc((size_t)n + 1, sizeof *all);
	int k = 0;
	for (int s = 0; sets[s]; s++)
		for (const struct migration *m = sets[s]; m->sql; m++)
			all[k++] = m;
	qsort(all, (size_t)n, sizeof *all, by_version);
	int newest_applied = 0;
	for (int i = 0; i < napplied; i++)
		if (applied[i] > newest_applied)
			newest_applied = applied[i];
	for (int i = 0; i < n; i++) {
		if (all[i]->version <= 0 || (i > 0 && all[i]->version == all[i - 1]->version)) {
			snprintf(err, errlen, "schema step %d is declared twice (or is not positive)",
				 all[i]->version);
			goto fail;
		}
	}
	for (int i = 0; i < napplied; i++) {
		int known = 0;
		for (int j = 0; j < n && !known; j++)
			known = all[j]->version == applied[i];
		if (!known) {
			snprintf(err, errlen,
				 "the database has schema step %d, which this release does not know: "
				 "it was made by a newer release",
				 applied[i]);
			goto fail;
		}
	}
	int t = 0;
	for (int i = 0; i < n; i++) {
		if (has(applied, napplied, all[i]->version))
			continue;
		if (all[i]->version < newest_applied) {
			snprintf(err, errlen,
				 "schema step %d is missing below step %d that was applied: "
				 "running it now would change the schema out of order",
				 all[i]->version, newest_applied);
			goto fail;
		}
		all[t++] = all[i];
	}
	all[t] = NULL;
	*todo = all;
	return t;
fail:
	free(all);
	*todo = NULL;
	return -1;
}
