/* SPDX-License-Identifier: EUPL-1.2 */
/*
 * page: pagination of every collection, one mechanism for the API and the
 * pages (NL API Design Rules: HAL _links self/first/prev/next/last,
 * X-Total-Count, a page size parameter with a documented maximum).
 *
 * A route row with R_PAGED is a collection; its module says in its .paged
 * table which member of the answer holds the items and how the list is
 * paged:
 *  - PAGE_NUMBER: ?pagina=N (1-based) and ?aantal=M, for short lists sorted
 *    by name or title; links self, first, prev, next, last;
 *  - PAGE_CURSOR: ?na=CURSOR and ?aantal=M, keyset on the list's own order
 *    (a sort key ending in the id), for long lists ordered by id or date:
 *    a row added or removed while someone pages never shifts the rest;
 *    links self, first, next (prev and last are not cheap and left out).
 * The pipeline parses these parameters before the handler runs (400 naming
 * the parameter when bad) and, when the handler returns the whole list,
 * cuts the page out of it and adds _links and X-Total-Count. A handler
 * that reads only one page from the store itself (the audit log) uses
 * c->page and api_page_links (a cursor) or api_page_number_links (page
 * numbers: the initiatives), and the pipeline leaves its answer alone.
 * Exports (?formaat=csv or xlsx) are never paged.
 */
#ifndef SL_PAGE_H
#define SL_PAGE_H

#include <jansson.h>
#include <stdint.h>

#include "api/api.h"

#define PAGE_SIZE_DEFAULT 50
#define PAGE_SIZE_MAX 200
#define PAGE_CURSOR_MAX 512 /* characters of a cursor */

enum page_kind { PAGE_NUMBER, PAGE_CURSOR };

/* How one R_PAGED route's collection is paged (a module's .paged table,
 * ended by a row whose op and path are NULL). */
struct paged {
	const char *op;	   /* operationId of the route, or NULL for a page-only route: */
	const char *path;  /* with op NULL: the page-only route's path */
	const char *array; /* member of the answer holding the items */
	enum page_kind kind;
	int desc; /* PAGE_CURSOR: the list runs from the highest key down */
	/* PAGE_CURSOR: the item's sort key in list order, a new JSON array of
	 * integers and strings ending with the item's id (NULL: [id]). */
	json_t *(*key)(const json_t *item);
	int64_t max;  /* largest page size (0: PAGE_SIZE_MAX) */
	int no_total; /* the handler does not count the whole list (the audit log:
		       * counting a filtered log of millions per page costs too
		       * much), so no X-Total-Count */
};

/* One request's page, parsed from its query. */
struct page_req {
	const struct paged *spec;
	int64_t size;	/* aantal */
	int64_t number; /* PAGE_NUMBER: pagina, from 1 */
	json_t *after;	/* PAGE_CURSOR: the decoded cursor (a key), or NULL: the first page */
};

/* Reads aantal, pagina and na from c->query into p; every bad one is named
 * in c->invalid. 0 or -ERR_INVALID. Free with api_page_free. */
int api_page_parse(struct api_ctx *c, const struct paged *spec, struct page_req *p);
void api_page_free(struct page_req *p);

/* Cuts the page p out of doc[spec->array] (the whole list, in list order),
 * sets doc._links, c->total_count and, for a page, doc.pager (what the
 * pager partial shows). -ERR_INVALID when the cursor does not fit this
 * list (forged). */
int api_page_apply(struct api_ctx *c, json_t *doc, const struct page_req *p);

/* For a handler that read one page itself: sets doc._links (self, first,
 * and next when next_key is not NULL: the key of the page's last item) and
 * the pager; total is the number of matching items and before the number
 * of them before this page, each -1 when unknown. */
void api_page_links(struct api_ctx *c, json_t *doc, const struct page_req *p, const json_t *next_key,
		    int64_t total, int64_t before);

/* For a handler that read one numbered page itself (p->number, p->size;
 * its items already in doc[spec->array]): sets doc._links (self, first,
 * prev, next, last), the pager and X-Total-Count from total, the number of
 * items in the whole list. */
void api_page_number_links(struct api_ctx *c, json_t *doc, const struct page_req *p, int64_t total);

/* For a list keyed by id alone: the id the cursor continues after, 0 for
 * the first page (or no c->page), -1 after naming na as bad (not an id). */
int64_t api_page_after_id(struct api_ctx *c);

/* The key a cursor stands for (a new array of at most 8 integers and
 * strings), or NULL when it is none of ours. */
json_t *api_page_cursor_key(const char *s);

/* The cursor of a key as it appears in a link: a single integer as its
 * decimal digits, anything else base64url of its JSON. Caller frees. */
char *api_page_cursor(const json_t *key);

#endif
