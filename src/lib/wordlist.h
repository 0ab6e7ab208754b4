/* SPDX-License-Identifier: EUPL-1.2 */
/* wordlist: a compiled-in list of words (one per line, sorted), read once. */
#ifndef SL_WORDLIST_H
#define SL_WORDLIST_H

#include <stddef.h>

struct wordlist {
	const char *const *word; /* sorted (strcmp), lower-case */
	size_t n;
};

/* The common passwords refused by password_judge (domain/password.h): Openwall's list (from
 * Debian's john-data, public domain) and our Dutch additions
 * (security/common-passwords-nl.txt), lower-cased and sorted at build
 * time. Thread-safe; never freed. */
const struct wordlist *wordlist_common_passwords(void);

#endif
