/* SPDX-License-Identifier: EUPL-1.2 */
/*
 * i18n: the nl and en message catalogues (i18n/<module>.nl.json and .en.json, compiled in). Every
 * UI string comes from here; C code holds keys only.
 */
#ifndef SL_I18N_H
#define SL_I18N_H

/* Loads the catalogues; returns 0 or -ERR_INVALID when one is broken. */
int i18n_init(void);
/* Text for key in lang ("nl"/"en"); falls back to nl, then to the key. */
const char *i18n_t(const char *lang, const char *key);
/* Picks "en" or "nl" from an Accept-Language header (nl by default). */
const char *i18n_from_accept(const char *accept_language);

#endif
