/* SPDX-License-Identifier: EUPL-1.2 */
/* route_rows: shorthands for the route tables in the *_module.c files only. */
#ifndef SL_ROUTE_ROWS_H
#define SL_ROUTE_ROWS_H

#include "api/module.h"

#define API R_API
#define PAGE R_PAGE
#define BOTH (R_API | R_PAGE)
#define PUBLIC ACCESS_PUBLIC
#define USER ACCESS_USER
#define MEMBER ACCESS_MEMBER
#define ROUTES_END                                                                                           \
	{                                                                                                    \
		NULL, NULL, NULL, 0, 0, 0, 0, NULL, NULL, NULL, NULL, NULL, NULL                             \
	}

#endif
