/* SPDX-License-Identifier: EUPL-1.2 */
/* dbmsg: what a CLI command says when the database refuses its work. */
#ifndef SL_DBMSG_H
#define SL_DBMSG_H

/* Prints "CMD: <why>; nothing was changed" for the failure the database
 * recorded (or rc when none was) and returns the exit status 1. */
int dbmsg_fail(const char *cmd, int rc);
/* Commits the command's transaction: 0, or prints why not and returns 1. */
int dbmsg_commit(const char *cmd);

#endif
