/* SPDX-License-Identifier: EUPL-1.2 */
/* log: one line per event on stderr, UTC timestamp first. Never log secrets. */
#ifndef SL_LOG_H
#define SL_LOG_H

void log_info(const char *fmt, ...) __attribute__((format(printf, 1, 2)));
void log_error(const char *fmt, ...) __attribute__((format(printf, 1, 2)));

#endif
