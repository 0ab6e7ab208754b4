/* SPDX-License-Identifier: EUPL-1.2 */
/*
 * tx: the database transaction of a request, as the HTTP pipeline sees it.
 * A GET reads in one read transaction; any other method runs its handler
 * and its audit rows in one write transaction (BEGIN IMMEDIATE) that the
 * pipeline commits once or rolls back. Handlers never begin or commit.
 * Keeps the layers pointing one way: http -> api -> store.
 */
#ifndef SL_API_TX_H
#define SL_API_TX_H

/* Groups the reads of one request in one transaction (no-op when one is
 * open); a write or an explicit transaction ends it first. */
void api_read_begin(void);
void api_read_end(void);

/* Opens the write transaction of a request: 0, or -ERR_BUSY (the lock
 * stayed taken: answer 503), -ERR_FULL or -ERR_IO. */
int api_write_begin(void);
/* Marks the state just before the handler; api_write_undo() returns to it,
 * dropping the handler's changes but keeping what came before (a session
 * renewed by authentication). */
void api_write_mark(void);
void api_write_undo(void);
/* Commits the request's writes: 0, or the database failure (then
 * everything was rolled back). */
int api_write_commit(void);

/* The database failure recorded during this request: 0, -ERR_BUSY,
 * -ERR_FULL or -ERR_IO. */
int api_db_failure(void);
void api_db_failure_clear(void);
/* The end of every request on this thread: ends the read transaction,
 * releases per-request statements, forgets the failure. */
void api_request_end(void);

#endif
