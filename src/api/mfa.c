/* SPDX-License-Identifier: EUPL-1.2 */
/*
 * mfa: two-step sign-in. Setting it up: a new secret is made and shown as a
 * QR code and as text (pending until a first code proves the app holds it);
 * confirming shows ten recovery codes once. Signing in: after the right
 * password, a person with a confirmed secret gets a second page asking for
 * a code (or a recovery code); only then does a session start. Wrong codes
 * count as failed logins (the same growing waits). The secret is stored
 * encrypted with a server key (secretbox), recovery codes as digests.
 */
#include <sodium.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "api/common.h"
#include "api/field.h"
#include "api/mfa.h"
#include "domain/login.h"
#include "domain/totp.h"
#include "lib/buf.h"
#include "lib/problem.h"
#include "lib/qrsvg.h"
#include "lib/secret.h"
#include "lib/timeutil.h"
#include "lib/util.h"
#include "store/account.h"
#include "store/mfa_store.h"

#define RECOVERY_CODES 10
#define TICKET_S 300

static enum mfa_policy policy = MFA_REQUIRE_BEHEERDER;

int mfa_policy_parse(const char *s)
{
	if (!s)
		return -1;
	if (!strcmp(s, "none"))
		return MFA_REQUIRE_NONE;
	if (!strcmp(s, "admin"))
		return MFA_REQUIRE_ADMIN;
	if (!strcmp(s, "beheerder"))
		return MFA_REQUIRE_BEHEERDER;
	return -1;
}

void mfa_set_policy(enum mfa_policy p)
{
	policy = p;
}

static int required_for(int64_t user_id, int is_admin)
{
	if (policy == MFA_REQUIRE_NONE)
		return 0;
	if (is_admin)
		return 1;
	return policy == MFA_REQUIRE_BEHEERDER && mfa_store_beheerder_anywhere(user_id);
}

int api_mfa_enrol_needed(const struct api_user *u)
{
	if (!required_for(u->id, u->is_admin))
		return 0;
	struct mfa_state s;
	return mfa_store_get(u->id, &s) == 0 && !s.confirmed;
}

int api_mfa_login_needs_code(int64_t user_id)
{
	struct mfa_state s;
	return mfa_store_get(user_id, &s) == 0 && s.confirmed;
}

/* --- the secret, sealed with a server key -------------------------------- */

static void box_key(unsigned char key[crypto_secretbox_KEYBYTES])
{
	char *k = api_secret("mfa-key");
	crypto_generichash(key, crypto_secretbox_KEYBYTES, (const unsigned char *)k, strlen(k), NULL, 0);
	free(k);
}

static size_t seal(const unsigned char *secret, unsigned char *box)
{
	unsigned char key[crypto_secretbox_KEYBYTES];
	box_key(key);
	randombytes_buf(box, crypto_secretbox_NONCEBYTES);
	crypto_secretbox_easy(box + crypto_secretbox_NONCEBYTES, secret, TOTP_SECRET_BYTES, box, key);
	sodium_memzero(key, sizeof key);
	return crypto_secretbox_NONCEBYTES + crypto_secretbox_MACBYTES + TOTP_SECRET_BYTES;
}

static int unseal(const struct mfa_state *s, unsigned char *secret)
{
	unsigned char key[crypto_secretbox_KEYBYTES];
	if (s->box_len != crypto_secretbox_NONCEBYTES + crypto_secretbox_MACBYTES + TOTP_SECRET_BYTES)
		return -1;
	box_key(key);
	int rc = crypto_secretbox_open_easy(secret, s->box + crypto_secretbox_NONCEBYTES,
					    s->box_len - crypto_secretbox_NONCEBYTES, s->box, key);
	sodium_memzero(key, sizeof key);
	return rc;
}

/* --- tickets between the two steps of a login ----------------------------- */

json_t *api_mfa_ticket(int64_t user_id, const char *next)
{
	char msg[64], mac[SECRET_TOKEN_LEN + 1], ticket[128];
	snprintf(msg, sizeof msg, "%lld.%lld", (long long)user_id, (long long)(time_now() + TICKET_S));
	char *key = api_secret("mfa-ticket");
	secret_mac(key, msg, mac);
	free(key);
	snprintf(ticket, sizeof ticket, "%s.%s", msg, mac);
	return json_pack("{s:s,s:s}", "ticket", ticket, "next", next);
}

/* The user a ticket names when it is genuine and not expired; 0 otherwise. */
static int64_t ticket_user(const char *ticket)
{
	long long uid, exp;
	char mac[SECRET_TOKEN_LEN + 1], want[SECRET_TOKEN_LEN + 1], msg[64];
	if (!ticket || sscanf(ticket, "%lld.%lld.%43s", &uid, &exp, mac) != 3 || uid <= 0)
		return 0;
	snprintf(msg, sizeof msg, "%lld.%lld", uid, exp);
	char *key = api_secret("mfa-ticket");
	secret_mac(key, msg, want);
	free(key);
	if (!secret_equal(mac, want) || exp < time_now())
		return 0;
	return uid;
}

/* --- pages ----------------------------------------------------------------- */

/* The status; while a secret is pending, the QR code and its text too. */
int api_mfa_status(struct api_ctx *c, json_t **out)
{
	struct mfa_state s;
	int rc = mfa_store_get(c->user_id, &s);
	if (rc < 0)
		return rc;
	*out = json_pack("{s:b,s:b,s:i,s:b}", "enabled", s.confirmed, "pending", s.exists && !s.confirmed,
			 "recoveryCodesLeft", s.confirmed ? s.codes_left : 0, "required",
			 required_for(c->user_id, c->is_admin));
	if (c->is_page && s.exists && !s.confirmed) { /* page-only: the secret to scan */
		unsigned char secret[TOTP_SECRET_BYTES];
		if (unseal(&s, secret) < 0)
			return -ERR_IO;
		char b32[64];
		totp_base32(secret, sizeof secret, b32, sizeof b32);
		sodium_memzero(secret, sizeof secret);
		struct buf uri = BUF_INIT;
		buf_puts(&uri, "otpauth://totp/Scalelab:");
		buf_urlenc(&uri, c->user_email);
		buf_printf(&uri, "?secret=%s&issuer=Scalelab&algorithm=SHA1&digits=6&period=30", b32);
		char *svg = qrsvg(buf_str(&uri), NULL);
		/* groups of four, as apps show them and people type them */
		char spaced[80];
		size_t k = 0;
		for (size_t i = 0; b32[i] && k + 2 < sizeof spaced; i++) {
			if (i && i % 4 == 0)
				spaced[k++] = ' ';
			spaced[k++] = b32[i];
		}
		spaced[k] = 0;
		json_object_set_new(*out, "qrSvg", json_string(svg ? svg : ""));
		free(svg);
		json_object_set_new(*out, "secretText", json_string(spaced));
		buf_free(&uri);
	}
	return 0;
}

int api_mfa_begin(struct api_ctx *c, json_t **out)
{
	struct mfa_state s;
	int rc = mfa_store_get(c->user_id, &s);
	if (rc < 0)
		return rc;
	if (s.confirmed) {
		c->detail = "err.mfa.already";
		return -ERR_CONFLICT;
	}
	unsigned char secret[TOTP_SECRET_BYTES], box[MFA_BOX_MAX];
	randombytes_buf(secret, sizeof secret);
	size_t n = seal(secret, box);
	sodium_memzero(secret, sizeof secret);
	rc = mfa_store_begin(c->user_id, box, n);
	if (rc < 0)
		return rc;
	api_audit(c, "mfa.begin", "self", "ok");
	snprintf(c->location, sizeof c->location, "/mij/tweestaps");
	*out = json_object();
	return 0;
}

static const struct field code_fields[] = {
    {.name = "code", .type = FIELD_STRING, .flags = FIELD_REQUIRED, .max_len = 32},
};

/* "123 456" and "123456" are the same code. */
static void digits_only(const char *in, char *out, size_t n)
{
	size_t k = 0;
	for (; *in && k + 1 < n; in++)
		if (*in != ' ' && *in != '-')
			out[k++] = *in;
	out[k] = 0;
}

int api_mfa_confirm(struct api_ctx *c, json_t **out)
{
	struct field_value v[FIELD_COUNT(code_fields)];
	if (api_fields(c, code_fields, FIELD_COUNT(code_fields), v) < 0)
		return -ERR_INVALID;
	struct mfa_state s;
	int rc = mfa_store_get(c->user_id, &s);
	if (rc < 0)
		return rc;
	if (!s.exists || s.confirmed) {
		c->detail = s.confirmed ? "err.mfa.already" : "err.mfa.not_started";
		return -ERR_CONFLICT;
	}
	unsigned char secret[TOTP_SECRET_BYTES];
	if (unseal(&s, secret) < 0)
		return -ERR_IO;
	char code[33];
	digits_only(v[0].s, code, sizeof code);
	int64_t step = totp_check(secret, sizeof secret, code, time_now(), s.last_step);
	sodium_memzero(secret, sizeof secret);
	if (step < 0) {
		problem_add(c->invalid, "code", "err.mfa.code");
		api_audit(c, "mfa.confirm", "self", "invalid");
		return -ERR_INVALID;
	}
	/* ten recovery codes, shown once: 2 x 5 characters of an alphabet
	 * without look-alikes (50 bits each) */
	static const char alphabet[] = "abcdefghjkmnpqrstuvwxyz23456789";
	unsigned char digest[RECOVERY_CODES][32];
	json_t *codes = json_array();
	for (int i = 0; i < RECOVERY_CODES; i++) {
		char cd[12];
		for (int k = 0; k < 11; k++)
			cd[k] = k == 5 ? '-' : alphabet[randombytes_uniform(sizeof alphabet - 1)];
		cd[11] = 0;
		secret_digest(cd, digest[i]);
		json_array_append_new(codes, json_string(cd));
	}
	rc = mfa_store_confirm(c->user_id, step, (const unsigned char(*)[32])digest, RECOVERY_CODES);
	if (rc < 0) {
		json_decref(codes);
		return rc;
	}
	api_audit(c, "mfa.confirm", "self", "ok");
	*out = json_pack("{s:b,s:b,s:i,s:b,s:o}", "enabled", 1, "pending", 0, "recoveryCodesLeft",
			 RECOVERY_CODES, "required", required_for(c->user_id, c->is_admin), "recoveryCodes",
			 codes);
	return 0;
}

static const struct field remove_fields[] = {
    {.name = "currentPassword", .type = FIELD_STRING, .flags = FIELD_REQUIRED, .max_len = 1024},
};

int api_mfa_remove(struct api_ctx *c, json_t **out)
{
	struct field_value v[FIELD_COUNT(remove_fields)];
	if (api_fields(c, remove_fields, FIELD_COUNT(remove_fields), v) < 0)
		return -ERR_INVALID;
	if (required_for(c->user_id, c->is_admin)) {
		c->detail = "err.mfa.required_role";
		return -ERR_CONFLICT;
	}
	struct user u;
	if (account_login(c->user_email, v[0].s, &u) < 0 || u.id != c->user_id) {
		c->commit_on_error = 1;
		account_failure_add(c->ip, c->user_email);
		problem_add(c->invalid, "currentPassword", "err.password.current");
		api_audit(c, "mfa.remove", "self", "denied");
		return -ERR_INVALID;
	}
	int rc = mfa_store_remove(c->user_id);
	if (rc < 0)
		return rc;
	api_audit(c, "mfa.remove", "self", "ok");
	snprintf(c->location, sizeof c->location, "/mij/tweestaps");
	*out = json_object();
	return 0;
}

/* --- the second step of a login ------------------------------------------- */

static const struct field login_code_fields[] = {
    {.name = "ticket", .type = FIELD_STRING, .flags = FIELD_REQUIRED, .max_len = 128},
    {.name = "code", .type = FIELD_STRING, .flags = FIELD_REQUIRED, .max_len = 32},
    {.name = "next", .type = FIELD_STRING, .max_len = 2000},
};

int api_mfa_code_ok(struct api_ctx *c, int64_t uid, const char *email, const char *typed, int64_t now)
{
	struct mfa_state s;
	int rc = mfa_store_get(uid, &s);
	if (rc < 0)
		return rc;
	unsigned char secret[TOTP_SECRET_BYTES];
	char code[33];
	digits_only(typed, code, sizeof code);
	int64_t step = -1;
	if (s.confirmed && unseal(&s, secret) == 0) {
		step = totp_check(secret, sizeof secret, code, now, s.last_step);
		sodium_memzero(secret, sizeof secret);
	}
	int ok = step > 0 && mfa_store_used(uid, step) == 0;
	if (!ok && s.confirmed && strlen(typed) == 11) { /* a recovery code */
		unsigned char d[32];
		char lower[12];
		for (int i = 0; i < 12; i++)
			lower[i] =
			    (char)(typed[i] >= 'A' && typed[i] <= 'Z' ? typed[i] - 'A' + 'a' : typed[i]);
		secret_digest(lower, d);
		ok = mfa_store_use_code(uid, d) == 0;
		if (ok)
			api_audit(c, "login.recovery_code", email, "ok");
	}
	return ok;
}

int api_login_code(struct api_ctx *c, json_t **out)
{
	struct field_value v[FIELD_COUNT(login_code_fields)];
	if (api_fields(c, login_code_fields, FIELD_COUNT(login_code_fields), v) < 0)
		return -ERR_INVALID;
	int64_t uid = ticket_user(v[0].s);
	struct user u;
	if (!uid || account_user_by_id(uid, &u) < 0) {
		c->detail = "err.mfa.ticket";
		return -ERR_GONE;
	}
	int64_t now = time_now();
	if (api_login_throttled(c, u.email, "login.code", u.email, now) < 0)
		return -ERR_LIMIT;
	int ok = api_mfa_code_ok(c, uid, u.email, v[1].s, now);
	if (ok < 0)
		return ok;
	if (!ok) {
		c->commit_on_error = 1;
		account_failure_add(c->ip, u.email);
		api_audit(c, "login.code", u.email, "denied");
		problem_add(c->invalid, "code", "err.mfa.code");
		return -ERR_INVALID; /* the page shows the form again with the same ticket */
	}
	account_failures_clear(c->ip, u.email);
	c->login_user = uid;
	c->user_id = uid;
	c->user_email = NULL;
	api_audit(c, "login", u.email, "ok");
	snprintf(c->location, sizeof c->location, "%s", api_safe_next(v[2].s));
	*out = json_object();
	return 0;
}

int api_login_throttled(struct api_ctx *c, const char *email, const char *action, const char *target,
			int64_t now)
{
	struct login_counts k;
	account_login_counts(c->ip, email, now - LOGIN_WINDOW_S, &k);
	int64_t wait = login_wait(&k, now);
	if (wait <= 0)
		return 0;
	c->retry_after = (int)wait;
	c->detail = "err.rate_limited";
	api_audit(c, action, target, "rate-limited");
	return -ERR_LIMIT;
}
