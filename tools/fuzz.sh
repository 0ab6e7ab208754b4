#!/usr/bin/env bash
# SPDX-License-Identifier: EUPL-1.2
# Runs every libFuzzer target in build/fuzz for SECONDS each (default 60).
#   tools/fuzz.sh [SECONDS]          a campaign: grows a corpus under
#                                    build/fuzz-corpus from the seeds and
#                                    regression inputs in fuzz/corpus
#   tools/fuzz.sh --smoke [SECONDS]  the test layer: starts from the committed
#                                    fuzz/corpus only, in a fresh directory
#                                    each run, so a grown corpus (or a finding
#                                    a campaign left there) never decides it
# Every committed input runs first. A crash, leak or timeout is written to
# build/fuzz-findings/<target>/; make it a regression input by committing it
# as fuzz/corpus/<target>/regress-<what> after the fix.
# Prints the executions per target and ends with "N passed, N failed".
set -u
cd "$(dirname "$0")/.."
smoke=0
if [ "${1:-}" = --smoke ]; then
	smoke=1
	shift
fi
secs=${1:-60}
pass=0
fail=0
for bin in build/fuzz/fuzz_*; do
	[ -x "$bin" ] || continue
	name=$(basename "$bin")
	if [ "$smoke" = 1 ]; then
		corpus=build/fuzz-smoke/$name
		rm -rf "$corpus"
	else
		corpus=build/fuzz-corpus/$name
	fi
	mkdir -p "$corpus" build/fuzz-findings/"$name"
	[ -d "fuzz/corpus/$name" ] && cp -n fuzz/corpus/"$name"/* "$corpus"/ 2>/dev/null
	log=$corpus.log
	dict=()
	[ -f "fuzz/$name.dict" ] && dict=(-dict="fuzz/$name.dict")
	if ASAN_OPTIONS=detect_leaks=1 "$bin" -max_total_time="$secs" -max_len=65536 -timeout=10 \
		-artifact_prefix=build/fuzz-findings/"$name"/ "${dict[@]}" \
		-print_final_stats=1 "$corpus" >"$log" 2>&1; then
		execs=$(grep -E 'stat::number_of_executed_units' "$log" | awk '{print $2}')
		echo "$name: ok, ${execs:-?} executions in ${secs}s"
		pass=$((pass + 1))
	else
		echo "$name: FAILED (see $log; the input is in build/fuzz-findings/$name/)"
		grep -E 'ERROR|SUMMARY|timeout' "$log" | head -5
		fail=$((fail + 1))
	fi
done
echo "$pass passed, $fail failed"
[ "$fail" -eq 0 ]
