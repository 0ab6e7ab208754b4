/* SPDX-License-Identifier: EUPL-1.2 */
/* initiative: validation rules; no storage, no HTTP. */
#include "initiative.h"

#include <stdlib.h>
#include <string.h>

#include "lib/problem.h"
#include "lib/timeutil.h"
#include "lib/utf8.h"
#include "lib/util.h"

/* The one place where the stages are spelled (the schema's CHECK list and
 * the OpenAPI enum say the same; the unit tests hold them together). Index
 * + 1 is the enum value. */
const char *const initiative_stages[] = {"idee", "pilot", "opschalen", "geborgd", "gestopt", NULL};

const char *initiative_stage_name(enum initiative_stage s)
{
	return s >= INITIATIVE_STAGE_IDEE && s <= INITIATIVE_STAGE_GESTOPT ? initiative_stages[s - 1] : NULL;
}

enum initiative_stage initiative_stage_parse(const char *s)
{
	for (int i = 0; s && initiative_stages[i]; i++)
		if (!strcmp(s, initiative_stages[i]))
			return (enum initiative_stage)(i + 1);
	return INITIATIVE_STAGE_NONE;
}

void initiative_free(struct initiative *in)
{
	free(in->text);
	in->text = NULL;
}

void initiative_list_free(struct initiative *list, size_t n)
{
	for (size_t i = 0; i < n; i++)
		initiative_free(&list[i]);
	free(list);
}

static void text(json_t *inv, const char *field, const char *s, size_t max, int required)
{
	if (!s || !*s) {
		if (required)
			problem_add(inv, field, "err.required");
		return;
	}
	if (!utf8_valid(s, strlen(s)))
		problem_add(inv, field, "err.utf8");
	else if (utf8_length(s) > max)
		problem_add_params(inv, field, "err.max_length", json_pack("{s:I}", "max", (json_int_t)max));
}

int initiative_validate(const struct initiative *in, json_t *invalid)
{
	size_t before = json_array_size(invalid);
	text(invalid, "name", in->name, INITIATIVE_NAME_MAX, 1);
	if (in->name && *in->name && strspn(in->name, " \t\r\n") == strlen(in->name))
		problem_add(invalid, "name", "err.required");
	text(invalid, "description", in->description, INITIATIVE_TEXT_MAX, 0);
	text(invalid, "sector", in->sector, INITIATIVE_NAME_MAX, 0);
	if (!initiative_stage_name(in->stage))
		problem_add(invalid, "stage", "err.stage");
	text(invalid, "ambition.targetGroup", in->target_group, INITIATIVE_TEXT_MAX, 0);
	text(invalid, "ambition.area", in->target_area, INITIATIVE_TEXT_MAX, 0);
	text(invalid, "ambition.scalableUnit", in->scalable_unit, INITIATIVE_TEXT_MAX, 0);
	if (in->target_reach < -1 || in->target_reach > 1000000000000LL)
		problem_add(invalid, "ambition.reach", "err.reach");
	if (in->target_date && *in->target_date && time_check_date(in->target_date) < 0)
		problem_add(invalid, "ambition.targetDate", "err.date");
	return json_array_size(invalid) > before ? -ERR_INVALID : 0;
}
