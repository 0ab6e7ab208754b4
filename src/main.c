/* SPDX-License-Identifier: EUPL-1.2 */
/* main: dispatches the subcommand; nothing else lives here. */
#include <stdio.h>
#include <string.h>
#include <sys/stat.h>

#include "cli/cli.h"
#include "version.h"

/* clang-format off */
static const struct {
	const char *name;
	int (*fn)(int, char **);
} commands[] = {
    {"serve", cmd_serve},
    {"init", cmd_init},
    {"user", cmd_user},
    {"backup", cmd_backup},
    {"restore", cmd_restore},
    {"doctor", cmd_doctor},
    {"export", cmd_export},
    {"import", cmd_import},
    {"stats", cmd_stats},
    {"method", cmd_method},
    {"org", cmd_org},
    {"source", cmd_source},
    {"events", cmd_events},
    {"person", cmd_person},
    {"sso", cmd_sso},
    {"metrics", cmd_metrics},
};
/* clang-format on */

int main(int argc, char **argv)
{
	if (argc < 2 || !strcmp(argv[1], "--help") || !strcmp(argv[1], "-h") || !strcmp(argv[1], "help")) {
		cli_usage();
		return argc < 2 ? 2 : 0;
	}
	if (!strcmp(argv[1], "version") || !strcmp(argv[1], "--version")) {
		printf("scalelab %s\n", SCALELAB_VERSION);
		return 0;
	}
	/* Databases, backups and exports hold personal data: whatever this
	 * program creates is for its own user only. */
	umask(077);
	for (size_t i = 0; i < sizeof commands / sizeof commands[0]; i++)
		if (!strcmp(argv[1], commands[i].name))
			return commands[i].fn(argc - 1, argv + 1);
	fprintf(stderr, "scalelab: unknown command '%s'; see 'scalelab --help'\n", argv[1]);
	return 2;
}
