/* SPDX-License-Identifier: EUPL-1.2 */
/*
 * field: reads request bodies against declarative field specs (see
 * field.h). Reasons are catalogue keys; a range problem carries its bounds
 * as params ({min}, {max}) for the catalogue text. Pure: no I/O, no
 * database, never changes the body it reads.
 */
#include "api/field.h"

#include <errno.h>
#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "lib/buf.h"
#include "lib/problem.h"
#include "lib/timeutil.h"
#include "lib/utf8.h"
#include "lib/util.h"

/* 2^63 as a double: the first value beyond int64 */
#define TWO63 9223372036854775808.0

enum lookup { FOUND, ABSENT, SKIP };

/* The member at spec name (a dotted path). SKIP when an enclosing object
 * is absent, null or not an object: its own spec speaks for it. */
static enum lookup lookup(const json_t *obj, const char *path, const json_t **out)
{
	char key[128];
	*out = NULL;
	for (;;) {
		const char *dot = strchr(path, '.');
		if (!dot) {
			*out = json_object_get(obj, path);
			return *out ? FOUND : ABSENT;
		}
		size_t n = (size_t)(dot - path);
		BUG_ON(n >= sizeof key); /* spec names are ours */
		memcpy(key, path, n);
		key[n] = 0;
		obj = json_object_get(obj, key);
		if (!json_is_object(obj))
			return SKIP;
		path = dot + 1;
	}
}

static const char *full_name(struct buf *b, const char *prefix, const char *name)
{
	buf_reset(b);
	if (prefix && *prefix)
		buf_printf(b, "%s.%s", prefix, name);
	else
		buf_puts(b, name);
	return buf_str(b);
}

static int blank(const char *s)
{
	return strspn(s, " \t\r\n") == strlen(s);
}

/* Text without the spaces a form field may carry around it, in tmp. */
static char *trimmed(const char *s, char *tmp, size_t n)
{
	while (*s == ' ' || *s == '\t')
		s++;
	size_t len = strlen(s);
	while (len && (s[len - 1] == ' ' || s[len - 1] == '\t'))
		len--;
	if (len >= n)
		return NULL;
	memcpy(tmp, s, len);
	tmp[len] = 0;
	return tmp;
}

enum parse { PARSED, NOT_A, TOO_BIG };

/* Form text as a whole number: optional sign and digits only. */
static enum parse parse_int(const char *text, int64_t *out)
{
	char tmp[64];
	const char *s = trimmed(text, tmp, sizeof tmp);
	if (!s)
		return strspn(text, " \t+-0123456789") == strlen(text) ? TOO_BIG : NOT_A;
	const char *d = s + (*s == '-' || *s == '+');
	if (!*d || strspn(d, "0123456789") != strlen(d))
		return NOT_A;
	errno = 0;
	long long v = strtoll(s, NULL, 10);
	if (errno == ERANGE)
		return TOO_BIG;
	*out = v;
	return PARSED;
}

/* Form text as a finite number: [sign] digits [. or , digits] [e [sign] digits]. */
static enum parse parse_num(const char *text, double *out)
{
	char tmp[64];
	char *s = trimmed(text, tmp, sizeof tmp);
	if (!s)
		return NOT_A;
	size_t i = (*s == '-' || *s == '+');
	size_t digits = strspn(s + i, "0123456789");
	i += digits;
	if (s[i] == '.' || s[i] == ',') {
		s[i++] = '.';
		size_t frac = strspn(s + i, "0123456789");
		digits += frac;
		i += frac;
	}
	if (!digits)
		return NOT_A;
	if (s[i] == 'e' || s[i] == 'E') {
		i++;
		i += (s[i] == '-' || s[i] == '+');
		size_t exp = strspn(s + i, "0123456789");
		if (!exp)
			return NOT_A;
		i += exp;
	}
	if (s[i])
		return NOT_A;
	double v = strtod(s, NULL);
	if (!isfinite(v))
		return TOO_BIG;
	*out = v;
	return PARSED;
}

static enum parse parse_bool(const char *s, int *out)
{
	static const char *const yes[] = {"1", "true", "on", "ja", NULL};
	static const char *const no[] = {"0", "false", "off", "nee", NULL};
	for (int i = 0; yes[i]; i++) {
		if (!strcmp(s, yes[i])) {
			*out = 1;
			return PARSED;
		}
	}
	for (int i = 0; no[i]; i++) {
		if (!strcmp(s, no[i])) {
			*out = 0;
			return PARSED;
		}
	}
	return NOT_A;
}

static int enum_index(const struct field *f, const char *s)
{
	for (int i = 0; f->values && f->values[i]; i++)
		if (!strcmp(f->values[i], s))
			return i;
	return -1;
}

static void bad(json_t *inv, const char *name, const char *key)
{
	problem_add_params(inv, name, key, NULL);
}

static int64_t int_min(const struct field *f)
{
	return f->type == FIELD_ID ? 1 : f->min;
}

static int64_t int_max(const struct field *f)
{
	return f->type == FIELD_ID ? INT64_MAX : f->max;
}

/* A value of f beyond one of its bounds (above: the upper one): the spec's
 * own reason, or a generic key whose text names the bound crossed. */
static void int_range(json_t *inv, const char *name, const struct field *f, int above)
{
	if (f->reason)
		bad(inv, name, f->reason);
	else if (above)
		problem_add_params(inv, name, "err.max", json_pack("{s:I}", "max", (json_int_t)int_max(f)));
	else
		problem_add_params(inv, name, "err.min", json_pack("{s:I}", "min", (json_int_t)int_min(f)));
}

static json_t *num_param(double v)
{
	if (v == floor(v) && fabs(v) < 9007199254740992.0)
		return json_integer((json_int_t)v);
	return json_real(v);
}

static void num_range(json_t *inv, const char *name, const struct field *f, int above)
{
	if (f->reason)
		bad(inv, name, f->reason);
	else if (above)
		problem_add_params(inv, name, f->flags & FIELD_LT ? "err.lt" : "err.max",
				   json_pack("{s:o}", "max", num_param(f->nmax)));
	else
		problem_add_params(inv, name, f->flags & FIELD_GT ? "err.gt" : "err.min",
				   json_pack("{s:o}", "min", num_param(f->nmin)));
}

/* Which side of the range a form number that overflowed lies on. */
static int text_above(const char *s)
{
	return s[strspn(s, " \t")] != '-';
}

static int num_in_range(const struct field *f, double v)
{
	if (f->flags & FIELD_GT ? !(v > f->nmin) : !(v >= f->nmin))
		return 0;
	if (f->flags & FIELD_LT ? !(v < f->nmax) : !(v <= f->nmax))
		return 0;
	return 1;
}

/* The type error of a field, worded for its type. */
static const char *type_key(const struct field *f)
{
	switch (f->type) {
	case FIELD_STRING: return "err.type_string";
	case FIELD_INTEGER:
	case FIELD_ID: return "err.type_integer";
	case FIELD_NUMBER: return "err.type_number";
	case FIELD_BOOLEAN: return "err.type_boolean";
	case FIELD_ENUM: return f->reason ? f->reason : "err.type_string";
	case FIELD_DATE: return "err.date";
	case FIELD_OBJECT: return "err.type_object";
	default: return "err.type_string";
	}
}

/* The default of f into v; a default that does not parse is a bug in the spec. */
static void set_default(const struct field *f, struct field_value *v)
{
	if (!f->def)
		return;
	v->ok = 1;
	switch (f->type) {
	case FIELD_INTEGER:
	case FIELD_ID:
		BUG_ON(parse_int(f->def, &v->i) != PARSED);
		v->d = (double)v->i;
		break;
	case FIELD_NUMBER: BUG_ON(parse_num(f->def, &v->d) != PARSED); break;
	case FIELD_BOOLEAN: BUG_ON(parse_bool(f->def, &v->b) != PARSED); break;
	case FIELD_ENUM:
		v->i = enum_index(f, f->def);
		BUG_ON(v->i < 0);
		v->s = f->values[v->i];
		break;
	default: v->s = f->def; break;
	}
}

/* Reads one present, non-null member j of field f into v; reports problems. */
static void read_value(const struct field *f, const json_t *j, int form, const char *name,
		       struct field_value *v, json_t *inv)
{
	const char *text = json_is_string(j) ? json_string_value(j) : NULL;
	switch (f->type) {
	case FIELD_STRING:
		if (!text) {
			bad(inv, name, type_key(f));
		} else if (!utf8_valid(text, strlen(text))) {
			bad(inv, name, "err.utf8");
		} else if (f->max_len && utf8_length(text) > f->max_len) {
			problem_add_params(inv, name, "err.max_length",
					   json_pack("{s:I}", "max", (json_int_t)f->max_len));
		} else if ((f->flags & FIELD_REQUIRED) && blank(text)) {
			bad(inv, name, "err.required");
		} else {
			v->s = text;
			v->ok = 1;
		}
		return;
	case FIELD_ENUM: {
		int k = text ? enum_index(f, text) : -1;
		if (k < 0 && text && !f->reason) {
			/* the generic key lists the choices */
			struct buf b = BUF_INIT;
			for (int i = 0; f->values[i]; i++)
				buf_printf(&b, "%s%s", i ? ", " : "", f->values[i]);
			problem_add_params(inv, name, "err.enum", json_pack("{s:s}", "values", buf_str(&b)));
			buf_free(&b);
			return;
		}
		if (k < 0) {
			bad(inv, name, type_key(f));
			return;
		}
		v->i = k;
		v->s = f->values[k];
		v->ok = 1;
		return;
	}
	case FIELD_DATE:
		if (!text || time_check_date(text) < 0) {
			bad(inv, name, "err.date");
			return;
		}
		v->s = text;
		v->ok = 1;
		return;
	case FIELD_INTEGER:
	case FIELD_ID: {
		int64_t x = 0;
		if (json_is_integer(j)) {
			x = json_integer_value(j);
		} else if (json_is_real(j)) {
			/* 3.0 is a whole number; 2.5 is not; 1e300 is whole but fits no int64 */
			double d = json_real_value(j);
			if (!isfinite(d) || d != floor(d)) {
				bad(inv, name, type_key(f));
				return;
			}
			if (d < -TWO63 || d >= TWO63) {
				int_range(inv, name, f, d > 0);
				return;
			}
			x = (int64_t)d;
		} else if (form && text) {
			enum parse p = parse_int(text, &x);
			if (p == NOT_A) {
				bad(inv, name, type_key(f));
				return;
			}
			if (p == TOO_BIG) {
				int_range(inv, name, f, text_above(text));
				return;
			}
		} else {
			bad(inv, name, type_key(f));
			return;
		}
		if (x < int_min(f) || x > int_max(f)) {
			int_range(inv, name, f, x > int_max(f));
			return;
		}
		v->i = x;
		v->d = (double)x;
		v->ok = 1;
		return;
	}
	case FIELD_NUMBER: {
		double d = 0;
		if (json_is_number(j)) {
			d = json_number_value(j);
		} else if (form && text) {
			enum parse p = parse_num(text, &d);
			if (p == NOT_A) {
				bad(inv, name, type_key(f));
				return;
			}
			if (p == TOO_BIG) {
				num_range(inv, name, f, text_above(text));
				return;
			}
		} else {
			bad(inv, name, type_key(f));
			return;
		}
		if (!isfinite(d) || !num_in_range(f, d)) {
			num_range(inv, name, f, !(d < f->nmin || (d == f->nmin && (f->flags & FIELD_GT))));
			return;
		}
		v->d = d;
		v->ok = 1;
		return;
	}
	case FIELD_BOOLEAN:
		if (json_is_boolean(j)) {
			v->b = json_is_true(j);
		} else if (!(form && text && parse_bool(text, &v->b) == PARSED)) {
			bad(inv, name, type_key(f));
			return;
		}
		v->ok = 1;
		return;
	case FIELD_OBJECT:
		if (!json_is_object(j)) {
			bad(inv, name, type_key(f));
			return;
		}
		v->ok = 1;
		return;
	case FIELD_ANY: v->ok = 1; return;
	}
}

static int has_spec(const struct field *spec, size_t n, const char *name)
{
	for (size_t i = 0; i < n; i++)
		if (!strcmp(spec[i].name, name))
			return 1;
	return 0;
}

/* Members of the object at path (NULL: obj itself) without a spec. */
static void unknown_members(const json_t *o, const char *path, const struct field *spec, size_t n,
			    const char *prefix, int form, json_t *inv)
{
	struct buf key = BUF_INIT, name = BUF_INIT;
	const char *k;
	const json_t *m;
	json_object_foreach ((json_t *)o, k, m) {
		if (!path && form && (!prefix || !*prefix) && !strcmp(k, "_csrf"))
			continue; /* the page form's token, checked by the pipeline */
		buf_reset(&key);
		if (path)
			buf_printf(&key, "%s.%s", path, k);
		else
			buf_puts(&key, k);
		if (!has_spec(spec, n, buf_str(&key)))
			bad(inv, full_name(&name, prefix, buf_str(&key)), "err.unknown_field");
	}
	buf_free(&key);
	buf_free(&name);
}

int field_check(const json_t *obj, const struct field *spec, size_t n, int form, const char *prefix,
		struct field_value *out, json_t *invalid)
{
	size_t before = json_array_size(invalid);
	struct buf name = BUF_INIT;
	if (!json_is_object(obj)) {
		bad(invalid, prefix && *prefix ? prefix : "body", "err.type_object");
		for (size_t i = 0; i < n; i++)
			memset(&out[i], 0, sizeof out[i]);
		return -ERR_INVALID;
	}
	unknown_members(obj, NULL, spec, n, prefix, form, invalid);
	for (size_t i = 0; i < n; i++) {
		const struct field *f = &spec[i];
		struct field_value *v = &out[i];
		const json_t *j;
		memset(v, 0, sizeof *v);
		enum lookup at = lookup(obj, f->name, &j);
		full_name(&name, prefix, f->name);
		if (at == SKIP) {
			set_default(f, v);
			continue;
		}
		int text_like = f->type == FIELD_STRING || f->type == FIELD_ENUM || f->type == FIELD_DATE ||
				f->type == FIELD_OBJECT || f->type == FIELD_ANY;
		if (json_is_null(j) && !text_like && !(f->flags & FIELD_NULLABLE) && !form) {
			bad(invalid, buf_str(&name),
			    (f->flags & FIELD_REQUIRED) ? "err.required" : type_key(f));
			v->set = 1;
			continue;
		}
		/* absent: no member, null, or empty text (an empty form field, a
		 * cleared choice); empty text stays readable for string fields */
		int empty = json_is_string(j) && !*json_string_value(j);
		if (!j || json_is_null(j) || (empty && f->type != FIELD_STRING)) {
			if (f->flags & FIELD_REQUIRED)
				bad(invalid, buf_str(&name), "err.required");
			set_default(f, v);
			continue;
		}
		v->j = j;
		v->set = !empty;
		if (empty && (f->flags & FIELD_REQUIRED)) {
			bad(invalid, buf_str(&name), "err.required");
			continue;
		}
		read_value(f, j, form, buf_str(&name), v, invalid);
		if (v->ok && f->type == FIELD_OBJECT && !(f->flags & FIELD_OPEN))
			unknown_members(j, f->name, spec, n, prefix, form, invalid);
		if (empty && !v->set)
			set_default(f, v);
	}
	buf_free(&name);
	return json_array_size(invalid) > before ? -ERR_INVALID : 0;
}

/* The object at the parent path of name inside root, created on the way. */
static json_t *parent_of(json_t *root, const char *name, const char **leaf)
{
	char key[128];
	const char *dot;
	while ((dot = strchr(name, '.'))) {
		size_t n = (size_t)(dot - name);
		BUG_ON(n >= sizeof key);
		memcpy(key, name, n);
		key[n] = 0;
		json_t *child = json_object_get(root, key);
		if (!json_is_object(child)) {
			child = json_object();
			json_object_set_new(root, key, child);
		}
		root = child;
		name = dot + 1;
	}
	*leaf = name;
	return root;
}

json_t *field_json(const struct field *spec, size_t n, const struct field_value *v, int form)
{
	json_t *o = json_object();
	for (size_t i = 0; i < n; i++) {
		const struct field *f = &spec[i];
		if (!v[i].set || !v[i].ok)
			continue;
		/* a member of an object that was bad or left out stays out */
		int dropped = 0;
		for (size_t k = 0; k < n && !dropped; k++) {
			size_t len = strlen(spec[k].name);
			if (k != i && spec[k].type == FIELD_OBJECT && !strncmp(f->name, spec[k].name, len) &&
			    f->name[len] == '.' && !(v[k].set && v[k].ok))
				dropped = 1;
		}
		if (dropped)
			continue;
		const char *leaf;
		json_t *parent = parent_of(o, f->name, &leaf);
		json_t *val;
		if (f->type == FIELD_OBJECT && !(f->flags & FIELD_OPEN)) {
			if (json_object_get(parent, leaf))
				continue; /* already made by a member */
			val = json_object();
		} else if (!form || f->type == FIELD_ANY || f->type == FIELD_OBJECT) {
			val = json_deep_copy(v[i].j);
		} else if (f->type == FIELD_INTEGER || f->type == FIELD_ID) {
			val = json_integer((json_int_t)v[i].i);
		} else if (f->type == FIELD_NUMBER) {
			val = num_param(v[i].d);
		} else if (f->type == FIELD_BOOLEAN) {
			val = json_boolean(v[i].b);
		} else {
			val = json_string(v[i].s);
		}
		json_object_set_new(parent, leaf, val);
	}
	return o;
}

int api_fields(struct api_ctx *c, const struct field *spec, size_t n, struct field_value *out)
{
	return field_check(c->body, spec, n, c->is_page, NULL, out, c->invalid);
}
