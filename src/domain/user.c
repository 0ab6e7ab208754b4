/* SPDX-License-Identifier: EUPL-1.2 */
/* user: the free function of token lists. */
#include "user.h"

#include <stdlib.h>

void user_token_list_free(struct user_token *list, size_t n)
{
	for (size_t i = 0; i < n; i++)
		free(list[i].text);
	free(list);
}
