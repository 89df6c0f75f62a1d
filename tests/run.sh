#!/bin/sh
# Run the tests and count their checks.
#
#   sh tests/run.sh [KIND…] [UNIT_BINARY…]
#
# KIND selects what runs (all of them when none is named):
#   unit      the unit binaries given as arguments (tests/unit/test_*)
#   sessions  the golden sessions (tests/sessions/*.rgx against .out/.err)
#   lessons   the workshop lessons (examples/workshop/*.rgx against tests/workshop/)
#   replay    the fuzz targets replayed over their regressions and corpora
#   shell     the shell-level tests (tests/shell/*.sh: the demo, the prompt, the manual…);
#             one that exits 77 is skipped (a tool it needs is missing), with its last line shown
# make unit / make sessions / make check call it with unit, sessions, or nothing.
#
# Ends with one line "N passed, N failed (checks in F files)": a unit binary
# counts its own checks (it prints "FILE: N checks passed, M failed",
# tests/unit/check.h); a session, a lesson, a replay and a shell test count
# one check each.  A unit binary that dies before its count, or fails with
# no failed check (a sanitizer's report at exit), adds a failed check.
#
# A session file may start with comment lines that set how it is run:
#   # exit: N          expected exit status (default 0)
#   # flags: ...       extra rgx flags (e.g. --keep-going)
#   # stdin            feed the file on standard input instead of -f
# RGX_TEST_TMP names the scratch directory (default tests/tmp, emptied first).
top=$(cd "$(dirname "$0")/.." && pwd)
RGX="$top/rgx"
pass=0
fail=0
files=0
tmp=${RGX_TEST_TMP:-$top/tests/tmp}
rm -rf "$tmp"
mkdir -p "$tmp"

kinds=
units=
for a in "$@"; do
    case $a in
        unit|sessions|lessons|replay|shell) kinds="$kinds $a " ;;
        *) units="$units $a" ;;
    esac
done
[ -n "$kinds" ] || kinds=" unit sessions lessons replay shell "
want() { case $kinds in *" $1 "*) return 0 ;; esac; return 1; }
one() {   # count one check: 0 passed, anything else failed
    files=$((files + 1))
    if [ "$1" = 0 ]; then pass=$((pass + 1)); else fail=$((fail + 1)); fi
}

cd "$top" || exit 1
want unit && for t in $units; do
    name=$(basename "$t")
    files=$((files + 1))
    case $t in /*) ;; *) t=$top/$t ;; esac
    "$t" >"$tmp/$name.log" 2>&1
    code=$?
    # the binary's own count: "FILE: N checks passed, M failed"
    counts=$(sed -n 's/^.*: \([0-9][0-9]*\) checks passed, \([0-9][0-9]*\) failed$/\1 \2/p' "$tmp/$name.log" | tail -1)
    p=${counts% *}
    f=${counts#* }
    [ -n "$counts" ] || { p=0; f=0; }
    # died before its count, or failed without a failed check: one more
    if [ $code != 0 ] && [ "$f" = 0 ]; then f=1; fi
    pass=$((pass + p))
    fail=$((fail + f))
    if [ $code != 0 ]; then
        echo "FAIL unit $name (exit $code${counts:+, $f of $((p + f)) checks failed}):"
        grep -E 'FAIL|ERROR|runtime error|Sanitizer' "$tmp/$name.log" | head -20
        [ -n "$counts" ] || tail -5 "$tmp/$name.log"
    fi
done

run_session() {   # dir file
    dir=$1
    f=$2
    base=${f%.rgx}
    code=$(sed -n 's/^# exit: *\([0-9]*\).*/\1/p' "$dir/$f" | head -1)
    flags=$(sed -n 's/^# flags: *//p' "$dir/$f" | head -1)
    [ -n "$code" ] || code=0
    rm -rf "$tmp/out-$base"
    mkdir -p "$tmp/out-$base"
    if grep -q '^# stdin' "$dir/$f"; then
        (cd "$dir" && "$RGX" -q -o "$tmp/out-$base" $flags <"$f" >"$tmp/$base.out" 2>"$tmp/$base.err")
    else
        (cd "$dir" && "$RGX" -q -o "$tmp/out-$base" $flags -f "$f" >"$tmp/$base.out" 2>"$tmp/$base.err")
    fi
    got=$?
    ok=1
    [ "$got" = "$code" ] || { echo "FAIL session $f: exit $got, expected $code"; ok=0; }
    if ! cmp -s "$tmp/$base.out" "$dir/$base.out" 2>/dev/null; then
        if [ -f "$dir/$base.out" ] || [ -s "$tmp/$base.out" ]; then
            echo "FAIL session $f: stdout differs"; diff "$dir/$base.out" "$tmp/$base.out" 2>&1 | head -20; ok=0
        fi
    fi
    exp_err="$dir/$base.err"
    if [ -f "$exp_err" ]; then
        cmp -s "$tmp/$base.err" "$exp_err" || { echo "FAIL session $f: stderr differs"; diff "$exp_err" "$tmp/$base.err" | head -20; ok=0; }
    elif [ -s "$tmp/$base.err" ]; then
        echo "FAIL session $f: unexpected stderr:"; head -5 "$tmp/$base.err"; ok=0
    fi
    [ $ok = 1 ]
    one $?
}

want sessions && for f in $(cd "$top/tests/sessions" && ls *.rgx); do
    run_session "$top/tests/sessions" "$f"
done

# the workshop lessons, run from the top as a student would, against
# tests/workshop/NAME.out and NAME.err
want lessons && for f in $(cd "$top/examples/workshop" && ls *.rgx); do
    base=${f%.rgx}
    rm -rf "$tmp/out-$base"
    mkdir -p "$tmp/out-$base"
    "$RGX" -q -o "$tmp/out-$base" -f "examples/workshop/$f" >"$tmp/$base.out" 2>"$tmp/$base.err"
    got=$?
    ok=1
    [ "$got" = 0 ] || { echo "FAIL lesson $f: exit $got"; ok=0; }
    for k in out err; do
        exp="$top/tests/workshop/$base.$k"
        if [ -f "$exp" ]; then
            sed "s|$tmp/out-$base|out|g" "$tmp/$base.$k" >"$tmp/$base.$k.n"
            cmp -s "$tmp/$base.$k.n" "$exp" || { echo "FAIL lesson $f: std$k differs"; diff "$exp" "$tmp/$base.$k.n" | head -20; ok=0; }
        elif [ -s "$tmp/$base.$k" ]; then
            echo "FAIL lesson $f: unexpected std$k (no tests/workshop/$base.$k)"; head -5 "$tmp/$base.$k"; ok=0
        fi
    done
    [ $ok = 1 ]
    one $?
done

# the fuzz targets, replayed without libFuzzer (built by make check with the
# normal compiler, under the sanitizers with SANITIZE=1): the crashes the
# fuzzer found (tests/fuzz/regress/NAME) and, for the loaders, the hostile
# and malformed corpora
want replay && for b in "$top"/tests/fuzz/replay_*; do
    [ -x "$b" ] || continue
    name=${b##*/replay_}
    set --
    [ -d "$top/tests/fuzz/regress/$name" ] && set -- "$top/tests/fuzz/regress/$name"
    case $name in table|radiomics|expression|maf|clinical|gmt) set -- "$@" "$top/tests/hostile" "$top/tests/malformed" ;; esac
    [ $# -gt 0 ] || continue
    "$b" "$@" >"$tmp/replay_$name.log" 2>&1
    code=$?
    one $code
    [ $code = 0 ] || { echo "FAIL fuzz replay $name:"; tail -15 "$tmp/replay_$name.log"; }
done

# shell-level tests (invocation, interactive prompt, atomic save…)
want shell && for t in "$top"/tests/shell/*.sh; do
    [ -f "$t" ] || continue
    RGX="$RGX" TMPDIR="$tmp" sh "$t" >"$tmp/$(basename "$t").log" 2>&1
    code=$?
    # exit 77 (automake's SKIP): a tool the test needs is missing; it says which
    [ $code = 77 ] && { echo "SKIP shell $(basename "$t"): $(tail -1 "$tmp/$(basename "$t").log")"; code=0; }
    one $code
    [ $code = 0 ] || { echo "FAIL shell $(basename "$t"):"; tail -15 "$tmp/$(basename "$t").log"; }
done

echo "$pass passed, $fail failed (checks in $files files)"
[ "$fail" = 0 ]
