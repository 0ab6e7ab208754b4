/* SPDX-License-Identifier: EUPL-1.2 */
/* notify_int: what the notify module's own files share (not for other modules). */
#ifndef SL_NOTIFY_INT_H
#define SL_NOTIFY_INT_H

#include <stdint.h>

#include "api/notify.h"

/* The configuration notify_configure() kept. */
const struct notify_config *notify_conf(void);
/* The full one-click unsubscribe URL of a person for kind; caller frees. */
char *notify_unsub_url(int64_t user_id, const char *kind);
/* The server secret that signs unsubscribe links; owned here, never freed. */
const char *notify_key(void);

#endif
