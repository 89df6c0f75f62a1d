# rgx — the radiogenomics explorer.  Hand-written Makefile (see STYLE: Lua, Redis).
#   make            build ./rgx
#   make check      install missing Debian packages, build, run every test
#   make demo       install missing packages, build, run the demo
#   make bench      benchmarks (prints R's time and the ratio when R is installed)
#   make SANITIZE=1 check   the same under AddressSanitizer + UBSan

VERSION   = 0.1.0
PREFIX   ?= /usr/local
DESTDIR  ?=
CC       ?= cc
OPT      ?= -O2
CFLAGS_W  = -Wall -Wextra -Wshadow -Wstrict-prototypes -Wno-unused-parameter
PKGS      = gsl readline
CPPFLAGS += -I. -D_GNU_SOURCE -DRGX_VERSION='"$(VERSION)"' -MMD -MP
CFLAGS   ?= $(OPT) -g
CFLAGS   += -std=c11 $(CFLAGS_W) -pthread

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
CPPFLAGS += $(shell pkg-config --cflags gsl 2>/dev/null) $(BLAS_CFLAGS)
LDLIBS   += $(GSL_LIBS) $(BLAS_LIBS) $(RL_LIBS) -lcsv -lz -lm -pthread

ifeq ($(SANITIZE),1)
CFLAGS  += -fsanitize=address,undefined -fno-omit-frame-pointer -fno-sanitize-recover=undefined
LDFLAGS += -fsanitize=address,undefined
endif

STATS_SRC = $(wildcard stats/*.c)
IO_SRC    = $(wildcard io/*.c)
PLOTS_SRC = $(wildcard plots/*.c)
REPL_SRC  = $(filter-out repl/main.c,$(wildcard repl/*.c))
LIB_SRC   = $(STATS_SRC) $(IO_SRC) $(PLOTS_SRC) $(REPL_SRC)
LIB_OBJ   = $(LIB_SRC:.c=.o)
UNIT_SRC  = $(wildcard tests/unit/test_*.c)
UNIT_BIN  = $(UNIT_SRC:.c=)
DEPS      = $(LIB_OBJ:.o=.d) repl/main.d $(UNIT_SRC:.c=.d) bench/gen.d bench/dgemm.d

.PHONY: all deps check unit sessions demo bench install uninstall clean
all: rgx

librgx.a: $(LIB_OBJ)
	$(AR) rcs $@ $^

rgx: repl/main.o librgx.a
	$(CC) $(LDFLAGS) -o $@ repl/main.o librgx.a $(LDLIBS)

tests/unit/%: tests/unit/%.o librgx.a
	$(CC) $(LDFLAGS) -o $@ $< librgx.a $(LDLIBS)

bench/gen: bench/gen.o
	$(CC) $(LDFLAGS) -o $@ $< -lm

bench/dgemm: bench/dgemm.o
	$(CC) $(LDFLAGS) -o $@ $< $(LDLIBS)

deps:
	@sh tools/deps.sh

check: deps
	@$(MAKE) --no-print-directory rgx $(UNIT_BIN)
	@sh tests/run.sh $(UNIT_BIN)

demo: deps
	@$(MAKE) --no-print-directory rgx
	./rgx -q -o out -f examples/demo.rgx

bench: rgx bench/gen bench/dgemm
	@sh bench/run.sh

install: rgx
	install -d $(DESTDIR)$(PREFIX)/bin $(DESTDIR)$(PREFIX)/share/man/man1
	install -m 755 rgx $(DESTDIR)$(PREFIX)/bin/rgx
	install -m 644 manual/rgx.1 $(DESTDIR)$(PREFIX)/share/man/man1/rgx.1

uninstall:
	rm -f $(DESTDIR)$(PREFIX)/bin/rgx $(DESTDIR)$(PREFIX)/share/man/man1/rgx.1

clean:
	rm -f rgx librgx.a repl/main.o $(LIB_OBJ) $(UNIT_BIN) $(UNIT_SRC:.c=.o) bench/gen bench/gen.o bench/dgemm bench/dgemm.o $(DEPS)
	rm -rf tests/tmp

-include $(DEPS)
