/* SPDX-License-Identifier: EUPL-1.2 */
/*
 * page_schema: indexes that let a paged collection read one page without
 * reading the whole list (api/page.h). Never edit a step that has shipped;
 * add one with the next free number (numbers are global across modules).
 */
#include <stddef.h>

#include "store/migrations.h"

const struct migration page_migrations[] = {
    /* The action list in its own order (action_store_list_page): open
     * before closed, dated before undated, by due date, then id; a page
     * after a cursor walks this index from the initiative's start instead
     * of sorting all of its actions. */
    {25, "CREATE INDEX actions_list ON actions(initiative_id, status IN ('klaar','vervallen'),"
	 " due_date IS NULL, coalesce(due_date,''), id);"},
    {0, NULL},
};
