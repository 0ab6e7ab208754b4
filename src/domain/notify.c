/* SPDX-License-Identifier: EUPL-1.2 */
/* notify: retry schedule, unsubscribe tokens, ISO weeks, iCalendar text. */
#include "domain/notify.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "lib/secret.h"

const char *const notify_kinds[] = {
    "uitnodiging",   /* invited to rate a round */
    "herinnering",   /* a round closes in two days and the sheet is not in */
    "weekoverzicht", /* the Monday digest */
    "actie",	     /* an action was assigned to the person */
    "koppelverzoek", /* a connect request arrived or was answered (knowledge) */
    "poort",	     /* a gate review of a plan concerns the person */
    "bericht",	     /* anything else another module tells a person */
    NULL,
};

int notify_kind_known(const char *kind)
{
	for (int i = 0; kind && notify_kinds[i]; i++)
		if (!strcmp(kind, notify_kinds[i]))
			return 1;
	return 0;
}

int64_t notify_backoff_s(int attempt)
{
	static const int64_t wait[NOTIFY_MAX_ATTEMPTS - 1] = {60,   300,   900,	  1800, 3600,
							      7200, 14400, 28800, 57600};
	if (attempt < 1)
		attempt = 1;
	if (attempt >= NOTIFY_MAX_ATTEMPTS)
		return -1;
	return wait[attempt - 1];
}

static void unsub_mac(const char *key, int64_t user_id, const char *kind, char mac[SECRET_TOKEN_LEN + 1])
{
	char msg[96];
	snprintf(msg, sizeof msg, "unsubscribe:%lld:%s", (long long)user_id, kind);
	secret_mac(key, msg, mac);
}

void notify_unsub_token(const char *key, int64_t user_id, const char *kind, char *out, size_t n)
{
	char mac[SECRET_TOKEN_LEN + 1];
	unsub_mac(key, user_id, kind, mac);
	snprintf(out, n, "%lld.%s.%s", (long long)user_id, kind, mac);
}

int notify_unsub_check(const char *key, const char *token, int64_t *user_id, char *kind, size_t kn)
{
	if (!token || strlen(token) > 120)
		return -1;
	const char *p = token;
	int64_t id = 0;
	if (*p < '1' || *p > '9')
		return -1;
	for (int digits = 0; *p >= '0' && *p <= '9'; p++) {
		if (++digits > 18)
			return -1;
		id = id * 10 + (*p - '0');
	}
	if (*p++ != '.')
		return -1;
	const char *dot = strchr(p, '.');
	if (!dot || (size_t)(dot - p) >= kn || dot == p)
		return -1;
	char k[32];
	if ((size_t)(dot - p) >= sizeof k)
		return -1;
	memcpy(k, p, (size_t)(dot - p));
	k[dot - p] = 0;
	if (!notify_kind_known(k) || strlen(dot + 1) != SECRET_TOKEN_LEN)
		return -1;
	char mac[SECRET_TOKEN_LEN + 1];
	unsub_mac(key, id, k, mac);
	if (!secret_equal(mac, dot + 1))
		return -1;
	*user_id = id;
	snprintf(kind, kn, "%s", k);
	return 0;
}

/* Days since 1970-01-01 of a civil date (Howard Hinnant's algorithm). */
static int64_t days_from_civil(int64_t y, unsigned m, unsigned d)
{
	y -= m <= 2;
	const int64_t era = (y >= 0 ? y : y - 399) / 400;
	const unsigned yoe = (unsigned)(y - era * 400);
	const unsigned doy = (153 * (m + (m > 2 ? -3 : 9)) + 2) / 5 + d - 1;
	const unsigned doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
	return era * 146097 + (int64_t)doe - 719468;
}

static void civil_from_days(int64_t z, int *y, int *m, int *d)
{
	z += 719468;
	const int64_t era = (z >= 0 ? z : z - 146096) / 146097;
	const unsigned doe = (unsigned)(z - era * 146097);
	const unsigned yoe = (doe - doe / 1460 + doe / 36524 - doe / 146096) / 365;
	const unsigned doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
	const unsigned mp = (5 * doy + 2) / 153;
	*d = (int)(doy - (153 * mp + 2) / 5 + 1);
	*m = (int)(mp < 10 ? mp + 3 : mp - 9);
	*y = (int)((int64_t)yoe + era * 400 + (*m <= 2));
}

static int parse_date(const char *s, int64_t *days)
{
	int y, m, d;
	char tail;
	if (!s || strlen(s) != 10 || sscanf(s, "%4d-%2d-%2d%c", &y, &m, &d, &tail) != 3 || s[4] != '-' ||
	    s[7] != '-' || m < 1 || m > 12 || d < 1 || d > 31)
		return -1;
	static const int mdays[] = {31, 29, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31};
	int leap = (y % 4 == 0 && y % 100) || y % 400 == 0;
	if (d > mdays[m - 1] || (m == 2 && d == 29 && !leap))
		return -1;
	*days = days_from_civil(y, (unsigned)m, (unsigned)d);
	return 0;
}

int notify_weekday(const char *date)
{
	int64_t z;
	if (parse_date(date, &z) < 0)
		return -1;
	/* 1970-01-01 was a Thursday (4) */
	int64_t w = ((z % 7) + 7 + 3) % 7; /* 0 = Monday */
	return (int)w + 1;
}

int notify_add_days(const char *date, int n, char out[11])
{
	int64_t z;
	if (parse_date(date, &z) < 0)
		return -1;
	int y, m, d;
	civil_from_days(z + n, &y, &m, &d);
	snprintf(out, 11, "%04u-%02u-%02u", (unsigned)y % 10000u, (unsigned)m % 100u, (unsigned)d % 100u);
	return 0;
}

int notify_iso_week(const char *date, char out[9])
{
	int64_t z;
	if (parse_date(date, &z) < 0)
		return -1;
	int wd = notify_weekday(date);
	/* the week belongs to the year of its Thursday */
	int64_t thu = z - (wd - 1) + 3;
	int y, m, d;
	civil_from_days(thu, &y, &m, &d);
	int64_t jan1 = days_from_civil(y, 1, 1);
	int week = (int)((thu - jan1) / 7) + 1;
	snprintf(out, 9, "%04u-W%02u", (unsigned)y % 10000u, (unsigned)week % 100u);
	return 0;
}

void ics_escape(struct buf *b, const char *value)
{
	const char *p = value ? value : "";
	for (;;) {
		/* a run of bytes that stand for themselves is copied at once (a
		 * call per byte was half of fuzz_unsub's time) */
		const char *run = p;
		while ((unsigned char)*p >= 0x20 ? *p != '\\' && *p != ';' && *p != ',' : *p == '\t')
			p++;
		if (p > run)
			buf_add(b, run, (size_t)(p - run));
		switch (*p) {
		case '\0': return;
		case '\\': buf_puts(b, "\\\\"); break;
		case ';': buf_puts(b, "\\;"); break;
		case ',': buf_puts(b, "\\,"); break;
		case '\r':
			if (p[1] == '\n')
				p++;
			buf_puts(b, "\\n");
			break;
		case '\n': buf_puts(b, "\\n"); break;
		default: buf_putc(b, ' '); /* other control characters are not allowed in TEXT */
		}
		p++;
	}
}

void ics_line(struct buf *b, const char *name, const char *value)
{
	struct buf line = BUF_INIT;
	buf_puts(&line, name);
	buf_putc(&line, ':');
	buf_puts(&line, value);
	const char *s = buf_str(&line);
	size_t len = line.len, pos = 0, room = 75;
	while (len - pos > room) {
		size_t cut = pos + room;
		/* never split a UTF-8 sequence: back up over continuation bytes */
		while (cut > pos && ((unsigned char)s[cut] & 0xC0) == 0x80)
			cut--;
		if (cut == pos)
			cut = pos + room; /* no character start at all (not UTF-8): cut at the limit */
		buf_add(b, s + pos, cut - pos);
		buf_puts(b, "\r\n ");
		pos = cut;
		room = 74; /* the leading space counts */
	}
	buf_add(b, s + pos, len - pos);
	buf_puts(b, "\r\n");
	buf_free(&line);
}

void ics_text(struct buf *b, const char *name, const char *text)
{
	struct buf v = BUF_INIT;
	ics_escape(&v, text);
	ics_line(b, name, buf_str(&v));
	buf_free(&v);
}
