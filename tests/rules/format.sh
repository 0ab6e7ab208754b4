#!/usr/bin/env bash
# SPDX-License-Identifier: EUPL-1.2
# check-format: every C file under src tests fuzz tools is formatted as
# .clang-format says (clang-format --dry-run --Werror). Prints clang-format's
# "file:line:col: error: code should be clang-formatted" for each offence.
# One check per file, plus one that feeds a badly formatted file and expects
# it caught, so this check can fail. Usage: check-format.sh [clang-format]
# A layer of tests/run.sh (tests/rules/*.sh).
set -u
# the repository root is where .clang-format is, wherever this script lives
root=$(cd "$(dirname "$0")" && pwd)
while [ ! -f "$root/.clang-format" ] && [ "$root" != / ]; do root=$(dirname "$root"); done
cd "$root" || exit 1
cf=${1:-}
if [ -z "$cf" ]; then
	# the formatting differs between releases: pin the one deps.sh installs
	for c in clang-format-14 clang-format; do
		command -v "$c" >/dev/null && { cf=$c; break; }
	done
fi
if [ -z "$cf" ]; then
	echo "check-format: clang-format-14 not found (apt-get install clang-format-14)"
	echo "0 passed, 1 failed"
	exit 1
fi
pass=0
fail=0

# self-test: a file against the repository's style must be reported
scratch=$(mktemp -d)
trap 'rm -rf "$scratch"' EXIT
cp .clang-format "$scratch/"
printf 'int  main( void ){return 0;}\n' >"$scratch/bad.c"
if "$cf" --dry-run --Werror "$scratch/bad.c" >/dev/null 2>&1; then
	echo "check-format: self-test: $cf accepted a badly formatted file"
	fail=$((fail + 1))
else
	pass=$((pass + 1))
fi

while IFS= read -r f; do
	if "$cf" --dry-run --Werror "$f" 2>"$scratch/err"; then
		pass=$((pass + 1))
	else
		# first offence per file is enough to find it; the count says how many
		grep -m1 'error:' "$scratch/err"
		echo "$f: $(grep -c 'error:' "$scratch/err") places differ from .clang-format"
		fail=$((fail + 1))
	fi
done < <(find src tests fuzz tools -type f \( -name '*.c' -o -name '*.h' \) ! -path '*/node_modules/*' | sort)

echo "$pass passed, $fail failed"
[ "$fail" -eq 0 ]
