#!/bin/sh
# make valgrind: every golden session under valgrind (memcheck) — no invalid
# read or write, no use of uninitialised values, no definitely lost block.
# The output must still match the golden files.  Slow (memcheck runs code
# some 30 times slower); CI runs it after the sanitizer pass.
set -u
top=$(cd "$(dirname "$0")/.." && pwd)
command -v valgrind >/dev/null || { echo "valgrind is not installed (make deps installs it)"; exit 1; }
tmp="$top/tests/tmp/valgrind"
rm -rf "$tmp"
mkdir -p "$tmp"
pass=0
fail=0
cd "$top/tests/sessions" || exit 1
for f in *.rgx; do
    base=${f%.rgx}
    flags=$(sed -n 's/^# flags: *//p' "$f" | head -1)
    mkdir -p "$tmp/out-$base"
    # OpenBLAS's own thread pool is left alone (OPENBLAS_NUM_THREADS=1): its
    # lazily built buffers are not rgx's memory
    OPENBLAS_NUM_THREADS=1 valgrind -q --error-exitcode=99 --leak-check=full --errors-for-leak-kinds=definite \
        --log-file="$tmp/$base.vg" "$top/rgx" -q -o "$tmp/out-$base" $flags -f "$f" >"$tmp/$base.out" 2>"$tmp/$base.err"
    code=$?
    if [ $code = 99 ] || [ -s "$tmp/$base.vg" ]; then
        echo "FAIL valgrind $f:"; head -40 "$tmp/$base.vg"; fail=$((fail + 1))
    elif ! cmp -s "$tmp/$base.out" "$base.out"; then
        echo "FAIL valgrind $f: stdout differs under valgrind"; diff "$base.out" "$tmp/$base.out" | head; fail=$((fail + 1))
    else
        pass=$((pass + 1))
    fi
done
echo "valgrind: $pass sessions clean, $fail failed"
[ $fail = 0 ]
