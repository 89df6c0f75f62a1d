# rgx — the radiogenomics explorer.  Hand-written Makefile (see STYLE: Lua, Redis).
#   make            build ./rgx
#   make check      install missing Debian packages, build, run every test
#                   (ends with "N passed, N failed (checks in F files)")
#   make unit       build and run only the unit tests (tests/unit)
#   make sessions   build and run only the golden sessions (tests/sessions)
#   make demo       install missing packages, build, run the demo (out/: figures, tables, report.html)
#   make report-figure  the demo, then manual/figures/demo_report.png from its report (chromium)
#   make bench      benchmarks (prints R's time and the ratio when R is installed)
#   make SANITIZE=1 check   the same under AddressSanitizer + UBSan
#   make fuzz       libFuzzer (clang) on every reader, FUZZ_TIME seconds each
#   make valgrind   the golden sessions under valgrind (leaks, invalid reads)
#   make man        rewrite manual/rgx.1's COMMANDS section from repl/commands.def
#
# Flags (as Redis's FINAL_CFLAGS): the project's own flags live in RGX_*
# variables and are always used; the user's CPPFLAGS, CFLAGS, LDFLAGS and
# LDLIBS are added after them, so `make CFLAGS=-O3` changes the
# optimisation and keeps -std=c11, the warnings and -pthread.  OPT
# (default -O2 -g) is the part a user's CFLAGS overrides by coming later;
# `make OPT=-O0` replaces it outright.

VERSION   = 0.1.0
PREFIX   ?= /usr/local
DESTDIR  ?=
CC       ?= cc
OPT      ?= -O2 -g
CFLAGS_W  = -Wall -Wextra -Wshadow -Wstrict-prototypes -Wno-unused-parameter
PKGS      = gsl readline

# OpenBLAS as the CBLAS behind gsl_blas_*, falling back to GSL's own cblas.
BLAS_CFLAGS := $(shell pkg-config --cflags openblas 2>/dev/null)
BLAS_LIBS   := $(shell pkg-config --libs openblas 2>/dev/null)
GSL_LIBS    := $(shell pkg-config --libs gsl 2>/dev/null || echo -lgsl -lgslcblas -lm)
ifneq ($(BLAS_LIBS),)
GSL_LIBS := $(filter-out -lgslcblas,$(GSL_LIBS))
else
BLAS_LIBS :=
endif
RL_LIBS  := $(shell pkg-config --libs readline 2>/dev/null || echo -lreadline)

RGX_CPPFLAGS = -I. -D_GNU_SOURCE -DRGX_VERSION='"$(VERSION)"' -MMD -MP \
               $(shell pkg-config --cflags gsl 2>/dev/null) $(BLAS_CFLAGS)
RGX_CFLAGS   = -std=c11 $(CFLAGS_W) -pthread $(OPT)
RGX_LDFLAGS  =
RGX_LIBS     = $(GSL_LIBS) $(BLAS_LIBS) $(RL_LIBS) -lz -lm -pthread

ifeq ($(SANITIZE),1)
RGX_CFLAGS  += -fsanitize=address,undefined -fno-omit-frame-pointer -fno-sanitize-recover=undefined
RGX_LDFLAGS += -fsanitize=address,undefined
endif

# what every rule uses: the project's flags, then the user's
FINAL_CPPFLAGS = $(RGX_CPPFLAGS) $(CPPFLAGS)
FINAL_CFLAGS   = $(RGX_CFLAGS) $(CFLAGS)
FINAL_LDFLAGS  = $(RGX_LDFLAGS) $(LDFLAGS)
FINAL_LIBS     = $(RGX_LIBS) $(LDLIBS)

STATS_SRC = $(wildcard stats/*.c)
IO_SRC    = $(wildcard io/*.c)
PLOTS_SRC = $(wildcard plots/*.c)
REPL_SRC  = $(filter-out repl/main.c,$(wildcard repl/*.c))
LIB_SRC   = $(STATS_SRC) $(IO_SRC) $(PLOTS_SRC) $(REPL_SRC)
LIB_OBJ   = $(LIB_SRC:.c=.o)
UNIT_SRC  = $(wildcard tests/unit/test_*.c)
UNIT_BIN  = $(UNIT_SRC:.c=)
FUZZ_SRC  = $(wildcard tests/fuzz/fuzz_*.c)
FUZZ_NAMES = $(patsubst tests/fuzz/fuzz_%.c,%,$(FUZZ_SRC))
# each fuzz target also builds with the normal compiler as a replay driver
# that make check runs over tests/fuzz/regress/NAME (crashes found, kept)
REPLAY_BIN = $(patsubst tests/fuzz/fuzz_%.c,tests/fuzz/replay_%,$(FUZZ_SRC))
DEPS      = $(LIB_OBJ:.o=.d) repl/main.d $(UNIT_SRC:.c=.d) bench/gen.d bench/dgemm.d bench/glmnet_bench.d bench/validate_bench.d \
            $(FUZZ_SRC:.c=.d) tests/fuzz/replay.d

.PHONY: all deps check unit sessions demo report-figure bench install uninstall clean fuzz fuzz-cc valgrind man
# the test binaries' objects are kept (not deleted as intermediates: no
# rebuild, and no "rm …" line after make unit's final count)
.SECONDARY: $(UNIT_SRC:.c=.o) $(FUZZ_SRC:.c=.o) tests/fuzz/replay.o
all: rgx

%.o: %.c
	$(CC) $(FINAL_CPPFLAGS) $(FINAL_CFLAGS) -c -o $@ $<

librgx.a: $(LIB_OBJ)
	$(AR) rcs $@ $^

rgx: repl/main.o librgx.a
	$(CC) $(FINAL_CFLAGS) $(FINAL_LDFLAGS) -o $@ repl/main.o librgx.a $(FINAL_LIBS)

tests/unit/%: tests/unit/%.o librgx.a
	$(CC) $(FINAL_CFLAGS) $(FINAL_LDFLAGS) -o $@ $< librgx.a $(FINAL_LIBS)

tests/fuzz/replay_%: tests/fuzz/fuzz_%.o tests/fuzz/replay.o librgx.a
	$(CC) $(FINAL_CFLAGS) $(FINAL_LDFLAGS) -o $@ $< tests/fuzz/replay.o librgx.a $(FINAL_LIBS)

bench/gen: bench/gen.o
	$(CC) $(FINAL_CFLAGS) $(FINAL_LDFLAGS) -o $@ $< -lm

bench/dgemm: bench/dgemm.o
	$(CC) $(FINAL_CFLAGS) $(FINAL_LDFLAGS) -o $@ $< $(FINAL_LIBS)

bench/glmnet_bench: bench/glmnet_bench.o librgx.a
	$(CC) $(FINAL_CFLAGS) $(FINAL_LDFLAGS) -o $@ $< librgx.a $(FINAL_LIBS)

bench/validate_bench: bench/validate_bench.o librgx.a
	$(CC) $(FINAL_CFLAGS) $(FINAL_LDFLAGS) -o $@ $< librgx.a $(FINAL_LIBS)

deps:
	@sh tools/deps.sh

check: deps
	@$(MAKE) --no-print-directory rgx $(UNIT_BIN) $(REPLAY_BIN)
	@sh tests/run.sh $(UNIT_BIN)

# parts of make check (tests/run.sh takes the kinds to run)
unit: $(UNIT_BIN)
	@sh tests/run.sh unit $(UNIT_BIN)

sessions: rgx
	@sh tests/run.sh sessions

# libFuzzer: the library rebuilt with clang under ASan + UBSan into fuzz/,
# one binary per target, each run FUZZ_TIME seconds on its corpus
# (fuzz/corpus/NAME, seeded from tests/data and tests/malformed); crashes
# land in fuzz/crashes/NAME.  Needs clang (make deps does not install it).
FUZZ_CC   ?= clang
FUZZ_TIME ?= 600
FUZZ_FLAGS = -g -O1 -fno-omit-frame-pointer -fsanitize=address,undefined -fno-sanitize-recover=undefined
FUZZ_OBJ  = $(patsubst %.c,fuzz/obj/%.o,$(LIB_SRC))
fuzz/obj/%.o: %.c
	@mkdir -p $(dir $@)
	$(FUZZ_CC) $(FINAL_CPPFLAGS) -std=c11 -pthread $(FUZZ_FLAGS) $(CFLAGS) -fsanitize=fuzzer-no-link -c -o $@ $<
fuzz/librgx.a: $(FUZZ_OBJ)
	$(AR) rcs $@ $^
fuzz/fuzz_%: tests/fuzz/fuzz_%.c fuzz/librgx.a
	$(FUZZ_CC) $(FINAL_CPPFLAGS) -std=c11 -pthread $(FUZZ_FLAGS) $(CFLAGS) -fsanitize=fuzzer $(LDFLAGS) -o $@ $< fuzz/librgx.a $(FINAL_LIBS)
fuzz: fuzz-cc $(patsubst %,fuzz/fuzz_%,$(FUZZ_NAMES))
	@sh tests/fuzz/run.sh $(FUZZ_TIME) $(FUZZ_NAMES)
fuzz-cc:
	@command -v $(FUZZ_CC) >/dev/null || { echo "make fuzz needs clang with libFuzzer: apt-get install clang"; exit 1; }

# the man page's COMMANDS section from the command table (repl/commands.def);
# make check fails when it is not current (tests/shell/man_synopsis.sh)
man: rgx
	@sh tools/man_synopsis.sh ./rgx

# valgrind over the golden sessions (make check's run, without sanitizers)
valgrind: deps
	@$(MAKE) --no-print-directory rgx
	@sh tests/valgrind.sh

demo: deps
	@$(MAKE) --no-print-directory rgx
	./rgx -q -o out -f examples/demo.rgx

# the README's picture of the demo's report (out/report.html), by headless chromium
report-figure: demo
	sh tools/report_figure.sh out/report.html manual/figures/demo_report.png

bench: rgx bench/gen bench/dgemm bench/glmnet_bench bench/validate_bench
	@sh bench/run.sh

install: rgx
	install -d $(DESTDIR)$(PREFIX)/bin $(DESTDIR)$(PREFIX)/share/man/man1
	install -m 755 rgx $(DESTDIR)$(PREFIX)/bin/rgx
	install -m 644 manual/rgx.1 $(DESTDIR)$(PREFIX)/share/man/man1/rgx.1

uninstall:
	rm -f $(DESTDIR)$(PREFIX)/bin/rgx $(DESTDIR)$(PREFIX)/share/man/man1/rgx.1

clean:
	rm -f rgx librgx.a repl/main.o $(LIB_OBJ) $(UNIT_BIN) $(UNIT_SRC:.c=.o) bench/gen bench/gen.o bench/dgemm bench/dgemm.o $(DEPS)
	rm -f bench/glmnet_bench bench/glmnet_bench.o bench/validate_bench bench/validate_bench.o
	rm -f $(REPLAY_BIN) $(FUZZ_SRC:.c=.o) tests/fuzz/replay.o
	rm -rf tests/tmp

-include $(DEPS)
