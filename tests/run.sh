#!/usr/bin/env bash
# SPDX-License-Identifier: EUPL-1.2
# Runs every test layer and ends with one line "N passed, N failed" that sums
# them all. Each layer prints its own "N passed, N failed" (C harness, shell
# tests) or TAP "# pass N" / "# fail N" (node --test). A layer that crashes
# without a count is one failure.
set -u
cd "$(dirname "$0")/.."
export SCARF_ANALYTICS=false
mkdir -p build/test-logs
total_pass=0
total_fail=0
summary=""

count() { # layer-name logfile exit-code
	local name=$1 log=$2 rc=$3 p f line
	line=$(grep -E '^([A-Za-z]+: )?[0-9]+ passed, [0-9]+ failed' "$log" | tail -1)
	if [ -n "$line" ]; then
		p=$(echo "$line" | sed -E 's/^([A-Za-z]+: )?([0-9]+) passed.*/\2/')
		f=$(echo "$line" | sed -E 's/.* ([0-9]+) failed.*/\1/')
	elif grep -qE '^# pass [0-9]+' "$log"; then
		p=$(grep -E '^# pass [0-9]+' "$log" | tail -1 | awk '{print $3}')
		f=$(grep -E '^# fail [0-9]+' "$log" | tail -1 | awk '{print $3}')
	else
		p=0
		f=1
	fi
	if [ "$rc" -ne 0 ] && [ "$f" -eq 0 ]; then f=1; fi
	total_pass=$((total_pass + p))
	total_fail=$((total_fail + f))
	summary="$summary$(printf '  %-22s %5d passed, %3d failed' "$name" "$p" "$f")\n"
	if [ "$f" -ne 0 ]; then
		echo "---- $name: failures (log: $log) ----"
		grep -vE '^(ok|# Subtest)' "$log" | grep -iE 'fail|error|not ok|assert|expected' | head -40
	fi
}

layer() { # name command...
	local name=$1
	shift
	local log=build/test-logs/$name.log
	mkdir -p "$(dirname "$log")"
	echo "== $name"
	"$@" >"$log" 2>&1
	count "$name" "$log" $?
}

for t in build/tests/test_*; do
	[ -x "$t" ] && layer "unit/$(basename "$t")" "$t"
done
for t in build/asan/tests/test_*; do
	[ -x "$t" ] && layer "asan/$(basename "$t")" env ASAN_OPTIONS=detect_leaks=1 "$t"
done
for t in tests/cli/*.sh; do
	[ -f "$t" ] && layer "cli/$(basename "$t" .sh)" bash "$t" ./scalelab
done
for t in tests/rules/*.sh; do
	[ -f "$t" ] && layer "rules/$(basename "$t" .sh)" bash "$t"
done
if ls tests/e2e/*.test.mjs >/dev/null 2>&1; then
	layer e2e node --test --test-concurrency=1 --test-reporter=tap tests/e2e/
fi
# the real analytics clients (posthog-node, @segment/analytics-node, mixpanel) against the binary
if ls tests/clients/*.test.mjs >/dev/null 2>&1; then
	layer clients node --test --test-concurrency=1 --test-reporter=tap tests/clients/
fi
[ -f tests/durability/run.sh ] && layer durability bash tests/durability/run.sh ./scalelab
[ -f tests/durability/ingest.mjs ] && layer durability-ingest node tests/durability/ingest.mjs ./scalelab
[ -f tests/openapi/lint.sh ] && layer openapi-lint bash tests/openapi/lint.sh ./scalelab
if ls tests/browser/*.test.mjs >/dev/null 2>&1; then
	layer browser node --test --test-concurrency=1 --test-reporter=tap tests/browser/
fi
[ -f tools/fuzz.sh ] && layer fuzz-smoke bash tools/fuzz.sh --smoke "${FUZZ_SMOKE_SECONDS:-5}"

echo
echo "Per layer:"
printf "%b" "$summary"
echo "$total_pass passed, $total_fail failed"
[ "$total_fail" -eq 0 ]
