/* SPDX-License-Identifier: EUPL-1.2 */
/*
 * template: a small logic-less template language over a JSON context.
 *   {{a.b}}            value, HTML-escaped (the default)
 *   {{raw a.b}}        value unescaped: only for trusted markup
 *   {{num a.b}}        a number in the page's language: 1.234 and 2,5 (nl), 1,234 and 2.5 (en)
 *   {{date a.b}}       a stored date or UTC time as people read it, local zone
 *   {{json a.b}}       value as JSON for a <script type="application/json"> block
 *   {{asset app.css}}  URL of web/static/app.css with its content fingerprint
 *   {{t key}}          catalogue text, escaped
 *   {{t @p}}           catalogue text for the key held at path p
 *   {{tv prefix a.b}}  catalogue text for key prefix+value (e.g. stage.pilot)
 *   {{#a}}..{{/a}}     section: loop over arrays, enter objects, or show if truthy
 *   {{^a}}..{{/a}}     inverted section
 *   {{#a==x}}..{{/a==x}}  shown when a equals literal x (or path @p)
 *   {{> name}}         include the template name.html (anywhere under web/templates/)
 *   {{> name k=v k2=@p}} the same with parameters: literal words, or @ the value at
 *                      path p; inside, they shadow the names of the caller
 *   {{.}}              the current item
 *   {{! text}}         a comment, not rendered
 */
#ifndef SL_TEMPLATE_H
#define SL_TEMPLATE_H

#include <jansson.h>

#include "lib/buf.h"

#include "lib/assets.h"

/* Bounds of one rendering: tags handled plus list items entered, and bytes
 * written. Nested sections over lists multiply (2^depth); past either bound
 * rendering stops with -ERR_INVALID (the page answers 500). A page needs a
 * few dozen steps per list row, so real pages stay far below. */
#define TEMPLATE_MAX_STEPS 4000000L
#define TEMPLATE_MAX_OUTPUT ((size_t)64 << 20)

/* The template name.html, wherever it lives under web/templates/, or NULL. */
const struct asset *template_find(const char *name);
/* Renders the template name; returns 0 or -ERR_NOTFOUND / -ERR_INVALID (a
 * bad template, or past a bound above). */
int template_render(const char *name, json_t *ctx, const char *lang, struct buf *out);
/* Renders template text (for tests and fuzzing). */
int template_render_text(const char *tpl, size_t len, json_t *ctx, const char *lang, struct buf *out);
/* The same within other bounds (the fuzzer's are small, so an input that
 * reaches them costs little time). */
int template_render_bounded(const char *tpl, size_t len, json_t *ctx, const char *lang, long max_steps,
			    size_t max_output, struct buf *out);

#endif
