#!/usr/bin/env bash
# SPDX-License-Identifier: EUPL-1.2
# Installs what Scalelab needs when it is missing, and stops with a clear
# message when it cannot. Levels: build (C libraries, node, brotli and the
# npm packages the build uses: bundler, CSS trimmer, front-end packages),
# run (the same), test (build + test tools: clang, chromium, npm dev tools),
# bench (test + nginx, wrk).
set -euo pipefail
level=${1:-run}
cd "$(dirname "$0")/.."

build_pkgs="gcc make pkg-config libmicrohttpd-dev libjansson-dev libsqlite3-dev libsodium-dev zlib1g-dev libcurl4-openssl-dev libzstd-dev liblz4-dev libroaring-dev libcmark-dev libstemmer-dev hunspell-nl libhunspell-dev libxlsxwriter-dev libqrencode-dev liboath-dev libcjose-dev libssl-dev john-data brotli nodejs npm"
test_pkgs="clang-14 libclang-rt-14-dev clang-format-14 chromium curl sqlite3 procps"
bench_pkgs="nginx-light wrk"

want="$build_pkgs"
case "$level" in
build | run) ;;
test) want="$want $test_pkgs" ;;
bench) want="$want $test_pkgs $bench_pkgs" ;;
*) echo "deps.sh: unknown level '$level'" >&2; exit 2 ;;
esac

missing=""
for p in $want; do
	# node and npm may come from outside Debian (e.g. nodesource); accept any.
	case "$p" in
	nodejs) command -v node >/dev/null && continue ;;
	npm) command -v npm >/dev/null && continue ;;
	esac
	dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "install ok installed" || missing="$missing $p"
done

if [ -n "$missing" ]; then
	echo "deps: installing$missing" >&2
	if [ "$(id -u)" = 0 ]; then sudo=""; elif command -v sudo >/dev/null; then sudo="sudo"; else
		echo "deps: missing Debian packages:$missing; install them as root (apt-get install$missing)" >&2
		exit 1
	fi
	export DEBIAN_FRONTEND=noninteractive
	if ! { $sudo apt-get update -qq && $sudo apt-get install -y -qq $missing >/tmp/scalelab-apt.log 2>&1; }; then
		echo "deps: apt-get could not install:$missing (see /tmp/scalelab-apt.log)" >&2
		exit 1
	fi
fi

# npm: the packages the build uses (dependencies) for build/run; the test
# tools too (devDependencies) for test/bench, and whenever a tree has them
# already, so that a build never takes the test tools away.
case "$level" in
build | run) stamp=node_modules/.scalelab-run ;;
*) stamp=node_modules/.scalelab-test ;;
esac
if [ ! -f "$stamp" ] || [ package-lock.json -nt "$stamp" ]; then
	export SCARF_ANALYTICS=false
	omit="--omit=dev"
	if [ "$stamp" = node_modules/.scalelab-test ] || [ -f node_modules/.scalelab-test ]; then omit=""; fi
	if ! npm ci --no-audit --no-fund $omit >/tmp/scalelab-npm.log 2>&1; then
		echo "deps: npm ci failed (see /tmp/scalelab-npm.log)" >&2
		exit 1
	fi
	rm -f node_modules/.scalelab-*
	touch node_modules/.scalelab-run
	[ -z "$omit" ] && touch node_modules/.scalelab-test
fi
exit 0
