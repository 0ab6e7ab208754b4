/* SPDX-License-Identifier: EUPL-1.2 */
/*
 * growth_view: what other views use of the growth pages' wording: a growth
 * metric's value as people read it (a KPI series that follows a metric, a
 * gate criterion whose evidence is a metric).
 */
#ifndef SL_VIEW_GROWTH_VIEW_H
#define SL_VIEW_GROWTH_VIEW_H

#include <stddef.h>

/* The value of a metric (one of api/metrics_growth.h's
 * growth_metrics) in lang: activatie, churn and retentie as percentages
 * ("23,4%"; the value is in %), omzet in euros with cents, kfactor and
 * ltv_cac with two decimals, dau/wau/mau whole, nps with up to one
 * decimal; an em dash for NaN. */
void growth_metric_text(const char *metric, double v, const char *lang, char *out, size_t n);

#endif
