/* SPDX-License-Identifier: EUPL-1.2 */
#include "domain/audit.h"

#include <stdlib.h>
#include <string.h>

#include "lib/timeutil.h"

int audit_filter_check(const struct audit_filter *f, const char **field)
{
	if (f->from[0] && time_check_date(f->from) < 0) {
		*field = "van";
		return -ERR_INVALID;
	}
	if (f->to[0] && time_check_date(f->to) < 0) {
		*field = "tot";
		return -ERR_INVALID;
	}
	if (f->from[0] && f->to[0] && strcmp(f->from, f->to) > 0) {
		*field = "tot";
		return -ERR_INVALID;
	}
	return 0;
}

void audit_entry_free(struct audit_entry *e)
{
	if (e)
		free(e->text);
}
