/* SPDX-License-Identifier: EUPL-1.2 */
/*
 * knowledge: word tables of the knowledge base and Markdown through cmark
 * in safe mode, with links and images limited to http(s) and mailto
 * (cmark's safe mode alone lets data:image links through).
 */
#include "domain/knowledge.h"

#include <cmark.h>
#include <ctype.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "lib/buf.h"

const char *const knowledge_kinds[] = {"praktijkvoorbeeld", "les", "belemmering", "aanpak", NULL};
const char *const knowledge_visibilities[] = {"organisatie", "publiek", NULL};
const char *const knowledge_levels[] = {"beschreven", "onderbouwd", "eerste-aanwijzingen", "effectief", NULL};
const char *const knowledge_link_kinds[] = {"ingredient", "route", "valkuil", NULL};

static const char *word(const char *const *t, size_t n, int i)
{
	return i >= 1 && (size_t)i <= n ? t[i - 1] : NULL;
}

static int parse(const char *const *t, const char *s)
{
	for (int i = 0; s && t[i]; i++)
		if (!strcmp(t[i], s))
			return i + 1;
	return 0;
}

const char *knowledge_kind_name(enum knowledge_kind k)
{
	return word(knowledge_kinds, 4, (int)k);
}

enum knowledge_kind knowledge_kind_parse(const char *s)
{
	return (enum knowledge_kind)parse(knowledge_kinds, s);
}

const char *knowledge_level_name(enum knowledge_level l)
{
	return word(knowledge_levels, 4, (int)l);
}

enum knowledge_level knowledge_level_parse(const char *s)
{
	return (enum knowledge_level)parse(knowledge_levels, s);
}

/* Whether url may stay: relative (no scheme), #fragment, http(s), mailto. */
static int url_safe(const char *url)
{
	while (*url && isspace((unsigned char)*url))
		url++;
	const char *p = url;
	while (*p && (isalnum((unsigned char)*p) || *p == '+' || *p == '-' || *p == '.'))
		p++;
	if (*p != ':' || p == url)
		return 1; /* no scheme: a path or fragment */
	size_t n = (size_t)(p - url);
	return (n == 4 && !strncasecmp(url, "http", 4)) || (n == 5 && !strncasecmp(url, "https", 5)) ||
	       (n == 6 && !strncasecmp(url, "mailto", 6));
}

char *knowledge_markdown(const char *md, size_t len)
{
	cmark_node *doc = cmark_parse_document(md ? md : "", md ? len : 0, CMARK_OPT_DEFAULT);
	cmark_iter *it = cmark_iter_new(doc);
	for (cmark_event_type ev; (ev = cmark_iter_next(it)) != CMARK_EVENT_DONE;) {
		cmark_node *n = cmark_iter_get_node(it);
		cmark_node_type t = cmark_node_get_type(n);
		if (ev == CMARK_EVENT_ENTER && (t == CMARK_NODE_LINK || t == CMARK_NODE_IMAGE)) {
			const char *url = cmark_node_get_url(n);
			if (url && !url_safe(url))
				cmark_node_set_url(n, "");
		}
	}
	cmark_iter_free(it);
	/* CMARK_OPT_SAFE is the default from cmark 0.29 on; asked for anyway */
	char *html = cmark_render_html(doc, CMARK_OPT_DEFAULT | CMARK_OPT_SAFE);
	cmark_node_free(doc);
	return html;
}

char *knowledge_plain(const char *md, size_t len)
{
	cmark_node *doc = cmark_parse_document(md ? md : "", md ? len : 0, CMARK_OPT_DEFAULT);
	cmark_iter *it = cmark_iter_new(doc);
	struct buf b = BUF_INIT;
	for (cmark_event_type ev; (ev = cmark_iter_next(it)) != CMARK_EVENT_DONE;) {
		cmark_node *n = cmark_iter_get_node(it);
		cmark_node_type t = cmark_node_get_type(n);
		const char *lit = cmark_node_get_literal(n);
		if (ev == CMARK_EVENT_ENTER && (t == CMARK_NODE_TEXT || t == CMARK_NODE_CODE) && lit)
			buf_puts(&b, lit);
		else if (ev == CMARK_EVENT_ENTER && t == CMARK_NODE_CODE_BLOCK && lit)
			buf_printf(&b, "%s\n", lit);
		else if (ev == CMARK_EVENT_ENTER && (t == CMARK_NODE_SOFTBREAK || t == CMARK_NODE_LINEBREAK))
			buf_puts(&b, " ");
		else if (ev == CMARK_EVENT_EXIT && (t == CMARK_NODE_PARAGRAPH || t == CMARK_NODE_HEADING))
			buf_puts(&b, "\n");
	}
	cmark_iter_free(it);
	cmark_node_free(doc);
	return buf_steal(&b);
}
