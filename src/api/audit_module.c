/* SPDX-License-Identifier: EUPL-1.2 */
/*
 * audit_module: the audit log of an organisation, for its beheerders: a
 * page with filters and a cursor, its API twin, and CSV. Rows are written by
 * every module through api_audit; nothing here changes them (they cannot
 * be changed at all: schema step 8).
 */
#include "api/route_rows.h"
#include "lib/util.h"

#include "api/audit.h"

/* clang-format off */
static const struct route routes[] = {
/* method  path                                handler          flags            access  role            csrf template   operationId      tag         summary, request, response */
{"GET",  "/organisaties/{org}/auditlog",       api_audit_list,  BOTH | R_CSV | R_PAGED,    MEMBER, ROLE_BEHEERDER, 0, "audit",     "listAuditLog",  "auditlog", "The organisation's audit log, newest first, a page at a time (filters van, tot, actie, resultaat, actor; cursor na; aantal at most 200; ?formaat=csv: every matching row, at most 100,000); beheerders only", NULL, "AuditLogPage"},
ROUTES_END,
};
/* clang-format on */

/* Its collections and how they are paged (api/page.h; docs/architecture.md). */
static const struct paged paged[] = {
    {.op = "listAuditLog", .array = "items", .kind = PAGE_CURSOR, .desc = 1, .no_total = 1},
    {0},
};

const struct module audit_module = {.paged = paged, .name = "audit", .routes = routes};
