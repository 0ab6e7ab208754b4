#!/usr/bin/env bash
# SPDX-License-Identifier: EUPL-1.2
# The HTTP part of the event bench (called by bench/events/run.sh): events/s
# durable through PostHog's /batch/ (gzip, 100 events a request) and a
# page's latency under that flood against idle (bench/events/http.mjs).
# The NDJSON argument of run.sh is not needed: http.mjs makes its own
# batches with a fixed seed before the clock starts.
set -euo pipefail
cd "$(dirname "$0")/../.."
make -s scalelab >/dev/null
exec node bench/events/http.mjs ./scalelab "${BENCH_SECONDS:-10}" "${BENCH_CONNECTIONS:-16}"
