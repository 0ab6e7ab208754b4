/* SPDX-License-Identifier: EUPL-1.2 */
/* args: --name VALUE option reading shared by the subcommands. */
#ifndef SL_ARGS_H
#define SL_ARGS_H

/* Value of --name in argv, or NULL. */
const char *args_get(int argc, char **argv, const char *name);
/* 1 when the flag --name is present. */
int args_flag(int argc, char **argv, const char *name);
/* Checks that every --option is one of the NULL-terminated list (flags with
 * no value are named in flags); prints a message and returns -1 if not. */
int args_check(int argc, char **argv, int first, const char *const *opts, const char *const *flags);
/* Reads one line (the password) from stdin into out; 0, or -1 at end of
 * input or when the line does not fit (refused, never cut short). */
int args_read_secret(char *out, int n);

#endif
