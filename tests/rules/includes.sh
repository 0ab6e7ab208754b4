#!/usr/bin/env bash
# SPDX-License-Identifier: EUPL-1.2
# includes: the layers under src/ point one way (docs/architecture, DESIGN §2).
# Every #include "..." in src/ is resolved the way the compiler does (the
# including file's directory first, then -Isrc) and its target layer must be
# allowed for the including layer; <sqlite3.h> belongs to store and
# <microhttpd.h> to http. A violation prints "file:line: message".
# One check per file, plus one that plants a violation in a scratch tree and
# expects it caught, so this check can fail. Usage: includes.sh [root]
set -u
root=${1:-$(cd "$(dirname "$0")/../.." && pwd)}

# Which layers each layer may include (its own layer is always allowed, and
# so is src/version.h). "http:a.h" allows one header of a layer only.
allowed() {
	case $1 in
	lib) echo "" ;;
	domain) echo "lib" ;;
	store) echo "domain lib" ;; # domain types only: not machine-checked yet
	api) echo "domain store lib" ;;
	view) echo "domain lib" ;;
	http) echo "api view events lib" ;; # events: the ingestion paths (events/ingest.h)
	events) echo "domain store lib" ;;
	# the command line assembles the program: it starts the server and
	# lists the routes, but never reaches into other http internals
	cli) echo "api view store domain events lib http:server.h http:route.h" ;;
	main) echo "cli" ;;
	*) return 1 ;;
	esac
}

# check_tree ROOT: checks ROOT/src; prints violations, sets pass/fail.
check_tree() {
	local top=$1 f rel layer allow line n inc target tlayer ok a bad
	pass=0
	fail=0
	while IFS= read -r f; do
		rel=${f#"$top"/}
		case $rel in
		src/main.c) layer=main ;;
		src/*/*) layer=${rel#src/} layer=${layer%%/*} ;;
		*) layer=root ;;
		esac
		bad=0
		if [ "$layer" != root ] && ! allow=$(allowed "$layer"); then
			echo "$rel:1: layer '$layer' is not in the include rules (tests/rules/includes.sh)"
			fail=$((fail + 1))
			continue
		fi
		while IFS= read -r line; do
			n=${line%%:*}
			inc=${line#*:}
			if [[ $inc =~ ^[[:space:]]*#[[:space:]]*include[[:space:]]*\<([^>]+)\> ]]; then
				inc=${BASH_REMATCH[1]}
				case "$inc:$layer" in
				sqlite3.h:store | microhttpd.h:http | sqlite3.h:root | microhttpd.h:root) ;;
				sqlite3.h:* | microhttpd.h:*)
					echo "$rel:$n: <$inc> belongs to the ${inc%%.h} owner layer ($([ "$inc" = sqlite3.h ] && echo store || echo http)), not $layer"
					bad=1
					;;
				esac
				continue
			fi
			[[ $inc =~ ^[[:space:]]*#[[:space:]]*include[[:space:]]*\"([^\"]+)\" ]] || continue
			inc=${BASH_REMATCH[1]}
			if [[ $inc == *..* ]]; then
				echo "$rel:$n: include \"$inc\" climbs with '..'; name it from src/"
				bad=1
				continue
			fi
			if [ -f "$(dirname "$f")/$inc" ]; then
				target=$(dirname "$rel")/$inc
			elif [ -f "$top/src/$inc" ]; then
				target=src/$inc
			elif [ -f "$top/build/gen/$inc" ] || [[ $inc == gen/* ]]; then
				continue # generated assets table, a lib-level artefact
			else
				echo "$rel:$n: include \"$inc\" does not resolve to a file under src/"
				bad=1
				continue
			fi
			case $target in
			src/*/*) tlayer=${target#src/} tlayer=${tlayer%%/*} ;;
			*) continue ;; # src/version.h: constants for everyone
			esac
			[ "$tlayer" = "$layer" ] && continue
			ok=0
			for a in $allow; do
				if [ "$a" = "$tlayer" ] || [ "$a" = "$tlayer:${target##*/}" ]; then
					ok=1
					break
				fi
			done
			if [ $ok = 0 ]; then
				echo "$rel:$n: $layer may not include $tlayer (\"$inc\"); allowed: ${allow:-none outside its own layer}"
				bad=1
			fi
		done < <(grep -nE '^[[:space:]]*#[[:space:]]*include' "$f")
		if [ $bad = 0 ]; then pass=$((pass + 1)); else fail=$((fail + 1)); fi
	done < <(find "$top/src" -type f \( -name '*.c' -o -name '*.h' \) | sort)
}

# The check must be able to fail: a scratch tree with known violations.
scratch=$(mktemp -d)
trap 'rm -rf "$scratch"' EXIT
mkdir -p "$scratch/src/domain" "$scratch/src/api" "$scratch/src/http" "$scratch/src/lib"
printf '#include "lib/buf.h"\n#include <stdio.h>\n' >"$scratch/src/domain/good.c"
printf '#include "http/route.h"\n' >"$scratch/src/api/bad.c"
printf '#include "store/db.h"\n' >"$scratch/src/domain/bad.c"
printf '#include <sqlite3.h>\n' >"$scratch/src/http/bad.c"
mkdir -p "$scratch/src/store"
touch "$scratch/src/lib/buf.h" "$scratch/src/http/route.h" "$scratch/src/store/db.h"
planted=$(check_tree "$scratch")
self_ok=1
for want in 'src/api/bad.c:1: api may not include http' 'src/domain/bad.c:1: domain may not include store' \
	'src/http/bad.c:1: <sqlite3.h> belongs to'; do
	if ! grep -qF "$want" <<<"$planted"; then
		echo "includes.sh: self-test did not report '$want'; got:"
		echo "$planted"
		self_ok=0
	fi
done
if grep -q 'good.c' <<<"$planted"; then
	echo "includes.sh: self-test flagged an allowed include: $planted"
	self_ok=0
fi

check_tree "$root"
if [ $self_ok = 1 ]; then pass=$((pass + 1)); else fail=$((fail + 1)); fi
echo "$pass passed, $fail failed"
[ "$fail" -eq 0 ]
