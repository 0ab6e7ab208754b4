/* SPDX-License-Identifier: EUPL-1.2 */
/*
 * fuzz_kpi_csv: libFuzzer target for the KPI value file reader
 * (domain/kpi_csv). Must never crash, leak or trip a sanitizer, and must
 * keep its promises: on success every row has a series (a positive id or a
 * name), a calendar date that reads back as its day, a finite value within
 * KPI_VALUE_MAX, and rising line numbers; on failure a catalogue key and a
 * line inside the text.
 */
#include <math.h>
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "domain/kpi.h"
#include "domain/kpi_csv.h"
#include "domain/okr.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	/* one for the whole campaign (120 KB: a calloc per input was most of
	 * the time); kpi_csv_parse starts it afresh */
	static struct kpi_csv file;
	struct kpi_csv *f = &file;
	size_t line = 0, lines = 1;
	const char *key = NULL;
	for (size_t i = 0; i < size; i++)
		lines += data[i] == '\n';
	int rc = kpi_csv_parse((const char *)data, size, f, &line, &key);
	if (rc < 0 && (!key || strncmp(key, "err.kpi.csv.", 12) || line < 1 || line > lines + 1))
		abort();
	if (rc == 0) {
		if (key || f->n >= OKR_CSV_MAX_ROWS)
			abort();
		for (size_t i = 0; i < f->n; i++) {
			const struct kpi_csv_row *r = &f->row[i];
			if (r->series_id <= 0 && !*r->series)
				abort();
			if (r->series_id < 0 || okr_day(r->date) != r->day)
				abort();
			if (!isfinite(r->value) || fabs(r->value) > KPI_VALUE_MAX)
				abort();
			if (i && r->line <= f->row[i - 1].line)
				abort();
		}
	}
	kpi_csv_free(f);
	return 0;
}
