/* SPDX-License-Identifier: EUPL-1.2 */
/*
 * cli: one entry point per subcommand group. Each returns the process exit
 * status: 0 ok, 1 failure, 2 usage or input error. argv[0] is the group name.
 */
#ifndef SL_CLI_H
#define SL_CLI_H

#include <stdint.h>

int cmd_serve(int argc, char **argv);
int cmd_init(int argc, char **argv);
int cmd_user(int argc, char **argv);
int cmd_backup(int argc, char **argv);
int cmd_restore(int argc, char **argv);
int cmd_doctor(int argc, char **argv);
int cmd_export(int argc, char **argv);
int cmd_import(int argc, char **argv);
int cmd_import_kpi(int argc, char **argv); /* src/cli/kpi_cmd.c */
int cmd_org(int argc, char **argv);
int cmd_stats(int argc, char **argv);  /* src/cli/stats_cmd.c */
int cmd_method(int argc, char **argv); /* src/cli/method_cmd.c */
int cmd_source(int argc, char **argv); /* src/cli/events_cmd.c */
int cmd_events(int argc, char **argv); /* src/cli/events_cmd.c */
int cmd_person(int argc, char **argv); /* src/cli/privacy_cmd.c */
int cmd_sso(int argc, char **argv);    /* src/cli/sso_cmd.c */

/* src/cli/metrics_cmd.c */
int cmd_metrics(int argc, char **argv);

/* Prints the top-level help (all subcommands) to stdout. */
void cli_usage(void);

/* Audit row for a CLI action on object "KIND/ID" in org_id (0: none), with
 * actor "cli:<OS user>"; call inside the change's transaction
 * (src/cli/account_cmd.c). */
void cli_audit(int64_t org_id, const char *action, const char *kind, int64_t id);

#endif
