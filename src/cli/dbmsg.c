/* SPDX-License-Identifier: EUPL-1.2 */
/* dbmsg: one wording for a locked, full or failing database in every command. */
#include "cli/dbmsg.h"

#include <stdio.h>

#include "lib/util.h"
#include "store/db.h"

int dbmsg_fail(const char *cmd, int rc)
{
	if (db_failure())
		rc = db_failure();
	db_rollback();
	switch (-rc) {
	case ERR_BUSY:
		fprintf(
		    stderr,
		    "%s: the database is locked by another process (an import, a backup or an open sqlite3 "
		    "shell?); nothing was changed. Try again later.\n",
		    cmd);
		break;
	case ERR_FULL:
		fprintf(stderr,
			"%s: the disk that holds the database is full; nothing was changed. Free some space "
			"and try again.\n",
			cmd);
		break;
	default:
		fprintf(stderr, "%s: the database cannot be read or written (%s); nothing was changed.\n",
			cmd, *db_failure_text() ? db_failure_text() : "error");
		break;
	}
	return 1;
}

int dbmsg_commit(const char *cmd)
{
	int rc = db_commit();
	return rc < 0 ? dbmsg_fail(cmd, rc) : 0;
}
