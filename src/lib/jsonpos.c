/* SPDX-License-Identifier: EUPL-1.2 */
/*
 * jsonpos: recursive-descent JSON parser with a line table. Recursion is
 * bounded by JSONPOS_MAX_DEPTH, every read is bounded by the input length,
 * and on any error everything built so far is freed. Numbers follow the
 * RFC grammar exactly; integers that do not fit json_int_t and reals that
 * overflow a double are errors rather than silently changed values.
 */
#include "jsonpos.h"

#include <errno.h>
#include <stdbool.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "buf.h"
#include "util.h"

enum { POS_VALUE = 1, POS_MEMBER = 2, POS_ELEMENT = 3 };

struct pos_entry {
	const void *owner; /* the value, or the containing object/array */
	char *key;	   /* POS_MEMBER only; owned */
	size_t index;	   /* POS_ELEMENT only */
	int kind;	   /* 0 = empty slot */
	int line;
};

struct jsonpos {
	struct pos_entry *slots;
	size_t cap; /* power of two */
	size_t used;
	size_t first_cap; /* slots of the first table: a power of two */
};

static uint64_t mix(uint64_t h)
{
	h ^= h >> 33;
	h *= 0xff51afd7ed558ccdULL;
	h ^= h >> 33;
	h *= 0xc4ceb9fe1a85ec53ULL;
	h ^= h >> 33;
	return h;
}

static uint64_t entry_hash(const void *owner, int kind, const char *key, size_t index)
{
	uint64_t h = mix((uint64_t)(uintptr_t)owner ^ ((uint64_t)kind << 56));
	if (key) {
		for (const unsigned char *s = (const unsigned char *)key; *s; s++)
			h = (h ^ *s) * 0x100000001b3ULL;
	} else {
		h ^= mix((uint64_t)index + 0x9e3779b97f4a7c15ULL);
	}
	return mix(h);
}

static bool entry_match(const struct pos_entry *e, const void *owner, int kind, const char *key, size_t index)
{
	if (e->kind != kind || e->owner != owner)
		return false;
	if (kind == POS_MEMBER)
		return strcmp(e->key, key) == 0;
	if (kind == POS_ELEMENT)
		return e->index == index;
	return true;
}

static void table_put(struct jsonpos *t, struct pos_entry e);

static void table_grow(struct jsonpos *t)
{
	struct pos_entry *old = t->slots;
	size_t oldcap = t->cap;
	t->cap = oldcap ? oldcap * 2 : t->first_cap;
	t->slots = xcalloc(t->cap, sizeof *t->slots);
	t->used = 0;
	for (size_t i = 0; i < oldcap; i++)
		if (old[i].kind)
			table_put(t, old[i]);
	free(old);
}

/* Takes ownership of e.key. A later entry for the same place wins. */
static void table_put(struct jsonpos *t, struct pos_entry e)
{
	if ((t->used + 1) * 2 > t->cap)
		table_grow(t);
	size_t mask = t->cap - 1;
	size_t i = (size_t)entry_hash(e.owner, e.kind, e.key, e.index) & mask;
	while (t->slots[i].kind) {
		if (entry_match(&t->slots[i], e.owner, e.kind, e.key, e.index)) {
			free(t->slots[i].key);
			t->slots[i] = e;
			return;
		}
		i = (i + 1) & mask;
	}
	t->slots[i] = e;
	t->used++;
}

static int table_get(const struct jsonpos *t, const void *owner, int kind, const char *key, size_t index)
{
	if (!t || !t->cap || !owner)
		return 0;
	size_t mask = t->cap - 1;
	size_t i = (size_t)entry_hash(owner, kind, key, index) & mask;
	while (t->slots[i].kind) {
		if (entry_match(&t->slots[i], owner, kind, key, index))
			return t->slots[i].line;
		i = (i + 1) & mask;
	}
	return 0;
}

void jsonpos_free(struct jsonpos *pos)
{
	if (!pos)
		return;
	for (size_t i = 0; i < pos->cap; i++)
		if (pos->slots[i].key)
			free(pos->slots[i].key);
	free(pos->slots);
	free(pos);
}

int jsonpos_line(const struct jsonpos *pos, const json_t *v)
{
	return table_get(pos, v, POS_VALUE, NULL, 0);
}

int jsonpos_member_line(const struct jsonpos *pos, const json_t *obj, const char *key)
{
	if (!key)
		return 0;
	return table_get(pos, obj, POS_MEMBER, key, 0);
}

int jsonpos_element_line(const struct jsonpos *pos, const json_t *arr, size_t i)
{
	return table_get(pos, arr, POS_ELEMENT, NULL, i);
}

/* ---- parser ---- */

struct parser {
	const unsigned char *p, *end;
	const unsigned char *line_start;
	int line;
	int depth;
	struct jsonpos *pos;
	struct jsonpos_error *err;
	bool failed;
};

static void fail(struct parser *ps, const char *fmt, ...) __attribute__((format(printf, 2, 3)));

static void fail(struct parser *ps, const char *fmt, ...)
{
	if (ps->failed)
		return;
	ps->failed = true;
	ps->err->line = ps->line;
	ps->err->column = (int)(ps->p - ps->line_start) + 1;
	va_list ap;
	va_start(ap, fmt);
	vsnprintf(ps->err->message, sizeof ps->err->message, fmt, ap);
	va_end(ap);
}

static void skip_ws(struct parser *ps)
{
	while (ps->p < ps->end) {
		unsigned char c = *ps->p;
		if (c == '\n') {
			ps->line++;
			ps->line_start = ps->p + 1;
		} else if (c != ' ' && c != '\t' && c != '\r') {
			return;
		}
		ps->p++;
	}
}

static void describe(const struct parser *ps, char *out, size_t n)
{
	if (ps->p >= ps->end)
		snprintf(out, n, "end of input");
	else if (*ps->p >= 0x21 && *ps->p < 0x7f)
		snprintf(out, n, "'%c'", *ps->p);
	else
		snprintf(out, n, "byte 0x%02x", *ps->p);
}

static void fail_unexpected(struct parser *ps, const char *wanted)
{
	char what[32];
	describe(ps, what, sizeof what);
	fail(ps, "expected %s, found %s", wanted, what);
}

/* Reads 4 hex digits after "\u"; -1 on error (already reported). */
static long read_hex4(struct parser *ps)
{
	if (ps->end - ps->p < 4) {
		fail(ps, "truncated \\u escape");
		return -1;
	}
	long v = 0;
	for (int i = 0; i < 4; i++) {
		int h = util_hexval((char)ps->p[i]);
		if (h < 0) {
			ps->p += i;
			fail(ps, "invalid hex digit in \\u escape");
			return -1;
		}
		v = v * 16 + h;
	}
	ps->p += 4;
	return v;
}

static void put_utf8(struct buf *b, unsigned long cp)
{
	char s[4];
	size_t n;
	if (cp < 0x80) {
		s[0] = (char)cp;
		n = 1;
	} else if (cp < 0x800) {
		s[0] = (char)(0xc0 | (cp >> 6));
		s[1] = (char)(0x80 | (cp & 0x3f));
		n = 2;
	} else if (cp < 0x10000) {
		s[0] = (char)(0xe0 | (cp >> 12));
		s[1] = (char)(0x80 | ((cp >> 6) & 0x3f));
		s[2] = (char)(0x80 | (cp & 0x3f));
		n = 3;
	} else {
		s[0] = (char)(0xf0 | (cp >> 18));
		s[1] = (char)(0x80 | ((cp >> 12) & 0x3f));
		s[2] = (char)(0x80 | ((cp >> 6) & 0x3f));
		s[3] = (char)(0x80 | (cp & 0x3f));
		n = 4;
	}
	buf_add(b, s, n);
}

/*
 * Length of the well-formed UTF-8 sequence at p (RFC 3629: no overlong
 * forms, no surrogates, nothing above U+10FFFF), or 0 if it is not one.
 */
static size_t utf8_seq(const unsigned char *p, const unsigned char *end)
{
	size_t avail = (size_t)(end - p);
	unsigned char c = p[0];
	if (c < 0x80)
		return 1;
	if (c >= 0xc2 && c <= 0xdf)
		return avail >= 2 && (p[1] & 0xc0) == 0x80 ? 2 : 0;
	if (c >= 0xe0 && c <= 0xef) {
		if (avail < 3 || (p[1] & 0xc0) != 0x80 || (p[2] & 0xc0) != 0x80)
			return 0;
		if (c == 0xe0 && p[1] < 0xa0)
			return 0; /* overlong */
		if (c == 0xed && p[1] >= 0xa0)
			return 0; /* surrogate */
		return 3;
	}
	if (c >= 0xf0 && c <= 0xf4) {
		if (avail < 4 || (p[1] & 0xc0) != 0x80 || (p[2] & 0xc0) != 0x80 || (p[3] & 0xc0) != 0x80)
			return 0;
		if (c == 0xf0 && p[1] < 0x90)
			return 0; /* overlong */
		if (c == 0xf4 && p[1] >= 0x90)
			return 0; /* above U+10FFFF */
		return 4;
	}
	return 0;
}

/* Parses a string starting at the opening quote into b (reset first). */
static bool parse_string(struct parser *ps, struct buf *b)
{
	buf_reset(b);
	buf_grow(b, 0); /* data is never NULL afterwards */
	ps->p++;	/* opening quote */
	for (;;) {
		if (ps->p >= ps->end) {
			fail(ps, "unterminated string");
			return false;
		}
		unsigned char c = *ps->p;
		if (c == '"') {
			ps->p++;
			return true;
		}
		if (c < 0x20) {
			fail(ps, "control character 0x%02x in string; use an escape", c);
			return false;
		}
		if (c == '\\') {
			ps->p++;
			if (ps->p >= ps->end) {
				fail(ps, "unterminated string");
				return false;
			}
			unsigned char e = *ps->p++;
			switch (e) {
			case '"': buf_putc(b, '"'); break;
			case '\\': buf_putc(b, '\\'); break;
			case '/': buf_putc(b, '/'); break;
			case 'b': buf_putc(b, '\b'); break;
			case 'f': buf_putc(b, '\f'); break;
			case 'n': buf_putc(b, '\n'); break;
			case 'r': buf_putc(b, '\r'); break;
			case 't': buf_putc(b, '\t'); break;
			case 'u': {
				long cp = read_hex4(ps);
				if (cp < 0)
					return false;
				if (cp >= 0xdc00 && cp <= 0xdfff) {
					fail(ps, "lone low surrogate in \\u escape");
					return false;
				}
				if (cp >= 0xd800 && cp <= 0xdbff) {
					if (ps->end - ps->p < 2 || ps->p[0] != '\\' || ps->p[1] != 'u') {
						fail(ps, "high surrogate without a low surrogate");
						return false;
					}
					ps->p += 2;
					long lo = read_hex4(ps);
					if (lo < 0)
						return false;
					if (lo < 0xdc00 || lo > 0xdfff) {
						fail(ps, "high surrogate without a low surrogate");
						return false;
					}
					cp = 0x10000 + ((cp - 0xd800) << 10) + (lo - 0xdc00);
				}
				if (cp == 0) {
					fail(ps, "\\u0000 is not allowed in strings");
					return false;
				}
				put_utf8(b, (unsigned long)cp);
				break;
			}
			default:
				ps->p--;
				fail(ps, "invalid escape in string");
				return false;
			}
			continue;
		}
		/* a run of plain characters is copied at once (a call per
		 * character was a sixth of fuzz_method's time) */
		const unsigned char *run = ps->p;
		while (ps->p < ps->end && *ps->p != '"' && *ps->p != '\\' && *ps->p >= 0x20) {
			size_t n = *ps->p < 0x80 ? 1 : utf8_seq(ps->p, ps->end);
			if (!n) {
				buf_add(b, run, (size_t)(ps->p - run));
				fail(ps, "invalid UTF-8 in string");
				return false;
			}
			ps->p += n;
		}
		buf_add(b, run, (size_t)(ps->p - run));
	}
}

static bool is_digit(const struct parser *ps)
{
	return ps->p < ps->end && *ps->p >= '0' && *ps->p <= '9';
}

static json_t *parse_number(struct parser *ps)
{
	const unsigned char *start = ps->p;
	bool real = false;
	if (*ps->p == '-')
		ps->p++;
	if (!is_digit(ps)) {
		fail_unexpected(ps, "a digit");
		return NULL;
	}
	if (*ps->p == '0') {
		ps->p++;
		if (is_digit(ps)) {
			fail(ps, "leading zero in number");
			return NULL;
		}
	} else {
		while (is_digit(ps))
			ps->p++;
	}
	if (ps->p < ps->end && *ps->p == '.') {
		real = true;
		ps->p++;
		if (!is_digit(ps)) {
			fail_unexpected(ps, "a digit after '.'");
			return NULL;
		}
		while (is_digit(ps))
			ps->p++;
	}
	if (ps->p < ps->end && (*ps->p == 'e' || *ps->p == 'E')) {
		real = true;
		ps->p++;
		if (ps->p < ps->end && (*ps->p == '+' || *ps->p == '-'))
			ps->p++;
		if (!is_digit(ps)) {
			fail_unexpected(ps, "a digit in the exponent");
			return NULL;
		}
		while (is_digit(ps))
			ps->p++;
	}
	/* a number of up to 63 characters is read from the stack */
	size_t len = (size_t)(ps->p - start);
	char small[64];
	char *text = len < sizeof small ? small : xmalloc(len + 1);
	memcpy(text, start, len);
	text[len] = '\0';
	json_t *v = NULL;
	errno = 0;
	if (real) {
		double d = strtod(text, NULL);
		if (errno == ERANGE && (d > 1.0 || d < -1.0)) {
			ps->p = start;
			fail(ps, "number out of range");
		} else {
			v = json_real(d);
		}
	} else {
		long long i = strtoll(text, NULL, 10);
		if (errno == ERANGE) {
			ps->p = start;
			fail(ps, "integer out of range");
		} else {
			v = json_integer((json_int_t)i);
		}
	}
	if (text != small)
		free(text);
	if (!v && !ps->failed)
		BUG("jansson out of memory");
	return v;
}

static bool literal(struct parser *ps, const char *word)
{
	size_t n = strlen(word);
	if ((size_t)(ps->end - ps->p) < n || memcmp(ps->p, word, n) != 0) {
		fail(ps, "invalid literal; expected a value");
		return false;
	}
	ps->p += n;
	return true;
}

static json_t *parse_value(struct parser *ps, struct buf *scratch);

/* Takes ownership of key (malloc'd, or NULL). */
static void note(struct parser *ps, const void *owner, int kind, char *key, size_t index, int line)
{
	struct pos_entry e = {owner, key, index, kind, line};
	table_put(ps->pos, e);
}

static json_t *parse_object(struct parser *ps, struct buf *scratch)
{
	json_t *obj = json_object();
	if (!obj)
		BUG("jansson out of memory");
	ps->p++; /* { */
	skip_ws(ps);
	if (ps->p < ps->end && *ps->p == '}') {
		ps->p++;
		return obj;
	}
	for (;;) {
		skip_ws(ps);
		if (ps->p >= ps->end || *ps->p != '"') {
			fail_unexpected(ps, "a string key");
			goto bad;
		}
		int key_line = ps->line;
		const unsigned char *key_at = ps->p;
		if (!parse_string(ps, scratch))
			goto bad;
		char *key = xstrndup(scratch->data, scratch->len); /* scratch keeps its room */
		if (json_object_get(obj, key)) {
			ps->p = key_at;
			fail(ps, "duplicate key \"%.60s\"", key);
			free(key);
			goto bad;
		}
		skip_ws(ps);
		if (ps->p >= ps->end || *ps->p != ':') {
			fail_unexpected(ps, "':' after the key");
			free(key);
			goto bad;
		}
		ps->p++;
		json_t *v = parse_value(ps, scratch);
		if (!v) {
			free(key);
			goto bad;
		}
		if (json_object_set_new_nocheck(obj, key, v) != 0)
			BUG("jansson out of memory");
		note(ps, obj, POS_MEMBER, key, 0, key_line); /* the table keeps key */
		skip_ws(ps);
		if (ps->p < ps->end && *ps->p == ',') {
			ps->p++;
			continue;
		}
		if (ps->p < ps->end && *ps->p == '}') {
			ps->p++;
			return obj;
		}
		fail_unexpected(ps, "',' or '}'");
		goto bad;
	}
bad:
	json_decref(obj);
	return NULL;
}

static json_t *parse_array(struct parser *ps, struct buf *scratch)
{
	json_t *arr = json_array();
	if (!arr)
		BUG("jansson out of memory");
	ps->p++; /* [ */
	skip_ws(ps);
	if (ps->p < ps->end && *ps->p == ']') {
		ps->p++;
		return arr;
	}
	for (;;) {
		skip_ws(ps);
		int line = ps->line;
		json_t *v = parse_value(ps, scratch);
		if (!v)
			goto bad;
		size_t index = json_array_size(arr);
		if (json_array_append_new(arr, v) != 0)
			BUG("jansson out of memory");
		note(ps, arr, POS_ELEMENT, NULL, index, line);
		skip_ws(ps);
		if (ps->p < ps->end && *ps->p == ',') {
			ps->p++;
			continue;
		}
		if (ps->p < ps->end && *ps->p == ']') {
			ps->p++;
			return arr;
		}
		fail_unexpected(ps, "',' or ']'");
		goto bad;
	}
bad:
	json_decref(arr);
	return NULL;
}

static json_t *parse_value(struct parser *ps, struct buf *scratch)
{
	skip_ws(ps);
	if (ps->p >= ps->end) {
		fail_unexpected(ps, "a value");
		return NULL;
	}
	int line = ps->line;
	json_t *v = NULL;
	switch (*ps->p) {
	case '{':
	case '[':
		if (ps->depth >= JSONPOS_MAX_DEPTH) {
			fail(ps, "nesting deeper than %d levels", JSONPOS_MAX_DEPTH);
			return NULL;
		}
		ps->depth++;
		v = *ps->p == '{' ? parse_object(ps, scratch) : parse_array(ps, scratch);
		ps->depth--;
		break;
	case '"':
		if (parse_string(ps, scratch)) {
			v = json_stringn_nocheck(scratch->data, scratch->len);
			if (!v)
				BUG("jansson out of memory");
		}
		break;
	case 't':
		if (literal(ps, "true"))
			v = json_true();
		break;
	case 'f':
		if (literal(ps, "false"))
			v = json_false();
		break;
	case 'n':
		if (literal(ps, "null"))
			v = json_null();
		break;
	default:
		if (*ps->p == '-' || (*ps->p >= '0' && *ps->p <= '9'))
			v = parse_number(ps);
		else
			fail_unexpected(ps, "a value");
	}
	if (v && !json_is_true(v) && !json_is_false(v) && !json_is_null(v))
		note(ps, v, POS_VALUE, NULL, 0, line);
	return v;
}

json_t *jsonpos_parse(const char *data, size_t len, struct jsonpos **pos, struct jsonpos_error *err)
{
	struct jsonpos_error dummy;
	if (!err)
		err = &dummy;
	memset(err, 0, sizeof *err);
	*pos = NULL;
	struct parser ps = {0};
	ps.p = (const unsigned char *)(data ? data : "");
	ps.end = ps.p + (data ? len : 0);
	ps.line_start = ps.p;
	ps.line = 1;
	ps.pos = xcalloc(1, sizeof *ps.pos);
	/* the table starts near the size the document needs (a value with its
	 * member or element line takes about eight bytes of pretty JSON; most
	 * documents are small): growing from 32 slots rehashed a method of a
	 * few KB five times */
	size_t cap = 32, n = (size_t)(ps.end - ps.p);
	while (cap < n / 8 && cap < ((size_t)1 << 20))
		cap *= 2;
	ps.pos->first_cap = cap;
	ps.err = err;
	if (ps.end - ps.p >= 3 && ps.p[0] == 0xef && ps.p[1] == 0xbb && ps.p[2] == 0xbf) {
		ps.p += 3;
		ps.line_start = ps.p;
	}
	struct buf scratch = BUF_INIT;
	json_t *root = parse_value(&ps, &scratch);
	if (root) {
		skip_ws(&ps);
		if (ps.p < ps.end) {
			fail_unexpected(&ps, "end of input after the value");
			json_decref(root);
			root = NULL;
		}
	}
	buf_free(&scratch);
	if (!root) {
		if (!ps.failed)
			fail(&ps, "invalid JSON");
		jsonpos_free(ps.pos);
		return NULL;
	}
	*pos = ps.pos;
	return root;
}
