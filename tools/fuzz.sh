#!/usr/bin/env bash
# SPDX-License-Identifier: EUPL-1.2
# Runs every libFuzzer target in build/fuzz for SECONDS each (default 60),
# growing a corpus under build/fuzz-corpus from the seeds in fuzz/corpus.
# Prints the executions per target and ends with "N passed, N failed".
set -u
cd "$(dirname "$0")/.."
secs=${1:-60}
pass=0
fail=0
for bin in build/fuzz/fuzz_*; do
	[ -x "$bin" ] || continue
	name=$(basename "$bin")
	corpus=build/fuzz-corpus/$name
	mkdir -p "$corpus"
	[ -d "fuzz/corpus/$name" ] && cp -n fuzz/corpus/"$name"/* "$corpus"/ 2>/dev/null
	log=build/fuzz-corpus/$name.log
	if ASAN_OPTIONS=detect_leaks=1 "$bin" -max_total_time="$secs" -max_len=65536 -timeout=10 \
		-print_final_stats=1 "$corpus" >"$log" 2>&1; then
		execs=$(grep -E 'stat::number_of_executed_units' "$log" | awk '{print $2}')
		echo "$name: ok, ${execs:-?} executions in ${secs}s"
		pass=$((pass + 1))
	else
		echo "$name: FAILED (see $log)"
		grep -E 'ERROR|SUMMARY' "$log" | head -5
		fail=$((fail + 1))
	fi
done
echo "$pass passed, $fail failed"
[ "$fail" -eq 0 ]
