/* SPDX-License-Identifier: EUPL-1.2 */
/* organisation: the kinds' words and the records' free functions. */
#include "organisation.h"

#include <stdlib.h>
#include <string.h>

/* The one place where the kinds are spelled (the schema's CHECK list says
 * the same; the unit tests hold them together). Index + 1 is the enum value. */
const char *const organisation_kinds[] = {"overheid", "markt", "wetenschap", "samenleving", NULL};

const char *organisation_kind_name(enum organisation_kind k)
{
	return k >= ORGANISATION_KIND_OVERHEID && k <= ORGANISATION_KIND_SAMENLEVING
		   ? organisation_kinds[k - 1]
		   : NULL;
}

enum organisation_kind organisation_kind_parse(const char *s)
{
	for (int i = 0; s && organisation_kinds[i]; i++)
		if (!strcmp(s, organisation_kinds[i]))
			return (enum organisation_kind)(i + 1);
	return ORGANISATION_KIND_NONE;
}

void organisation_free(struct organisation *o)
{
	free(o->text);
	o->text = NULL;
}

void organisation_member_free(struct organisation_member *m)
{
	free(m->text);
	m->text = NULL;
}

void organisation_list_free(struct organisation *list, size_t n)
{
	for (size_t i = 0; i < n; i++)
		organisation_free(&list[i]);
	free(list);
}

void organisation_member_list_free(struct organisation_member *list, size_t n)
{
	for (size_t i = 0; i < n; i++)
		organisation_member_free(&list[i]);
	free(list);
}
