/* SPDX-License-Identifier: EUPL-1.2 */
/* assets: binary search over the generated, name-sorted table. */
#include "assets.h"

#include <string.h>

const struct asset *assets_find(const char *name)
{
	size_t lo = 0, hi = assets_count;
	while (lo < hi) {
		size_t mid = (lo + hi) / 2;
		int c = strcmp(name, assets_table[mid].name);
		if (c == 0)
			return &assets_table[mid];
		if (c < 0)
			hi = mid;
		else
			lo = mid + 1;
	}
	return NULL;
}
