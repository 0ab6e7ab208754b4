#!/usr/bin/env bash
# SPDX-License-Identifier: EUPL-1.2
# Runs every libFuzzer target in build/fuzz (or only the TARGETs named) for
# SECONDS each (default 60).
#   tools/fuzz.sh [SECONDS] [TARGET...]  a campaign: replays the regression
#                                    inputs (regress-*) in fuzz/corpus once,
#                                    then grows a corpus under
#                                    build/fuzz-corpus from the seeds there
#   tools/fuzz.sh --smoke [SECONDS]  the test layer: starts from the committed
#                                    fuzz/corpus only, in a fresh directory
#                                    each run, so a grown corpus (or a finding
#                                    a campaign left there) never decides it
# Every committed input runs first. A crash, leak or timeout is written to
# build/fuzz-findings/<target>/; make it a regression input by committing it
# as fuzz/corpus/<target>/regress-<what> after the fix.
# A target's fuzz/<target>.options (the libFuzzer section of the OSS-Fuzz
# format: "max_len = N" caps its input size, default 64 KiB; any other
# "name = value" line is passed as -name=value).
# Prints the executions per target, and per second of CPU the target got
# (on a shared machine the wall-clock rate says more about the neighbours),
# the coverage libFuzzer reached (cov: edges, ft: features) and the load
# average, and ends with "N passed, N failed".
set -u
cd "$(dirname "$0")/.."
smoke=0
if [ "${1:-}" = --smoke ]; then
	smoke=1
	shift
fi
secs=${1:-60}
[ $# -gt 0 ] && shift
want=" $* "
pass=0
fail=0
for bin in build/fuzz/fuzz_*; do
	[ -x "$bin" ] || continue
	name=$(basename "$bin")
	[ "$want" = "  " ] || [[ "$want" == *" $name "* ]] || continue
	if [ "$smoke" = 1 ]; then
		corpus=build/fuzz-smoke/$name
		rm -rf "$corpus"
	else
		corpus=build/fuzz-corpus/$name
	fi
	mkdir -p "$corpus" build/fuzz-findings/"$name"
	log=$corpus.log
	regress=()
	if [ "$smoke" = 1 ]; then
		[ -d "fuzz/corpus/$name" ] && cp fuzz/corpus/"$name"/* "$corpus"/ 2>/dev/null
	elif [ -d "fuzz/corpus/$name" ]; then
		# a campaign replays the regression inputs once and grows its
		# corpus from the seeds: a finding is often a large or slow input
		# (a 4,000-byte CSV field, a template that renders 2^depth times),
		# and as a seed it set libFuzzer's length limit from the start and
		# halved the executions of fuzz_okr_csv
		for f in fuzz/corpus/"$name"/*; do
			case $(basename "$f") in
			regress-*) regress+=("$f") ;;
			*) cp -n "$f" "$corpus"/ ;;
			esac
		done
	fi
	if [ ${#regress[@]} -gt 0 ] && ! env ASAN_OPTIONS=detect_leaks=1 "$bin" -timeout=10 "${regress[@]}" >"$log" 2>&1; then
		echo "$name: FAILED on a regression input (see $log)"
		grep -E 'ERROR|SUMMARY|timeout|Running' "$log" | tail -5
		fail=$((fail + 1))
		continue
	fi
	dict=()
	[ -f "fuzz/$name.dict" ] && dict=(-dict="fuzz/$name.dict")
	max_len=65536
	opts=()
	if [ -f "fuzz/$name.options" ]; then
		v=$(sed -n 's/^[[:space:]]*max_len[[:space:]]*=[[:space:]]*\([0-9][0-9]*\).*/\1/p' "fuzz/$name.options")
		[ -n "$v" ] && max_len=$v
		# every other "name = value" line of the file becomes -name=value
		while read -r o; do
			opts+=("-$o")
		done < <(sed -n 's/^[[:space:]]*\([a-z_]*\)[[:space:]]*=[[:space:]]*\([^[:space:]]*\).*/\1=\2/p' \
			"fuzz/$name.options" | grep -v '^max_len=')
	fi
	rm -f "$corpus.cpu"
	timer=()
	[ -x /usr/bin/time ] && timer=(/usr/bin/time -f 'cpu %U %S' -o "$corpus.cpu")
	if "${timer[@]}" env ASAN_OPTIONS=detect_leaks=1 "$bin" -max_total_time="$secs" -max_len="$max_len" -timeout=10 \
		-artifact_prefix=build/fuzz-findings/"$name"/ "${dict[@]}" "${opts[@]}" \
		-print_final_stats=1 "$corpus" >"$log" 2>&1; then
		execs=$(grep -E 'stat::number_of_executed_units' "$log" | awk '{print $2}')
		cpu=$(awk '/^cpu/{print $2 + $3}' "$corpus.cpu" 2>/dev/null)
		per=$(awk -v e="${execs:-0}" -v c="${cpu:-0}" 'BEGIN{printf "%.0f", (c > 0 ? e / c : 0)}')
		cov=$(grep -E '^#[0-9]+' "$log" | tail -1 | grep -oE 'cov: [0-9]+ ft: [0-9]+')
		load=$(cut -d' ' -f1-3 /proc/loadavg)
		echo "$name: ok, ${execs:-?} executions in ${secs}s (${cpu:-?} s of CPU: $per per CPU-second; ${cov:-cov: ?}; load $load)"
		pass=$((pass + 1))
	else
		echo "$name: FAILED (see $log; the input is in build/fuzz-findings/$name/)"
		grep -E 'ERROR|SUMMARY|timeout' "$log" | head -5
		fail=$((fail + 1))
	fi
done
echo "$pass passed, $fail failed"
[ "$fail" -eq 0 ]
