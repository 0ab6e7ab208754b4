/* SPDX-License-Identifier: EUPL-1.2 */
/* strpool: one allocation for the strings of a record; see strpool.h. */
#include "strpool.h"

#include <stdlib.h>
#include <string.h>

#include "lib/util.h"

void strpool_add(struct strpool *p, const char **dst, const char *s)
{
	if (p->n == p->cap) {
		p->cap = p->cap ? 2 * p->cap : 16;
		p->slot = xrealloc(p->slot, p->cap * sizeof(*p->slot));
	}
	p->slot[p->n++] = (struct strpool_slot){dst, p->text.len, s == NULL};
	if (s)
		buf_add(&p->text, s, strlen(s) + 1);
}

void strpool_column(struct strpool *p, const char **dst, sqlite3_stmt *st, int col)
{
	strpool_add(p, dst, (const char *)sqlite3_column_text(st, col));
}

char *strpool_finish(struct strpool *p)
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
