/* SPDX-License-Identifier: EUPL-1.2 */
/*
 * stats_io: the JSON face of src/domain/stats. Reads the `ab`, `ttest`,
 * `power` and `srm` documents (already parsed by jansson) into domain
 * structs, runs them and writes the result object. Shared by the CLI
 * (`scalelab stats`) and the HTTP analyses endpoint, so it never touches
 * stdin, stdout or the database. Every bad field is reported at once.
 */
#ifndef SL_STATS_IO_H
#define SL_STATS_IO_H

#include <jansson.h>

#include "domain/stats.h"

/* Most units an arm may count ("n"): counts stay exact in a double. */
#define STATS_IO_N_MAX 1000000000000000LL

/*
 * Each runner validates `in`, computes and sets *out to a new result
 * object the caller owns (json_decref). On bad input it appends one
 * {"name", "reason"} per bad field to the array `problems`, sets *out to
 * NULL and returns -ERR_INVALID. Reasons are catalogue keys (i18n), some
 * with "params" for their text (lib/problem.h); callers word them. Field names are dotted paths with
 * indexes, e.g. "control.n", "control.covariate.mean", "x[3]".
 */
int stats_io_ab(const json_t *in, json_t *problems, json_t **out);
int stats_io_ttest(const json_t *in, json_t *problems, json_t **out);
int stats_io_power(const json_t *in, json_t *problems, json_t **out);
int stats_io_srm(const json_t *in, json_t *problems, json_t **out);

/* Dispatches on kind ("ab", "ttest", "power", "srm"); an unknown kind is
 * reported as a problem on "kind". */
int stats_io_run(const char *kind, const json_t *in, json_t *problems, json_t **out);

/* An `ab` document as read: the analysis to run and how its arms came
 * about. Ratio arms arrive as their delta-method summaries, CUPED arms
 * already adjusted, so ab runs unchanged. */
struct stats_io_ab {
	struct stats_ab ab;
	const char *metric;	  /* "binomial", "mean" or "ratio"; static */
	int has_cuped;		  /* both arms carried a covariate */
	struct stats_cuped cuped; /* has_cuped: theta, variance reduction */
};

/* The reading half of stats_io_ab, for callers that store the input:
 * fills *r or returns -ERR_INVALID with problems appended. */
int stats_io_read_ab(const json_t *in, struct stats_io_ab *r, json_t *problems);

#endif
