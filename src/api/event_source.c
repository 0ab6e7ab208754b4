/* SPDX-License-Identifier: EUPL-1.2 */
/*
 * event_source: the event sources of an initiative and the erasure of a
 * person's events. A key is made here from a random token, shown in the
 * answer to its creation or rotation only, and stored as a digest. Role
 * and organisation were checked by the pipeline.
 */
#include <ctype.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "api/events.h"
#include "api/field.h"
#include "api/initiative.h"
#include "api/organisation.h"
#include "lib/problem.h"
#include "lib/secret.h"
#include "lib/timeutil.h"
#include "lib/util.h"
#include "store/event_live.h"
#include "store/event_source_store.h"
#include "store/event_store.h"

static json_t *ms_time(int64_t ms)
{
	if (ms <= 0)
		return json_null();
	char t[21];
	time_rfc3339(ms / 1000, t);
	return json_string(t);
}

static json_t *text_or_null(const char *s)
{
	return s && *s ? json_string(s) : json_null();
}

static void org_members(json_t *o, int64_t org_id)
{
	json_t *org = api_org_doc(org_id);
	json_object_set(o, "organisation", json_object_get(org, "slug"));
	json_object_set(o, "organisationName", json_object_get(org, "name"));
	json_decref(org);
}

/* A source as the API shows it; key: the full key, only right after it was
 * made (else null). */
static json_t *source_json(const struct event_source *s, const char *key)
{
	struct event_source_counts st;
	json_t *errors = event_source_store_stats(s->id, &st);
	event_live_pending(s->id, &st, errors);
	json_t *j = json_object();
	json_object_set_new(j, "id", json_integer(s->id));
	json_object_set_new(
	    j, "initiative",
	    json_pack("{s:I,s:s}", "id", (json_int_t)s->initiative_id, "name", s->initiative_name));
	json_object_set_new(j, "kind", json_string(event_source_kind_name(s->kind)));
	json_object_set_new(j, "name", json_string(s->name));
	json_object_set_new(j, "status", json_string(event_source_status_name(s->status)));
	json_object_set_new(j, "keyHint", text_or_null(s->key_hint));
	json_object_set_new(j, "key", text_or_null(key));
	json_object_set_new(j, "domain", text_or_null(s->domain));
	json_object_set_new(j, "retentionDays", json_integer(s->retention_days));
	json_object_set_new(j, "createdAt", json_string(s->created_at));
	json_object_set_new(j, "rotatedAt", text_or_null(s->rotated_at));
	json_object_set_new(j, "revokedAt", text_or_null(s->revoked_at));
	/* what the event store holds now (after erasure and retention) */
	struct event_store *es = event_live_store();
	struct event_source_stats held;
	json_t *stored = es && es->ops->source_stats(es, s->initiative_id, s->id, &held) == 0
			     ? json_integer(held.stored)
			     : json_null();
	json_object_set_new(j, "counts",
			    json_pack("{s:I,s:I,s:I,s:o,s:o,s:o}", "accepted", (json_int_t)st.accepted,
				      "duplicates", (json_int_t)st.duplicates, "refused",
				      (json_int_t)st.refused, "stored", stored, "lastEventAt",
				      ms_time(st.last_event_ms), "lastReceivedAt",
				      ms_time(st.last_received_ms)));
	json_object_set_new(j, "lastErrors", errors);
	return j;
}

static json_t *source_doc(const struct api_ctx *c, int64_t id, const char *key)
{
	struct event_source s;
	if (event_source_store_get(id, &s) < 0)
		return NULL;
	json_t *j = source_json(&s, key);
	if (c->is_page) {
		org_members(j, s.org_id);
		json_object_set_new(j, "canEdit", json_boolean(c->role >= ROLE_BEWERKER));
		json_object_set_new(j, "active", json_boolean(s.status == EVENT_SOURCE_STATUS_ACTIEF));
		json_object_set_new(j, "kindIs", json_pack("{s:b}", event_source_kind_name(s.kind), 1));
	}
	return j;
}

int api_event_source_list(struct api_ctx *c, json_t **out)
{
	json_t *ini = api_initiative_doc(c->obj_id);
	if (!ini)
		return -ERR_NOTFOUND;
	size_t n = 0;
	struct event_source *s = event_source_store_list(c->obj_id, &n);
	json_t *list = json_array();
	for (size_t i = 0; i < n; i++)
		json_array_append_new(list, source_json(&s[i], NULL));
	free(s);
	json_t *o = json_pack("{s:{s:I,s:O},s:o}", "initiative", "id", (json_int_t)c->obj_id, "name",
			      json_object_get(ini, "name"), "sources", list);
	json_decref(ini);
	if (c->is_page) {
		org_members(o, c->org_id);
		json_object_set_new(o, "canEdit", json_boolean(c->role >= ROLE_BEWERKER));
		json_object_set_new(o, "canErase", json_boolean(c->role >= ROLE_BEHEERDER));
		/* after an erasure on the page: how many events went */
		const char *done = json_string_value(json_object_get(c->query, "verwijderd"));
		json_t *er = done && strspn(done, "0123456789") == strlen(done) && *done && strlen(done) < 19
				 ? json_integer(atoll(done))
				 : json_null();
		json_object_set_new(o, "erased", er);
	}
	*out = o;
	return 0;
}

int api_event_source_new_form(struct api_ctx *c, json_t **out)
{
	json_t *ini = api_initiative_doc(c->obj_id);
	if (!ini)
		return -ERR_NOTFOUND;
	char days[16];
	snprintf(days, sizeof days, "%d", EVENT_SOURCE_RETENTION_DEFAULT);
	json_t *o = json_pack("{s:{s:I,s:O},s:s,s:s}", "initiative", "id", (json_int_t)c->obj_id, "name",
			      json_object_get(ini, "name"), "kind", "posthog", "retentionDays", days);
	json_decref(ini);
	org_members(o, c->org_id);
	*out = o;
	return 0;
}

static void new_key(enum event_source_kind kind, char key[EVENT_SOURCE_KEY_MAX],
		    unsigned char digest[SECRET_HASH_LEN], char hint[24])
{
	char tok[SECRET_TOKEN_LEN + 1];
	secret_token(tok);
	event_source_key_make(kind, tok, key);
	secret_digest(key, digest);
	event_source_key_hint(key, hint);
}

int64_t api_event_source_add(int64_t initiative_id, enum event_source_kind kind, const char *name,
			     const char *domain, int retention_days, int64_t user_id,
			     char key[EVENT_SOURCE_KEY_MAX], const char **reason)
{
	key[0] = 0;
	*reason = NULL;
	char dom[EVENT_SOURCE_DOMAIN_MAX + 1] = "";
	if (kind == EVENT_SOURCE_KIND_PLAUSIBLE) {
		size_t n = domain ? strlen(domain) : 0;
		if (n > EVENT_SOURCE_DOMAIN_MAX)
			n = EVENT_SOURCE_DOMAIN_MAX + 1; /* invalid below */
		for (size_t i = 0; i < n && i < EVENT_SOURCE_DOMAIN_MAX; i++)
			dom[i] = (char)tolower((unsigned char)domain[i]);
		if (!n || !event_source_domain_valid(dom, n)) {
			*reason = n ? "err.events.domain" : "err.events.domain_required";
			return -ERR_INVALID;
		}
	} else if (domain && *domain) {
		*reason = "err.events.domain_only_plausible";
		return -ERR_INVALID;
	}
	unsigned char digest[SECRET_HASH_LEN];
	char hint[24] = "";
	if (kind != EVENT_SOURCE_KIND_PLAUSIBLE)
		new_key(kind, key, digest, hint);
	struct event_source_in in = {
	    .initiative_id = initiative_id,
	    .kind = kind,
	    .name = name,
	    .digest = kind != EVENT_SOURCE_KIND_PLAUSIBLE ? digest : NULL,
	    .key_hint = hint,
	    .domain = kind == EVENT_SOURCE_KIND_PLAUSIBLE ? dom : NULL,
	    .retention_days = retention_days,
	    .user_id = user_id,
	};
	int64_t id = event_source_store_create(&in);
	if (id == -ERR_CONFLICT)
		*reason = "err.events.domain_taken";
	return id;
}

enum { F_KIND, F_NAME, F_DOMAIN, F_RETENTION };
static const struct field source_fields[] = {
    [F_KIND] = {.name = "kind",
		.type = FIELD_ENUM,
		.flags = FIELD_REQUIRED,
		.values = event_source_kinds,
		.reason = "err.events.kind"},
    [F_NAME] = {.name = "name", .type = FIELD_STRING, .max_len = EVENT_SOURCE_NAME_MAX},
    [F_DOMAIN] = {.name = "domain", .type = FIELD_STRING, .max_len = EVENT_SOURCE_DOMAIN_MAX},
    [F_RETENTION] = {.name = "retentionDays",
		     .type = FIELD_INTEGER,
		     .min = EVENT_SOURCE_RETENTION_MIN,
		     .max = EVENT_SOURCE_RETENTION_MAX,
		     .def = "395"},
};

int api_event_source_create(struct api_ctx *c, json_t **out)
{
	struct field_value v[FIELD_COUNT(source_fields)];
	api_fields(c, source_fields, FIELD_COUNT(source_fields), v);
	if (json_array_size(c->invalid)) {
		api_audit_id(c, "events.source.create", "initiative", c->obj_id, "invalid");
		return -ERR_INVALID;
	}
	char key[EVENT_SOURCE_KEY_MAX];
	const char *reason;
	int64_t id = api_event_source_add(c->obj_id, (enum event_source_kind)(v[F_KIND].i + 1), v[F_NAME].s,
					  v[F_DOMAIN].s, (int)v[F_RETENTION].i, c->user_id, key, &reason);
	if (id == -ERR_INVALID || id == -ERR_CONFLICT) {
		problem_add(c->invalid, "domain", "%s", reason);
		api_audit_id(c, "events.source.create", "initiative", c->obj_id, "invalid");
		return -ERR_INVALID;
	}
	if (id < 0)
		return (int)id;
	api_audit_id(c, "events.source.create", "event_source", id, "ok");
	c->status = 201;
	snprintf(c->location, sizeof c->location, "/bronnen/%lld", (long long)id);
	*out = source_doc(c, id, key);
	return *out ? 0 : -ERR_NOTFOUND;
}

int api_event_source_get(struct api_ctx *c, json_t **out)
{
	*out = source_doc(c, c->obj_id, NULL);
	return *out ? 0 : -ERR_NOTFOUND;
}

enum { U_NAME, U_RETENTION };
static const struct field update_fields[] = {
    [U_NAME] = {.name = "name", .type = FIELD_STRING, .max_len = EVENT_SOURCE_NAME_MAX},
    [U_RETENTION] = {.name = "retentionDays",
		     .type = FIELD_INTEGER,
		     .flags = FIELD_REQUIRED,
		     .min = EVENT_SOURCE_RETENTION_MIN,
		     .max = EVENT_SOURCE_RETENTION_MAX},
};

int api_event_source_update(struct api_ctx *c, json_t **out)
{
	struct field_value v[FIELD_COUNT(update_fields)];
	api_fields(c, update_fields, FIELD_COUNT(update_fields), v);
	if (json_array_size(c->invalid)) {
		api_audit_id(c, "events.source.update", "event_source", c->obj_id, "invalid");
		return -ERR_INVALID;
	}
	int rc = event_source_store_update(c->obj_id, v[U_NAME].s, (int)v[U_RETENTION].i);
	if (rc < 0)
		return rc;
	event_live_request_sweep(); /* a shorter retention applies within a second or so */
	api_audit_id(c, "events.source.update", "event_source", c->obj_id, "ok");
	snprintf(c->location, sizeof c->location, "/bronnen/%lld", (long long)c->obj_id);
	return api_event_source_get(c, out);
}

int api_event_source_rotate(struct api_ctx *c, json_t **out)
{
	struct event_source s;
	if (event_source_store_get(c->obj_id, &s) < 0)
		return -ERR_NOTFOUND;
	if (s.kind == EVENT_SOURCE_KIND_PLAUSIBLE) {
		c->detail = "err.events.rotate_plausible";
		api_audit_id(c, "events.source.rotate", "event_source", c->obj_id, "invalid");
		return -ERR_CONFLICT;
	}
	if (s.status != EVENT_SOURCE_STATUS_ACTIEF) {
		c->detail = "err.events.revoked";
		api_audit_id(c, "events.source.rotate", "event_source", c->obj_id, "invalid");
		return -ERR_CONFLICT;
	}
	char key[EVENT_SOURCE_KEY_MAX], hint[24];
	unsigned char digest[SECRET_HASH_LEN];
	new_key(s.kind, key, digest, hint);
	int rc = event_source_store_rotate(c->obj_id, digest, hint);
	if (rc < 0)
		return rc;
	api_audit_id(c, "events.source.rotate", "event_source", c->obj_id, "ok");
	snprintf(c->location, sizeof c->location, "/bronnen/%lld", (long long)c->obj_id);
	*out = source_doc(c, c->obj_id, key);
	return *out ? 0 : -ERR_NOTFOUND;
}

int api_event_source_revoke(struct api_ctx *c, json_t **out)
{
	int rc = event_source_store_revoke(c->obj_id);
	if (rc == -ERR_CONFLICT) {
		c->detail = "err.events.revoked";
		api_audit_id(c, "events.source.revoke", "event_source", c->obj_id, "invalid");
	}
	if (rc < 0)
		return rc;
	api_audit_id(c, "events.source.revoke", "event_source", c->obj_id, "ok");
	snprintf(c->location, sizeof c->location, "/bronnen/%lld", (long long)c->obj_id);
	if (!c->is_page)
		c->status = 204;
	*out = NULL;
	return 0;
}

static const struct field erase_fields[] = {
    {.name = "distinctId", .type = FIELD_STRING, .flags = FIELD_REQUIRED, .max_len = EVENT_MAX_BYTES},
};

int api_event_erase(struct api_ctx *c, json_t **out)
{
	struct field_value v[1];
	api_fields(c, erase_fields, 1, v);
	if (json_array_size(c->invalid)) {
		api_audit_id(c, "events.erase", "initiative", c->obj_id, "invalid");
		return -ERR_INVALID;
	}
	struct event_store *s = event_live_store();
	if (!s)
		return -ERR_BUSY;
	int64_t erased = 0;
	int rc = s->ops->erase_person(s, c->obj_id, v[0].s, strlen(v[0].s), &erased);
	if (rc < 0)
		return rc == -ERR_FULL ? rc : -ERR_BUSY;
	/* the distinct id is personal data: the audit row names the initiative only */
	api_audit_id(c, "events.erase", "initiative", c->obj_id, "ok");
	snprintf(c->location, sizeof c->location, "/initiatieven/%lld/bronnen?verwijderd=%lld#verwijderen",
		 (long long)c->obj_id, (long long)erased);
	*out = c->is_page ? NULL : json_pack("{s:s,s:I}", "distinctId", v[0].s, "erased", (json_int_t)erased);
	return 0;
}

int api_events_evidence(int64_t initiative_id, json_t *into)
{
	size_t n = 0;
	struct event_source *s = event_source_store_list(initiative_id, &n);
	if (!n) {
		free(s);
		return 0;
	}
	int64_t accepted = 0, last = 0, active = 0;
	for (size_t i = 0; i < n; i++) {
		struct event_source_counts st;
		json_t *errors = event_source_store_stats(s[i].id, &st);
		event_live_pending(s[i].id, &st, errors);
		json_decref(errors);
		accepted += st.accepted;
		if (st.last_event_ms > last)
			last = st.last_event_ms;
		active += s[i].status == EVENT_SOURCE_STATUS_ACTIEF;
	}
	free(s);
	json_object_set_new(into, "events",
			    json_pack("{s:I,s:I,s:I,s:o}", "sources", (json_int_t)n, "activeSources",
				      (json_int_t)active, "eventsAccepted", (json_int_t)accepted,
				      "lastEventAt", ms_time(last)));
	return 0;
}
