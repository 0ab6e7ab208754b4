/* SPDX-License-Identifier: EUPL-1.2 */
/* kpi: word tables and the pure rules of KPI series (docs/kpi.md). */
#include "domain/kpi.h"

#include <math.h>
#include <stdlib.h>
#include <string.h>

const char *const kpi_kinds[] = {"adoptie", "indicator", NULL};
const char *const kpi_directions[] = {"hoger", "lager", NULL};
const char *const kpi_sources[] = {"handmatig", "api", "import", NULL};

static int word_index(const char *const *list, const char *s)
{
	for (int i = 0; s && list[i]; i++)
		if (!strcmp(list[i], s))
			return i + 1;
	return 0;
}

static const char *word(const char *const *list, int n, int v)
{
	return v >= 1 && v <= n ? list[v - 1] : "";
}

const char *kpi_kind_name(enum kpi_kind k)
{
	return word(kpi_kinds, 2, (int)k);
}

enum kpi_kind kpi_kind_parse(const char *s)
{
	return (enum kpi_kind)word_index(kpi_kinds, s);
}

const char *kpi_direction_name(enum kpi_direction d)
{
	return word(kpi_directions, 2, (int)d);
}

enum kpi_direction kpi_direction_parse(const char *s)
{
	return (enum kpi_direction)word_index(kpi_directions, s);
}

const char *kpi_source_name(enum kpi_source s)
{
	return word(kpi_sources, 3, (int)s);
}

enum kpi_source kpi_source_parse(const char *s)
{
	return (enum kpi_source)word_index(kpi_sources, s);
}

long kpi_latest(const struct kpi_point *p, size_t n, int64_t today)
{
	long best = -1;
	for (size_t i = 0; i < n; i++)
		if (p[i].day <= today && (best < 0 || p[i].day > p[best].day))
			best = (long)i;
	return best;
}

long kpi_first(const struct kpi_point *p, size_t n)
{
	long best = -1;
	for (size_t i = 0; i < n; i++)
		if (best < 0 || p[i].day < p[best].day)
			best = (long)i;
	return best;
}

int kpi_target_met(double value, double target, enum kpi_direction d)
{
	return d == KPI_DIRECTION_LAGER ? value <= target : value >= target;
}

double kpi_progress(double baseline, double value, double target, enum kpi_direction d)
{
	if (isnan(value) || isnan(baseline) || isnan(target))
		return NAN;
	if (target == baseline)
		return kpi_target_met(value, target, d) ? 1.0 : 0.0;
	return (value - baseline) / (target - baseline);
}

int kpi_trend(double before, double after, enum kpi_direction d)
{
	if (after == before)
		return 0;
	int up = after > before;
	return (d == KPI_DIRECTION_LAGER ? !up : up) ? 1 : -1;
}

void kpi_series_free(struct kpi_series *s, size_t n)
{
	for (size_t i = 0; s && i < n; i++) {
		free(s[i].name);
		free(s[i].unit);
		free(s[i].description);
		free(s[i].initiative_name);
	}
}

void kpi_values_free(struct kpi_value *v, size_t n)
{
	for (size_t i = 0; v && i < n; i++) {
		free(v[i].note);
		free(v[i].user_name);
	}
	free(v);
}
