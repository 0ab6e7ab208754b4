/* SPDX-License-Identifier: EUPL-1.2 */
/* login: the growing wait after failed sign-ins (see login.h). */
#include "domain/login.h"

int64_t login_delay(int failures, int free)
{
	if (failures < free)
		return 0;
	int64_t d = LOGIN_DELAY_BASE_S;
	for (int i = free; i < failures && d < LOGIN_DELAY_MAX_S; i++)
		d *= 2;
	return d < LOGIN_DELAY_MAX_S ? d : LOGIN_DELAY_MAX_S;
}

static int64_t left(int failures, int free, int64_t last, int64_t now)
{
	int64_t until = last + login_delay(failures, free);
	return failures >= free && until > now ? until - now : 0;
}

int64_t login_wait(const struct login_counts *k, int64_t now)
{
	int64_t a = left(k->pair, LOGIN_PAIR_FREE, k->pair_last, now);
	int64_t b = left(k->address, LOGIN_ADDRESS_FREE, k->address_last, now);
	return a > b ? a : b;
}
