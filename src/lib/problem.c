/* SPDX-License-Identifier: EUPL-1.2 */
/* problem: the invalid-params collector shared by API and CLI readers. */
#include "problem.h"

#include <stdarg.h>
#include <string.h>

#include "buf.h"

void problem_add(json_t *inv, const char *name, const char *fmt, ...)
{
	struct buf b = BUF_INIT;
	va_list ap;
	va_start(ap, fmt);
	buf_vprintf(&b, fmt, ap);
	va_end(ap);
	json_array_append_new(inv, json_pack("{s:s,s:s}", "name", name, "reason", buf_str(&b)));
	buf_free(&b);
}

void problem_add_params(json_t *inv, const char *name, const char *key, json_t *params)
{
	json_t *p = json_pack("{s:s,s:s}", "name", name, "reason", key);
	if (params)
		json_object_set_new(p, "params", params);
	json_array_append_new(inv, p);
}

static void param_text(const json_t *v, const char *lang, struct buf *out)
{
	if (json_is_integer(v)) {
		buf_printf(out, "%lld", (long long)json_integer_value(v));
	} else if (json_is_real(v)) {
		size_t at = out->len;
		buf_printf(out, "%.15g", json_real_value(v));
		if (lang && !strcmp(lang, "nl"))
			for (size_t i = at; i < out->len; i++)
				if (out->data[i] == '.')
					out->data[i] = ',';
	} else if (json_is_string(v)) {
		buf_puts(out, json_string_value(v));
	}
}

void problem_text(const json_t *p, const char *tmpl, const char *lang, struct buf *out)
{
	const json_t *params = json_object_get(p, "params");
	const char *s = tmpl ? tmpl : "";
	while (*s) {
		const char *open = strchr(s, '{');
		const char *close = open ? strchr(open, '}') : NULL;
		if (!close) {
			buf_puts(out, s);
			return;
		}
		buf_add(out, s, (size_t)(open - s));
		char name[32];
		size_t n = (size_t)(close - open - 1);
		const json_t *v = NULL;
		if (n > 0 && n < sizeof name) {
			memcpy(name, open + 1, n);
			name[n] = 0;
			v = json_object_get(params, name);
		}
		if (v)
			param_text(v, lang, out);
		else
			buf_add(out, open, (size_t)(close - open + 1));
		s = close + 1;
	}
}
