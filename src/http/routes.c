/* SPDX-License-Identifier: EUPL-1.2 */
/*
 * routes: the matcher over the route table that the modules declare (see
 * api/module.h). Paths are Dutch, plural and kebab-case (NL API Design
 * Rules).
 */
#include <stdio.h>
#include <string.h>

#include "http/route.h"

/* Matches path against the pattern; fills params. A {param} matches one
 * non-empty segment; nothing else is normalised (a trailing slash fails). */
static int match(const char *pat, const char *path, char params[][128])
{
	int np = 0;
	while (*pat && *path) {
		if (*pat == '{') {
			const char *pe = strchr(pat, '}');
			size_t n = strcspn(path, "/");
			if (!pe || n == 0 || n >= 128 || np >= API_MAX_PARAMS)
				return 0;
			memcpy(params[np], path, n);
			params[np][n] = 0;
			np++;
			pat = pe + 1;
			path += n;
		} else if (*pat++ != *path++) {
			return 0;
		}
	}
	return *pat == 0 && *path == 0;
}

const struct route *route_match(const char *method, const char *path, unsigned kind, char params[][128],
				int *path_known)
{
	int routes_count;
	const struct route *routes = api_routes(&routes_count);
	*path_known = 0;
	for (int i = 0; i < routes_count; i++) {
		const struct route *r = &routes[i];
		if (!(r->flags & kind) || !match(r->path, path, params))
			continue;
		if (!strcmp(r->method, method))
			return r;
		*path_known = 1;
	}
	return NULL;
}

void route_allowed(const char *path, unsigned kind, char *out, size_t n)
{
	char params[API_MAX_PARAMS][128];
	int routes_count;
	const struct route *routes = api_routes(&routes_count);
	out[0] = 0;
	size_t len = 0;
	for (int i = 0; i < routes_count; i++) {
		const struct route *r = &routes[i];
		if (!(r->flags & kind) || !match(r->path, path, params))
			continue;
		len += (size_t)snprintf(out + len, len < n ? n - len : 0, "%s%s", len ? ", " : "", r->method);
		if (len >= n)
			break;
	}
}
