/* SPDX-License-Identifier: EUPL-1.2 */
/* experiment: validation rules, the multiple-metrics correction and number
 * wording; no storage, no HTTP. */
#include "experiment.h"

#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "domain/stats.h"
#include "lib/buf.h"
#include "lib/problem.h"
#include "lib/timeutil.h"
#include "lib/utf8.h"
#include "lib/util.h"

/* The one place where the words of states, decisions and kinds are spelled
 * (the schema's CHECK lists and the OpenAPI enums say the same; the unit
 * tests hold them together). Index + 1 is the enum value. */
const char *const experiment_statuses[] = {"ontwerp", "lopend", "afgerond", "gestopt", NULL};
const char *const experiment_decisions[] = {"opschalen", "aanpassen", "stoppen", NULL};
const char *const experiment_metric_kinds[] = {"binomial", "mean", NULL};

/* names[v - 1] for 1 <= v <= the number of names, else NULL */
static const char *name_of(const char *const *names, size_t count, int v)
{
	return v >= 1 && (size_t)v <= count ? names[v - 1] : NULL;
}

/* index + 1 of s in names, 0 when absent */
static int parse(const char *const *names, const char *s)
{
	for (int i = 0; s && names[i]; i++)
		if (!strcmp(s, names[i]))
			return i + 1;
	return 0;
}

#define COUNT(names) (sizeof(names) / sizeof((names)[0]) - 1)

const char *experiment_status_name(enum experiment_status s)
{
	return name_of(experiment_statuses, COUNT(experiment_statuses), (int)s);
}

const char *experiment_decision_name(enum experiment_decision d)
{
	return name_of(experiment_decisions, COUNT(experiment_decisions), (int)d);
}

const char *experiment_metric_kind_name(enum experiment_metric_kind k)
{
	return name_of(experiment_metric_kinds, COUNT(experiment_metric_kinds), (int)k);
}

enum experiment_status experiment_status_parse(const char *s)
{
	return (enum experiment_status)parse(experiment_statuses, s);
}

enum experiment_decision experiment_decision_parse(const char *s)
{
	return (enum experiment_decision)parse(experiment_decisions, s);
}

enum experiment_metric_kind experiment_metric_kind_parse(const char *s)
{
	return (enum experiment_metric_kind)parse(experiment_metric_kinds, s);
}

enum experiment_status experiment_decision_status(enum experiment_decision d)
{
	switch (d) {
	case EXPERIMENT_DECISION_OPSCHALEN:
	case EXPERIMENT_DECISION_AANPASSEN: return EXPERIMENT_STATUS_AFGEROND;
	case EXPERIMENT_DECISION_STOPPEN: return EXPERIMENT_STATUS_GESTOPT;
	default: return EXPERIMENT_STATUS_NONE;
	}
}

enum experiment_status experiment_status_after_analysis(enum experiment_status s)
{
	return s == EXPERIMENT_STATUS_ONTWERP ? EXPERIMENT_STATUS_LOPEND : s;
}

void experiment_free(struct experiment *e)
{
	free(e->text);
	e->text = NULL;
}

void experiment_list_free(struct experiment *list, size_t n)
{
	for (size_t i = 0; i < n; i++)
		experiment_free(&list[i]);
	free(list);
}

void experiment_analysis_free(struct experiment_analysis *a)
{
	json_decref(a->input);
	json_decref(a->result);
	free(a->text);
	a->input = a->result = NULL;
	a->text = NULL;
}

void experiment_analysis_list_free(struct experiment_analysis *list, size_t n)
{
	for (size_t i = 0; i < n; i++)
		experiment_analysis_free(&list[i]);
	free(list);
}

static int blank(const char *s)
{
	return !s || strspn(s, " \t\r\n") == strlen(s);
}

static void text(json_t *inv, const char *field, const char *s, size_t max, int required)
{
	if (blank(s)) {
		if (required)
			problem_add(inv, field, "err.required");
		if (!s || !*s)
			return;
	}
	if (!utf8_valid(s, strlen(s)))
		problem_add(inv, field, "err.utf8");
	else if (utf8_length(s) > max)
		problem_add_params(inv, field, "err.max_length", json_pack("{s:I}", "max", (json_int_t)max));
}

static int date_set(const char *s)
{
	return s && *s;
}

int experiment_validate(const struct experiment *in, json_t *invalid)
{
	size_t before = json_array_size(invalid);
	text(invalid, "name", in->name, EXPERIMENT_NAME_MAX, 1);
	text(invalid, "hypothesis", in->hypothesis, EXPERIMENT_TEXT_MAX, 1);
	text(invalid, "metric", in->metric, EXPERIMENT_NAME_MAX, 1);
	if (!experiment_metric_kind_name(in->metric_kind))
		problem_add(invalid, "metricKind", "err.experiment.metric_kind");
	if (in->budget_eur < -1 || in->budget_eur > EXPERIMENT_BUDGET_MAX)
		problem_add(invalid, "budgetEur", "err.experiment.budget");
	int start_ok = 0, end_ok = 0;
	if (date_set(in->starts_on)) {
		start_ok = time_check_date(in->starts_on) == 0;
		if (!start_ok)
			problem_add(invalid, "startsOn", "err.date");
	}
	if (date_set(in->ends_on)) {
		end_ok = time_check_date(in->ends_on) == 0;
		if (!end_ok)
			problem_add(invalid, "endsOn", "err.date");
	}
	/* YYYY-MM-DD compares correctly as text */
	if (start_ok && end_ok && strcmp(in->ends_on, in->starts_on) < 0)
		problem_add(invalid, "endsOn", "err.experiment.ends_before_start");
	text(invalid, "successCriterion", in->success_criterion, EXPERIMENT_TEXT_MAX, 0);
	if (in->planned_n_per_arm != -1 &&
	    (in->planned_n_per_arm < 2 || in->planned_n_per_arm > EXPERIMENT_N_MAX))
		problem_add(invalid, "plannedNPerArm", "err.experiment.planned_n");
	for (int i = 0; i < 2; i++)
		if (!(in->split[i] > 0 && in->split[i] <= EXPERIMENT_WEIGHT_MAX)) {
			problem_add(invalid, "plannedSplit", "err.experiment.split");
			break;
		}
	if (!experiment_status_name(in->status))
		problem_add(invalid, "status", "err.experiment.status");
	/* secondary names: reported on the row they came from (the reader
	 * checked their presence, kind and length) */
	for (size_t i = 0; i < in->n_secondary; i++) {
		const char *name = in->secondary[i].name;
		int dup = in->metric && !strcmp(name, in->metric);
		for (size_t k = 0; k < i && !dup; k++)
			dup = !strcmp(name, in->secondary[k].name);
		if (dup)
			problem_add(invalid, in->secondary_field[i], "err.experiment.metric_duplicate");
	}
	return json_array_size(invalid) > before ? -ERR_INVALID : 0;
}

int experiment_read_metrics(const json_t *v, const char *field, struct experiment *in, json_t *invalid)
{
	size_t before = json_array_size(invalid);
	in->n_secondary = 0;
	if (!v || json_is_null(v))
		return 0;
	if (!json_is_array(v) && !json_is_object(v)) {
		problem_add(invalid, field, "err.experiment.metrics");
		return -ERR_INVALID;
	}
	struct buf b = BUF_INIT;
	size_t count = json_is_array(v) ? json_array_size(v) : json_object_size(v);
	/* form rows come back in key order "0", "1", ...; jansson keeps insertion order */
	void *it = json_is_object(v) ? json_object_iter((json_t *)v) : NULL;
	for (size_t i = 0; i < count; i++) {
		char key[32];
		const json_t *row;
		if (json_is_array(v)) {
			snprintf(key, sizeof key, "%zu", i);
			row = json_array_get(v, i);
		} else {
			snprintf(key, sizeof key, "%.31s", json_object_iter_key(it));
			row = json_object_iter_value(it);
			it = json_object_iter_next((json_t *)v, it);
		}
		buf_reset(&b);
		buf_printf(&b, "%s.%s", field, key);
		if (!json_is_object(row)) {
			problem_add(invalid, buf_str(&b), "err.type_object");
			continue;
		}
		const json_t *jn = json_object_get(row, "name"), *jk = json_object_get(row, "kind");
		const char *name = json_string_value(jn), *kind = json_string_value(jk);
		int form = json_is_object(v);
		if (form && (!name || blank(name)))
			continue; /* an unused form row */
		const char *k;
		const json_t *e;
		json_object_foreach ((json_t *)row, k, e)
			if (strcmp(k, "name") && strcmp(k, "kind")) {
				buf_reset(&b);
				buf_printf(&b, "%s.%s.%s", field, key, k);
				problem_add(invalid, buf_str(&b), "err.unknown_field");
			}
		buf_reset(&b);
		buf_printf(&b, "%s.%s.name", field, key);
		if (jn && !json_is_string(jn))
			problem_add(invalid, buf_str(&b), "err.type_string");
		else
			text(invalid, buf_str(&b), name, EXPERIMENT_NAME_MAX, 1);
		buf_reset(&b);
		buf_printf(&b, "%s.%s.kind", field, key);
		enum experiment_metric_kind mk =
		    !kind || !*kind ? EXPERIMENT_METRIC_BINOMIAL : experiment_metric_kind_parse(kind);
		if (!mk || (jk && !json_is_null(jk) && !json_is_string(jk)))
			problem_add(invalid, buf_str(&b), "err.experiment.metric_kind");
		if (in->n_secondary == EXPERIMENT_SECONDARY_MAX) {
			problem_add(invalid, field, "err.experiment.metrics_max");
			break;
		}
		if (name && !blank(name)) {
			struct experiment_metric *m = &in->secondary[in->n_secondary];
			m->name = name;
			m->kind = mk;
			buf_reset(&b);
			buf_printf(&b, "%s.%s.name", field, key);
			snprintf(in->secondary_field[in->n_secondary], sizeof in->secondary_field[0], "%s",
				 buf_str(&b));
			in->n_secondary++;
		}
	}
	buf_free(&b);
	return json_array_size(invalid) > before ? -ERR_INVALID : 0;
}

int experiment_adjust(struct experiment_metric_result *r, size_t n)
{
	double *p = xcalloc(n ? n : 1, sizeof(*p)), *adj = xcalloc(n ? n : 1, sizeof(*adj));
	size_t m = 0;
	for (size_t i = 0; i < n; i++)
		if (!isnan(r[i].p))
			p[m++] = r[i].p;
	int rc = stats_bh(p, m, adj);
	for (size_t i = 0, k = 0; i < n; i++) {
		r[i].p_adjusted = NAN;
		r[i].significant = 0;
		if (isnan(r[i].p) || rc)
			continue;
		r[i].p_adjusted = adj[k++];
		r[i].significant = (r[i].primary ? r[i].p : r[i].p_adjusted) < r[i].alpha;
	}
	free(p);
	free(adj);
	return rc;
}

/* One weight from text: digits with at most one '.' or ',' decimal mark. */
static int weight_text(const char *s, size_t n, double *out)
{
	char tmp[32];
	while (n && (*s == ' '))
		s++, n--;
	while (n && s[n - 1] == ' ')
		n--;
	if (n == 0 || n >= sizeof tmp)
		return -1;
	int marks = 0;
	for (size_t i = 0; i < n; i++) {
		char ch = s[i];
		if (ch == ',' || ch == '.') {
			if (++marks > 1)
				return -1;
			tmp[i] = '.';
		} else if (ch >= '0' && ch <= '9') {
			tmp[i] = ch;
		} else {
			return -1;
		}
	}
	tmp[n] = 0;
	char *end;
	*out = strtod(tmp, &end);
	return *end == 0 ? 0 : -1;
}

static int weight_ok(double w)
{
	return isfinite(w) && w > 0 && w <= EXPERIMENT_WEIGHT_MAX;
}

int experiment_read_split(const json_t *v, const char *field, double out[2], json_t *invalid)
{
	out[0] = out[1] = 50;
	if (!v || json_is_null(v))
		return 0;
	double w[2] = {0, 0};
	int ok = 0;
	if (json_is_array(v) && json_array_size(v) == 2 && json_is_number(json_array_get(v, 0)) &&
	    json_is_number(json_array_get(v, 1))) {
		w[0] = json_number_value(json_array_get(v, 0));
		w[1] = json_number_value(json_array_get(v, 1));
		ok = 1;
	} else if (json_is_string(v)) {
		const char *s = json_string_value(v);
		if (!*s)
			return 0; /* an empty form field: the default */
		const char *sep = strpbrk(s, "/:");
		ok = sep && !strpbrk(sep + 1, "/:") && weight_text(s, (size_t)(sep - s), &w[0]) == 0 &&
		     weight_text(sep + 1, strlen(sep + 1), &w[1]) == 0;
	}
	if (!ok || !weight_ok(w[0]) || !weight_ok(w[1])) {
		problem_add(invalid, field, "err.experiment.split");
		return -ERR_INVALID;
	}
	out[0] = w[0];
	out[1] = w[1];
	return 0;
}

int experiment_below_plan(int64_t planned, double n_control, double n_treatment)
{
	if (planned < 0)
		return 0;
	return n_control < (double)planned || n_treatment < (double)planned;
}

/* --- success criterion --------------------------------------------------------------- */

const char *const experiment_verdicts[] = {"gehaald", "niet_gehaald", "onzeker", NULL};

const char *experiment_verdict_name(enum experiment_verdict v)
{
	return v >= EXPERIMENT_VERDICT_MET && v <= EXPERIMENT_VERDICT_UNCERTAIN ? experiment_verdicts[v - 1]
										: "";
}

/* 1 when s starts with word w, ignoring ASCII case. */
static int starts(const char *s, const char *w)
{
	size_t n = strlen(w);
	for (size_t i = 0; i < n; i++) {
		char a = s[i];
		if (!a)
			return 0;
		if (a >= 'A' && a <= 'Z')
			a = (char)(a - 'A' + 'a');
		if (a != w[i])
			return 0;
	}
	return 1;
}

/* 1 when the text holds a word for a decrease anywhere. */
static int says_decrease(const char *s)
{
	static const char *const words[] = {"daling",	"dalen", "lager", "minder", "omlaag", "afname",
					    "decrease", "lower", "fewer", "reduc",  NULL};
	for (const char *p = s; *p; p++)
		for (size_t k = 0; words[k]; k++)
			if (starts(p, words[k]))
				return 1;
	return 0;
}

int experiment_criterion_parse(const char *text, struct experiment_criterion *out)
{
	out->unit = EXPERIMENT_CRITERION_NONE;
	out->threshold = 0;
	if (!text)
		return -ERR_INVALID;
	const char *p = text;
	int neg = 0;
	while (*p && !(*p >= '0' && *p <= '9')) {
		if (*p == '-')
			neg = 1;
		else if ((unsigned char)p[0] == 0xe2 && (unsigned char)p[1] == 0x88 &&
			 (unsigned char)p[2] == 0x92) { /* U+2212 minus */
			neg = 1;
			p += 2;
		} else if (*p != ' ' && *p != '+' && *p != '\t')
			neg = 0; /* a dash in a word ("A-B test") is no sign */
		p++;
	}
	if (!*p)
		return -ERR_INVALID;
	/* digits, with a comma or point as the decimal mark (Dutch or English) */
	double v = 0, scale = 0;
	int digits = 0;
	for (; *p; p++) {
		if (*p >= '0' && *p <= '9') {
			if (digits < 15) {
				v = v * 10 + (*p - '0');
				if (scale > 0)
					scale *= 10;
			}
			digits++;
		} else if ((*p == ',' || *p == '.') && scale == 0 && p[1] >= '0' && p[1] <= '9') {
			scale = 1;
		} else {
			break;
		}
	}
	if (scale > 1)
		v /= scale;
	while (*p == ' ')
		p++;
	if (starts(p, "procentpunt") || starts(p, "pp") || starts(p, "%-punt") || starts(p, "% punt") ||
	    starts(p, "%pt") || starts(p, "percentage point") || starts(p, "procent punt")) {
		out->unit = EXPERIMENT_CRITERION_POINTS;
		v /= 100;
	} else if (*p == '%' || starts(p, "procent") || starts(p, "percent")) {
		out->unit = EXPERIMENT_CRITERION_RELATIVE;
		v /= 100;
	} else {
		out->unit = EXPERIMENT_CRITERION_ABSOLUTE;
	}
	if (neg || says_decrease(text))
		v = -v;
	out->threshold = v;
	return 0;
}

enum experiment_verdict experiment_verdict(double t, double low, double high, double probability,
					   double alpha)
{
	int rise = t >= 0;
	if (probability >= 0) {
		if (!(alpha > 0 && alpha < 1) || isnan(probability))
			return EXPERIMENT_VERDICT_NONE;
		if (probability >= 1 - alpha)
			return EXPERIMENT_VERDICT_MET;
		if (probability <= alpha)
			return EXPERIMENT_VERDICT_NOT_MET;
		return EXPERIMENT_VERDICT_UNCERTAIN;
	}
	if (isnan(low) || isnan(high))
		return EXPERIMENT_VERDICT_NONE;
	if (rise ? low >= t : high <= t)
		return EXPERIMENT_VERDICT_MET;
	if (rise ? high < t : low > t)
		return EXPERIMENT_VERDICT_NOT_MET;
	return EXPERIMENT_VERDICT_UNCERTAIN;
}
