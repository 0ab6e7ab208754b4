/* SPDX-License-Identifier: EUPL-1.2 */
/*
 * fuzz_okr_csv: libFuzzer target for the CSV reader of the OKR import
 * (domain/okr_csv). Must never crash, leak or trip a sanitizer, and must
 * keep its promises: at most the row and column limits, every cell within
 * the field limit and NUL-terminated, rows non-empty, line numbers rising,
 * an error with a line inside the text.
 */
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "domain/okr_csv.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	/* one table for the whole campaign (120 KB: a calloc per input was
	 * most of the time); okr_csv_parse starts it afresh */
	static struct okr_csv table;
	struct okr_csv *t = &table;
	size_t line = 0, lines = 1;
	for (size_t i = 0; i < size; i++)
		lines += data[i] == '\n';
	int rc = okr_csv_parse((const char *)data, size, t, &line);
	if (rc < 0 && (line < 1 || line > lines + 1))
		abort();
	if (t->n_rows > OKR_CSV_MAX_ROWS)
		abort();
	for (size_t r = 0; r < t->n_rows; r++) {
		if (!t->n_cols[r] || t->n_cols[r] > OKR_CSV_MAX_COLS)
			abort();
		if (r && t->line[r] <= t->line[r - 1])
			abort();
		for (size_t c = 0; c < t->n_cols[r]; c++)
			if (strlen(t->cells[r][c]) > OKR_CSV_MAX_FIELD)
				abort();
	}
	(void)okr_csv_column(t, "objective");
	(void)okr_csv_cell(t, 0, 99);
	okr_csv_free(t);
	return 0;
}
