/* SPDX-License-Identifier: EUPL-1.2 */
/*
 * wire: decoders of the four client wire formats. Each event goes through
 * add_event(), the one place that checks what every event must have (a
 * name, a distinct id, a time that is not a day ahead, at most
 * EVENT_MAX_BYTES) and records the reason when it lacks it.
 */
#include "events/wire.h"

#include <ctype.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "lib/utf8.h"
#include "lib/util.h"

static int64_t days_from_civil(int64_t y, unsigned m, unsigned d)
{
	y -= m <= 2;
	int64_t era = (y >= 0 ? y : y - 399) / 400;
	unsigned yoe = (unsigned)(y - era * 400);
	unsigned doy = (153 * (m + (m > 2 ? -3 : 9)) + 2) / 5 + d - 1;
	unsigned doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
	return era * 146097 + (int64_t)doe - 719468;
}

static int digits(const char *s, int n, int *v)
{
	*v = 0;
	for (int i = 0; i < n; i++) {
		if (!isdigit((unsigned char)s[i]))
			return -1;
		*v = *v * 10 + (s[i] - '0');
	}
	return 0;
}

int wire_time_parse(const char *s, int64_t *ms)
{
	int y, mo, d, h = 0, mi = 0, se = 0;
	if (!s || strlen(s) < 10 || digits(s, 4, &y) || s[4] != '-' || digits(s + 5, 2, &mo) || s[7] != '-' ||
	    digits(s + 8, 2, &d) || mo < 1 || mo > 12 || d < 1 || d > 31)
		return -1;
	const char *p = s + 10;
	int64_t frac = 0;
	if (*p == 'T' || *p == 't' || *p == ' ') {
		if (strlen(p) < 6 || digits(p + 1, 2, &h) || p[3] != ':' || digits(p + 4, 2, &mi))
			return -1;
		p += 6;
		if (*p == ':') {
			if (digits(p + 1, 2, &se))
				return -1;
			p += 3;
			if (*p == '.' || *p == ',') {
				p++;
				int nd = 0;
				while (isdigit((unsigned char)*p)) {
					if (nd < 3)
						frac = frac * 10 + (*p - '0');
					nd++;
					p++;
				}
				if (!nd)
					return -1;
				for (; nd < 3; nd++)
					frac *= 10;
			}
		}
	}
	if (h > 23 || mi > 59 || se > 60)
		return -1;
	int64_t off = 0;
	if (*p == 'Z' || *p == 'z') {
		p++;
	} else if (*p == '+' || *p == '-') {
		int oh, om = 0;
		int sign = *p == '-' ? -1 : 1;
		if (digits(p + 1, 2, &oh))
			return -1;
		p += 3;
		if (*p == ':')
			p++;
		if (isdigit((unsigned char)*p)) {
			if (digits(p, 2, &om))
				return -1;
			p += 2;
		}
		off = sign * (oh * 3600 + om * 60);
	}
	if (*p)
		return -1;
	int64_t days = days_from_civil(y, (unsigned)mo, (unsigned)d);
	*ms = ((days * 86400 + h * 3600 + mi * 60 + se) - off) * 1000 + frac;
	return 0;
}

/* A number as a time: seconds below 1e11 (Mixpanel), else milliseconds. */
static int number_time(const json_t *j, int64_t *ms)
{
	double v = json_number_value(j);
	if (!(v > 0 && v < 1e15))
		return -1;
	*ms = v < 1e11 ? (int64_t)(v * 1000) : (int64_t)v;
	return 0;
}

static int time_of(const json_t *j, int64_t *ms)
{
	if (json_is_string(j))
		return wire_time_parse(json_string_value(j), ms);
	if (json_is_number(j))
		return number_time(j, ms);
	return -1;
}

static const char *own(struct wire_batch *b, char *s)
{
	if (b->n_owned == b->cap_owned) {
		b->cap_owned = b->cap_owned ? 2 * b->cap_owned : 64;
		b->owned = xrealloc(b->owned, b->cap_owned * sizeof *b->owned);
	}
	b->owned[b->n_owned++] = s;
	return s;
}

static void refuse(struct wire_batch *b, size_t index, const char *reason)
{
	if (!b->errors)
		b->errors = json_array();
	json_array_append_new(b->errors,
			      json_pack("{s:I,s:s}", "index", (json_int_t)index, "reason", reason));
}

/* A distinct id: a non-empty string as sent, or an integer as its decimal
 * text (PostHog accepts numbers). NULL when it is neither. */
static const char *id_text(struct wire_batch *b, const json_t *j, size_t *len)
{
	if (json_is_string(j) && json_string_length(j) > 0) {
		*len = json_string_length(j);
		return json_string_value(j);
	}
	if (json_is_integer(j)) {
		char t[24];
		snprintf(t, sizeof t, "%lld", (long long)json_integer_value(j));
		*len = strlen(t);
		return own(b, xstrdup(t));
	}
	return NULL;
}

static void add_alias(struct wire_batch *b, const json_t *x, const json_t *y)
{
	size_t la, lb;
	const char *a = id_text(b, x, &la), *c = id_text(b, y, &lb);
	if (!a || !c || (la == lb && !memcmp(a, c, la)) || la > EVENT_MAX_BYTES || lb > EVENT_MAX_BYTES)
		return;
	if (b->n_alias == b->cap_alias) {
		b->cap_alias = b->cap_alias ? 2 * b->cap_alias : 8;
		b->alias = xrealloc(b->alias, b->cap_alias * sizeof *b->alias);
	}
	b->alias[b->n_alias++] = (struct event_alias){a, la, c, lb};
}

/* The name member of an event: its text and length, or NULL. */
static const char *name_of(const json_t *j, size_t *len)
{
	*len = json_is_string(j) ? json_string_length(j) : 0;
	return json_is_string(j) ? json_string_value(j) : NULL;
}

/* Checks one event and keeps it, or records why not. props is a new
 * reference (an object, or NULL) that this function releases. */
static void add_event(struct wire_batch *b, size_t index, const char *name, size_t nl, const json_t *distinct,
		      int64_t ts_ms, int has_ts, int64_t now_ms, const json_t *uuid, json_t *props)
{
	size_t dl = 0, ul = 0;
	const char *id = id_text(b, distinct, &dl);
	const char *reason = NULL;
	if (!name || !nl)
		reason = "the event has no name";
	else if (nl > WIRE_NAME_MAX)
		reason = "the event name is longer than 1024 bytes";
	else if (!id)
		reason = "the event has no distinct id";
	else if (!has_ts)
		reason = "the timestamp is not an ISO 8601 date-time";
	else if (ts_ms > now_ms + WIRE_FUTURE_MS)
		reason = "the timestamp is more than a day in the future";
	else if (ts_ms < WIRE_PAST_MS)
		reason = "the timestamp is before the year 2000";
	else if (uuid && !json_is_null(uuid) &&
		 (!json_is_string(uuid) || json_string_length(uuid) == 0 ||
		  json_string_length(uuid) > WIRE_UUID_MAX))
		reason = "the event id (uuid, messageId, $insert_id) is not a string of 1 to 200 bytes";
	else if (props && !json_is_object(props))
		reason = "the properties are not an object";
	if (reason) {
		refuse(b, index, reason);
		json_decref(props);
		return;
	}
	char *text = props ? json_dumps(props, JSON_COMPACT) : NULL;
	json_decref(props);
	size_t pl = text ? strlen(text) : 0;
	ul = json_is_string(uuid) ? json_string_length(uuid) : 0;
	if (nl + dl + ul + pl > EVENT_MAX_BYTES) {
		free(text);
		refuse(b, index, "the event is larger than 1 MiB");
		return;
	}
	if (text)
		own(b, text);
	if (b->n == b->cap) {
		b->cap = b->cap ? 2 * b->cap : 64;
		b->ev = xrealloc(b->ev, b->cap * sizeof *b->ev);
		b->index = xrealloc(b->index, b->cap * sizeof *b->index);
	}
	b->index[b->n] = index;
	b->ev[b->n++] = (struct event_in){
	    .ts_ms = ts_ms,
	    .name = name,
	    .name_len = nl,
	    .distinct_id = id,
	    .distinct_len = dl,
	    .uuid = ul ? json_string_value(uuid) : NULL,
	    .uuid_len = ul,
	    .props = text,
	    .props_len = pl,
	};
}

int wire_parse(struct wire_batch *b, const char *json, size_t len, const char **reason)
{
	json_error_t err;
	b->root = json_loadb(json, len, 0, &err);
	if (!b->root) {
		*reason = "the body is not valid JSON";
		return -1;
	}
	return 0;
}

/* Properties without the key the client repeats in them (a key is never
 * stored with the events). New reference, or NULL when p is absent. */
static json_t *props_copy(const json_t *p, const char *const *drop, int will_change)
{
	if (!p || json_is_null(p))
		return NULL;
	if (!json_is_object(p))
		return json_incref((json_t *)p); /* refused by add_event */
	int has = 0;
	for (int i = 0; drop && drop[i] && !has; i++)
		has = json_object_get(p, drop[i]) != NULL;
	if (!has && !will_change) /* the common case: dumped as it is, no copy */
		return json_incref((json_t *)p);
	json_t *c = json_copy((json_t *)p);
	for (int i = 0; drop && drop[i]; i++)
		json_object_del(c, drop[i]);
	return c;
}

/* --- PostHog ------------------------------------------------------------------------------ */

static const char *const posthog_drop[] = {"token", "api_key", NULL};

static void posthog_event(struct wire_batch *b, size_t index, json_t *e, int64_t now_ms, int64_t skew_ms,
			  int has_skew)
{
	if (!json_is_object(e)) {
		refuse(b, index, "the event is not an object");
		return;
	}
	json_t *p = json_object_get(e, "properties");
	json_t *distinct = json_object_get(e, "distinct_id");
	if (!distinct && json_is_object(p))
		distinct = json_object_get(p, "distinct_id");
	if (!distinct && json_is_object(p))
		distinct = json_object_get(p, "$distinct_id");
	int64_t ts = now_ms;
	int has_ts = 1;
	json_t *t = json_object_get(e, "timestamp");
	if (t && !json_is_null(t)) {
		has_ts = time_of(t, &ts) == 0;
		/* this event's own sent_at wins over the request's */
		int64_t sent;
		if (time_of(json_object_get(e, "sent_at"), &sent) == 0)
			ts += now_ms - sent;
		else if (has_skew)
			ts += skew_ms;
	} else if (json_is_integer(json_object_get(e, "offset"))) {
		ts = now_ms - json_integer_value(json_object_get(e, "offset"));
	}
	json_t *uuid = json_object_get(e, "uuid");
	if ((!uuid || json_is_null(uuid)) && json_is_object(p))
		uuid = json_object_get(p, "$insert_id");
	json_t *props =
	    props_copy(p, posthog_drop, json_object_get(e, "$set") || json_object_get(e, "$set_once"));
	if (!props && !p)
		props = json_object();
	if (json_is_object(props)) {
		/* $set and $set_once beside properties (identify) are kept with them */
		const char *tops[] = {"$set", "$set_once"};
		for (int i = 0; i < 2; i++)
			if (json_object_get(e, tops[i]) && !json_object_get(props, tops[i]))
				json_object_set(props, tops[i], json_object_get(e, tops[i]));
	}
	size_t nl;
	const char *name = name_of(json_object_get(e, "event"), &nl);
	size_t before = b->n;
	add_event(b, index, name, nl, distinct, ts, has_ts, now_ms, uuid, props);
	if (b->n == before || !name || !json_is_object(p))
		return;
	if (!strcmp(name, "$identify"))
		add_alias(b, distinct, json_object_get(p, "$anon_distinct_id"));
	else if (!strcmp(name, "$create_alias") || !strcmp(name, "$merge_dangerously"))
		add_alias(b, distinct, json_object_get(p, "alias"));
}

static const char *string_member(const json_t *o, const char *name)
{
	const char *s = json_string_value(json_object_get(o, name));
	return s && *s ? s : NULL;
}

int wire_posthog(struct wire_batch *b, int64_t now_ms, const char *query_key, const char **reason)
{
	json_t *r = b->root, *list = NULL;
	int64_t sent = 0;
	int has_skew = 0;
	if (json_is_array(r)) {
		list = r;
	} else if (json_is_object(r) && json_is_array(json_object_get(r, "batch"))) {
		list = json_object_get(r, "batch");
		b->key = string_member(r, "api_key");
		if (!b->key)
			b->key = string_member(r, "token");
	} else if (json_is_object(r) && json_object_get(r, "event")) {
		list = NULL;
		b->key = string_member(r, "api_key");
	} else {
		*reason = "the body holds no events (expected an event, an array or {batch})";
		return -1;
	}
	if (json_is_object(r) && time_of(json_object_get(r, "sent_at"), &sent) == 0)
		has_skew = 1;
	else if (b->sent_ms > 0) {
		sent = b->sent_ms;
		has_skew = 1;
	}
	size_t n = list ? json_array_size(list) : 1;
	/* the key: the request's, else the query's, else the first event's */
	if (!b->key)
		b->key = query_key;
	for (size_t i = 0; i < n && !b->key; i++) {
		json_t *e = list ? json_array_get(list, i) : r;
		b->key = string_member(e, "api_key");
		if (!b->key)
			b->key = string_member(json_object_get(e, "properties"), "token");
	}
	b->total = n;
	for (size_t i = 0; i < n; i++)
		posthog_event(b, i, list ? json_array_get(list, i) : r, now_ms, now_ms - sent, has_skew);
	return 0;
}

/* --- Segment ------------------------------------------------------------------------------ */

static const char *const segment_types[] = {NULL, "track", "identify", "page", "screen", "group", "alias"};

static void segment_message(struct wire_batch *b, size_t index, json_t *m, enum wire_segment_type type,
			    int64_t now_ms, int64_t skew_ms, int has_skew)
{
	if (!json_is_object(m)) {
		refuse(b, index, "the message is not an object");
		return;
	}
	if (type == WIRE_SEGMENT_BATCH) {
		const char *t = json_string_value(json_object_get(m, "type"));
		for (int k = WIRE_SEGMENT_TRACK; t && k <= WIRE_SEGMENT_ALIAS; k++)
			if (!strcmp(t, segment_types[k]))
				type = (enum wire_segment_type)k;
		if (type == WIRE_SEGMENT_BATCH) {
			refuse(b, index,
			       "the message type is not track, identify, page, screen, group or alias");
			return;
		}
	}
	json_t *user = json_object_get(m, "userId"), *anon = json_object_get(m, "anonymousId");
	json_t *distinct = user && !json_is_null(user) ? user : anon;
	int64_t ts = now_ms;
	int has_ts = 1;
	json_t *t = json_object_get(m, "timestamp");
	if (t && !json_is_null(t)) {
		has_ts = time_of(t, &ts) == 0;
		if (has_skew)
			ts += skew_ms;
	}
	json_t *props = props_copy(json_object_get(m, "properties"), NULL, 1);
	if (!props)
		props = json_object();
	const char *name;
	size_t nl = 0;
	switch (type) {
	case WIRE_SEGMENT_TRACK: name = name_of(json_object_get(m, "event"), &nl); break;
	case WIRE_SEGMENT_IDENTIFY: name = "$identify"; break;
	case WIRE_SEGMENT_PAGE: name = "$pageview"; break;
	case WIRE_SEGMENT_SCREEN: name = "$screen"; break;
	case WIRE_SEGMENT_GROUP: name = "$groupidentify"; break;
	default: name = "$create_alias"; break;
	}
	if (type != WIRE_SEGMENT_TRACK)
		nl = strlen(name);
	if (json_is_object(props)) {
		json_t *traits = json_object_get(m, "traits");
		if (json_is_object(traits))
			json_object_set(props, "$set", traits);
		if (json_is_string(json_object_get(m, "name")))
			json_object_set(props, "$screen_name", json_object_get(m, "name"));
		if (json_object_get(m, "groupId"))
			json_object_set(props, "$group_key", json_object_get(m, "groupId"));
		const char *lib = json_string_value(
		    json_object_get(json_object_get(json_object_get(m, "context"), "library"), "name"));
		if (lib)
			json_object_set_new(props, "$lib", json_string(lib));
	}
	size_t before = b->n;
	add_event(b, index, name, nl, distinct, ts, has_ts, now_ms, json_object_get(m, "messageId"), props);
	if (b->n == before)
		return;
	if (type == WIRE_SEGMENT_IDENTIFY && user && anon)
		add_alias(b, user, anon);
	else if (type == WIRE_SEGMENT_ALIAS)
		add_alias(b, user, json_object_get(m, "previousId"));
}

int wire_segment(struct wire_batch *b, enum wire_segment_type type, int64_t now_ms, const char **reason)
{
	json_t *r = b->root;
	if (!json_is_object(r)) {
		*reason = "the body is not a JSON object";
		return -1;
	}
	json_t *list = type == WIRE_SEGMENT_BATCH ? json_object_get(r, "batch") : NULL;
	if (type == WIRE_SEGMENT_BATCH && !json_is_array(list)) {
		*reason = "the body has no batch array";
		return -1;
	}
	b->key = string_member(r, "writeKey");
	int64_t sent = 0;
	int has_skew = time_of(json_object_get(r, "sentAt"), &sent) == 0;
	size_t n = list ? json_array_size(list) : 1;
	b->total = n;
	for (size_t i = 0; i < n; i++)
		segment_message(b, i, list ? json_array_get(list, i) : r, type, now_ms, now_ms - sent,
				has_skew);
	return 0;
}

/* --- Mixpanel ----------------------------------------------------------------------------- */

static const char *const mixpanel_drop[] = {"token", "distinct_id", "time", "$insert_id", NULL};

static void mixpanel_event(struct wire_batch *b, size_t index, json_t *e, int engage, int64_t now_ms)
{
	if (!json_is_object(e)) {
		refuse(b, index, "the event is not an object");
		return;
	}
	json_t *p = engage ? e : json_object_get(e, "properties");
	const char *token = string_member(p, engage ? "$token" : "token");
	if (!token) {
		refuse(b, index, "the event has no token");
		return;
	}
	if (!b->key)
		b->key = token;
	else if (strcmp(b->key, token)) {
		refuse(b, index, "the event's token differs from the first event's");
		return;
	}
	if (engage) {
		/* a profile update ($set, $set_once, $add, ...) is kept as an event "$set" */
		json_t *props = json_object();
		const char *k;
		json_t *v;
		json_object_foreach (e, k, v)
			if (k[0] == '$' && strcmp(k, "$token") && strcmp(k, "$distinct_id") &&
			    strcmp(k, "$time") && strcmp(k, "$ip"))
				json_object_set(props, k, v);
		int64_t ts = now_ms;
		json_t *t = json_object_get(e, "$time");
		int has_ts = !t || time_of(t, &ts) == 0;
		add_event(b, index, "$set", 4, json_object_get(e, "$distinct_id"), ts, has_ts, now_ms, NULL,
			  props);
		return;
	}
	int64_t ts = now_ms;
	json_t *t = json_object_get(p, "time");
	int has_ts = !t || time_of(t, &ts) == 0;
	json_t *distinct = json_object_get(p, "distinct_id");
	size_t nl;
	const char *name = name_of(json_object_get(e, "event"), &nl);
	size_t before = b->n;
	add_event(b, index, name, nl, distinct, ts, has_ts, now_ms, json_object_get(p, "$insert_id"),
		  props_copy(p, mixpanel_drop, 0));
	if (b->n == before || !name)
		return;
	if (!strcmp(name, "$identify"))
		add_alias(b, json_object_get(p, "$identified_id"), json_object_get(p, "$anon_id"));
	else if (!strcmp(name, "$create_alias"))
		add_alias(b, distinct, json_object_get(p, "alias"));
	else if (!strcmp(name, "$merge") && json_is_array(json_object_get(p, "$distinct_ids")))
		add_alias(b, json_array_get(json_object_get(p, "$distinct_ids"), 0),
			  json_array_get(json_object_get(p, "$distinct_ids"), 1));
}

int wire_mixpanel(struct wire_batch *b, int engage, int64_t now_ms, const char **reason)
{
	json_t *r = b->root;
	if (!json_is_array(r) && !json_is_object(r)) {
		*reason = "the data is not a JSON object or array";
		return -1;
	}
	size_t n = json_is_array(r) ? json_array_size(r) : 1;
	b->total = n;
	for (size_t i = 0; i < n; i++)
		mixpanel_event(b, i, json_is_array(r) ? json_array_get(r, i) : r, engage, now_ms);
	return 0;
}

/* --- Plausible ---------------------------------------------------------------------------- */

int wire_plausible(struct wire_batch *b, int64_t now_ms, const char *visitor, const char **reason)
{
	json_t *r = b->root;
	if (!json_is_object(r)) {
		*reason = "the body is not a JSON object";
		return -1;
	}
	/* the tracker script sends one-letter names, the events API long ones */
	json_t *name = json_object_get(r, "name"), *url = json_object_get(r, "url"),
	       *domain = json_object_get(r, "domain"), *ref = json_object_get(r, "referrer"),
	       *p = json_object_get(r, "props");
	if (!name)
		name = json_object_get(r, "n");
	if (!url)
		url = json_object_get(r, "u");
	if (!domain)
		domain = json_object_get(r, "d");
	if (!ref)
		ref = json_object_get(r, "r");
	if (!p)
		p = json_object_get(r, "p");
	const char *d = json_string_value(domain);
	if (!d || !*d) {
		*reason = "the event has no domain";
		return -1;
	}
	/* "a.nl,b.nl" sends to two sites; the first names the source */
	size_t dl = strcspn(d, ",");
	char *dom = xstrdup(d);
	dom[dl] = 0;
	for (char *c = dom; *c; c++)
		*c = (char)tolower((unsigned char)*c);
	b->key = own(b, dom);
	b->total = 1;
	if (!json_is_string(url)) {
		refuse(b, 0, "the event has no url");
		return 0;
	}
	json_t *props = json_object();
	if (json_is_string(p)) { /* the script sends props as JSON text */
		json_t *pp = json_loads(json_string_value(p), 0, NULL);
		if (json_is_object(pp))
			json_object_update(props, pp);
		json_decref(pp);
	} else if (json_is_object(p)) {
		json_object_update(props, p);
	}
	json_object_set(props, "$current_url", url);
	if (json_is_string(ref))
		json_object_set(props, "$referrer", ref);
	json_t *rev = json_object_get(r, "revenue");
	if (!rev)
		rev = json_object_get(r, "$");
	if (rev && !json_is_null(rev))
		json_object_set(props, "$revenue", rev);
	/* kept in root, which lives as long as the events that point into it */
	json_object_set_new(r, "$visitor", json_string(visitor));
	size_t nl;
	const char *nm = name_of(name, &nl);
	add_event(b, 0, nm, nl, json_object_get(r, "$visitor"), now_ms, 1, now_ms, NULL, props);
	return 0;
}

void wire_batch_free(struct wire_batch *b)
{
	for (size_t i = 0; i < b->n_owned; i++)
		free(b->owned[i]);
	free(b->owned);
	free(b->ev);
	free(b->index);
	free(b->alias);
	json_decref(b->errors);
	json_decref(b->root);
	memset(b, 0, sizeof *b);
}
