/* SPDX-License-Identifier: EUPL-1.2 */
/*
 * growth_schema: schema steps of the growth module. Step 23: the binding of
 * an experiment to product events (its exposure and its conversion), so
 * its counts per variant come from the event store. Step 24: a KPI series
 * that follows a growth metric. Never edit a step that
 * has shipped; add one with the next free number (numbers are global
 * across modules).
 */
#include <stddef.h>

#include "store/migrations.h"

const struct migration growth_migrations[] = {
    /* exposure: the first event (named exposure_event, or any event when
     * NULL) whose property variant_property is control_value or
     * treatment_value; conversion: conversion_event within window_days
     * after the exposure. source_id NULL: every source of the initiative. */
    {23, "CREATE TABLE experiment_event_bindings("
	 " experiment_id INTEGER PRIMARY KEY REFERENCES experiments(id) ON DELETE CASCADE,"
	 " exposure_event TEXT,"
	 " variant_property TEXT NOT NULL CHECK(length(variant_property) BETWEEN 1 AND 200),"
	 " control_value TEXT NOT NULL,"
	 " treatment_value TEXT NOT NULL CHECK(treatment_value <> control_value),"
	 " conversion_event TEXT NOT NULL CHECK(length(conversion_event) BETWEEN 1 AND 200),"
	 " window_days INTEGER NOT NULL CHECK(window_days BETWEEN 1 AND 365),"
	 " source_id INTEGER REFERENCES event_sources(id) ON DELETE SET NULL,"
	 " updated_at TEXT NOT NULL) STRICT;"},
    /* A KPI series that follows a growth metric (so a key result bound to
     * the series follows the metric, recomputed when shown): the metric and
     * its query parameters (a JSON object of strings, as the metric's route
     * takes them). */
    {24,
     "CREATE TABLE kpi_metric_bindings("
     " series_id INTEGER PRIMARY KEY REFERENCES kpi_series(id) ON DELETE CASCADE,"
     " metric TEXT NOT NULL CHECK(metric IN ('dau','wau','mau','activatie','churn','kfactor','nps','omzet',"
     "'ltv_cac')),"
     " parameters TEXT NOT NULL DEFAULT '{}',"
     " updated_at TEXT NOT NULL) STRICT;"},
    {0, NULL},
};
