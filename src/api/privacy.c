/* SPDX-License-Identifier: EUPL-1.2 */
/*
 * privacy: a person's own data as a JSON download (art. 15/20), erasure of
 * a person by an administrator (art. 17) and the processing register (art.
 * 30) for beheerders. The tables come from the schema (store/privacy_store)
 * and the register (domain/privacy_register).
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "api/field.h"
#include "api/privacy.h"
#include "domain/organisation.h"
#include "domain/privacy_register.h"
#include "domain/user.h"
#include "lib/i18n.h"
#include "lib/problem.h"
#include "lib/util.h"
#include "store/account.h"
#include "store/db.h"
#include "store/event_live.h"
#include "store/org.h"
#include "store/privacy_store.h"

json_t *api_privacy_export(int64_t user_id, const char *email, const char *name)
{
	json_t *tables = privacy_export(user_id, email);
	if (!tables)
		return NULL;
	char now[21];
	db_now(now);
	return json_pack(
	    "{s:s,s:{s:s,s:s},s:o,s:s}", "exportedAt", now, "person", "email", email, "name", name, "tables",
	    tables, "note",
	    "Every row of the database that refers to this person; credentials (password, session and "
	    "token hashes) are left out. Analytics events sent by the person's own products are kept "
	    "in the event store and are not part of this export.");
}

int64_t api_privacy_erase(int64_t user_id, const char *email, const char *name, char pseudonym[32],
			  int64_t *deleted)
{
	privacy_pseudonym(email, pseudonym);
	int64_t before = privacy_row_total();
	int64_t k = privacy_erase(user_id, email, name, pseudonym);
	int64_t after = k < 0 ? -1 : privacy_row_total();
	if (before < 0 || after < 0)
		return k < 0 ? k : -ERR_IO;
	*deleted = before - after;
	return k;
}

int api_privacy_erase_events(struct event_store *s, const char *email, int64_t *erased)
{
	*erased = 0;
	int64_t *ids = NULL;
	size_t n = 0;
	int rc = s->ops->projects(s, &ids, &n);
	/* the address as stored, and lower-cased when it differs (distinct
	 * ids are exact strings; a product that sends the address usually
	 * sends it lower-cased) */
	char *lower = xstrdup(email);
	for (char *p = lower; *p; p++)
		if (*p >= 'A' && *p <= 'Z')
			*p = (char)(*p - 'A' + 'a');
	const char *forms[2] = {email, strcmp(lower, email) ? lower : NULL};
	for (size_t i = 0; rc >= 0 && i < n; i++)
		for (int f = 0; rc >= 0 && f < 2 && forms[f]; f++) {
			int64_t k = 0;
			rc = s->ops->erase_person(s, ids[i], forms[f], strlen(forms[f]), &k);
			*erased += k;
		}
	free(lower);
	free(ids);
	return rc < 0 ? rc : 0;
}

int api_privacy_last_beheerder(int64_t user_id, char *slug, size_t n)
{
	size_t k = 0;
	struct organisation *orgs = org_list_for_user(user_id, 0, &k);
	int found = 0;
	for (size_t i = 0; i < k && !found; i++) {
		if (orgs[i].role != ROLE_BEHEERDER || org_beheerder_count(orgs[i].id) > 1)
			continue;
		size_t members = 0;
		struct organisation_member *m = org_members(orgs[i].id, &members);
		organisation_member_list_free(m, members);
		if (members > 1) {
			snprintf(slug, n, "%s", orgs[i].slug);
			found = 1;
		}
	}
	organisation_list_free(orgs, k);
	return found;
}

int api_privacy_my_data(struct api_ctx *c, json_t **out)
{
	if (c->via_token) {
		c->detail = "err.privacy.session_only";
		return -ERR_FORBIDDEN;
	}
	json_t *doc = api_privacy_export(c->user_id, c->user_email, c->user_name);
	if (!doc)
		return -ERR_IO;
	char *s = json_dumps(doc, JSON_INDENT(1) | JSON_SORT_KEYS);
	json_decref(doc);
	*out = json_string(s);
	free(s);
	c->raw_type = "application/json";
	c->raw_filename = "mijn-gegevens.json";
	return 0;
}

static const struct field erase_fields[] = {
    {.name = "email", .type = FIELD_STRING, .flags = FIELD_REQUIRED, .max_len = 254},
};

int api_privacy_erase_person(struct api_ctx *c, json_t **out)
{
	struct field_value v[FIELD_COUNT(erase_fields)];
	if (api_fields(c, erase_fields, FIELD_COUNT(erase_fields), v) < 0)
		return -ERR_INVALID;
	if (!c->is_admin) {
		c->detail = "err.privacy.admin_only";
		api_audit(c, "person.erase", "", "denied");
		return -ERR_FORBIDDEN;
	}
	struct user u;
	if (account_user_by_email(v[0].s, &u) < 0) {
		problem_add(c->invalid, "email", "err.privacy.no_user");
		return -ERR_INVALID;
	}
	if (u.id == c->user_id) {
		c->detail = "err.privacy.self";
		return -ERR_FORBIDDEN;
	}
	char slug[128];
	if (api_privacy_last_beheerder(u.id, slug, sizeof slug)) {
		problem_add(c->invalid, "email", "err.privacy.last_beheerder");
		return -ERR_INVALID;
	}
	/* the product events about the address first: when the event store
	 * fails nothing is erased (503, try again); erasing events again is
	 * harmless should the account's erasure below fail */
	int64_t events = 0;
	struct event_store *es = event_live_store();
	if (es && api_privacy_erase_events(es, u.email, &events) < 0)
		return -ERR_BUSY;
	char pseudo[32];
	int64_t deleted = 0;
	int64_t k = api_privacy_erase(u.id, u.email, u.name, pseudo, &deleted);
	if (k < 0)
		return (int)k;
	char obj[64];
	snprintf(obj, sizeof obj, "person/%s", pseudo);
	api_audit(c, "person.erase", obj, "ok");
	api_audit(c, "auditlog.pseudonymise", obj, "ok");
	*out = json_pack("{s:s,s:I,s:I,s:I}", "pseudonym", pseudo, "rowsDeleted", (json_int_t)deleted,
			 "rowsChanged", (json_int_t)k, "eventsErased", (json_int_t)events);
	c->status = 200;
	return 0;
}

/* The text of a register code in the caller's language. */
static json_t *coded(const char *lang, const char *kind, const char *code)
{
	char key[96];
	snprintf(key, sizeof key, "privacy.%s.%s", kind, code);
	return json_pack("{s:s,s:s}", "code", code, "text", i18n_t(lang, key));
}

int api_privacy_register(struct api_ctx *c, json_t **out)
{
	if (!c->is_admin) {
		size_t n = 0;
		struct organisation *orgs = org_list_for_user(c->user_id, 0, &n);
		int ok = 0;
		for (size_t i = 0; i < n && !ok; i++)
			ok = orgs[i].role >= ROLE_BEHEERDER;
		organisation_list_free(orgs, n);
		if (!ok) {
			c->detail = "err.privacy.beheerder_only";
			return -ERR_FORBIDDEN;
		}
	}
	size_t n;
	const struct privacy_register_entry *r = privacy_register(&n);
	json_t *items = json_array();
	json_t *tables = json_object();
	json_t *groups = json_array();
	json_t *by_key = json_object(); /* "purpose|basis|retention" -> its group's columns */
	/* purpose by purpose (in the order they first appear), so a purpose's groups stand together */
	size_t *order = xmalloc(n * sizeof *order), m = 0;
	for (size_t a = 0; a < n; a++) {
		int first = 1;
		for (size_t b = 0; b < a && first; b++)
			first = strcmp(r[a].purpose, r[b].purpose) != 0;
		for (size_t b = a; first && b < n; b++)
			if (!strcmp(r[a].purpose, r[b].purpose))
				order[m++] = b;
	}
	for (size_t o = 0; o < m; o++) {
		size_t i = order[o];
		if (!strcmp(r[i].category, "geen"))
			continue;
		json_object_set_new(tables, r[i].table, json_true());
		json_array_append_new(items, json_pack("{s:s,s:s,s:o,s:o,s:o,s:o}", "table", r[i].table,
						       "column", r[i].column, "category",
						       coded(c->lang, "category", r[i].category), "purpose",
						       coded(c->lang, "purpose", r[i].purpose), "basis",
						       coded(c->lang, "basis", r[i].basis), "retention",
						       coded(c->lang, "retention", r[i].retention)));
		char key[160];
		snprintf(key, sizeof key, "%s|%s|%s", r[i].purpose, r[i].basis, r[i].retention);
		json_t *cols = json_object_get(by_key, key);
		if (!cols) {
			cols = json_array();
			json_object_set(by_key, key, cols);
			json_t *prev = json_array_get(groups, json_array_size(groups) - 1);
			int new_purpose = !prev || strcmp(json_string_value(json_object_get(
							      json_object_get(prev, "purpose"), "code")),
							  r[i].purpose);
			json_array_append_new(
			    groups,
			    json_pack("{s:o,s:b,s:o,s:o,s:o}", "purpose",
				      coded(c->lang, "purpose", r[i].purpose), "newPurpose", new_purpose,
				      "basis", coded(c->lang, "basis", r[i].basis), "retention",
				      coded(c->lang, "retention", r[i].retention), "columns", cols));
		}
		json_array_append_new(cols,
				      json_pack("{s:s,s:s,s:o}", "table", r[i].table, "column", r[i].column,
						"category", coded(c->lang, "category", r[i].category)));
	}
	json_decref(by_key);
	free(order);
	*out = json_pack("{s:o,s:o,s:I,s:I}", "groups", groups, "items", items, "columns",
			 (json_int_t)json_array_size(items), "tables", (json_int_t)json_object_size(tables));
	json_decref(tables);
	return 0;
}
