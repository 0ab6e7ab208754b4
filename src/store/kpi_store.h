/* SPDX-License-Identifier: EUPL-1.2 */
/*
 * kpi_store: tables kpi_series, kpi_values and kpi_kr_bindings (joins
 * initiatives and users for names). Returns domain structs (domain/kpi.h).
 */
#ifndef SL_KPI_STORE_H
#define SL_KPI_STORE_H

#include <stddef.h>
#include <stdint.h>

#include "domain/kpi.h"

/* A series as a request gives it; strings borrowed. */
struct kpi_series_in {
	int64_t initiative_id;
	const char *name, *unit, *description;
	enum kpi_kind kind;
	enum kpi_direction direction;
	int has_target;
	double target;
	const char *target_date; /* NULL or "": none */
};

/* Organisation of the series' initiative, or -ERR_NOTFOUND. */
int64_t kpi_store_series_org(int64_t id);
/* 0 and *s (free with kpi_series_free(s, 1)), or -ERR_NOTFOUND. */
int kpi_store_series_get(int64_t id, struct kpi_series *s);
/* Series of an initiative (initiative_id > 0) or of every initiative of an
 * organisation (org_id > 0), by initiative and name; caller frees with
 * kpi_series_free(list, n) and free(list). */
struct kpi_series *kpi_store_series_list(int64_t initiative_id, int64_t org_id, size_t *n);
/* Id of the series named name of the initiative, or 0. */
int64_t kpi_store_series_find(int64_t initiative_id, const char *name);
/* New id, or -ERR_CONFLICT when the initiative has a series of that name. */
int64_t kpi_store_series_create(const struct kpi_series_in *in);
/* 0, or -ERR_CONFLICT (name taken). */
int kpi_store_series_update(int64_t id, const struct kpi_series_in *in);
void kpi_store_series_delete(int64_t id);

/* Values of a series by date; caller frees with kpi_values_free. */
struct kpi_value *kpi_store_values(int64_t series_id, size_t *n);
/* Writes the value of one day: 1 when the day was new, 0 when it replaced one. */
int kpi_store_value_put(int64_t series_id, const char *date, double value, const char *note,
			enum kpi_source source, int64_t user_id);
/* 0, or -ERR_NOTFOUND when the day had no value. */
int kpi_store_value_delete(int64_t series_id, const char *date);

/* The series a key result is bound to, or 0. */
int64_t kpi_store_kr_series(int64_t kr_id);
/* Binds a key result to a series (series_id 0: unbinds it). */
void kpi_store_kr_bind(int64_t kr_id, int64_t series_id);
/* Key results bound to a series (ids, at most max): the count. */
size_t kpi_store_series_krs(int64_t series_id, int64_t *ids, size_t max);

/* Whether text names initiative id: its id ("12") or its exact name. */
int kpi_store_initiative_is(int64_t id, const char *text);
/* An initiative named by id ("12") or by exact name: its id and *org_id;
 * -ERR_NOTFOUND, or -ERR_CONFLICT when the name is not unique. */
int64_t kpi_store_initiative_find(const char *id_or_name, int64_t *org_id);

#endif
