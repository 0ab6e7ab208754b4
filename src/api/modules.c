/* SPDX-License-Identifier: EUPL-1.2 */
/*
 * modules: the list of modules and the global tables assembled from it
 * (routes, scope resolvers, schema steps). A new capability adds a line to
 * the list below and files of its own; nothing else here changes. The
 * assembly checks the modules against each other once, at first use, and
 * aborts on a contradiction: that is a build defect, not a user error.
 */
#include <pthread.h>
#include <stdio.h>
#include <string.h>

#include "api/module.h"
#include "lib/util.h"

/* clang-format off */
extern const struct module core_module,
    account_module,
    initiative_module,
    assessment_module,
    experiment_module,
    okr_module,
    kpi_module,
    audit_module,
    password_module,
    mfa_module,
    invite_module,
    businesscase_module,
    plan_module,
    stakeholder_module,
    events_module,
    notify_module,
    knowledge_module,
    party_module,
    workshop_module,
    metrics_module,
    privacy_module,
    page_module,
    perf_module,
    decision_module,
    sso_module,
    funnel_module,
    growth_module;

static const struct module *const list[] = {
    &core_module,
    &account_module,
    &initiative_module,
    &assessment_module,
    &experiment_module,
    &okr_module,
    &kpi_module,
    &audit_module,
    &password_module,
    &mfa_module,
    &invite_module,
    &businesscase_module,
    &plan_module,
    &stakeholder_module,
    &events_module,
    &notify_module,
    &knowledge_module,
    &party_module,
    &workshop_module,
    &metrics_module,
    &privacy_module,
    &page_module,
    &perf_module,
    &decision_module,
    &sso_module,
    &funnel_module,
    &growth_module,
    NULL,
};
/* clang-format on */

static struct route *table;
static int table_n;
static const struct migration *migration_sets[sizeof list / sizeof list[0]];
static pthread_once_t once = PTHREAD_ONCE_INIT;

const struct module *const *api_modules(void)
{
	return list;
}

const struct scope *api_scope(const char *param)
{
	for (int m = 0; list[m]; m++)
		for (const struct scope *s = list[m]->scopes; s && s->param; s++)
			if (!strcmp(s->param, param))
				return s;
	return NULL;
}

/* The resolver of param nested under parent (NULL: a top-level one). Two
 * modules may resolve the same name under different parents ({datum} of a
 * key result, {datum} of a KPI series). */
static const struct scope *scope_under(const char *param, const char *parent)
{
	for (int m = 0; list[m]; m++)
		for (const struct scope *s = list[m]->scopes; s && s->param; s++)
			if (!strcmp(s->param, param) &&
			    (parent ? s->parent && !strcmp(s->parent, parent) : !s->parent))
				return s;
	return NULL;
}

/* Copies the i-th "{name}" of path into out; 0, or -1 when there is none. */
static int path_param(const char *path, int i, char *out, size_t n)
{
	for (const char *p = strchr(path, '{'); p; p = strchr(p + 1, '{')) {
		const char *e = strchr(p, '}');
		if (!e)
			return -1;
		if (i-- == 0) {
			snprintf(out, n, "%.*s", (int)(e - p - 1), p + 1);
			return 0;
		}
	}
	return -1;
}

/* The .paged row of route r in module m, or NULL. */
static const struct paged *paged_of(const struct module *m, const struct route *r)
{
	for (const struct paged *p = m->paged; p && (p->op || p->path); p++)
		if (p->op ? r->op && !strcmp(p->op, r->op) : !r->op && !strcmp(p->path, r->path))
			return p;
	return NULL;
}

const struct paged *api_paged(const struct route *r)
{
	if (!(r->flags & R_PAGED))
		return NULL;
	for (int m = 0; list[m]; m++) {
		const struct paged *p = paged_of(list[m], r);
		if (p)
			return p;
	}
	return NULL;
}

/* Every R_PAGED route is a GET with its .paged row, and every row names
 * one: a collection cannot forget to be paged half-way. */
static void check_paged(const struct module *m)
{
	for (const struct route *r = m->routes; r && r->method; r++) {
		if ((r->flags & R_PAGED) && (strcmp(r->method, "GET") || !paged_of(m, r)))
			BUG("module %s: %s %s is R_PAGED without a .paged row", m->name, r->method, r->path);
		if ((r->flags & R_REUSE) && strcmp(r->method, "GET"))
			BUG("module %s: %s %s: only a GET's answer can be reused", m->name, r->method,
			    r->path);
	}
	for (const struct paged *p = m->paged; p && (p->op || p->path); p++) {
		int found = 0;
		for (const struct route *r = m->routes; r && r->method; r++)
			found |= (r->flags & R_PAGED) && paged_of(m, r) == p;
		if (!found || !p->array || (p->kind == PAGE_NUMBER && (p->key || p->desc)))
			BUG("module %s: .paged row %s names no R_PAGED route", m->name,
			    p->op ? p->op : p->path);
	}
}

static void check_route(const struct module *m, const struct route *r)
{
	BUG_ON(!r->path || !r->fn);
	BUG_ON((r->flags & R_API) && (!r->op || !r->tag || !r->summary));
	for (int i = 0; i < table_n; i++)
		if (!strcmp(table[i].method, r->method) && !strcmp(table[i].path, r->path) &&
		    (table[i].flags & r->flags & (R_API | R_PAGE)))
			BUG("module %s: route %s %s is declared twice", m->name, r->method, r->path);
	if (r->access != ACCESS_MEMBER)
		return;
	char name[64], prev[64] = "";
	for (int i = 0; path_param(r->path, i, name, sizeof name) == 0; i++) {
		const struct scope *s = scope_under(name, i ? prev : NULL);
		if (!s)
			s = api_scope(name);
		if (!s)
			BUG("module %s: %s %s: no scope resolver for {%s}", m->name, r->method, r->path,
			    name);
		if (i == 0 ? s->parent != NULL : (!s->parent || strcmp(s->parent, prev)))
			BUG("module %s: %s %s: {%s} is not nested under {%s}", m->name, r->method, r->path,
			    name, i ? prev : "(none)");
		snprintf(prev, sizeof prev, "%s", name);
	}
	BUG_ON(!prev[0]); /* a member route names the object whose organisation counts */
}

static void assemble(void)
{
	int n = 0, k = 0;
	for (int m = 0; list[m]; m++)
		for (const struct route *r = list[m]->routes; r && r->method; r++)
			n++;
	table = xcalloc((size_t)n, sizeof *table);
	for (int m = 0; list[m]; m++) {
		check_paged(list[m]);
		for (const struct route *r = list[m]->routes; r && r->method; r++) {
			check_route(list[m], r);
			table[table_n++] = *r;
		}
		if (list[m]->migrations)
			migration_sets[k++] = list[m]->migrations;
	}
	migration_sets[k] = NULL;
}

const struct route *api_routes(int *count)
{
	pthread_once(&once, assemble);
	*count = table_n;
	return table;
}

const struct migration *const *api_migrations(void)
{
	pthread_once(&once, assemble);
	return migration_sets;
}

int64_t api_resolve(const struct route *r, struct api_ctx *c)
{
	char name[64], prev[64] = "";
	int64_t org = -ERR_NOTFOUND, parent = 0;
	for (int i = 0; i < API_MAX_PARAMS && path_param(r->path, i, name, sizeof name) == 0; i++) {
		const struct scope *s = scope_under(name, i ? prev : NULL);
		snprintf(prev, sizeof prev, "%s", name);
		int64_t id = 0;
		if (i == 0) {
			org = s->resolve(c->param[i], 0, &id);
			if (org <= 0)
				return -ERR_NOTFOUND;
			c->obj_id = id;
		} else {
			if (s->resolve(c->param[i], parent, &id) < 0)
				return -ERR_NOTFOUND;
		}
		c->ids[i] = id;
		parent = id;
	}
	return org;
}

json_t *api_evidence(int64_t initiative_id, int *err)
{
	json_t *into = json_object();
	*err = 0;
	for (int m = 0; list[m]; m++) {
		if (!list[m]->evidence)
			continue;
		int rc = list[m]->evidence(initiative_id, into);
		if (rc < 0) {
			*err = rc;
			json_decref(into);
			return NULL;
		}
	}
	return into;
}

int api_due(const struct due_query *q, due_emit emit, void *arg)
{
	for (int m = 0; list[m]; m++) {
		if (!list[m]->due)
			continue;
		int rc = list[m]->due(q, emit, arg);
		if (rc < 0)
			return rc;
	}
	return 0;
}
