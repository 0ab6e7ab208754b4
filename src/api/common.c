/* SPDX-License-Identifier: EUPL-1.2 */
/* common: helpers every resource handler shares (a query-string reader, audit).
 * Request bodies are read with api/field. */
#include <stdio.h>
#include <string.h>

#include "api/api.h"
#include "api/common.h"
#include "api/module.h"
#include "store/audit.h"

json_t *api_path_get(json_t *obj, const char *path)
{
	char key[128];
	while (obj && json_is_object(obj)) {
		const char *dot = strchr(path, '.');
		if (!dot)
			return json_object_get(obj, path);
		size_t n = (size_t)(dot - path);
		if (n >= sizeof key)
			return NULL;
		memcpy(key, path, n);
		key[n] = 0;
		obj = json_object_get(obj, key);
		path = dot + 1;
	}
	return NULL;
}

const char *api_str(json_t *obj, const char *path)
{
	json_t *v = api_path_get(obj, path);
	const char *s = json_is_string(v) ? json_string_value(v) : NULL;
	return s && *s ? s : NULL;
}

void api_audit_id(const struct api_ctx *c, const char *action, const char *kind, int64_t id,
		  const char *result)
{
	char obj[96];
	snprintf(obj, sizeof obj, "%s/%lld", kind, (long long)id);
	api_audit(c, action, obj, result);
}

void api_audit(const struct api_ctx *c, const char *action, const char *object, const char *result)
{
	const char *actor = c->user_email ? c->user_email : "anoniem";
	if (!c->audit) {
		audit_log(c->org_id, c->user_id, actor, action, object, result, c->ip);
		return;
	}
	/* Who is taken now: a login changes the caller halfway through. */
	json_array_append_new(c->audit, json_pack("{s:I,s:I,s:s,s:s,s:s,s:s}", "org", (json_int_t)c->org_id,
						  "user", (json_int_t)c->user_id, "actor", actor, "action",
						  action, "object", object ? object : "", "result", result));
}

void api_audit_flush(struct api_ctx *c, int refused)
{
	size_t i;
	json_t *r;
	json_array_foreach (c->audit, i, r) {
		const char *result = json_string_value(json_object_get(r, "result"));
		if (refused && !strcmp(result, "ok"))
			continue; /* the change it records was undone */
		audit_log(json_integer_value(json_object_get(r, "org")),
			  json_integer_value(json_object_get(r, "user")),
			  json_string_value(json_object_get(r, "actor")),
			  json_string_value(json_object_get(r, "action")),
			  json_string_value(json_object_get(r, "object")), result, c->ip);
	}
	json_array_clear(c->audit);
}

/* Declared in api/module.h; here, not in modules.c, so a reader that checks
 * an id does not link every module (fuzz_page walked 64 KB of coverage
 * counters of the whole API after each input). */
int api_parse_id(const char *s, int64_t *id)
{
	int64_t v = 0;
	/* digits only, no sign and no leading zero: one id has one path, so
	 * "/initiatieven/06" is not another name of "/initiatieven/6" */
	if (!s || !*s || *s == '0' || strlen(s) > 18)
		return -1;
	for (const char *p = s; *p; p++) {
		if (*p < '0' || *p > '9')
			return -1;
		v = v * 10 + (*p - '0');
	}
	*id = v;
	return v > 0 ? 0 : -1;
}
