/* SPDX-License-Identifier: EUPL-1.2 */
/*
 * openapi: the OpenAPI 3.0.3 document, generated from the route table plus
 * the component schemas of the modules (web/openapi/<module>.json). Only rows with
 * R_API appear. Follows the NL API Design Rules (problem+json, API-Version
 * header on every response, 400 on every operation that takes input).
 */
#include "openapi.h"

#include <stdio.h>
#include <string.h>

#include "http/route.h"
#include "lib/assets.h"
#include "lib/log.h"
#include "lib/util.h"
#include "version.h"

static json_t *version_header(void)
{
	return json_pack("{s:{s:s}}", "API-Version", "$ref", "#/components/headers/API-Version");
}

static json_t *ref_response(const char *name)
{
	char ref[96];
	snprintf(ref, sizeof ref, "#/components/responses/%s", name);
	return json_pack("{s:s}", "$ref", ref);
}

static json_t *schema_ref(const char *name)
{
	char ref[96];
	snprintf(ref, sizeof ref, "#/components/schemas/%s", name);
	return json_pack("{s:s}", "$ref", ref);
}

static json_t *path_params(const char *path)
{
	json_t *a = json_array();
	for (const char *p = strchr(path, '{'); p; p = strchr(p + 1, '{')) {
		const char *e = strchr(p, '}');
		char name[64];
		snprintf(name, sizeof name, "%.*s", (int)(e - p - 1), p + 1);
		json_t *schema;
		const char *desc;
		if (!strcmp(name, "org")) {
			schema = json_pack("{s:s,s:s}", "type", "string", "pattern", "^[a-z0-9-]+$");
			desc = "Short name (slug) of the organisation.";
		} else if (!strcmp(name, "datum")) {
			schema = json_pack("{s:s,s:s}", "type", "string", "format", "date");
			desc = "A calendar date, YYYY-MM-DD.";
		} else if (!strcmp(name, "token")) {
			schema = json_pack("{s:s,s:s}", "type", "string", "pattern", "^[A-Za-z0-9_-]{43}$");
			desc = "Invitation token from the link; it is the credential, so no login is needed.";
		} else {
			schema =
			    json_pack("{s:s,s:s,s:i}", "type", "integer", "format", "int64", "minimum", 1);
			desc = "Numeric identifier.";
		}
		json_array_append_new(a, json_pack("{s:s,s:s,s:b,s:s,s:o}", "name", name, "in", "path",
						   "required", 1, "description", desc, "schema", schema));
	}
	return a;
}

/* query: the query parameters modules declare for their operations (the
 * section "x-query" of web/openapi/<module>.json, keyed by operationId). */
static json_t *operation(const struct route *r, json_t *query)
{
	json_t *op = json_pack("{s:s,s:[s],s:s,s:s}", "operationId", r->op, "tags", r->tag, "summary",
			       r->summary, "description", r->summary);
	json_t *params = path_params(r->path);
	if (r->flags & R_XLSX)
		json_array_append_new(
		    params,
		    json_pack("{s:s,s:s,s:b,s:s,s:{s:s,s:[s,s,s],s:s}}", "name", "formaat", "in", "query",
			      "required", 0, "description",
			      "Representation: json (default), csv or xlsx (a workbook with live "
			      "formulas).",
			      "schema", "type", "string", "enum", "json", "csv", "xlsx", "default", "json"));
	else if (r->flags & R_CSV)
		json_array_append_new(params,
				      json_pack("{s:s,s:s,s:b,s:s,s:{s:s,s:[s,s],s:s}}", "name", "formaat",
						"in", "query", "required", 0, "description",
						"Representation: json (default) or csv.", "schema", "type",
						"string", "enum", "json", "csv", "default", "json"));
	const struct paged *pg = api_paged(r);
	if (pg) {
		int64_t max = pg->max > 0 ? pg->max : PAGE_SIZE_MAX;
		char desc[200];
		snprintf(desc, sizeof desc, "Items per page, 1 to %lld (default %d).", (long long)max,
			 PAGE_SIZE_DEFAULT < max ? PAGE_SIZE_DEFAULT : (int)max);
		json_array_append_new(
		    params, json_pack("{s:s,s:s,s:b,s:s,s:{s:s,s:i,s:I,s:I}}", "name", "aantal", "in",
				      "query", "required", 0, "description", desc, "schema", "type",
				      "integer", "minimum", 1, "maximum", (json_int_t)max, "default",
				      (json_int_t)(PAGE_SIZE_DEFAULT < max ? PAGE_SIZE_DEFAULT : max)));
		if (pg->kind == PAGE_NUMBER)
			json_array_append_new(
			    params,
			    json_pack("{s:s,s:s,s:b,s:s,s:{s:s,s:i,s:i}}", "name", "pagina", "in", "query",
				      "required", 0, "description",
				      "Page number, from 1 (see _links); past the last page the list is "
				      "empty.",
				      "schema", "type", "integer", "minimum", 1, "default", 1));
		else
			json_array_append_new(
			    params,
			    json_pack("{s:s,s:s,s:b,s:s,s:{s:s,s:i}}", "name", "na", "in", "query",
				      "required", 0, "description",
				      "Cursor from _links.next: the items after it in the list's order "
				      "(opaque; a forged one is refused).",
				      "schema", "type", "string", "maxLength", PAGE_CURSOR_MAX));
	}
	json_t *extra = json_object_get(query, r->op);
	if (json_is_array(extra))
		json_array_extend(params, extra);
	if (json_array_size(params))
		json_object_set_new(op, "parameters", params);
	else
		json_decref(params);
	if (r->request)
		json_object_set_new(op, "requestBody",
				    json_pack("{s:b,s:{s:{s:o}}}", "required", 1, "content",
					      "application/json", "schema", schema_ref(r->request)));
	json_t *resp = json_object();
	const char *code = "200";
	if (!strcmp(r->method, "POST") && !(r->flags & R_UPDATE))
		code = "201";
	else if (!strcmp(r->method, "DELETE"))
		code = "204";
	json_t *ok = json_pack("{s:s,s:o}", "description", !strcmp(code, "201") ? "Created." : "Success.",
			       "headers", version_header());
	if (!strcmp(code, "201"))
		json_object_set_new(json_object_get(ok, "headers"), "Location",
				    json_pack("{s:s,s:{s:s}}", "description", "URI of the new resource.",
					      "schema", "type", "string"));
	if (r->response)
		json_object_set_new(
		    ok, "content",
		    json_pack("{s:{s:o}}", "application/json", "schema", schema_ref(r->response)));
	if (pg && !pg->no_total)
		json_object_set_new(json_object_get(ok, "headers"), "X-Total-Count",
				    json_pack("{s:s,s:{s:s,s:i}}", "description",
					      "How many items the whole collection holds (all pages).",
					      "schema", "type", "integer", "minimum", 0));
	if (r->flags & R_CSV)
		json_object_set_new(json_object_get(ok, "content"), "text/csv",
				    json_pack("{s:{s:s}}", "schema", "type", "string"));
	if (r->flags & R_XLSX)
		json_object_set_new(
		    json_object_get(ok, "content"),
		    "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
		    json_pack("{s:{s:s,s:s}}", "schema", "type", "string", "format", "binary"));
	if (r->flags & R_ICS)
		json_object_set_new(ok, "content",
				    json_pack("{s:{s:{s:s}}}", "text/calendar", "schema", "type", "string"));
	if (r->flags & R_SVG)
		json_object_set_new(ok, "content",
				    json_pack("{s:{s:{s:s}}}", "image/svg+xml", "schema", "type", "string"));
	json_object_set_new(resp, code, ok);
	if (!strcmp(r->method, "GET")) {
		/* every GET answer carries an entity tag; If-None-Match with it is
		 * answered 304 after the same checks as a 200 (http/server.c) */
		json_t *etag = json_pack("{s:s,s:{s:s}}", "description",
					 "Entity tag of this answer; send it in If-None-Match to be answered "
					 "304 while the answer is the same.",
					 "schema", "type", "string");
		json_object_set(json_object_get(ok, "headers"), "ETag", etag);
		json_t *nm =
		    json_pack("{s:s,s:o}", "description",
			      "Not Modified: the answer is still the one the If-None-Match tag names.",
			      "headers", version_header());
		json_object_set_new(json_object_get(nm, "headers"), "ETag", etag);
		json_object_set_new(resp, "304", nm);
	}
	json_object_set_new(resp, "400", ref_response("BadRequest"));
	json_object_set_new(resp, "401", ref_response("Unauthorized"));
	json_object_set_new(resp, "403", ref_response("Forbidden"));
	json_object_set_new(resp, "404", ref_response("NotFound"));
	json_object_set_new(resp, "406", ref_response("NotAcceptable"));
	if (r->request) {
		json_object_set_new(resp, "413", ref_response("PayloadTooLarge"));
		json_object_set_new(resp, "415", ref_response("UnsupportedMediaType"));
	}
	char first[64];
	const char *open = strchr(r->path, '{');
	const struct scope *sc = NULL;
	if (open) {
		snprintf(first, sizeof first, "%.*s", (int)strcspn(open + 1, "}"), open + 1);
		sc = api_scope(first);
	}
	/* an invitation link answers 409 when its round has closed */
	if ((sc && sc->may_conflict) || strstr(r->path, "{token}"))
		json_object_set_new(resp, "409", ref_response("Conflict"));
	if (strstr(r->path, "{token}") || (sc && sc->may_conflict > 1))
		json_object_set_new(resp, "410", ref_response("Gone"));
	if (r->flags & R_LIMITED)
		json_object_set_new(resp, "429", ref_response("TooManyRequests"));
	/* A locked database (503) can meet any request; a full disk (507) a write. */
	json_object_set_new(resp, "503", ref_response("ServiceUnavailable"));
	if (strcmp(r->method, "GET"))
		json_object_set_new(resp, "507", ref_response("InsufficientStorage"));
	json_object_set_new(op, "responses", resp);
	if (r->access == ACCESS_PUBLIC) /* e.g. invitation links: the path carries the credential */
		json_object_set_new(op, "security", json_array());
	else
		json_object_set_new(op, "security",
				    json_pack("[{s:[]},{s:[]}]", "bearerAuth", "sessionCookie"));
	return op;
}

static void lower(char *s)
{
	for (; *s; s++)
		if (*s >= 'A' && *s <= 'Z')
			*s = (char)(*s - 'A' + 'a');
}

/* The components of all modules: every web/openapi/<module>.json holds
 * sections (schemas, responses, headers, securitySchemes) that are merged;
 * a name declared twice is an error. */
static json_t *components(void)
{
	json_t *comp = json_object();
	int bad = 0;
	for (size_t i = 0; i < assets_count; i++) {
		const struct asset *a = &assets_table[i];
		size_t n = strlen(a->name);
		if (strncmp(a->name, "web/openapi/", 12) || n < 5 || strcmp(a->name + n - 5, ".json"))
			continue;
		json_error_t e;
		json_t *part = json_loadb((const char *)a->data, a->len, JSON_REJECT_DUPLICATES, &e);
		if (!part || !json_is_object(part)) {
			log_error("%s:%d: %s", a->name, e.line, part ? "not an object" : e.text);
			json_decref(part);
			bad = 1;
			continue;
		}
		const char *section, *name;
		json_t *items, *v;
		json_object_foreach (part, section, items) {
			json_t *into = json_object_get(comp, section);
			if (!into) {
				into = json_object();
				json_object_set_new(comp, section, into);
			}
			json_object_foreach (items, name, v) {
				if (json_object_get(into, name)) {
					log_error("%s: %s/%s is declared in another file too", a->name,
						  section, name);
					bad = 1;
				}
				json_object_set(into, name, v);
			}
		}
		json_decref(part);
	}
	if (bad) {
		json_decref(comp);
		return NULL;
	}
	return comp;
}

/* A paged collection's answer holds _links (the shared PageLinks), always
 * unless another operation answers the same schema unpaged (the outbox
 * after a retry). */
static void paged_schema(json_t *comp, const struct route *r, const struct route *all, int n)
{
	json_t *sch = json_object_get(json_object_get(comp, "schemas"), r->response);
	json_t *props = json_object_get(sch, "properties");
	BUG_ON(!props);
	json_object_set_new(props, "_links", schema_ref("PageLinks"));
	for (int i = 0; i < n; i++)
		if ((all[i].flags & R_API) && !(all[i].flags & R_PAGED) && all[i].response &&
		    !strcmp(all[i].response, r->response))
			return;
	json_t *req = json_object_get(sch, "required");
	if (!req) {
		req = json_array();
		json_object_set_new(sch, "required", req);
	}
	size_t i;
	json_t *v;
	json_array_foreach (req, i, v)
		if (!strcmp(json_string_value(v), "_links"))
			return;
	json_array_append_new(req, json_string("_links"));
}

char *openapi_document(const char *public_url)
{
	json_t *comp = components();
	if (!comp)
		return NULL;
	char server[300];
	snprintf(server, sizeof server, "%s/api/v1", public_url);
	json_t *doc =
	    json_pack("{s:s,s:{s:s,s:s,s:s,s:{s:s,s:s,s:s},s:{s:s,s:s}},s:[{s:s}]}", "openapi", "3.0.3",
		      "info", "title", "Scalelab API", "description",
		      "Scalelab, the scaling lab: organisations, initiatives and their scaling ambition. "
		      "Every page of the web interface has its twin here.",
		      "version", SCALELAB_API_VERSION, "contact", "name", "Scalelab maintainers", "email",
		      "security@scalelab.example", "url", "https://scalelab.example/contact", "license",
		      "name", "EUPL-1.2", "url", "https://eupl.eu/1.2/nl/", "servers", "url", server);
	json_t *paths = json_object();
	json_t *openapi_get =
	    json_pack("{s:s,s:[s],s:s,s:s,s:[],s:{s:{s:s,s:o,s:{s:{s:{s:s}}}}}}", "operationId",
		      "getOpenApiDocument", "tags", "meta", "summary", "This OpenAPI document", "description",
		      "Returns the OpenAPI document describing this API; public, with CORS allowed.",
		      "security", "responses", "200", "description", "The OpenAPI document.", "headers",
		      version_header(), "content", "application/json", "schema", "type", "object");
	json_object_set_new(
	    json_object_get(json_object_get(json_object_get(openapi_get, "responses"), "200"), "headers"),
	    "Access-Control-Allow-Origin",
	    json_pack("{s:s,s:{s:s}}", "description", "Always *.", "schema", "type", "string"));
	json_object_set_new(paths, "/openapi.json", json_pack("{s:o}", "get", openapi_get));
	json_t *tags = json_array();
	json_array_append_new(tags, json_pack("{s:s,s:s}", "name", "meta", "description", "API metadata"));
	int routes_count;
	const struct route *routes = api_routes(&routes_count);
	for (int i = 0; i < routes_count; i++) {
		const struct route *r = &routes[i];
		if (!(r->flags & R_API))
			continue;
		BUG_ON(!r->op || !r->tag || !r->summary);
		json_t *item = json_object_get(paths, r->path);
		if (!item) {
			item = json_object();
			json_object_set_new(paths, r->path, item);
		}
		char m[8];
		snprintf(m, sizeof m, "%s", r->method);
		lower(m);
		json_object_set_new(item, m, operation(r, json_object_get(comp, "x-query")));
		if (r->flags & R_PAGED)
			paged_schema(comp, r, routes, routes_count);
		int have = 0;
		size_t k;
		json_t *t;
		json_array_foreach (tags, k, t)
			have |= !strcmp(json_string_value(json_object_get(t, "name")), r->tag);
		if (!have)
			json_array_append_new(tags,
					      json_pack("{s:s,s:s}", "name", r->tag, "description", r->tag));
	}
	json_object_set_new(doc, "tags", tags);
	json_object_set_new(doc, "paths", paths);
	json_object_del(comp, "x-query");
	json_object_set_new(doc, "components", comp);
	char *s = json_dumps(doc, JSON_INDENT(1) | JSON_PRESERVE_ORDER);
	json_decref(doc);
	return s;
}
