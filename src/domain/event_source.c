/* SPDX-License-Identifier: EUPL-1.2 */
/* event_source: word tables, key formats and domain checks of event sources. */
#include "domain/event_source.h"

#include <stdio.h>
#include <string.h>

const char *const event_source_kinds[] = {"posthog", "segment", "mixpanel", "plausible", NULL};
const char *const event_source_statuses[] = {"actief", "ingetrokken", NULL};

static int word_index(const char *const *list, const char *s)
{
	for (int i = 0; s && list[i]; i++)
		if (!strcmp(list[i], s))
			return i + 1;
	return 0;
}

static const char *word(const char *const *list, int n, int v)
{
	return v >= 1 && v <= n ? list[v - 1] : NULL;
}

const char *event_source_kind_name(enum event_source_kind k)
{
	return word(event_source_kinds, 4, (int)k);
}

enum event_source_kind event_source_kind_parse(const char *s)
{
	return (enum event_source_kind)word_index(event_source_kinds, s);
}

const char *event_source_status_name(enum event_source_status s)
{
	return word(event_source_statuses, 2, (int)s);
}

enum event_source_status event_source_status_parse(const char *s)
{
	return (enum event_source_status)word_index(event_source_statuses, s);
}

const char *event_source_key_prefix(enum event_source_kind k)
{
	switch (k) {
	case EVENT_SOURCE_KIND_POSTHOG: return "phc_";
	case EVENT_SOURCE_KIND_SEGMENT: return "sgw_";
	case EVENT_SOURCE_KIND_MIXPANEL: return "mpt_";
	default: return "";
	}
}

void event_source_key_make(enum event_source_kind k, const char *token, char out[EVENT_SOURCE_KEY_MAX])
{
	snprintf(out, EVENT_SOURCE_KEY_MAX, "%s%s", event_source_key_prefix(k), token);
}

void event_source_key_hint(const char *key, char out[24])
{
	snprintf(out, 24, "%.10s\u2026", key);
}

int event_source_domain_valid(const char *s, size_t n)
{
	if (n == 0 || n > EVENT_SOURCE_DOMAIN_MAX)
		return 0;
	size_t label = 0;
	for (size_t i = 0; i < n; i++) {
		char c = s[i];
		if (c == '.') {
			if (label == 0 || s[i - 1] == '-')
				return 0;
			label = 0;
			continue;
		}
		int ok = (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '-';
		if (!ok || (c == '-' && label == 0) || ++label > 63)
			return 0;
	}
	return label > 0 && s[n - 1] != '-';
}
