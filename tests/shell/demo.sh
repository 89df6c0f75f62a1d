#!/bin/sh
# The demo (make demo) runs from start to end and writes its cohort table.
set -u
top=$(cd "$(dirname "$0")/../.." && pwd)
cd "$top" || exit 1
$RGX -q -o "$TMPDIR/demo" -f examples/demo.rgx >"$TMPDIR/demo.log" 2>&1 || { echo "FAIL: the demo failed"; tail "$TMPDIR/demo.log"; exit 1; }
[ "$(wc -l <"$TMPDIR/demo/tcga_gbm_cohort.csv")" = 391 ] || { echo "FAIL: the cohort table should have 390 patients"; exit 1; }
grep -q "mut.EGFR = 1" "$TMPDIR/demo.log" && [ -s "$TMPDIR/demo/km_tp53.png" ] || { echo "FAIL: the planted truth is not printed"; exit 1; }
echo ok
