#!/bin/sh
# rgx -e with '#' inside a word (fix2, C2): the file is called run#1.csv
# and the command after ';' runs (before: a file "run", the filter and the
# second save silently skipped).
set -u
top=$(cd "$(dirname "$0")/../.." && pwd)
fail() { echo "FAIL: $*"; exit 1; }
out="$TMPDIR/fix2_hash"
rm -rf "$out" && mkdir -p "$out"
$RGX -q -o "$out" -e "load table $top/tests/data/aSAH.tsv as t; save t to run#1.csv; filter t where age > 60; save t to after.csv" \
    >"$out/log" 2>&1 || { cat "$out/log"; fail "rgx -e failed"; }
[ -f "$out/run#1.csv" ] || fail "no run#1.csv: $(ls "$out")"
[ ! -e "$out/run" ] || fail "a file called run was written"
[ "$(wc -l <"$out/after.csv")" = 31 ] || fail "the filter did not run: $(wc -l <"$out/after.csv") lines in after.csv"
