/* SPDX-License-Identifier: EUPL-1.2 */
/*
 * evidence: the modules' evidence hooks (struct module.evidence), one small
 * file each, declared here so each module struct can name its hook. Each
 * sets into[<module name>] to its headline about one initiative, or leaves
 * into alone when it has nothing on it; 0 or a negative ERR_ code. The
 * shapes are the OpenAPI schema Evidence (web/openapi/plan.json).
 */
#ifndef SL_API_EVIDENCE_H
#define SL_API_EVIDENCE_H

#include <jansson.h>
#include <stdint.h>

int assessment_evidence(int64_t initiative_id, json_t *into);  /* assessment_evidence.c */
int experiment_evidence(int64_t initiative_id, json_t *into);  /* experiment_evidence.c */
int okr_evidence(int64_t initiative_id, json_t *into);	       /* okr_evidence.c */
int plan_evidence(int64_t initiative_id, json_t *into);	       /* plan_evidence.c */
int stakeholder_evidence(int64_t initiative_id, json_t *into); /* stakeholder.c */

/* The evidence of the one module called name about an initiative (its
 * object, a new reference), or NULL when that module is absent or has
 * nothing on it. */
json_t *evidence_of(const char *name, int64_t initiative_id);

#endif
