/* SPDX-License-Identifier: EUPL-1.2 */
/* fuzz_page: the page parameters of every collection (aantal, pagina, na:
 * query text anyone can send, api/page.c). The input is split at '&' into
 * the three values. A cursor that decodes must encode to one that decodes
 * to the same key; a parse that succeeds gives a size within the maximum
 * and a page number from 1; a failed one names at least one parameter. */
#include <jansson.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "api/page.h"
#include "lib/util.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	char *s = malloc(size + 1);
	memcpy(s, data, size);
	s[size] = 0;
	if (strlen(s) != size) { /* a query value holds no NUL */
		free(s);
		return 0;
	}
	json_t *k = api_page_cursor_key(s);
	if (k) {
		char *again = api_page_cursor(k);
		json_t *k2 = api_page_cursor_key(again);
		if (!k2 || !json_equal(k, k2))
			abort(); /* a cursor of ours reads back as the same key */
		json_decref(k2);
		free(again);
		json_decref(k);
	}
	const char *names[] = {"aantal", "pagina", "na"};
	json_t *q = json_object();
	char *save = NULL, *part = strtok_r(s, "&", &save);
	for (int i = 0; i < 3 && part; i++, part = strtok_r(NULL, "&", &save))
		json_object_set_new(q, names[i], json_string(part));
	static const struct paged specs[] = {
	    {.op = "n", .array = "items", .kind = PAGE_NUMBER},
	    {.op = "c", .array = "items", .kind = PAGE_CURSOR, .desc = 1},
	};
	for (int i = 0; i < 2; i++) {
		struct api_ctx c = {.query = q, .invalid = json_array(), .path = "/x"};
		struct page_req p;
		int rc = api_page_parse(&c, &specs[i], &p);
		if (rc == 0 &&
		    (p.size < 1 || p.size > PAGE_SIZE_MAX || (specs[i].kind == PAGE_NUMBER && p.number < 1)))
			abort();
		if (rc < 0 && !json_array_size(c.invalid))
			abort();
		if (rc == 0) {
			/* a page of a small list: the links are built, the page is cut */
			json_t *doc =
			    json_pack("{s:[{s:i},{s:i},{s:i}]}", "items", "id", 1, "id", 2, "id", 3);
			c.page = &p;
			api_page_apply(&c, doc, &p);
			json_decref(doc);
		}
		api_page_free(&p);
		json_decref(c.invalid);
	}
	json_decref(q);
	free(s);
	return 0;
}
