/* SPDX-License-Identifier: EUPL-1.2 */
/*
 * tz: compiled zone files (TZif, RFC 8536) and POSIX TZ rules read into
 * a table of transitions plus the rule that follows it; local offsets and
 * local day starts; the process-wide list of zones by name (tz.h).
 */
#include "domain/tz.h"

#include <limits.h>
#include <pthread.h>
#include <stdatomic.h>
#include <stdlib.h>
#include <string.h>

#define DAY_S 86400LL
#define DAY_MS 86400000LL
#define MAX_OFF (26 * 3600) /* offsets further from UTC are refused */

struct rule_date {
	char kind; /* 'J' (1..365, no Feb 29), 'n' (0..365), 'M' (month.week.day) */
	int n, m, w, d;
	int32_t time; /* seconds after local midnight (-167 h .. 167 h) */
};

struct tz_zone {
	size_t n;	/* transitions */
	int64_t *at;	/* their Unix times (s), ascending */
	uint8_t *type;	/* their local time type */
	size_t n_types; /* >= 1 */
	int32_t *off;	/* each type's offset (s) */
	int has_rule;	/* the footer rule continues after at[n - 1] */
	int has_dst;
	int32_t std_off, dst_off; /* of the rule (s east of UTC) */
	struct rule_date start, end;
};

static int64_t floor_div(int64_t a, int64_t b)
{
	int64_t q = a / b;
	return (a % b != 0 && (a < 0) != (b < 0)) ? q - 1 : q;
}

/* Days since 1970-01-01 of y-m-d (proleptic Gregorian). */
static int64_t days_from_civil(int64_t y, int64_t m, int64_t d)
{
	y -= m <= 2;
	int64_t era = floor_div(y, 400);
	int64_t yoe = y - era * 400;
	int64_t doy = (153 * (m + (m > 2 ? -3 : 9)) + 2) / 5 + d - 1;
	int64_t doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
	return era * 146097 + doe - 719468;
}

static int64_t year_of_day(int64_t z)
{
	z += 719468;
	int64_t era = floor_div(z, 146097);
	int64_t doe = z - era * 146097;
	int64_t yoe = (doe - doe / 1460 + doe / 36524 - doe / 146096) / 365;
	int64_t doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
	int64_t mp = (5 * doy + 2) / 153;
	int64_t m = mp < 10 ? mp + 3 : mp - 9;
	return yoe + era * 400 + (m <= 2);
}

static int leap(int64_t y)
{
	return (y % 4 == 0 && y % 100 != 0) || y % 400 == 0;
}

/* ---- POSIX TZ rules ---------------------------------------------------------------------- */

static int p_name(const char **s)
{
	const char *p = *s;
	size_t n = 0;
	if (*p == '<') {
		p++;
		while ((*p >= 'A' && *p <= 'Z') || (*p >= 'a' && *p <= 'z') || (*p >= '0' && *p <= '9') ||
		       *p == '+' || *p == '-')
			p++, n++;
		if (*p != '>' || n < 3)
			return -1;
		*s = p + 1;
		return 0;
	}
	while ((*p >= 'A' && *p <= 'Z') || (*p >= 'a' && *p <= 'z'))
		p++, n++;
	if (n < 3)
		return -1;
	*s = p;
	return 0;
}

static int p_num(const char **s, int max_digits, long *v)
{
	const char *p = *s;
	long n = 0;
	int k = 0;
	while (*p >= '0' && *p <= '9' && k < max_digits)
		n = n * 10 + (*p++ - '0'), k++;
	if (!k)
		return -1;
	*v = n;
	*s = p;
	return 0;
}

/* [+-]hh[:mm[:ss]] with hours up to max_h; seconds into *sec. */
static int p_hms(const char **s, long max_h, int32_t *sec)
{
	const char *p = *s;
	int neg = 0;
	if (*p == '+' || *p == '-')
		neg = *p++ == '-';
	long h, m = 0, x = 0;
	if (p_num(&p, 3, &h) || h > max_h)
		return -1;
	if (*p == ':') {
		p++;
		if (p_num(&p, 2, &m) || m > 59)
			return -1;
		if (*p == ':') {
			p++;
			if (p_num(&p, 2, &x) || x > 59)
				return -1;
		}
	}
	long v = h * 3600 + m * 60 + x;
	*sec = (int32_t)(neg ? -v : v);
	*s = p;
	return 0;
}

static int p_date(const char **s, struct rule_date *r)
{
	const char *p = *s;
	long a, b, c;
	memset(r, 0, sizeof *r);
	if (*p == 'J') {
		p++;
		if (p_num(&p, 3, &a) || a < 1 || a > 365)
			return -1;
		r->kind = 'J', r->n = (int)a;
	} else if (*p == 'M') {
		p++;
		if (p_num(&p, 2, &a) || a < 1 || a > 12 || *p++ != '.' || p_num(&p, 1, &b) || b < 1 ||
		    b > 5 || *p++ != '.' || p_num(&p, 1, &c) || c > 6)
			return -1;
		r->kind = 'M', r->m = (int)a, r->w = (int)b, r->d = (int)c;
	} else {
		if (p_num(&p, 3, &a) || a > 365)
			return -1;
		r->kind = 'n', r->n = (int)a;
	}
	r->time = 2 * 3600;
	if (*p == '/') {
		p++;
		if (p_hms(&p, 167, &r->time))
			return -1;
	}
	*s = p;
	return 0;
}

/* Reads rule into z's rule members; 0 or -1. */
static int read_rule(struct tz_zone *z, const char *rule)
{
	const char *p = rule;
	int32_t o;
	if (p_name(&p) || p_hms(&p, 24, &o))
		return -1;
	z->std_off = -o;
	z->has_rule = 1;
	if (!*p)
		return 0;
	if (p_name(&p))
		return -1;
	z->has_dst = 1;
	z->dst_off = z->std_off + 3600;
	if (*p && *p != ',') {
		if (p_hms(&p, 24, &o))
			return -1;
		z->dst_off = -o;
	}
	if (!*p) { /* no dates: the US rule, as POSIX says */
		p = ",M3.2.0,M11.1.0";
	}
	if (*p++ != ',' || p_date(&p, &z->start) || *p++ != ',' || p_date(&p, &z->end) || *p)
		return -1;
	if (z->std_off < -MAX_OFF || z->std_off > MAX_OFF || z->dst_off < -MAX_OFF || z->dst_off > MAX_OFF)
		return -1;
	return 0;
}

/* The day number of a rule date in year y. */
static int64_t rule_day(const struct rule_date *r, int64_t y)
{
	int64_t jan1 = days_from_civil(y, 1, 1);
	if (r->kind == 'J')
		return jan1 + r->n - 1 + (leap(y) && r->n >= 60);
	if (r->kind == 'n')
		return jan1 + r->n;
	int64_t first = days_from_civil(y, r->m, 1);
	int64_t next = r->m == 12 ? days_from_civil(y + 1, 1, 1) : days_from_civil(y, r->m + 1, 1);
	int64_t wd = ((first + 4) % 7 + 7) % 7; /* 0 = Sunday; day 0 was a Thursday */
	int64_t day = first + (r->d - wd + 7) % 7 + (int64_t)(r->w - 1) * 7;
	while (day >= next)
		day -= 7;
	return day;
}

static int32_t rule_offset(const struct tz_zone *z, int64_t t)
{
	if (!z->has_dst)
		return z->std_off;
	int64_t y = year_of_day(floor_div(t + z->std_off, DAY_S));
	int64_t s = rule_day(&z->start, y) * DAY_S + z->start.time - z->std_off;
	int64_t e = rule_day(&z->end, y) * DAY_S + z->end.time - z->dst_off;
	int dst = s < e ? (t >= s && t < e) : !(t >= e && t < s);
	return dst ? z->dst_off : z->std_off;
}

struct tz_zone *tz_posix(const char *rule)
{
	struct tz_zone *z = calloc(1, sizeof *z);
	if (!z)
		return NULL;
	if (!rule || read_rule(z, rule)) {
		tz_free(z);
		return NULL;
	}
	return z;
}

/* ---- TZif -------------------------------------------------------------------------------- */

static uint32_t be32(const unsigned char *p)
{
	return (uint32_t)p[0] << 24 | (uint32_t)p[1] << 16 | (uint32_t)p[2] << 8 | p[3];
}

static int64_t be64(const unsigned char *p)
{
	return (int64_t)((uint64_t)be32(p) << 32 | be32(p + 4));
}

struct counts {
	uint32_t isut, isstd, leap, time, type, chars;
};

static int header(const unsigned char *p, size_t len, struct counts *c, int *version)
{
	if (len < 44 || memcmp(p, "TZif", 4))
		return -1;
	*version = p[4];
	if (*version && (*version < '2' || *version > '9'))
		return -1;
	c->isut = be32(p + 20), c->isstd = be32(p + 24), c->leap = be32(p + 28);
	c->time = be32(p + 32), c->type = be32(p + 36), c->chars = be32(p + 40);
	if (c->type < 1 || c->type > 256 || c->time > 1000000 || c->chars > 65536 || c->leap > 100000 ||
	    (c->isut && c->isut != c->type) || (c->isstd && c->isstd != c->type))
		return -1;
	return 0;
}

static size_t block_len(const struct counts *c, size_t tsize)
{
	return (size_t)c->time * tsize + c->time + (size_t)c->type * 6 + c->chars +
	       (size_t)c->leap * (tsize + 4) + c->isstd + c->isut;
}

struct tz_zone *tz_parse(const unsigned char *data, size_t len)
{
	struct counts c;
	int version;
	if (!data || header(data, len, &c, &version))
		return NULL;
	const unsigned char *p = data + 44;
	size_t rest = len - 44, tsize = 4;
	if (block_len(&c, 4) > rest)
		return NULL;
	if (version) { /* skip the 32-bit block: the 64-bit one follows */
		p += block_len(&c, 4);
		rest -= block_len(&c, 4);
		int v2;
		if (header(p, rest, &c, &v2))
			return NULL;
		p += 44, rest -= 44, tsize = 8;
		if (block_len(&c, 8) > rest)
			return NULL;
	}
	if (c.leap) /* "right/" zones count leap seconds: not Unix time */
		return NULL;
	struct tz_zone *z = calloc(1, sizeof *z);
	if (!z)
		return NULL;
	z->n = c.time, z->n_types = c.type;
	z->at = calloc(c.time ? c.time : 1, sizeof *z->at);
	z->type = calloc(c.time ? c.time : 1, 1);
	z->off = calloc(c.type, sizeof *z->off);
	if (!z->at || !z->type || !z->off)
		goto bad;
	for (size_t i = 0; i < c.time; i++) {
		z->at[i] = tsize == 8 ? be64(p + i * 8) : (int32_t)be32(p + i * 4);
		if (i && z->at[i] <= z->at[i - 1])
			goto bad;
	}
	p += (size_t)c.time * tsize;
	for (size_t i = 0; i < c.time; i++) {
		z->type[i] = p[i];
		if (p[i] >= c.type)
			goto bad;
	}
	p += c.time;
	for (size_t i = 0; i < c.type; i++) {
		int32_t o = (int32_t)be32(p + i * 6);
		if (o < -MAX_OFF || o > MAX_OFF || p[i * 6 + 4] > 1 ||
		    p[i * 6 + 5] >= (c.chars ? c.chars : 1))
			goto bad;
		z->off[i] = o;
	}
	p += (size_t)c.type * 6;
	size_t used = block_len(&c, tsize) - (size_t)c.time * (tsize + 1) - (size_t)c.type * 6;
	p += used;
	rest -= block_len(&c, tsize);
	if (version && rest >= 2 && p[0] == '\n') { /* the footer: "\nRULE\n" */
		const unsigned char *e = memchr(p + 1, '\n', rest - 1);
		if (!e)
			goto bad;
		size_t n = (size_t)(e - p - 1);
		if (n) {
			char rule[128];
			if (n >= sizeof rule)
				goto bad;
			memcpy(rule, p + 1, n);
			rule[n] = 0;
			if (memchr(rule, 0, n) || read_rule(z, rule))
				goto bad;
		}
	}
	return z;
bad:
	tz_free(z);
	return NULL;
}

void tz_free(struct tz_zone *z)
{
	if (!z)
		return;
	free(z->at);
	free(z->type);
	free(z->off);
	free(z);
}

int64_t tz_offset(const struct tz_zone *z, int64_t ms)
{
	int64_t t = floor_div(ms, 1000);
	int32_t o;
	if (!z->n || t >= z->at[z->n - 1]) {
		if (z->has_rule)
			o = rule_offset(z, t);
		else
			o = z->n ? z->off[z->type[z->n - 1]] : z->off ? z->off[0] : 0;
	} else if (t < z->at[0]) {
		o = z->off[0];
	} else {
		size_t lo = 0, hi = z->n - 1; /* at[lo] <= t < at[hi] */
		while (hi - lo > 1) {
			size_t mid = lo + (hi - lo) / 2;
			if (z->at[mid] <= t)
				lo = mid;
			else
				hi = mid;
		}
		o = z->off[z->type[lo]];
	}
	return (int64_t)o * 1000;
}

static int64_t local_day(const struct tz_zone *z, int64_t ms)
{
	return floor_div(ms + tz_offset(z, ms), DAY_MS);
}

int64_t tz_day_start(const struct tz_zone *z, int64_t d)
{
	int64_t base = d * DAY_MS, lo = base - (MAX_OFF + 3600) * 1000LL,
		hi = base + (MAX_OFF + 3600) * 1000LL;
	int64_t cand[3] = {tz_offset(z, lo), tz_offset(z, base), tz_offset(z, hi)}, best = INT64_MAX;
	for (int i = 0; i < 3; i++) {
		int64_t t = base - cand[i];
		if (tz_offset(z, t) == cand[i] && t < best)
			best = t;
	}
	if (best != INT64_MAX)
		return best;
	/* midnight skipped: the first instant whose local day is d or later */
	while (hi - lo > 1) {
		int64_t mid = lo + (hi - lo) / 2;
		if (local_day(z, mid) >= d)
			hi = mid;
		else
			lo = mid;
	}
	return hi;
}

/* ---- the list of zones ------------------------------------------------------------------- */

static pthread_mutex_t list_lock = PTHREAD_MUTEX_INITIALIZER;
static char list_names[TZ_MAX_ZONES][TZ_NAME_MAX + 1];
static struct tz_zone *list_zones[TZ_MAX_ZONES];
static atomic_int list_n;

int tz_name_ok(const char *name)
{
	size_t n = name ? strlen(name) : 0;
	if (!n || n > TZ_NAME_MAX)
		return 0;
	for (size_t i = 0; i < n; i++) {
		char ch = name[i];
		int start = i == 0 || name[i - 1] == '/';
		if (start && (ch == '.' || ch == '/'))
			return 0;
		if (!((ch >= 'A' && ch <= 'Z') || (ch >= 'a' && ch <= 'z') || (ch >= '0' && ch <= '9') ||
		      ch == '_' || ch == '+' || ch == '-' || ch == '/' || ch == '.'))
			return 0;
	}
	return name[n - 1] != '/';
}

int tz_find(const char *name)
{
	int n = atomic_load(&list_n);
	for (int i = 0; i < n; i++)
		if (!strcmp(list_names[i], name))
			return i;
	return -1;
}

int tz_intern(const char *name, struct tz_zone *z)
{
	if (!tz_name_ok(name) || !z) {
		tz_free(z);
		return -1;
	}
	pthread_mutex_lock(&list_lock);
	int id = tz_find(name), n = atomic_load(&list_n);
	if (id < 0 && n < TZ_MAX_ZONES) {
		strcpy(list_names[n], name);
		list_zones[n] = z;
		z = NULL;
		id = n;
		atomic_store(&list_n, n + 1);
	}
	pthread_mutex_unlock(&list_lock);
	tz_free(z);
	return id;
}

const char *tz_name(int id)
{
	return id >= 0 && id < atomic_load(&list_n) ? list_names[id] : NULL;
}

const struct tz_zone *tz_zone(int id)
{
	return id >= 0 && id < atomic_load(&list_n) ? list_zones[id] : NULL;
}
