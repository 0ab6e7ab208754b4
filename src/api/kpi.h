/* SPDX-License-Identifier: EUPL-1.2 */
/*
 * kpi: handlers of the kpi module (series in kpi_series.c, values, the
 * value API and CSV import in kpi_value.c) and what other modules use of
 * it: the value of a key result bound to a series (okr) and the import of
 * one CSV row (the `scalelab import kpi` command).
 */
#ifndef SL_API_KPI_H
#define SL_API_KPI_H

#include <jansson.h>
#include <stdint.h>

#include "api/api.h"
#include "domain/kpi.h"
#include "domain/kpi_csv.h"

/* Today as a day number (UTC). */
int64_t kpi_today(void);
/* A series as the API shows it in a list: definition, latest value,
 * baseline, progress towards the target, number of values. */
json_t *kpi_series_summary(const struct kpi_series *s, int64_t today);

/* For the initiative page: "kpiSeries", the initiative's series as
 * summaries (web/templates/kpi/kpi_initiative.html shows them). */
void kpi_initiative_extras(int64_t initiative_id, json_t *o);

/* The binding of key result kr_id: NULL when it is not bound to a series;
 * otherwise {id, name, unit, initiativeId, date, value} of the series and
 * its latest value on or before today (date and value null without one),
 * with *has_value and *value set from it. */
json_t *kpi_kr_binding(int64_t kr_id, int64_t today, int *has_value, double *value);

/* Writes one CSV row: finds its series (by seriesId, or by name within
 * scope_ini, or, when scope_ini is 0, within the row's initiative column),
 * checks it and writes the value (source import). Returns 1 (a new day),
 * 0 (a day replaced) or -ERR_INVALID with *key a catalogue key. */
int kpi_import_row(const struct kpi_csv_row *r, int64_t scope_ini, int64_t user_id, int64_t today,
		   const char **key);

/* kpi_series.c */
int api_kpi_series_list(struct api_ctx *c, json_t **out);
int api_kpi_series_new_form(struct api_ctx *c, json_t **out);
int api_kpi_series_create(struct api_ctx *c, json_t **out);
int api_kpi_series_get(struct api_ctx *c, json_t **out);
int api_kpi_series_update(struct api_ctx *c, json_t **out);
int api_kpi_series_edit_form(struct api_ctx *c, json_t **out);
int api_kpi_series_delete(struct api_ctx *c, json_t **out);
/* kpi_value.c */
int api_kpi_value_add(struct api_ctx *c, json_t **out);
int api_kpi_value_put(struct api_ctx *c, json_t **out);
int api_kpi_value_delete(struct api_ctx *c, json_t **out);
int api_kpi_import(struct api_ctx *c, json_t **out);

#endif
