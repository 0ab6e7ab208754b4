/* SPDX-License-Identifier: EUPL-1.2 */
/* placeholder until the stats helper lands its implementation */
#include <stdio.h>
#include "cli.h"
int cmd_stats(int argc, char **argv)
{
	(void)argc;
	(void)argv;
	fprintf(stderr, "scalelab stats: not built yet\n");
	return 1;
}
