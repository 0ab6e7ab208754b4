/* SPDX-License-Identifier: EUPL-1.2 */
/* tx: thin bridge from the request pipeline to the store's transactions. */
#include "api/tx.h"

#include "store/db.h"

void api_read_begin(void)
{
	db_read_begin();
}

void api_read_end(void)
{
	db_read_end();
}

int api_write_begin(void)
{
	return db_begin();
}

void api_write_mark(void)
{
	db_mark();
}

void api_write_undo(void)
{
	db_undo();
}

int api_write_commit(void)
{
	return db_commit();
}

int api_db_failure(void)
{
	return db_failure();
}

void api_db_failure_clear(void)
{
	db_failure_clear();
}

void api_request_end(void)
{
	db_release();
}
