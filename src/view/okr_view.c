/* SPDX-License-Identifier: EUPL-1.2 */
/*
 * okr_view: the OKR pages as people read them. Progress as a bar (clamped
 * to 0-100 %) with the real figure beside it when it is outside, values
 * and goals worded in nl/en, the history chart of a key result (value
 * against the ideal line, confidence beneath) with its table rows, the
 * row numbers of the weekly check-in form and the selected filter options.
 * Reads and extends the handler's document only.
 */
#include <math.h>
#include <stdio.h>
#include <string.h>

#include "domain/okr.h"
#include "lib/buf.h"
#include "lib/i18n.h"
#include "view/format.h"
#include "view/view.h"

/* x for people: whole numbers without decimals, others with one or two. */
static void num_text(double x, const char *lang, char *out, size_t n)
{
	int dec = fabs(x - round(x)) < 1e-9 ? 0 : fabs(x) < 10 ? 2 : 1;
	format_number(x, dec, lang, out, n);
	/* 2.50 reads better as 2.5 */
	size_t len = strlen(out);
	if (dec == 2 && len && out[len - 1] == '0')
		out[len - 1] = 0;
}

/* x as typed into a form in lang: full precision, the language's decimal mark, no separators. */
static void input_text(double x, const char *lang, char *out, size_t n)
{
	snprintf(out, n, "%.15g", x);
	if (strcmp(lang, "en"))
		for (char *p = out; *p; p++)
			if (*p == '.')
				*p = ',';
}

static void put_num(json_t *o, const char *key, json_t *v, const char *unit, const char *lang)
{
	char s[64];
	if (!json_is_number(v)) {
		json_object_set_new(o, key, json_string("—"));
		return;
	}
	num_text(json_number_value(v), lang, s, sizeof s);
	struct buf b = BUF_INIT;
	buf_puts(&b, s);
	if (unit && *unit)
		buf_printf(&b, "%s%s", strcmp(unit, "%") ? " " : "", unit);
	json_object_set_new(o, key, json_string(buf_str(&b)));
	buf_free(&b);
}

/* text with each "{name}" replaced by the value of that name in args (strings). */
static json_t *fill(const char *text, json_t *args)
{
	struct buf b = BUF_INIT;
	for (const char *p = text; *p;) {
		const char *e = *p == '{' ? strchr(p, '}') : NULL;
		if (e) {
			char name[32];
			snprintf(name, sizeof name, "%.*s", (int)(e - p - 1), p + 1);
			const char *v = json_string_value(json_object_get(args, name));
			if (v) {
				buf_puts(&b, v);
				p = e + 1;
				continue;
			}
		}
		buf_add(&b, p, 1);
		p++;
	}
	json_t *s = json_string(buf_str(&b));
	buf_free(&b);
	return s;
}

/* view.{hasProgress, pct, pctText, realText} of an item with "progress". */
static json_t *progress_view(json_t *item, const char *lang)
{
	json_t *v = json_object_get(item, "view");
	if (!json_is_object(v)) {
		v = json_object();
		json_object_set_new(item, "view", v);
	}
	json_t *p = json_object_get(item, "progress");
	char s[64];
	if (!json_is_number(p)) {
		json_object_set_new(v, "hasProgress", json_false());
		return v;
	}
	double x = json_number_value(p), shown = x < 0 ? 0 : x > 1 ? 1 : x;
	json_object_set_new(v, "hasProgress", json_true());
	json_object_set_new(v, "pct", json_integer((json_int_t)round(shown * 100)));
	format_percent(shown, 0, lang, s, sizeof s);
	json_object_set_new(v, "pctText", json_string(s));
	if (x < 0 || x > 1) {
		format_percent(x, 0, lang, s, sizeof s);
		json_object_set_new(v, "realText", json_string(s));
	}
	return v;
}

/* Everything a key result row or page shows in words. */
static void kr_view(json_t *k, const char *lang)
{
	json_t *v = progress_view(k, lang);
	const char *kind = json_string_value(json_object_get(k, "kind"));
	const char *unit = json_string_value(json_object_get(k, "unit"));
	int kind_no = okr_enum(okr_kinds, kind);
	int milestone = kind_no == OKR_MILESTONE;
	json_int_t subs = json_integer_value(json_object_get(k, "milestonesTotal"));
	char s[64], key[64];
	json_t *args = json_object();
	/* "van 1 naar 4 wijken": a word unit only after the target, a sign after both */
	put_num(args, "start", json_object_get(k, "start"), unit && !strcmp(unit, "%") ? unit : NULL, lang);
	put_num(args, "target", json_object_get(k, "target"), unit, lang);
	json_object_set_new(args, "done",
			    json_integer(json_integer_value(json_object_get(k, "milestonesDone"))));
	snprintf(s, sizeof s, "%lld", (long long)json_integer_value(json_object_get(k, "milestonesDone")));
	json_object_set_new(args, "done", json_string(s));
	snprintf(s, sizeof s, "%lld", (long long)subs);
	json_object_set_new(args, "total", json_string(s));
	json_object_set_new(args, "equal",
			    json_string(i18n_t(lang, json_is_true(json_object_get(k, "equalCounts"))
							 ? "okr.equal_counts_yes"
							 : "okr.equal_counts_no")));
	if (milestone)
		snprintf(key, sizeof key, "okr.goal.mijlpaal%s", subs ? "_subs" : "");
	else if (kind_no == OKR_BASELINE && json_is_null(json_object_get(k, "target")))
		snprintf(key, sizeof key, "okr.goal.nulmeting_open");
	else
		snprintf(key, sizeof key, "okr.goal.%s", kind ? kind : "");
	json_object_set_new(v, "goalText", fill(i18n_t(lang, key), args));
	json_decref(args);
	json_t *value = json_object_get(k, "value");
	if (milestone && !subs) {
		json_object_set_new(
		    v, "valueText",
		    json_string(i18n_t(lang, json_is_number(value) && json_number_value(value) >= 1
						 ? "okr.done"
						 : "okr.not_done")));
	} else if (milestone) {
		snprintf(s, sizeof s, "%lld / %lld",
			 (long long)json_integer_value(json_object_get(k, "milestonesDone")),
			 (long long)subs);
		json_object_set_new(v, "valueText", json_string(s));
	} else {
		put_num(v, "valueText", value, unit, lang);
	}
	json_object_set_new(v, "isMilestone", json_boolean(milestone && !subs));
	json_object_set_new(v, "hasSubs", json_boolean(milestone && subs));
	json_object_set_new(v, "hasNumber", json_boolean(!milestone));
	json_object_set_new(v, "done", json_boolean(json_is_number(value) && json_number_value(value) >= 1));
	if (json_is_number(value)) {
		input_text(json_number_value(value), lang, s, sizeof s);
		json_object_set_new(v, "valueInput", json_string(s));
	}
	json_t *conf = json_object_get(k, "confidence");
	if (json_is_integer(conf)) {
		snprintf(s, sizeof s, "%lld/10", (long long)json_integer_value(conf));
		json_object_set_new(v, "confidenceText", json_string(s));
	}
	put_num(v, "weightText", json_object_get(k, "weight"), NULL, lang);
	json_t *e = json_object_get(k, "expected");
	if (json_is_number(e)) {
		format_percent(json_number_value(e), 0, lang, s, sizeof s);
		json_object_set_new(v, "expectedText", json_string(s));
	}
	json_t *origin = json_object_get(k, "origin");
	if (json_is_object(origin))
		put_num(v, "originText", json_object_get(origin, "median"), NULL, lang);
	json_t *change = json_object_get(k, "change");
	if (json_is_number(change)) {
		num_text(json_number_value(change), lang, s, sizeof s);
		struct buf b = BUF_INIT;
		buf_printf(&b, "%s%s", json_number_value(change) > 0 ? "+" : "", s);
		json_object_set_new(v, "changeText", json_string(buf_str(&b)));
		buf_free(&b);
	} else if (json_object_get(k, "change")) {
		json_object_set_new(v, "changeText", json_string("—"));
	}
}

static void objective_view(json_t *o, const char *lang)
{
	json_t *v = progress_view(o, lang);
	char s[64];
	json_t *e = json_object_get(o, "expected");
	if (json_is_number(e)) {
		format_percent(json_number_value(e), 0, lang, s, sizeof s);
		json_object_set_new(v, "expectedText", json_string(s));
	}
	json_t *score = json_object_get(o, "score");
	if (json_is_number(score)) {
		format_number(json_number_value(score), 2, lang, s, sizeof s);
		json_object_set_new(v, "scoreText", json_string(s));
	}
	json_t *w = json_array(), *x;
	size_t i;
	json_array_foreach (json_object_get(o, "warnings"), i, x)
		json_array_append_new(w, json_pack("{s:O}", "key", x));
	json_object_set_new(v, "warnings", w);
	json_array_foreach (json_object_get(o, "keyResults"), i, x)
		kr_view(x, lang);
	json_array_foreach (json_object_get(o, "children"), i, x)
		progress_view(x, lang);
}

static void each(json_t *list, void (*f)(json_t *, const char *), const char *lang)
{
	size_t i;
	json_t *x;
	json_array_foreach (list, i, x)
		f(x, lang);
}

static void progress_only(json_t *x, const char *lang)
{
	progress_view(x, lang);
}

static void tree_page(const struct view_ctx *v, json_t *o)
{
	each(json_object_get(o, "objectives"), progress_only, v->lang);
	json_t *period = json_object_get(o, "period"), *x;
	size_t i;
	json_array_foreach (json_object_get(o, "periods"), i, x)
		json_object_set_new(
		    x, "selected",
		    json_boolean(json_equal(json_object_get(x, "id"), json_object_get(period, "id"))));
	json_array_foreach (json_object_get(o, "teams"), i, x)
		json_object_set_new(
		    x, "selected",
		    json_boolean(json_equal(json_object_get(x, "id"), json_object_get(o, "teamFilter"))));
	char s[64];
	json_t *e = json_object_get(period, "expected");
	json_t *view = json_object();
	if (json_is_number(e)) {
		format_percent(json_number_value(e), 0, v->lang, s, sizeof s);
		json_object_set_new(view, "expectedText", json_string(s));
	}
	json_object_set_new(o, "view", view);
}

static void objective_page(const struct view_ctx *v, json_t *o)
{
	objective_view(o, v->lang);
}

/* The edit form reads ids and text where the document has objects and numbers. */
static void objective_edit(const struct view_ctx *v, json_t *o)
{
	objective_view(o, v->lang);
	json_object_set(o, "periodId", json_object_get(json_object_get(o, "period"), "id"));
	json_object_set(o, "teamId", json_object_get(json_object_get(o, "team"), "id"));
	json_object_set(o, "initiativeId", json_object_get(json_object_get(o, "initiative"), "id"));
	json_object_set(o, "ownerId", json_object_get(json_object_get(o, "owner"), "id"));
}

/* The history chart: value against the ideal line from start to target
 * over the period, confidence beneath; one table row per check-in. */
static void kr_chart(json_t *k, const char *lang)
{
	json_t *period = json_object_get(k, "period");
	int64_t s = okr_day(json_string_value(json_object_get(period, "startsOn")));
	int64_t e = okr_day(json_string_value(json_object_get(period, "endsOn")));
	const char *kind = json_string_value(json_object_get(k, "kind"));
	const char *unit = json_string_value(json_object_get(k, "unit"));
	json_t *target = json_object_get(k, "target");
	int kind_no = okr_enum(okr_kinds, kind);
	int threshold = kind_no == OKR_ABOVE || kind_no == OKR_BELOW;
	int milestone = kind_no == OKR_MILESTONE;
	int ideal = json_is_number(target) && !milestone;
	double start = json_number_value(json_object_get(k, "start")), t = json_number_value(target);
	json_t *checkins = json_object_get(k, "checkins");
	json_t *x = json_array(), *vals = json_array(), *line = json_array(), *conf = json_array(),
	       *cx = json_array(), *rows = json_array();
	int has_conf = 0;
	/* the period's first day, every check-in, the period's last day */
	size_t n = json_array_size(checkins);
	for (size_t i = 0; i <= n + 1; i++) {
		json_t *c = i >= 1 && i <= n ? json_array_get(checkins, i - 1) : NULL;
		const char *date = c ? json_string_value(json_object_get(c, "date"))
				     : json_string_value(json_object_get(period, i ? "endsOn" : "startsOn"));
		int64_t d = okr_day(date);
		if (!c && i == 0 && n &&
		    okr_day(json_string_value(json_object_get(json_array_get(checkins, 0), "date"))) <= d)
			continue;
		if (!c && i == n + 1 && n &&
		    okr_day(json_string_value(json_object_get(json_array_get(checkins, n - 1), "date"))) >= d)
			continue;
		double iv = threshold ? t : start + (t - start) * okr_expected(s, e, d);
		json_array_append_new(x, json_string(date));
		json_t *val = c ? json_object_get(c, "value") : NULL;
		json_array_append_new(vals, json_is_number(val)
						? json_real(round(json_number_value(val) * 1e6) / 1e6)
						: json_null());
		json_array_append_new(line, ideal ? json_real(round(iv * 1e6) / 1e6) : json_null());
		if (!c)
			continue;
		json_t *cf = json_object_get(c, "confidence");
		json_array_append_new(cx, json_string(date));
		json_array_append_new(conf, json_is_integer(cf) ? json_integer(json_integer_value(cf))
								: json_null());
		has_conf |= json_is_integer(cf);
		json_t *r = json_pack("{s:s,s:O,s:O,s:O,s:O,s:O}", "date", date, "changed",
				      json_object_get(c, "changed"), "blocker", json_object_get(c, "blocker"),
				      "nextStep", json_object_get(c, "nextStep"), "by",
				      json_object_get(c, "by"), "source", json_object_get(c, "source"));
		put_num(r, "valueText", val, unit, lang);
		json_t *ivj = json_real(iv);
		if (ideal)
			put_num(r, "idealText", ivj, unit, lang);
		else
			json_object_set_new(r, "idealText", json_string("—"));
		json_decref(ivj);
		char cs[16];
		if (json_is_integer(cf))
			snprintf(cs, sizeof cs, "%lld/10", (long long)json_integer_value(cf));
		else
			snprintf(cs, sizeof cs, "—");
		json_object_set_new(r, "confidenceText", json_string(cs));
		json_array_insert_new(rows, 0, r); /* newest first */
	}
	json_t *v = json_object_get(k, "view");
	json_t *series = json_array();
	json_array_append_new(series,
			      json_pack("{s:s,s:o}", "name", i18n_t(lang, "okr.value"), "values", vals));
	if (ideal)
		json_array_append_new(series,
				      json_pack("{s:s,s:o}", "name",
						i18n_t(lang, threshold ? "okr.threshold" : "okr.ideal"),
						"values", line));
	else
		json_decref(line);
	if (n)
		json_object_set_new(v, "chart",
				    json_pack("{s:s,s:o,s:o}", "kind", "line", "x", x, "series", series));
	else {
		json_decref(x);
		json_decref(series);
	}
	if (has_conf)
		json_object_set_new(v, "confidenceChart",
				    json_pack("{s:s,s:o,s:[{s:s,s:o}],s:i,s:i}", "kind", "line", "x", cx,
					      "series", "name", i18n_t(lang, "okr.confidence"), "values",
					      conf, "min", 0, "max", 10));
	else {
		json_decref(cx);
		json_decref(conf);
	}
	json_object_set_new(v, "rows", rows);
}

static void kr_page(const struct view_ctx *v, json_t *k)
{
	kr_view(k, v->lang);
	kr_chart(k, v->lang);
}

/* The edit form shows numbers as typed in the page's language, and
 * sub-milestones as lines ("[x] " before those done). */
static void kr_edit(const struct view_ctx *v, json_t *k)
{
	kr_view(k, v->lang);
	char s[64];
	static const char *const nums[] = {"start", "target", "weight"};
	for (size_t i = 0; i < 3; i++) {
		json_t *x = json_object_get(k, nums[i]);
		if (json_is_number(x)) {
			input_text(json_number_value(x), v->lang, s, sizeof s);
			json_object_set_new(k, nums[i], json_string(s));
		} else {
			json_object_set_new(k, nums[i], json_string(""));
		}
	}
	struct buf b = BUF_INIT;
	size_t i;
	json_t *m;
	json_array_foreach (json_object_get(k, "milestones"), i, m)
		buf_printf(&b, "%s%s\n", json_is_true(json_object_get(m, "done")) ? "[x] " : "",
			   json_string_value(json_object_get(m, "title")));
	json_object_set_new(k, "milestonesText", json_string(buf_str(&b)));
	buf_free(&b);
}

static void kr_new(const struct view_ctx *v, json_t *k)
{
	(void)v;
	(void)k;
}

static void checkin_page(const struct view_ctx *v, json_t *o)
{
	size_t i;
	json_t *k;
	json_array_foreach (json_object_get(o, "keyResults"), i, k) {
		kr_view(k, v->lang);
		json_object_set_new(json_object_get(k, "view"), "i", json_integer((json_int_t)i));
	}
}

static void review_page(const struct view_ctx *v, json_t *o)
{
	each(json_object_get(o, "keyResults"), kr_view, v->lang);
}

static void team_page(const struct view_ctx *v, json_t *o)
{
	each(json_object_get(o, "objectives"), progress_only, v->lang);
}

static void teams_page(const struct view_ctx *v, json_t *o)
{
	(void)v;
	json_t *teams = json_object_get(o, "teams"), *all = json_object_get(o, "parentChoices"), *t, *p;
	size_t i, j;
	json_array_foreach (teams, i, t) {
		json_t *view = json_object();
		json_array_foreach (all ? all : teams, j, p)
			if (json_equal(json_object_get(p, "id"), json_object_get(t, "parentId")))
				json_object_set(view, "parentName", json_object_get(p, "name"));
		json_object_set_new(t, "view", view);
	}
}

/* The initiative page, once its handler adds okrObjectives. */
static void initiative_page(const struct view_ctx *v, json_t *o)
{
	each(json_object_get(o, "okrObjectives"), progress_only, v->lang);
}

const struct view okr_views[] = {
    {"okr_tree", tree_page},	   {"okr_objective", objective_page}, {"okr_objective_edit", objective_edit},
    {"okr_kr", kr_page},	   {"okr_kr_edit", kr_edit},	      {"okr_kr_new", kr_new},
    {"okr_checkin", checkin_page}, {"okr_review", review_page},	      {"okr_team", team_page},
    {"okr_teams", teams_page},	   {"initiative", initiative_page},   {NULL, NULL},
};
