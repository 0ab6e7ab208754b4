/* SPDX-License-Identifier: EUPL-1.2 */
/*
 * fuzz_workshop: what a workshop participant sends, read as the product
 * reads it. The bytes are the join code as people type it, and the body of
 * the phone's answer form (URL-encoded, or JSON when it starts with "{")
 * whose "answers" are read against the part of a shipped method that holds
 * the first question named (the pilot scaling canvas has every kind of
 * question). What the reader accepts must hold: only questions of that part,
 * levels the scale has, numbers in range, options the question offers, text
 * within bounds. The QR drawing of the join link has its own target
 * (fuzz_qrsvg): drawing a code (libqrencode's encoding and our SVG writer)
 * for every input held this target near 3,700 inputs per CPU-second.
 */
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "api/method_registry.h"
#include "api/workshop.h"
#include "domain/workshop.h"
#include "http/parse.h"
#include "lib/utf8.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

static void check_code(const char *s)
{
	char code[WORKSHOP_CODE_LEN + 1];
	if (workshop_code_normalise(s, code) == 0) {
		if (strlen(code) != WORKSHOP_CODE_LEN ||
		    strspn(code, WORKSHOP_CODE_ALPHABET) != WORKSHOP_CODE_LEN)
			abort();
	} else if (code[0]) {
		abort();
	}
}

/* The method and part of the first answer that names a question of a
 * shipped method; else the first part of the first method. */
static const struct method *pick(json_t *answers, const struct method_section **sec)
{
	const char *key;
	json_t *v;
	json_object_foreach (answers, key, v) {
		for (size_t i = 0; i < method_registry_count(); i++) {
			const struct method *m = method_registry_at(i);
			const struct method_question *q = method_question_find(m, key);
			if (q && q->section < m->n_sections) {
				*sec = &m->sections[q->section];
				return m;
			}
		}
		break;
	}
	const struct method *m = method_registry_at(0);
	*sec = m && m->n_sections ? &m->sections[0] : NULL;
	return *sec ? m : NULL;
}

static void check_answer(const struct method *m, const struct method_section *sec,
			 const struct workshop_answer *w)
{
	const struct method_question *q = method_question_find(m, w->in.question);
	if (!q || q - m->questions < (ptrdiff_t)sec->first_question ||
	    q - m->questions >= (ptrdiff_t)(sec->first_question + sec->n_questions))
		abort();
	if (w->in.not_applicable && !q->not_applicable)
		abort();
	if (w->in.has_level) {
		if (q->kind == METHOD_SCALE && !method_level_valid(q, (int)w->in.level))
			abort();
		if (q->kind == METHOD_NUMBER &&
		    ((q->has_min && w->in.level < q->min) || (q->has_max && w->in.level > q->max)))
			abort();
		if (q->kind != METHOD_SCALE && q->kind != METHOD_NUMBER)
			abort();
	}
	if (w->in.text && (q->kind != METHOD_TEXT || !utf8_valid(w->in.text, strlen(w->in.text)) ||
			   utf8_length(w->in.text) > WORKSHOP_TEXT_MAX_LEN))
		abort();
	if (w->in.options) {
		json_t *ids = json_loads(w->in.options, 0, NULL);
		size_t i;
		json_t *id;
		if (!json_is_array(ids) || (q->kind == METHOD_SINGLE && json_array_size(ids) > 1))
			abort();
		json_array_foreach (ids, i, id)
			if (!method_option_find(q, json_string_value(id)))
				abort();
		json_decref(ids);
	}
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	static int loaded;
	if (!loaded) {
		struct buf err = BUF_INIT;
		if (method_registry_load(NULL, &err) < 0 || !method_registry_count())
			abort();
		buf_free(&err);
		loaded = 1;
	}
	/* the join code field holds at most 20 characters (longer text is
	 * refused before it is read): the first 255 bytes as a code */
	char s[256];
	size_t sl = size < sizeof s ? size : sizeof s - 1;
	memcpy(s, data, sl);
	s[sl] = 0;
	check_code(s);
	char err[128];
	json_t *body = size && data[0] == '{' ? parse_json_body((const char *)data, size, err, sizeof err)
					      : parse_form((const char *)data, size);
	json_t *answers = json_object_get(body, "answers");
	const struct method_section *sec;
	const struct method *m = json_is_object(answers) ? pick(answers, &sec) : NULL;
	if (m) {
		json_t *inv = json_array();
		struct workshop_answer *wa;
		size_t n = workshop_answers_read(m, sec, answers, inv, &wa);
		if (json_array_size(inv) && (n || wa))
			abort();
		for (size_t i = 0; i < n; i++)
			check_answer(m, sec, &wa[i]);
		workshop_answers_free(wa, n);
		json_decref(inv);
	}
	json_decref(body);
	return 0;
}
