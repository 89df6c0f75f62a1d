#!/bin/sh
# The demo (make demo) runs from start to end in a few seconds, prints what
# tests/shell/demo.expected holds (the output directory shown as out/), and
# writes every figure and table it announces.
set -u
top=$(cd "$(dirname "$0")/../.." && pwd)
cd "$top" || exit 1
out="$TMPDIR/demo"
rm -rf "$out"
$RGX -q -o "$out" -f examples/demo.rgx >"$TMPDIR/demo.log" 2>&1 || { echo "FAIL: the demo failed"; tail "$TMPDIR/demo.log"; exit 1; }
sed "s|$out|out|g" "$TMPDIR/demo.log" >"$TMPDIR/demo.got"
diff "$top/tests/shell/demo.expected" "$TMPDIR/demo.got" || { echo "FAIL: the demo's output differs"; exit 1; }
for f in map_heatmap map_volcano egfr_screen egfr_roc subtypes_pac subtypes_cdf subtypes_k4 km_subtype; do
    [ "$(head -c 4 "$out/$f.png" | od -An -c | tr -d ' \n')" = "211PNG" ] || { echo "FAIL: $f.png is not a PNG"; exit 1; }
done
[ "$(wc -l <"$out/tcga_gbm_cohort.csv")" = 391 ] || { echo "FAIL: the cohort table should have 390 patients"; exit 1; }
[ "$(wc -l <"$out/radiogenomic_map.csv")" = 42001 ] || { echo "FAIL: the map should have 50 x 840 pairs"; exit 1; }
echo ok
