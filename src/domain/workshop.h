/* SPDX-License-Identifier: EUPL-1.2 */
/*
 * workshop: the rules of a live workshop on an assessment round. Join
 * codes (six characters people can read aloud and type on a phone), the
 * guessing limit, the parts a facilitator steps through, and which
 * pitfalls threaten a chosen scaling route. Pure: no I/O.
 */
#ifndef SL_DOMAIN_WORKSHOP_H
#define SL_DOMAIN_WORKSHOP_H

#include <stddef.h>
#include <stdint.h>

#define WORKSHOP_CODE_LEN 6
/* No 0/O, 1/I/L: a code read from a projector is typed without doubt. */
#define WORKSHOP_CODE_ALPHABET "ABCDEFGHJKMNPQRSTUVWXYZ23456789"
/* Wrong codes allowed per client address within the window. */
#define WORKSHOP_JOIN_MAX_FAILURES 10
#define WORKSHOP_JOIN_WINDOW_S 600
/* The last part of every workshop: actions agreed in the room. */
#define WORKSHOP_PART_ACTIONS "acties"

enum workshop_status {
	WORKSHOP_STATUS_NONE = 0,
	WORKSHOP_STATUS_OPEN,	/* open */
	WORKSHOP_STATUS_CLOSED, /* gesloten */
};

extern const char *const workshop_statuses[];
const char *workshop_status_name(enum workshop_status s);
enum workshop_status workshop_status_parse(const char *s);

/* A code from random bytes: byte i picks character i (n >= 6 bytes). */
void workshop_code_from_bytes(const unsigned char *b, size_t n, char out[WORKSHOP_CODE_LEN + 1]);

/* The code as typed ("ab3-k9 z", lower case, spaces and dashes) into its
 * stored form. Returns 0, or -ERR_INVALID when it is not six characters of
 * the alphabet. */
int workshop_code_normalise(const char *typed, char out[WORKSHOP_CODE_LEN + 1]);

/* 1 while a client with this many wrong codes in the window may try again. */
int workshop_join_allowed(int64_t failures_in_window);

/* The pitfalls (ids) that threaten a scaling route of the pilot scaling
 * canvas, NULL-terminated; an empty list for a route it does not know. */
const char *const *workshop_route_threats(const char *route_id);

#endif
