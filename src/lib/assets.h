/* SPDX-License-Identifier: EUPL-1.2 */
/*
 * assets: files compiled into the binary at build time (templates, CSS,
 * JS, i18n catalogues, methods). Names are repository paths, e.g.
 * "web/templates/core/top.html"; a file the build made is named as if it
 * stood in the tree ("web/static/charts.js" for build/web/static/charts.js).
 * The data is NUL-terminated.
 */
#ifndef SL_ASSETS_H
#define SL_ASSETS_H

#include <stddef.h>

struct asset {
	const char *name;
	const unsigned char *data;
	size_t len;
};

extern const struct asset assets_table[];
extern const size_t assets_count;

/* Returns the asset with exactly this name, or NULL. */
const struct asset *assets_find(const char *name);

#endif
