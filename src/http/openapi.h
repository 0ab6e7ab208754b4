/* SPDX-License-Identifier: EUPL-1.2 */
/* openapi: builds the OpenAPI 3.0.3 document from the route table. */
#ifndef SL_OPENAPI_H
#define SL_OPENAPI_H

/* Returns the document as JSON text (caller frees), or NULL when the
 * compiled-in component schemas are broken. */
char *openapi_document(const char *public_url);

#endif
