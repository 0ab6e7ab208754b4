# SPDX-License-Identifier: EUPL-1.2
# Scalelab build. `make`, `make run` and `make test` install what is
# missing (tools/deps.sh) first, so each works on a fresh clone.

CC      ?= cc
CLANG   ?= clang-14
CSTD     = -std=c17 -D_GNU_SOURCE
WARN     = -Wall -Wextra -Werror -Wshadow -Wmissing-prototypes
CFLAGS  ?= -O2 -g
INC      = -Isrc -Ibuild/gen
PKGS     = libmicrohttpd jansson sqlite3 libsodium zlib libcurl libzstd liblz4 libcmark hunspell xlsxwriter libqrencode liboath cjose libcrypto
PKG_CFLAGS = $(shell pkg-config --cflags $(PKGS) 2>/dev/null)
PKG_LIBS   = $(shell pkg-config --libs $(PKGS) 2>/dev/null) -lroaring -lstemmer -lm -lpthread

SRC      = $(sort $(shell find src -name '*.c' ! -name main.c))
OBJ      = $(SRC:%.c=build/%.o) build/gen/assets.o
AOBJ     = $(SRC:%.c=build/asan/%.o) build/asan/gen/assets.o
UNIT     = $(sort $(wildcard tests/unit/test_*.c))
UNITBIN  = $(UNIT:tests/unit/%.c=build/tests/%)
UNITASAN = $(UNIT:tests/unit/%.c=build/asan/tests/%)
FUZZ     = $(sort $(wildcard fuzz/fuzz_*.c))
FUZZBIN  = $(FUZZ:fuzz/%.c=build/fuzz/%)
# Static files are served from build/web/static: web/static as it is, the
# chart bundle (esbuild, only the ECharts parts charts.js imports), the npm
# stylesheets of tools/npm-assets.txt trimmed to what the templates use,
# and a .gz and .br form of each. Templates are found wherever they live.
STATIC_SRC = $(sort $(shell find web/static -type f 2>/dev/null))
STATIC_CSS = $(addprefix build/web/static/,$(shell awk '!/^\#/ && NF {print $$1}' tools/npm-assets.txt 2>/dev/null))
STATIC   = $(STATIC_SRC:%=build/%) build/web/static/charts.js $(STATIC_CSS)
PAGES    = $(shell find . \( -name node_modules -o -name build -o -name tests -o -name .git \) -prune -o -name '*.html' -print 2>/dev/null)
NPM_STAMP = node_modules/.scalelab-run
ASSETS   = $(sort $(shell find web/templates web/openapi web/demo i18n methods -type f 2>/dev/null)) \
           $(STATIC) $(STATIC:%=%.gz) $(STATIC:%=%.br) build/security/common-passwords.txt
ASAN     = -fsanitize=address,undefined -fno-omit-frame-pointer -fno-sanitize-recover=all

PORT    ?= 8080
DB      ?= scalelab.db

.SECONDARY:
.PHONY: all deps deps-build deps-test run test unit unit-asan fuzz fuzz-smoke bench bench-weight bench-events bench-metrics soak clean format

# Dependencies first, then the build: a parallel make never races npm ci.
all: deps-build
	@$(MAKE) --no-print-directory scalelab

deps-build:
	@tools/deps.sh build

deps:
	@tools/deps.sh run

deps-test:
	@tools/deps.sh test

scalelab: build/src/main.o $(OBJ)
	@echo "  LINK    $@"
	@$(CC) -o $@ $^ $(PKG_LIBS)

build/%.o: %.c $(wildcard src/*/*.h)
	@mkdir -p $(dir $@)
	@echo "  CC      $<"
	@$(CC) $(CSTD) $(WARN) $(CFLAGS) $(INC) $(PKG_CFLAGS) -MMD -MP -c -o $@ $<

build/asan/%.o: %.c $(wildcard src/*/*.h)
	@mkdir -p $(dir $@)
	@echo "  CC/ASAN $<"
	@$(CC) $(CSTD) $(WARN) -O1 -g $(ASAN) $(INC) $(PKG_CFLAGS) -c -o $@ $<

build/tools/embed: tools/embed.c
	@mkdir -p $(dir $@)
	$(CC) $(CSTD) $(WARN) -O2 -o $@ $<

# What building needs from apt and npm (C libraries, node, brotli, the
# bundler and the front-end packages); tools/deps.sh skips what is there.
$(NPM_STAMP): package-lock.json tools/deps.sh
	@tools/deps.sh build
	@touch $@

build/web/static/%: web/static/%
	@mkdir -p $(dir $@)
	@cp $< $@

build/web/static/charts.js: $(wildcard web/bundle/*.js) $(NPM_STAMP)
	@mkdir -p $(dir $@)
	@echo "  BUNDLE  $@"
	@node_modules/.bin/esbuild web/bundle/charts.js --bundle --minify --format=iife --target=es2017 \
		--log-level=warning --outfile=$@

$(STATIC_CSS) &: tools/css-trim.mjs tools/npm-assets.txt $(PAGES) $(wildcard web/bundle/*.js web/static/*.css) $(NPM_STAMP)
	@node tools/css-trim.mjs build/web/static

# -n: no name or time in the header, so the same input gives the same bytes.
build/web/static/%.gz: build/web/static/%
	@gzip -9 -n -c $< >$@.tmp && mv $@.tmp $@

build/web/static/%.br: build/web/static/%
	@brotli -q 11 -c $< >$@.tmp && mv $@.tmp $@

# The common passwords every password change refuses: Openwall's list from
# Debian's john-data (public domain; installed by tools/deps.sh) and our own
# Dutch additions, lower-cased, sorted bytewise for a binary search.
build/security/common-passwords.txt: security/common-passwords-nl.txt
	@mkdir -p $(dir $@)
	@{ grep -v '^#!comment' /usr/share/john/password.lst; cat $<; } | tr 'A-Z' 'a-z' | \
		LC_ALL=C sort -u >$@.tmp && mv $@.tmp $@

build/gen/assets.c: build/tools/embed $(ASSETS)
	@mkdir -p $(dir $@)
	@echo "  EMBED   $(words $(ASSETS)) files"
	@build/tools/embed $@ $(ASSETS)

build/gen/assets.o: build/gen/assets.c
	$(CC) $(CSTD) -O0 -c -o $@ $<

build/asan/gen/assets.o: build/gen/assets.c
	@mkdir -p $(dir $@)
	$(CC) $(CSTD) -O0 -c -o $@ $<

build/libscalelab.a: $(OBJ)
	@rm -f $@
	@ar rcs $@ $^

build/asan/libscalelab.a: $(AOBJ)
	@rm -f $@
	@ar rcs $@ $^

build/tests/%: tests/unit/%.c build/libscalelab.a $(wildcard tests/unit/*.h)
	@mkdir -p $(dir $@)
	@echo "  LINK    $@"
	@$(CC) $(CSTD) $(WARN) -Wno-missing-prototypes -O1 -g $(INC) $(PKG_CFLAGS) -o $@ $< build/libscalelab.a $(PKG_LIBS)

build/asan/tests/%: tests/unit/%.c build/asan/libscalelab.a $(wildcard tests/unit/*.h)
	@mkdir -p $(dir $@)
	@echo "  LINK    $@"
	@$(CC) $(CSTD) $(WARN) -Wno-missing-prototypes -O1 -g $(ASAN) $(INC) $(PKG_CFLAGS) -o $@ $< build/asan/libscalelab.a $(PKG_LIBS)

# The event store's SIGKILL driver (tests/durability/events.sh) and its
# bench (bench/events/run.sh) link the library like the unit tests.
build/tests/evdriver: tests/durability/evdriver.c build/libscalelab.a
	@mkdir -p $(dir $@)
	@echo "  LINK    $@"
	@$(CC) $(CSTD) $(WARN) -O2 -g $(INC) $(PKG_CFLAGS) -o $@ $< build/libscalelab.a $(PKG_LIBS)

build/bench/evbench: bench/events/evbench.c build/libscalelab.a
	@mkdir -p $(dir $@)
	@echo "  LINK    $@"
	@$(CC) $(CSTD) $(WARN) -O2 -g $(INC) $(PKG_CFLAGS) -o $@ $< build/libscalelab.a $(PKG_LIBS)

build/bench/metbench: bench/metrics/metbench.c build/libscalelab.a
	@mkdir -p $(dir $@)
	@echo "  LINK    $@"
	@$(CC) $(CSTD) $(WARN) -O2 -g $(INC) $(PKG_CFLAGS) -o $@ $< build/libscalelab.a $(PKG_LIBS)

# libFuzzer targets link the sources built with clang and sanitizers.
FOBJ     = $(SRC:%.c=build/fz/%.o)
build/fz/%.o: %.c $(wildcard src/*/*.h)
	@mkdir -p $(dir $@)
	@echo "  CC/FUZZ $<"
	@$(CLANG) $(CSTD) $(WARN) -g -O1 -fsanitize=fuzzer-no-link,address,undefined -ffunction-sections -fdata-sections $(INC) $(PKG_CFLAGS) -c -o $@ $<

# A target links only the objects it uses (an archive, and --gc-sections
# drops unused functions with their coverage counters): libFuzzer walks every
# counter after each input, so 71 KB of unrelated counters cost a quarter of
# the executions of a target like fuzz_method. Each function has its own
# section, so the functions an object carries that the target never calls
# go too (fuzz_page kept 64 KB of counters of the API code around page.c).
build/fz/libscalelab.a: $(FOBJ)
	@rm -f $@
	@ar rcs $@ $^

build/fuzz/%: fuzz/%.c build/fz/libscalelab.a build/gen/assets.o
	@mkdir -p $(dir $@)
	@echo "  LINK    $@"
	@$(CLANG) $(CSTD) -g -O1 -fsanitize=fuzzer,address,undefined $(INC) $(PKG_CFLAGS) \
		-o $@ $< build/fz/libscalelab.a build/gen/assets.o $(PKG_LIBS) -Wl,--gc-sections

unit: $(UNITBIN)
unit-asan: $(UNITASAN)

# The demo runs with --require-mfa none so it can be tried without an
# authenticator app; a real deployment keeps the default (every beheerder
# and administrator signs in in two steps).
run: deps scalelab
	@test -f $(DB) || ./scalelab init --db $(DB) --demo
	@echo
	@echo "  Scalelab: http://127.0.0.1:$(PORT)/"
	@echo "  demo login: demo@scalelab.test / demo-opschalen-2026 (stop with Ctrl-C)"
	@echo
	@./scalelab serve --db $(DB) --listen 127.0.0.1:$(PORT) --require-mfa none

test: deps-test scalelab $(UNITBIN) $(UNITASAN) $(FUZZBIN) build/tests/evdriver
	@tests/run.sh

fuzz: deps-test $(FUZZBIN)
	@tools/fuzz.sh $(or $(FUZZ_SECONDS),60) $(FUZZ_TARGETS)

bench: deps-test scalelab
	@bench/run.sh
	@$(MAKE) --no-print-directory bench-events
	@$(MAKE) --no-print-directory bench-metrics

# The event store: direct durable appends, bytes per event against DuckDB
# and SQLite (EVENTS_N=100000 for a quick run; default 10 M events).
bench-events: deps-test build/bench/evbench
	@bench/events/run.sh

# The metric kernels against DuckDB and SQLite on the events bench's data
# (METRICS_N=1000000 for a quick run; default 10 M; BENCH_FULL=1 adds 30 M).
bench-metrics: deps-test build/bench/metbench
	@bench/metrics/run.sh

bench-weight: deps-test scalelab
	@bench/run.sh weight

# Ten minutes of mixed load with RSS sampled (SOAK_SECONDS=60 for a short
# run); not part of make test.
soak: deps-test scalelab
	@tests/soak/run.sh

format:
	clang-format-14 -i $$(find src tests fuzz tools -name '*.[ch]')

clean:
	rm -rf build scalelab

-include $(shell find build -name '*.d' 2>/dev/null)
