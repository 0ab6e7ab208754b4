/* SPDX-License-Identifier: EUPL-1.2 */
/* okr_csv: export and import of objectives and key results (placeholder). */
#include "api/okr.h"
#include "lib/util.h"

int api_okr_export(struct api_ctx *c, json_t **out)
{
	(void)c;
	*out = json_pack("{s:[]}", "rows");
	return 0;
}

int api_okr_import(struct api_ctx *c, json_t **out)
{
	(void)c;
	(void)out;
	return -ERR_INVALID;
}
