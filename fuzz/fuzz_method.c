/* SPDX-License-Identifier: EUPL-1.2 */
/*
 * fuzz_method: libFuzzer target for the method reader. Bytes go through
 * jsonpos_parse and the method loader/validator; a valid method is also
 * scored with a synthetic round so the score code sees fuzzed methods.
 * It must never crash, leak or hang; it owns nothing else.
 */
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>

#include "domain/method.h"
#include "domain/score.h"
#include "lib/buf.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct method *m = NULL;
	struct method_problems pr = {0};
	if (method_load((const char *)data, size, &m, &pr) == 0 && m) {
		/* One rater answers every scale question with its middle level, a
		 * second says "weet niet" everywhere, and single questions get
		 * their first option. */
		struct score_rater raters[2] = {{"a"}, {"b"}};
		struct score_answer *ans = calloc(m->n_questions * 2 + 1, sizeof *ans);
		size_t n = 0;
		for (size_t i = 0; i < m->n_questions && ans; i++) {
			const struct method_question *q = &m->questions[i];
			struct score_answer a = {0};
			a.question = q->id;
			if (q->kind == METHOD_SCALE)
				a.level = (q->scale->min + q->scale->max) / 2;
			if ((q->kind == METHOD_SINGLE || q->kind == METHOD_MULTI) && q->n_options) {
				a.options = (const char *const *)&q->options[0].id;
				a.n_options = 1;
			}
			ans[n++] = a;
			if (q->kind == METHOD_NUMBER)
				a.number = q->has_min ? q->min : 0;
			a.rater = 1;
			/* "niet van toepassing" where allowed, else "weet niet" */
			a.not_applicable = q->not_applicable;
			a.unknown = !q->not_applicable && q->kind != METHOD_NUMBER;
			ans[n++] = a;
		}
		struct score s;
		if (ans && score_round(m, raters, 2, ans, n, &s, NULL) == 0) {
			struct buf b = BUF_INIT;
			for (size_t i = 0; i < m->n_rules; i++)
				method_rule_condition(&m->rules[i], i % 2 ? "en" : "nl", &b);
			buf_free(&b);
			score_free(&s);
		}
		free(ans);
	}
	method_free(m);
	method_problems_free(&pr);
	return 0;
}
