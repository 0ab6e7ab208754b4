/* SPDX-License-Identifier: EUPL-1.2 */
/*
 * sso_store: tables sso_providers, sso_domains, sso_group_roles,
 * sso_identities, sso_states and sso_sessions. Roles are bound and read
 * through the domain's word table.
 */
#include "store/sso_store.h"

#include <stdio.h>
#include <string.h>

#include "lib/timeutil.h"
#include "lib/util.h"
#include "store/db.h"

static void col(sqlite3_stmt *st, int i, char *out, size_t n)
{
	const char *s = (const char *)sqlite3_column_text(st, i);
	snprintf(out, n, "%s", s ? s : "");
}

int sso_store_get(int64_t org_id, struct sso_provider *p)
{
	memset(p, 0, sizeof *p);
	sqlite3_stmt *st =
	    db_prep("SELECT o.slug, o.name, p.display_name, p.issuer, p.client_id, p.auth_method,"
		    " p.groups_claim, p.mfa_acr, p.jit, p.enabled, p.updated_at, p.secret_box,"
		    " p.key_box, p.key_public, p.key_created_at"
		    " FROM sso_providers p JOIN organisations o ON o.id = p.org_id"
		    " WHERE p.org_id = ?");
	db_bind_int(st, 1, org_id);
	int found = 0;
	if (db_step(st) == SQLITE_ROW) {
		found = 1;
		p->org_id = org_id;
		col(st, 0, p->org_slug, sizeof p->org_slug);
		col(st, 1, p->org_name, sizeof p->org_name);
		col(st, 2, p->display_name, sizeof p->display_name);
		col(st, 3, p->issuer, sizeof p->issuer);
		col(st, 4, p->client_id, sizeof p->client_id);
		col(st, 5, p->auth_method, sizeof p->auth_method);
		col(st, 6, p->groups_claim, sizeof p->groups_claim);
		col(st, 7, p->mfa_acr, sizeof p->mfa_acr);
		p->jit = sqlite3_column_int(st, 8);
		p->enabled = sqlite3_column_int(st, 9);
		col(st, 10, p->updated_at, sizeof p->updated_at);
		int n = sqlite3_column_bytes(st, 11);
		if (n > 0 && n <= SSO_BOX_MAX) {
			memcpy(p->box, sqlite3_column_blob(st, 11), (size_t)n);
			p->box_len = (size_t)n;
		}
		n = sqlite3_column_bytes(st, 12);
		if (n > 0 && n <= SSO_KEY_BOX_MAX) {
			memcpy(p->key_box, sqlite3_column_blob(st, 12), (size_t)n);
			p->key_box_len = (size_t)n;
		}
		col(st, 13, p->key_public, sizeof p->key_public);
		col(st, 14, p->key_created_at, sizeof p->key_created_at);
	}
	sqlite3_reset(st);
	if (!found)
		return db_failure() ? db_failure() : -ERR_NOTFOUND;
	st = db_prep("SELECT domain FROM sso_domains WHERE org_id = ? ORDER BY domain");
	db_bind_int(st, 1, org_id);
	size_t k = 0;
	while (db_step(st) == SQLITE_ROW) {
		const char *d = (const char *)sqlite3_column_text(st, 0);
		size_t n = strlen(d);
		if (k + n + 2 > sizeof p->domains)
			break;
		if (k)
			p->domains[k++] = ' ';
		memcpy(p->domains + k, d, n);
		k += n;
		p->domains[k] = 0;
	}
	sqlite3_reset(st);
	st = db_prep("SELECT group_name, role FROM sso_group_roles WHERE org_id = ? ORDER BY group_name");
	db_bind_int(st, 1, org_id);
	while (p->ngroups < SSO_GROUPS_MAX && db_step(st) == SQLITE_ROW) {
		struct oidc_group_role *g = &p->groups[p->ngroups++];
		col(st, 0, g->group, sizeof g->group);
		g->role = role_parse((const char *)sqlite3_column_text(st, 1));
		BUG_ON(g->role == ROLE_NONE);
	}
	sqlite3_reset(st);
	return db_failure() ? db_failure() : 0;
}

int64_t sso_store_org_by_domain(const char *domain)
{
	sqlite3_stmt *st =
	    db_prep("SELECT d.org_id FROM sso_domains d JOIN sso_providers p ON p.org_id = d.org_id"
		    " WHERE d.domain = lower(?) AND p.enabled = 1");
	db_bind_text(st, 1, domain);
	return db_one_int(st, 0);
}

int sso_store_put(const struct sso_provider *p, const char *const *domains, size_t ndomains,
		  const char **taken)
{
	*taken = NULL;
	for (size_t i = 0; i < ndomains; i++) {
		sqlite3_stmt *st = db_prep("SELECT org_id FROM sso_domains WHERE domain = ?");
		db_bind_text(st, 1, domains[i]);
		int64_t o = db_one_int(st, 0);
		if (o && o != p->org_id) {
			*taken = domains[i];
			return -ERR_CONFLICT;
		}
	}
	char now[21];
	db_now(now);
	sqlite3_stmt *st = db_prep(
	    "INSERT INTO sso_providers(org_id, display_name, issuer, client_id, secret_box, auth_method,"
	    " groups_claim, mfa_acr, jit, enabled, created_at, updated_at) VALUES(?,?,?,?,?,?,?,?,?,?,?,?)"
	    " ON CONFLICT(org_id) DO UPDATE SET display_name = excluded.display_name, issuer = "
	    "excluded.issuer,"
	    " client_id = excluded.client_id, secret_box = excluded.secret_box,"
	    " auth_method = excluded.auth_method, groups_claim = excluded.groups_claim,"
	    " mfa_acr = excluded.mfa_acr, jit = excluded.jit, enabled = excluded.enabled,"
	    " updated_at = excluded.updated_at");
	db_bind_int(st, 1, p->org_id);
	db_bind_text(st, 2, p->display_name);
	db_bind_text(st, 3, p->issuer);
	db_bind_text(st, 4, p->client_id);
	db_bind_blob(st, 5, p->box, (int)p->box_len);
	db_bind_text(st, 6, p->auth_method);
	db_bind_text(st, 7, p->groups_claim);
	db_bind_text(st, 8, p->mfa_acr);
	db_bind_int(st, 9, p->jit);
	db_bind_int(st, 10, p->enabled);
	db_bind_text(st, 11, now);
	db_bind_text(st, 12, now);
	if (db_exec1(st) != SQLITE_DONE)
		return db_failure() ? db_failure() : -ERR_INVALID;
	st = db_prep("DELETE FROM sso_domains WHERE org_id = ?");
	db_bind_int(st, 1, p->org_id);
	db_exec1(st);
	for (size_t i = 0; i < ndomains; i++) {
		st = db_prep("INSERT OR IGNORE INTO sso_domains(domain, org_id) VALUES(lower(?),?)");
		db_bind_text(st, 1, domains[i]);
		db_bind_int(st, 2, p->org_id);
		db_exec1(st);
	}
	st = db_prep("DELETE FROM sso_group_roles WHERE org_id = ?");
	db_bind_int(st, 1, p->org_id);
	db_exec1(st);
	for (size_t i = 0; i < p->ngroups; i++) {
		st = db_prep("INSERT INTO sso_group_roles(org_id, group_name, role) VALUES(?,?,?)"
			     " ON CONFLICT(org_id, group_name) DO UPDATE SET role = excluded.role");
		db_bind_int(st, 1, p->org_id);
		db_bind_text(st, 2, p->groups[i].group);
		db_bind_text(st, 3, role_name(p->groups[i].role));
		db_exec1(st);
	}
	return db_failure() ? db_failure() : 0;
}

int sso_store_key_set(int64_t org_id, const unsigned char *box, size_t box_len, const char *public_jwk)
{
	char now[21];
	db_now(now);
	sqlite3_stmt *st = db_prep("UPDATE sso_providers SET key_box = ?, key_public = ?, key_created_at = ?,"
				   " updated_at = ? WHERE org_id = ?");
	db_bind_blob(st, 1, box, (int)box_len);
	db_bind_text(st, 2, public_jwk);
	db_bind_text(st, 3, now);
	db_bind_text(st, 4, now);
	db_bind_int(st, 5, org_id);
	return db_change(st);
}

int sso_store_delete(int64_t org_id)
{
	sqlite3_stmt *st = db_prep("DELETE FROM sso_providers WHERE org_id = ?");
	db_bind_int(st, 1, org_id);
	return db_change(st);
}

int64_t sso_store_identity_user(const char *issuer, const char *subject)
{
	sqlite3_stmt *st = db_prep("SELECT user_id FROM sso_identities WHERE issuer = ? AND subject = ?");
	db_bind_text(st, 1, issuer);
	db_bind_text(st, 2, subject);
	return db_one_int(st, 0);
}

int sso_store_identity_link(int64_t user_id, int64_t org_id, const char *issuer, const char *subject)
{
	char now[21];
	db_now(now);
	sqlite3_stmt *st =
	    db_prep("INSERT INTO sso_identities(user_id, org_id, issuer, subject, created_at, last_login_at)"
		    " VALUES(?,?,?,?,?,?) ON CONFLICT(issuer, subject) DO UPDATE SET"
		    " last_login_at = excluded.last_login_at, org_id = excluded.org_id"
		    " WHERE user_id = excluded.user_id");
	db_bind_int(st, 1, user_id);
	db_bind_int(st, 2, org_id);
	db_bind_text(st, 3, issuer);
	db_bind_text(st, 4, subject);
	db_bind_text(st, 5, now);
	db_bind_text(st, 6, now);
	int rc = db_exec1(st);
	if (db_failure())
		return db_failure();
	return rc == SQLITE_CONSTRAINT ? -ERR_CONFLICT : 0;
}

int64_t sso_store_identity_count(int64_t org_id)
{
	sqlite3_stmt *st = db_prep("SELECT count(*) FROM sso_identities WHERE org_id = ?");
	db_bind_int(st, 1, org_id);
	return db_one_int(st, 0);
}

int sso_store_state_used(const unsigned char hash[32])
{
	sqlite3_stmt *st = db_prep("SELECT 1 FROM sso_states WHERE state_hash = ?");
	db_bind_blob(st, 1, hash, 32);
	return db_one_int(st, 0) == 1;
}

int sso_store_state_use(const unsigned char hash[32])
{
	sqlite3_stmt *st = db_prep("DELETE FROM sso_states WHERE used_s < ?");
	db_bind_int(st, 1, time_now() - 86400);
	db_exec1(st);
	st = db_prep("INSERT INTO sso_states(state_hash, used_s) VALUES(?,?)");
	db_bind_blob(st, 1, hash, 32);
	db_bind_int(st, 2, time_now());
	int rc = db_exec1(st);
	if (db_failure())
		return db_failure();
	return rc == SQLITE_CONSTRAINT ? -ERR_CONFLICT : 0;
}

int sso_store_session_add(const unsigned char hash[32], int64_t org_id, int mfa)
{
	sqlite3_stmt *st =
	    db_prep("INSERT OR REPLACE INTO sso_sessions(session_hash, org_id, mfa) VALUES(?,?,?)");
	db_bind_blob(st, 1, hash, 32);
	db_bind_int(st, 2, org_id);
	db_bind_int(st, 3, mfa ? 1 : 0);
	db_exec1(st);
	return db_failure() ? db_failure() : 0;
}

int sso_store_session_mfa(const unsigned char hash[32])
{
	sqlite3_stmt *st = db_prep("SELECT mfa FROM sso_sessions WHERE session_hash = ?");
	db_bind_blob(st, 1, hash, 32);
	return db_one_int(st, 0) == 1;
}

int64_t sso_store_session_org(const unsigned char hash[32])
{
	sqlite3_stmt *st = db_prep("SELECT org_id FROM sso_sessions WHERE session_hash = ?");
	db_bind_blob(st, 1, hash, 32);
	return db_one_int(st, 0);
}

static void identity_row(sqlite3_stmt *st, struct sso_identity *x)
{
	memset(x, 0, sizeof *x);
	x->id = sqlite3_column_int64(st, 0);
	x->org_id = sqlite3_column_int64(st, 1);
	col(st, 2, x->org_slug, sizeof x->org_slug);
	col(st, 3, x->org_name, sizeof x->org_name);
	col(st, 4, x->issuer, sizeof x->issuer);
	col(st, 5, x->subject, sizeof x->subject);
	col(st, 6, x->created_at, sizeof x->created_at);
	col(st, 7, x->last_login_at, sizeof x->last_login_at);
}

#define IDENTITY_COLS                                                                                        \
	"SELECT i.id, coalesce(i.org_id, 0), coalesce(o.slug, ''), coalesce(o.name, ''), i.issuer,"          \
	" i.subject, i.created_at, i.last_login_at FROM sso_identities i"                                    \
	" LEFT JOIN organisations o ON o.id = i.org_id "

int sso_store_identities_of(int64_t user_id, struct sso_identity **list, size_t *n)
{
	*list = NULL;
	*n = 0;
	sqlite3_stmt *st = db_prep(IDENTITY_COLS "WHERE i.user_id = ? ORDER BY i.id");
	db_bind_int(st, 1, user_id);
	size_t cap = 0;
	while (db_step(st) == SQLITE_ROW) {
		if (*n == cap) {
			cap = cap ? cap * 2 : 4;
			*list = xrealloc(*list, cap * sizeof **list);
		}
		identity_row(st, &(*list)[(*n)++]);
	}
	sqlite3_reset(st);
	return db_failure() ? db_failure() : 0;
}

int sso_store_identity_unlink(int64_t user_id, int64_t id, struct sso_identity *was)
{
	sqlite3_stmt *st = db_prep(IDENTITY_COLS "WHERE i.user_id = ? AND i.id = ?");
	db_bind_int(st, 1, user_id);
	db_bind_int(st, 2, id);
	int found = db_step(st) == SQLITE_ROW;
	if (found)
		identity_row(st, was);
	sqlite3_reset(st);
	if (!found)
		return db_failure() ? db_failure() : -ERR_NOTFOUND;
	st = db_prep("DELETE FROM sso_identities WHERE user_id = ? AND id = ?");
	db_bind_int(st, 1, user_id);
	db_bind_int(st, 2, id);
	return db_change(st);
}
