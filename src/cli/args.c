/* SPDX-License-Identifier: EUPL-1.2 */
/* args: tiny option reader; the subcommands stay declarative. */
#include "args.h"

#include <stdio.h>
#include <string.h>

const char *args_get(int argc, char **argv, const char *name)
{
	for (int i = 1; i + 1 < argc; i++)
		if (!strcmp(argv[i], name))
			return argv[i + 1];
	return NULL;
}

int args_flag(int argc, char **argv, const char *name)
{
	for (int i = 1; i < argc; i++)
		if (!strcmp(argv[i], name))
			return 1;
	return 0;
}

int args_check(int argc, char **argv, int first, const char *const *opts, const char *const *flags)
{
	for (int i = first; i < argc; i++) {
		int ok = 0;
		for (int k = 0; opts && opts[k] && !ok; k++)
			if (!strcmp(argv[i], opts[k])) {
				if (i + 1 >= argc) {
					fprintf(stderr, "scalelab: option %s needs a value\n", argv[i]);
					return -1;
				}
				i++;
				ok = 1;
			}
		for (int k = 0; flags && flags[k] && !ok; k++)
			ok = !strcmp(argv[i], flags[k]);
		if (!ok) {
			fprintf(stderr, "scalelab: unknown argument '%s'; see 'scalelab --help'\n", argv[i]);
			return -1;
		}
	}
	return 0;
}

int args_read_secret(char *out, int n)
{
	if (!fgets(out, n, stdin))
		return -1;
	size_t len = strlen(out);
	if (len == (size_t)n - 1 && out[len - 1] != '\n' && !feof(stdin)) {
		/* longer than the buffer: refused, never cut short */
		int ch;
		while ((ch = getchar()) != EOF && ch != '\n')
			;
		memset(out, 0, (size_t)n);
		return -1;
	}
	out[strcspn(out, "\r\n")] = 0;
	return 0;
}
