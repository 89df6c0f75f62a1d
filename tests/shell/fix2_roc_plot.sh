#!/bin/sh
# plot roc marks the same Youden-best points as coords (fix2, A4): both
# come from stats' roc_best.  On a curve entirely below the diagonal
# (tests/data/roc_reversed.csv with direction '<', AUC 0) coords lists
# the curve's ends, thresholds -Inf (1 - sp = 1, se = 1) and Inf (0, 0),
# as pROC's coords does (tests/reference/roc_coords.R, "reversed"); the
# figure used to mark a finite threshold of its own choosing instead.
set -u
top=$(cd "$(dirname "$0")/../.." && pwd)
fail() { echo "FAIL: $*"; exit 1; }
command -v gnuplot >/dev/null || fail "gnuplot is not installed (make deps installs gnuplot-nox)"
out="$TMPDIR/fix2_roc_plot"
rm -rf "$out" && mkdir -p "$out"
$RGX -q -o "$out" -e "load table $top/tests/data/roc_reversed.csv as t; roc y x in t direction=<; coords roc1 as co; save co to co.tsv; plot roc roc1 to r.png" >"$out/log" 2>&1 ||
    { cat "$out/log"; fail "the session failed"; }
# coords' points as (1 - specificity, sensitivity)
want=$(awk -F'\t' 'NR > 1 { printf "%s %s\n", 1 - $4, $3 }' "$out/co.tsv")
[ "$want" = "$(printf '1 1\n0 0')" ] || fail "coords: $want"
# the figure's marks: the third block of r.dat (the curve, its empty band, the marks)
got=$(awk 'BEGIN { RS = "" } NR == 3 { print }' "$out/r.dat" | awk '{ printf "%g %g\n", $1, $2 }')
[ "$got" = "$want" ] || fail "the figure marks $got where coords lists $want"
