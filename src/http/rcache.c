/* SPDX-License-Identifier: EUPL-1.2 */
/* rcache: per-thread GET answers, reused only while provably the same (rcache.h). */
#include "rcache.h"

#include <sodium.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "lib/util.h"

struct rcache_keyb {
	crypto_generichash_state h;
};

static __thread struct rcache_keyb tl_key;

struct rcache_keyb *rcache_key_begin(void)
{
	crypto_generichash_init(&tl_key.h, NULL, 0, RCACHE_KEY_LEN);
	return &tl_key;
}

void rcache_key_add(struct rcache_keyb *k, const char *s)
{
	/* a length prefix keeps ("ab","c") apart from ("a","bc"); NULL is its own */
	unsigned long long n = s ? (unsigned long long)strlen(s) : ~0ULL;
	unsigned char len[8];
	for (int i = 0; i < 8; i++)
		len[i] = (unsigned char)(n >> (8 * i));
	crypto_generichash_update(&k->h, len, sizeof len);
	if (s)
		crypto_generichash_update(&k->h, (const unsigned char *)s, (unsigned long long)strlen(s));
}

void rcache_key_add_int(struct rcache_keyb *k, long long v)
{
	char b[24];
	snprintf(b, sizeof b, "%lld", v);
	rcache_key_add(k, b);
}

void rcache_key_end(struct rcache_keyb *k, unsigned char out[RCACHE_KEY_LEN])
{
	crypto_generichash_final(&k->h, out, RCACHE_KEY_LEN);
}

struct entry {
	unsigned char key[RCACHE_KEY_LEN];
	int64_t span;		  /* seconds per period it holds in (1, 86400), 0: made without the clock */
	int64_t period;		  /* now / span when it was made */
	struct api_event_deps ev; /* what it read of the event store (ev.used 0: nothing) */
	struct rcache_answer a;
	char *body;
};

/* One thread's answers, all of one data state. */
static __thread struct {
	struct api_data_state st;
	int n;
	size_t bytes;
	struct entry e[RCACHE_ENTRIES];
	unsigned long hits, misses;
} tl;

static void drop(int i)
{
	tl.bytes -= tl.e[i].a.len;
	free(tl.e[i].body);
	memmove(&tl.e[i], &tl.e[i + 1], (size_t)(tl.n - i - 1) * sizeof tl.e[0]);
	tl.n--;
}

/* Keeps only answers of this data state. */
static void move_to(const struct api_data_state *st)
{
	if (api_data_state_same(&tl.st, st))
		return;
	while (tl.n)
		drop(tl.n - 1);
	tl.st = *st;
}

const struct rcache_answer *rcache_get(const unsigned char key[RCACHE_KEY_LEN],
				       const struct api_data_state *st, int64_t now)
{
	move_to(st);
	for (int i = 0; i < tl.n; i++) {
		if (memcmp(tl.e[i].key, key, RCACHE_KEY_LEN))
			continue;
		if ((tl.e[i].span && tl.e[i].period != now / tl.e[i].span) ||
		    (tl.e[i].ev.used && !api_event_same(&tl.e[i].ev))) {
			drop(i); /* it read the clock, and its second or day is over; or
				    it read the event store, which has changed since */
			break;
		}
		tl.hits++;
		return &tl.e[i].a;
	}
	tl.misses++;
	return NULL;
}

void rcache_put(const unsigned char key[RCACHE_KEY_LEN], const struct api_data_state *st, int64_t now,
		int64_t span, const struct api_event_deps *ev, const struct rcache_answer *a)
{
	move_to(st);
	if (a->len > RCACHE_ENTRY_MAX)
		return;
	for (int i = 0; i < tl.n; i++)
		if (!memcmp(tl.e[i].key, key, RCACHE_KEY_LEN))
			drop(i--);
	/* room: answers of past seconds and days first, then the oldest */
	for (int i = 0; i < tl.n && (tl.n == RCACHE_ENTRIES || tl.bytes + a->len > RCACHE_BYTES);)
		if (tl.e[i].span && tl.e[i].period != now / tl.e[i].span)
			drop(i);
		else
			i++;
	while (tl.n && (tl.n == RCACHE_ENTRIES || tl.bytes + a->len > RCACHE_BYTES))
		drop(0);
	struct entry *e = &tl.e[tl.n++];
	memcpy(e->key, key, RCACHE_KEY_LEN);
	e->span = span;
	e->period = span ? now / span : 0;
	if (ev && ev->used)
		e->ev = *ev;
	else
		e->ev.used = 0;
	e->a = *a;
	e->body = xmalloc(a->len + 1);
	memcpy(e->body, a->body, a->len);
	e->body[a->len] = 0;
	e->a.body = e->body;
	tl.bytes += a->len;
}

void rcache_etag(const void *body, size_t len, char out[RCACHE_ETAG_LEN])
{
	/* SipHash-2-4 with 128 bits (libsodium shorthash x24):
	 * a validator, not a secret, at twice BLAKE2b's speed; 96 bits shown */
	static const unsigned char key[crypto_shorthash_siphashx24_KEYBYTES] = "scalelab-etag-v1";
	unsigned char h[crypto_shorthash_siphashx24_BYTES];
	crypto_shorthash_siphashx24(h, body, len, key);
	out[0] = '"';
	sodium_bin2hex(out + 1, 2 * 12 + 1, h, 12); /* NUL at out[25] */
	out[1 + 2 * 12] = '"';
	out[2 + 2 * 12] = 0;
}

void rcache_stats(unsigned long *hits, unsigned long *misses)
{
	*hits = tl.hits;
	*misses = tl.misses;
}
