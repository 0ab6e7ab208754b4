/* SPDX-License-Identifier: EUPL-1.2 */
/* password: the handlers of the password module (password_module.c). */
#ifndef SL_API_PASSWORD_H
#define SL_API_PASSWORD_H

#include "api/api.h"

int api_me_page(struct api_ctx *c, json_t **out);
int api_password_form(struct api_ctx *c, json_t **out);
int api_password_change(struct api_ctx *c, json_t **out);

#endif
