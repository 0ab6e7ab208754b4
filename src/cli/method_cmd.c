/* SPDX-License-Identifier: EUPL-1.2 */
/* placeholder until the method helper lands its implementation */
#include <stdio.h>
#include "cli.h"
int cmd_method(int argc, char **argv)
{
	(void)argc;
	(void)argv;
	fprintf(stderr, "scalelab method: not built yet\n");
	return 1;
}
