#!/usr/bin/env bash
# SPDX-License-Identifier: EUPL-1.2
# Durability layer: SIGKILL the server while it acknowledges writes, restart,
# and find every acknowledged initiative (see crash.mjs); then the same for
# the embedded event store's appends (events.sh). Usage:
#   bash tests/durability/run.sh ./scalelab [rounds]   (default 20 rounds)
# Ends with the summed "N passed, N failed".
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
here=$(dirname "$0")
out=$(mktemp /tmp/durability-XXXXXX)
trap 'rm -f "$out"' EXIT
node "$here/crash.mjs" "$bin" "$rounds" | tee "$out"
bash "$here/events.sh" "$rounds" | tee -a "$out"
grep -E '^[0-9]+ passed, [0-9]+ failed$' "$out" |
	awk '{ p += $1; f += $3 } END { printf "%d passed, %d failed\n", p, f; exit f > 0 }'
