/* SPDX-License-Identifier: EUPL-1.2 */
/* audit: the handler of the audit module (audit_module.c). */
#ifndef SL_API_AUDIT_H
#define SL_API_AUDIT_H

#include "api/api.h"

int api_audit_list(struct api_ctx *c, json_t **out);

#endif
