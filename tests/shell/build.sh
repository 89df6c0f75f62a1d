#!/bin/sh
# The build and the test runner.  A user's CFLAGS, CPPFLAGS, LDFLAGS and
# LDLIBS add to the project's flags instead of replacing them (`make
# CFLAGS=-O3` used to drop -std=c11, the warnings and -pthread); make unit
# and make sessions run those parts only (they were empty targets);
# tests/run.sh runs the kinds it is given and counts checks, not files.
# (Dry runs of make: nothing is rebuilt.)
set -u
top=$(cd "$(dirname "$0")/../.." && pwd)
fail() { echo "FAIL: $*"; exit 1; }
command -v make >/dev/null || fail "make is not installed"
"$RGX" --version | grep -q '^rgx [0-9]' || fail "RGX=$RGX is not rgx"
# a make of its own, not the jobserver of the make check that runs this
m() { env -u MAKEFLAGS -u MAKELEVEL -u MFLAGS -u MAKEOVERRIDES make --no-print-directory -C "$top" -n -B "$@"; }
has() {   # LINE WORD…: every WORD is a word of LINE
    line=" $1 "
    shift
    for w in "$@"; do
        case $line in *" $w "*) ;; *) return 1 ;; esac
    done
}

cc=$(m CFLAGS=-O3 repl/format.o | grep ' -c -o repl/format.o ')
has "$cc" -std=c11 -Wall -Wextra -Wshadow -Wstrict-prototypes -pthread -I. -D_GNU_SOURCE -O3 ||
    fail "make CFLAGS=-O3 lost the project's flags: $cc"
case " $cc " in *" -O2 "*" -O3 "*) ;; *) fail "the user's -O3 does not come after the default -O2: $cc" ;; esac
cc=$(m CPPFLAGS=-DUSER_DEFINE repl/format.o | grep ' -c -o repl/format.o ')
has "$cc" -DUSER_DEFINE -I. -D_GNU_SOURCE -MMD -std=c11 || fail "make CPPFLAGS=… lost the project's flags: $cc"
ld=$(m LDFLAGS=-Wl,-O1 LDLIBS=-lrt rgx | grep ' -o rgx ')
has "$ld" -Wl,-O1 -lrt -lz -lm -pthread || fail "make LDFLAGS=… LDLIBS=… lost the project's libraries: $ld"
case " $ld " in *" -lz "*" -lrt "*) ;; *) fail "the user's LDLIBS do not come after the project's: $ld" ;; esac
cc=$(m SANITIZE=1 CFLAGS=-O1 repl/format.o | grep ' -c -o repl/format.o ')
has "$cc" -fsanitize=address,undefined -std=c11 -Wall -O1 || fail "make SANITIZE=1 CFLAGS=-O1: $cc"
ld=$(m SANITIZE=1 LDFLAGS=-Wl,-O1 rgx | grep ' -o rgx ')
has "$ld" -fsanitize=address,undefined -Wl,-O1 -lz || fail "make SANITIZE=1 LDFLAGS=…: $ld"
if command -v clang >/dev/null; then
    cc=$(m FUZZ_CC=clang CFLAGS=-g3 fuzz/obj/repl/format.o | grep ' -c -o fuzz/obj/repl/format.o ')
    has "$cc" -fsanitize=fuzzer-no-link -std=c11 -I. -D_GNU_SOURCE -g3 || fail "the fuzz build: $cc"
fi

# make unit and make sessions: tests/run.sh with that kind only
m unit | grep -q '^sh tests/run.sh unit tests/unit/test_' || fail "make unit does not run the unit tests: $(m unit | tail -3)"
m sessions | grep -q '^sh tests/run.sh sessions$' || fail "make sessions does not run the sessions: $(m sessions | tail -3)"

# tests/run.sh: only the kinds named, a unit binary's checks counted
nest="$TMPDIR/build"
rm -rf "$nest" && mkdir -p "$nest" || exit 1
printf '#!/bin/sh\necho "fake.c: 5 checks passed, 2 failed"\nexit 1\n' >"$nest/fake_fail"
printf '#!/bin/sh\necho "fake.c: 7 checks passed, 0 failed"\n' >"$nest/fake_ok"
printf '#!/bin/sh\necho "half a line"\nkill -ABRT $$\n' >"$nest/fake_crash"
printf '#!/bin/sh\necho "fake.c: 3 checks passed, 0 failed"\necho "ERROR: LeakSanitizer: detected memory leaks"\nexit 23\n' >"$nest/fake_leak"
chmod +x "$nest"/fake_*
run() { RGX_TEST_TMP="$nest/tmp" sh "$top/tests/run.sh" "$@" >"$nest/log" 2>&1; }
run unit "$nest/fake_ok" && [ "$(tail -1 "$nest/log")" = "7 passed, 0 failed (checks in 1 files)" ] ||
    fail "run.sh unit fake_ok: $(cat "$nest/log")"
run unit "$nest/fake_ok" "$nest/fake_fail" && fail "a failed check must fail run.sh"
[ "$(tail -1 "$nest/log")" = "12 passed, 2 failed (checks in 2 files)" ] || fail "run.sh counts: $(cat "$nest/log")"
grep -q "^FAIL unit fake_fail (exit 1, 2 of 7 checks failed)" "$nest/log" || fail "run.sh's report: $(cat "$nest/log")"
run unit "$nest/fake_crash" && fail "a crash must fail run.sh"
[ "$(tail -1 "$nest/log")" = "0 passed, 1 failed (checks in 1 files)" ] || fail "a crash: $(cat "$nest/log")"
run unit "$nest/fake_leak" && fail "a leak reported at exit must fail run.sh"
[ "$(tail -1 "$nest/log")" = "3 passed, 1 failed (checks in 1 files)" ] || fail "a leak: $(cat "$nest/log")"
# a real unit binary, when built: its own count
if [ -x "$top/tests/unit/test_barcode" ]; then
    "$top/tests/unit/test_barcode" >"$nest/own" 2>&1 || fail "test_barcode fails"
    n=$(sed -n 's/.*: \([0-9]*\) checks passed, 0 failed$/\1/p' "$nest/own")
    [ -n "$n" ] && [ "$n" -gt 1 ] || fail "test_barcode's count: $(cat "$nest/own")"
    run unit tests/unit/test_barcode && [ "$(tail -1 "$nest/log")" = "$n passed, 0 failed (checks in 1 files)" ] ||
        fail "run.sh unit test_barcode: $(cat "$nest/log")"
fi
echo ok
