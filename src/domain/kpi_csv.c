/* SPDX-License-Identifier: EUPL-1.2 */
/*
 * kpi_csv: the KPI value file, on top of the okr_csv tokenizer. Every row
 * is checked here for form (ids, dates, numbers); the series it names is
 * found by the caller. Fuzzed by fuzz/fuzz_kpi_csv.c.
 */
#include "domain/kpi_csv.h"

#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "domain/kpi.h"
#include "domain/okr.h"
#include "lib/util.h"

int kpi_number(const char *s, double *out)
{
	char tmp[64];
	size_t n = s ? strlen(s) : 0;
	if (n == 0 || n >= sizeof tmp)
		return -1;
	for (size_t i = 0; i <= n; i++)
		tmp[i] = s[i] == ',' ? '.' : s[i];
	if (strchr(tmp, ' ') || strchr(tmp, '\t') || !strcmp(tmp, "."))
		return -1;
	char *end;
	double v = strtod(tmp, &end);
	if (*end || !isfinite(v) || fabs(v) > KPI_VALUE_MAX)
		return -1;
	*out = v;
	return 0;
}

static int parse_id(const char *s, int64_t *id)
{
	int64_t v = 0;
	if (!*s || strlen(s) > 18)
		return -1;
	for (const char *p = s; *p; p++) {
		if (*p < '0' || *p > '9')
			return -1;
		v = v * 10 + (*p - '0');
	}
	*id = v;
	return v > 0 ? 0 : -1;
}

int kpi_csv_parse(const char *text, size_t len, struct kpi_csv *f, size_t *err_line, const char **err_key)
{
	f->row = NULL; /* okr_csv_parse starts f->t afresh */
	f->n = 0;
	*err_line = 1;
	*err_key = "err.kpi.csv.broken";
	if (okr_csv_parse(text, len, &f->t, err_line) < 0)
		return -ERR_INVALID;
	*err_line = 1;
	if (f->t.n_rows == 0) {
		*err_key = "err.kpi.csv.empty";
		return -ERR_INVALID;
	}
	int c_id = okr_csv_column(&f->t, "seriesId"), c_name = okr_csv_column(&f->t, "series"),
	    c_ini = okr_csv_column(&f->t, "initiative"), c_date = okr_csv_column(&f->t, "date"),
	    c_value = okr_csv_column(&f->t, "value");
	if (c_date < 0 || c_value < 0 || (c_id < 0 && c_name < 0)) {
		*err_key = "err.kpi.csv.header";
		return -ERR_INVALID;
	}
	f->row = xcalloc(f->t.n_rows, sizeof *f->row);
	for (size_t r = 1; r < f->t.n_rows; r++) {
		struct kpi_csv_row *row = &f->row[f->n];
		row->line = *err_line = f->t.line[r];
		const char *id = c_id >= 0 ? okr_csv_cell(&f->t, r, c_id) : "";
		row->series = c_name >= 0 ? okr_csv_cell(&f->t, r, c_name) : "";
		row->initiative = c_ini >= 0 ? okr_csv_cell(&f->t, r, c_ini) : "";
		if (*id) {
			if (parse_id(id, &row->series_id) < 0) {
				*err_key = "err.kpi.csv.series_id";
				return -ERR_INVALID;
			}
		} else if (!*row->series) {
			*err_key = "err.kpi.csv.series_missing";
			return -ERR_INVALID;
		}
		const char *date = okr_csv_cell(&f->t, r, c_date);
		row->day = okr_day(date);
		if (row->day == INT64_MIN) {
			*err_key = "err.kpi.csv.date";
			return -ERR_INVALID;
		}
		okr_date(row->day, row->date);
		if (kpi_number(okr_csv_cell(&f->t, r, c_value), &row->value) < 0) {
			*err_key = "err.kpi.csv.value";
			return -ERR_INVALID;
		}
		f->n++;
	}
	*err_line = 0;
	*err_key = NULL;
	return 0;
}

void kpi_csv_free(struct kpi_csv *f)
{
	okr_csv_free(&f->t);
	free(f->row);
	f->row = NULL;
	f->n = 0;
}
