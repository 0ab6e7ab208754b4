#!/usr/bin/env bash
# SPDX-License-Identifier: EUPL-1.2
# Durability layer: SIGKILL the server while it acknowledges writes, restart,
# and find every acknowledged initiative (see crash.mjs). Usage:
#   bash tests/durability/run.sh ./scalelab [rounds]   (default 20 rounds)
set -u
bin=${1:-./scalelab}
rounds=${2:-${DURABILITY_ROUNDS:-20}}
if [ ! -x "$bin" ]; then
	echo "durability: $bin is not an executable (run 'make scalelab')"
	echo "0 passed, 1 failed"
	exit 1
fi
for tool in node sqlite3; do
	if ! command -v "$tool" >/dev/null; then
		echo "durability: $tool is missing (tools/deps.sh test installs it)"
		echo "0 passed, 1 failed"
		exit 1
	fi
done
exec node "$(dirname "$0")/crash.mjs" "$bin" "$rounds"
