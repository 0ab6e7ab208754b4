/* SPDX-License-Identifier: EUPL-1.2 */
/* Unit tests of jsonout: the same text as json_dumps(JSON_COMPACT | JSON_ENCODE_ANY),
 * on chosen values and on 20,000 random documents (jansson is the reference). */
#include <stdlib.h>
#include <string.h>

#include "lib/buf.h"
#include "lib/jsonout.h"
#include "test.h"

static int same_as_jansson(const json_t *v)
{
	char *want = json_dumps(v, JSON_COMPACT | JSON_ENCODE_ANY);
	struct buf b = BUF_INIT;
	int rc = json_out(&b, v);
	int ok = want ? rc == 0 && !strcmp(want, buf_str(&b)) : rc < 0;
	if (!ok)
		fprintf(stderr, "  jansson: %s\n  ours:    %s\n", want ? want : "(fails)", buf_str(&b));
	free(want);
	buf_free(&b);
	return ok;
}

TEST(test_jsonout_scalars_and_escapes)
{
	json_t *v = json_pack("[n,b,b,i,I,f,f,f,f,f,f,s,s,s]", 1, 0, 42,
			      (json_int_t)-9223372036854775807LL - 1, 0.1, -0.0, 1e21, 1e-7,
			      123456789012345678.0, 2.5, "", "\"\\/\b\f\n\r\t\x01\x1f\x7f", "Zoë € 𝄞 in één");
	CHECK(same_as_jansson(v));
	json_decref(v);
	json_t *o = json_object();
	json_object_set_new(o, "z\"key", json_integer(1));
	json_object_set_new(o, "a", json_array());
	json_object_set_new(o, "m", json_object());
	json_object_set_new(o, "nul", json_stringn("a\0b", 3));
	CHECK(same_as_jansson(o));
	json_decref(o);
	json_t *s = json_string("alleen een tekst");
	CHECK(same_as_jansson(s)); /* not an object or array: JSON_ENCODE_ANY */
	json_decref(s);
}

TEST(test_jsonout_refuses_text_that_is_not_utf8_as_jansson_does)
{
	const char *bad[] = {"\xc0\xaf", "\xed\xa0\x80", "\xf4\x90\x80\x80", "\xe2\x82", "\x80", "ok\xff"};
	for (size_t i = 0; i < sizeof bad / sizeof *bad; i++) {
		json_t *v = json_pack("{s:o}", "t", json_stringn_nocheck(bad[i], strlen(bad[i])));
		CHECK(same_as_jansson(v));
		json_decref(v);
	}
}

static unsigned long long rnd_state = 2026;
static unsigned rnd(unsigned n)
{
	rnd_state = rnd_state * 6364136223846793005ULL + 1442695040888963407ULL;
	return (unsigned)(rnd_state >> 33) % n;
}

static json_t *random_string(void)
{
	static const char *const pieces[] = {"a",    "Z", " ", "\"", "\\", "\n", "\x02",
					     "\x7f", "é", "€", "𝄞",  "/",  "<",	 "0"};
	char s[64] = "";
	size_t n = rnd(8);
	for (size_t i = 0; i < n; i++)
		strcat(s, pieces[rnd(sizeof pieces / sizeof *pieces)]);
	return json_string(s);
}

static json_t *random_value(int depth)
{
	switch (rnd(depth > 4 ? 6 : 8)) {
	case 0: return json_null();
	case 1: return json_boolean(rnd(2));
	case 2: return json_integer((json_int_t)rnd(2000000) - 1000000);
	case 3: {
		double d = ((double)rnd(1000000) - 500000) / (double)(1 + rnd(1000));
		for (unsigned e = rnd(40); e; e--)
			d *= rnd(2) ? 10 : 0.1;
		return json_real(d);
	}
	case 4:
	case 5: return random_string();
	case 6: {
		json_t *a = json_array();
		for (unsigned n = rnd(6); n; n--)
			json_array_append_new(a, random_value(depth + 1));
		return a;
	}
	default: {
		json_t *o = json_object();
		for (unsigned n = rnd(6); n; n--) {
			json_t *k = random_string();
			json_object_set_new(o, json_string_value(k), random_value(depth + 1));
			json_decref(k);
		}
		return o;
	}
	}
}

TEST(test_jsonout_matches_jansson_on_random_documents)
{
	int bad = 0;
	for (int i = 0; i < 20000 && bad < 3; i++) {
		json_t *v = random_value(0);
		bad += !same_as_jansson(v);
		json_decref(v);
	}
	CHECK_INT(bad, 0);
}

int main(void)
{
	RUN(test_jsonout_scalars_and_escapes);
	RUN(test_jsonout_refuses_text_that_is_not_utf8_as_jansson_does);
	RUN(test_jsonout_matches_jansson_on_random_documents);
	return TEST_DONE();
}
