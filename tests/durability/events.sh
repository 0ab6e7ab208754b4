#!/usr/bin/env bash
# SPDX-License-Identifier: EUPL-1.2
# The event store's SIGKILL test: build/tests/evdriver appends from 4
# threads (and resends every acknowledged batch) into one store directory
# and is killed with SIGKILL at a random moment, ROUNDS times (default 20);
# the store seals small blocks meanwhile (SCALELAB_EVENTS_SEAL_ROWS), so
# kills land in sealing too. After every kill the store is reopened and
# every acknowledged event must be there exactly once, and no event twice.
# The pending dedup and person index entries are merged every 2,000 (kills
# land in merges too). Then a store on a 2 MB file system is filled: -ERR_FULL, no crash; once
# space is freed, exactly the acknowledged events are there.
# Usage: bash tests/durability/events.sh [rounds]. Ends "N passed, N failed".
set -u
cd "$(dirname "$0")/../.."
rounds=${1:-${DURABILITY_ROUNDS:-20}}
drv=build/tests/evdriver
if [ ! -x "$drv" ] && ! make -s "$drv" >/dev/null; then
	echo "events durability: cannot build $drv"
	echo "0 passed, 1 failed"
	exit 1
fi
tmp=$(mktemp -d /tmp/evstore-kill-XXXXXX)
trap 'umount "$tmp/small" 2>/dev/null; rm -rf "$tmp"' EXIT
export SCALELAB_EVENTS_SEAL_ROWS=3000
# merge the pending dedup and person index entries often: kills land in merges too
export SCALELAB_EVENTS_MERGE_AT=2000
passed=0
failed=0
for r in $(seq 1 "$rounds"); do
	"$drv" append "$tmp/ev" "$r" >>"$tmp/acks" 2>"$tmp/err" &
	pid=$!
	# 150..1150 ms: some kills land early (open, first commit), most mid-stream
	sleep "$(awk -v s="$RANDOM" 'BEGIN { srand(s); printf "%.3f", 0.15 + rand() }')"
	kill -9 "$pid" 2>/dev/null
	wait "$pid" 2>/dev/null
	if grep -q "stored again" "$tmp/err"; then
		failed=$((failed + 1))
		echo "not ok $r - $(head -1 "$tmp/err")"
		continue
	fi
	# a line cut by the kill is not an acknowledgement
	sed -i '/^ACK [0-9]* [0-9]* [0-9]*$/!d' "$tmp/acks"
	if out=$("$drv" verify "$tmp/ev" "$tmp/acks"); then
		passed=$((passed + 1))
		echo "ok $r - $out"
	else
		failed=$((failed + 1))
		echo "not ok $r"
		echo "$out" | sed 's/^/  /'
	fi
done
# Disk full: on a 2 MB tmpfs (needs root; skipped, not failed, without).
mnt=$tmp/small
mkdir -p "$mnt"
if mount -t tmpfs -o size=2m tmpfs "$mnt" 2>/dev/null; then
	if acked=$(SCALELAB_EVENTS_SEAL_ROWS=1000000 "$drv" fill "$mnt/ev" 0 2>"$tmp/err") &&
		mount -o remount,size=16m "$mnt" && out=$("$drv" count "$mnt/ev" "$acked"); then
		passed=$((passed + 1))
		echo "ok disk-full - -ERR_FULL after $acked events; space freed: $out"
	else
		failed=$((failed + 1))
		echo "not ok disk-full - $(cat "$tmp/err") ${out:-}"
	fi
	umount "$mnt"
else
	echo "ok disk-full # skip: cannot mount a small tmpfs here"
fi
echo "$passed passed, $failed failed"
[ "$failed" = 0 ]
