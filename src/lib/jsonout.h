/* SPDX-License-Identifier: EUPL-1.2 */
/*
 * jsonout: writes a jansson value as compact JSON straight into a buf.
 * The text is byte for byte what json_dumps(v, JSON_COMPACT |
 * JSON_ENCODE_ANY) writes (insertion order, the same escapes, reals with
 * 17 significant digits), without its many small appends: the answers of
 * the API spent a quarter of their time in json_dumps.
 */
#ifndef SL_JSONOUT_H
#define SL_JSONOUT_H

#include <jansson.h>

#include "lib/buf.h"

/* Appends v to b: 0, or -1 (b then holds a partial text) where json_dumps
 * fails too: a string that is not UTF-8, nesting deeper than
 * JSONOUT_MAX_DEPTH. */
int json_out(struct buf *b, const json_t *v);

#define JSONOUT_MAX_DEPTH 2048

#endif
