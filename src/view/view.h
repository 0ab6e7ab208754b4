/* SPDX-License-Identifier: EUPL-1.2 */
/*
 * view: page-only decoration. A handler returns the same document for the
 * API and the page; before a page is rendered, the view of its template
 * adds what only people need: numbers worded in nl/en (format.h), chart
 * data, which option is selected, text forms of arrays. Views read and
 * extend the document; they never touch the store and never remove what
 * the API shows. Each module keeps its views in src/view/<module>_view.c.
 */
#ifndef SL_VIEW_H
#define SL_VIEW_H

#include <jansson.h>

#include "domain/role.h"

struct view_ctx {
	const char *lang; /* "nl" or "en" */
	enum role role;	  /* the caller's role in the page's organisation */
	int form_error;	  /* 1 when the page is shown again with what the user typed */
};

struct view {
	const char *tmpl; /* the template (route row) this view decorates */
	void (*decorate)(const struct view_ctx *v, json_t *doc);
};

/* Decorates doc for the page template tmpl (nothing when it has no view). */
void view_page(const char *tmpl, const struct view_ctx *v, json_t *doc);

#endif
