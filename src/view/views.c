/* SPDX-License-Identifier: EUPL-1.2 */
/* views: the views of all modules, found by template name. A module with
 * views adds its table here (one line) and a file of its own. */
#include <string.h>

#include "view/view.h"

/* clang-format off */
extern const struct view initiative_views[],
    assessment_views[],
    experiment_views[],
    okr_views[],
    kpi_views[],
    audit_views[],
    businesscase_views[],
    plan_views[],
    stakeholder_views[],
    knowledge_views[],
    workshop_views[],
    metrics_views[],
    decision_views[],
    funnel_views[],
    growth_views[],
    metrics_dashboard_views[];

static const struct view *const tables[] = {
    initiative_views,
    assessment_views,
    experiment_views,
    okr_views,
    kpi_views,
    audit_views,
    businesscase_views,
    plan_views,
    stakeholder_views,
    knowledge_views,
    workshop_views,
    metrics_views,
    decision_views,
    funnel_views,
    growth_views,
    metrics_dashboard_views,
    NULL,
};
/* clang-format on */

void view_page(const char *tmpl, const struct view_ctx *v, json_t *doc)
{
	if (!tmpl || !json_is_object(doc))
		return;
	for (int t = 0; tables[t]; t++)
		for (const struct view *w = tables[t]; w->tmpl; w++)
			if (!strcmp(w->tmpl, tmpl))
				w->decorate(v, doc);
}
