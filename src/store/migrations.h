/* SPDX-License-Identifier: EUPL-1.2 */
/* migrations: the numbered schema steps, applied in order, each once. */
#ifndef SL_MIGRATIONS_H
#define SL_MIGRATIONS_H

struct migration {
	int version;
	const char *sql;
};

extern const struct migration migrations[];

#endif
