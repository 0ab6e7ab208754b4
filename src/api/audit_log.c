/* SPDX-License-Identifier: EUPL-1.2 */
/*
 * audit_log: the audit log of one organisation for its beheerders, newest
 * first, narrowed by day, action, result and actor, a page at a time (a
 * cursor: the oldest row's id), and as CSV. Reading the log is itself not
 * logged: it changes nothing, and a log of log reads would drown the rest.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "api/audit.h"
#include "api/module.h"
#include "api/page.h"
#include "domain/audit.h"
#include "domain/csv.h"
#include "lib/buf.h"
#include "lib/problem.h"
#include "lib/util.h"
#include "store/audit.h"
#include "store/org.h"

/* Copies query parameter name into out when present and short enough;
 * names it as bad otherwise. */
static void query_text(struct api_ctx *c, const char *name, char *out, size_t n)
{
	const char *v = api_str(c->query, name);
	if (!v)
		return;
	if (strlen(v) >= n)
		problem_add(c->invalid, name, "err.too_long");
	else
		snprintf(out, n, "%s", v);
}

static json_t *entry_json(const struct audit_entry *e)
{
	return json_pack("{s:I,s:s,s:s,s:s,s:s,s:s,s:s}", "id", (json_int_t)e->id, "at", e->at, "actor",
			 e->actor, "action", e->action, "object", e->object, "result", e->result, "origin",
			 e->origin);
}

static int csv_export(struct api_ctx *c, struct audit_filter *f, json_t **out)
{
	static const char *const columns[] = {"id", "at", "actor", "action", "object", "result", "origin"};
	f->limit = AUDIT_EXPORT_MAX;
	size_t n = 0;
	struct audit_entry *rows = audit_find(f, &n);
	struct buf b = BUF_INIT;
	for (int k = 0; k < 7; k++)
		buf_printf(&b, "%s%s", k ? "," : "", columns[k]);
	buf_puts(&b, "\r\n");
	for (size_t i = 0; i < n; i++) {
		const struct audit_entry *e = &rows[i];
		buf_printf(&b, "%lld,", (long long)e->id);
		const char *cells[] = {e->at, e->actor, e->action, e->object, e->result, e->origin};
		for (int k = 0; k < 6; k++) {
			if (k)
				buf_putc(&b, ',');
			csv_field(&b, cells[k]);
		}
		buf_puts(&b, "\r\n");
		audit_entry_free(&rows[i]);
	}
	free(rows);
	*out = json_stringn(b.data ? b.data : "", b.len);
	buf_free(&b);
	c->raw_type = "text/csv; charset=utf-8";
	c->raw_filename = "auditlog.csv";
	return 0;
}

/* Page-only data: the filter form's choices and the values as typed. */
static json_t *page_form(struct api_ctx *c, const struct audit_filter *f)
{
	json_t *form = json_pack("{s:s,s:o,s:o}", "org", c->param[0], "actions", audit_distinct(c->org_id, 0),
				 "results", audit_distinct(c->org_id, 1));
	static const char *const names[] = {"van", "tot", "actie", "resultaat", "actor", NULL};
	const char *vals[] = {f->from, f->to, f->action, f->result, f->actor};
	for (int k = 0; names[k]; k++) {
		const char *typed = api_str(c->query, names[k]);
		json_object_set_new(form, names[k], json_string(typed ? typed : vals[k]));
	}
	return form;
}

int api_audit_list(struct api_ctx *c, json_t **out)
{
	struct audit_filter f = {.org_id = c->org_id};
	query_text(c, "van", f.from, sizeof f.from);
	query_text(c, "tot", f.to, sizeof f.to);
	query_text(c, "actie", f.action, sizeof f.action);
	query_text(c, "resultaat", f.result, sizeof f.result);
	query_text(c, "actor", f.actor, sizeof f.actor);
	/* the page (na: the oldest row's id, aantal) is read by the pipeline (api/page.h) */
	f.before_id = api_page_after_id(c);
	int64_t limit = c->page ? c->page->size : AUDIT_PAGE_DEFAULT;
	const char *fmt = api_str(c->query, "formaat");
	if (fmt && strcmp(fmt, "csv") && strcmp(fmt, "json"))
		problem_add(c->invalid, "formaat", "err.export_format");
	const char *bad = NULL;
	if (!json_array_size(c->invalid) && audit_filter_check(&f, &bad) < 0)
		problem_add(c->invalid, bad,
			    f.from[0] && f.to[0] && !strcmp(bad, "tot") ? "err.audit.order"
									: "err.audit.date");
	if (json_array_size(c->invalid)) {
		if (c->is_page) /* the form again, with what was typed */
			*out = json_pack("{s:[],s:{},s:o}", "items", "_links", "form", page_form(c, &f));
		return -ERR_INVALID;
	}
	if (fmt && !strcmp(fmt, "csv"))
		return csv_export(c, &f, out);

	f.limit = (int)limit + 1; /* one more than a page tells whether there is a next */
	size_t n = 0;
	struct audit_entry *rows = audit_find(&f, &n);
	json_t *items = json_array();
	int64_t last = 0;
	for (size_t i = 0; i < n; i++) {
		if ((int64_t)i < limit) {
			json_array_append_new(items, entry_json(&rows[i]));
			last = rows[i].id;
		}
		audit_entry_free(&rows[i]);
	}
	free(rows);

	*out = json_pack("{s:o}", "items", items);
	json_t *next = n > (size_t)limit ? json_pack("[I]", (json_int_t)last) : NULL;
	if (c->page)
		api_page_links(c, *out, c->page, next, -1, -1);
	json_decref(next);
	if (c->is_page)
		json_object_set_new(*out, "form", page_form(c, &f));
	return 0;
}
