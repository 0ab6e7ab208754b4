/* SPDX-License-Identifier: EUPL-1.2 */
/* mfa_store: tables user_totp and user_recovery_codes (mfa_schema.c). */
#ifndef SL_MFA_STORE_H
#define SL_MFA_STORE_H

#include <stddef.h>
#include <stdint.h>

#define MFA_BOX_MAX 128

struct mfa_state {
	int exists;			/* a secret was made (maybe not confirmed yet) */
	int confirmed;			/* the person proved they hold it: logins need a code */
	unsigned char box[MFA_BOX_MAX]; /* the encrypted secret */
	size_t box_len;
	int64_t last_step;
	int codes_left; /* unused recovery codes */
};

/* 0 and *s filled (s->exists 0 when the person has none). */
int mfa_store_get(int64_t user_id, struct mfa_state *s);
/* Stores a new, unconfirmed secret, replacing any earlier one and its codes. */
int mfa_store_begin(int64_t user_id, const unsigned char *box, size_t len);
/* Marks the secret confirmed at step, with the digests of the new recovery
 * codes (n of 32 bytes each). */
int mfa_store_confirm(int64_t user_id, int64_t step, const unsigned char (*digest)[32], int n);
/* Records the step of a code just used. */
int mfa_store_used(int64_t user_id, int64_t step);
/* Uses the unused recovery code with this digest: 0, or -ERR_NOTFOUND. */
int mfa_store_use_code(int64_t user_id, const unsigned char digest[32]);
/* Removes the secret and the codes. */
int mfa_store_remove(int64_t user_id);
/* 1 when the person is beheerder of at least one organisation. */
int mfa_store_beheerder_anywhere(int64_t user_id);

#endif
