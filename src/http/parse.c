/* SPDX-License-Identifier: EUPL-1.2 */
/* parse: form, cookie and JSON body readers; strict, bounded, no I/O. */
#include "parse.h"

#include <stdio.h>
#include <string.h>

#include "lib/buf.h"
#include "lib/utf8.h"
#include "lib/util.h"

/* A form has at most this many fields. The pilot scaling canvas's answer
 * sheet sends about four per question (level or option, evidence, source,
 * confidence), near 240 for its 57 questions; room for longer methods. */
#define FORM_MAX_FIELDS 1000
#define FORM_MAX_DEPTH 4

/* Decodes one form component ('+' is a space); 0 or -1. */
static int decode(const char *s, size_t n, struct buf *out)
{
	buf_reset(out);
	buf_grow(out, n); /* the decoded text is never longer */
	char *o = out->data;
	int rc = 0;
	for (size_t i = 0; i < n;) {
		/* a run of bytes that stand for themselves is copied at once (a
		 * call per byte was a fifth of fuzz_workshop's time) */
		size_t r = i;
		while (r < n && s[r] != '+' && s[r] != '%')
			r++;
		memcpy(o, s + i, r - i);
		o += r - i;
		i = r;
		if (i == n)
			break;
		if (s[i] == '+') {
			*o++ = ' ';
			i++;
			continue;
		}
		int h = i + 2 < n ? util_hexval(s[i + 1]) : -1, l = h < 0 ? -1 : util_hexval(s[i + 2]);
		if (h < 0 || l < 0) {
			rc = -1;
			break;
		}
		*o++ = (char)(h * 16 + l);
		i += 3;
	}
	out->len = (size_t)(o - out->data);
	*o = '\0';
	if (rc < 0 || (!utf8_valid(buf_str(out), out->len) && out->len))
		return -1;
	return 0;
}

/* Sets obj[path] = value, creating nested objects along dotted keys. */
static int set_path(json_t *obj, const char *key, const char *value)
{
	char part[128];
	int depth = 0;
	for (;;) {
		const char *dot = strchr(key, '.');
		if (!dot) {
			if (!*key)
				return -1;
			json_t *old = json_object_get(obj, key);
			if (old)
				return json_is_string(old) ? 0 : -1;
			json_object_set_new(obj, key, json_string(value));
			return 0;
		}
		size_t n = (size_t)(dot - key);
		if (n == 0 || n >= sizeof part || ++depth > FORM_MAX_DEPTH)
			return -1;
		memcpy(part, key, n);
		part[n] = 0;
		json_t *child = json_object_get(obj, part);
		if (!child) {
			child = json_object();
			json_object_set_new(obj, part, child);
		} else if (!json_is_object(child)) {
			return -1;
		}
		obj = child;
		key = dot + 1;
	}
}

json_t *parse_form(const char *s, size_t n)
{
	json_t *obj = json_object();
	struct buf k = BUF_INIT, v = BUF_INIT;
	int fields = 0;
	size_t i = 0;
	while (i < n) {
		const char *amp = memchr(s + i, '&', n - i);
		size_t end = amp ? (size_t)(amp - s) : n;
		if (end > i) {
			const char *eq = memchr(s + i, '=', end - i);
			size_t klen = eq ? (size_t)(eq - (s + i)) : end - i;
			if (++fields > FORM_MAX_FIELDS || decode(s + i, klen, &k) < 0 ||
			    decode(eq ? eq + 1 : s + end, eq ? (size_t)(s + end - eq - 1) : 0, &v) < 0 ||
			    memchr(buf_str(&k), 0, k.len) || set_path(obj, buf_str(&k), buf_str(&v)) < 0) {
				json_decref(obj);
				obj = NULL;
				break;
			}
		}
		i = end + 1;
	}
	buf_free(&k);
	buf_free(&v);
	return obj;
}

int parse_cookie(const char *h, const char *name, char *out, size_t outlen)
{
	size_t nlen = strlen(name);
	while (h && *h) {
		while (*h == ' ' || *h == '\t' || *h == ';')
			h++;
		const char *end = strchr(h, ';');
		size_t len = end ? (size_t)(end - h) : strlen(h);
		if (len > nlen && !strncmp(h, name, nlen) && h[nlen] == '=') {
			const char *v = h + nlen + 1;
			size_t vlen = len - nlen - 1;
			if (vlen >= 2 && v[0] == '"' && v[vlen - 1] == '"') {
				v++;
				vlen -= 2;
			}
			if (vlen + 1 > outlen)
				return -1;
			memcpy(out, v, vlen);
			out[vlen] = 0;
			return 0;
		}
		h += len;
	}
	return -1;
}

json_t *parse_json_body(const char *s, size_t n, char *err, size_t errlen)
{
	json_error_t e;
	json_t *j = json_loadb(s, n, JSON_REJECT_DUPLICATES, &e);
	if (!j) {
		snprintf(err, errlen, "line %d, column %d: %s", e.line, e.column, e.text);
		return NULL;
	}
	if (!json_is_object(j)) {
		snprintf(err, errlen, "the body must be a JSON object");
		json_decref(j);
		return NULL;
	}
	return j;
}
