/* SPDX-License-Identifier: EUPL-1.2 */
/* record: rows into domain records; see record.h. */
#include "record.h"

#include <stdlib.h>
#include <string.h>

#include "lib/util.h"
#include "store/db.h"

void record_text_add(struct record_text *p, const char **dst, const char *s)
{
	if (p->n == p->cap) {
		p->cap = p->cap ? 2 * p->cap : 16;
		p->slot = xrealloc(p->slot, p->cap * sizeof(*p->slot));
	}
	p->slot[p->n++] = (struct record_slot){dst, p->text.len, s == NULL};
	if (s)
		buf_add(&p->text, s, strlen(s) + 1);
}

void record_text_column(struct record_text *p, const char **dst, sqlite3_stmt *st, int col)
{
	record_text_add(p, dst, (const char *)sqlite3_column_text(st, col));
}

char *record_text_finish(struct record_text *p)
{
	buf_putc(&p->text, 0); /* never empty, so never NULL */
	char *text = buf_steal(&p->text);
	for (size_t i = 0; i < p->n; i++)
		*p->slot[i].dst = p->slot[i].null ? NULL : text + p->slot[i].off;
	free(p->slot);
	p->slot = NULL;
	p->n = p->cap = 0;
	return text;
}

void *record_rows(sqlite3_stmt *st, size_t size, size_t *n, void (*fill)(sqlite3_stmt *st, void *record))
{
	char *list = NULL;
	size_t cap = 0;
	*n = 0;
	while (db_step(st) == SQLITE_ROW) {
		if (*n == cap) {
			cap = cap ? 2 * cap : 8;
			list = xrealloc(list, cap * size);
		}
		char *r = list + (*n)++ * size;
		memset(r, 0, size);
		fill(st, r);
	}
	sqlite3_reset(st);
	return list;
}

int record_one(sqlite3_stmt *st, void *record, size_t size, void (*fill)(sqlite3_stmt *st, void *record))
{
	memset(record, 0, size);
	int rc = -ERR_NOTFOUND;
	if (db_step(st) == SQLITE_ROW) {
		fill(st, record);
		rc = 0;
	}
	sqlite3_reset(st);
	return rc;
}
