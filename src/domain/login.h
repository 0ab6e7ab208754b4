/* SPDX-License-Identifier: EUPL-1.2 */
/*
 * login: how long a sign-in attempt must wait after failed ones. Failures
 * are counted per (account, client address) and per client address, in a
 * window; past a free number each further failure doubles the wait after
 * the last one. There is no limit per account alone: failures from other
 * addresses never stop the right password (they would let anyone lock a
 * user out). Pure: no I/O.
 */
#ifndef SL_LOGIN_H
#define SL_LOGIN_H

#include <stdint.h>

#define LOGIN_WINDOW_S (15 * 60) /* failures older than this are forgotten */
#define LOGIN_PAIR_FREE 5	 /* failures for one account from one address before a wait */
#define LOGIN_ADDRESS_FREE 10	 /* failures from one address (any account) before a wait */
#define LOGIN_DELAY_BASE_S 30	 /* the first wait */
#define LOGIN_DELAY_MAX_S (15 * 60)

/* The failures within the window that bear on one attempt. */
struct login_counts {
	int pair;	      /* for this account from this address */
	int64_t pair_last;    /* time of the newest of them (s) */
	int address;	      /* from this address, any account */
	int64_t address_last; /* time of the newest of them (s) */
};

/* Seconds to wait after the last of `failures` failures when `free` of them
 * cost nothing: 0 below free, then LOGIN_DELAY_BASE_S doubled per further
 * failure, at most LOGIN_DELAY_MAX_S. */
int64_t login_delay(int failures, int free);

/* Seconds the attempt at now must still wait (0: judge the password). */
int64_t login_wait(const struct login_counts *k, int64_t now);

#endif
