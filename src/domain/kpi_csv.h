/* SPDX-License-Identifier: EUPL-1.2 */
/*
 * kpi_csv: reads a CSV file of KPI values (docs/kpi.md "CSV"): a header
 * with date and value and either seriesId or series (a name, with the
 * initiative column naming its initiative by id or name when the caller
 * has no initiative of its own). Pure: text in, rows out; which series a
 * name means is the caller's to find. The tokenizer is okr_csv's.
 */
#ifndef SL_KPI_CSV_H
#define SL_KPI_CSV_H

#include <stddef.h>
#include <stdint.h>

#include "domain/okr_csv.h"

struct kpi_csv_row {
	size_t line;		/* line of the file where the row begins (1-based) */
	int64_t series_id;	/* seriesId, or 0 when the row names the series */
	const char *series;	/* series name ("" when by id); borrowed from the table */
	const char *initiative; /* initiative id or name ("" when absent); borrowed */
	int64_t day;		/* day number of date */
	char date[11];		/* YYYY-MM-DD */
	double value;
};

struct kpi_csv {
	struct okr_csv t;	 /* the cells the rows borrow from */
	struct kpi_csv_row *row; /* data rows in file order */
	size_t n;
};

/* Parses text (len bytes) into f. Returns 0, or -ERR_INVALID with
 * *err_line the line of the first problem and *err_key a catalogue key
 * (kpi.csv.*) naming it: a broken CSV, a header without the needed
 * columns, an empty or malformed seriesId, date or value (decimal commas
 * are accepted; at most KPI_VALUE_MAX in size). f is freed with
 * kpi_csv_free either way. */
int kpi_csv_parse(const char *text, size_t len, struct kpi_csv *f, size_t *err_line, const char **err_key);
void kpi_csv_free(struct kpi_csv *f);

/* Reads a decimal number with a point or a comma ("12", "-3,5", "1e3"):
 * 0 and *out, or -1 when s is not a finite number. */
int kpi_number(const char *s, double *out);

#endif
